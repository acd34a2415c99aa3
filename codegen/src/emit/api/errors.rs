//! One error enum per operation: a variant per documented error status, with its typed body
//! and headers, plus `status()` and ISC's `tracking_id()`.

use heck::ToTitleCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::naming::{error_type_name, has_named_fields, variant_name};
use crate::emit::types::{ident, rust_type};
use crate::ir::{Api, HeaderKind, Operation, Response, Status, Tag, TypeKind, TypeRef};
use crate::names::status_name;

pub(super) fn error_enum(api: &Api, tag: &Tag, operation: &Operation) -> TokenStream {
    let name = ident(&error_type_name(operation));
    let docs = doc_attrs([Some(
        format!(
            "The error statuses [`{}::{}`] documents, with their typed bodies.",
            tag.struct_name, operation.rust_name
        )
        .as_str(),
    )]);
    let responses: Vec<&Response> = operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
        .collect();
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    let mut tracking_arms = Vec::new();
    for response in &responses {
        let variant = ident(&variant_name(response));
        let status_line = match response.status {
            Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
            Status::Default => "Any status the spec does not list.".to_owned(),
        };
        let variant_docs = doc_attrs([Some(status_line.as_str()), response.description.as_deref()]);
        let body_ty = response.body.as_ref().map(|body| rust_type(api, &body.ty));
        let tracking_field = response
            .body
            .as_ref()
            .and_then(|body| tracking_id_access(api, &body.ty));
        if has_named_fields(response) {
            let mut fields = Vec::new();
            if let Some(body_ty) = &body_ty {
                fields.push(quote! {
                    /// The response body.
                    body: #body_ty
                });
            }
            if response.status == Status::Default {
                fields.push(quote! {
                    /// The HTTP status.
                    status: u16
                });
            }
            for header in &response.headers {
                let field = ident(&header.rust_name);
                let header_docs = doc_attrs([
                    Some(
                        format!("The `{}` header, if present and valid.", header.wire_name)
                            .as_str(),
                    ),
                    header.description.as_deref(),
                ]);
                let ty = match &header.kind {
                    HeaderKind::RetryAfter => quote! { ::isc_runtime::RetryAfter },
                    HeaderKind::Typed(
                        ty @ (TypeRef::String
                        | TypeRef::Integer(_)
                        | TypeRef::Number(_)
                        | TypeRef::Boolean),
                    ) => rust_type(api, ty),
                    HeaderKind::Typed(_) => quote! { ::std::string::String },
                };
                fields.push(quote! { #header_docs #field: ::std::option::Option<#ty> });
            }
            variants.push(quote! { #variant_docs #variant { #(#fields),* } });
            status_arms.push(match response.status {
                Status::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote! { Self::#variant { .. } => #code, }
                }
                Status::Default => quote! { Self::#variant { status, .. } => *status, },
            });
            if let Some(access) = tracking_field {
                tracking_arms.push(quote! { Self::#variant { body, .. } => #access, });
            }
        } else if let Some(body_ty) = body_ty {
            variants.push(quote! { #variant_docs #variant(#body_ty) });
            if let Status::Code(code) = response.status {
                let code = Literal::u16_unsuffixed(code);
                status_arms.push(quote! { Self::#variant(_) => #code, });
            }
            if let Some(access) = tracking_field {
                tracking_arms.push(quote! { Self::#variant(body) => #access, });
            }
        } else {
            variants.push(quote! { #variant_docs #variant });
            if let Status::Code(code) = response.status {
                let code = Literal::u16_unsuffixed(code);
                status_arms.push(quote! { Self::#variant => #code, });
            }
        }
    }
    let failure_format = format!(
        "{} failed with HTTP status {{status}}",
        operation.id.replace('{', "{{").replace('}', "}}")
    );
    let tracking_fallback = (tracking_arms.len() < responses.len())
        .then(|| quote! { _ => ::std::option::Option::None, });
    let status_body = if responses.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#status_arms)* } }
    };
    let tracking_body = if tracking_arms.is_empty() && !responses.is_empty() {
        quote! { ::std::option::Option::None }
    } else if responses.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#tracking_arms)* #tracking_fallback } }
    };
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            /// The HTTP status of the response.
            pub fn status(&self) -> u16 {
                #status_body
            }

            /// ISC's tracking id for the failed request, when the body carries one; quote it to
            /// SailPoint support.
            pub fn tracking_id(&self) -> ::std::option::Option<&str> {
                #tracking_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let status = self.status();
                write!(f, #failure_format)?;
                if let ::std::option::Option::Some(tracking_id) = self.tracking_id() {
                    write!(f, " (tracking id {tracking_id})")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}
    }
}

/// `body.tracking_id.as_deref()` when the body type has a string `trackingId` field.
fn tracking_id_access(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let TypeRef::Named(id) = ty else { return None };
    let TypeKind::Struct(structure) = &api.type_def(*id).kind else {
        return None;
    };
    let field = structure
        .fields
        .iter()
        .find(|field| field.wire_name == "trackingId" && field.ty == TypeRef::String)?;
    let name = ident(&field.rust_name);
    Some(if field.required && !field.nullable {
        quote! { ::std::option::Option::Some(body.#name.as_str()) }
    } else {
        quote! { body.#name.as_deref() }
    })
}
