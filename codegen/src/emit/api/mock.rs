//! The tag's `mock` module (behind the crate's `mock` feature): per operation, a function that
//! starts a typed rule, the operation's `MockOperation` (how its output and errors look on the
//! wire, the inverse of its `read`) and its typed request view for `match_request`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::emit::naming::{
    error_type_name, has_named_fields, header_value, is_text_value, success_enum_name, successes,
    variant_name, HeaderValue,
};
use crate::emit::types::{ident, rust_type};
use crate::ir::{
    Api, BodyEncoding, Operation, Parameter, ParameterLocation, Response, ResponseBody, Status, Tag,
};

/// `#[cfg(feature = "mock")] pub mod mock { … }` for the tag's operations.
pub(super) fn mock_module(api: &Api, tag: &Tag, operations: &[&Operation]) -> TokenStream {
    let items = operations
        .iter()
        .map(|operation| operation_mock(api, tag, operation));
    let doc = format!(
        " Typed mock rules for the {} operations (all of a crate's are in `crate::apis::mock`).",
        tag.name
    );
    quote! {
        #[doc = #doc]
        #[cfg(feature = "mock")]
        pub mod mock {
            use ::isc_runtime::mock::reply;
            use ::isc_runtime::mock::MockRequest;

            #(#items)*
        }
    }
}

fn operation_mock(api: &Api, tag: &Tag, operation: &Operation) -> TokenStream {
    let function = ident(&operation.rust_name);
    let marker = ident(&operation.type_prefix);
    let view = ident(&format!("{}Request", operation.type_prefix));
    let error = ident(&error_type_name(operation));
    let operation_id = &operation.id;
    let function_doc = format!(
        " A mock rule for [`{api_struct}::{method}`](super::{api_struct}::{method}): narrow it \
         with `match_request`, finish it with `then_output`, `then_error`, `then_http` or \
         `sequence()`.",
        api_struct = tag.struct_name,
        method = operation.rust_name,
    );
    let marker_doc = format!(" The `{operation_id}` operation, for typed mock rules.");
    let view_doc = format!(" A request of `{operation_id}`, as a mock rule sees it.");
    let output = output_type(api, operation);
    let (output_body, reads_output) = output_response(operation);
    let output_name = ident(if reads_output { "output" } else { "_output" });
    let error_body = error_response(operation, &error);
    let accessors = accessors(api, operation);
    let renamed = renamed_aliases(operation, &function, &marker, &view);
    quote! {
        #renamed

        #[doc = #function_doc]
        pub fn #function() -> ::isc_runtime::mock::RuleBuilder<#marker> {
            ::isc_runtime::mock::RuleBuilder::new()
        }

        #[doc = #marker_doc]
        #[derive(Debug)]
        pub enum #marker {}

        impl ::isc_runtime::mock::MockOperation for #marker {
            const OPERATION_ID: &'static str = #operation_id;
            type Request<'r> = #view<'r>;
            type Output = #output;
            type Error = super::#error;

            fn output_response(#output_name: &Self::Output) -> ::isc_runtime::HttpResponse {
                #output_body
            }

            fn error_response(error: &Self::Error) -> ::isc_runtime::HttpResponse {
                #error_body
            }
        }

        #[doc = #view_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #view<'r>(&'r MockRequest);

        impl<'r> ::std::convert::From<&'r MockRequest> for #view<'r> {
            fn from(request: &'r MockRequest) -> Self {
                Self(request)
            }
        }

        impl<'r> #view<'r> {
            #accessors

            /// The request as sent, for what the methods above do not name.
            pub fn raw(&self) -> &'r MockRequest {
                self.0
            }
        }
    }
}

/// What `send()` returns on success, spelled from inside the tag's `mock` module.
fn output_type(api: &Api, operation: &Operation) -> TokenStream {
    if let Some(name) = success_enum_name(operation) {
        let name = ident(&name);
        return quote! { super::#name };
    }
    match successes(operation)
        .next()
        .and_then(|response| response.body.as_ref())
    {
        Some(body) => rust_type(api, &body.ty),
        None => quote! { () },
    }
}

/// The status a response of `status` is answered with: the code, or the first of its range.
fn code_of(status: Status) -> Literal {
    Literal::u16_unsuffixed(match status {
        Status::Code(code) => code,
        Status::Range(class) => u16::from(class) * 100,
        // Never a success; as an error, its variant carries the status to answer with.
        Status::Default => 500,
    })
}

/// `reply::…(status, …)` writing `value` (a reference) as `body` says; `status` is an
/// expression of type `u16`.
fn encode(body: &ResponseBody, status: TokenStream, value: TokenStream) -> TokenStream {
    let media_type = &body.media_type;
    match body.encoding {
        BodyEncoding::Json => quote! { reply::json(#status, #media_type, #value) },
        BodyEncoding::Text
        | BodyEncoding::Binary
        | BodyEncoding::Multipart
        | BodyEncoding::Form => {
            quote! { reply::bytes(#status, #media_type, ::std::clone::Clone::clone(#value)) }
        }
    }
}

/// How `output` is written, and whether that reads it (a bodiless success does not).
fn output_response(operation: &Operation) -> (TokenStream, bool) {
    if let Some(name) = success_enum_name(operation) {
        let name = ident(&name);
        let arms = successes(operation).map(|response| {
            let variant = ident(&variant_name(response));
            let code = code_of(response.status);
            match &response.body {
                Some(body) => {
                    let encoded = encode(body, quote! { #code }, quote! { body });
                    quote! { super::#name::#variant(body) => #encoded, }
                }
                None => quote! { super::#name::#variant => reply::empty(#code), },
            }
        });
        return (quote! { match output { #(#arms)* } }, true);
    }
    // An operation that documents no success answers 200, which it reads as unexpected, as
    // it would from a server.
    let Some(response) = successes(operation).next() else {
        return (quote! { reply::empty(200) }, false);
    };
    let code = code_of(response.status);
    match &response.body {
        Some(body) => (encode(body, quote! { #code }, quote! { output }), true),
        None => (quote! { reply::empty(#code) }, false),
    }
}
fn error_response(operation: &Operation, error: &Ident) -> TokenStream {
    let responses: Vec<&Response> = operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
        .collect();
    if responses.is_empty() {
        return quote! { match *error {} };
    }
    let arms = responses.iter().map(|response| error_arm(response, error));
    quote! { match error { #(#arms)* } }
}

fn error_arm(response: &Response, error: &Ident) -> TokenStream {
    let variant = ident(&variant_name(response));
    let code = code_of(response.status);
    if !has_named_fields(response) {
        return match &response.body {
            Some(body) => {
                let encoded = encode(body, quote! { #code }, quote! { body });
                quote! { super::#error::#variant(body) => #encoded, }
            }
            None => quote! { super::#error::#variant => reply::empty(#code), },
        };
    }
    let status = if response.status.carries_status() {
        quote! { *status }
    } else {
        quote! { #code }
    };
    let mut bindings = Vec::new();
    if response.body.is_some() {
        bindings.push(quote! { body });
    }
    if response.status.carries_status() {
        bindings.push(quote! { status });
    }
    let mut response_expr = match &response.body {
        Some(body) => encode(body, status, quote! { body }),
        None => quote! { reply::empty(#status) },
    };
    for header in &response.headers {
        let field = ident(&header.rust_name);
        let wire = &header.wire_name;
        bindings.push(quote! { #field });
        response_expr = match header_value(header) {
            HeaderValue::RetryAfter => {
                quote! { reply::retry_after(#response_expr, #field.as_ref()) }
            }
            HeaderValue::Typed(_) | HeaderValue::Text => {
                quote! { reply::header(#response_expr, #wire, #field.as_ref()) }
            }
        };
    }
    quote! {
        super::#error::#variant { #(#bindings),* } => #response_expr,
    }
}

/// One accessor per parameter sent as one piece of text (its value as sent), and `body()`.
fn accessors(api: &Api, operation: &Operation) -> TokenStream {
    let parameters: Vec<TokenStream> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.as_text.is_some() || is_text_value(api, &parameter.ty))
        .map(parameter_accessor)
        .collect();
    let body = operation.body.as_ref().map(|body| match body.encoding {
        BodyEncoding::Json => {
            let ty = rust_type(api, &body.ty);
            quote! {
                /// The body, if it reads as the operation's body type.
                pub fn body(&self) -> ::std::option::Option<#ty> {
                    self.0.json_body()
                }
            }
        }
        _ => quote! {
            /// The body as sent.
            pub fn body(&self) -> &'r [u8] {
                self.0.body_bytes()
            }
        },
    });
    quote! { #(#parameters)* #body }
}

fn parameter_accessor(parameter: &Parameter) -> TokenStream {
    let name = match parameter.rust_name.as_str() {
        // The view's own methods keep their names; the parameter's gets a suffix.
        "body" | "raw" => ident(&format!("{}_parameter", parameter.rust_name)),
        other => ident(other),
    };
    let wire = &parameter.wire_name;
    match parameter.location {
        ParameterLocation::Path => {
            let doc = format!(" The path parameter `{wire}`, decoded.");
            quote! {
                #[doc = #doc]
                pub fn #name(&self) -> &'r str {
                    self.0.path_param(#wire).unwrap_or_default()
                }
            }
        }
        ParameterLocation::Query => {
            let doc = format!(" The query parameter `{wire}` as sent, if it was.");
            quote! {
                #[doc = #doc]
                pub fn #name(&self) -> ::std::option::Option<&'r str> {
                    self.0.query_param(#wire)
                }
            }
        }
        ParameterLocation::Header => {
            let doc = format!(" The header `{wire}` as sent, if it was.");
            quote! {
                #[doc = #doc]
                pub fn #name(&self) -> ::std::option::Option<&'r str> {
                    self.0.header(#wire)
                }
            }
        }
    }
}

/// The mock names an operation had before upstream renamed its `operationId`, as deprecated
/// aliases: a user's rules outlive the rename as their calls do.
fn renamed_aliases(
    operation: &Operation,
    function: &Ident,
    marker: &Ident,
    view: &Ident,
) -> TokenStream {
    let aliases = operation.renamed_from.iter().map(|old| {
        let old_function = ident(&old.rust_name);
        let old_marker = ident(&old.type_prefix);
        let old_view = ident(&format!("{}Request", old.type_prefix));
        let note = format!(
            "the operation was renamed upstream (`{}` → `{}`); use `{}`",
            old.operation_id, operation.id, operation.rust_name
        );
        let doc = format!(" The former name of [`{function}`].");
        let marker_doc = format!(" The former name of [`{marker}`].");
        let view_doc = format!(" The former name of [`{view}`].");
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            pub fn #old_function() -> ::isc_runtime::mock::RuleBuilder<#marker> {
                #function()
            }
            #[doc = #marker_doc]
            #[deprecated(note = #note)]
            pub type #old_marker = #marker;
            #[doc = #view_doc]
            #[deprecated(note = #note)]
            pub type #old_view<'r> = #view<'r>;
        }
    });
    quote! { #(#aliases)* }
}
