//! Running cargo and other commands from the xtask, failing with the command line when they fail.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// `cargo ARGS` in the folder `root`.
pub(crate) fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    run_command(Command::new(env!("CARGO")).current_dir(root).args(args))
}

/// `cargo ARGS` in `dir` with `target` as the target dir (a generated crate sharing the
/// workspace's build cache).
pub(crate) fn cargo_in(dir: &Path, target: &Path, args: &[&str]) -> Result<()> {
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .args(args),
    )
}

/// Runs `command` to the end; an error naming it when it cannot start or fails.
pub(crate) fn run_command(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

/// Runs `command` and returns its standard output; an error naming it when it fails.
pub(crate) fn capture(command: &mut Command) -> Result<String> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `cargo check ARGS` in `dir` with `target` as the target dir; any warning or error fails,
/// with the diagnostics in the message.
pub(crate) fn check_without_warnings(dir: &Path, target: &Path, args: &[&str]) -> Result<()> {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(["check", "--message-format", "short"])
        .args(args)
        .output()
        .with_context(|| format!("cannot run cargo check in {}", dir.display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // In the short format a diagnostic reads `src/x.rs:1:2: warning: ...`, and cargo adds a
    // `warning: ... generated N warnings` summary line.
    let diagnostics: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            line.starts_with("warning")
                || line.starts_with("error")
                || line.contains(": warning")
                || line.contains(": error")
        })
        .collect();
    if !output.status.success() || !diagnostics.is_empty() {
        bail!(
            "cargo check in {} found warnings or errors:\n{}",
            dir.display(),
            diagnostics.join("\n")
        );
    }
    Ok(())
}
