//! Doc comments from spec text.
//!
//! A doc comment of many lines is one `#[doc]` attribute whose lines are joined by
//! [`LINE_BREAK`], not one attribute per line: a quarter of a large generated crate is doc
//! lines, and each attribute costs tokens to build, parse and drop, where prettyplease only
//! echoes the text. prettyplease prints such an attribute as one `///` line, and
//! [`push_line`] then breaks it at the indentation of its `///`, which gives the same
//! bytes as one attribute per line.

use proc_macro2::TokenStream;
use quote::quote;

/// Stands for a line break inside a joined doc attribute. Spec text never carries it through:
/// [`sanitize`] replaces it.
const LINE_BREAK: char = '\u{1e}';

/// `#[doc = "..."]` attributes for the given paragraphs (blank ones skipped), as one joined
/// attribute (see the module docs).
pub(crate) fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    match doc_text(paragraphs) {
        Some(text) => quote! { #[doc = #text] },
        None => TokenStream::new(),
    }
}

/// [`doc_attrs`] as a syn attribute, for code built as syn trees (`super::syntax`).
pub(crate) fn doc_attribute<'a>(
    paragraphs: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<syn::Attribute> {
    doc_text(paragraphs).map(|text| super::syntax::doc_attr(text, syn::AttrStyle::Outer))
}

/// The value of [`doc_attrs`]' attribute, if any paragraph has text.
fn doc_text<'a>(
    paragraphs: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<proc_macro2::Literal> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(paragraph).lines().map(str::to_owned));
    }
    if lines.is_empty() {
        return None;
    }
    Some(doc_literal(&joined(lines.iter().map(String::as_str))))
}

/// Inner `//!` docs for a module.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    match inner_doc_text(text) {
        Some(text) => quote! { #![doc = #text] },
        None => TokenStream::new(),
    }
}

/// [`inner_doc_attrs`] as a syn attribute.
pub(crate) fn inner_doc_attribute(text: &str) -> Option<syn::Attribute> {
    inner_doc_text(text)
        .map(|text| super::syntax::doc_attr(text, syn::AttrStyle::Inner(Default::default())))
}

fn inner_doc_text(text: &str) -> Option<proc_macro2::Literal> {
    let sanitized = sanitize(text);
    sanitized.lines().next()?;
    Some(doc_literal(&joined(sanitized.lines())))
}

/// The doc text as a raw string literal (`r#"…"#`), which is neither escaped here nor unescaped
/// by syn: doc text is most of the bytes the generator hands to syn, and escaping it both ways
/// cost a few percent of its time. prettyplease prints the value, so the comment is the same.
/// A lone carriage return cannot be in a raw string; such text is escaped as usual.
fn doc_literal(text: &str) -> proc_macro2::Literal {
    if !text.contains('\r') {
        // One `#` more than the longest run of `#` after a quote, so no `"#…` ends it early.
        let longest = text
            .match_indices('"')
            .map(|(at, _)| {
                text[at + 1..]
                    .bytes()
                    .take_while(|byte| *byte == b'#')
                    .count()
            })
            .max()
            .unwrap_or(0);
        let hashes = "#".repeat(longest + 1);
        if let Ok(literal) = format!("r{hashes}\"{text}\"{hashes}").parse() {
            return literal;
        }
    }
    proc_macro2::Literal::string(text)
}

/// The lines as one doc attribute's value: each after a space (rustdoc's `/// text`), blank
/// ones empty, separated by [`LINE_BREAK`].
fn joined<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for (index, line) in lines.enumerate() {
        if index > 0 {
            text.push(LINE_BREAK);
        }
        let line = line.trim_end();
        if !line.trim().is_empty() {
            text.push(' ');
            text.push_str(line);
        }
    }
    text
}

/// Appends one line of prettyplease's output and a line break, undoing [`doc_attrs`]' joining:
/// a `///` or `//!` line that holds [`LINE_BREAK`]s becomes one comment line per part, each at
/// the first one's indentation.
pub(crate) fn push_line(out: &mut String, line: &str) {
    let trimmed = line.trim_start();
    let marker = ["///", "//!"]
        .into_iter()
        .find(|marker| trimmed.starts_with(marker));
    match marker {
        Some(marker) if line.contains(LINE_BREAK) => {
            let indent = &line[..line.len() - trimmed.len()];
            for part in trimmed[marker.len()..].split(LINE_BREAK) {
                out.push_str(indent);
                out.push_str(marker);
                out.push_str(part);
                out.push('\n');
            }
        }
        _ => {
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// Makes spec Markdown safe for rustdoc: code fences without a language would be compiled as
/// Rust doctests, so they are marked `text`; fences in other languages are left alone.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let text = if text.contains(LINE_BREAK) {
        std::borrow::Cow::Owned(text.replace(LINE_BREAK, "\u{fffd}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                let indent = &line[..line.len() - trimmed.len()];
                out.push_str(indent);
                out.push_str("```text\n");
            } else {
                out.push_str(line);
                out.push('\n');
            }
            in_fence = !in_fence;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{doc_attrs, inner_doc_attrs};
    use crate::emit::format::format_file;

    #[test]
    fn a_joined_doc_attribute_prints_as_one_comment_line_per_line_at_its_indentation() {
        let module_docs = inner_doc_attrs("A module.\n\nIts second paragraph.");
        let item_docs = doc_attrs([Some("First line\nsecond line  "), Some("Last paragraph.")]);
        let method_docs = doc_attrs([Some("Does it.\n\n```\nlet x = 1;\n```")]);
        let source = format_file(
            "x.rs",
            "// header",
            quote! {
                #module_docs
                #item_docs
                pub struct S;
                impl S {
                    #method_docs
                    pub fn go(&self) {}
                }
            },
        )
        .unwrap();
        assert_eq!(
            source,
            "// header\n\
             //! A module.\n\
             //!\n\
             //! Its second paragraph.\n\
             \n\
             /// First line\n\
             /// second line\n\
             ///\n\
             /// Last paragraph.\n\
             pub struct S;\n\
             impl S {\n    \
                 /// Does it.\n    \
                 ///\n    \
                 /// ```text\n    \
                 /// let x = 1;\n    \
                 /// ```\n    \
                 pub fn go(&self) {}\n\
             }\n"
        );
    }

    #[test]
    fn doc_text_with_quotes_hashes_and_carriage_returns_is_kept_exactly() {
        for text in ["say \"#hi\"## now", "a \\ b \\n c", "lone\rreturn", "\"###"] {
            let docs = doc_attrs([Some(text)]);
            let attribute: syn::Attribute = syn::parse_quote!(#docs);
            let syn::Meta::NameValue(meta) = attribute.meta else {
                panic!("not a name-value attribute: {docs}");
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }) = meta.value
            else {
                panic!("not a string: {docs}");
            };
            assert_eq!(value.value(), format!(" {text}"));
        }
    }

    #[test]
    fn spec_text_cannot_forge_a_line_break() {
        let docs = doc_attrs([Some("one\u{1e}two")]);
        let source = format_file("x.rs", "// header", quote! { #docs pub struct S; }).unwrap();
        assert_eq!(source, "// header\n/// one\u{fffd}two\npub struct S;\n");
    }
}
