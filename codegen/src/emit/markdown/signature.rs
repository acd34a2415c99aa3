//! The Rust shape of an operation as the reference shows it: the method signature and the
//! error enum variants. The doctest examples call the same methods, so a mismatch with the
//! generated code fails `cargo test --doc`.

pub(super) use crate::emit::naming::success_enum_name;
use crate::emit::naming::{
    builder_type_name, error_type_name, has_named_fields, successes, variant_name,
};
use crate::ir::{Api, Operation, Response, TypeRef};

use super::types::{parameter_type_text, type_text};

/// Signatures longer than this put one argument per line, as rustfmt does.
const MAX_LINE: usize = 100;

/// The method that starts a call and what its builder offers:
///
/// ```text
/// pub fn name(&self, id: &str) -> NameBuilder<'_>
///
/// impl NameBuilder<'_> {
///     pub fn limit(self, value: impl Into<i32>) -> Self;
///     pub async fn send(self) -> Result<ResponseValue<T>, Error<NameError>>;
/// }
/// ```
pub(super) fn method_signature(api: &Api, operation: &Operation) -> String {
    let mut arguments = vec!["&self".to_owned()];
    let mut setters = Vec::new();
    for parameter in &operation.parameters {
        let name = parameter.rust_name.clone();
        if parameter.required {
            let ty = parameter_type_text(api, &parameter.ty);
            arguments.push(format!("{name}: {ty}"));
        } else {
            let ty = type_text(api, &parameter.ty);
            setters.push(format!(
                "pub fn {name}(self, value: impl Into<{ty}>) -> Self;"
            ));
        }
    }
    if let Some(body) = &operation.body {
        if body.required {
            arguments.push(format!("body: {}", parameter_type_text(api, &body.ty)));
        } else {
            let ty = type_text(api, &body.ty);
            setters.push(format!(
                "pub fn body(self, value: impl Into<{ty}>) -> Self;"
            ));
        }
    }
    let builder = builder_type_name(operation);
    if operation.pagination.is_some() {
        setters.push("pub fn with_max_items(self, max_items: u64) -> Self;".to_owned());
        setters.push(format!(
            "pub fn stream(self) -> impl Stream<Item = Result<{}, Error<{}>>>;",
            operation
                .pagination
                .as_ref()
                .map_or_else(String::new, |pagination| type_text(api, &pagination.item)),
            error_type_name(operation)
        ));
    }
    setters.push(format!(
        "pub async fn send(self) -> Result<ResponseValue<{}>, Error<{}>>;",
        success_type_text(api, operation),
        error_type_name(operation)
    ));
    let name = &operation.rust_name;
    let returns = format!("{builder}<'_>");
    let flat = format!("pub fn {name}({}) -> {returns}", arguments.join(", "));
    let method = if flat.len() <= MAX_LINE {
        flat
    } else {
        let arguments: String = arguments
            .iter()
            .map(|argument| format!("    {argument},\n"))
            .collect();
        format!("pub fn {name}(\n{arguments}) -> {returns}")
    };
    let setters: String = setters
        .iter()
        .map(|setter| format!("    {setter}\n"))
        .collect();
    format!("{method}\n\nimpl {builder}<'_> {{\n{setters}}}")
}

/// The body of the success responses when they share one.
pub(crate) fn success_body(operation: &Operation) -> Option<&TypeRef> {
    if success_enum_name(operation).is_some() {
        return None;
    }
    let body = successes(operation).next()?.body.as_ref()?;
    Some(&body.ty)
}

/// The type inside `ResponseValue<…>`.
pub(crate) fn success_type_text(api: &Api, operation: &Operation) -> String {
    if let Some(name) = success_enum_name(operation) {
        return name;
    }
    success_body(operation).map_or_else(|| "()".to_owned(), |ty| type_text(api, ty))
}

/// How the error enum's variant for `response` looks: `NotFound(ErrorResponseDto)`,
/// `TooManyRequests { body, retry_after }`, `Other { body, status }`.
pub(super) fn variant_shape(api: &Api, response: &Response) -> String {
    let name = variant_name(response);
    if has_named_fields(response) {
        let mut fields = Vec::new();
        if response.body.is_some() {
            fields.push("body".to_owned());
        }
        if response.status.carries_status() {
            fields.push("status".to_owned());
        }
        fields.extend(
            response
                .headers
                .iter()
                .map(|header| header.rust_name.clone()),
        );
        return format!("{name} {{ {} }}", fields.join(", "));
    }
    match &response.body {
        Some(body) => format!("{name}({})", type_text(api, &body.ty)),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::example::sample;

    #[test]
    fn long_signatures_put_one_argument_per_line_and_list_the_builder() {
        let api = sample::api();
        assert_eq!(
            method_signature(&api, &api.operations[0]),
            "pub fn change_password(\n    &self,\n    id: &str,\n    client_query: &str,\n    \
             ids: &[String],\n    state: &State,\n    limit: i64,\n    body: &ChangeRequest,\n\
             ) -> ChangePasswordBuilder<'_>\n\nimpl ChangePasswordBuilder<'_> {\n    \
             pub fn verbose(self, value: impl Into<bool>) -> Self;\n    pub async fn send(self) \
             -> Result<ResponseValue<Vec<Account>>, Error<ChangePasswordError>>;\n}"
        );
    }

    #[test]
    fn short_signatures_stay_on_one_line() {
        let api = sample::api();
        assert_eq!(
            method_signature(&api, &api.operations[1]),
            "pub fn delete_things(&self) -> DeleteThingsBuilder<'_>\n\nimpl DeleteThingsBuilder<'_> {\n    \
             pub async fn send(self) -> Result<ResponseValue<()>, Error<DeleteThingsError>>;\n}"
        );
    }

    #[test]
    fn variants_show_their_fields() {
        let api = sample::api();
        let shapes: Vec<String> = api.operations[0]
            .responses
            .iter()
            .filter(|response| !response.status.is_success())
            .map(|response| variant_shape(&api, response))
            .collect();
        assert_eq!(
            shapes,
            [
                "BadRequest(Error)",
                "TooManyRequests { body, retry_after }",
                "Other { body, status }"
            ]
        );
    }

    #[test]
    fn different_success_bodies_make_a_success_enum() {
        let api = sample::api();
        assert_eq!(success_type_text(&api, &api.operations[0]), "Vec<Account>");
        assert_eq!(success_type_text(&api, &api.operations[1]), "()");
        assert_eq!(success_type_text(&api, &api.operations[4]), "UploadSuccess");
    }
}
