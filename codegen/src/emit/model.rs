//! One model file per named type: structs with serde, and open enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs};
use super::naming::is_optional;
use super::types::{ident, rust_type};
use crate::ir::{
    Alias, Api, EnumRepr, Enumeration, Field, OneOf, Struct, TypeDef, TypeKind, TypeRef,
};

pub(crate) fn model_file(api: &Api, def: &TypeDef) -> TokenStream {
    let module_doc = inner_doc_attrs(&format!(
        "`{}`, from `{}`.",
        def.name,
        if def.source.pointer.is_empty() {
            def.source.file.clone()
        } else {
            def.source.to_string()
        }
    ));
    let item = match &def.kind {
        TypeKind::Struct(structure) => struct_item(api, def, structure),
        TypeKind::Enum(enumeration) => enum_item(def, enumeration),
        TypeKind::OneOf(one_of) => one_of_item(api, def, one_of),
        TypeKind::Alias(alias) => alias_item(api, def, alias),
    };
    quote! {
        #module_doc
        #item
    }
}

/// A named list or map: a type alias, or a newtype when it contains itself.
fn alias_item(api: &Api, def: &TypeDef, alias: &Alias) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let target = rust_type(api, &alias.target);
    if !alias.newtype {
        return quote! {
            #docs
            #deprecated
            pub type #name = #target;
        };
    }
    quote! {
        #docs
        ///
        /// A struct rather than a type alias because the schema contains itself; it is
        /// serialized exactly as its contents.
        #deprecated
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(
            /// The contents.
            pub #target,
        );
    }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let title = def.docs.title.as_deref();
    let description = def.docs.description.as_deref();
    // A title that only repeats the name adds nothing.
    let title =
        title.filter(|title| title.replace(' ', "").to_lowercase() != def.name.to_lowercase());
    let fallback = format!("The `{}` schema.", def.name);
    if title.is_none() && description.is_none() {
        return doc_attrs([Some(fallback.as_str())]);
    }
    doc_attrs([title, description])
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    }
}

/// True when every field can be left empty, so `Default` can be derived. A named list or map
/// is its list or map here (newtype aliases derive `Default` as well).
fn can_default(api: &Api, structure: &Struct) -> bool {
    structure.fields.iter().all(|field| {
        let newtype = matches!(
            &field.ty,
            TypeRef::Named(id) if matches!(&api.type_def(*id).kind, TypeKind::Alias(alias) if alias.newtype)
        );
        (is_optional(field) && !field.flatten)
            || newtype
            || matches!(
                api.resolve_alias(&field.ty),
                TypeRef::String
                    | TypeRef::Boolean
                    | TypeRef::Integer(_)
                    | TypeRef::Number(_)
                    | TypeRef::List(_)
                    | TypeRef::Map(_)
                    | TypeRef::Any
                    | TypeRef::Bytes
            )
    })
}

fn struct_item(api: &Api, def: &TypeDef, structure: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = can_default(api, structure).then(|| quote! { Default, });
    let fields = structure
        .fields
        .iter()
        .map(|field| field_tokens(api, field));
    let additional = structure.additional_properties.as_ref().map(|values| {
        let values = rust_type(api, values);
        quote! {
            /// Members beyond the declared fields.
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #values>,
        }
    });
    let has_secrets = structure.fields.iter().any(|field| field.sensitive);
    let derive_debug = (!has_secrets).then(|| quote! { Debug, });
    let debug_impl = has_secrets.then(|| redacted_debug(def, structure));
    let constructor = constructor(api, def, structure, default.is_some());
    let serde_impls = object_serde(def, structure);
    quote! {
        #docs
        ///
        /// Open to fields added after this SDK was generated: make one with [`Self::new`]
        /// (which takes the required fields) and the `with_*` setters.
        #deprecated
        #[derive(#derive_debug Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor

        #serde_impls

        #debug_impl
    }
}

/// `new` with the fields that have no empty value (required and not nullable, or flattened),
/// and a `with_*` setter for each optional field a request may carry. Adding an optional
/// field upstream adds a setter and changes no existing call.
fn constructor(api: &Api, def: &TypeDef, structure: &Struct, has_default: bool) -> TokenStream {
    let name = ident(&def.name);
    let mut arguments = Vec::new();
    let mut initial = Vec::new();
    let mut setters = Vec::new();
    for field in &structure.fields {
        let field_name = ident(&field.rust_name);
        let value_type = rust_type(api, &field.ty);
        let boxed = |value: TokenStream| {
            if field.boxed {
                quote! { ::std::boxed::Box::new(#value) }
            } else {
                value
            }
        };
        if !is_optional(field) {
            let value = boxed(quote! { #field_name.into() });
            arguments.push(quote! { #field_name: impl ::std::convert::Into<#value_type> });
            initial.push(quote! { #field_name: #value, });
            continue;
        }
        initial.push(quote! { #field_name: ::std::option::Option::None, });
        if field.read_only {
            continue;
        }
        let value = boxed(quote! { value.into() });
        let stored = if field.explicit_null && field.ty != TypeRef::Bytes {
            quote! { ::std::option::Option::Some(::std::option::Option::Some(#value)) }
        } else {
            quote! { ::std::option::Option::Some(#value) }
        };
        let setter = ident(&format!(
            "with_{}",
            field.rust_name.trim_start_matches("r#")
        ));
        let doc = format!(
            " Sets [`Self::{}`].",
            field.rust_name.trim_start_matches("r#")
        );
        let deprecated = deprecated_attr(field.deprecated);
        setters.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, value: impl ::std::convert::Into<#value_type>) -> Self {
                self.#field_name = #stored;
                self
            }
        });
    }
    if structure.additional_properties.is_some() {
        initial.push(quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    }
    let body = if arguments.is_empty() && has_default {
        quote! { ::std::default::Default::default() }
    } else {
        quote! { Self { #(#initial)* } }
    };
    // The constructor takes exactly the required fields, however many the schema has; clippy
    // objects from 8 on.
    let many = (arguments.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // Deprecated fields are still set (to `None`) by `new`.
    let allow_deprecated = allow_deprecated_fields(structure);
    let new_doc = if arguments.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value with the required fields set and every optional one unset.".to_owned()
    };
    quote! {
        #allow_deprecated
        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#(#arguments),*) -> Self {
                #body
            }

            #(#setters)*
        }
    }
}

/// `Serialize` and `Deserialize` as one runtime call per field (`isc_runtime`'s
/// `ObjectWriter` / `ObjectReader`), not serde's derive, whose expansion was most of a
/// generated crate's compile time. The rules per field are those of the struct's shape:
/// optional fields are left out when `None`, a required nullable one is written as `null`,
/// an explicit-null field tells absent from `null`, flattened parts are read from the members
/// the named fields left, and binary fields (multipart file parts) never appear in JSON.
fn object_serde(def: &TypeDef, structure: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    let mut late_reads = Vec::new();
    for field in &structure.fields {
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        if field.ty == TypeRef::Bytes {
            reads.push(quote! { #field_name: ::std::default::Default::default(), });
        } else if field.flatten {
            writes.push(quote! { object.flatten(&self.#field_name)?; });
            late_reads.push(quote! { #field_name: object.flattened()?, });
        } else if field.explicit_null {
            writes.push(quote! { object.optional(#wire, &self.#field_name)?; });
            reads.push(quote! { #field_name: object.present(#wire)?, });
        } else if is_optional(field) {
            writes.push(if field.required {
                quote! { object.field(#wire, &self.#field_name)?; }
            } else {
                quote! { object.optional(#wire, &self.#field_name)?; }
            });
            reads.push(quote! { #field_name: object.optional(#wire)?, });
        } else {
            writes.push(quote! { object.field(#wire, &self.#field_name)?; });
            reads.push(quote! { #field_name: object.required(#wire)?, });
        }
    }
    if structure.additional_properties.is_some() {
        writes.push(quote! { object.rest(&self.additional_properties)?; });
        late_reads.push(quote! { additional_properties: object.rest()?, });
    }
    // Binary fields take no member: a struct without any other still insists on an object.
    let reads_members = structure.additional_properties.is_some()
        || structure
            .fields
            .iter()
            .any(|field| field.ty != TypeRef::Bytes);
    let read_object = if !reads_members {
        quote! { ::isc_runtime::__private::ObjectReader::<D::Error>::read(deserializer)?; }
    } else {
        quote! { let mut object = ::isc_runtime::__private::ObjectReader::read(deserializer)?; }
    };
    let allow_deprecated = allow_deprecated_fields(structure);
    let writer_mutable = (!writes.is_empty()).then(|| quote! { mut });
    quote! {
        #allow_deprecated
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #writer_mutable object = ::isc_runtime::__private::ObjectWriter::new(serializer)?;
                #(#writes)*
                object.end()
            }
        }

        #allow_deprecated
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #read_object
                ::std::result::Result::Ok(Self {
                    #(#reads)*
                    #(#late_reads)*
                })
            }
        }
    }
}

/// `#[allow(deprecated)]` for impls that must touch every field, deprecated ones included.
fn allow_deprecated_fields(structure: &Struct) -> Option<TokenStream> {
    structure
        .fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote! { #[allow(deprecated)] })
}

/// `Debug` that shows `format: password` fields only as whether they are set.
fn redacted_debug(def: &TypeDef, structure: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = structure.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let label = &field.rust_name;
        if field.sensitive {
            quote! { .field(#label, &"<redacted>") }
        } else {
            quote! { .field(#label, &self.#field_name) }
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    .finish_non_exhaustive()
            }
        }
    }
}

fn field_tokens(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let mut ty = rust_type(api, &field.ty);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    let mut notes: Vec<&str> = Vec::new();
    if field.ty == TypeRef::Bytes {
        // Binary fields travel as multipart file parts, never inside JSON.
        if is_optional(field) {
            ty = quote! { ::std::option::Option<#ty> };
        }
        notes.push("Sent as a file part of a `multipart/form-data` request.");
    } else if field.explicit_null {
        ty = quote! { ::std::option::Option<::std::option::Option<#ty>> };
        notes.push("`None` leaves the field out; `Some(None)` sends `null`.");
    } else if is_optional(field) {
        ty = quote! { ::std::option::Option<#ty> };
    }
    if field.required && field.nullable {
        notes.push("Always sent; `None` is sent as `null`.");
    }
    if field.read_only {
        notes.push("Set by the server; ignored in requests.");
    }
    if field.sensitive {
        notes.push("A secret: `Debug` does not print it.");
    }
    let notes = notes.join(" ");
    // Every field gets a doc line: the spec's description, or else what the field holds.
    let fallback = field.docs.description.is_none().then(|| {
        if field.flatten {
            format!(
                " The members of {}, merged into this one.",
                describe(api, &field.ty)
            )
        } else {
            format!(
                " The `{}` member: {}.",
                field.wire_name,
                describe(api, &field.ty)
            )
        }
    });
    let description = field.docs.description.as_deref().or(fallback.as_deref());
    let docs = doc_attrs([description, Some(notes.as_str())]);
    let deprecated = deprecated_attr(field.deprecated);
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// `oneOf` / `anyOf` as an enum. With a discriminator, the tag property picks the variant (and
/// an unknown tag keeps the raw value); without one, serde tries the variants in IR order.
fn one_of_item(api: &Api, def: &TypeDef, one_of: &OneOf) -> TokenStream {
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

fn enum_item(def: &TypeDef, enumeration: &Enumeration) -> TokenStream {
    if enumeration.repr == EnumRepr::Integer {
        return integer_enum_item(def, enumeration);
    }
    let EnumHead {
        name,
        docs,
        deprecated,
        variant_idents,
        variant_docs,
    } = enum_head(def, enumeration);
    let wire_names: Vec<&str> = enumeration
        .variants
        .iter()
        .map(|variant| variant.wire_name.as_str())
        .collect();
    quote! {
        #docs
        ///
        /// Open to values added after this SDK was generated: they arrive as `Unknown`, keep
        /// their wire text (see [`Self::as_str`]) and serialize back unchanged.
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variant_idents, )*
            /// A value this SDK does not know yet.
            Unknown(::isc_runtime::UnknownValue),
        }

        /// Ordered by wire value, so that the order of two values stays the same when a later
        /// SDK knows a value that this one keeps as `Unknown`.
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl #name {
            /// Every value this SDK knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wire_names),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variant_idents => #wire_names, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wire_names => Self::#variant_idents, )*
                    other => Self::Unknown(::isc_runtime::__private::unknown_value(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// An open enum of integers: like the string enums, but it travels as a JSON number.
fn integer_enum_item(def: &TypeDef, enumeration: &Enumeration) -> TokenStream {
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

/// A few words for a variant's type: "a string", "a list", "a `SizeBox`".
fn describe(api: &Api, ty: &TypeRef) -> String {
    match ty {
        // Spelled out in full: the target lives in another module, so a bare name would not resolve.
        TypeRef::Named(id) => {
            let name = &api.type_def(*id).name;
            format!("a [`{name}`](crate::models::{name})")
        }
        TypeRef::String => "a string".to_owned(),
        TypeRef::Integer(_) => "an integer".to_owned(),
        TypeRef::Number(_) => "a number".to_owned(),
        TypeRef::Boolean => "a boolean".to_owned(),
        TypeRef::List(item) => match item.as_ref() {
            TypeRef::Named(_) => format!("a list of {} values", describe_plain(api, item)),
            _ => "a list".to_owned(),
        },
        TypeRef::Map(item) => match item.as_ref() {
            TypeRef::Named(_) => format!("a map of {} values", describe_plain(api, item)),
            _ => "a map".to_owned(),
        },
        TypeRef::Any => "any JSON value".to_owned(),
        TypeRef::Date => "a date".to_owned(),
        TypeRef::DateTime => "a date and time".to_owned(),
        TypeRef::Bytes => "raw bytes".to_owned(),
    }
}

/// [`describe`] without the article: "[`SizeBox`](crate::models::SizeBox)".
fn describe_plain(api: &Api, ty: &TypeRef) -> String {
    let text = describe(api, ty);
    match text.strip_prefix("a ").or_else(|| text.strip_prefix("an ")) {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}
