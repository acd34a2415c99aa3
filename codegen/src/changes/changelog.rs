//! A generated crate's `CHANGELOG.md` (in the Keep a Changelog format): each regeneration that
//! changes the public API adds its entries to the `## [Unreleased]` section, sorted into
//! `Added`, `Changed`, `Deprecated` and `Removed`, so the release notes of the next version are
//! the sum of the regenerations since the last one. What a maintainer wrote (released
//! sections, their own notes) is kept as it is.

use super::{Bump, Change, Changes, Kind};

/// The heading the entries are added under.
pub const UNRELEASED: &str = "## [Unreleased]";

/// The changelog a crate starts with, before its first release.
pub fn initial(crate_name: &str) -> String {
    format!(
        "# Changelog of `{crate_name}`\n\n\
         All notable changes to this crate are listed here. The format follows \
         [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and the crate follows \
         [Semantic Versioning](https://semver.org/spec/v2.0.0.html). The entries under \
         `[Unreleased]` are added by the generator each time a regeneration changes the public \
         API (the same entries as `API_CHANGES.md`, with their spec file and JSON pointer); at \
         a release, rename that heading to the version and date.\n\n\
         {UNRELEASED}\n"
    )
}

/// `existing` (or [`initial`] when `None`) with every entry of `changes` in its `[Unreleased]`
/// section, each once: merging the same changes twice gives the same text.
pub fn with_changes(existing: Option<&str>, crate_name: &str, changes: &Changes) -> String {
    let text = existing.map_or_else(|| initial(crate_name), str::to_owned);
    let (before, unreleased, after) = split(&text);
    let mut sections = parse_sections(unreleased);
    for change in &changes.entries {
        let line = format!("- {} (`{}`)", entry_text(change), change.location);
        let section = section_of(change);
        let lines = match sections.iter_mut().find(|(name, _)| *name == section) {
            Some((_, lines)) => lines,
            None => {
                sections.push((section.to_owned(), Vec::new()));
                &mut sections.last_mut().expect("just pushed").1
            }
        };
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    // Keep a Changelog's order of sections, any other heading after them.
    sections.sort_by_key(|(name, _)| {
        ORDER
            .iter()
            .position(|known| known == name)
            .unwrap_or(ORDER.len())
    });
    let mut out = before.to_owned();
    out.push_str(UNRELEASED);
    out.push_str("\n\n");
    for (name, lines) in sections.iter().filter(|(_, lines)| !lines.is_empty()) {
        out.push_str(&format!("### {name}\n\n"));
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    if after.is_empty() {
        // No released section yet: end with one newline.
        while out.ends_with("\n\n") {
            out.pop();
        }
    } else {
        out.push_str(after);
    }
    out
}

const ORDER: [&str; 6] = [
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];

fn section_of(change: &Change) -> &'static str {
    match change.kind {
        Kind::OperationDeprecated => "Deprecated",
        kind if kind.as_str().ends_with("-removed") && change.bump == Bump::Major => "Removed",
        _ if change.bump == Bump::Minor => "Added",
        _ => "Changed",
    }
}

/// The entry's sentence; a breaking one says so first.
fn entry_text(change: &Change) -> String {
    if change.bump == Bump::Major {
        format!("**Breaking:** {}", change.message)
    } else {
        change.message.clone()
    }
}

/// The text before the `[Unreleased]` heading, the section's body, and the text from the next
/// `## ` heading on. Without the heading, the section is placed before the first released one
/// (or at the end).
fn split(text: &str) -> (&str, &str, &str) {
    if let Some(start) = text.find(UNRELEASED) {
        let body_start = start + UNRELEASED.len();
        let body_end = text[body_start..]
            .find("\n## ")
            .map_or(text.len(), |at| body_start + at + 1);
        return (
            &text[..start],
            &text[body_start..body_end],
            &text[body_end..],
        );
    }
    match text.find("\n## ") {
        Some(at) => (&text[..=at], "", &text[at + 1..]),
        None => (text, "", ""),
    }
}

/// The `### Name` sections of the `[Unreleased]` body, with their lines (blank lines dropped).
fn parse_sections(body: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in body.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            sections.push((name.trim().to_owned(), Vec::new()));
        } else if !line.trim().is_empty() {
            match sections.last_mut() {
                Some((_, lines)) => lines.push(line.to_owned()),
                // Text before any `###` heading: keep it, under a heading of its own.
                None => sections.push(("Changed".to_owned(), vec![line.to_owned()])),
            }
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn change(bump: Bump, kind: Kind, message: &str) -> Change {
        Change {
            bump,
            kind,
            location: Location::new("spec.yaml", ""),
            message: message.to_owned(),
        }
    }

    fn changes() -> Changes {
        Changes {
            entries: vec![
                change(Bump::Major, Kind::FieldRemoved, "field `a` removed"),
                change(Bump::Minor, Kind::OperationAdded, "operation `b` added"),
                change(
                    Bump::Minor,
                    Kind::OperationDeprecated,
                    "operation `c` deprecated",
                ),
                change(Bump::Major, Kind::FieldRetyped, "field `d` retyped"),
            ],
        }
    }

    #[test]
    fn entries_land_in_their_keep_a_changelog_sections_once() {
        let once = with_changes(None, "demo", &changes());
        assert!(once.starts_with("# Changelog of `demo`"), "{once}");
        let unreleased = &once[once.find(UNRELEASED).expect("heading")..];
        let added = unreleased.find("### Added").expect("Added");
        let changed = unreleased.find("### Changed").expect("Changed");
        let deprecated = unreleased.find("### Deprecated").expect("Deprecated");
        let removed = unreleased.find("### Removed").expect("Removed");
        assert!(
            added < changed && changed < deprecated && deprecated < removed,
            "{once}"
        );
        assert!(
            once.contains("- **Breaking:** field `a` removed (`spec.yaml#`)"),
            "{once}"
        );
        assert!(
            once.contains("- operation `b` added (`spec.yaml#`)"),
            "{once}"
        );
        // Merging the same changes again changes nothing.
        assert_eq!(with_changes(Some(&once), "demo", &changes()), once);
    }

    #[test]
    fn released_sections_and_hand_written_notes_are_kept() {
        let existing = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Fixed\n\n- a note\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- first\n";
        let merged = with_changes(Some(existing), "demo", &changes());
        assert!(
            merged.starts_with("# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n"),
            "{merged}"
        );
        assert!(merged.contains("### Fixed\n\n- a note\n"), "{merged}");
        assert!(
            merged.ends_with("## [0.1.0] - 2026-01-01\n\n### Added\n\n- first\n"),
            "{merged}"
        );
        let first_release = merged.find("## [0.1.0]").expect("kept");
        assert!(merged.find("operation `b` added").expect("added") < first_release);
    }

    #[test]
    fn a_changelog_without_the_heading_gets_it_before_the_releases() {
        let existing = "# Changelog\n\n## [0.1.0]\n\n- first\n";
        let merged = with_changes(Some(existing), "demo", &changes());
        let unreleased = merged.find(UNRELEASED).expect("added");
        assert!(
            unreleased < merged.find("## [0.1.0]").expect("kept"),
            "{merged}"
        );
    }
}
