//! The help texts, with the name of the tool that prints them (`isc-codegen`, `cargo xtask`).

use super::Tool;

/// The optional flags `generate` and `check` share.
const GENERATION_FLAGS: &str = "[--name CRATE] [--tag TAG]... [--strict] \
    [--runtime-version X | --runtime-path DIR] [--names FILE]";

/// One line: how `command` is called.
pub(super) fn synopsis(tool: &Tool, command: &str) -> String {
    let cmd = &tool.command;
    match command {
        "generate" => format!("{cmd} generate --spec FILE --out DIR {GENERATION_FLAGS}"),
        "check" => format!("{cmd} check --spec FILE --dir DIR {GENERATION_FLAGS}"),
        "diff" => format!("{cmd} diff --old SPEC --new SPEC [--tag TAG]..."),
        _ => format!("{cmd} <generate|check|diff> [FLAGS]"),
    }
}

const EXIT_CODES: &str = "\
Exit codes:
  0  success";

fn generation_flags(tool: &Tool) -> String {
    let runtime_note = match &tool.default_runtime {
        Some(path) => format!(
            "Without --runtime-version or --runtime-path, the crate depends on {} by path.",
            path.display()
        ),
        None => "One of --runtime-version and --runtime-path is required: an installed \
                 isc-codegen has no\nworkspace to take the runtime from."
            .to_owned(),
    };
    format!(
        "\
  --spec FILE            The spec's root file (YAML or JSON, OpenAPI 3.0 or 3.1); every file a
                         relative `$ref` reaches is read too
  --name CRATE           The package name [default: generated-client]
  --tag TAG              Only the operations with this tag and the schemas they reach
                         (repeat for more tags) [default: every tag]
  --strict               Turn every warning into an error
  --runtime-version X    Depend on the published crate: isc-runtime = \"X\"
  --runtime-path DIR     Depend on the isc-runtime crate in DIR, by path (made absolute)
  --names FILE           Keep the public names recorded in this names.lock (read if it exists)
                         and write the updated lock back to it
  -h, --help             Print this help

{runtime_note}"
    )
}

/// The help of `command`, or the tool's own.
pub(super) fn help(tool: &Tool, command: &str) -> String {
    let cmd = &tool.command;
    match command {
        "generate" => format!(
            "\
Generate a standalone Rust crate (Cargo.toml, src/, docs/, GENERATION_REPORT.md) from an
OpenAPI spec. Only files whose contents changed are written; generated files that are no
longer produced are removed from src/ and docs/. Warnings (what could not be rendered
exactly, with file and JSON pointer) and progress (files loaded, operations and types
lowered, files written, with times) go to stderr.

Usage: {synopsis}

Options:
  --out DIR              Where to write the crate
{flags}

{EXIT_CODES} (the crate is written)
  1  the spec cannot be generated (the error names the file and JSON pointer at fault), or a
     file cannot be written
  2  usage error

Examples:
  {cmd} generate --spec openapi.yaml --out ../my-api --name my-api --runtime-version 0.1
  {cmd} generate --spec idn/sailpoint-api.beta.yaml --out beta-passwords \\
      --tag \"Password Management\" --runtime-path ../isc/runtime --names beta.names.lock
",
            synopsis = synopsis(tool, "generate"),
            flags = generation_flags(tool),
        ),
        "check" => format!(
            "\
Check that a generated crate is fresh: generate it again in memory, with the flags it was
generated with, and compare with the files in DIR (and the names.lock of --names). Nothing
is written.

Usage: {synopsis}

Options:
  --dir DIR              The generated crate's folder
{flags}

{EXIT_CODES} (the crate is fresh)
  1  the crate is stale (each stale file is listed: changed, missing, or generated before
     and no longer produced), or the spec cannot be generated
  2  usage error

Example (in CI, after generating with the same flags):
  {cmd} check --spec openapi.yaml --dir ../my-api --name my-api --runtime-version 0.1
",
            synopsis = synopsis(tool, "check"),
            flags = generation_flags(tool),
        ),
        "diff" => format!(
            "\
Print what changed in API terms from one spec to another, as Markdown on stdout: each change
with its spec file and JSON pointer, sorted into breaking, additions and the rest, then the
semver bump. The new spec is named the way a regeneration with the old spec's names.lock
would name it.

Usage: {synopsis}

Options:
  --old SPEC             The old spec's root file
  --new SPEC             The new spec's root file
  --tag TAG              Compare only these tags (repeat for more) [default: every tag]
  -h, --help             Print this help

{EXIT_CODES} (the report is printed, whatever it says)
  1  a spec cannot be read or lowered
  2  usage error

Example:
  {cmd} diff --old ../old-spec/idn/sailpoint-api.beta.yaml \\
      --new ../spec/idn/sailpoint-api.beta.yaml --tag \"Password Management\"
",
            synopsis = synopsis(tool, "diff"),
        ),
        _ => format!(
            "\
{cmd} {version}: typed async Rust SDK crates from OpenAPI 3.0 and 3.1 specs

Usage: {cmd} <COMMAND> [FLAGS]

Commands:
  generate    Generate a standalone crate from a spec
  check       Check that a generated crate is fresh (exit 1 with the stale files if not)
  diff        Print what changed in API terms from one spec to another, and the semver bump
  help CMD    Print a command's help (or `{cmd} CMD --help`)

Options:
  -h, --help       Print this help
  -V, --version    Print the version

{EXIT_CODES}
  1  generation failed, a file could not be written, or (check) the crate is stale
  2  usage error

Example:
  {cmd} generate --spec openapi.yaml --out ../my-api --name my-api --runtime-version 0.1
",
            version = env!("CARGO_PKG_VERSION"),
        ),
    }
}
