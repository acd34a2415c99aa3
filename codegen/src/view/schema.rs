//! Schema objects, typed: the keywords lowering reads, found in one pass over the keys.
//!
//! `openapiv3::Schema` cannot serve here (see `ARCHITECTURE.md`): its `ReferenceOr` drops
//! the keys written beside a `$ref` (`nullable`, `description`), and its untagged
//! `SchemaKind` moves the upstream mistakes we tolerate with a warning (`type: date-time`,
//! booleans in a string enum, string defaults on booleans) into `AnySchema` or rejects them.

use serde_json::{Map, Value};

use crate::error::{Error, Location};

/// One schema object, its keywords read through typed accessors. It holds only a reference to
/// the mapping, so the recursion of lowering (as deep as `MAX_SCHEMA_NESTING`) keeps small
/// stack frames. Values that are data, not keywords (`enum` members, `default`, `example`,
/// the members of `properties`), stay JSON.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchemaObject<'s> {
    object: &'s Map<String, Value>,
}

/// `additionalProperties`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) enum AdditionalProperties<'s> {
    /// Absent, `false`, or not a schema: no other members.
    #[default]
    None,
    /// `true` or `{}`: other members of any type.
    Any,
    /// Other members, of this schema.
    Schema(&'s Value),
}

/// `discriminator`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Discriminator<'s> {
    pub(crate) property_name: Option<&'s str>,
    /// `mapping`: discriminator value → `$ref` (or schema name); values are checked by
    /// lowering, which names the place of a wrong one.
    pub(crate) mapping: Option<&'s Map<String, Value>>,
}

impl<'s> SchemaObject<'s> {
    /// The schema at `location`; an error if it is not a mapping.
    pub(crate) fn read(location: &Location, value: &'s Value) -> Result<Self, Error> {
        Self::of(value).ok_or_else(|| Error::invalid(location, "expected a schema object"))
    }

    /// The schema `value` is, if it is a mapping.
    pub(crate) fn of(value: &'s Value) -> Option<Self> {
        Some(SchemaObject {
            object: value.as_object()?,
        })
    }

    fn get(&self, keyword: &str) -> Option<&'s Value> {
        self.object.get(keyword)
    }

    fn flag(&self, keyword: &str) -> bool {
        self.get(keyword).and_then(Value::as_bool).unwrap_or(false)
    }

    fn list(&self, keyword: &str) -> Option<&'s [Value]> {
        self.get(keyword)?.as_array().map(Vec::as_slice)
    }

    /// `$ref`, as written.
    pub(crate) fn reference(&self) -> Option<&'s str> {
        self.get("$ref")?.as_str()
    }

    /// `nullable: true` (OpenAPI 3.0), or `null` among the `type`s (3.1: `[string, 'null']`).
    pub(crate) fn nullable(&self) -> bool {
        self.flag("nullable") || self.types().any(|name| name == "null")
    }

    /// The names `type` lists: one for a string, each string of a list (OpenAPI 3.1).
    fn types(&self) -> impl Iterator<Item = &'s str> {
        let (single, listed) = match self.get("type") {
            Some(Value::String(name)) => (Some(name.as_str()), None),
            Some(Value::Array(names)) => (None, Some(names.iter().filter_map(Value::as_str))),
            _ => (None, None),
        };
        single.into_iter().chain(listed.into_iter().flatten())
    }

    /// Whether the schema allows only `null` (`type: 'null'`, OpenAPI 3.1): a `oneOf` part
    /// that makes the others nullable.
    pub(crate) fn is_null_only(&self) -> bool {
        self.has_type() && self.types().all(|name| name == "null")
    }

    fn has_type(&self) -> bool {
        self.get("type").is_some()
    }

    pub(crate) fn read_only(&self) -> bool {
        self.flag("readOnly")
    }

    pub(crate) fn deprecated(&self) -> bool {
        self.flag("deprecated")
    }

    /// Trimmed; absent when blank.
    pub(crate) fn title(&self) -> Option<&'s str> {
        self.get("title").and_then(trimmed)
    }

    /// Trimmed; absent when blank.
    pub(crate) fn description(&self) -> Option<&'s str> {
        self.get("description").and_then(trimmed)
    }

    pub(crate) fn format(&self) -> Option<&'s str> {
        self.get("format")?.as_str()
    }

    pub(crate) fn all_of(&self) -> Option<&'s [Value]> {
        self.list("allOf")
    }

    pub(crate) fn one_of(&self) -> Option<&'s [Value]> {
        self.list("oneOf")
    }

    pub(crate) fn any_of(&self) -> Option<&'s [Value]> {
        self.list("anyOf")
    }

    /// `enum` alone, without `const`.
    pub(crate) fn list_enum(&self) -> Option<&'s [Value]> {
        self.list("enum")
    }

    /// `enum`, or a `const` (OpenAPI 3.1) as the one value of an enum.
    pub(crate) fn enumeration(&self) -> Option<&'s [Value]> {
        self.list("enum")
            .or_else(|| self.constant().map(std::slice::from_ref))
    }

    pub(crate) fn default(&self) -> Option<&'s Value> {
        self.get("default")
    }

    pub(crate) fn example(&self) -> Option<&'s Value> {
        self.get("example")
    }

    /// `const` (JSON Schema, OpenAPI 3.1): the one value allowed.
    pub(crate) fn constant(&self) -> Option<&'s Value> {
        self.get("const")
    }

    /// `contentMediaType` (OpenAPI 3.1): the media type of a string's content.
    pub(crate) fn content_media_type(&self) -> Option<&'s str> {
        self.get("contentMediaType")?.as_str()
    }

    /// `contentEncoding` (OpenAPI 3.1): how a string encodes its content (`base64`).
    pub(crate) fn content_encoding(&self) -> Option<&'s str> {
        self.get("contentEncoding")?.as_str()
    }

    /// `prefixItems` (OpenAPI 3.1): the items of a tuple, each with its own schema.
    pub(crate) fn has_prefix_items(&self) -> bool {
        self.get("prefixItems").is_some()
    }

    /// `example`, and the items of `examples` (a list in OpenAPI 3.1's JSON Schema).
    pub(crate) fn examples(&self) -> Vec<Value> {
        let listed = self.list("examples").unwrap_or_default();
        self.example().into_iter().chain(listed).cloned().collect()
    }

    pub(crate) fn maximum(&self) -> Option<i64> {
        self.get("maximum")?.as_i64()
    }

    pub(crate) fn properties(&self) -> Option<&'s Map<String, Value>> {
        self.get("properties")?.as_object()
    }

    pub(crate) fn items(&self) -> Option<&'s Value> {
        self.get("items")
    }

    pub(crate) fn additional_properties(&self) -> AdditionalProperties<'s> {
        match self.get("additionalProperties") {
            Some(Value::Bool(true)) => AdditionalProperties::Any,
            Some(Value::Object(members)) if members.is_empty() => AdditionalProperties::Any,
            Some(value @ Value::Object(_)) => AdditionalProperties::Schema(value),
            _ => AdditionalProperties::None,
        }
    }

    /// Whether `keyword` is present at all, whatever its value (a `properties: null` still
    /// counts).
    pub(crate) fn has(&self, keyword: Keyword) -> bool {
        self.object.contains_key(keyword.as_str())
    }

    /// `type`, but for `null` (which [`SchemaObject::nullable`] reads): `Ok(None)` when absent
    /// or only `null`, `Err` with the value when it names several types (OpenAPI 3.1's
    /// `type: [string, integer]`) or is not a string or a list of strings.
    pub(crate) fn declared_type(&self) -> Result<Option<&'s str>, &'s Value> {
        let Some(value) = self.get("type") else {
            return Ok(None);
        };
        if let Value::Array(names) = value {
            if names.iter().any(|name| !name.is_string()) {
                return Err(value);
            }
        } else if !value.is_string() {
            return Err(value);
        }
        let mut names = self.types().filter(|name| *name != "null");
        match (names.next(), names.next()) {
            (first, None) => Ok(first),
            (_, Some(_)) => Err(value),
        }
    }

    /// The one type `type` names (but for `null`); anything else reads as absent.
    pub(crate) fn type_name(&self) -> Option<&'s str> {
        self.declared_type().ok().flatten()
    }

    /// The names listed in `required` (entries that are not strings are skipped).
    pub(crate) fn required(&self) -> impl Iterator<Item = &'s str> {
        self.list("required")
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    pub(crate) fn discriminator(&self) -> Option<Discriminator<'s>> {
        let object = self.get("discriminator")?.as_object()?;
        Some(Discriminator {
            property_name: object.get("propertyName").and_then(Value::as_str),
            mapping: object.get("mapping").and_then(Value::as_object),
        })
    }

    /// Only annotates (`nullable`, `description`, `example`, ...) and adds no shape.
    pub(crate) fn is_annotation_only(&self) -> bool {
        const SHAPE_KEYWORDS: &[&str] = &[
            "$ref",
            "type",
            "properties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
            "enum",
            "additionalProperties",
            "required",
        ];
        !SHAPE_KEYWORDS
            .iter()
            .any(|keyword| self.object.contains_key(*keyword))
    }
}

/// Keywords whose mere presence lowering asks about ([`SchemaObject::has`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    Properties,
    AllOf,
    OneOf,
    AnyOf,
    Enum,
    AdditionalProperties,
    Not,
}

impl Keyword {
    fn as_str(self) -> &'static str {
        match self {
            Keyword::Properties => "properties",
            Keyword::AllOf => "allOf",
            Keyword::OneOf => "oneOf",
            Keyword::AnyOf => "anyOf",
            Keyword::Enum => "enum",
            Keyword::AdditionalProperties => "additionalProperties",
            Keyword::Not => "not",
        }
    }
}

/// A text value, trimmed; absent when not a string or blank.
pub(crate) fn trimmed(value: &Value) -> Option<&str> {
    let text = value.as_str()?.trim();
    (!text.is_empty()).then_some(text)
}
