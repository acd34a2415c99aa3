//! The build-cost and generation-speed benchmarks of `cargo xtask bench`: cold `cargo check`
//! of the crate generated from the whole beta spec (the crate alone, its dependencies built
//! beforehand), with every feature and with one tag, and, where `openapi-generator-cli` is
//! installed (`pip install openapi-generator-cli==7.26.0`, Java 17), the same for its Rust
//! output as the baseline, measured in the same run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Result;

/// The tag checked alone: ours.
const ONE_TAG: &str = "password_management";

/// How openapi-generator is run, when it is installed.
const OPENAPI_GENERATOR: &str = "openapi-generator-cli";

/// How many times each generator runs; the medians are compared.
const GENERATION_RUNS: usize = 3;

pub(crate) fn run(root: &Path, xtask: &Path, spec: &Path) -> Result<()> {
    let target = root.join("target");
    let baseline_installed = Command::new(OPENAPI_GENERATOR)
        .arg("version")
        .output()
        .is_ok_and(|output| output.status.success());
    let generation = time_generation(root, xtask, spec, baseline_installed)?;
    let ours = generation.ours_dir.clone();
    std::fs::copy(root.join("Cargo.lock"), ours.join("Cargo.lock"))?;
    // Dependencies once, in both feature sets, so the timed runs compile the crate alone.
    check(&ours, &target, &[])?;
    check(
        &ours,
        &target,
        &["--no-default-features", "--features", ONE_TAG],
    )?;
    let full = cold_check(&ours, &target, &[])?;
    let one_tag = cold_check(
        &ours,
        &target,
        &["--no-default-features", "--features", ONE_TAG],
    )?;
    println!(
        "generation (release xtask generate, median of {GENERATION_RUNS}): {:.2} s",
        generation.ours.as_secs_f64()
    );
    println!(
        "cold cargo check, crate alone, all features: {:.1} s",
        full.as_secs_f64()
    );
    println!(
        "cold cargo check, crate alone, only `{ONE_TAG}`: {:.1} s = {:.3}x the full crate (target <= 0.1x)",
        one_tag.as_secs_f64(),
        ratio(one_tag, full)
    );

    let (Some(their_generation), Some(theirs)) = (generation.theirs, generation.theirs_dir) else {
        println!(
            "baseline: `{OPENAPI_GENERATOR}` is not installed (pip install openapi-generator-cli==7.26.0, needs Java 17); skipped"
        );
        return Ok(());
    };
    println!(
        "baseline generation (openapi-generator, median of {GENERATION_RUNS}): {:.2} s; ours is {:.1}x faster (target >= 15x)",
        their_generation.as_secs_f64(),
        ratio(their_generation, generation.ours)
    );
    // Outside this workspace, like ours, and on the workspace's dependency versions where they
    // agree, so the shared build cache is used.
    let manifest = theirs.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
    // Its own dependencies, once (a failing check still builds them).
    let _ = check(&theirs, &target, &[]);
    let (their_check, errors) = cold_check_outcome(&theirs, &target)?;
    let succeeded = errors.is_none();
    if let Some(errors) = &errors {
        println!("baseline check failed: {errors}");
    }
    println!(
        "baseline cold cargo check (openapi-generator, crate alone): {:.1} s{}; ours, all features, is {:.2}x its time (target <= 0.5x)",
        their_check.as_secs_f64(),
        if succeeded { "" } else { ", and it fails with errors" },
        ratio(full, their_check)
    );
    Ok(())
}

/// The generation times (medians) and the folders of the last runs.
struct Generation {
    ours: Duration,
    ours_dir: PathBuf,
    theirs: Option<Duration>,
    theirs_dir: Option<PathBuf>,
}

/// Runs both generators [`GENERATION_RUNS`] times, alternating, each time into a folder that
/// did not exist, as a user's first generation would.
///
/// The previous bench's output is moved aside before timing and deleted after: on ext4
/// without a journal (this machine's disk), creating files just after thousands were deleted
/// spends seconds of kernel time skipping the recently freed inodes, whichever tool writes.
fn time_generation(
    root: &Path,
    xtask: &Path,
    spec: &Path,
    baseline_installed: bool,
) -> Result<Generation> {
    let folder = root.join("target/bench/generation");
    let stale = root.join(format!(
        "target/bench/generation-stale-{}",
        std::process::id()
    ));
    if folder.exists() {
        std::fs::rename(&folder, &stale)?;
    }
    std::fs::create_dir_all(&folder)?;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for run in 0..GENERATION_RUNS {
        ours.push(time_command(
            Command::new(xtask)
                .args(["generate", "--name", "beta-full", "--spec"])
                .arg(spec)
                .arg("--out")
                .arg(folder.join(format!("ours-{run}"))),
        )?);
        if baseline_installed {
            theirs.push(time_command(
                Command::new(OPENAPI_GENERATOR)
                    .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                    .arg(spec)
                    .arg("-o")
                    .arg(folder.join(format!("theirs-{run}")))
                    .stdout(std::process::Stdio::null()),
            )?);
        }
    }
    if stale.exists() {
        std::fs::remove_dir_all(&stale)?;
    }
    let last = GENERATION_RUNS - 1;
    Ok(Generation {
        ours: crate::bench::median(&mut ours),
        ours_dir: folder.join(format!("ours-{last}")),
        theirs: baseline_installed.then(|| crate::bench::median(&mut theirs)),
        theirs_dir: baseline_installed.then(|| folder.join(format!("theirs-{last}"))),
    })
}

fn ratio(numerator: Duration, denominator: Duration) -> f64 {
    numerator.as_secs_f64() / denominator.as_secs_f64().max(f64::EPSILON)
}

fn time_command(command: &mut Command) -> Result<Duration> {
    let started = Instant::now();
    crate::process::run_command(command)?;
    Ok(started.elapsed())
}

fn check(dir: &Path, target: &Path, args: &[&str]) -> Result<()> {
    crate::process::cargo_in(dir, target, &[&["check", "-q"], args].concat())
}

/// `cargo check ARGS` with a fresh `src/lib.rs` mtime and no incremental cache, so the crate
/// itself is compiled from nothing (its dependencies stay built), as in a user's first build.
fn cold_check(dir: &Path, target: &Path, args: &[&str]) -> Result<Duration> {
    touch(&dir.join("src/lib.rs"))?;
    let started = Instant::now();
    crate::process::run_command(
        Command::new(env!("CARGO"))
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .args([&["check", "-q"], args].concat()),
    )?;
    Ok(started.elapsed())
}

/// `cold_check` of a crate that may fail to compile: its time, and how many errors it had.
fn cold_check_outcome(dir: &Path, target: &Path) -> Result<(Duration, Option<String>)> {
    touch(&dir.join("src/lib.rs"))?;
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .args(["check", "-q"])
        .output()?;
    let elapsed = started.elapsed();
    if output.status.success() {
        return Ok((elapsed, None));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors = stderr
        .lines()
        .filter(|line| line.starts_with("error"))
        .count();
    let first = stderr
        .lines()
        .find(|line| line.starts_with("error"))
        .unwrap_or_default();
    Ok((
        elapsed,
        Some(format!("{errors} error lines, the first: {first}")),
    ))
}

fn touch(file: &Path) -> Result<()> {
    let text = std::fs::read(file)?;
    std::fs::write(file, text)?;
    Ok(())
}
