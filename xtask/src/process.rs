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
