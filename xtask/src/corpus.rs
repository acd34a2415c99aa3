//! `cargo xtask corpus [--specs DIR]`: the generator on specs we did not write. Every OpenAPI
//! file of `DIR` (default `../shared/corpus`: vendors' specs in OpenAPI 3.0 and 3.1) must
//! generate a crate that holds every operation the spec declares and that `cargo check`s
//! without a warning, also with its typed mocks. Prints one table row per spec: operations (the spec's, and generated),
//! types, warnings, and the time to generate and to check.
//!
//! The crates form one throwaway workspace under `target/corpus`, sharing the workspace's build
//! cache; each is checked on its own, so the times are per crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::{Options, RuntimeDependency, StandaloneCrate};
use serde_json::Value;

use crate::codegen::workspace_root;
use crate::process::check_without_warnings;

const USAGE: &str = "cargo xtask corpus [--specs DIR]";

/// The corpus folder, when `--specs` is not given.
const DEFAULT_SPECS: &str = "../shared/corpus";

/// The HTTP methods a path item may hold an operation under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What one spec gave.
struct Row {
    name: String,
    declared: usize,
    generated: usize,
    types: usize,
    warnings: usize,
    generate_seconds: f64,
    check_seconds: f64,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let dir = match args {
        [] => root.join(DEFAULT_SPECS),
        [flag, dir] if flag == "--specs" => PathBuf::from(dir),
        _ => bail!("usage: {USAGE}"),
    };
    let specs = spec_files(&dir)?;
    if specs.is_empty() {
        bail!("{} holds no .yaml, .yml or .json file", dir.display());
    }
    let out = root.join("target/corpus");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let mut rows = Vec::new();
    for spec in &specs {
        let name = format!("corpus-{}", file_name_words(spec));
        eprintln!("== generating {name} from {}", spec.display());
        let started = Instant::now();
        let generated = generate_crate(spec, &name, &out.join(&name))
            .with_context(|| format!("{} does not generate", spec.display()))?;
        let generate_seconds = started.elapsed().as_secs_f64();
        let declared = declared_operations(spec)?;
        if generated.api.operations.len() != declared {
            bail!(
                "{}: the spec declares {declared} operations, the crate has {}",
                spec.display(),
                generated.api.operations.len()
            );
        }
        rows.push(Row {
            name,
            declared,
            generated: generated.api.operations.len(),
            types: generated.api.types.len(),
            warnings: generated.warnings.len(),
            generate_seconds,
            check_seconds: 0.0,
        });
    }
    let members: Vec<String> = rows.iter().map(|row| row.name.clone()).collect();
    crate::fixtures::write_workspace(&out, &members)?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    for row in &mut rows {
        eprintln!("== cargo check -p {} (no errors, no warnings)", row.name);
        let started = Instant::now();
        check_without_warnings(&out, &root.join("target"), &["-p", &row.name])?;
        row.check_seconds = started.elapsed().as_secs_f64();
    }
    // The typed mocks are generated code like any other: they must compile on every spec.
    eprintln!("== cargo check --workspace --features mock (no errors, no warnings)");
    check_without_warnings(
        &out,
        &root.join("target"),
        &["--workspace", "--features", "mock"],
    )?;
    println!("{}", table(&rows));
    Ok(())
}

/// The spec files of `dir` (`.yaml`, `.yml`, `.json`), in name order.
pub(crate) fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|extension| extension.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    found.sort();
    Ok(found)
}

/// A spec file's stem in lower-case words, for a crate name: `ory-client.json` →
/// `ory-client`, `openai.yaml` → `openai`.
pub(crate) fn file_name_words(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Generates `spec` as the standalone crate `name` in `out`, on this workspace's runtime.
pub(crate) fn generate_crate(spec: &Path, name: &str, out: &Path) -> Result<codegen::Generated> {
    let runtime = workspace_root().join("runtime");
    let options = Options {
        crate_name: name.replace('-', "_"),
        standalone: Some(StandaloneCrate {
            name: name.to_owned(),
            runtime: RuntimeDependency::Path(runtime.display().to_string()),
        }),
        ..Options::default()
    };
    let generated = codegen::generate(spec, &options)?;
    crate::files::ensure_files(out, &generated.files, false)?;
    Ok(generated)
}

/// How many operations the spec declares, counted from the document itself rather than from
/// the generator: the methods under `paths` of the root file (a path item that is a `$ref` is
/// followed within it). A single-file spec is what the corpus holds.
fn declared_operations(spec: &Path) -> Result<usize> {
    let (loaded, _) = codegen::load(spec)?;
    let document = loaded.root_document();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(0);
    };
    let mut count = 0;
    for item in paths.values() {
        let item = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => local_target(document, reference).unwrap_or(item),
            None => item,
        };
        count += METHODS
            .iter()
            .filter(|method| item.get(**method).is_some_and(Value::is_object))
            .count();
    }
    Ok(count)
}

/// What a `#/a/b` reference points to in `document`.
fn local_target<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn table(rows: &[Row]) -> String {
    let mut table = String::from(
        "| spec | operations (spec / crate) | types | warnings | generate | cargo check |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            table,
            "| {} | {} / {} | {} | {} | {:.1} s | {:.1} s, no warnings |",
            row.name,
            row.declared,
            row.generated,
            row.types,
            row.warnings,
            row.generate_seconds,
            row.check_seconds
        );
    }
    table
}
