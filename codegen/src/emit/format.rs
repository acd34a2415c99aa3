//! Token streams and syn trees into formatted source files with the "generated" header.

use proc_macro2::TokenStream;

use crate::error::Error;

/// The generated Rust file at `path` (relative to the crate), parsed and formatted by [`print`].
pub(crate) fn rust_file(
    path: String,
    header: &str,
    tokens: TokenStream,
) -> Result<super::GeneratedFile, Error> {
    syntax_file(path, header, syn::parse2(tokens))
}

/// The generated Rust file at `path` from its syntax tree, built directly or parsed (a parse
/// error is reported against `path`).
pub(crate) fn syntax_file(
    path: String,
    header: &str,
    file: syn::Result<syn::File>,
) -> Result<super::GeneratedFile, Error> {
    let file = file.map_err(syntax_error(&path))?;
    let contents = print(header, &file);
    Ok(super::GeneratedFile { path, contents })
}

/// A parse error in the generated file at `path`: tokens from the generator's own templates
/// that syn rejects are a bug here, reported as an error that names the file, never a panic.
pub(crate) fn syntax_error(path: &str) -> impl Fn(syn::Error) -> Error + '_ {
    move |error| Error::Format {
        file: path.to_owned(),
        message: error.to_string(),
    }
}

/// Parses and pretty-prints a file; the header line comes first.
#[cfg(test)]
pub(crate) fn format_file(path: &str, header: &str, tokens: TokenStream) -> Result<String, Error> {
    rust_file(path.to_owned(), header, tokens).map(|file| file.contents)
}

/// Pretty-prints a file; the header line comes first.
pub(super) fn print(header: &str, file: &syn::File) -> String {
    let printed = prettyplease::unparse(file);
    let mut out = String::with_capacity(header.len() + printed.len() + printed.len() / 8);
    out.push_str(header);
    out.push('\n');
    // One pass over prettyplease's lines: blank lines between items, and joined doc comments
    // split back into lines (a joined comment starts and ends like its first and last lines,
    // so the blank-line rule reads the same either way).
    let mut previous: Option<&str> = None;
    for line in printed.lines() {
        if previous.is_some_and(|previous| starts_new_item(previous, line)) {
            out.push('\n');
        }
        super::docs::push_line(&mut out, line);
        previous = Some(line);
    }
    out
}

/// prettyplease puts no blank lines between items; hand-written Rust does. Whether a blank line
/// goes before `line`: it starts an item (or its docs and attributes) after a closed or empty
/// block (`impl Error for E {}`) or a `use` at the same depth, or after the module docs.
fn starts_new_item(previous: &str, line: &str) -> bool {
    let indent = |text: &str| text.len() - text.trim_start().len();
    let trimmed = line.trim_start();
    let starts_item = [
        "///", "#[", "pub ", "impl", "fn ", "mod ", "use ", "const ", "async fn",
    ]
    .iter()
    .any(|prefix| trimmed.starts_with(prefix));
    let previous_trimmed = previous.trim_start();
    let closes_item = matches!(previous_trimmed, "}" | "};")
        || previous_trimmed.ends_with(" {}")
        || (previous_trimmed.starts_with("use ") && !trimmed.starts_with("use "))
        || (previous_trimmed.starts_with("mod ") && !trimmed.starts_with("mod "))
        || (previous_trimmed.starts_with("//!") && !trimmed.starts_with("//!"));
    starts_item && closes_item && indent(previous) == indent(line)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn items_after_an_empty_block_are_set_apart_like_items_after_a_closed_one() {
        let source = super::format_file(
            "x.rs",
            "// header",
            quote! {
                pub struct A;
                impl ::std::error::Error for A {}
                /// B.
                pub struct B {
                    pub x: u8,
                }
                /// C.
                pub struct C;
            },
        )
        .unwrap();
        assert_eq!(
            source,
            "// header\n\
             pub struct A;\n\
             impl ::std::error::Error for A {}\n\
             \n\
             /// B.\n\
             pub struct B {\n    \
                 pub x: u8,\n\
             }\n\
             \n\
             /// C.\n\
             pub struct C;\n"
        );
    }
}
