//! A crate's `names.lock` and `API_CHANGES.md`: read the committed lock before generating (so
//! every pinned name is kept) and say what the regeneration changed in API terms.

use std::path::Path;

use anyhow::{Context, Result};
use codegen::NamesLock;

/// The report's file name beside each crate.
pub(crate) const CHANGES_FILE_NAME: &str = "API_CHANGES.md";

/// Reads the committed lock at `path`; `None` when there is none yet. `shown` names the file in
/// errors (a path relative to the workspace, so messages do not depend on the checkout).
pub(crate) fn read_lock(path: &Path, shown: &str) -> Result<Option<NamesLock>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(NamesLock::parse(&text, shown)?)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {shown}")),
    }
}

/// What `API_CHANGES.md` must hold after a regeneration, and a one-line summary.
///
/// The file describes the last regeneration that changed the public API: the committed lock
/// (`old`) against the new surface. When they are equal there is nothing new to say, so the
/// file keeps what it says (`None`): regenerating twice in a row changes nothing, and
/// `--check` passes right after a regeneration. Only a crate without the file yet gets one
/// that says there has been no change since the lock was first written.
pub(crate) fn changes_file(
    old: Option<&NamesLock>,
    new: &NamesLock,
    title: &str,
    file_exists: bool,
) -> (Option<String>, String) {
    let changes = old.map(|old| codegen::changes::compare(old, new));
    match changes {
        Some(changes) if !changes.is_empty() => {
            let preamble = "What the last regeneration that changed the public API changed, \
                compared with the `names.lock` committed before it. Written by `cargo xtask \
                codegen`, and left as it is by regenerations that change nothing; review it \
                with the diff of `names.lock`.";
            (Some(changes.render(title, preamble)), changes.summary())
        }
        _ if file_exists => (None, "no API changes".to_owned()),
        _ => {
            let text = format!(
                "# API changes: {title}\n\nNo API changes since `names.lock` was first written. \
                 The next `cargo xtask codegen` that changes the public API lists its changes \
                 here, each with its spec file and JSON pointer, and the semver bump they imply.\n"
            );
            (
                Some(text),
                "names.lock written; no earlier API to compare".to_owned(),
            )
        }
    }
}
