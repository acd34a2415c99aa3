//! Rust type expressions for IR type uses, as tokens for the code and as text for the
//! reference pages: one walker ([`owned`], [`borrowed`]) decides the shape of each type, and a
//! [`TypeSyntax`] spells it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, IntegerFormat, NumberFormat, TypeRef};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A type with no type inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leaf {
    String,
    /// `str`, the borrowed form of `String`.
    Str,
    /// An integer primitive: `i32`, `u64`.
    Integer(IntegerFormat),
    F32,
    F64,
    Bool,
    Any,
    Date,
    DateTime,
    Bytes,
}

/// How one output spells the pieces of a Rust type.
pub(crate) trait TypeSyntax {
    type Out;
    /// A model, by its Rust name.
    fn named(&self, name: &str) -> Self::Out;
    fn leaf(&self, leaf: Leaf) -> Self::Out;
    /// `Vec<item>`.
    fn list(&self, item: Self::Out) -> Self::Out;
    /// `BTreeMap<String, value>`.
    fn map(&self, value: Self::Out) -> Self::Out;
    /// `Option<inner>`.
    fn option(&self, inner: Self::Out) -> Self::Out;
    /// `&[item]`.
    fn slice(&self, item: Self::Out) -> Self::Out;
    /// `&inner`.
    fn reference(&self, inner: Self::Out) -> Self::Out;
}

/// The owned Rust type for a type use: `Vec<PasswordInfoAccount>`.
pub(crate) fn owned<S: TypeSyntax>(syntax: &S, api: &Api, ty: &TypeRef) -> S::Out {
    match ty {
        TypeRef::Named(id) => syntax.named(&api.type_def(*id).name),
        TypeRef::String => syntax.leaf(Leaf::String),
        TypeRef::Integer(format) => syntax.leaf(Leaf::Integer(*format)),
        TypeRef::Number(NumberFormat::F32) => syntax.leaf(Leaf::F32),
        TypeRef::Number(NumberFormat::F64) => syntax.leaf(Leaf::F64),
        TypeRef::Boolean => syntax.leaf(Leaf::Bool),
        TypeRef::List(item) => syntax.list(owned(syntax, api, item)),
        TypeRef::Map(value) => syntax.map(owned(syntax, api, value)),
        TypeRef::Nullable(inner) => syntax.option(owned(syntax, api, inner)),
        TypeRef::Any => syntax.leaf(Leaf::Any),
        TypeRef::Date => syntax.leaf(Leaf::Date),
        TypeRef::DateTime => syntax.leaf(Leaf::DateTime),
        TypeRef::Bytes => syntax.leaf(Leaf::Bytes),
    }
}

/// The type a method takes for a parameter: borrowed where the owned type would force a clone
/// (`&str`, `&[T]`, `&T`), by value for numbers and booleans. Every parameter type is `Copy`,
/// so paging helpers can reuse them for each page.
pub(crate) fn borrowed<S: TypeSyntax>(syntax: &S, api: &Api, ty: &TypeRef) -> S::Out {
    match ty {
        TypeRef::String => syntax.reference(syntax.leaf(Leaf::Str)),
        TypeRef::List(item) => syntax.slice(owned(syntax, api, item)),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => owned(syntax, api, ty),
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => syntax.reference(owned(syntax, api, ty)),
    }
}

/// Generated code: absolute paths, so no name a spec chooses can shadow them; models through
/// `crate::models`; references with the given lifetime, if any.
pub(crate) struct Tokens<'a> {
    pub(crate) lifetime: Option<&'a syn::Lifetime>,
}

impl TypeSyntax for Tokens<'_> {
    type Out = TokenStream;

    fn named(&self, name: &str) -> TokenStream {
        let name = ident(name);
        quote! { crate::models::#name }
    }

    fn leaf(&self, leaf: Leaf) -> TokenStream {
        match leaf {
            Leaf::String => quote! { ::std::string::String },
            Leaf::Str => quote! { str },
            Leaf::Integer(format) => {
                let name = ident(format.rust_name());
                quote! { #name }
            }
            Leaf::F32 => quote! { f32 },
            Leaf::F64 => quote! { f64 },
            Leaf::Bool => quote! { bool },
            Leaf::Any => quote! { ::serde_json::Value },
            Leaf::Date => quote! { ::chrono::NaiveDate },
            Leaf::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
            Leaf::Bytes => quote! { ::isc_runtime::Bytes },
        }
    }

    fn list(&self, item: TokenStream) -> TokenStream {
        quote! { ::std::vec::Vec<#item> }
    }

    fn map(&self, value: TokenStream) -> TokenStream {
        quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
    }

    fn option(&self, inner: TokenStream) -> TokenStream {
        quote! { ::std::option::Option<#inner> }
    }

    fn slice(&self, item: TokenStream) -> TokenStream {
        let reference = self.ampersand();
        quote! { #reference [#item] }
    }

    fn reference(&self, inner: TokenStream) -> TokenStream {
        let reference = self.ampersand();
        quote! { #reference #inner }
    }
}

impl Tokens<'_> {
    fn ampersand(&self) -> TokenStream {
        match self.lifetime {
            Some(lifetime) => quote! { &#lifetime },
            None => quote! { & },
        }
    }
}

/// The reference pages: models by name (linked to their pages elsewhere), std types as a
/// reader writes them, crate paths only where a name alone would be unclear.
pub(crate) struct Text;

impl TypeSyntax for Text {
    type Out = String;

    fn named(&self, name: &str) -> String {
        name.to_owned()
    }

    fn leaf(&self, leaf: Leaf) -> String {
        match leaf {
            Leaf::String => "String",
            Leaf::Str => "str",
            Leaf::Integer(format) => format.rust_name(),
            Leaf::F32 => "f32",
            Leaf::F64 => "f64",
            Leaf::Bool => "bool",
            Leaf::Any => "serde_json::Value",
            Leaf::Date => "chrono::NaiveDate",
            Leaf::DateTime => "chrono::DateTime<chrono::FixedOffset>",
            Leaf::Bytes => "Bytes",
        }
        .to_owned()
    }

    fn list(&self, item: String) -> String {
        format!("Vec<{item}>")
    }

    fn map(&self, value: String) -> String {
        format!("BTreeMap<String, {value}>")
    }

    fn option(&self, inner: String) -> String {
        format!("Option<{inner}>")
    }

    fn slice(&self, item: String) -> String {
        format!("&[{item}]")
    }

    fn reference(&self, inner: String) -> String {
        format!("&{inner}")
    }
}

/// The owned Rust type for a type use: `Vec<crate::models::PasswordInfoAccount>`.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    owned(&Tokens { lifetime: None }, api, ty)
}

/// The type a method takes for a parameter (see [`borrowed`]).
pub(crate) fn parameter_type(
    api: &Api,
    ty: &TypeRef,
    lifetime: Option<&syn::Lifetime>,
) -> TokenStream {
    borrowed(&Tokens { lifetime }, api, ty)
}
