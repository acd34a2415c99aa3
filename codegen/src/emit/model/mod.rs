//! One model file per named type: structs with serde, open enums, `oneOf` enums and aliases.

mod enumeration;
mod one_of;
mod structure;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attribute, inner_doc_attrs};
use super::syntax;
use super::types::{ident, rust_type};
use crate::ir::{Alias, Api, EnumRepr, TypeDef, TypeKind, TypeRef};
use enumeration::{integer_enum_item, string_enum_items};
use one_of::one_of_item;
use structure::struct_items;

/// A model's file. Structs, most of a large crate's models, are built as syn trees
/// (`super::syntax`); the other kinds are quoted and parsed.
pub(crate) fn model_file(api: &Api, def: &TypeDef) -> syn::Result<syn::File> {
    let module_doc = format!(
        "`{}`, from `{}`.",
        def.name,
        if def.source.pointer.is_empty() {
            def.source.file.clone()
        } else {
            def.source.to_string()
        }
    );
    let item = match &def.kind {
        TypeKind::Struct(structure) => {
            return Ok(syn::File {
                shebang: None,
                attrs: inner_doc_attribute(&module_doc).into_iter().collect(),
                items: struct_items(api, def, structure)?,
            });
        }
        TypeKind::Enum(enumeration) if enumeration.repr != EnumRepr::Integer => {
            return Ok(syn::File {
                shebang: None,
                attrs: inner_doc_attribute(&module_doc).into_iter().collect(),
                items: string_enum_items(def, enumeration),
            });
        }
        TypeKind::Enum(enumeration) => integer_enum_item(def, enumeration),
        TypeKind::OneOf(one_of) => one_of_item(api, def, one_of),
        TypeKind::Alias(alias) => alias_item(api, def, alias),
    };
    let module_doc = inner_doc_attrs(&module_doc);
    syn::parse2(quote! {
        #module_doc
        #item
    })
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
    let (title, description) = type_doc_paragraphs(def);
    doc_attrs([title.as_deref(), description])
}

/// A type's title and description; its name in a sentence when it has neither.
fn type_doc_paragraphs(def: &TypeDef) -> (Option<std::borrow::Cow<'_, str>>, Option<&str>) {
    let title = def.docs.title.as_deref();
    let description = def.docs.description.as_deref();
    // A title that only repeats the name adds nothing.
    let title =
        title.filter(|title| title.replace(' ', "").to_lowercase() != def.name.to_lowercase());
    if title.is_none() && description.is_none() {
        return (Some(format!("The `{}` schema.", def.name).into()), None);
    }
    (title.map(Into::into), description)
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    }
}

/// The model's own name as a type.
fn self_type(def: &TypeDef) -> syn::Type {
    syntax::path_type(syntax::path(&[&def.name]))
}

/// `#[deprecated]`, for a deprecated type or field.
fn deprecated_attribute(deprecated: bool) -> Option<syn::Attribute> {
    deprecated.then(|| syntax::word_attr("deprecated"))
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
        TypeRef::Nullable(inner) => format!("{} or `null`", describe(api, inner)),
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
