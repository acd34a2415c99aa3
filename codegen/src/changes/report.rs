//! The Markdown of a [`Changes`]: one section per bump, one line per change with the spec
//! file and JSON pointer it comes from (`file#pointer`, as in `names.lock`), and the bump last, since that is the decision a
//! maintainer takes from it.

use std::fmt::Write;

use super::{Bump, Changes};

pub(super) fn render(changes: &Changes, title: &str, preamble: &str) -> String {
    let mut out = format!("# API changes: {title}\n\n");
    if !preamble.is_empty() {
        let _ = writeln!(out, "{preamble}\n");
    }
    if changes.is_empty() {
        out.push_str("No change to the public API.\n\n");
    }
    for (bump, heading) in [
        (Bump::Major, "Breaking (major)"),
        (Bump::Minor, "Additions (minor)"),
        (Bump::Patch, "No change to users' code (patch)"),
    ] {
        let entries: Vec<_> = changes
            .entries
            .iter()
            .filter(|entry| entry.bump == bump)
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for entry in entries {
            let _ = writeln!(out, "- {} (`{}`)", entry.message, entry.location);
        }
        out.push('\n');
    }
    let bump = changes.bump();
    let _ = writeln!(
        out,
        "Semver bump: **{bump}**. {}",
        match bump {
            Bump::Major =>
                "For a 0.x crate, Cargo reads this as the minor version (0.1.3 → 0.2.0).",
            Bump::Minor | Bump::Patch =>
                "For a 0.x crate, Cargo reads this as the patch version (0.1.3 → 0.1.4).",
        }
    );
    out
}
