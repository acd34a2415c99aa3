//! Reading a response: the success value (one type, or an enum when the success statuses carry
//! different bodies) and the documented error statuses.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::emit::naming::{has_named_fields, success_enum_name, successes, variant_name};
use crate::emit::types::{ident, rust_type};
use crate::ir::{Api, BodyEncoding, HeaderKind, Operation, Response, ResponseBody, Status};

/// `{Prefix}Success` as an identifier, when the operation needs a success enum.
fn success_enum_ident(operation: &Operation) -> Option<Ident> {
    success_enum_name(operation).map(|name| ident(&name))
}

/// The type inside `ResponseValue<…>`.
pub(super) fn success_type(api: &Api, operation: &Operation) -> TokenStream {
    if let Some(name) = success_enum_ident(operation) {
        return quote! { #name };
    }
    match successes(operation)
        .next()
        .and_then(|response| response.body.as_ref())
    {
        Some(body) => rust_type(api, &body.ty),
        None => quote! { () },
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

/// The `match` arms on the status code. JSON bodies and bodiless statuses are read by one call
/// of the runtime's `__private` readers each; other encodings, and variants with headers, are
/// written out.
pub(super) fn response_arms(operation: &Operation, error_name: &Ident) -> TokenStream {
    let mut arms = Vec::new();
    if let Some(name) = success_enum_ident(operation) {
        for response in successes(operation) {
            let Status::Code(code) = response.status else {
                continue;
            };
            let code = Literal::u16_unsuffixed(code);
            let variant = ident(&variant_name(response));
            arms.push(match &response.body {
                Some(body) if body.encoding == BodyEncoding::Json => quote! {
                    #code => ::isc_runtime::__private::json_success(response, #name::#variant),
                },
                Some(body) => {
                    let decoded = decode(body);
                    quote! {
                        #code => {
                            let value = #name::#variant(#decoded);
                            ::std::result::Result::Ok(ResponseValue::new(value, response.status, response.headers))
                        }
                    }
                }
                None => quote! {
                    #code => ::isc_runtime::__private::bare_success(response, #name::#variant),
                },
            });
        }
    } else {
        let codes: Vec<Literal> = successes(operation)
            .filter_map(|response| match response.status {
                Status::Code(code) => Some(Literal::u16_unsuffixed(code)),
                Status::Default => None,
            })
            .collect();
        if !codes.is_empty() {
            let body = successes(operation)
                .next()
                .and_then(|response| response.body.as_ref());
            arms.push(match body {
                Some(body) if body.encoding == BodyEncoding::Json => quote! {
                    #(#codes)|* => ::isc_runtime::__private::json_value(response),
                },
                Some(body) => {
                    let decoded = decode(body);
                    quote! {
                        #(#codes)|* => {
                            let value = #decoded;
                            ::std::result::Result::Ok(ResponseValue::new(value, response.status, response.headers))
                        }
                    }
                }
                None => quote! {
                    #(#codes)|* => ::isc_runtime::__private::bare_success(response, ()),
                },
            });
        }
    }
    let mut fallback = quote! { _ => ::std::result::Result::Err(Error::unexpected(response)), };
    for response in operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
    {
        let variant = ident(&variant_name(response));
        let construct = error_arm(response, error_name, &variant);
        match response.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                arms.push(quote! { #code => #construct, });
            }
            Status::Default => fallback = quote! { _ => #construct, },
        }
    }
    quote! { #(#arms)* #fallback }
}

/// How one error status is read: a runtime reader where one fits, else written out.
fn error_arm(response: &Response, error_name: &Ident, variant: &Ident) -> TokenStream {
    let json_body = response
        .body
        .as_ref()
        .is_some_and(|body| body.encoding == BodyEncoding::Json);
    if !has_named_fields(response) {
        if json_body {
            return quote! { ::isc_runtime::__private::json_error(response, #error_name::#variant) };
        }
        if response.body.is_none() {
            return quote! { ::isc_runtime::__private::bare_error(response, #error_name::#variant) };
        }
    }
    // The usual 429: a JSON body and `Retry-After`, nothing else.
    if let [header] = response.headers.as_slice() {
        if json_body && header.kind == HeaderKind::RetryAfter && response.status != Status::Default
        {
            let field = ident(&header.rust_name);
            return quote! {
                ::isc_runtime::__private::json_error_retry(response, |body, #field| #error_name::#variant { body, #field })
            };
        }
    }
    let construct = error_construction(response, error_name, variant);
    quote! { { #construct } }
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
        if response.status == Status::Default {
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
