//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, for the given paragraphs (blank ones skipped).
pub(crate) fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
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
    let attrs = lines.iter().map(|line| {
        let line = format!(" {}", line.trim_end());
        let line = if line.trim().is_empty() {
            String::new()
        } else {
            line
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// Inner `//!` docs for a module.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let attrs = sanitize(text)
        .lines()
        .map(|line| {
            let line = format!(" {}", line.trim_end());
            let line = if line.trim().is_empty() {
                String::new()
            } else {
                line
            };
            quote! { #![doc = #line] }
        })
        .collect::<Vec<_>>();
    quote! { #(#attrs)* }
}

/// Makes spec Markdown safe for rustdoc: code fences without a language would be compiled as
/// Rust doctests, so they are marked `text`; fences in other languages are left alone.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
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
