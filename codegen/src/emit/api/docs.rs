//! The rustdoc of an operation method: summary, description, route, scopes and errors.

use crate::emit::docs::doc_attribute;
use crate::emit::naming::{constant_header_note, error_type_name, status_label, variant_name};
use crate::ir::{Api, Operation, Status};

pub(super) fn method_docs(
    api: &Api,
    operation: &Operation,
    crate_name: &str,
) -> Option<syn::Attribute> {
    let route = format!(
        "`{} {}{}` (operation `{}`).",
        operation.method.as_upper(),
        api.base_path,
        operation.path,
        operation.id
    );
    let scopes = scope_text(operation);
    let error_name = error_type_name(operation);
    let mut errors = vec!["# Errors".to_owned(), String::new()];
    for response in operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
    {
        let status = match response.status {
            Status::Code(code) => code.to_string(),
            Status::Range(_) => status_label(response.status),
            Status::Default => "any other status".to_owned(),
        };
        errors.push(format!(
            "- [`Error::Service`] with [`{error_name}::{}`] ({status}){}",
            variant_name(response),
            response
                .description
                .as_deref()
                .map(|text| format!(": {}", first_sentence(text)))
                .unwrap_or_default()
        ));
    }
    errors.push(
        "- [`Error::UnexpectedStatus`], [`Error::Decode`] or [`Error::Transport`] when the \
         response is not one the spec documents, or there is none."
            .to_owned(),
    );
    let errors = errors.join("\n");
    // The same program as in the Markdown reference; as a doctest it proves both compile.
    let examples = format!(
        "# Examples\n\n```no_run\n{}```",
        crate::emit::example::operation_example(api, operation, crate_name)
    );
    let constant_headers: Vec<String> = operation
        .constant_headers
        .iter()
        .map(constant_header_note)
        .collect();
    let constant_headers = (!constant_headers.is_empty()).then(|| constant_headers.join("\n\n"));
    doc_attribute([
        operation.summary.as_deref(),
        constant_headers.as_deref(),
        operation.description.as_deref(),
        Some(route.as_str()),
        scopes.as_deref(),
        Some(errors.as_str()),
        Some(examples.as_str()),
    ])
}

fn scope_text(operation: &Operation) -> Option<String> {
    let mut scopes: Vec<(&str, Vec<&str>)> = Vec::new();
    for requirement in &operation.security {
        for scope in &requirement.scopes {
            match scopes.iter_mut().find(|(name, _)| name == scope) {
                Some((_, schemes)) => schemes.push(&requirement.scheme),
                None => scopes.push((scope, vec![&requirement.scheme])),
            }
        }
    }
    if scopes.is_empty() {
        return None;
    }
    let parts: Vec<String> = scopes
        .iter()
        .map(|(scope, schemes)| {
            let schemes: Vec<String> = schemes.iter().map(|scheme| format!("`{scheme}`")).collect();
            format!("`{scope}` (through {})", schemes.join(" or "))
        })
        .collect();
    Some(format!("Required scope: {}.", parts.join("; ")))
}

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    line.trim_end_matches('.').to_owned()
}
