//! `oneOf` / `anyOf` schemas as enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, describe, type_docs};
use crate::emit::naming::object_members;
use crate::emit::types::{ident, rust_type};
use crate::ir::{Api, OneOf, TypeDef};

/// `oneOf` / `anyOf` as an enum. With a discriminator, the tag property picks the variant (and
/// an unknown tag keeps the raw value); without one, the runtime's `read_untagged` tries the
/// variants in IR order and takes the first that keeps every member of the value.
pub(super) fn one_of_item(api: &Api, def: &TypeDef, one_of: &OneOf) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let variants: Vec<_> = one_of
        .variants
        .iter()
        .map(|variant| {
            let variant_name = ident(&variant.rust_name);
            let mut ty = rust_type(api, &variant.ty);
            if variant.boxed {
                ty = quote! { ::std::boxed::Box<#ty> };
            }
            (variant_name, ty)
        })
        .collect();
    let variant_defs =
        variants
            .iter()
            .zip(&one_of.variants)
            .map(|((variant_name, ty), variant)| {
                let line = if variant.tags.is_empty() {
                    format!(" The value as {}.", describe(api, &variant.ty))
                } else {
                    let tags: Vec<String> =
                        variant.tags.iter().map(|tag| format!("`{tag}`")).collect();
                    format!(" Selected by {}.", tags.join(", "))
                };
                quote! {
                    #[doc = #line]
                    #variant_name(#ty),
                }
            });
    let (derive, redacted) = debug_items(def, one_of);
    let Some(property) = &one_of.discriminator else {
        let type_name = &def.name;
        let candidates = variants.iter().zip(&one_of.variants).map(
            |((variant_name, ty), variant)| {
                let label = variant.rust_name.as_str();
                let members = match object_members(api, &variant.ty) {
                    Some(names) => quote! { ::std::option::Option::Some(&[#(#names),*]) },
                    None => quote! { ::std::option::Option::None },
                };
                let wrap = if variant.boxed {
                    quote! { |value| Self::#variant_name(::std::boxed::Box::new(value)) }
                } else {
                    quote! { Self::#variant_name }
                };
                let pins = variant.pins.iter().map(|pin| {
                    let member = &pin.member;
                    let values = &pin.values;
                    quote! { (#member, &[#(#values),*]) }
                });
                quote! {
                    ::isc_runtime::__private::Candidate {
                        name: #label,
                        members: #members,
                        pins: &[#(#pins),*],
                        read: |value| <#ty as ::serde::Deserialize>::deserialize(value).map(#wrap),
                    },
                }
            },
        );
        let pinned = one_of
            .variants
            .iter()
            .flat_map(|variant| &variant.pins)
            .map(|pin| format!("`{}`", pin.member))
            .fold(Vec::new(), |mut members, member| {
                if !members.contains(&member) {
                    members.push(member);
                }
                members
            });
        let pins_doc = (!pinned.is_empty()).then(|| {
            let line = format!(
                " Variants that allow the value's {} are tried first.",
                pinned.join(", ")
            );
            quote! {
                ///
                #[doc = #line]
            }
        });
        return quote! {
            #docs
            ///
            /// Serialized without a tag. When reading, the first variant (from the most specific
            /// shape to the least) that reads the value and leaves out none of its members wins;
            /// a value every variant would read only in part is an error, not a loss.
            #pins_doc
            #deprecated
            #derive
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_defs)*
            }

            #redacted

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::isc_runtime::__private::read_untagged(&value, #type_name, &[
                        #(#candidates)*
                    ])
                }
            }
        };
    };
    let arms = variants.iter().zip(&one_of.variants).map(|((variant_name, _), variant)| {
        let tags = &variant.tags;
        quote! {
            #(::std::option::Option::Some(#tags))|* => ::serde_json::from_value(value).map(Self::#variant_name).map_err(::serde::de::Error::custom),
        }
    });
    let property_doc = format!(" Which variant this is, from its `{property}` member.");
    quote! {
        #docs
        ///
        #[doc = #property_doc]
        #deprecated
        #derive
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value whose tag this SDK does not know yet, kept as it arrived.
            Unknown(::serde_json::Value),
        }

        #redacted

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = ::serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::Unknown(value)),
                }
            }
        }
    }
}

/// The derives of a `oneOf` enum and, when a variant holds a secret (`format: password`), a
/// written-out `Debug` that shows that variant's value as `<redacted>`.
fn debug_items(def: &TypeDef, one_of: &OneOf) -> (TokenStream, TokenStream) {
    if !one_of.variants.iter().any(|variant| variant.sensitive) {
        return (
            quote! { #[derive(Debug, Clone, PartialEq, ::serde::Serialize)] },
            quote! {},
        );
    }
    let name = ident(&def.name);
    let arms = one_of.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let label = &variant.rust_name;
        if variant.sensitive {
            quote! { Self::#variant_name(_) => f.debug_tuple(#label).field(&"<redacted>").finish(), }
        } else {
            quote! { Self::#variant_name(value) => f.debug_tuple(#label).field(value).finish(), }
        }
    });
    let unknown = one_of.discriminator.is_some().then(|| {
        quote! { Self::Unknown(value) => f.debug_tuple("Unknown").field(value).finish(), }
    });
    (
        quote! { #[derive(Clone, PartialEq, ::serde::Serialize)] },
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #unknown
                    }
                }
            }
        },
    )
}
