//! Reading a response: the success value (one type, or an enum when the success statuses carry
//! different bodies) and the documented error statuses.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::emit::naming::{has_named_fields, success_enum_name, successes, variant_name};
use crate::emit::syntax::{self, SynTypes};
use crate::emit::types::{ident, owned, rust_type};
use crate::ir::{Api, BodyEncoding, HeaderKind, Operation, Response, ResponseBody, Status};

/// `{Prefix}Success` as an identifier, when the operation needs a success enum.
fn success_enum_ident(operation: &Operation) -> Option<Ident> {
    success_enum_name(operation).map(|name| ident(&name))
}

/// The type inside `ResponseValue<…>`.
pub(super) fn success_type(api: &Api, operation: &Operation) -> syn::Type {
    if let Some(name) = success_enum_name(operation) {
        return syntax::path_type(syntax::path(&[&name]));
    }
    match successes(operation)
        .next()
        .and_then(|response| response.body.as_ref())
    {
        Some(body) => owned(&SynTypes::PLAIN, api, &body.ty),
        None => syn::Type::Tuple(syn::TypeTuple {
            paren_token: Default::default(),
            elems: Default::default(),
        }),
    }
}

/// The success enum's definition, when the operation needs one.
pub(super) fn success_enum(api: &Api, operation: &Operation) -> TokenStream {
    let Some(name) = success_enum_ident(operation) else {
        return quote! {};
    };
    let doc = format!(
        " The success responses of `{}`, which differ by status.",
        operation.id
    );
    let variants = successes(operation).map(|response| {
        let variant = ident(&variant_name(response));
        let line = match response.status {
            Status::Code(code) => format!(
                " {code}: {}",
                response.description.as_deref().unwrap_or_default()
            ),
            Status::Range(class) => format!(
                " {class}XX: {}",
                response.description.as_deref().unwrap_or_default()
            ),
            Status::Default => String::new(),
        };
        match &response.body {
            Some(body) => {
                let ty = rust_type(api, &body.ty);
                quote! { #[doc = #line] #variant(#ty), }
            }
            None => quote! { #[doc = #line] #variant, },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // A response is matched once and dropped; boxing the larger bodies would only add noise.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Reads a body the way its encoding says.
fn decode(body: &ResponseBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote! { ::isc_runtime::decode_json(&response)? },
        BodyEncoding::Text => quote! { String::from_utf8_lossy(&response.body).into_owned() },
        BodyEncoding::Binary | BodyEncoding::Multipart | BodyEncoding::Form => {
            quote! { response.body.clone() }
        }
    }
}

/// The `match` on the status code that `read` returns. JSON bodies and bodiless statuses are
/// read by one call of the runtime's `__private` readers each (built as syn trees, as every
/// operation has them); other encodings, and variants with headers, are written out (quoted
/// and parsed).
pub(super) fn read_match(operation: &Operation, error_name: &Ident) -> syn::Result<syn::Expr> {
    let response = || syntax::name_expr("response");
    let mut arms = Vec::new();
    if let Some(name) = success_enum_ident(operation) {
        let enum_name = name.to_string();
        for response_spec in successes(operation) {
            let Some(pattern) = status_pattern(response_spec.status) else {
                continue;
            };
            let variant_name = variant_name(response_spec);
            let constructor = || syntax::path_expr(syntax::path(&[&enum_name, &variant_name]));
            arms.push(match &response_spec.body {
                Some(body) if body.encoding == BodyEncoding::Json => syntax::arm(
                    pattern,
                    runtime_reader("json_success", vec![response(), constructor()]),
                ),
                Some(body) => {
                    let variant = ident(&variant_name);
                    let decoded = decode(body);
                    syn::parse2(quote! {
                        #pattern => {
                            let value = #name::#variant(#decoded);
                            ::std::result::Result::Ok(ResponseValue::new(value, response.status, response.headers))
                        }
                    })?
                }
                None => syntax::arm(
                    pattern,
                    runtime_reader("bare_success", vec![response(), constructor()]),
                ),
            });
        }
    } else {
        let patterns: Vec<syn::Pat> = successes(operation)
            .filter_map(|response| status_pattern(response.status))
            .collect();
        if !patterns.is_empty() {
            let body = successes(operation)
                .next()
                .and_then(|response| response.body.as_ref());
            let pattern = || syntax::or_pat(patterns.clone());
            arms.push(match body {
                Some(body) if body.encoding == BodyEncoding::Json => {
                    syntax::arm(pattern(), runtime_reader("json_value", vec![response()]))
                }
                Some(body) => {
                    let pattern = pattern();
                    let decoded = decode(body);
                    syn::parse2(quote! {
                        #pattern => {
                            let value = #decoded;
                            ::std::result::Result::Ok(ResponseValue::new(value, response.status, response.headers))
                        }
                    })?
                }
                None => syntax::arm(
                    pattern(),
                    runtime_reader("bare_success", vec![response(), syntax::tuple(Vec::new())]),
                ),
            });
        }
    }
    let mut fallback = syntax::arm(
        syntax::wild_pat(),
        syntax::call(
            syntax::path_expr(syntax::global_path(&["std", "result", "Result", "Err"])),
            vec![syntax::call(
                syntax::path_expr(syntax::path(&["Error", "unexpected"])),
                vec![response()],
            )],
        ),
    );
    for response_spec in operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
    {
        let variant = variant_name(response_spec);
        let construct = error_arm(response_spec, error_name, &variant)?;
        match status_pattern(response_spec.status) {
            Some(pattern) => arms.push(syntax::arm(pattern, construct)),
            None => fallback = syntax::arm(syntax::wild_pat(), construct),
        }
    }
    arms.push(fallback);
    Ok(syntax::match_expr(
        syntax::method_call(syntax::field(response(), "status"), "as_u16", Vec::new()),
        arms,
    ))
}

/// The pattern of a status in the `match` on the status code: `404`, `400..=499` for `4XX`;
/// `None` for `default`, the last arm. Exact codes sort before ranges, so they win.
fn status_pattern(status: Status) -> Option<syn::Pat> {
    match status {
        Status::Code(code) => Some(syntax::lit_pat(syntax::int_lit(code))),
        Status::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            Some(syn::parse_quote! { #low..=#high })
        }
        Status::Default => None,
    }
}

/// `::isc_runtime::__private::name(arguments…)`: a call of one of the runtime's readers.
fn runtime_reader(name: &str, arguments: Vec<syn::Expr>) -> syn::Expr {
    syntax::call(
        syntax::path_expr(syntax::global_path(&["isc_runtime", "__private", name])),
        arguments,
    )
}

/// How one error status is read: a runtime reader where one fits, else written out.
fn error_arm(
    response: &Response,
    error_name: &Ident,
    variant_name: &str,
) -> syn::Result<syn::Expr> {
    let json_body = response
        .body
        .as_ref()
        .is_some_and(|body| body.encoding == BodyEncoding::Json);
    if !has_named_fields(response) {
        let reader = match (json_body, &response.body) {
            (true, _) => Some("json_error"),
            (false, None) => Some("bare_error"),
            (false, Some(_)) => None,
        };
        if let Some(reader) = reader {
            let error_type = error_name.to_string();
            return Ok(runtime_reader(
                reader,
                vec![
                    syntax::name_expr("response"),
                    syntax::path_expr(syntax::path(&[&error_type, variant_name])),
                ],
            ));
        }
    }
    let variant = ident(variant_name);
    // The usual 429: a JSON body and `Retry-After`, nothing else.
    if let [header] = response.headers.as_slice() {
        if json_body && header.kind == HeaderKind::RetryAfter && !response.status.carries_status() {
            let field = ident(&header.rust_name);
            return syn::parse2(quote! {
                ::isc_runtime::__private::json_error_retry(response, |body, #field| #error_name::#variant { body, #field })
            });
        }
    }
    let construct = error_construction(response, error_name, &variant);
    syn::parse2(quote! { { #construct } })
}

/// Decodes an error status into its variant and wraps it in `Error::Service`.
fn error_construction(response: &Response, error_name: &Ident, variant: &Ident) -> TokenStream {
    let body = response.body.as_ref().map(|body| {
        let decoded = decode(body);
        quote! { let body = #decoded; }
    });
    let value = if has_named_fields(response) {
        let mut fields = Vec::new();
        if response.body.is_some() {
            fields.push(quote! { body });
        }
        if response.status.carries_status() {
            fields.push(quote! { status: response.status.as_u16() });
        }
        for header in &response.headers {
            let field = ident(&header.rust_name);
            let wire = &header.wire_name;
            fields.push(match &header.kind {
                HeaderKind::RetryAfter => {
                    quote! { #field: ::isc_runtime::RetryAfter::from_headers(&response.headers) }
                }
                HeaderKind::Typed(_) => quote! {
                    #field: response
                        .headers
                        .get(#wire)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| value.parse().ok())
                },
            });
        }
        quote! { #error_name::#variant { #(#fields),* } }
    } else if response.body.is_some() {
        quote! { #error_name::#variant(body) }
    } else {
        quote! { #error_name::#variant }
    };
    quote! {
        #body
        let error = #value;
        ::std::result::Result::Err(Error::service(response, error))
    }
}
