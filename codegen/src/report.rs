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
