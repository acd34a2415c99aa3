//! Reading and writing the objects of generated models with one call per field.
//!
//! Generated structs implement `Serialize` and `Deserialize` through these items instead of
//! serde's derive. The derive's expansion (a field enum, a visitor per struct, a sequence form
//! no object uses) was most of a generated crate's compile time: 1,000 structs of 8 optional
//! fields took 27.6 s of `cargo check` with the derives and 2.1 s without them. Here one
//! visitor serves every struct: each field is a [`Member`] slot, filled through a type-erased
//! deserializer (`erased-serde`), so a struct costs one small function, not a visitor.
//!
//! What serde's derive does, this does too: members are read straight from the input (a nested
//! model is not rebuilt as a `serde_json::Value` first, so decoding is linear in the input), a
//! member given twice is an error, unknown members are skipped, and formats that are not
//! self-describing (bincode, postcard) work, since objects are written with their length and
//! read as maps. Only structs with flattened parts or extra members (`additionalProperties`)
//! keep the members no field took as JSON values, as serde's `flatten` does.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The place one field of a model is read into: filled at most once.
pub trait Slot {
    /// The member's name on the wire.
    fn name(&self) -> &'static str;
    /// Whether the member was read already (a second one is an error).
    fn is_filled(&self) -> bool;
    /// Reads the member's value.
    fn fill(&mut self, value: &mut dyn erased_serde::Deserializer<'_>) -> Result<(), String>;
}

/// A field being read: empty until its member arrives.
#[derive(Debug)]
pub struct Member<T> {
    name: &'static str,
    value: Option<T>,
}

impl<T> Member<T> {
    pub fn new(name: &'static str) -> Self {
        Member { name, value: None }
    }

    /// The value of a member that must be present (it may still be `null` if `T` allows it).
    pub fn required<E: serde::de::Error>(self) -> Result<T, E> {
        self.value.ok_or_else(|| E::missing_field(self.name))
    }

    /// Absent is `None`, present is `Some(value)` (with `T = Option<U>`, `null` is
    /// `Some(None)`): for members whose absence and `null` differ.
    pub fn present(self) -> Option<T> {
        self.value
    }
}

impl<T> Member<Option<T>> {
    /// A member that may be absent or `null`: both are `None`.
    pub fn optional(self) -> Option<T> {
        self.value.flatten()
    }
}

impl<T: DeserializeOwned> Slot for Member<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn is_filled(&self) -> bool {
        self.value.is_some()
    }

    fn fill(&mut self, value: &mut dyn erased_serde::Deserializer<'_>) -> Result<(), String> {
        let read = erased_serde::deserialize::<T>(value)
            .map_err(|error| format!("member `{}`: {error}", self.name))?;
        self.value = Some(read);
        Ok(())
    }
}

/// Reads an object into `fields`; members no field takes are skipped. Anything but an object
/// (a map) is an error, as is a member given twice.
pub fn read_object<'de, D: Deserializer<'de>>(
    deserializer: D,
    fields: &mut [&mut dyn Slot],
) -> Result<(), D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        fields,
        keep_rest: false,
    })?;
    Ok(())
}

/// [`read_object`], keeping the members no field takes (in their order), for flattened parts
/// and extra members.
pub fn read_object_keeping_rest<'de, D: Deserializer<'de>>(
    deserializer: D,
    fields: &mut [&mut dyn Slot],
) -> Result<Rest, D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        fields,
        keep_rest: true,
    })
}

struct ObjectVisitor<'a, 'f> {
    fields: &'a mut [&'f mut dyn Slot],
    keep_rest: bool,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_> {
    type Value = Rest;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rest, A::Error> {
        let mut rest = Map::new();
        loop {
            let names = NameSeed {
                fields: &*self.fields,
            };
            let Some(key) = map.next_key_seed(names)? else {
                break;
            };
            match key {
                Key::Field(index) => {
                    let slot = &mut *self.fields[index];
                    if slot.is_filled() {
                        return Err(A::Error::duplicate_field(slot.name()));
                    }
                    map.next_value_seed(SlotSeed { slot })?;
                }
                Key::Other(name) if self.keep_rest => {
                    let value: Value = map.next_value()?;
                    rest.insert(name, value);
                }
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Rest { members: rest })
    }
}

/// What a key is: the index of the field it names, or another member's name.
enum Key {
    Field(usize),
    Other(String),
}

/// Reads a key and finds its field without allocating for the field names.
struct NameSeed<'a, 'f> {
    fields: &'a [&'f mut dyn Slot],
}

impl<'de> DeserializeSeed<'de> for NameSeed<'_, '_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(
            match self.fields.iter().position(|field| field.name() == name) {
                Some(index) => Key::Field(index),
                None => Key::Other(name.to_owned()),
            },
        )
    }
}

/// Reads a member's value into its slot, through a type-erased deserializer, so that this
/// seed (and the visitor above) are compiled once for all models.
struct SlotSeed<'a> {
    slot: &'a mut dyn Slot,
}

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.slot.fill(&mut erased).map_err(D::Error::custom)
    }
}

/// The members of an object that no field took, as JSON values, in their order.
#[derive(Debug, Default)]
pub struct Rest {
    members: Map<String, Value>,
}

impl Rest {
    /// A flattened part, read from the members left; the members it names (`names`: those
    /// of its fields, and of its variants' fields; `None`: every member, for a part that keeps
    /// any) stop being left, whatever their value, so that [`Rest::extra`] does not keep them
    /// too.
    pub fn flattened<T: DeserializeOwned, E: serde::de::Error>(
        &mut self,
        names: Option<&[&str]>,
    ) -> Result<T, E> {
        let value = T::deserialize(Value::Object(self.members.clone()))
            .map_err(|error| E::custom(format_args!("flattened part: {error}")))?;
        match names {
            Some(names) => {
                for name in names {
                    self.members.remove(*name);
                }
            }
            None => self.members.clear(),
        }
        Ok(value)
    }

    /// Every member no field and no flattened part took (`additionalProperties`).
    pub fn extra<T: DeserializeOwned, E: serde::de::Error>(self) -> Result<BTreeMap<String, T>, E> {
        self.members
            .into_iter()
            .map(|(name, value)| {
                let read = T::deserialize(value)
                    .map_err(|error| E::custom(format_args!("member `{name}`: {error}")))?;
                Ok((name, read))
            })
            .collect()
    }
}

/// A model being written as an object, field by field: the members are gathered first, so
/// the object is written with its length (which formats that are not self-describing need).
#[derive(Default)]
pub struct ObjectWriter<'a> {
    members: Vec<(MemberName<'a>, MemberValue<'a>)>,
    /// A flattened part that is not an object, if any: an error when the object is written.
    error: Option<String>,
}

enum MemberName<'a> {
    Field(&'a str),
    Other(String),
}

enum MemberValue<'a> {
    Field(&'a dyn erased_serde::Serialize),
    Other(Value),
}

impl fmt::Debug for ObjectWriter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectWriter")
            .field("members", &self.members.len())
            .finish_non_exhaustive()
    }
}

impl<'a> ObjectWriter<'a> {
    pub fn new() -> Self {
        ObjectWriter::default()
    }

    /// A member that is always written (`None` as `null`).
    pub fn field<T: Serialize>(&mut self, name: &'a str, value: &'a T) {
        self.members
            .push((MemberName::Field(name), MemberValue::Field(value)));
    }

    /// A member left out when it is `None`, for a field whose absence and `null` mean the same.
    /// The `Option` itself is written: JSON shows `Some(x)` as `x`, and formats that are not
    /// self-describing keep the tag that [`Member::optional`] reads back.
    pub fn optional<T: Serialize>(&mut self, name: &'a str, value: &'a Option<T>) {
        if value.is_some() {
            self.field(name, value);
        }
    }

    /// A member left out when it is `None`, for a field whose absence and `null` differ
    /// (`T = Option<U>`: `Some(None)` is `null`): the value inside is written, which
    /// [`Member::present`] reads back.
    pub fn present<T: Serialize>(&mut self, name: &'a str, value: &'a Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// The members of a flattened value, at this level.
    pub fn flatten<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Object(members)) => {
                for (name, value) in members {
                    self.members
                        .push((MemberName::Other(name), MemberValue::Other(value)));
                }
            }
            Ok(Value::Null) => {}
            Ok(_) => {
                self.error
                    .get_or_insert_with(|| "a flattened member must be an object".to_owned());
            }
            Err(error) => {
                self.error.get_or_insert_with(|| error.to_string());
            }
        }
    }

    /// Extra members (`additionalProperties`).
    pub fn extra<T: Serialize>(&mut self, members: &'a BTreeMap<String, T>) {
        for (name, value) in members {
            self.members
                .push((MemberName::Field(name), MemberValue::Field(value)));
        }
    }

    /// Writes the object.
    pub fn end<S: Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(error) = self.error {
            return Err(S::Error::custom(error));
        }
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for (name, value) in &self.members {
            let name = match name {
                MemberName::Field(name) => name,
                MemberName::Other(name) => name.as_str(),
            };
            match value {
                MemberValue::Field(value) => map.serialize_entry(name, value)?,
                MemberValue::Other(value) => map.serialize_entry(name, value)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests;
