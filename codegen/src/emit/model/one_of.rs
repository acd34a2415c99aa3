//! `oneOf` / `anyOf` schemas as enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, describe, type_docs};
use crate::emit::types::{ident, rust_type};
use crate::ir::{Api, OneOf, TypeDef};

/// `oneOf` / `anyOf` as an enum. With a discriminator, the tag property picks the variant (and
/// an unknown tag keeps the raw value); without one, serde tries the variants in IR order.
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
    let Some(property) = &one_of.discriminator else {
        return quote! {
            #docs
            ///
            /// Serialized without a tag; when reading, the first variant that matches wins
            /// (variants are ordered from the most specific shape to the least).
            #deprecated
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_defs)*
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
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value whose tag this SDK does not know yet, kept as it arrived.
            Unknown(::serde_json::Value),
        }

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
