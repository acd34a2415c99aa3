//! `cargo xtask diff --old SPEC --new SPEC`: the API changes between any two specs (two
//! checkouts of SailPoint's spec repository, say), in the words of `API_CHANGES.md`.

use std::path::PathBuf;

use anyhow::{bail, Result};
use codegen::{Options, Selection};

const USAGE: &str = "cargo xtask diff --old SPEC --new SPEC [--tag TAG]...";

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut old = None;
    let mut new = None;
    let mut tags = Vec::new();
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || crate::flag_value(&mut iter, flag);
        match flag.as_str() {
            "--old" => old = Some(PathBuf::from(value()?)),
            "--new" => new = Some(PathBuf::from(value()?)),
            "--tag" => tags.push(value()?),
            other => bail!("unknown argument {other:?}; usage: {USAGE}"),
        }
    }
    let (Some(old), Some(new)) = (old, new) else {
        bail!("--old SPEC and --new SPEC are required; usage: {USAGE}");
    };
    let options = Options {
        selection: Selection { tags },
        ..Options::default()
    };
    let diff = codegen::diff(&old, &new, &options)?;
    for warning in &diff.warnings {
        eprintln!("{warning}");
    }
    let title = format!("`{}` → `{}`", old.display(), new.display());
    print!("{}", diff.changes.render(&title, ""));
    eprintln!("cargo xtask diff: {}", diff.changes.summary());
    Ok(())
}
