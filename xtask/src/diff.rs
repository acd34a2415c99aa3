//! `cargo xtask diff --old SPEC --new SPEC`: the API changes between any two specs (two
//! checkouts of SailPoint's spec repository, say), in the words of `API_CHANGES.md`. The same
//! as `isc-codegen diff` (`codegen::cli`).

use anyhow::Result;

pub(crate) fn run(args: &[String]) -> Result<()> {
    Ok(codegen::cli::run_diff(args, &crate::generate::tool())?)
}
