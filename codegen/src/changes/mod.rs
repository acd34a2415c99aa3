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

mod operations;
mod report;
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

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub bump: Bump,
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
    let mut entries = Vec::new();
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
