//! Token streams into formatted source files with the "generated" header.

use proc_macro2::TokenStream;

use crate::error::Error;

/// Parses and pretty-prints a file; the header line comes first.
pub(crate) fn format_file(path: &str, header: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::Format {
        file: path.to_owned(),
        message: error.to_string(),
    })?;
    Ok(format!(
        "{header}\n{}",
        separate_items(&super::docs::split_doc_lines(&prettyplease::unparse(&file)))
    ))
}

/// prettyplease puts no blank lines between items; hand-written Rust does. Adds one before an
/// item (or its docs and attributes) that follows a closed block or a `use` at the same depth,
/// and after the module docs.
fn separate_items(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            let previous = lines[index - 1];
            let indent = |text: &str| text.len() - text.trim_start().len();
            let trimmed = line.trim_start();
            let starts_item = [
                "///", "#[", "pub ", "impl", "fn ", "mod ", "use ", "const ", "async fn",
            ]
            .iter()
            .any(|prefix| trimmed.starts_with(prefix));
            let previous_trimmed = previous.trim_start();
            let closes_item = matches!(previous_trimmed, "}" | "};")
                || (previous_trimmed.starts_with("use ") && !trimmed.starts_with("use "))
                || (previous_trimmed.starts_with("mod ") && !trimmed.starts_with("mod "))
                || (previous_trimmed.starts_with("//!") && !trimmed.starts_with("//!"));
            if starts_item && closes_item && indent(previous) == indent(line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
