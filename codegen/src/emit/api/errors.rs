//! One error enum per operation: a variant per documented error status, with its typed body
//! and headers, plus `status()` and ISC's `tracking_id()`.
//!
//! Every operation has one, so they are built as syn trees (`crate::emit::syntax`).

use heck::ToTitleCase;
use quote::quote;

use crate::emit::docs::doc_attribute;
use crate::emit::naming::{
    error_type_name, has_named_fields, header_value, status_label, variant_name, HeaderValue,
};
use crate::emit::syntax::{self, SynTypes};
use crate::emit::types::owned;
use crate::ir::{Api, Operation, Response, Status, Tag, TypeKind, TypeRef};
use crate::names::status_name;

syntax::template! {
    fn accessors_template() -> syn::ItemImpl {
        impl Operation {
            /// The HTTP status of the response.
            pub fn status(&self) -> u16 {}

            /// ISC's tracking id for the failed request, when the body carries one; quote it to
            /// SailPoint support.
            pub fn tracking_id(&self) -> ::std::option::Option<&str> {}
        }
    }
}

syntax::template! {
    fn display_template() -> syn::ItemImpl {
        impl ::std::fmt::Display for Operation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let status = self.status();
                if let ::std::option::Option::Some(tracking_id) = self.tracking_id() {
                    write!(f, " (tracking id {tracking_id})")?;
                }
                ::std::result::Result::Ok(())
            }
        }
    }
}

syntax::template! {
    fn error_template() -> syn::ItemImpl {
        impl ::std::error::Error for Operation {}
    }
}

pub(super) fn error_enum(api: &Api, tag: &Tag, operation: &Operation) -> Vec<syn::Item> {
    let name = error_type_name(operation);
    let variant_path = |variant: &str| syntax::path(&["Self", variant]);
    let responses: Vec<&Response> = operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
        .collect();
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    let mut tracking_arms = Vec::new();
    for response in &responses {
        let variant = variant_name(response);
        let status_line = match response.status {
            Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
            Status::Range(_) => format!(
                "Any {} status the spec does not list otherwise.",
                status_label(response.status)
            ),
            Status::Default => "Any status the spec does not list.".to_owned(),
        };
        let variant_docs: Vec<syn::Attribute> =
            doc_attribute([Some(status_line.as_str()), response.description.as_deref()])
                .into_iter()
                .collect();
        let body_ty = response
            .body
            .as_ref()
            .map(|body| owned(&SynTypes::PLAIN, api, &body.ty));
        let tracking_field = response
            .body
            .as_ref()
            .and_then(|body| tracking_id_access(api, &body.ty));
        let code = match response.status {
            Status::Code(code) => Some(syntax::lit_expr(syntax::int_lit(code))),
            Status::Range(_) | Status::Default => None,
        };
        let fields = if has_named_fields(response) {
            let mut fields = syn::punctuated::Punctuated::new();
            if let Some(body_ty) = body_ty {
                fields.push(syntax::private_field(
                    doc_attribute([Some("The response body.")])
                        .into_iter()
                        .collect(),
                    Some("body"),
                    body_ty,
                ));
            }
            if response.status.carries_status() {
                fields.push(syntax::private_field(
                    doc_attribute([Some("The HTTP status.")])
                        .into_iter()
                        .collect(),
                    Some("status"),
                    syntax::path_type(syntax::path(&["u16"])),
                ));
            }
            for header in &response.headers {
                let header_docs = doc_attribute([
                    Some(
                        format!("The `{}` header, if present and valid.", header.wire_name)
                            .as_str(),
                    ),
                    header.description.as_deref(),
                ]);
                let ty = match header_value(header) {
                    HeaderValue::RetryAfter => {
                        syntax::path_type(syntax::global_path(&["isc_runtime", "RetryAfter"]))
                    }
                    HeaderValue::Typed(ty) => owned(&SynTypes::PLAIN, api, ty),
                    HeaderValue::Text => {
                        syntax::path_type(syntax::global_path(&["std", "string", "String"]))
                    }
                };
                fields.push(syntax::private_field(
                    header_docs.into_iter().collect(),
                    Some(&header.rust_name),
                    syntax::option_type(ty),
                ));
            }
            status_arms.push(match code {
                Some(code) => {
                    syntax::arm(syntax::struct_rest_pat(variant_path(&variant), &[]), code)
                }
                None => syntax::arm(
                    syntax::struct_rest_pat(variant_path(&variant), &["status"]),
                    syntax::deref(syntax::name_expr("status")),
                ),
            });
            if let Some(access) = tracking_field {
                tracking_arms.push(syntax::arm(
                    syntax::struct_rest_pat(variant_path(&variant), &["body"]),
                    access,
                ));
            }
            syn::Fields::Named(syn::FieldsNamed {
                brace_token: Default::default(),
                named: fields,
            })
        } else if let Some(body_ty) = body_ty {
            if let Some(code) = code {
                status_arms.push(syntax::arm(
                    syntax::tuple_struct_pat(variant_path(&variant), vec![syntax::wild_pat()]),
                    code,
                ));
            }
            if let Some(access) = tracking_field {
                tracking_arms.push(syntax::arm(
                    syntax::tuple_struct_pat(
                        variant_path(&variant),
                        vec![syntax::name_pat("body")],
                    ),
                    access,
                ));
            }
            syn::Fields::Unnamed(syn::FieldsUnnamed {
                paren_token: Default::default(),
                unnamed: std::iter::once(syntax::private_field(Vec::new(), None, body_ty))
                    .collect(),
            })
        } else {
            if let Some(code) = code {
                status_arms.push(syntax::arm(syntax::path_pat(variant_path(&variant)), code));
            }
            syn::Fields::Unit
        };
        variants.push(syn::Variant {
            attrs: variant_docs,
            ident: syntax::ident(&variant),
            fields,
            discriminant: None,
        });
    }
    let this = || syntax::name_expr("self");
    let status_body = if responses.is_empty() {
        syntax::match_expr(syntax::deref(this()), Vec::new())
    } else {
        syntax::match_expr(this(), status_arms)
    };
    let tracking_body = if tracking_arms.is_empty() && !responses.is_empty() {
        syntax::none()
    } else if responses.is_empty() {
        syntax::match_expr(syntax::deref(this()), Vec::new())
    } else {
        if tracking_arms.len() < responses.len() {
            tracking_arms.push(syntax::arm(syntax::wild_pat(), syntax::none()));
        }
        syntax::match_expr(this(), tracking_arms)
    };
    let self_ty = || syntax::path_type(syntax::path(&[&name]));
    let mut accessors = accessors_template();
    *accessors.self_ty = self_ty();
    syntax::method_block(&mut accessors, "status")
        .stmts
        .push(syntax::tail(status_body));
    syntax::method_block(&mut accessors, "tracking_id")
        .stmts
        .push(syntax::tail(tracking_body));
    let failure_format = format!(
        "{} failed with HTTP status {{status}}",
        operation.id.replace('{', "{{").replace('}', "}}")
    );
    let mut display = display_template();
    *display.self_ty = self_ty();
    syntax::method_block(&mut display, "fmt").stmts.insert(
        1,
        syntax::statement(syntax::try_expr(syntax::macro_expr(
            "write",
            quote! { f, #failure_format },
        ))),
    );
    let mut error = error_template();
    *error.self_ty = self_ty();
    let mut attrs: Vec<syn::Attribute> = doc_attribute([Some(
        format!(
            "The error statuses [`{}::{}`] documents, with their typed bodies.",
            tag.struct_name, operation.rust_name
        )
        .as_str(),
    )])
    .into_iter()
    .collect();
    attrs.push(syntax::list_attr("derive", quote! { Debug, Clone }));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let enumeration = syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: syntax::ident(&name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    });
    vec![
        enumeration,
        syn::Item::Impl(accessors),
        syn::Item::Impl(display),
        syn::Item::Impl(error),
    ]
}

/// `body.tracking_id.as_deref()` when the body type has a string `trackingId` field.
fn tracking_id_access(api: &Api, ty: &TypeRef) -> Option<syn::Expr> {
    let TypeRef::Named(id) = ty else { return None };
    let TypeKind::Struct(structure) = &api.type_def(*id).kind else {
        return None;
    };
    let field = structure
        .fields
        .iter()
        .find(|field| field.wire_name == "trackingId" && field.ty == TypeRef::String)?;
    let field_of_body = syntax::field(syntax::name_expr("body"), &field.rust_name);
    Some(if field.required && !field.nullable {
        syntax::some(syntax::method_call(field_of_body, "as_str", Vec::new()))
    } else {
        syntax::method_call(field_of_body, "as_deref", Vec::new())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_error_templates_have_the_methods_that_are_filled_in() {
        let mut accessors = super::accessors_template();
        for method in ["status", "tracking_id"] {
            assert!(crate::emit::syntax::method_block(&mut accessors, method)
                .stmts
                .is_empty());
        }
        let mut display = super::display_template();
        assert_eq!(
            crate::emit::syntax::method_block(&mut display, "fmt")
                .stmts
                .len(),
            3
        );
        assert!(super::error_template().items.is_empty());
    }
}
