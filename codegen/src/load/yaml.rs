//! YAML (and therefore JSON) text into `serde_json::Value`, keeping mapping order and
//! reporting duplicate keys instead of failing on them.
//!
//! We read parser events from `yaml-rust2` rather than deserializing through serde, because
//! upstream specs contain duplicate keys: serde-based YAML crates either reject the whole file or
//! silently keep one value. Here the last value wins (as in most YAML tools) and the duplicate is
//! returned so the caller can warn with the file and pointer.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A key that appeared twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    /// JSON pointer of the duplicated member.
    pub(crate) pointer: String,
    /// 1-based line of the second occurrence.
    pub(crate) line: usize,
}

/// A parsed document and the duplicate keys found in it.
#[derive(Debug)]
pub(crate) struct ParsedYaml {
    pub(crate) value: Value,
    pub(crate) duplicates: Vec<DuplicateKey>,
}

/// Parses one YAML document. JSON is valid YAML, so this reads `.json` files too.
pub(crate) fn parse(text: &str) -> Result<ParsedYaml, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|error| error.to_string())?;
    if let Some(message) = builder.error {
        return Err(message);
    }
    Ok(ParsedYaml {
        value: builder.root.unwrap_or(Value::Null),
        duplicates: builder.duplicates,
    })
}

/// A container being filled, with the pointer it lives at.
#[derive(Debug)]
enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        pointer: String,
    },
    Mapping {
        map: Map<String, Value>,
        pending_key: Option<String>,
        anchor: usize,
        pointer: String,
    },
}

#[derive(Debug, Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: std::collections::HashMap<usize, Value>,
    root: Option<Value>,
    duplicates: Vec<DuplicateKey>,
    error: Option<String>,
}

impl Builder {
    /// The pointer of the next child of the innermost container.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Sequence { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
            Some(Frame::Mapping {
                pending_key,
                pointer,
                ..
            }) => format!(
                "{pointer}/{}",
                pending_key
                    .as_deref()
                    .unwrap_or_default()
                    .replace('~', "~0")
                    .replace('/', "~1")
            ),
        }
    }

    /// Places a finished value into the innermost container (or makes it the root).
    fn push_value(&mut self, value: Value, mark: Marker) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return;
        };
        match frame {
            Frame::Sequence { items, .. } => items.push(value),
            Frame::Mapping {
                map,
                pending_key,
                pointer,
                ..
            } => match pending_key.take() {
                None => match key_string(&value) {
                    Some(key) => *pending_key = Some(key),
                    None => {
                        self.error.get_or_insert_with(|| {
                            format!("line {}: a mapping key must be a scalar", mark.line())
                        });
                    }
                },
                Some(key) => {
                    if map.contains_key(&key) {
                        let escaped = key.replace('~', "~0").replace('/', "~1");
                        self.duplicates.push(DuplicateKey {
                            pointer: format!("{pointer}/{escaped}"),
                            line: mark.line(),
                        });
                        // Keep the original position of the key, take the later value.
                        map.insert(key, value);
                    } else {
                        map.insert(key, value);
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let is_key = matches!(
                    self.stack.last(),
                    Some(Frame::Mapping {
                        pending_key: None,
                        ..
                    })
                );
                let value = if is_key {
                    Value::String(text)
                } else {
                    let explicit_string = tag.as_ref().is_some_and(|tag| tag.suffix == "str");
                    if style == TScalarStyle::Plain && !explicit_string {
                        resolve_plain_scalar(&text)
                    } else {
                        Value::String(text)
                    }
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.push_value(value, mark);
            }
            Event::SequenceStart(anchor, _) => {
                let pointer = self.child_pointer();
                self.stack.push(Frame::Sequence {
                    items: Vec::new(),
                    anchor,
                    pointer,
                });
            }
            Event::MappingStart(anchor, _) => {
                let pointer = self.child_pointer();
                self.stack.push(Frame::Mapping {
                    map: Map::new(),
                    pending_key: None,
                    anchor,
                    pointer,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence { items, anchor, .. }) => (Value::Array(items), anchor),
                    Some(Frame::Mapping { map, anchor, .. }) => (Value::Object(map), anchor),
                    None => return,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.push_value(value, mark);
            }
            Event::Alias(anchor) => {
                let value = self.anchors.get(&anchor).cloned().unwrap_or(Value::Null);
                self.push_value(value, mark);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Mapping keys become strings; YAML allows numbers and booleans as keys (`200:` for a status).
fn key_string(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null => Some("null".to_owned()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// Resolves an unquoted scalar with the YAML 1.2 core schema.
fn resolve_plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if is_decimal_integer(text) {
        if let Ok(int) = text.parse::<i64>() {
            return Value::Number(int.into());
        }
        if let Ok(int) = text.parse::<u64>() {
            return Value::Number(int.into());
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(int) = i64::from_str_radix(hex, 16) {
            return Value::Number(int.into());
        }
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if let Ok(int) = i64::from_str_radix(octal, 8) {
            return Value::Number(int.into());
        }
    }
    if is_decimal_float(text) {
        if let Some(number) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(number);
        }
    }
    Value::String(text.to_owned())
}

fn is_decimal_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_decimal_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(index) => (&body[..index], Some(&body[index + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let mantissa_ok = all_digits(whole)
        && fraction.is_none_or(all_digits)
        && (!whole.is_empty() || fraction.is_some_and(|part| !part.is_empty()));
    let exponent_ok = exponent.is_none_or(|exp| {
        let digits = exp.strip_prefix(['-', '+']).unwrap_or(exp);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_follow_the_core_schema() {
        let parsed =
            parse("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: text\ng: 09087713\n200: x\n").unwrap();
        assert_eq!(
            parsed.value,
            json!({"a": 1, "b": "1", "c": true, "d": null, "e": 1.5, "f": "text", "g": 9087713, "200": "x"})
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_are_reported() {
        let parsed = parse("outer:\n  key: 1\n  key: 2\n").unwrap();
        assert_eq!(parsed.value, json!({"outer": {"key": 2}}));
        assert_eq!(
            parsed.duplicates,
            vec![DuplicateKey {
                pointer: "/outer/key".into(),
                line: 3
            }]
        );
    }

    #[test]
    fn anchors_and_json_are_read() {
        let parsed = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(parsed.value, json!({"a": [1, 2], "b": [1, 2]}));
        let parsed = parse(r#"{"k": {"n": null, "s": "v"}}"#).unwrap();
        assert_eq!(parsed.value, json!({"k": {"n": null, "s": "v"}}));
    }

    #[test]
    fn truncated_yaml_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2\nb: {").is_err());
    }
}
