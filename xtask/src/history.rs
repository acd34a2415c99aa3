//! `cargo xtask history --specs DIR [--check]`: regeneration across real history. `DIR` holds
//! one folder per snapshot of SailPoint's spec repository, in chronological order by name
//! (`01-2023-01-13-8e16ccdc/idn/sailpoint-api.beta.yaml`, ...). Each snapshot is generated in
//! turn, as a maintainer regenerating the committed crate would: with the `names.lock` the one
//! before wrote. The table says, for each step, what `cargo xtask diff` says: the bump, the
//! entries by bump, and the breaking ones by kind; each step's whole report is written to
//! `target/history/reports/`. `--check` also `cargo check`s each snapshot's crate, without
//! warnings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use codegen::changes::Bump;
use codegen::NamesLock;

use crate::codegen::workspace_root;
use crate::process::check_without_warnings;

const USAGE: &str = "cargo xtask history --specs DIR [--root FILE] [--check]";

/// The root file inside each snapshot, unless `--root` says otherwise.
const DEFAULT_ROOT: &str = "idn/sailpoint-api.beta.yaml";

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut specs = None;
    let mut root_file = DEFAULT_ROOT.to_owned();
    let mut check = false;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || crate::flag_value(&mut iter, flag);
        match flag.as_str() {
            "--specs" => specs = Some(PathBuf::from(value()?)),
            "--root" => root_file = value()?,
            "--check" => check = true,
            other => bail!("unknown argument {other:?}; usage: {USAGE}"),
        }
    }
    let specs = specs.with_context(|| format!("--specs DIR is required; usage: {USAGE}"))?;
    let snapshots = snapshots(&specs, &root_file)?;
    let out = workspace_root().join("target/history");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let lock = out.join("names.lock");
    let mut previous: Option<(String, NamesLock)> = None;
    let mut rows = Vec::new();
    let mut breaking_kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (name, spec) in &snapshots {
        let crate_dir = out.join("crate");
        crate::generate::run(&[
            "--spec".to_owned(),
            spec.display().to_string(),
            "--out".to_owned(),
            crate_dir.display().to_string(),
            "--name".to_owned(),
            "history-beta".to_owned(),
            "--names".to_owned(),
            lock.display().to_string(),
        ])
        .with_context(|| format!("{name} does not generate"))?;
        let text = std::fs::read_to_string(&lock)?;
        let current = NamesLock::parse(&text, &lock.display().to_string())?;
        if check {
            eprintln!("== cargo check of {name}");
            std::fs::copy(
                workspace_root().join("Cargo.lock"),
                crate_dir.join("Cargo.lock"),
            )?;
            check_without_warnings(&crate_dir, &workspace_root().join("target"), &[])
                .with_context(|| format!("the crate of {name} does not compile cleanly"))?;
        }
        if let Some((before, old)) = &previous {
            let changes = codegen::changes::compare(old, &current);
            let report = out.join("reports").join(format!("{name}.md"));
            std::fs::create_dir_all(out.join("reports"))?;
            std::fs::write(
                &report,
                changes.render(&format!("`{before}` → `{name}`"), ""),
            )?;
            let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
            for change in changes
                .entries
                .iter()
                .filter(|change| change.bump == Bump::Major)
            {
                *kinds.entry(change.kind.as_str()).or_default() += 1;
                *breaking_kinds.entry(change.kind.as_str()).or_default() += 1;
            }
            let kinds: Vec<String> = kinds
                .iter()
                .map(|(kind, count)| format!("{kind} {count}"))
                .collect();
            rows.push(format!(
                "| {before} → {name} | {} | {} | {} | {} | {} | {} | {} |",
                current.operations.len(),
                current.types.len(),
                changes.bump(),
                changes.count(Bump::Major),
                changes.count(Bump::Minor),
                changes.count(Bump::Patch),
                kinds.join(", ")
            ));
        }
        previous = Some((name.clone(), current));
    }
    println!(
        "| step | operations | types | bump | major | minor | patch | breaking entries by kind |\n\
         |---|---|---|---|---|---|---|---|"
    );
    for row in &rows {
        println!("{row}");
    }
    let total: Vec<String> = breaking_kinds
        .iter()
        .map(|(kind, count)| format!("{kind} {count}"))
        .collect();
    println!(
        "\nBreaking entries over all {} steps: {}",
        rows.len(),
        total.join(", ")
    );
    if check {
        println!(
            "Every one of the {} snapshots generated and passed `cargo check` without a warning.",
            snapshots.len()
        );
    }
    Ok(())
}

/// Each snapshot folder's name and root file, in name order.
fn snapshots(specs: &Path, root_file: &str) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for entry in
        std::fs::read_dir(specs).with_context(|| format!("cannot list {}", specs.display()))?
    {
        let path = entry?.path();
        let spec = path.join(root_file);
        if spec.is_file() {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((name, spec));
        }
    }
    found.sort();
    if found.len() < 2 {
        bail!(
            "{} has {} snapshot folders with {root_file}; history needs at least two",
            specs.display(),
            found.len()
        );
    }
    Ok(found)
}
