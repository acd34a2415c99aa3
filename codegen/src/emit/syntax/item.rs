//! Attributes, fields, functions and impls as syn trees.

use super::{block, ident, path, path_type};

/// `&self`.
pub(crate) fn ref_self() -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: Some((Default::default(), None)),
        mutability: None,
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(syn::Type::Reference(syn::TypeReference {
            and_token: Default::default(),
            lifetime: None,
            mutability: None,
            elem: Box::new(path_type(path(&["Self"]))),
        })),
    })
}

/// `#[name]`: `#[deprecated]`, `#[non_exhaustive]`.
pub(crate) fn word_attr(name: &str) -> syn::Attribute {
    outer_attr(syn::Meta::Path(path(&[name])))
}

/// `#[name(tokens)]`: `#[allow(deprecated)]`, `#[derive(Debug, Clone)]`.
pub(crate) fn list_attr(name: &str, tokens: proc_macro2::TokenStream) -> syn::Attribute {
    outer_attr(syn::Meta::List(syn::MetaList {
        path: path(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = literal]`: a doc comment (see [`super::docs`] for the literal).
pub(crate) fn doc_attr(literal: proc_macro2::Literal, style: syn::AttrStyle) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: path(&["doc"]),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(literal),
            }),
        }),
    }
}

fn outer_attr(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `pub`.
pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `name: ty`, a function argument.
pub(crate) fn argument(name: &str, ty: syn::Type) -> syn::FnArg {
    syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident(name),
            subpat: None,
        })),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// `mut self`.
pub(crate) fn mut_self() -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: None,
        mutability: Some(Default::default()),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(path_type(path(&["Self"]))),
    })
}

/// `pub fn name(inputs…) -> output { statements }`, with the given attributes.
pub(crate) fn public_fn(
    attrs: Vec<syn::Attribute>,
    name: &str,
    inputs: Vec<syn::FnArg>,
    output: syn::Type,
    statements: Vec<syn::Stmt>,
) -> syn::ImplItem {
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: public(),
        defaultness: None,
        sig: syn::Signature {
            constness: None,
            asyncness: None,
            unsafety: None,
            abi: None,
            fn_token: Default::default(),
            ident: ident(name),
            generics: Default::default(),
            paren_token: Default::default(),
            inputs: inputs.into_iter().collect(),
            variadic: None,
            output: syn::ReturnType::Type(Default::default(), Box::new(output)),
        },
        block: block(statements),
    })
}

/// `impl self_ty { items }`, with the given attributes.
pub(crate) fn inherent_impl(
    attrs: Vec<syn::Attribute>,
    self_ty: syn::Type,
    items: Vec<syn::ImplItem>,
) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs,
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: None,
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
}

/// A field of an enum variant or a private struct field: no `pub`.
pub(crate) fn private_field(
    attrs: Vec<syn::Attribute>,
    name: Option<&str>,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Inherited,
        mutability: syn::FieldMutability::None,
        ident: name.map(ident),
        colon_token: name.map(|_| Default::default()),
        ty,
    }
}
