//! `cargo xtask`: the project's developer commands. A thin shell over the `codegen` library.

mod bench;
mod codegen;
mod compat;
mod compile_bench;
mod corpus;
mod demo;
mod diff;
mod files;
mod fixtures;
mod fresh_deps;
mod generate;
mod history;
mod names;
mod process;
mod roundtrip;
mod scaling;
mod upstream;

use anyhow::{bail, Context, Result};

/// The generator builds, parses and drops millions of small token and syntax-tree nodes;
/// glibc's allocator spent about a third of `generate`'s time on them, mimalloc a quarter less
/// of the whole (`cargo xtask bench-generator`). Only this binary's choice: the `codegen`
/// library leaves the allocator to whoever links it. mimalloc is C, built by `cc`, which the
/// workspace already needs for `ring` (rustls). It is built without transparent huge pages
/// (`no_thp`): with them, each first touch zeroes 2 MiB, peak memory was twice as high, and
/// the kernel time of a run varied fivefold with the machine's memory state.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
cargo xtask <command>

Commands:
  codegen [--check]       Regenerate sdk/ from spec/ (--check: write nothing, fail if stale),
                          keeping the names of each crate's names.lock and writing what
                          changed in API terms to its API_CHANGES.md
  generate --spec FILE --out DIR [--name CRATE] [--tag TAG]... [--strict] [--runtime-version X]
           [--names FILE]
                          Generate a standalone crate from any OpenAPI 3.0 or 3.1 spec, depending on
                          the runtime crate by path (or on published version X); --names keeps
                          the public names of FILE (a names.lock, read if it exists) and writes
                          the updated lock back to it
  diff --old SPEC --new SPEC [--tag TAG]...
                          Print what changed in API terms from one spec to another (Markdown,
                          each change with its spec file and JSON pointer, then the semver bump),
                          the new spec named as a regeneration with the old names.lock would
  fixtures                Generate every fixture spec as a crate and compile it, then `compat`
                          (CI runs it)
  compat                  For every fixture pair of tests/fixtures/changes: a user program
                          written against the old crate compiles against the regenerated one
                          and, where `diff` says minor or patch, builds the same values and
                          sends the same requests; cargo-semver-checks agrees with `diff`
  history --specs DIR [--root FILE] [--check]
                          Regenerate across real history: each snapshot folder of DIR (in name
                          order) with the names.lock of the one before; prints what `diff`
                          says of each step; --check also cargo-checks every snapshot's crate
  corpus [--specs DIR]    Generate every spec file of DIR (default ../shared/corpus: vendors'
                          specs in OpenAPI 3.0 and 3.1) and cargo-check each crate without
                          warnings; every declared operation must be generated
  roundtrip [--spec FILE]... [--suppressions FILE]
                          Round-trip schema-valid samples of every type through the generated
                          models (default: the committed specs, and SailPoint's and the vendors'
                          in ../shared); each must come back the same and fit its schema
  upstream [--specs DIR]  Every check that needs SailPoint's spec repository (default
                          ../shared/upstream-spec): the upstream tests, and the whole beta
                          crate generated and cargo-checked without warnings
  bench [--specs DIR]     Run every benchmark in release mode and print the numbers
  bench-compile [--specs DIR]
                          Only the build-cost and generation-speed comparison with
                          openapi-generator (part of bench)
  fresh-deps              Clippy (-D warnings) a copy of the workspace on the newest deps
  demo                    Start the ISC emulator in-process and change a password through
                          the SDK, printing each step (the newcomer's first run)
";

/// The value that follows `flag` in a command's arguments (`--spec FILE`).
fn flag_value<'a>(rest: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<String> {
    rest.next()
        .cloned()
        .with_context(|| format!("{flag} needs a value"))
}

/// Runs the command; a failure is printed as one line per cause (`error: what: why`), never as
/// a Rust backtrace of the xtask itself, even with `RUST_BACKTRACE=1` set.
fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "codegen" => {
            let check = match rest.as_slice() {
                [] => false,
                [flag] if flag == "--check" => true,
                _ => bail!("usage: cargo xtask codegen [--check]"),
            };
            codegen::run(check)
        }
        "generate" => generate::run(&rest).context("cargo xtask generate failed"),
        "diff" => diff::run(&rest).context("cargo xtask diff failed"),
        "upstream" => upstream::run(&rest).context("cargo xtask upstream failed"),
        "fixtures" => fixtures::run().context("cargo xtask fixtures failed"),
        "compat" => compat::run().context("cargo xtask compat failed"),
        "history" => history::run(&rest).context("cargo xtask history failed"),
        "corpus" => corpus::run(&rest).context("cargo xtask corpus failed"),
        "roundtrip" => roundtrip::run(&rest).context("cargo xtask roundtrip failed"),
        "bench" => bench::run(&rest),
        "bench-compile" => bench::compile_only(&rest),
        "fresh-deps" => fresh_deps::run(&rest).context("cargo xtask fresh-deps failed"),
        "demo" => demo::run(),
        // Run by `bench` from a release build of this binary.
        "bench-generator" => bench::generator(&rest),
        "bench-scaling" => scaling::run(),
        "" | "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}
