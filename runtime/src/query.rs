//! Object-valued query and header parameters, spelled the way OpenAPI's `style` and `explode`
//! say ([`ObjectStyle`]): `role=admin&active=true` (form, exploded, the query default),
//! `filter=role,admin,active,true` (form), `filter[role]=admin&filter[active]=true`
//! (deepObject), and `role,admin,active,true` or `role=admin,active=true` in a header (simple).

use std::borrow::Cow;

use serde_json::Value;

use crate::error::InvalidRequest;

/// How an object parameter is written; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectStyle {
    /// `style: form, explode: true`: one `key=value` pair per property.
    FormExploded,
    /// `style: form, explode: false`: one `name=key,value,key,value` pair.
    Form,
    /// `style: deepObject`: one `name[key]=value` pair per property.
    DeepObject,
    /// `style: simple` (headers), `explode: false`: `key,value,key,value`.
    Simple,
    /// `style: simple`, `explode: true`: `key=value,key=value`.
    SimpleExploded,
}

/// The query pairs for the parameter `name` holding `value`. A value that serializes to a
/// scalar is sent as one `name=value` pair; `null` properties are left out. An object nested
/// in a property has no spelling in OpenAPI 3.0's styles, so it is an [`InvalidRequest`].
pub fn object_query_pairs<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: ObjectStyle,
) -> Result<Vec<(Cow<'static, str>, String)>, InvalidRequest> {
    let properties = match to_json(name, value)? {
        Value::Object(properties) => properties,
        Value::Null => return Ok(Vec::new()),
        scalar => return Ok(vec![(Cow::Borrowed(name), scalar_text(name, &scalar)?)]),
    };
    let mut pairs = Vec::new();
    match style {
        ObjectStyle::FormExploded | ObjectStyle::DeepObject => {
            for (key, property) in &properties {
                let key: Cow<'static, str> = match style {
                    ObjectStyle::DeepObject => Cow::Owned(format!("{name}[{key}]")),
                    _ => Cow::Owned(key.clone()),
                };
                match property {
                    Value::Null => {}
                    Value::Array(items) => {
                        for item in items {
                            pairs.push((key.clone(), scalar_text(name, item)?));
                        }
                    }
                    other => pairs.push((key, scalar_text(name, other)?)),
                }
            }
        }
        ObjectStyle::Form | ObjectStyle::Simple | ObjectStyle::SimpleExploded => {
            pairs.push((Cow::Borrowed(name), joined(name, &properties, style)?));
        }
    }
    Ok(pairs)
}

/// The header value for the parameter `name` holding `value` (`simple` style).
pub fn object_header_value<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, InvalidRequest> {
    match to_json(name, value)? {
        Value::Object(properties) => {
            let style = if explode {
                ObjectStyle::SimpleExploded
            } else {
                ObjectStyle::Simple
            };
            joined(name, &properties, style)
        }
        scalar => scalar_text(name, &scalar),
    }
}

/// A parameter declared as JSON `content`: its JSON text (a string is sent quoted).
pub fn json_text<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<String, InvalidRequest> {
    Ok(to_json(name, value)?.to_string())
}

/// A parameter value OpenAPI's styles cannot spell (a list of objects in a query, a `oneOf`
/// in a path), written as the generator's nearest faithful rendering: a value whose JSON form
/// is a string as that text (`NameOrId::Name("x")` → `x`), any other as JSON text.
pub fn value_text<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<String, InvalidRequest> {
    Ok(match to_json(name, value)? {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

fn to_json<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, InvalidRequest> {
    serde_json::to_value(value).map_err(|source| {
        InvalidRequest::with_source(
            format!("parameter `{name}` could not be serialized"),
            source,
        )
    })
}

/// `key,value,key,value` (or `key=value,key=value` exploded); lists inside are comma-joined.
fn joined(
    name: &str,
    properties: &serde_json::Map<String, Value>,
    style: ObjectStyle,
) -> Result<String, InvalidRequest> {
    let mut parts = Vec::new();
    for (key, property) in properties {
        let text = match property {
            Value::Null => continue,
            Value::Array(items) => items
                .iter()
                .map(|item| scalar_text(name, item))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            other => scalar_text(name, other)?,
        };
        match style {
            ObjectStyle::SimpleExploded => parts.push(format!("{key}={text}")),
            _ => {
                parts.push(key.clone());
                parts.push(text);
            }
        }
    }
    Ok(parts.join(","))
}

fn scalar_text(name: &str, value: &Value) -> Result<String, InvalidRequest> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) | Value::Object(_) => Err(InvalidRequest::new(format!(
            "parameter `{name}` holds a nested object or list, which no OpenAPI 3.0 style can \
             spell in a query string or header"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(value: Value, style: ObjectStyle) -> Vec<(String, String)> {
        object_query_pairs("filter", &value, style)
            .unwrap()
            .into_iter()
            .map(|(name, value)| (name.into_owned(), value))
            .collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn each_style_spells_an_object_as_openapi_says() {
        let value = json!({"role": "admin", "active": true, "gone": null, "ids": [1, 2]});
        assert_eq!(
            pairs(value.clone(), ObjectStyle::FormExploded),
            owned(&[
                ("role", "admin"),
                ("active", "true"),
                ("ids", "1"),
                ("ids", "2")
            ])
        );
        assert_eq!(
            pairs(value.clone(), ObjectStyle::Form),
            owned(&[("filter", "role,admin,active,true,ids,1,2")])
        );
        assert_eq!(
            pairs(value.clone(), ObjectStyle::DeepObject),
            owned(&[
                ("filter[role]", "admin"),
                ("filter[active]", "true"),
                ("filter[ids]", "1"),
                ("filter[ids]", "2")
            ])
        );
        assert_eq!(
            object_header_value("X-Filter", &value, false).unwrap(),
            "role,admin,active,true,ids,1,2"
        );
        assert_eq!(
            object_header_value("X-Filter", &value, true).unwrap(),
            "role=admin,active=true,ids=1,2"
        );
    }

    #[test]
    fn scalars_are_one_pair_and_nested_objects_are_refused() {
        assert_eq!(
            pairs(json!("plain"), ObjectStyle::FormExploded),
            owned(&[("filter", "plain")])
        );
        let error = object_query_pairs("filter", &json!({"a": {"b": 1}}), ObjectStyle::DeepObject)
            .unwrap_err();
        assert!(error.to_string().contains("nested"), "{error}");
    }
}
