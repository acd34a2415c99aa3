//! Open enums of strings (built as syn trees) and of integers (quoted): unknown values are
//! kept, and values are ordered by their wire form.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, deprecated_attribute, self_type, type_doc_paragraphs, type_docs};
use crate::emit::docs::doc_attribute;
use crate::emit::syntax;
use crate::emit::types::ident;
use crate::ir::{Enumeration, TypeDef, Variant};

/// What string and integer enums share: the name, docs and one documented variant per value.
struct EnumHead {
    name: proc_macro2::Ident,
    docs: TokenStream,
    deprecated: TokenStream,
    variant_idents: Vec<proc_macro2::Ident>,
    variant_docs: Vec<TokenStream>,
}

fn enum_head(def: &TypeDef, enumeration: &Enumeration) -> EnumHead {
    EnumHead {
        name: ident(&def.name),
        docs: type_docs(def),
        deprecated: deprecated_attr(def.deprecated),
        variant_idents: enumeration
            .variants
            .iter()
            .map(|variant| ident(&variant.rust_name))
            .collect(),
        variant_docs: enumeration
            .variants
            .iter()
            .map(|variant| {
                let line = format!(" `{}`", variant.wire_name);
                quote! { #[doc = #line] }
            })
            .collect(),
    }
}

/// An open enum of strings, built as syn trees: the enum, then its impls from one template
/// whose matches and list of values take the enum's values.
pub(super) fn string_enum_items(def: &TypeDef, enumeration: &Enumeration) -> Vec<syn::Item> {
    let (title, description) = type_doc_paragraphs(def);
    let mut attrs: Vec<syn::Attribute> = doc_attribute([
        title.as_deref(),
        description,
        Some(
            "Open to values added after this SDK was generated: they arrive as `Unknown`, keep\n\
             their wire text (see [`Self::as_str`]) and serialize back unchanged.",
        ),
    ])
    .into_iter()
    .collect();
    attrs.extend(deprecated_attribute(def.deprecated));
    attrs.push(syntax::list_attr(
        "derive",
        quote! { Debug, Clone, PartialEq, Eq, Hash },
    ));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let mut variants: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = enumeration
        .variants
        .iter()
        .map(|variant| syn::Variant {
            attrs: vec![syntax::doc_line(&format!(" `{}`", variant.wire_name))],
            ident: ident(&variant.rust_name),
            fields: syn::Fields::Unit,
            discriminant: None,
        })
        .collect();
    variants.push(unknown_variant_template());
    let mut items = vec![syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    })];
    for mut item in string_enum_template().items {
        if let syn::Item::Impl(implementation) = &mut item {
            *implementation.self_ty = self_type(def);
            for member in &mut implementation.items {
                add_values(member, enumeration);
            }
        }
        items.push(item);
    }
    items
}

/// Gives a member of [`string_enum_template`] the enum's values: the `VALUES` list, and one arm
/// per value in the `as_str` and `from` matches, before their `Unknown` arm.
fn add_values(member: &mut syn::ImplItem, enumeration: &Enumeration) {
    let variant_path = |variant: &Variant| syntax::path(&["Self", variant.rust_name.as_str()]);
    match member {
        syn::ImplItem::Const(values) => {
            if let syn::Expr::Reference(syn::ExprReference { expr, .. }) = &mut values.expr {
                **expr = syntax::array(
                    enumeration
                        .variants
                        .iter()
                        .map(|variant| syntax::str_expr(&variant.wire_name))
                        .collect(),
                );
            }
        }
        syn::ImplItem::Fn(method) => {
            let arms: Vec<syn::Arm> = if method.sig.ident == "as_str" {
                enumeration
                    .variants
                    .iter()
                    .map(|variant| {
                        syntax::arm(
                            syntax::path_pat(variant_path(variant)),
                            syntax::str_expr(&variant.wire_name),
                        )
                    })
                    .collect()
            } else if method.sig.ident == "from" {
                enumeration
                    .variants
                    .iter()
                    .map(|variant| {
                        syntax::arm(
                            syntax::lit_pat(syntax::str_lit(&variant.wire_name)),
                            syntax::path_expr(variant_path(variant)),
                        )
                    })
                    .collect()
            } else {
                return;
            };
            if let Some(syn::Stmt::Expr(syn::Expr::Match(matching), _)) =
                method.block.stmts.first_mut()
            {
                matching.arms.splice(0..0, arms);
            }
        }
        _ => {}
    }
}

syntax::template! {
    fn unknown_variant_template() -> syn::Variant {
        /// A value this SDK does not know yet.
        Unknown(::isc_runtime::UnknownValue)
    }
}

syntax::template! {
    fn string_enum_template() -> syn::File {
        /// Ordered by wire value, so that the order of two values stays the same when a later
        /// SDK knows a value that this one keeps as `Unknown`.
        impl ::std::cmp::Ord for Model {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::cmp::PartialOrd for Model {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl Model {
            /// Every value this SDK knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for Model {
            fn from(value: &str) -> Self {
                match value {
                    other => Self::Unknown(::isc_runtime::__private::unknown_value(other)),
                }
            }
        }

        impl ::std::str::FromStr for Model {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for Model {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for Model {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Model {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// An open enum of integers: like the string enums, but it travels as a JSON number.
pub(super) fn integer_enum_item(def: &TypeDef, enumeration: &Enumeration) -> TokenStream {
    let EnumHead {
        name,
        docs,
        deprecated,
        variant_idents,
        variant_docs,
    } = enum_head(def, enumeration);
    // `wire_name` holds the number in decimal, as lowering wrote it.
    let numbers: Vec<proc_macro2::Literal> = enumeration
        .variants
        .iter()
        .map(|variant| {
            proc_macro2::Literal::i64_unsuffixed(variant.wire_name.parse().unwrap_or_default())
        })
        .collect();
    quote! {
        #docs
        ///
        /// Open to values added after this SDK was generated: they arrive as `Unknown`, keep
        /// their number (see [`Self::as_i64`]) and serialize back unchanged.
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variant_idents, )*
            /// A value this SDK does not know yet.
            Unknown(::isc_runtime::UnknownInteger),
        }

        /// Ordered by number, so that the order of two values stays the same when a later SDK
        /// knows a value that this one keeps as `Unknown`.
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_i64().cmp(&other.as_i64())
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl #name {
            /// Every value this SDK knows, as sent on the wire.
            pub const VALUES: &'static [i64] = &[#(#numbers),*];

            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variant_idents => #numbers, )*
                    Self::Unknown(value) => value.get(),
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #numbers => Self::#variant_idents, )*
                    other => Self::Unknown(::isc_runtime::__private::unknown_integer(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(Self::from(i64::deserialize(deserializer)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_string_enum_template_has_one_unknown_arm_per_match_and_no_values() {
        let template = super::string_enum_template();
        assert_eq!(template.items.len(), 8);
        let mut matches = 0;
        for item in &template.items {
            let syn::Item::Impl(implementation) = item else {
                panic!("not an impl");
            };
            for member in &implementation.items {
                match member {
                    syn::ImplItem::Fn(method) => {
                        if let Some(syn::Stmt::Expr(syn::Expr::Match(matching), _)) =
                            method.block.stmts.first()
                        {
                            assert_eq!(matching.arms.len(), 1);
                            matches += 1;
                        }
                    }
                    syn::ImplItem::Const(values) => {
                        assert!(matches!(&values.expr, syn::Expr::Reference(_)));
                    }
                    _ => {}
                }
            }
        }
        assert_eq!(matches, 2);
        assert_eq!(super::unknown_variant_template().ident, "Unknown");
    }
}
