//! The build-cost and generation-speed benchmarks of `cargo xtask bench`: cold `cargo check`
//! of the crate generated from a whole spec (the crate alone, its dependencies built
//! beforehand), with every feature and, for SailPoint's beta spec, with one tag, and, where
//! `openapi-generator-cli` is installed (`pip install openapi-generator-cli==7.26.0`, Java 17),
//! the same for its Rust output as the baseline, measured in the same run. Run on SailPoint's
//! beta spec and on the two largest vendor specs of `../shared/corpus`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Result;

/// One spec to measure.
pub(crate) struct Subject<'a> {
    /// The crate's name (and its folder's under `target/bench`).
    pub(crate) name: &'a str,
    pub(crate) spec: &'a Path,
    /// A tag (Cargo feature) to check alone as well: ours, in SailPoint's spec.
    pub(crate) one_tag: Option<&'a str>,
}

/// How openapi-generator is run, when it is installed.
const OPENAPI_GENERATOR: &str = "openapi-generator-cli";

/// How many times each generator runs; the medians are compared.
const GENERATION_RUNS: usize = 5;

pub(crate) fn run(root: &Path, xtask: &Path, subject: &Subject<'_>) -> Result<()> {
    let target = root.join("target");
    let spec = subject.spec;
    let baseline_installed = Command::new(OPENAPI_GENERATOR)
        .arg("version")
        .output()
        .is_ok_and(|output| output.status.success());
    let generation = time_generation(root, xtask, subject, baseline_installed)?;
    // The crates checked below, in stable folders so the shared target folder is reused
    // between benches; generated again, untimed.
    let ours = root.join("target/bench").join(subject.name);
    crate::process::run_command(&mut generate_ours(xtask, subject, &ours))?;
    std::fs::copy(root.join("Cargo.lock"), ours.join("Cargo.lock"))?;
    // Dependencies once, in both feature sets, so the timed runs compile the crate alone.
    check(&ours, &target, &[])?;
    let one_tag_args = subject
        .one_tag
        .map(|tag| ["--no-default-features", "--features", tag]);
    if let Some(args) = &one_tag_args {
        check(&ours, &target, args)?;
    }
    // The mocks are measured on the SailPoint crate (the subject with a tag to single out).
    let mock_args = ["--features", "mock"];
    if subject.one_tag.is_some() {
        check(&ours, &target, &mock_args)?;
    }
    let full = cold_check(&ours, &target, &[])?;
    println!(
        "generation (release xtask generate, median of {GENERATION_RUNS}): {:.2} s",
        generation.ours.as_secs_f64()
    );
    println!(
        "cold cargo check, crate alone, all features: {:.1} s",
        full.as_secs_f64()
    );
    if let (Some(args), Some(tag)) = (&one_tag_args, subject.one_tag) {
        let one_tag = cold_check(&ours, &target, args)?;
        println!(
            "cold cargo check, crate alone, only `{tag}`: {:.1} s = {:.3}x the full crate (target <= 0.1x)",
            one_tag.as_secs_f64(),
            ratio(one_tag, full)
        );
        let with_mocks = cold_check(&ours, &target, &mock_args)?;
        println!(
            "cold cargo check, crate alone, all features and `mock`: {:.1} s = {:.2}x without mocks (target <= 1.3x)",
            with_mocks.as_secs_f64(),
            ratio(with_mocks, full)
        );
    }

    let Some(their_generation) = generation.theirs else {
        if !baseline_installed {
            println!(
                "baseline: `{OPENAPI_GENERATOR}` is not installed (pip install openapi-generator-cli==7.26.0, needs Java 17); skipped"
            );
        }
        return Ok(());
    };
    println!(
        "baseline generation (openapi-generator, median of {GENERATION_RUNS}): {:.2} s; ours is {:.1}x faster (target >= 15x)",
        their_generation.as_secs_f64(),
        ratio(their_generation, generation.ours)
    );
    let theirs = root
        .join("target/bench")
        .join(format!("openapi-generator-{}", subject.name));
    if theirs.exists() {
        std::fs::remove_dir_all(&theirs)?;
    }
    crate::process::run_command(&mut generate_theirs(spec, &theirs))?;
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

/// The generation times (medians).
struct Generation {
    ours: Duration,
    theirs: Option<Duration>,
}

/// Runs both generators [`GENERATION_RUNS`] times, alternating, each time into a folder that
/// did not exist, as a user's first generation would, on a RAM-backed file system where the
/// machine has one (`/dev/shm`).
///
/// That measures the generators, not the disk: on ext4 without a journal (this machine's),
/// every new file skips past the inodes freed in the last minutes, so creating thousands of
/// files soon after thousands were deleted (a previous bench, `cargo clean`) costs seconds of
/// kernel time, whichever tool writes them.
fn time_generation(
    root: &Path,
    xtask: &Path,
    subject: &Subject<'_>,
    baseline_installed: bool,
) -> Result<Generation> {
    let shm = Path::new("/dev/shm");
    let scratch = ScratchFolder(if shm.is_dir() {
        shm.join(format!("isc-generation-bench-{}", std::process::id()))
    } else {
        root.join("target/bench/generation")
    });
    if scratch.0.exists() {
        std::fs::remove_dir_all(&scratch.0)?;
    }
    std::fs::create_dir_all(&scratch.0)?;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut baseline_installed = baseline_installed;
    for run in 0..GENERATION_RUNS {
        settle_disk();
        ours.push(time_command(&mut generate_ours(
            xtask,
            subject,
            &scratch.0.join(format!("ours-{run}")),
        ))?);
        if baseline_installed {
            settle_disk();
            match time_command(&mut generate_theirs(
                subject.spec,
                &scratch.0.join(format!("theirs-{run}")),
            )) {
                Ok(time) => theirs.push(time),
                Err(error) => {
                    println!("baseline: openapi-generator does not generate this spec: {error:#}");
                    baseline_installed = false;
                    theirs.clear();
                }
            }
        }
    }
    let seconds = |times: &[Duration]| {
        let texts: Vec<String> = times
            .iter()
            .map(|time| format!("{:.2}", time.as_secs_f64()))
            .collect();
        texts.join(", ")
    };
    println!(
        "generation runs into fresh folders under {} (s): ours {}",
        scratch.0.display(),
        seconds(&ours)
    );
    if !theirs.is_empty() {
        println!(
            "generation runs (s): openapi-generator {}",
            seconds(&theirs)
        );
    }
    Ok(Generation {
        ours: crate::bench::median(&mut ours),
        theirs: (!theirs.is_empty()).then(|| crate::bench::median(&mut theirs)),
    })
}

/// A folder removed when dropped, error or not (the timed runs leave tens of thousands of
/// files, in RAM on `/dev/shm`).
struct ScratchFolder(PathBuf);

impl Drop for ScratchFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn generate_ours(xtask: &Path, subject: &Subject<'_>, out: &Path) -> Command {
    let mut command = Command::new(xtask);
    command
        .args(["generate", "--name", subject.name, "--spec"])
        .arg(subject.spec)
        .arg("--out")
        .arg(out);
    command
}

fn generate_theirs(spec: &Path, out: &Path) -> Command {
    let mut command = Command::new(OPENAPI_GENERATOR);
    command
        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdout(std::process::Stdio::null());
    command
}

/// Flushes the previous run's written files to disk (`sync`), so that neither generator pays
/// for the other's write-back. Where `sync` is missing, runs are timed without it.
fn settle_disk() {
    let _ = Command::new("sync").status();
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
