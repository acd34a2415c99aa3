//! The JSON edits behind the body-rewriting faults.

use serde_json::{json, Value};

/// A value the API description does not list for `PasswordChangeState`.
pub const UNKNOWN_STATE: &str = "CANCELLED";

/// Sets a top-level `state` field, if there is one, to a value no client knows.
pub(crate) fn unknown_enum_value(value: &mut Value) {
    if let Some(state) = value.get_mut("state") {
        *state = Value::String(UNKNOWN_STATE.into());
    }
}

/// Adds unlisted fields to every object, and a nested unlisted object at the top level.
pub(crate) fn extra_fields(value: &mut Value) {
    mark_objects(value);
    if let Value::Object(top) = value {
        top.insert(
            "emulatorUnexpectedObject".into(),
            json!({ "nested": [1, "two", null, { "deeper": true }] }),
        );
    }
}

fn mark_objects(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.values_mut().for_each(mark_objects);
            fields.insert(
                "emulatorUnexpectedField".into(),
                Value::String("added by the ExtraFields fault".into()),
            );
        }
        Value::Array(items) => items.iter_mut().for_each(mark_objects),
        _ => {}
    }
}

/// Sends every top-level array or object field as `null`.
pub(crate) fn nulls(value: &mut Value) {
    if let Value::Object(fields) = value {
        for field in fields.values_mut() {
            if field.is_array() || field.is_object() {
                *field = Value::Null;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_value_touches_only_state() {
        let mut value = json!({ "requestId": "r", "state": "IN_PROGRESS" });
        unknown_enum_value(&mut value);
        assert_eq!(value, json!({ "requestId": "r", "state": "CANCELLED" }));
        let mut stateless = json!({ "digitToken": "123456" });
        unknown_enum_value(&mut stateless);
        assert_eq!(stateless, json!({ "digitToken": "123456" }));
    }

    #[test]
    fn extra_fields_reach_nested_objects() {
        let mut value = json!({ "accounts": [{ "accountId": "a" }] });
        extra_fields(&mut value);
        assert_eq!(value["accounts"][0]["accountId"], "a");
        assert!(value["accounts"][0]["emulatorUnexpectedField"].is_string());
        assert!(value["emulatorUnexpectedField"].is_string());
        assert!(value["emulatorUnexpectedObject"]["nested"].is_array());
    }

    #[test]
    fn nulls_replace_containers_only() {
        let mut value = json!({ "requestId": "r", "errors": [], "sourceIds": ["s"], "extra": {} });
        nulls(&mut value);
        assert_eq!(
            value,
            json!({ "requestId": "r", "errors": null, "sourceIds": null, "extra": null })
        );
    }
}
