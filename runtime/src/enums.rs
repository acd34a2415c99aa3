//! [`UnknownValue`] and [`UnknownInteger`]: an enum value this SDK version does not know yet,
//! as it arrived on the wire.

use std::fmt;

/// The wire string of an enum value that this version of the SDK does not know.
///
/// Generated enums are `#[non_exhaustive]` and carry an `Unknown(UnknownValue)` variant so
/// that a value added to the API later deserializes instead of failing the whole response.
/// Only generated code constructs one (through the hidden [`__private`](crate::__private)
/// module, which is no part of the public API), so code matching on a known variant keeps
/// working when a future SDK version learns the new value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a wire value that matched none of the known variants.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value exactly as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The wire number of an integer enum value that this version of the SDK does not know.
///
/// The integer counterpart of [`UnknownValue`]: only generated code constructs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// Wraps a wire value that matched none of the known variants.
    pub(crate) fn new(value: i64) -> Self {
        Self(value)
    }

    /// The value exactly as it appeared on the wire.
    pub fn get(&self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An [`UnknownValue`] for a wire string no known variant matched (for generated code, through
/// [`__private`](crate::__private)).
pub fn unknown_value(value: impl Into<String>) -> UnknownValue {
    UnknownValue::new(value)
}

/// An [`UnknownInteger`] for a wire number no known variant matched (for generated code,
/// through [`__private`](crate::__private)).
pub fn unknown_integer(value: i64) -> UnknownInteger {
    UnknownInteger::new(value)
}
