//! [`UnknownValue`] and [`UnknownInteger`]: an enum value this SDK version does not know yet,
//! as it arrived on the wire.

use std::fmt;

/// The wire string of an enum value that this version of the SDK does not know.
///
/// Generated enums are `#[non_exhaustive]` and carry an `Unknown(UnknownValue)` variant so
/// that a value added to the API later deserializes instead of failing the whole response.
/// Only the SDK can construct one, so code matching on a known variant keeps working when a
/// future SDK version learns the new value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a wire value that matched none of the known variants.
    #[allow(dead_code)] // Used by generated enums; a runtime copied without models has none.
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
/// The integer counterpart of [`UnknownValue`]: only the SDK can construct one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// Wraps a wire value that matched none of the known variants.
    #[allow(dead_code)] // Used by generated integer enums, which an API may not have.
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
