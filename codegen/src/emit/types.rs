//! Rust type expressions for IR type uses.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, IntegerFormat, NumberFormat, TypeRef};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The owned Rust type for a type use: `Vec<crate::models::PasswordInfoAccount>`.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.types[id.0].name);
            quote! { crate::models::#name }
        }
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Integer(IntegerFormat::I32) => quote! { i32 },
        TypeRef::Integer(IntegerFormat::I64) => quote! { i64 },
        TypeRef::Number(NumberFormat::F32) => quote! { f32 },
        TypeRef::Number(NumberFormat::F64) => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        TypeRef::Any => quote! { ::serde_json::Value },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        TypeRef::Bytes => quote! { ::isc_runtime::Bytes },
    }
}

/// The type a method takes for a parameter: borrowed where the owned type would force a clone.
/// Every parameter type is `Copy`, so paging helpers can reuse them for each page.
pub(crate) fn parameter_type(
    api: &Api,
    ty: &TypeRef,
    lifetime: Option<&syn::Lifetime>,
) -> TokenStream {
    let reference = match lifetime {
        Some(lifetime) => quote! { &#lifetime },
        None => quote! { & },
    };
    match ty {
        TypeRef::String => quote! { #reference str },
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner);
            quote! { #reference [#inner] }
        }
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => rust_type(api, ty),
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => {
            let owned = rust_type(api, ty);
            quote! { #reference #owned }
        }
    }
}
