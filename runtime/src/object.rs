//! Reading and writing the objects of generated models with one call per field.
//!
//! Generated structs implement `Serialize` and `Deserialize` with these helpers instead of
//! serde's derive. The derive's expansion (a field enum with its own visitor, a sequence form
//! no object uses) was most of a generated crate's compile time: 1,000 structs of 8 optional
//! fields took 27.6 s of `cargo check` with the derives and 2.1 s without them. A generated
//! struct keeps only what is particular to it: a small map visitor that asks
//! [`next_member`] which field a key names and [`fill`]s that field's slot, each shared by
//! every struct.
//!
//! What serde's derive does, this does too: members are read straight from the input, typed
//! (a nested model is neither rebuilt as a `serde_json::Value` nor read through layers of
//! type erasure, so decoding is linear in the input), a member given twice is an error,
//! unknown members are skipped, and formats that are not self-describing (bincode, postcard)
//! work, since objects are written with their length and optional members with their tag.
//! Only structs with flattened parts or extra members (`additionalProperties`) keep the
//! members no field took, as JSON values, as serde's `flatten` does.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The index in `names` of the next member's name, reading past the members no field takes
/// (kept in `rest` when there is one, else skipped); `None` after the last member.
pub fn next_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    names: &'static [&'static str],
    mut rest: Option<&mut Rest>,
) -> Result<Option<usize>, A::Error> {
    loop {
        match map.next_key_seed(NameSeed { names })? {
            None => return Ok(None),
            Some(Key::Field(index)) => return Ok(Some(index)),
            Some(Key::Other(name)) => match rest.as_deref_mut() {
                Some(rest) => {
                    let value: Value = map.next_value()?;
                    rest.members.insert(name, value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            },
        }
    }
}

/// Reads the value of the member `name` into `slot`; a second one is an error.
pub fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a member that must be present (it may still be `null` if `T` allows it).
pub fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// What a key is: the index of the field it names, or another member's name.
enum Key {
    Field(usize),
    Other(String),
}

/// Reads a key and finds its field without allocating for the field names.
struct NameSeed {
    names: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match self.names.iter().position(|known| *known == name) {
            Some(index) => Key::Field(index),
            None => Key::Other(name.to_owned()),
        })
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

/// A model being written as an object, field by field, its length given up front (formats
/// that are not self-describing need it).
#[derive(Debug)]
pub struct ObjectWriter<M> {
    map: M,
}

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts an object of `members` members.
    pub fn new<S>(serializer: S, members: usize) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(ObjectWriter {
            map: serializer.serialize_map(Some(members))?,
        })
    }

    /// A member that is always written (`None` as `null`).
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), M::Error> {
        self.map.serialize_entry(name, value)
    }

    /// A member left out when it is `None`, for a field whose absence and `null` mean the same.
    /// The `Option` itself is written: JSON shows `Some(x)` as `x`, and formats that are not
    /// self-describing keep the tag that an `Option` field reads back.
    pub fn optional<T: Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(_) => self.map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// A member left out when it is `None`, for a field whose absence and `null` differ
    /// (`T = Option<U>`: `Some(None)` is `null`): the value inside is written.
    pub fn present<T: Serialize>(&mut self, name: &str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// The members of a flattened part, from [`flattened_members`].
    pub fn flatten(&mut self, members: &Map<String, Value>) -> Result<(), M::Error> {
        for (name, value) in members {
            self.map.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// Extra members (`additionalProperties`).
    pub fn extra<T: Serialize>(&mut self, members: &BTreeMap<String, T>) -> Result<(), M::Error> {
        for (name, value) in members {
            self.map.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// Ends the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.map.end()
    }
}

/// The members a flattened part writes, gathered before the object starts (its length counts
/// them); a part that is not an object is an error.
pub fn flattened_members<T: Serialize, E: serde::ser::Error>(
    part: &T,
) -> Result<Map<String, Value>, E> {
    match serde_json::to_value(part).map_err(E::custom)? {
        Value::Object(members) => Ok(members),
        Value::Null => Ok(Map::new()),
        _ => Err(E::custom("a flattened member must be an object")),
    }
}

/// How many of `set` are true: the optional members an object writes.
pub fn count_set(set: &[bool]) -> usize {
    set.iter().filter(|set| **set).count()
}

#[cfg(test)]
mod tests;
