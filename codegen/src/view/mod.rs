//! The spec as typed values, between loading and lowering.
//!
//! Lowering reads the spec only through this module: the keyword strings of OpenAPI are
//! spelt here and nowhere else, so a misspelt keyword is a compile error in `lower`.

mod operation;
mod schema;

use serde_json::{Map, Value};

pub(crate) use operation::*;
pub(crate) use schema::{AdditionalProperties, Keyword, SchemaObject};

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
