//! `cargo xtask roundtrip [--spec FILE]... [--suppressions FILE]`: proof that generated models
//! read and write what their schemas allow, over whole specs.
//!
//! For each spec, the crate is generated and a harness program is written beside it that
//! decodes every sample of `codegen::samples` (every type: all members, only the required ones,
//! nulls, each enum value, each `oneOf` variant, every valid spec example) into its Rust type
//! and prints what the type writes back. The harnesses of all specs are one throwaway
//! workspace, built once; `codegen::samples::judge` then checks each outcome (the same JSON,
//! numbers as numbers and date-times as instants, still fitting the schema). A failure may be
//! suppressed only by a line of the suppressions file (`FILE#POINTER LABEL: reason`).
//!
//! Without `--spec`: the committed specs, and where `../shared` is beside the workspace,
//! SailPoint's beta, v3 and v2024 specs and the vendor specs of `../shared/corpus`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::samples::{judge, Sample};

use crate::codegen::workspace_root;
use crate::process::{capture, run_command};

const USAGE: &str = "cargo xtask roundtrip [--spec FILE]... [--suppressions FILE]";

/// Where the reviewed exceptions live, one per line.
const SUPPRESSIONS: &str = "tests/fixtures/roundtrip.suppressions";

/// One spec to prove.
struct Target {
    name: String,
    spec: PathBuf,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let mut specs = Vec::new();
    let mut suppressions = root.join(SUPPRESSIONS);
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || crate::flag_value(&mut iter, flag);
        match flag.as_str() {
            "--spec" => specs.push(PathBuf::from(value()?)),
            "--suppressions" => suppressions = PathBuf::from(value()?),
            other => bail!("unknown argument {other:?}; usage: {USAGE}"),
        }
    }
    let targets = if specs.is_empty() {
        default_targets(&root)?
    } else {
        specs
            .into_iter()
            .map(|spec| Target {
                name: crate::corpus::file_name_words(&spec),
                spec,
            })
            .collect()
    };
    let suppressed = read_suppressions(&suppressions)?;
    let out = root.join("target/roundtrip");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let mut runs = Vec::new();
    let mut members = Vec::new();
    for target in targets {
        eprintln!("== generating {} ({})", target.name, target.spec.display());
        let package = format!("roundtrip-{}", target.name);
        let crate_dir = out.join("crates").join(&target.name);
        let generated = generate(&target, &package, &crate_dir)
            .with_context(|| format!("{} does not generate", target.name))?;
        let samples = codegen::samples::samples(&generated);
        let harness = out.join("harness").join(&target.name);
        write_harness(&harness, &package, &crate_dir, &samples.samples)?;
        members.push(format!("crates/{}", target.name));
        members.push(format!("harness/{}", target.name));
        runs.push((target, generated, samples));
    }
    crate::fixtures::write_workspace(&out, &members)?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    eprintln!("== building {} harnesses", runs.len());
    let target_dir = root.join("target");
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target_dir)
            .args(["build", "--workspace", "--quiet"]),
    )?;
    let mut table = String::from(
        "| spec | types | samples | passed | failed | suppressed | examples that do not fit their schema |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let mut failures = Vec::new();
    let mut used_suppressions = Vec::new();
    for (target, api, samples) in &runs {
        let binary = target_dir
            .join("debug")
            .join(format!("roundtrip-harness-{}", target.name));
        let output = capture(&mut Command::new(&binary))?;
        let outcomes: Vec<&str> = output.lines().collect();
        if outcomes.len() != samples.samples.len() {
            bail!(
                "{}: the harness printed {} outcomes for {} samples",
                target.name,
                outcomes.len(),
                samples.samples.len()
            );
        }
        let (mut passed, mut failed, mut excused) = (0, 0, 0);
        for (sample, outcome) in samples.samples.iter().zip(outcomes) {
            match judge(api, sample, outcome) {
                Ok(()) => passed += 1,
                Err(problem) => {
                    let key = format!("{} {}", sample.source, sample.label);
                    if suppressed.contains_key(&key) {
                        excused += 1;
                        used_suppressions.push(key);
                    } else {
                        failed += 1;
                        failures.push(format!(
                            "{}: `{}` ({}) {}: {problem}",
                            target.name, sample.source, sample.type_name, sample.label
                        ));
                    }
                }
            }
        }
        let _ = writeln!(
            table,
            "| {} | {} | {} | {passed} | {failed} | {excused} | {} |",
            target.name,
            api.types.len(),
            samples.samples.len(),
            samples.invalid_examples.len()
        );
    }
    println!("{table}");
    for (target, _, samples) in &runs {
        for invalid in &samples.invalid_examples {
            println!(
                "- {}: example not round-tripped, it does not fit its schema: `{}` ({}) {}: {}",
                target.name, invalid.source, invalid.type_name, invalid.label, invalid.problem
            );
        }
    }
    let unused: Vec<&String> = suppressed
        .keys()
        .filter(|key| !used_suppressions.contains(key))
        .collect();
    if !unused.is_empty() {
        println!("Suppressions no failure needs (remove them):");
        for key in &unused {
            println!("- {key}");
        }
    }
    if !failures.is_empty() {
        for failure in &failures {
            println!("FAILED {failure}");
        }
        bail!("{} samples did not round-trip", failures.len());
    }
    if !unused.is_empty() {
        bail!("{} suppressions match no failure", unused.len());
    }
    Ok(())
}

/// The committed specs, and SailPoint's and the vendors' where `../shared` has them.
fn default_targets(root: &Path) -> Result<Vec<Target>> {
    let mut targets: Vec<Target> = [
        ("beta", "spec/sailpoint-api.beta.yaml"),
        (
            "password-v1",
            "spec/sailpoint-api.password-management.v1.yaml",
        ),
        ("constructs", "tests/fixtures/constructs/openapi.yaml"),
    ]
    .into_iter()
    .map(|(name, spec)| Target {
        name: name.to_owned(),
        spec: root.join(spec),
    })
    .collect();
    let upstream = root.join("../shared/upstream-spec/idn");
    for version in ["beta", "v3", "v2024"] {
        let spec = upstream.join(format!("sailpoint-api.{version}.yaml"));
        if spec.is_file() {
            targets.push(Target {
                name: format!("upstream-{version}"),
                spec,
            });
        }
    }
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        targets.extend(
            crate::corpus::spec_files(&corpus)?
                .into_iter()
                .map(|spec| Target {
                    name: format!("corpus-{}", crate::corpus::file_name_words(&spec)),
                    spec,
                }),
        );
    }
    Ok(targets)
}

/// Generates the standalone crate of `target`; returns its API.
fn generate(target: &Target, package: &str, out: &Path) -> Result<codegen::ir::Api> {
    Ok(crate::corpus::generate_crate(&target.spec, package, out)?.api)
}

/// The harness: `check::<Type>(samples)` for every type, in the order of `samples`, each
/// printing `ok JSON` or `err MESSAGE` per sample.
fn write_harness(dir: &Path, package: &str, crate_dir: &Path, samples: &[Sample]) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let name = dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"roundtrip-harness-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\napi = {{ package = {package:?}, path = {:?} }}\n\
             serde = \"1\"\nserde_json = \"1\"\n",
            crate_dir.display().to_string()
        ),
    )?;
    let mut by_type: Vec<(&str, Vec<&str>)> = Vec::new();
    for sample in samples {
        match by_type.last_mut() {
            Some((name, texts)) if *name == sample.type_name => texts.push(&sample.text),
            _ => by_type.push((&sample.type_name, vec![&sample.text])),
        }
    }
    let mut program = String::from(
        "//! Generated by `cargo xtask roundtrip`: decodes each sample into its type and prints \
         what the type writes back.\n#![allow(deprecated)]\n\n\
         fn check<T: serde::de::DeserializeOwned + serde::Serialize>(samples: &[&str]) {\n    \
         for sample in samples {\n        \
         match serde_json::from_str::<T>(sample) {\n            \
         Ok(value) => match serde_json::to_string(&value) {\n                \
         Ok(text) => println!(\"ok {text}\"),\n                \
         Err(error) => println!(\"err writing back: {}\", error.to_string().replace('\\n', \" \")),\n            \
         },\n            \
         Err(error) => println!(\"err {}\", error.to_string().replace('\\n', \" \")),\n        \
         }\n    }\n}\n\n",
    );
    // Split into functions of a few hundred calls, which compile faster than one huge `main`.
    let chunks: Vec<_> = by_type.chunks(200).collect();
    for (index, chunk) in chunks.iter().enumerate() {
        let _ = writeln!(program, "fn part_{index}() {{");
        for (type_name, texts) in *chunk {
            let texts: Vec<String> = texts.iter().map(|text| format!("{text:?}")).collect();
            let _ = writeln!(
                program,
                "    check::<api::models::{type_name}>(&[{}]);",
                texts.join(", ")
            );
        }
        program.push_str("}\n\n");
    }
    program.push_str("fn main() {\n");
    for index in 0..chunks.len() {
        let _ = writeln!(program, "    part_{index}();");
    }
    program.push_str("}\n");
    std::fs::write(dir.join("src/main.rs"), program)?;
    Ok(())
}

/// The reviewed exceptions: `FILE#POINTER LABEL: reason`, keyed by `FILE#POINTER LABEL`. A line
/// without a reason is refused.
fn read_suppressions(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut suppressed = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, reason)) = line.rsplit_once(": ") else {
            bail!(
                "{}:{}: `FILE#POINTER LABEL: reason` expected",
                path.display(),
                number + 1
            );
        };
        if reason.trim().is_empty() {
            bail!(
                "{}:{}: a suppression needs a reason",
                path.display(),
                number + 1
            );
        }
        suppressed.insert(key.trim().to_owned(), reason.trim().to_owned());
    }
    Ok(suppressed)
}
