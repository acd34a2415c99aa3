//! `cargo xtask upstream [--specs DIR]`: every check that needs SailPoint's own spec
//! repository, which a fresh clone of this workspace does not have (so `cargo test` never
//! reads it). `DIR` defaults to `../shared/upstream-spec`.
//!
//! 1. The upstream tests (`tests/tests/upstream.rs`, ignored by a plain `cargo test`): every
//!    beta operation generates, the generation report is pinned by a snapshot, tag selection
//!    and strict mode work on the real spec.
//! 2. The crate generated from the whole beta spec passes `cargo check` with no warning and no
//!    error, with every feature and with single tags alone (a sample; `--all-tags`: every one).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::codegen::workspace_root;
use crate::process::{check_without_warnings, run_command};

/// The upstream spec folder, when `--specs` is not given.
const DEFAULT_SPECS: &str = "../shared/upstream-spec";

/// The beta root file inside the spec folder.
const BETA_ROOT: &str = "idn/sailpoint-api.beta.yaml";

/// `DIR` from `--specs DIR`, else the default, checked to hold the beta spec.
pub(crate) fn specs_dir(args: &[String]) -> Result<PathBuf> {
    let dir = match args {
        [] => workspace_root().join(DEFAULT_SPECS),
        [flag, dir] if flag == "--specs" => PathBuf::from(dir),
        _ => bail!("usage: cargo xtask upstream [--specs DIR] [--all-tags]"),
    };
    if !dir.join(BETA_ROOT).is_file() {
        bail!(
            "{} has no {BETA_ROOT}; pass the folder of a checkout of SailPoint's API spec repository with --specs DIR",
            dir.display()
        );
    }
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// The whole upstream beta spec's root file.
pub(crate) fn beta_spec(specs: &Path) -> PathBuf {
    specs.join(BETA_ROOT)
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let all_tags = args.iter().any(|arg| arg == "--all-tags");
    let args: Vec<String> = args
        .iter()
        .filter(|arg| *arg != "--all-tags")
        .cloned()
        .collect();
    let specs = specs_dir(&args)?;
    let root = workspace_root();

    eprintln!("== upstream tests against {}", specs.display());
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(&root)
            .env("ISC_UPSTREAM_SPECS", &specs)
            .args([
                "test",
                "-p",
                "isc-tests",
                "--test",
                "upstream",
                "--",
                "--ignored",
            ]),
    )?;

    eprintln!("== generate the whole beta crate and cargo check it (no errors, no warnings)");
    let out = root.join("target/upstream/beta-full");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    crate::generate::run(&[
        "--spec".to_owned(),
        beta_spec(&specs).display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
        "--name".to_owned(),
        "beta-full".to_owned(),
    ])?;
    // The workspace's versions, so the shared target dir is reused.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    check_without_warnings(&out, &root.join("target"), &[])?;
    eprintln!("== ... and with its typed mocks (--features mock)");
    check_without_warnings(&out, &root.join("target"), &["--features", "mock"])?;
    // Each tag is a Cargo feature; a user who turns on one must get a crate that compiles,
    // with its mocks too.
    // A sample here (`--all-tags` checks every one): the first, the last, and ours.
    let tags = feature_names(&out)?;
    let sample: Vec<&String> = if all_tags {
        tags.iter().collect()
    } else {
        let mut sample: Vec<&String> = tags.first().into_iter().chain(tags.last()).collect();
        sample.extend(tags.iter().filter(|tag| *tag == "password_management"));
        sample
    };
    for tag in sample {
        eprintln!("== cargo check --no-default-features --features {tag}[,mock]");
        check_without_warnings(
            &out,
            &root.join("target"),
            &["--no-default-features", "--features", tag],
        )?;
        check_without_warnings(
            &out,
            &root.join("target"),
            &[
                "--no-default-features",
                "--features",
                &format!("{tag},mock"),
            ],
        )?;
    }
    let report = std::fs::read_to_string(out.join("GENERATION_REPORT.md"))?;
    for line in report
        .lines()
        .filter(|line| line.contains("operations generated") || line.contains("warnings:"))
    {
        eprintln!("{line}");
    }
    Ok(())
}

/// The per-tag features of a generated crate's manifest (every feature but `default` and
/// `full`), in manifest order.
fn feature_names(crate_dir: &Path) -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml"))?;
    let features = manifest
        .split_once("[features]\n")
        .map(|(_, table)| table)
        .unwrap_or_default();
    Ok(features
        .lines()
        .filter_map(|line| line.strip_suffix(" = []"))
        .map(str::to_owned)
        .collect())
}
