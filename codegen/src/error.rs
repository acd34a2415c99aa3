//! Errors and warnings, each tied to the place in the spec that caused it.

use std::fmt;

/// A place in the spec: a file (relative to the root file's folder) and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// The file, with `/` separators, relative to the folder of the root file.
    pub file: String,
    /// An RFC 6901 JSON pointer into that file; empty for the whole file.
    pub pointer: String,
}

impl Location {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    /// The location of a child member or array index.
    pub fn join(&self, segment: &str) -> Location {
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + segment.len());
        pointer.push_str(&self.pointer);
        push_segment(&mut pointer, segment);
        Location {
            file: self.file.clone(),
            pointer,
        }
    }

    /// The last segment of the pointer, unescaped, if any.
    pub fn last_segment(&self) -> Option<String> {
        let (_, last) = self.pointer.rsplit_once('/')?;
        Some(last.replace("~1", "/").replace("~0", "~"))
    }
}

/// Appends `/segment` to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.contains(['~', '/']) {
        pointer.push_str(segment);
        return;
    }
    for character in segment.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// Why the generator stopped. Every variant names the file and JSON pointer it is about.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{location}: cannot read file: {message}")]
    Read { location: Location, message: String },
    #[error("{location}: not valid YAML/JSON: {message}")]
    Parse { location: Location, message: String },
    #[error("{location}: `$ref` {reference:?} points to nothing: {message}")]
    DanglingRef {
        location: Location,
        reference: String,
        message: String,
    },
    #[error("{location}: `$ref` chain loops back on itself: {chain}")]
    RefCycle { location: Location, chain: String },
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
    #[error("{location}: not supported yet: {message}")]
    Unsupported { location: Location, message: String },
    #[error("{location}: {message} (a warning, turned into an error by --strict)")]
    Strict { location: Location, message: String },
    #[error("formatting generated file {file} failed: {message}; this is a bug in the generator")]
    Format { file: String, message: String },
    /// A `names.lock` that cannot be read back: it is input like the spec, so a bad line is
    /// an error naming the file and line, never a panic or a silently ignored pin.
    #[error("{file}:{line}: {message}")]
    NamesLock {
        file: String,
        line: usize,
        message: String,
    },
    /// A file of the output that could not be written ([`crate::Generator::write_to`]).
    #[error("cannot write {file}: {message}")]
    Write { file: String, message: String },
}

impl Error {
    /// The place in the spec the error is about, if it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Read { location, .. }
            | Error::Parse { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Invalid { location, .. }
            | Error::Unsupported { location, .. }
            | Error::Strict { location, .. } => Some(location),
            Error::Format { .. } | Error::NamesLock { .. } | Error::Write { .. } => None,
        }
    }

    pub(crate) fn invalid(location: &Location, message: impl Into<String>) -> Self {
        Error::Invalid {
            location: location.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(location: &Location, message: impl Into<String>) -> Self {
        Error::Unsupported {
            location: location.clone(),
            message: message.into(),
        }
    }
}

/// Something the generator got through but could not express exactly, or a mistake in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub location: Location,
    /// What was found and what was done instead.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning[{}]: {}: {}",
            self.kind.as_str(),
            self.location,
            self.message
        )
    }
}

/// The kinds of warnings, so a maintainer can count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum WarningKind {
    DuplicateKey,
    NameCollision,
    InvalidType,
    PathParameterMismatch,
    DefaultMismatch,
    EnumNull,
    MissingOperationId,
    DuplicateOperationId,
    Approximated,
    CoercedEnumValue,
}

impl WarningKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::DuplicateKey => "duplicate-key",
            WarningKind::NameCollision => "name-collision",
            WarningKind::InvalidType => "invalid-type",
            WarningKind::PathParameterMismatch => "path-parameter-mismatch",
            WarningKind::DefaultMismatch => "default-mismatch",
            WarningKind::EnumNull => "enum-null",
            WarningKind::MissingOperationId => "missing-operation-id",
            WarningKind::DuplicateOperationId => "duplicate-operation-id",
            WarningKind::Approximated => "approximated",
            WarningKind::CoercedEnumValue => "coerced-enum-value",
        }
    }
}

/// Collects warnings; in strict mode the first warning becomes an error.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    pub(crate) strict: bool,
    /// The kinds `strict` applies to; empty: all.
    pub(crate) strict_kinds: Vec<WarningKind>,
    pub(crate) warnings: Vec<Warning>,
}

impl Diagnostics {
    pub(crate) fn warn(
        &mut self,
        kind: WarningKind,
        location: &Location,
        message: impl Into<String>,
    ) -> Result<(), Error> {
        let message = message.into();
        if self.strict && (self.strict_kinds.is_empty() || self.strict_kinds.contains(&kind)) {
            return Err(Error::Strict {
                location: location.clone(),
                message,
            });
        }
        self.warnings.push(Warning {
            kind,
            location: location.clone(),
            message,
        });
        Ok(())
    }
}
