//! The regeneration promise, compiled (part of `cargo xtask fixtures`):
//!
//! 1. A user's program (`tests/fixtures/compat_user/main.rs`), written against the crate
//!    generated from `tests/fixtures/changes/compatible_additions/old`, compiles unchanged
//!    against the crate regenerated from `new` with the old `names.lock`: an optional query
//!    parameter, an optional field and an enum value added, and an operationId renamed.
//! 2. cargo-semver-checks, an independent judge of Rust API compatibility, agrees with the
//!    major/minor verdict of `cargo xtask diff` on fixture pairs of both kinds.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::changes::Bump;

use crate::codegen::workspace_root;
use crate::process::check_without_warnings;

/// The package name of the generated crates (library `compat_api`, as the user program says).
const CRATE: &str = "compat-api";

/// The fixture pairs cargo-semver-checks judges: one that must not break users, one that must.
const ORACLE_PAIRS: &[&str] = &["compatible_additions", "field_required_added"];

pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let out = root.join("target/compat");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    user_program_survives_regeneration(&root, &out)?;
    semver_checks_agree(&root, &out)
}

fn pair_spec(root: &Path, kind: &str, side: &str) -> PathBuf {
    root.join("tests/fixtures/changes")
        .join(kind)
        .join(side)
        .join("openapi.yaml")
}

/// Generates the old and the new crate of a pair as a regeneration would: the new one with the
/// `names.lock` the old one wrote. Returns their folders.
fn generate_pair(root: &Path, kind: &str, out: &Path) -> Result<(PathBuf, PathBuf)> {
    let lock = out.join("names.lock");
    let mut folders = Vec::new();
    for side in ["old", "new"] {
        let folder = out.join(side);
        crate::generate::run(&[
            "--spec".to_owned(),
            pair_spec(root, kind, side).display().to_string(),
            "--out".to_owned(),
            folder.display().to_string(),
            "--name".to_owned(),
            CRATE.to_owned(),
            "--names".to_owned(),
            lock.display().to_string(),
        ])?;
        // The workspace's lock file: the same dependency versions, resolved without a network.
        std::fs::copy(root.join("Cargo.lock"), folder.join("Cargo.lock"))?;
        folders.push(folder);
    }
    let new = folders.pop().context("two folders")?;
    let old = folders.pop().context("two folders")?;
    Ok((old, new))
}

fn user_program_survives_regeneration(root: &Path, out: &Path) -> Result<()> {
    let (old, new) = generate_pair(root, "compatible_additions", &out.join("crates"))?;
    let user = out.join("user");
    std::fs::create_dir_all(&user)?;
    std::fs::copy(root.join("Cargo.lock"), user.join("Cargo.lock"))?;
    let program = root.join("tests/fixtures/compat_user/main.rs");
    for (side, crate_dir) in [("old", &old), ("new", &new)] {
        eprintln!("== the user program compiles against the {side} crate");
        std::fs::write(user.join("Cargo.toml"), user_manifest(&program, crate_dir))?;
        check_without_warnings(&user, &root.join("target"), &[])?;
    }
    Ok(())
}

fn user_manifest(program: &Path, api: &Path) -> String {
    format!(
        "[package]\nname = \"compat-user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[[bin]]\nname = \"compat-user\"\npath = {:?}\n\n[dependencies]\n\
         {CRATE} = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        program.display().to_string(),
        api.display().to_string(),
    )
}

fn semver_checks_agree(root: &Path, out: &Path) -> Result<()> {
    let installed = Command::new(env!("CARGO"))
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        bail!(
            "cargo-semver-checks is not installed (`cargo install cargo-semver-checks --locked`); \
             it judges the API-change verdicts independently"
        );
    }
    for kind in ORACLE_PAIRS {
        let ours = codegen::diff(
            &pair_spec(root, kind, "old"),
            &pair_spec(root, kind, "new"),
            &codegen::Options::default(),
        )
        .with_context(|| format!("cargo xtask diff of {kind}"))?
        .changes
        .bump();
        let (old, new) = generate_pair(root, kind, &out.join("semver").join(kind))?;
        eprintln!("== cargo semver-checks on {kind} (our verdict: {ours:?})");
        // Both crates are version 0.1.0, so any breaking change fails the check. Its warnings
        // count too: a lint at warning level that suggests a major version is a break a user
        // could notice.
        let output = Command::new(env!("CARGO"))
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(new.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&old)
            .env("CARGO_TARGET_DIR", root.join("target/semver-checks"))
            .output()
            .context("cannot run cargo semver-checks")?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!("{text}");
        let theirs_breaking = text.contains("requires new major version")
            || text.contains("suggest new major version");
        if !output.status.success() && !theirs_breaking {
            bail!("{kind}: cargo semver-checks failed without a verdict");
        }
        if theirs_breaking != (ours == Bump::Major) {
            bail!(
                "{kind}: cargo xtask diff says {ours:?}, but cargo-semver-checks {} a breaking change",
                if theirs_breaking { "found" } else { "found no" }
            );
        }
    }
    Ok(())
}
