//! The same requests before and after a compatible regeneration, checked on the wire: for
//! every pair whose verdict is minor or patch, the program `probe.rs` writes from the old
//! crate's lock is built against the old and the new crate (one throwaway workspace, one
//! `cargo build`), run, and must print the same values and requests.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::changes::Bump;

use super::{generate_pair, probe, Naming, Pair};
use crate::process::{capture, run_command};

/// The pair regenerated without its lock to show the check catches a silent swap: without
/// the lock, `Account::new(id, name)` becomes `Account::new(name, id)`, which compiles.
const SWAP: &str = "required_fields_reordered";

/// One program to build and run: against which crate, and whether its output must equal the
/// one before it (the old crate's).
struct Probe {
    package: String,
    crate_package: String,
    crate_dir: std::path::PathBuf,
}

pub(super) fn same_requests(root: &Path, out: &Path, pairs: &[Pair]) -> Result<()> {
    let compatible: Vec<&Pair> = pairs
        .iter()
        .filter(|pair| pair.bump < Bump::Major)
        .collect();
    let mut members = Vec::new();
    // (pair title, old probe, new probe, whether the outputs must be equal)
    let mut comparisons = Vec::new();
    let mut cases: Vec<(String, &str, bool)> = compatible
        .iter()
        .map(|pair| (pair.kind.replace('_', "-"), pair.kind.as_str(), true))
        .collect();
    cases.push((format!("{}-unpinned", SWAP.replace('_', "-")), SWAP, false));
    for (package, kind, pinned) in cases {
        let generated = generate_pair(
            root,
            kind,
            &out.join("crates"),
            (&package, Naming::PerSide),
            pinned,
        )?;
        let lib = "compat_api";
        let program = probe::program(&generated.old_lock, lib);
        let mut probes = Vec::new();
        for (side, crate_dir) in [("old", &generated.old), ("new", &generated.new)] {
            let probe = Probe {
                package: format!("probe-{package}-{side}"),
                crate_package: format!("{package}-{side}"),
                crate_dir: crate_dir.clone(),
            };
            write_probe(&out.join("probes"), &probe, &program)?;
            members.push(format!("crates/{package}-{side}"));
            members.push(format!("probes/{}", probe.package));
            probes.push(probe.package);
        }
        comparisons.push((kind.to_owned(), probes, pinned));
    }
    crate::fixtures::write_workspace(out, &members)?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    eprintln!(
        "== building the probes of {} compatible pairs, and of one regenerated without its lock",
        compatible.len()
    );
    let target = root.join("target");
    run_command(
        Command::new(env!("CARGO"))
            .current_dir(out)
            .env("CARGO_TARGET_DIR", &target)
            .args(["build", "--workspace", "--quiet"]),
    )?;
    for (kind, probes, pinned) in comparisons {
        let outputs: Vec<String> = probes
            .iter()
            .map(|probe| capture(&mut Command::new(target.join("debug").join(probe))))
            .collect::<Result<_>>()?;
        let (old, new) = (&outputs[0], &outputs[1]);
        let differences = differences(old, new);
        if pinned {
            if !differences.is_empty() {
                bail!(
                    "{kind}: `cargo xtask diff` calls it compatible, but a program written against \
                     the old crate builds other values or sends other requests with the new one:\n{}",
                    differences.join("\n")
                );
            }
            eprintln!(
                "== {kind}: the same {} values and requests with the old and the new crate",
                old.lines().count()
            );
        } else {
            if differences.is_empty() {
                bail!(
                    "{kind} regenerated without its lock swaps `new`'s arguments, but the probe \
                     saw the same values: the check would miss a silent swap"
                );
            }
            eprintln!(
                "== {kind} regenerated without its lock: the probe sees the swap ({} line(s) differ)",
                differences.len()
            );
        }
    }
    Ok(())
}

/// Writes the probe package: its manifest, depending on the crate under test as `compat_api`,
/// and `program` as its `main.rs`.
fn write_probe(folder: &Path, probe: &Probe, program: &str) -> Result<()> {
    let dir = folder.join(&probe.package);
    std::fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(dir.join("src/main.rs"), program)?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = {:?}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ncompat_api = {{ package = {:?}, path = {:?} }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
             serde_json = \"1\"\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n",
            probe.package,
            probe.crate_package,
            probe.crate_dir.display().to_string()
        ),
    )?;
    Ok(())
}

/// The lines that differ, side by side.
fn differences(old: &str, new: &str) -> Vec<String> {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let mut out = Vec::new();
    for index in 0..old.len().max(new.len()) {
        let (before, after) = (old.get(index), new.get(index));
        if before != after {
            out.push(format!(
                "  old: {}\n  new: {}",
                before.unwrap_or(&"(nothing)"),
                after.unwrap_or(&"(nothing)")
            ));
        }
    }
    out
}
