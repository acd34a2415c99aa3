//! A crate's `API_CHANGES.md`: what a regeneration changed in API terms. (The committed
//! `names.lock` is read with `codegen::files::read_lock` before generating, so every pinned
//! name is kept.)

use codegen::changes::Changes;

/// The report's file name beside each crate.
pub(crate) const CHANGES_FILE_NAME: &str = "API_CHANGES.md";

/// What `API_CHANGES.md` must hold after a regeneration, and a one-line summary.
///
/// The file describes the last regeneration that changed the public API: `changes`, from the
/// committed lock to the new surface (`None` when there was no lock). When they are equal there is nothing new to say, so the
/// file keeps what it says (`None`): regenerating twice in a row changes nothing, and
/// `--check` passes right after a regeneration. Only a crate without the file yet gets one
/// that says there has been no change since the lock was first written.
pub(crate) fn changes_file(
    changes: Option<&Changes>,
    title: &str,
    file_exists: bool,
) -> (Option<String>, String) {
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
