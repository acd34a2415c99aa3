//! The spec as typed values, between loading and lowering.
//!
//! Lowering reads the spec only through this module: the keyword strings of OpenAPI are
//! spelt here and nowhere else, so a misspelt keyword is a compile error in `lower`.

use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::load::Spec;

/// The mapping at `location`, or an error naming it.
pub(crate) fn object_at<'s>(
    spec: &'s Spec,
    location: &Location,
) -> Result<&'s Map<String, Value>, Error> {
    spec.get(location)
        .and_then(Value::as_object)
        .ok_or_else(|| Error::invalid(location, "expected a mapping here"))
}

/// A text field, trimmed; absent when missing, not a string, or blank.
pub(crate) fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    let value = object.get(key)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A boolean field; `false` when missing or not a boolean.
pub(crate) fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}
