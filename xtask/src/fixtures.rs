//! `cargo xtask fixtures`: every fixture spec of `tests/fixtures/roots.txt`, generated as a
//! standalone crate, `cargo check`ed without a warning and its doc examples compiled, so that a
//! fixture's output is proved to compile, not only pinned as text, with and without its `mock`
//! feature. A user's test in `tests/fixtures/user_tests/<fixture>.rs`, written against the
//! generated crate's public API and mocks alone, runs as that crate's `tests/user.rs`. The
//! crates form one throwaway workspace under `target/fixtures`, sharing the workspace's build
//! cache. Then `compat.rs` proves that regenerating after compatible upstream changes breaks
//! no user code.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::codegen::workspace_root;
use crate::process::{check_without_warnings, run_command};

pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let out = root.join("target/fixtures");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let index = std::fs::read_to_string(root.join("tests/fixtures/roots.txt"))?;
    let mut members = Vec::new();
    let mut user_tests = Vec::new();
    for line in index
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
    {
        let Some((name, spec)) = line.split_once(' ') else {
            bail!("tests/fixtures/roots.txt: `{line}` is not `name root`");
        };
        let crate_name = format!("fixture-{}", name.replace('_', "-"));
        let user_test = root
            .join("tests/fixtures/user_tests")
            .join(format!("{name}.rs"));
        crate::generate::run(&[
            "--spec".to_owned(),
            root.join("tests/fixtures").join(spec).display().to_string(),
            "--out".to_owned(),
            out.join(name).display().to_string(),
            "--name".to_owned(),
            crate_name.clone(),
        ])?;
        if user_test.exists() {
            let tests = out.join(name).join("tests");
            std::fs::create_dir_all(&tests)?;
            std::fs::copy(&user_test, tests.join("user.rs"))?;
            user_tests.push(crate_name);
        }
        members.push(name.to_owned());
    }
    write_workspace(&out, &members)?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    eprintln!("== cargo check of {} fixture crates", members.len());
    // Generated code must be free of warnings too.
    check_without_warnings(&out, &root.join("target"), &["--workspace"])?;
    eprintln!("== ... and with their typed mocks");
    check_without_warnings(
        &out,
        &root.join("target"),
        &["--workspace", "--all-targets", "--features", "mock"],
    )?;
    for crate_name in &user_tests {
        eprintln!("== {crate_name}: a user's test against its mocks");
        run_command(
            Command::new(env!("CARGO"))
                .current_dir(&out)
                .env("CARGO_TARGET_DIR", root.join("target"))
                .args([
                    "test",
                    "--quiet",
                    "-p",
                    crate_name,
                    "--features",
                    "mock",
                    "--test",
                    "user",
                ]),
        )?;
    }
    eprintln!("== the fixture crates' doc examples compile (they are `no_run`)");
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .args(["test", "--workspace", "--doc", "--quiet"]),
    )?;
    crate::compat::run()
}

/// A workspace over the generated crates (each of which declares an empty `[workspace]` of its
/// own: that table is dropped from the members, which a workspace requires).
pub(crate) fn write_workspace(out: &Path, members: &[String]) -> Result<()> {
    for member in members {
        let manifest = out.join(member).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)?;
        let text = text.replace("# Not part of any enclosing workspace.\n[workspace]\n", "");
        std::fs::write(&manifest, text)?;
    }
    let list: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    std::fs::write(
        out.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )?;
    Ok(())
}
