//! What a regeneration changed in API terms, and the semver bump that implies.
//!
//! Both sides are [`NamesLock`]s, the public surface as text, so the old side can be the
//! `names.lock` committed beside a crate (no spec, no git history needed) and the new side
//! the API just lowered. Each entry says what users' code sees (a method gone, a field that
//! `new()` now takes) and where in the spec it comes from. The rules, in short: what existing
//! code may stop compiling on is major; what only adds (an optional parameter or field, an
//! enum value, a type, an operation, a deprecation, a renamed `operationId` whose old method
//! stays as an alias) is minor, since the generated structs and enums are non-exhaustive;
//! anything else is patch.

pub mod changelog;
mod operations;
mod report;
mod tags;
#[cfg(test)]
mod tests;
mod types;

use std::fmt;

use crate::error::Location;
use crate::surface::NamesLock;

/// How much a change breaks, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing users' code can name changed.
    Patch,
    /// Only additions: existing code still compiles and behaves the same.
    Minor,
    /// Existing code may stop compiling.
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of change an entry is, as a stable id (`field-removed`), to count changes by
/// kind over many regenerations (`cargo xtask history`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    TagAdded,
    TagRemoved,
    TagRenamed,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeMoved,
    TypeKindChanged,
    FieldAddedRequired,
    FieldAddedOptional,
    FieldRemoved,
    FieldRenamed,
    FieldRetyped,
    FieldRequiredChanged,
    FieldReadOnlyChanged,
    ExtraMembersChanged,
    ArgumentsReordered,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueRenamed,
    EnumReprChanged,
    VariantAdded,
    VariantRemoved,
    VariantRetyped,
    DiscriminatorChanged,
    AliasRetyped,
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationIdRenamed,
    OperationMoved,
    OperationDeprecated,
    ParameterAddedRequired,
    ParameterAddedOptional,
    ParameterRemoved,
    ParameterRenamed,
    ParameterRetyped,
    ParameterRequiredChanged,
    BodyAdded,
    BodyRemoved,
    BodyRetyped,
    BodyRequiredChanged,
    SuccessRetyped,
    StatusAdded,
    StatusRemoved,
    StatusChanged,
    ConstantHeaderAdded,
    ConstantHeaderRemoved,
    ConstantHeaderChanged,
}

impl Kind {
    /// The id: `field-removed`, `arguments-reordered`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TagAdded => "tag-added",
            Kind::TagRemoved => "tag-removed",
            Kind::TagRenamed => "tag-renamed",
            Kind::TypeAdded => "type-added",
            Kind::TypeRemoved => "type-removed",
            Kind::TypeRenamed => "type-renamed",
            Kind::TypeMoved => "type-moved",
            Kind::TypeKindChanged => "type-kind-changed",
            Kind::FieldAddedRequired => "field-added-required",
            Kind::FieldAddedOptional => "field-added-optional",
            Kind::FieldRemoved => "field-removed",
            Kind::FieldRenamed => "field-renamed",
            Kind::FieldRetyped => "field-retyped",
            Kind::FieldRequiredChanged => "field-required-changed",
            Kind::FieldReadOnlyChanged => "field-read-only-changed",
            Kind::ExtraMembersChanged => "extra-members-changed",
            Kind::ArgumentsReordered => "arguments-reordered",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::EnumValueRenamed => "enum-value-renamed",
            Kind::EnumReprChanged => "enum-repr-changed",
            Kind::VariantAdded => "variant-added",
            Kind::VariantRemoved => "variant-removed",
            Kind::VariantRetyped => "variant-retyped",
            Kind::DiscriminatorChanged => "discriminator-changed",
            Kind::AliasRetyped => "alias-retyped",
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::OperationRenamed => "operation-renamed",
            Kind::OperationIdRenamed => "operation-id-renamed",
            Kind::OperationMoved => "operation-moved",
            Kind::OperationDeprecated => "operation-deprecated",
            Kind::ParameterAddedRequired => "parameter-added-required",
            Kind::ParameterAddedOptional => "parameter-added-optional",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::ParameterRenamed => "parameter-renamed",
            Kind::ParameterRetyped => "parameter-retyped",
            Kind::ParameterRequiredChanged => "parameter-required-changed",
            Kind::BodyAdded => "body-added",
            Kind::BodyRemoved => "body-removed",
            Kind::BodyRetyped => "body-retyped",
            Kind::BodyRequiredChanged => "body-required-changed",
            Kind::SuccessRetyped => "success-retyped",
            Kind::StatusAdded => "status-added",
            Kind::StatusRemoved => "status-removed",
            Kind::StatusChanged => "status-changed",
            Kind::ConstantHeaderAdded => "constant-header-added",
            Kind::ConstantHeaderRemoved => "constant-header-removed",
            Kind::ConstantHeaderChanged => "constant-header-changed",
        }
    }
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub bump: Bump,
    pub kind: Kind,
    /// Where in the spec it comes from: the schema or the operation (the old one for what
    /// was removed).
    pub location: Location,
    /// What users' code sees, in one sentence of Markdown.
    pub message: String,
}

/// Every change between two surfaces, most breaking first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub entries: Vec<Change>,
}

/// Compares the surface before (`old`) with the one after (`new`).
pub fn compare(old: &NamesLock, new: &NamesLock) -> Changes {
    // Compare only what both locks record (an older lock records less).
    let format = old.format.min(new.format);
    let (old, new) = (&old.recorded_by(format), &new.recorded_by(format));
    let mut entries = Vec::new();
    tags::compare(old, new, &mut entries);
    types::compare(&old.types, &new.types, &mut entries);
    operations::compare(&old.operations, &new.operations, &mut entries);
    entries
        .sort_by(|a, b| (b.bump, &a.location, &a.message).cmp(&(a.bump, &b.location, &b.message)));
    entries.dedup();
    Changes { entries }
}

impl Changes {
    /// The bump the whole change implies: that of its most breaking entry.
    pub fn bump(&self) -> Bump {
        self.entries
            .iter()
            .map(|entry| entry.bump)
            .max()
            .unwrap_or(Bump::Patch)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries have this bump.
    pub fn count(&self, bump: Bump) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.bump == bump)
            .count()
    }

    /// One line for a terminal: `3 API changes (1 major, 2 minor, 0 patch): a major bump`.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no API changes".to_owned();
        }
        format!(
            "{} API change{} ({} major, {} minor, {} patch): a {} bump",
            self.entries.len(),
            if self.entries.len() == 1 { "" } else { "s" },
            self.count(Bump::Major),
            self.count(Bump::Minor),
            self.count(Bump::Patch),
            self.bump()
        )
    }

    /// The Markdown report (`API_CHANGES.md`, `cargo xtask diff`), titled `title`, with
    /// `preamble` (if not empty) as its first paragraph, ending with the bump.
    pub fn render(&self, title: &str, preamble: &str) -> String {
        report::render(self, title, preamble)
    }
}

/// `text` in backticks, for names and types in messages.
fn code(text: &str) -> String {
    format!("`{text}`")
}
