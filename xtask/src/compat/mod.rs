//! The regeneration promise, compiled and run (part of `cargo xtask fixtures`), over the pairs
//! of `tests/fixtures/changes/<kind>/{old,new}` (one kind of upstream change each):
//!
//! 1. A user's program (`tests/fixtures/compat_user/main.rs`), written against the crate
//!    generated from `compatible_additions/old`, compiles unchanged against the crate
//!    regenerated from `new` with the old `names.lock`.
//! 2. On the wire (`wire.rs`): for every pair `cargo xtask diff` calls minor or patch, a
//!    program written from the old lock alone (`probe.rs`) compiles against both crates and
//!    builds the same values and sends the same requests to a recording server. That is what
//!    catches a silent swap of same-typed arguments, which compiles; the check proves it can
//!    by catching one (a pair regenerated without its lock).
//! 3. cargo-semver-checks (`semver.rs`), an independent judge of Rust API compatibility,
//!    agrees with `diff`'s verdict on every pair, except where the break is one no Rust API
//!    check can see (a header that needs an opt-in at run time), each listed with its reason.

mod probe;
mod semver;
mod wire;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use codegen::changes::Bump;

use crate::codegen::workspace_root;
use crate::process::check_without_warnings;

/// The package name of the crates the hand-written user program uses (library `compat_api`).
const CRATE: &str = "compat-api";

pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let out = root.join("target/compat");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let pairs = pairs(&root)?;
    user_program_survives_regeneration(&root, &out)?;
    wire::same_requests(&root, &out.join("wire"), &pairs)?;
    semver::checks_agree(&root, &out.join("semver"), &pairs)
}

/// One fixture pair and the verdict of `cargo xtask diff` on it.
pub(crate) struct Pair {
    kind: String,
    bump: Bump,
}

/// Every pair of `tests/fixtures/changes`, with our verdict, sorted by kind.
fn pairs(root: &Path) -> Result<Vec<Pair>> {
    let folder = root.join("tests/fixtures/changes");
    let mut kinds: Vec<String> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot list {}", folder.display()))?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_>>()?;
    kinds.sort();
    kinds
        .into_iter()
        .map(|kind| {
            let bump = codegen::diff(
                &pair_spec(root, &kind, "old"),
                &pair_spec(root, &kind, "new"),
                &codegen::Options::default(),
            )
            .with_context(|| format!("cargo xtask diff of {kind}"))?
            .changes
            .bump();
            Ok(Pair { kind, bump })
        })
        .collect()
}

fn pair_spec(root: &Path, kind: &str, side: &str) -> PathBuf {
    root.join("tests/fixtures/changes")
        .join(kind)
        .join(side)
        .join("openapi.yaml")
}

/// The crates of a pair, generated as a regeneration makes them.
struct GeneratedPair {
    old: PathBuf,
    new: PathBuf,
    /// The `names.lock` the old crate wrote, which pinned the new one's names.
    old_lock: codegen::NamesLock,
}

/// How the two crates of a pair are named.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// `{package}-old` and `{package}-new`, to live in one workspace.
    PerSide,
    /// Both `{package}`, as two releases of one crate are.
    Same,
}

/// Generates the old and the new crate of a pair into `out/{package}-old` and
/// `out/{package}-new`: the new one with the `names.lock` the old one wrote, unless `pinned` is
/// false (how a regeneration without the lock, or a generator that ignored it, would make it).
fn generate_pair(
    root: &Path,
    kind: &str,
    out: &Path,
    (package, naming): (&str, Naming),
    pinned: bool,
) -> Result<GeneratedPair> {
    let lock = out.join(format!("{package}.lock"));
    let mut folders = Vec::new();
    let mut old_lock = None;
    for side in ["old", "new"] {
        let folder = out.join(format!("{package}-{side}"));
        let name = match naming {
            Naming::PerSide => format!("{package}-{side}"),
            Naming::Same => package.to_owned(),
        };
        let mut args = vec![
            "--spec".to_owned(),
            pair_spec(root, kind, side).display().to_string(),
            "--out".to_owned(),
            folder.display().to_string(),
            "--name".to_owned(),
            name,
        ];
        if side == "old" || pinned {
            args.extend(["--names".to_owned(), lock.display().to_string()]);
        }
        crate::generate::run(&args)?;
        if side == "old" {
            let text = std::fs::read_to_string(&lock)?;
            old_lock = Some(codegen::NamesLock::parse(
                &text,
                &lock.display().to_string(),
            )?);
        }
        folders.push(folder);
    }
    let new = folders.pop().context("two folders")?;
    let old = folders.pop().context("two folders")?;
    Ok(GeneratedPair {
        old,
        new,
        old_lock: old_lock.context("the old crate's lock")?,
    })
}

fn user_program_survives_regeneration(root: &Path, out: &Path) -> Result<()> {
    let crates = out.join("crates");
    let pair = generate_pair(
        root,
        "compatible_additions",
        &crates,
        (CRATE, Naming::PerSide),
        true,
    )?;
    let user = out.join("user");
    std::fs::create_dir_all(&user)?;
    std::fs::copy(root.join("Cargo.lock"), user.join("Cargo.lock"))?;
    let program = root.join("tests/fixtures/compat_user/main.rs");
    for (side, crate_dir) in [("old", &pair.old), ("new", &pair.new)] {
        eprintln!("== the user program compiles against the {side} crate");
        let package = format!("{CRATE}-{side}");
        std::fs::write(
            user.join("Cargo.toml"),
            user_manifest(&program, &package, crate_dir),
        )?;
        check_without_warnings(&user, &root.join("target"), &[])?;
    }
    Ok(())
}

fn user_manifest(program: &Path, package: &str, api: &Path) -> String {
    format!(
        "[package]\nname = \"compat-user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[[bin]]\nname = \"compat-user\"\npath = {:?}\n\n[dependencies]\n\
         compat_api = {{ package = \"{package}\", path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        program.display().to_string(),
        api.display().to_string(),
    )
}
