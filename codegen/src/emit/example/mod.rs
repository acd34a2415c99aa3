//! One example program per operation. The generated method's rustdoc (where it compiles as a
//! `no_run` doctest) and the Markdown reference both print [`operation_example`], so the two
//! cannot drift apart, and the doctest proves the Markdown example compiles.
//!
//! The program is built as text, not tokens, because it carries comments and is shown exactly
//! as written. It only names items the generator emits for that operation: its API accessor,
//! its method, its error enum and variants, and the models its arguments are made of.

mod layout;
mod names;
#[cfg(test)]
pub(crate) mod sample;
mod values;

use heck::ToTitleCase;
use serde_json::Value;

use crate::emit::naming::{error_type_name, has_named_fields, opt_in_call, variant_name};
use crate::ir::{Api, Operation, Response, Status, TypeRef};
use crate::names::status_name;
use layout::{indent, Expr};
use names::Names;
use values::{text_or, Values, PLACEHOLDER};

/// The example's client variable. No parameter has this name: it is a member of every
/// request builder, so lowering names a `client` parameter `client_query` (or after its
/// location).
const CLIENT: &str = "client";

/// A complete program calling `operation`, for a crate whose library is `crate_name`.
pub(crate) fn operation_example(api: &Api, operation: &Operation, crate_name: &str) -> String {
    let error_name = error_type_name(operation);
    let chosen = documented_error(operation);
    let mut names = Names::new(chosen.map(|_| error_name.as_str()));
    let mut call = client_and_call(api, operation, CLIENT, &mut names, &[]);
    call.statements.push(format!(
        "let result = {}\n    .send()\n    .await;",
        call.expression
    ));
    call.statements
        .push(outcome_match(operation, &error_name, chosen));
    call.statements.push("Ok(())".to_owned());
    let imports = names.imports(
        crate_name,
        &api.tags[operation.tag].module,
        documents_errors(operation),
    );
    program(&imports, &call.statements)
}

/// A complete program reading every item of a paged operation through its builder's
/// `stream`, or `None` when the operation does not page.
pub(crate) fn stream_example(api: &Api, operation: &Operation, crate_name: &str) -> Option<String> {
    let pagination = operation.pagination.as_ref()?;
    let mut names = Names::new(None);
    let paging = [pagination.limit, pagination.offset];
    let mut call = client_and_call(api, operation, CLIENT, &mut names, &paging);
    call.statements.push(format!(
        "// Every item, page by page (at most 1,000 here); the stream ends after the last page\n\
         // or at the first error.\n\
         let items: Vec<_> = {}\n    .with_max_items(1_000)\n    .stream()\n    .try_collect()\n    .await?;",
        call.expression
    ));
    call.statements
        .push("println!(\"{} items\", items.len());".to_owned());
    call.statements.push("Ok(())".to_owned());
    let mut imports = names.imports(crate_name, &api.tags[operation.tag].module, false);
    imports.push_str(&format!("use {crate_name}::runtime::TryStreamExt;\n"));
    Some(program(&imports, &call.statements))
}

/// The statements that make the client and the values to pass, and the call expression up to
/// (not including) how it is sent.
struct Call {
    statements: Vec<String>,
    expression: String,
}

/// The client, a `let` for each value the call passes, and the call itself: required
/// parameters as arguments, optional ones the spec gives an example for as setters (but those
/// at `skip`).
fn client_and_call(
    api: &Api,
    operation: &Operation,
    client: &str,
    names: &mut Names,
    skip: &[usize],
) -> Call {
    let mut statements = vec![
        "// The tenant and credentials come from SAIL_BASE_URL, SAIL_CLIENT_ID and\n\
         // SAIL_CLIENT_SECRET, or else from ./config.json."
            .to_owned(),
        format!(
            "let {client} = Client::new(&ClientBuilder::from_env(){}.build()?);",
            opt_ins(operation)
        ),
    ];
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for (index, parameter) in operation.parameters.iter().enumerate() {
        if skip.contains(&index) {
            continue;
        }
        let mut values = Values::new(api, names);
        if parameter.required {
            let (binding, argument) = argument(
                &mut values,
                &parameter.rust_name,
                &parameter.ty,
                parameter.example.as_ref(),
            );
            statements.push(binding);
            arguments.push(argument);
        } else if let (Some(example), false) = (&parameter.example, parameter.deprecated) {
            let value = values.setter_value(&parameter.ty, example);
            setters.push(format!(".{}({})", parameter.rust_name, value.render()));
        }
    }
    if let Some(body) = &operation.body {
        // Values come from the spec's example body; fields it lacks get placeholders.
        let mut values = Values::new(api, names);
        if body.required {
            let (binding, argument) =
                argument(&mut values, "body", &body.ty, body.example.as_ref());
            statements.push(binding);
            arguments.push(argument);
        } else {
            let value = values.value(&body.ty, body.example.as_ref(), 0);
            statements.push(format!("let body = {};", value.render()));
            setters.push(".body(body)".to_owned());
        }
    }
    let mut expression = format!(
        "{client}\n    .{}()\n    .{}({})",
        api.tags[operation.tag].module,
        operation.rust_name,
        arguments.join(", ")
    );
    for setter in setters {
        expression.push_str("\n    ");
        expression.push_str(&setter.replace('\n', "\n    "));
    }
    Call {
        statements,
        expression,
    }
}

/// The builder calls that opt in to the operation's constant headers.
fn opt_ins(operation: &Operation) -> String {
    operation
        .constant_headers
        .iter()
        .map(|header| format!(".{}", opt_in_call(header)))
        .collect()
}

/// `imports`, then a `main` running `statements`.
fn program(imports: &str, statements: &[String]) -> String {
    format!(
        "{imports}\n#[tokio::main(flavor = \"current_thread\")]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{}}}\n",
        indent(&statements.join("\n"))
    )
}

/// Whether the operation has an error enum with variants, so `Error::Service` can happen.
fn documents_errors(operation: &Operation) -> bool {
    operation
        .responses
        .iter()
        .any(|response| !response.status.is_success())
}

/// The error status the example handles by name: the most instructive one documented.
fn documented_error(operation: &Operation) -> Option<&Response> {
    let errors = || {
        operation
            .responses
            .iter()
            .filter(|response| !response.status.is_success())
    };
    [404, 400, 409, 422]
        .iter()
        .find_map(|code| errors().find(|response| response.status == Status::Code(*code)))
        .or_else(|| errors().find(|response| matches!(response.status, Status::Code(_))))
}

/// A `let` for a required argument, built from the spec's example if there is one, and what
/// to pass for it.
fn argument(
    values: &mut Values<'_>,
    name: &str,
    ty: &TypeRef,
    example: Option<&Value>,
) -> (String, String) {
    // Methods take strings as `&str`, lists as slices, numbers and booleans by value, and
    // everything else by reference (see `types::parameter_type`).
    let (value, argument) = match ty {
        TypeRef::String => {
            let text = text_or(example, PLACEHOLDER);
            (Expr::atom(format!("{text:?}")), name.to_owned())
        }
        // One placeholder item shows the item type where an empty list would not.
        TypeRef::List(item) if example.is_none() => {
            let item = values.value(item, None, 0);
            (Expr::list("vec![", vec![item], "]"), format!("&{name}"))
        }
        TypeRef::List(_) => (values.value(ty, example, 0), format!("&{name}")),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            (values.value(ty, example, 0), name.to_owned())
        }
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => (values.value(ty, example, 0), format!("&{name}")),
    };
    (format!("let {name} = {};", value.render()), argument)
}

fn outcome_match(operation: &Operation, error_name: &str, chosen: Option<&Response>) -> String {
    let has_success_body = operation
        .responses
        .iter()
        .any(|response| response.status.is_success() && response.body.is_some());
    let mut arms = vec![if has_success_body {
        "Ok(response) => println!(\"{:#?}\", response.into_inner()),".to_owned()
    } else {
        "Ok(response) => println!(\"done: HTTP {}\", response.status()),".to_owned()
    }];
    if documents_errors(operation) {
        arms.push(service_arm(error_name, chosen));
    }
    arms.push(
        "// No response, an undocumented status, or a body that does not match the spec.\n\
         Err(other) => return Err(other.into()),"
            .to_owned(),
    );
    format!("match result {{\n{}}}", indent(&arms.join("\n")))
}

/// The arm for documented error statuses: one handled by name, the rest by status.
fn service_arm(error_name: &str, chosen: Option<&Response>) -> String {
    let fallback = "eprintln!(\n    \"HTTP {}, tracking id {}\",\n    other.status(),\n    \
                    other.tracking_id().unwrap_or(\"none\")\n),";
    let mut inner = Vec::new();
    if let Some(response) = chosen {
        inner.push(named_error_arm(error_name, response));
    }
    inner.push(format!("other => {fallback}"));
    format!(
        "// A status the spec documents for this operation, with its typed body.\n\
         Err(Error::Service(failure)) => match &failure.error {{\n{}}},",
        indent(&inner.join("\n"))
    )
}

fn named_error_arm(error_name: &str, response: &Response) -> String {
    let variant = variant_name(response);
    let status = match response.status {
        Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "HTTP error".to_owned(),
    };
    let (pattern, message) = match (has_named_fields(response), response.body.is_some()) {
        (false, true) => (
            format!("({PATTERN_BINDING})"),
            format!("{status}: {{details:?}}"),
        ),
        (true, true) => (
            format!(" {{ body: {PATTERN_BINDING}, .. }}"),
            format!("{status}: {{details:?}}"),
        ),
        (true, false) => (" { .. }".to_owned(), status),
        (false, false) => (String::new(), status),
    };
    format!("{error_name}::{variant}{pattern} => {{\n    eprintln!(\"{message}\");\n}}")
}

/// What the example calls an error's body; never the name of the request `body`.
const PATTERN_BINDING: &str = "details";

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::sample::{self, ACCOUNT};
    use super::*;

    fn example(index: usize) -> String {
        let api = sample::api();
        operation_example(&api, &api.operations[index], "sample_crate")
    }
    #[test]
    fn every_example_is_a_rust_program() {
        for index in 0..sample::api().operations.len() {
            let text = example(index);
            if let Err(error) = syn::parse_file(&text) {
                panic!("example {index} does not parse: {error}\n{text}");
            }
        }
    }

    #[test]
    fn example_uses_the_operations_own_items() {
        let text = example(0);
        assert!(text.starts_with(
            "use sample_crate::apis::passwords::ChangePasswordError;\n\
             use sample_crate::models::{ChangeRequest, State};\n\
             use sample_crate::{Client, ClientBuilder, Error};\n"
        ));
        assert!(text.contains(
            "let result = client\n        .passwords()\n        \
             .change_password(id, client_query, &ids, &state, limit, &body)\n"
        ));
        assert!(text.contains("ChangePasswordError::BadRequest(details) => {"));
        assert!(text.contains("let state = State::InProgress;"));
    }

    #[test]
    fn only_paged_operations_get_a_stream_example() {
        let api = sample::api();
        assert!(api
            .operations
            .iter()
            .all(|operation| operation.pagination.is_none()
                && stream_example(&api, operation, "sample_crate").is_none()));
    }

    #[test]
    fn a_parameter_called_client_leaves_the_client_its_name() {
        assert!(
            example(0).contains("let client = Client::new(&ClientBuilder::from_env().build()?);")
        );
        assert!(example(0).contains("let client_query = "));
        assert!(
            example(1).contains("let client = Client::new(&ClientBuilder::from_env().build()?);")
        );
    }

    #[test]
    fn operation_without_errors_matches_no_service_error() {
        let text = example(1);
        assert!(text.contains("use sample_crate::{Client, ClientBuilder};\n"));
        assert!(!text.contains("Error::Service"));
        assert!(text.contains("println!(\"done: HTTP {}\", response.status())"));
    }

    #[test]
    fn only_a_default_error_is_matched_by_status() {
        let text = example(2);
        assert!(!text.contains("sample_crate::apis"));
        assert!(text.contains(
            "Err(Error::Service(failure)) => match &failure.error {\n            other =>"
        ));
        // `Node` requires itself: no value exists, and the example says so instead of looping.
        assert!(text.contains("todo!(\"a Node\")"));
    }

    #[test]
    fn models_named_like_an_import_are_qualified() {
        let text = example(3);
        assert!(text.contains("use sample_crate::models;\n"));
        assert!(text.contains("        models::Error::new()\n"));
        assert!(text.contains("PutStrictError::NotFound => {\n"));
        assert!(text.contains(".put_strict()\n        .body(body)\n"));
    }

    #[test]
    fn structs_are_built_with_new_and_setters() {
        let text = example(3);
        assert!(
            text.contains(
                "    let body = Strict::new(\n        \"example\",\n        models::Error::new()\n            \
                 .with_message(\"example\")\n            .with_tracking_id(\"example\"),\n    )\n    \
                 .with_note(\"example\");\n"
            ),
            "{text}"
        );
        assert!(!text.contains("Default::default()"));
    }

    #[test]
    fn explicit_null_fields_are_set_by_value() {
        let text = example(4);
        assert!(text.contains(".with_note(\"example\")"), "{text}");
        assert!(
            text.contains("UploadError::Conflict(details) => {"),
            "{text}"
        );
    }

    #[test]
    fn arguments_take_the_specs_example_when_there_is_one() {
        let api = sample::api();
        let mut names = Names::new(None);
        let mut values = Values::new(&api, &mut names);
        let list = TypeRef::List(Box::new(TypeRef::String));
        assert_eq!(
            argument(&mut values, "id", &TypeRef::String, Some(&json!("abc"))),
            ("let id = \"abc\";".to_owned(), "id".to_owned())
        );
        assert_eq!(
            argument(&mut values, "ids", &list, Some(&json!(["a"]))),
            (
                "let ids = vec![\"a\".to_owned()];".to_owned(),
                "&ids".to_owned()
            )
        );
        assert_eq!(
            argument(
                &mut values,
                "body",
                &TypeRef::Named(ACCOUNT),
                Some(&json!({"accountId": "a1", "accountName": "A"}))
            )
            .1,
            "&body"
        );
    }

    /// Every operation of the project's spec and of every fixture gets an example that parses.
    #[test]
    fn examples_for_real_specs_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = vec![root.join("spec/sailpoint-api.beta.yaml")];
        let fixtures = root.join("tests/fixtures");
        for entry in std::fs::read_dir(&fixtures).into_iter().flatten().flatten() {
            let folder = entry.path();
            for candidate in ["openapi.yaml", "api/root.yaml"] {
                if folder.join(candidate).is_file() {
                    specs.push(folder.join(candidate));
                }
            }
        }
        assert!(
            specs.len() > 2,
            "no fixtures found under {}",
            fixtures.display()
        );
        for spec in specs {
            let generated = crate::generate(&spec, &crate::Options::default())
                .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
            for operation in &generated.api.operations {
                let programs = [
                    Some(operation_example(
                        &generated.api,
                        operation,
                        "sailpoint_beta",
                    )),
                    stream_example(&generated.api, operation, "sailpoint_beta"),
                ];
                for text in programs.into_iter().flatten() {
                    if let Err(error) = syn::parse_file(&text) {
                        panic!("{} {}: {error}\n{text}", spec.display(), operation.id);
                    }
                }
            }
        }
    }
}
