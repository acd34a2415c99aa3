//! The document, path items, operations, parameters, bodies and responses, typed.
//!
//! Each `*Object` is read from the JSON at a known location in one pass over its keys; what
//! it cannot tell (a missing `name`, an `in` that is not a location) lowering reports with
//! that location, as before.

use serde_json::{Map, Value};

use super::schema::trimmed;
use crate::error::{Error, Location};

/// The root document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocumentObject<'s> {
    /// `openapi`, when it is a string.
    pub(crate) openapi: Option<&'s str>,
    pub(crate) info: Option<&'s Map<String, Value>>,
    /// The `url` of the first server.
    pub(crate) server_url: Option<&'s str>,
    /// Document-wide `security`, read by [`security_requirements`].
    pub(crate) security: Option<&'s Value>,
    /// `webhooks` (OpenAPI 3.1): requests the API sends, which a client does not generate.
    pub(crate) webhooks: Option<&'s Map<String, Value>>,
    tags: Option<&'s [Value]>,
}

impl<'s> DocumentObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        DocumentObject {
            openapi: object.get("openapi").and_then(Value::as_str),
            info: object.get("info").and_then(Value::as_object),
            server_url: object
                .get("servers")
                .and_then(Value::as_array)
                .and_then(|servers| servers.first())
                .and_then(|server| server.get("url"))
                .and_then(Value::as_str),
            security: object.get("security"),
            webhooks: object.get("webhooks").and_then(Value::as_object),
            tags: object
                .get("tags")
                .and_then(Value::as_array)
                .map(Vec::as_slice),
        }
    }

    /// The declared tags with a name: (name, description).
    pub(crate) fn tags(&self) -> impl Iterator<Item = (&'s str, Option<&'s str>)> {
        self.tags.into_iter().flatten().filter_map(|tag| {
            let name = tag.get("name")?.as_str()?;
            Some((name, tag.get("description").and_then(trimmed)))
        })
    }
}

/// `info`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InfoObject<'s> {
    pub(crate) title: Option<&'s str>,
    pub(crate) version: Option<&'s str>,
    pub(crate) description: Option<&'s str>,
    /// The license as an SPDX expression: 3.1's `license.identifier`, or a `license.name`
    /// that reads as one (`MIT`, `Apache-2.0`, `MIT OR Apache-2.0`); `None` otherwise.
    pub(crate) license: Option<&'s str>,
}

impl<'s> InfoObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        InfoObject {
            title: object.get("title").and_then(trimmed),
            version: object.get("version").and_then(trimmed),
            description: object.get("description").and_then(trimmed),
            license: object
                .get("license")
                .and_then(Value::as_object)
                .and_then(|license| {
                    license
                        .get("identifier")
                        .and_then(trimmed)
                        .or_else(|| license.get("name").and_then(trimmed))
                        .filter(|expression| is_spdx_expression(expression))
                }),
        }
    }
}

/// Whether `text` looks like an SPDX license expression: ids of letters, digits, `.`, `-` and
/// `+`, joined by `OR`, `AND` or `WITH`, as Cargo's `license` field wants. A name such as
/// "Apache 2.0" or "Proprietary license" is not one.
fn is_spdx_expression(text: &str) -> bool {
    let mut words = text.split(' ');
    let is_id = |word: &str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            && word.chars().any(|c| c.is_ascii_alphabetic())
    };
    let Some(first) = words.next() else {
        return false;
    };
    if !is_id(first) {
        return false;
    }
    loop {
        match (words.next(), words.next()) {
            (None, _) => return true,
            (Some("OR" | "AND" | "WITH"), Some(id)) if is_id(id) => {}
            _ => return false,
        }
    }
}

/// A path item: its shared parameters and its operations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathItemObject<'s> {
    object: &'s Map<String, Value>,
}

impl<'s> PathItemObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        PathItemObject { object }
    }

    /// Where each entry of the item's `parameters` is written.
    pub(crate) fn parameter_locations(&self, item: &Location) -> Vec<Location> {
        parameter_locations(self.object, item)
    }

    /// The operation under the method key `method` (`get`, `post`, ...).
    pub(crate) fn operation(&self, method: &str) -> Option<&'s Value> {
        self.object.get(method)
    }
}

fn parameter_locations(object: &Map<String, Value>, at: &Location) -> Vec<Location> {
    object
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| {
            (0..list.len())
                .map(|index| at.join("parameters").join(&index.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The keys under which an operation keeps what lowering reads separately.
pub(crate) const REQUEST_BODY: &str = "requestBody";
pub(crate) const RESPONSES: &str = "responses";
pub(crate) const SECURITY: &str = "security";

/// An operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OperationObject<'s> {
    object: &'s Map<String, Value>,
    /// `operationId`, trimmed; absent when blank.
    pub(crate) operation_id: Option<&'s str>,
    pub(crate) summary: Option<&'s str>,
    pub(crate) description: Option<&'s str>,
    pub(crate) deprecated: bool,
    pub(crate) has_request_body: bool,
    /// The operation's own `security`, read by [`security_requirements`].
    pub(crate) security: Option<&'s Value>,
}

impl<'s> OperationObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        OperationObject {
            object,
            operation_id: object.get("operationId").and_then(trimmed),
            summary: object.get("summary").and_then(trimmed),
            description: object.get("description").and_then(trimmed),
            deprecated: flag(object, "deprecated"),
            has_request_body: object.contains_key(REQUEST_BODY),
            security: object.get(SECURITY),
        }
    }

    /// The operation's tags (entries that are not strings are skipped); `value` need not be a
    /// mapping.
    pub(crate) fn tags_of(value: &'s Value) -> Vec<&'s str> {
        value
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| tags.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Where each entry of the operation's `parameters` is written.
    pub(crate) fn parameter_locations(&self, operation: &Location) -> Vec<Location> {
        parameter_locations(self.object, operation)
    }
}

/// `security`: `[{ scheme: [scope, ...] }, ...]` as (scheme, scopes) pairs; scopes that are not
/// strings are skipped.
pub(crate) fn security_requirements(
    location: &Location,
    value: &Value,
) -> Result<Vec<(String, Vec<String>)>, Error> {
    let items = value
        .as_array()
        .ok_or_else(|| Error::invalid(location, "`security` must be a list"))?;
    let mut requirements = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let schemes = item.as_object().ok_or_else(|| {
            Error::invalid(
                &location.join(&index.to_string()),
                "a security requirement must be a mapping",
            )
        })?;
        for (scheme, scopes) in schemes {
            let scopes = scopes
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            requirements.push((scheme.clone(), scopes));
        }
    }
    Ok(requirements)
}

/// A parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParameterObject<'s> {
    pub(crate) name: Option<&'s str>,
    /// `in`, as written.
    pub(crate) location: Option<&'s str>,
    pub(crate) required: bool,
    pub(crate) explode: Option<bool>,
    pub(crate) style: Option<&'s str>,
    pub(crate) description: Option<&'s str>,
    pub(crate) deprecated: bool,
    /// `schema`, as written (perhaps a `$ref`).
    pub(crate) schema: Option<&'s Value>,
    /// `content`: the one media type the value is written in, instead of a `schema` and a
    /// style.
    pub(crate) content: Option<&'s Map<String, Value>>,
    object: &'s Map<String, Value>,
}

/// The key of a parameter's schema.
pub(crate) const SCHEMA: &str = "schema";

impl<'s> ParameterObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        ParameterObject {
            name: object.get("name").and_then(Value::as_str),
            location: object.get("in").and_then(Value::as_str),
            required: flag(object, "required"),
            explode: object.get("explode").and_then(Value::as_bool),
            style: object.get("style").and_then(Value::as_str),
            description: object.get("description").and_then(trimmed),
            deprecated: flag(object, "deprecated"),
            schema: object.get(SCHEMA),
            content: object.get(CONTENT).and_then(Value::as_object),
            object,
        }
    }

    /// `example`, else the first of `examples`.
    pub(crate) fn example(&self) -> Option<Value> {
        example_of(self.object)
    }
}

/// A request body or a response: what carries `content`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyObject<'s> {
    pub(crate) required: bool,
    pub(crate) description: Option<&'s str>,
    /// `content`: media type → media type object.
    pub(crate) content: Option<&'s Map<String, Value>>,
    /// A response's `headers`: name → header (or `$ref`).
    pub(crate) headers: Option<&'s Map<String, Value>>,
}

/// The keys under which a body and a response keep their parts.
pub(crate) const CONTENT: &str = "content";
pub(crate) const HEADERS: &str = "headers";

impl<'s> BodyObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        BodyObject {
            required: flag(object, "required"),
            description: object.get("description").and_then(trimmed),
            content: object.get(CONTENT).and_then(Value::as_object),
            headers: object.get(HEADERS).and_then(Value::as_object),
        }
    }
}

/// One entry of `content`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MediaTypeObject<'s> {
    pub(crate) has_schema: bool,
    object: Option<&'s Map<String, Value>>,
}

impl<'s> MediaTypeObject<'s> {
    pub(crate) fn read(value: &'s Value) -> Self {
        MediaTypeObject {
            has_schema: value.get(SCHEMA).is_some(),
            object: value.as_object(),
        }
    }

    /// `example`, else the first of `examples`.
    pub(crate) fn example(&self) -> Option<Value> {
        example_of(self.object?)
    }
}

/// A response header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeaderObject<'s> {
    pub(crate) description: Option<&'s str>,
}

impl<'s> HeaderObject<'s> {
    pub(crate) fn read(object: &'s Map<String, Value>) -> Self {
        HeaderObject {
            description: object.get("description").and_then(trimmed),
        }
    }
}

/// `example`, or the `value` of the first entry of `examples`.
fn example_of(object: &Map<String, Value>) -> Option<Value> {
    object.get("example").cloned().or_else(|| {
        object
            .get("examples")?
            .as_object()?
            .values()
            .next()?
            .get("value")
            .cloned()
    })
}

/// A boolean field; `false` when missing or not a boolean.
fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::is_spdx_expression;

    #[test]
    fn only_spdx_expressions_become_a_crate_license() {
        for yes in [
            "MIT",
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "GPL-2.0+ WITH Classpath-exception-2.0",
        ] {
            assert!(is_spdx_expression(yes), "{yes}");
        }
        for no in [
            "Apache 2.0",
            "Proprietary license",
            "",
            "MIT OR",
            "OR MIT",
            "(c) 2024",
        ] {
            assert!(!is_spdx_expression(no), "{no}");
        }
    }
}
