//! YAML (and therefore JSON) text into `serde_json::Value`, keeping mapping order and
//! reporting duplicate keys instead of failing on them.
//!
//! Parsing is libyaml's (through `serde_yaml_ng`), which accepts what real specs contain (flow
//! mappings spread over lines, for one). The value is built by our own visitor rather than
//! `serde_yaml_ng::Value`, because upstream specs contain duplicate keys: that type rejects the
//! whole file. Here the last value wins (as in most YAML tools) and each duplicate is returned
//! with its JSON pointer so the caller can warn.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::push_segment;

/// A key that appeared twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    /// JSON pointer of the duplicated member.
    pub(crate) pointer: String,
}

/// An integer too wide for 64 bits (`maximum: 18446744073709552000`), read as the nearest
/// double: JSON allows any size, `serde_json::Value` holds 64 bits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WideNumber {
    pub(crate) pointer: String,
    /// The integer as written.
    pub(crate) text: String,
}

/// What a parse noticed besides the value.
#[derive(Debug, Default)]
struct Found {
    duplicates: Vec<DuplicateKey>,
    wide_numbers: Vec<WideNumber>,
}

/// A parsed document and the duplicate keys and wide numbers found in it.
#[derive(Debug)]
pub(crate) struct ParsedYaml {
    pub(crate) value: Value,
    pub(crate) duplicates: Vec<DuplicateKey>,
    pub(crate) wide_numbers: Vec<WideNumber>,
}

/// Parses one YAML document. JSON is valid YAML, so this reads `.json` files too.
pub(crate) fn parse(text: &str) -> Result<ParsedYaml, String> {
    let found = RefCell::new(Found::default());
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    let seed = ValueSeed {
        place: Place::Root,
        found: &found,
    };
    let value = seed
        .deserialize(deserializer)
        .map_err(|error| error.to_string())?;
    let found = found.into_inner();
    Ok(ParsedYaml {
        value,
        duplicates: found.duplicates,
        wide_numbers: found.wide_numbers,
    })
}

/// Builds a value at `place`, recording duplicate keys and wide numbers below it.
struct ValueSeed<'a> {
    place: Place<'a>,
    found: &'a RefCell<Found>,
}

impl ValueSeed<'_> {
    /// An integer beyond 64 bits, as the nearest double, noted with where it is.
    fn wide(&self, text: String, approximation: f64) -> Value {
        self.found.borrow_mut().wide_numbers.push(WideNumber {
            pointer: self.place.pointer(),
            text,
        });
        Number::from_f64(approximation).map_or(Value::Null, Value::Number)
    }
}

/// Where a value sits: its parent's place and its key or index, kept on the stack while the
/// parser descends. The JSON pointer is spelled out only for a duplicate key, not for every
/// value of the document.
#[derive(Clone, Copy)]
enum Place<'a> {
    Root,
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        self.push_to(&mut pointer);
        pointer
    }

    fn push_to(&self, pointer: &mut String) {
        match self {
            Place::Root => {}
            Place::Key(parent, key) => {
                parent.push_to(pointer);
                push_segment(pointer, key);
            }
            Place::Index(parent, index) => {
                parent.push_to(pointer);
                push_segment(pointer, &index.to_string());
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(fits) => Value::Number(fits.into()),
            #[allow(clippy::cast_precision_loss)] // The loss is the point, and is reported.
            Err(_) => self.wide(value.to_string(), value as f64),
        })
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(fits) => Value::Number(fits.into()),
            #[allow(clippy::cast_precision_loss)] // The loss is the point, and is reported.
            Err(_) => self.wide(value.to_string(), value as f64),
        })
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity; such a value in a spec can only be an example.
        Ok(Number::from_f64(value).map_or_else(|| Value::String(value.to_string()), Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        let parent = self.place;
        loop {
            let seed = ValueSeed {
                place: Place::Index(&parent, items.len()),
                found: self.found,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        let parent = self.place;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let place = Place::Key(&parent, &key);
            let value = map.next_value_seed(ValueSeed {
                place,
                found: self.found,
            })?;
            if members.contains_key(&key) {
                let pointer = place.pointer();
                self.found
                    .borrow_mut()
                    .duplicates
                    .push(DuplicateKey { pointer });
            }
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

/// Mapping keys become strings; YAML allows numbers and booleans as keys (`200:` for a status).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a scalar mapping key")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_typed_and_keys_are_strings() {
        let parsed = parse("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: text\n200: x\n").unwrap();
        assert_eq!(
            parsed.value,
            json!({"a": 1, "b": "1", "c": true, "d": null, "e": 1.5, "f": "text", "200": "x"})
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_are_reported() {
        let parsed = parse("outer:\n  key: 1\n  key: 2\n").unwrap();
        assert_eq!(parsed.value, json!({"outer": {"key": 2}}));
        assert_eq!(
            parsed.duplicates,
            vec![DuplicateKey {
                pointer: "/outer/key".into()
            }]
        );
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_escaped_pointer_through_lists() {
        let parsed = parse("a:\n  - ok: 1\n  - x/y~z: 1\n    x/y~z: 2\n").unwrap();
        assert_eq!(parsed.value, json!({"a": [{"ok": 1}, {"x/y~z": 2}]}));
        assert_eq!(
            parsed.duplicates,
            vec![DuplicateKey {
                pointer: "/a/1/x~1y~0z".into()
            }]
        );
    }

    #[test]
    fn anchors_json_and_loose_flow_mappings_are_read() {
        let parsed = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(parsed.value, json!({"a": [1, 2], "b": [1, 2]}));
        let parsed = parse(r#"{"k": {"n": null, "s": "v"}}"#).unwrap();
        assert_eq!(parsed.value, json!({"k": {"n": null, "s": "v"}}));
        // Upstream writes examples like this; some YAML parsers reject the closing brace.
        let parsed = parse("m:\n  example: {\n    \"a\": \"b\"\n  }\n").unwrap();
        assert_eq!(parsed.value, json!({"m": {"example": {"a": "b"}}}));
    }

    #[test]
    fn integers_wider_than_64_bits_load_as_the_nearest_double_and_are_reported() {
        // OpenAI's spec writes the first; other specs the second, and JSON allows any size.
        let parsed = parse(
            "min: -9223372036854776000
max: 18446744073709552000
fits: 18446744073709551615
",
        )
        .unwrap();
        assert_eq!(
            parsed.value["min"].as_f64(),
            Some(-9.223_372_036_854_776e18)
        );
        assert_eq!(
            parsed.value["max"].as_f64(),
            Some(1.844_674_407_370_955_2e19)
        );
        assert_eq!(parsed.value["fits"].as_u64(), Some(u64::MAX));
        assert_eq!(
            parsed.wide_numbers,
            vec![
                WideNumber {
                    pointer: "/min".into(),
                    text: "-9223372036854776000".into()
                },
                WideNumber {
                    pointer: "/max".into(),
                    text: "18446744073709552000".into()
                },
            ]
        );
    }

    #[test]
    fn truncated_yaml_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2\nb: {").is_err());
    }
}
