//! `cargo xtask bench`: every benchmark of the project, in release mode, in one run.
//!
//! Targets are checked by reading these numbers, never by timed tests. Each measurement is
//! given next to a baseline measured in the same run on the same machine.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::codegen::workspace_root;
use crate::process::{capture, cargo, cargo_in, run_command};

/// Runs every benchmark and prints a summary.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let upstream = root.join("../shared/upstream-spec/idn/sailpoint-api.beta.yaml");
    println!("== generator: load + generate + format the whole upstream beta spec (release)");
    cargo(&root, &["build", "--release", "-q", "-p", "xtask"])?;
    let xtask = root.join("target/release/xtask");
    run_command(
        Command::new(&xtask)
            .args(["bench-generator", "--spec"])
            .arg(&upstream),
    )?;
    println!("\n== generator: the vendored spec/ (release)");
    run_command(
        Command::new(&xtask)
            .args(["bench-generator", "--spec"])
            .arg(root.join("spec/sailpoint-api.beta.yaml")),
    )?;

    println!("\n== generator: synthetic specs of doubling size (release)");
    run_command(Command::new(&xtask).arg("bench-scaling"))?;

    println!("\n== generated crate: cargo check of the whole beta spec's crate");
    let out = root.join("target/bench/beta-full");
    run_command(
        Command::new(&xtask)
            .args(["generate", "--name", "beta-full", "--spec"])
            .arg(&upstream)
            .arg("--out")
            .arg(&out),
    )?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    let target = root.join("target");
    cargo_in(&out, &target, &["check", "-q"])?; // dependencies, once
    let lib = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib)?;
    std::fs::write(&lib, text)?; // a fresh mtime: the next check redoes this crate only
    let started = Instant::now();
    cargo_in(&out, &target, &["check", "-q"])?;
    println!(
        "cargo check of the generated crate alone: {:.1} s",
        started.elapsed().as_secs_f64()
    );

    println!("\n== SDK over HTTP against the emulator (isc-bench)");
    cargo(
        &root,
        &[
            "run",
            "--release",
            "-q",
            "-p",
            "isc-tests",
            "--bin",
            "isc-bench",
        ],
    )?;

    println!("\n== password encryption vs openssl's RSA-2048 public-key operation");
    let ours = capture(Command::new(env!("CARGO")).current_dir(&root).args([
        "run",
        "--release",
        "-q",
        "-p",
        "sailpoint-beta",
        "--example",
        "encrypt_bench",
    ]))?;
    print!("{ours}");
    let speed = capture(Command::new("openssl").args(["speed", "-seconds", "2", "rsa2048"]))?;
    let line = speed
        .lines()
        .find(|line| line.trim_start().starts_with("rsa 2048"))
        .context("no `rsa 2048` line in the output of openssl speed")?;
    println!("openssl speed: {}", line.trim());
    // `encrypt_bench` ends its line with "N per second"; openssl's last column is verify/s,
    // the same public-exponent operation on the same modulus size.
    let ours_per_second = ours
        .split_whitespace()
        .rev()
        .skip_while(|word| *word != "second")
        .nth(2)
        .and_then(|word| word.parse::<f64>().ok());
    let openssl_per_second = line
        .split_whitespace()
        .last()
        .and_then(|word| word.parse::<f64>().ok());
    if let (Some(ours), Some(openssl)) = (ours_per_second, openssl_per_second) {
        println!(
            "encryption: {:.1} µs per call, {ours:.0}/s; openssl public-key ops: {openssl:.0}/s; \
             our time per call is {:.2}x openssl's",
            1e6 / ours,
            openssl / ours
        );
    }
    Ok(())
}

/// `xtask bench-generator --spec FILE`: times loading alone (the baseline) and the whole
/// generation, in this process, and reports peak memory.
pub(crate) fn generator(args: &[String]) -> Result<()> {
    let spec = match args {
        [flag, spec] if flag == "--spec" => Path::new(spec),
        _ => bail!("usage: xtask bench-generator --spec FILE"),
    };
    const RUNS: usize = 7;
    let mut load_times = Vec::new();
    let mut generate_times = Vec::new();
    let mut summary = String::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let loaded = codegen::load(spec)?;
        load_times.push(started.elapsed());
        drop(loaded);
        let started = Instant::now();
        let generated = codegen::generate(spec, &codegen::Options::default())?;
        generate_times.push(started.elapsed());
        let lines: usize = generated
            .files
            .iter()
            .map(|file| file.contents.lines().count())
            .sum();
        summary = format!(
            "{} operations, {} types, {} files, {lines} lines, {} warnings",
            generated.api.operations.len(),
            generated.api.types.len(),
            generated.files.len(),
            generated.warnings.len()
        );
    }
    let load = median(&mut load_times);
    let total = median(&mut generate_times);
    println!("{summary}");
    println!(
        "median of {RUNS}: load (baseline: read + parse every file) {:.0} ms; load + generate + format {:.0} ms; ratio {:.2}; target < 1000 ms: {}",
        load.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        total.as_secs_f64() / load.as_secs_f64(),
        if total < Duration::from_secs(1) { "met" } else { "MISSED" }
    );
    if let Some(peak) = peak_memory() {
        println!("peak memory (VmHWM): {peak}");
    }
    Ok(())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// This process's peak resident set, from `/proc/self/status`.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}
