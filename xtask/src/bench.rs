//! `cargo xtask bench`: every benchmark of the project, in release mode, in one run.
//!
//! Targets are checked by reading these numbers, never by timed tests. Each measurement is
//! given next to a baseline measured in the same run on the same machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::codegen::workspace_root;
use crate::compile_bench::Subject;
use crate::process::{capture, cargo, run_command};

/// Only the build-cost and generation-speed benchmarks (`cargo xtask bench-compile`).
pub(crate) fn compile_only(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let upstream = crate::upstream::beta_spec(&crate::upstream::specs_dir(args)?);
    cargo(&root, &["build", "--release", "-q", "-p", "xtask"])?;
    compile_benches(&root, &root.join("target/release/xtask"), &upstream)
}

/// The build-cost bench on SailPoint's beta spec, then on the two largest vendor specs of
/// `../shared/corpus` (where it is present).
fn compile_benches(root: &Path, xtask: &Path, upstream: &Path) -> Result<()> {
    crate::compile_bench::run(
        root,
        xtask,
        &Subject {
            name: "beta-full",
            spec: upstream,
            one_tag: Some("password_management"),
        },
    )?;
    for spec in largest_corpus_specs(root, 2)? {
        let name = format!("corpus-{}", crate::corpus::file_name_words(&spec));
        println!(
            "\n== the same for {} ({:.1} MB)",
            spec.display(),
            megabytes(&spec)
        );
        crate::compile_bench::run(
            root,
            xtask,
            &Subject {
                name: &name,
                spec: &spec,
                one_tag: None,
            },
        )?;
    }
    Ok(())
}

/// The `count` largest spec files of `../shared/corpus`, largest first; none without it.
fn largest_corpus_specs(root: &Path, count: usize) -> Result<Vec<PathBuf>> {
    let corpus = root.join("../shared/corpus");
    if !corpus.is_dir() {
        return Ok(Vec::new());
    }
    let mut specs = crate::corpus::spec_files(&corpus)?;
    specs.sort_by_key(|spec| std::cmp::Reverse(file_size(spec)));
    specs.truncate(count);
    Ok(specs)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}

#[allow(clippy::cast_precision_loss)] // A size for people to read.
fn megabytes(path: &Path) -> f64 {
    file_size(path) as f64 / 1e6
}

/// Runs every benchmark and prints a summary.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let upstream = crate::upstream::beta_spec(&crate::upstream::specs_dir(args)?);
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

    for spec in largest_corpus_specs(&root, 2)? {
        println!(
            "\n== generator: {} ({:.1} MB), a vendor spec (release)",
            spec.display(),
            megabytes(&spec)
        );
        run_command(
            Command::new(&xtask)
                .args(["bench-generator", "--spec"])
                .arg(&spec),
        )?;
    }

    println!("\n== generator: synthetic specs of doubling size (release)");
    run_command(Command::new(&xtask).arg("bench-scaling"))?;

    println!("\n== generated crate: build cost and generation speed, against openapi-generator");
    compile_benches(&root, &xtask, &upstream)?;

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

    println!(
        "\n== decoding models: wide and deep bodies, against parsing the same text into a \
         serde_json::Value (release); a flat ratio means decoding is linear in the body"
    );
    cargo(
        &root,
        &[
            "run",
            "--release",
            "-q",
            "-p",
            "isc-runtime",
            "--example",
            "decode_bench",
        ],
    )?;

    println!("\n== password encryption vs openssl's RSA-2048 public-key operation");
    let ours = capture(Command::new(env!("CARGO")).current_dir(&root).args([
        "run",
        "--release",
        "-q",
        "-p",
        "sailpoint-password",
        "--example",
        "encrypt_bench",
    ]))?;
    print!("{ours}");
    let speed = capture(Command::new("openssl").args(["speed", "-seconds", "2", "rsa2048"]))?;
    let ours_per_second = ours
        .split_whitespace()
        .rev()
        .skip_while(|word| *word != "second")
        .nth(2)
        .and_then(|word| word.parse::<f64>().ok());
    match (ours_per_second, openssl_verify_per_second(&speed)) {
        (Some(ours), Some(openssl)) => println!(
            "encryption: {:.1} µs per call, {ours:.0}/s; openssl public-key (verify) ops: \
             {openssl:.0}/s; our time per call is {:.2}x openssl's",
            1e6 / ours,
            openssl / ours
        ),
        _ => println!("could not read the rates; openssl printed:\n{speed}"),
    }
    Ok(())
}

/// The public-key operations per second in `openssl speed rsa2048` output: the `verify/s`
/// column of the RSA 2048 row. OpenSSL 3.0 prints `sign verify sign/s verify/s`, later versions
/// add encrypt and decrypt columns and name the row `rsa2048` instead of `rsa 2048 bits`.
fn openssl_verify_per_second(output: &str) -> Option<f64> {
    let header = output.lines().find(|line| line.contains("verify/s"))?;
    let column = header
        .split_whitespace()
        .position(|word| word == "verify/s")?;
    let row = output.lines().find(|line| {
        let line = line.trim_start();
        line.starts_with("rsa 2048") || line.starts_with("rsa2048")
    })?;
    // The header has no label for the row name, which is one word (`rsa2048`) or three
    // (`rsa 2048 bits`); the rates are the row's last columns, like the header's.
    let header_words = header.split_whitespace().count();
    let values: Vec<&str> = row.split_whitespace().collect();
    let first_value = values.len().checked_sub(header_words)?;
    values.get(first_value + column)?.parse().ok()
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
    // Speed per megabyte of input: what makes a 3 MB vendor file comparable with SailPoint's
    // spec of a thousand small files.
    let (loaded, _) = codegen::load(spec)?;
    let folder = spec.parent().unwrap_or(Path::new("."));
    let bytes: u64 = loaded
        .file_names()
        .map(|name| file_size(&folder.join(name)))
        .sum();
    #[allow(clippy::cast_precision_loss)] // A size for people to read.
    let input_megabytes = bytes as f64 / 1e6;
    println!("{summary}");
    println!(
        "input: {} files, {input_megabytes:.2} MB; load + generate + format: {:.0} ms per MB",
        loaded.file_names().count(),
        total.as_secs_f64() * 1e3 / input_megabytes.max(f64::EPSILON)
    );
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

pub(crate) fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// This process's peak resident set, from `/proc/self/status`.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::openssl_verify_per_second;

    #[test]
    fn reads_the_verify_rate_of_old_and_new_openssl() {
        let old = "                  sign    verify    sign/s verify/s\n\
                   rsa 2048 bits 0.000245s 0.000016s   4078.5  61212.1\n";
        assert_eq!(openssl_verify_per_second(old), Some(61212.1));
        let new = "                   sign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s\n\
                   rsa2048        0.000600s 0.000017s 0.000018s 0.000590s  1666.7  58823.5  55555.6  1694.9\n";
        assert_eq!(openssl_verify_per_second(new), Some(58823.5));
    }
}
