//! Attributes, fields, functions and impls as syn trees.

use super::{
    assign, block, ident, name_expr, name_pat, path, self_field, self_type, statement, tail,
};

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
            elem: Box::new(self_type()),
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
        pat: Box::new(name_pat(name)),
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
        ty: Box::new(self_type()),
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

/// `#[doc = " text"]`: a one-line doc comment whose text needs no cleaning (see
/// `crate::emit::docs` for spec text).
pub(crate) fn doc_line(text: &str) -> syn::Attribute {
    doc_attr(proc_macro2::Literal::string(text), syn::AttrStyle::Outer)
}

/// A setter: `pub fn name(mut self, value: value_type) -> Self { self.field = stored; self }`,
/// where `stored` is made from `value`.
pub(crate) fn setter(
    attrs: Vec<syn::Attribute>,
    name: &str,
    field: &str,
    value_type: syn::Type,
    stored: syn::Expr,
) -> syn::ImplItem {
    public_fn(
        attrs,
        name,
        vec![mut_self(), argument("value", value_type)],
        self_type(),
        vec![
            statement(assign(self_field(field), stored)),
            tail(name_expr("self")),
        ],
    )
}

/// `pub name: ty`, a public struct field.
pub(crate) fn public_field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        vis: public(),
        ..private_field(attrs, Some(name), ty)
    }
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
