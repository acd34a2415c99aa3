//! One page per API tag: the method table, then per operation its signature, parameters,
//! return type, errors by status, required scopes and an example that compiles.

use crate::emit::example::{operation_example, stream_example};
use crate::emit::naming::error_type_name;
use crate::ir::{Api, Operation, Parameter, Status, Tag};
use crate::names::status_name_of;

use super::signature::{method_signature, success_body, success_enum_name, variant_shape};
use super::table::{code, yes_no, Table};
use super::types::{linked, parameter_type_text, type_text};
use super::{route, summary};

/// Links from an API page to model pages.
const MODELS: &str = "../models/";

pub(super) fn api_page(api: &Api, tag_index: usize, crate_name: &str) -> String {
    let tag = &api.tags[tag_index];
    let operations: Vec<&Operation> = api.operations_of(tag_index).iter().collect();
    let mut page = intro(api, tag);
    page.push_str(&method_table(api, &operations));
    for operation in operations {
        // Every section, like the method table, ends with a blank line.
        page.push_str(&operation_section(api, operation, crate_name));
    }
    page
}

fn intro(api: &Api, tag: &Tag) -> String {
    let mut text = format!("# {}\n\n", tag.struct_name);
    if let Some(description) = &tag.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The {} operations of {} {}, reached through `client.{}()` on a `Client`. Paths start \
         with the base path `{}`{}. Back to the [index](../README.md).\n\n",
        tag.name,
        api.title,
        api.version,
        tag.module,
        api.base_path,
        api.server_url
            .as_deref()
            .map(|url| format!(" of the server `{url}`"))
            .unwrap_or_default()
    ));
    text
}

fn method_table(api: &Api, operations: &[&Operation]) -> String {
    let mut table = Table::new(&["Method", "HTTP request", "Description"]);
    for operation in operations {
        table.row(vec![
            format!("[{}](#{})", code(&operation.rust_name), operation.rust_name),
            code(&route(api, operation)),
            operation.summary.clone().unwrap_or_default(),
        ]);
    }
    table.render() + "\n"
}

fn operation_section(api: &Api, operation: &Operation, crate_name: &str) -> String {
    let mut text = format!("## {}\n\n", operation.rust_name);
    if operation.deprecated {
        text.push_str("**Deprecated.**\n\n");
    }
    for header in &operation.constant_headers {
        text.push_str(&crate::emit::naming::constant_header_note(header));
        text.push_str("\n\n");
    }
    for paragraph in [&operation.summary, &operation.description]
        .into_iter()
        .flatten()
    {
        text.push_str(paragraph.trim());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "```rust\n{}\n```\n\n{} (operation {})\n\n",
        method_signature(api, operation),
        code(&route(api, operation)),
        code(&operation.id)
    ));
    let sections = [
        ("Parameters", parameters(api, operation)),
        ("Returns", returns(api, operation)),
        ("Errors", errors(api, operation)),
        ("Authorization", authorization(operation)),
        (
            "Example",
            format!(
                "```rust\n{}```\n",
                operation_example(api, operation, crate_name)
            ),
        ),
    ];
    for (title, body) in sections {
        text.push_str(&format!("### {title}\n\n{body}\n"));
    }
    if let Some(program) = stream_example(api, operation, crate_name) {
        text.push_str(&format!(
            "### Every item as a stream\n\nThe builder's {} yields every item, fetched page by \
             page: its `limit` is the page size and its `offset` the first item, and {} caps \
             the items read. The stream ends after the last page, at the cap or at the first \
             error, and with `Error::Pagination` if the server repeats a page or never stops.\n\n\
             ```rust\n{program}```\n",
            code("stream()"),
            code("with_max_items(n)")
        ));
    }
    text
}

fn parameters(api: &Api, operation: &Operation) -> String {
    let mut table = Table::new(&["Name", "In", "Type", "Required", "Description"]);
    for parameter in &operation.parameters {
        table.row(parameter_row(api, parameter));
    }
    if let Some(body) = &operation.body {
        let (name, ty) = if body.required {
            ("body", parameter_type_text(api, &body.ty))
        } else {
            (".body()", type_text(api, &body.ty))
        };
        table.row(vec![
            code(name),
            format!("body, {}", code(&body.media_type)),
            linked(api, &ty, &body.ty, MODELS),
            yes_no(body.required),
            body.description
                .clone()
                .or_else(|| body.ty.named().and_then(|id| summary(api.type_def(id))))
                .unwrap_or_default(),
        ]);
    }
    if table.is_empty() {
        return "None.\n".to_owned();
    }
    table.render()
}

fn parameter_row(api: &Api, parameter: &Parameter) -> Vec<String> {
    let location = parameter.location.as_str();
    // Required parameters are arguments of the method; optional ones setters of its builder.
    let (name, ty) = if parameter.required {
        (
            parameter.rust_name.clone(),
            parameter_type_text(api, &parameter.ty),
        )
    } else {
        (
            format!(".{}()", parameter.rust_name),
            type_text(api, &parameter.ty),
        )
    };
    let mut description = parameter.description.clone().unwrap_or_default();
    if parameter.deprecated {
        description.insert_str(0, "**Deprecated.** ");
    }
    vec![
        code(&name),
        format!("{location} {}", code(&parameter.wire_name)),
        linked(api, &ty, &parameter.ty, MODELS),
        yes_no(parameter.required),
        description,
    ]
}

fn returns(api: &Api, operation: &Operation) -> String {
    let success_enum = success_enum_name(operation);
    let value = match (&success_enum, success_body(operation)) {
        (Some(name), _) => format!("{}, one variant per success status", code(name)),
        (None, Some(ty)) => linked(api, &type_text(api, ty), ty, MODELS),
        (None, None) => "`()` (no body)".to_owned(),
    };
    let mut text = format!(
        "{value}, inside a `ResponseValue` that also holds the HTTP status and headers.\n\n"
    );
    let mut table = Table::new(&["Status", "Body", "Description"]);
    for response in &operation.responses {
        if !response.status.is_success() {
            continue;
        }
        // With a success enum, the variant wraps the body: `CreateShapeSuccess::Created(Shape)`.
        let variant = success_enum
            .as_ref()
            .map(|name| format!("{name}::{}", status_name_of(response.status)));
        let body = match (&response.body, variant) {
            (Some(body), Some(variant)) => {
                let text = format!("{variant}({})", type_text(api, &body.ty));
                linked(api, &text, &body.ty, MODELS)
            }
            (Some(body), None) => linked(api, &type_text(api, &body.ty), &body.ty, MODELS),
            (None, Some(variant)) => code(&variant),
            (None, None) => "none".to_owned(),
        };
        table.row(vec![
            code(&response.status.key()),
            body,
            response.description.clone().unwrap_or_default(),
        ]);
    }
    if !table.is_empty() {
        text.push_str(&table.render());
    }
    text
}

fn errors(api: &Api, operation: &Operation) -> String {
    let error_name = error_type_name(operation);
    let mut table = Table::new(&["Status", "Variant", "Body", "Description"]);
    for response in &operation.responses {
        if response.status.is_success() {
            continue;
        }
        let status = match response.status {
            Status::Code(value) => code(&value.to_string()),
            Status::Range(class) => code(&format!("{class}XX")),
            Status::Default => "any other".to_owned(),
        };
        let body = match &response.body {
            Some(body) => linked(api, &type_text(api, &body.ty), &body.ty, MODELS),
            None => "none".to_owned(),
        };
        table.row(vec![
            status,
            code(&format!("{error_name}::{}", variant_shape(api, response))),
            body,
            response.description.clone().unwrap_or_default(),
        ]);
    }
    let mut text = String::new();
    if !table.is_empty() {
        text.push_str(&format!(
            "A documented error status is `Err(Error::Service(e))`; `e.error` is a {} that says \
             which, with its typed body, and its `tracking_id()` is the id to quote to support.\n\n",
            code(&error_name)
        ));
        text.push_str(&table.render());
        text.push('\n');
    }
    text.push_str(
        "Otherwise the call fails with `Error::UnexpectedStatus` (a status the spec does not \
         document), `Error::Decode` (a body that does not match the spec), `Error::Transport` \
         (no usable response) or `Error::InvalidRequest` (the request could not be built).\n",
    );
    text
}

/// The schemes that can authorize the call, each with the scopes it needs.
fn authorization(operation: &Operation) -> String {
    if operation.security.is_empty() {
        return "None: the operation needs no credentials.\n".to_owned();
    }
    let mut table = Table::new(&["Security scheme", "Required scopes"]);
    for requirement in &operation.security {
        let scopes: Vec<String> = requirement.scopes.iter().map(|scope| code(scope)).collect();
        table.row(vec![
            code(&requirement.scheme),
            if scopes.is_empty() {
                "none".to_owned()
            } else {
                scopes.join(", ")
            },
        ]);
    }
    let lead = if operation.security.len() > 1 {
        "A token from any one of these schemes, with its scopes, is enough.\n\n"
    } else {
        ""
    };
    format!("{lead}{}", table.render())
}
