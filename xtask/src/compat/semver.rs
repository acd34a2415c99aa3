//! cargo-semver-checks, an independent judge of Rust API compatibility, on every fixture pair:
//! a break it finds must be one `cargo xtask diff` calls major, and a major verdict must be one
//! it finds, unless the break is of a kind no check of Rust items can see ([`BLIND`]).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use codegen::changes::Bump;

use super::{generate_pair, Naming, Pair};

/// The major pairs whose break cargo-semver-checks cannot see, and why: it compares which Rust
/// items exist and how many arguments functions take, not the types inside (cargo-semver-checks
/// 0.51 has no lint for a changed field, parameter or return type), nor what a call does.
const BLIND: &[(&str, &str)] = &[
    (
        "constant_header_added",
        "the call needs a client opt-in at run time; no Rust item changes",
    ),
    ("field_retyped", "a public field's type changes"),
    ("param_retyped", "a method parameter's type changes"),
    ("response_retyped", "the type `send()` gives changes"),
];

pub(super) fn checks_agree(root: &Path, out: &Path, pairs: &[Pair]) -> Result<()> {
    let installed = Command::new(env!("CARGO"))
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        bail!(
            "cargo-semver-checks is not installed (`cargo install cargo-semver-checks --locked`); \
             it judges the API-change verdicts independently"
        );
    }
    let mut disagreements = Vec::new();
    for pair in pairs {
        let kind = pair.kind.as_str();
        let ours = pair.bump;
        let generated = generate_pair(root, kind, out, (kind, Naming::Same), true)?;
        // Both crates are version 0.1.0, so any breaking change fails the check. Its warnings
        // count too: a lint at warning level that suggests a major version is a break a user
        // could notice.
        let output = Command::new(env!("CARGO"))
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(generated.new.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&generated.old)
            .env("CARGO_TARGET_DIR", root.join("target/semver-checks"))
            .output()
            .context("cannot run cargo semver-checks")?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let theirs_breaking = text.contains("requires new major version")
            || text.contains("suggest new major version");
        if !output.status.success() && !theirs_breaking {
            bail!("{kind}: cargo semver-checks failed without a verdict:\n{text}");
        }
        let blind = BLIND.iter().find(|(blind, _)| *blind == kind);
        let verdict = match (theirs_breaking, ours == Bump::Major, blind) {
            (true, true, None) | (false, false, None) => "agrees",
            (false, true, Some((_, why))) => {
                eprintln!("== {kind}: Major; cargo-semver-checks cannot see it ({why})");
                continue;
            }
            (true, _, Some(_)) => {
                disagreements.push(format!(
                    "{kind}: listed as a break cargo-semver-checks cannot see, but it sees one; \
                     take it off `BLIND`"
                ));
                continue;
            }
            _ => {
                disagreements.push(format!(
                    "{kind}: cargo xtask diff says {ours:?}, but cargo-semver-checks {}:\n{text}",
                    if theirs_breaking {
                        "found a breaking change"
                    } else {
                        "found no breaking change"
                    }
                ));
                continue;
            }
        };
        eprintln!("== {kind}: {ours:?}; cargo-semver-checks {verdict}");
    }
    if !disagreements.is_empty() {
        bail!("{}", disagreements.join("\n\n"));
    }
    Ok(())
}
