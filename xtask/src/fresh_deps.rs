//! `cargo xtask fresh-deps`: the workspace built as a new user's project would build it. A user
//! who adds our crates resolves the newest compatible version of every dependency, not our
//! `Cargo.lock`, and a dependency's minor release can deprecate what we call (rustls 0.23.48
//! did). So: copy the workspace (tracked files and untracked ones git does not ignore) to
//! `target/fresh-deps/workspace`, `cargo update` the copy (the committed `Cargo.lock` is never
//! touched), and run clippy on everything there with `-D warnings`; any warning fails, cargo's
//! own included. The copy's build cache is `target/fresh-deps/target`, kept between runs, and
//! copied files keep their modification times, so a second run rebuilds only what changed.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::codegen::workspace_root;
use crate::process::{capture, run_command};

pub(crate) fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask fresh-deps (it takes no arguments)");
    }
    let root = workspace_root();
    let scratch = root.join("target/fresh-deps");
    let copy = scratch.join("workspace");
    let target = scratch.join("target");
    if copy.exists() {
        std::fs::remove_dir_all(&copy)
            .with_context(|| format!("cannot clear {}", copy.display()))?;
    }
    let copied = copy_workspace(&root, &copy)?;
    eprintln!("== copied {copied} files to {}", copy.display());

    eprintln!("== cargo update: the newest compatible version of every dependency");
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(&copy)
            // The newest versions, as a new project resolves them, whatever our `rust-version`
            // says (were the workspace ever on resolver 3, which would hold back to it).
            .env("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "allow")
            .arg("update"),
    )?;

    eprintln!("== cargo clippy --workspace --all-targets --all-features -- -D warnings");
    clippy_without_warnings(&copy, &target)?;
    eprintln!("== no warning with the newest dependency versions");
    Ok(())
}

/// Copies every file git tracks or would track (not ignored) from `root` to `copy`, keeping
/// modification times; returns how many. A tracked file deleted from the work tree is skipped.
fn copy_workspace(root: &Path, copy: &Path) -> Result<usize> {
    let listing = capture(Command::new("git").current_dir(root).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]))?;
    let mut copied = 0;
    for relative in listing.split('\0').filter(|path| !path.is_empty()) {
        let from = root.join(relative);
        let Ok(metadata) = std::fs::symlink_metadata(&from) else {
            continue;
        };
        if !metadata.is_file() {
            // Deleted-but-tracked paths are gone above; symlinks and submodules are not ours.
            continue;
        }
        let to = copy.join(relative);
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::copy(&from, &to)
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        // The original times, so that cargo sees unchanged sources as unchanged next time.
        let modified = metadata.modified()?;
        std::fs::File::options()
            .write(true)
            .open(&to)
            .and_then(|file| file.set_modified(modified))
            .with_context(|| format!("cannot set the time of {}", to.display()))?;
        copied += 1;
    }
    if copied == 0 {
        bail!("git ls-files listed no file in {}", root.display());
    }
    Ok(copied)
}

/// `cargo clippy` over the whole copy, its output shown as it comes; fails when clippy does or
/// when any line is a warning (`-D warnings` makes rustc's and clippy's errors, but cargo's own
/// warnings, a future-incompatibility report for instance, stay warnings).
fn clippy_without_warnings(dir: &Path, target: &Path) -> Result<()> {
    let mut child = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run cargo clippy")?;
    let stderr = child.stderr.take().context("cargo's stderr is piped")?;
    let mut diagnostics = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.context("cannot read cargo's output")?;
        eprintln!("{line}");
        if line.starts_with("warning") || line.starts_with("error") {
            diagnostics.push(line);
        }
    }
    let status = child.wait().context("cannot wait for cargo clippy")?;
    if !status.success() || !diagnostics.is_empty() {
        bail!(
            "with the newest dependency versions, cargo clippy in {} failed ({status}):\n{}",
            dir.display(),
            diagnostics.join("\n")
        );
    }
    Ok(())
}
