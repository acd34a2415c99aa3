//! The generation report: what a run produced and every place where the output is not an exact
//! rendering of the spec (with the file, JSON pointer and what was done instead).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::ir::Api;
use crate::Warning;

/// Markdown for `GENERATION_REPORT.md`.
pub fn render(api: &Api, warnings: &[Warning]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Generation report: {} {}\n", api.title, api.version);
    let _ = writeln!(
        out,
        "- operations generated: {}\n- types generated: {}\n- API modules (tags): {}\n- operations dropped: 0 (an operation that cannot be generated stops the run with an error)\n- warnings: {}\n",
        api.operations.len(),
        api.types.len(),
        api.tags.len(),
        warnings.len()
    );
    constant_headers(api, &mut out);
    renamed_parameters(api, &mut out);
    if warnings.is_empty() {
        out.push_str("The spec was rendered exactly; nothing to report.\n");
        return out;
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for warning in warnings {
        *by_kind.entry(warning.kind.as_str()).or_default() += 1;
    }
    out.push_str("## Warnings by kind\n\n| kind | count |\n| --- | --- |\n");
    for (kind, count) in &by_kind {
        let _ = writeln!(out, "| {kind} | {count} |");
    }
    out.push_str("\n## Every warning\n\n| kind | file | JSON pointer | what was found and done |\n| --- | --- | --- | --- |\n");
    for warning in warnings {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} |",
            warning.kind.as_str(),
            warning.location.file,
            warning.location.pointer,
            warning.message.replace('|', "\\|")
        );
    }
    out
}

/// The required headers with one constant value, which became client configuration.
fn constant_headers(api: &Api, out: &mut String) {
    let mut rows = Vec::new();
    for operation in &api.operations {
        for header in &operation.constant_headers {
            rows.push(format!(
                "| `{}` | `{}: {}` | `{}` | `{}` |",
                operation.id,
                header.wire_name,
                header.value,
                header.source.file,
                header.source.pointer
            ));
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Constant headers: client configuration\n\nRequired header parameters that allow only one value: {}. They are not method arguments: the client sends them once the user has opted in (`ClientBuilder::experimental(true)` for `X-SailPoint-Experimental`, else `ClientBuilder::allow_constant_header`), and refuses the call before sending anything otherwise.\n\n| operation | header | file | JSON pointer |\n| --- | --- | --- | --- |\n{}\n",
        rows.len(),
        rows.join("\n")
    );
}

/// Parameters whose Rust name is not their wire name in snake case: two parameters of one
/// operation share a name in different locations (or a parameter is called `body`).
fn renamed_parameters(api: &Api, out: &mut String) {
    let mut rows = Vec::new();
    for operation in &api.operations {
        for parameter in &operation.parameters {
            if parameter.rust_name != crate::names::value_name(&parameter.wire_name) {
                rows.push(format!(
                    "| `{}` | `{}` in {} | `{}` |",
                    operation.id,
                    parameter.wire_name,
                    parameter.location.as_str(),
                    parameter.rust_name
                ));
            }
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Parameters renamed in Rust\n\nOpenAPI tells parameters apart by name and location, Rust by name alone: these take their location as a suffix. The wire names are unchanged.\n\n| operation | parameter | Rust name |\n| --- | --- | --- |\n{}\n",
        rows.join("\n")
    );
}
