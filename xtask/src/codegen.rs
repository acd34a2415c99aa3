//! `cargo xtask codegen [--check]`: `spec/` → the generated modules of `sdk/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use codegen::{Options, SDK_HEADER};

use crate::files::{ensure_file_contents, generated_files_under, FileState};

/// The workspace root (this crate lives in `xtask/`).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The root file of the vendored spec.
pub(crate) fn spec_root() -> PathBuf {
    workspace_root().join("spec/sailpoint-api.beta.yaml")
}

/// Folders of `sdk/` that only the generator writes.
const GENERATED_FOLDERS: &[&str] = &["src/models", "src/apis"];

pub(crate) fn run(check: bool) -> Result<()> {
    let sdk = workspace_root().join("sdk");
    let generated = codegen::generate(&spec_root(), &Options::default())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let mut stale = Vec::new();
    let mut produced = BTreeSet::new();
    for file in &generated.files {
        let path = sdk.join(&file.path);
        if ensure_file_contents(&path, &file.contents, check)? == FileState::Stale {
            stale.push(path.clone());
        }
        produced.insert(path);
    }
    for folder in GENERATED_FOLDERS {
        for path in generated_files_under(&sdk.join(folder), SDK_HEADER)? {
            if !produced.contains(&path) {
                if !check {
                    std::fs::remove_file(&path)?;
                }
                stale.push(path);
            }
        }
    }
    let root = workspace_root();
    let names: Vec<String> = stale
        .iter()
        .map(|path| {
            path.strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    if check && !names.is_empty() {
        bail!(
            "the generated SDK is stale; run `cargo xtask codegen` and commit the result.\nStale files:\n  {}",
            names.join("\n  ")
        );
    }
    if !check {
        eprintln!(
            "cargo xtask codegen: {} files generated, {} changed{}",
            generated.files.len(),
            names.len(),
            if names.is_empty() {
                String::new()
            } else {
                format!(":\n  {}", names.join("\n  "))
            }
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when someone edits spec/ or codegen/ without regenerating.
    #[test]
    fn generated_sdk_is_fresh() {
        super::run(true).unwrap_or_else(|error| panic!("{error:#}"));
    }
}
