//! One model file per named type: structs with serde, and open enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attribute, doc_attrs, inner_doc_attribute, inner_doc_attrs};
use super::naming::is_optional;
use super::syntax::{self, SynTypes};
use super::types::{ident, owned, rust_type, TypeSyntax};
use crate::ir::{
    Alias, Api, EnumRepr, Enumeration, Field, OneOf, Struct, TypeDef, TypeKind, TypeRef,
};

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

/// The struct, its constructor and setters, its serde impls and, when it holds a secret, its
/// redacting `Debug`.
fn struct_items(api: &Api, def: &TypeDef, structure: &Struct) -> syn::Result<Vec<syn::Item>> {
    let default = can_default(api, structure);
    let has_secrets = structure.fields.iter().any(|field| field.sensitive);
    let mut items = vec![
        struct_item(api, def, structure, default, has_secrets),
        constructor(api, def, structure, default),
        serialize_impl(def, structure),
        deserialize_impl(def, structure),
    ];
    if has_secrets {
        items.push(syn::parse2(redacted_debug(def, structure))?);
    }
    Ok(items)
}

fn struct_item(
    api: &Api,
    def: &TypeDef,
    structure: &Struct,
    default: bool,
    has_secrets: bool,
) -> syn::Item {
    let (title, description) = type_doc_paragraphs(def);
    let mut attrs: Vec<syn::Attribute> = doc_attribute([
        title.as_deref(),
        description,
        Some(
            "Open to fields added after this SDK was generated: make one with [`Self::new`]\n\
             (which takes the required fields) and the `with_*` setters.",
        ),
    ])
    .into_iter()
    .collect();
    attrs.extend(deprecated_attribute(def.deprecated));
    let derive_debug = (!has_secrets).then(|| quote! { Debug, });
    let derive_default = default.then(|| quote! { Default, });
    attrs.push(syntax::list_attr(
        "derive",
        quote! { #derive_debug Clone, PartialEq, #derive_default },
    ));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let mut fields: syn::punctuated::Punctuated<syn::Field, syn::Token![,]> = structure
        .fields
        .iter()
        .map(|field| struct_field(api, field))
        .collect();
    if let Some(values) = &structure.additional_properties {
        fields.push(named_field(
            doc_attribute([Some("Members beyond the declared fields.")])
                .into_iter()
                .collect(),
            "additional_properties",
            SynTypes::PLAIN.map(owned(&SynTypes::PLAIN, api, values)),
        ));
    }
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: syntax::public(),
        struct_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    })
}

/// `pub name: ty`, with its attributes.
fn named_field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syntax::public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// The model's own name as a type.
fn self_type(def: &TypeDef) -> syn::Type {
    syntax::path_type(syntax::path(&[&def.name]))
}

/// `new` with the fields that have no empty value (required and not nullable, or flattened),
/// and a `with_*` setter for each optional field a request may carry. Adding an optional
/// field upstream adds a setter and changes no existing call.
fn constructor(api: &Api, def: &TypeDef, structure: &Struct, has_default: bool) -> syn::Item {
    let none = || syntax::path_expr(syntax::global_path(&["std", "option", "Option", "None"]));
    let some = |value: syn::Expr| {
        syntax::call(
            syntax::path_expr(syntax::global_path(&["std", "option", "Option", "Some"])),
            vec![value],
        )
    };
    let mut arguments = Vec::new();
    let mut initial = Vec::new();
    let mut setters = Vec::new();
    for field in &structure.fields {
        let field_name = field.rust_name.as_str();
        let boxed = |value: syn::Expr| {
            if field.boxed {
                syntax::call(
                    syntax::path_expr(syntax::global_path(&["std", "boxed", "Box", "new"])),
                    vec![value],
                )
            } else {
                value
            }
        };
        let into = |name: &str| syntax::method_call(syntax::name_expr(name), "into", Vec::new());
        let value_type = || syntax::impl_into(owned(&SynTypes::PLAIN, api, &field.ty));
        if !is_optional(field) {
            arguments.push(syntax::argument(field_name, value_type()));
            initial.push((field_name, boxed(into(field_name))));
            continue;
        }
        initial.push((field_name, none()));
        if field.read_only {
            continue;
        }
        let value = boxed(into("value"));
        let stored = if field.explicit_null && field.ty != TypeRef::Bytes {
            some(some(value))
        } else {
            some(value)
        };
        let plain_name = field_name.trim_start_matches("r#");
        let doc = format!(" Sets [`Self::{plain_name}`].");
        let mut attrs = vec![syntax::doc_attr(
            proc_macro2::Literal::string(&doc),
            syn::AttrStyle::Outer,
        )];
        attrs.extend(deprecated_attribute(field.deprecated));
        setters.push(syntax::public_fn(
            attrs,
            &format!("with_{plain_name}"),
            vec![syntax::mut_self(), syntax::argument("value", value_type())],
            syntax::path_type(syntax::path(&["Self"])),
            vec![
                syntax::statement(syntax::assign(syntax::self_field(field_name), stored)),
                syntax::tail(syntax::name_expr("self")),
            ],
        ));
    }
    if structure.additional_properties.is_some() {
        initial.push((
            "additional_properties",
            syntax::call(
                syntax::path_expr(syntax::global_path(&[
                    "std",
                    "collections",
                    "BTreeMap",
                    "new",
                ])),
                Vec::new(),
            ),
        ));
    }
    let body = if arguments.is_empty() && has_default {
        syntax::call(
            syntax::path_expr(syntax::global_path(&[
                "std", "default", "Default", "default",
            ])),
            Vec::new(),
        )
    } else {
        syntax::struct_expr(syntax::path(&["Self"]), initial)
    };
    let new_doc = if arguments.is_empty() {
        " A value with every field unset."
    } else {
        " A value with the required fields set and every optional one unset."
    };
    let mut new_attrs = vec![syntax::doc_attr(
        proc_macro2::Literal::string(new_doc),
        syn::AttrStyle::Outer,
    )];
    // The constructor takes exactly the required fields, however many the schema has; clippy
    // objects from 8 on.
    if arguments.len() > 7 {
        new_attrs.push(syntax::list_attr(
            "allow",
            quote! { clippy::too_many_arguments },
        ));
    }
    let mut items = vec![syntax::public_fn(
        new_attrs,
        "new",
        arguments,
        syntax::path_type(syntax::path(&["Self"])),
        vec![syntax::tail(body)],
    )];
    items.append(&mut setters);
    // Deprecated fields are still set (to `None`) by `new`.
    syntax::inherent_impl(
        allow_deprecated_attribute(structure).into_iter().collect(),
        self_type(def),
        items,
    )
}

syntax::template! {
    fn serialize_template() -> syn::ItemImpl {
        impl ::serde::Serialize for Model {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = ::isc_runtime::__private::ObjectWriter::new(serializer)?;
            }
        }
    }
}

syntax::template! {
    fn deserialize_template() -> syn::ItemImpl {
        impl<'de> ::serde::Deserialize<'de> for Model {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let mut object = ::isc_runtime::__private::ObjectReader::read(deserializer)?;
            }
        }
    }
}

syntax::template! {
    fn check_object_statement() -> syn::Stmt {
        ::isc_runtime::__private::ObjectReader::<D::Error>::read(deserializer)?;
    }
}

/// `Serialize` as one runtime call per field (`isc_runtime`'s `ObjectWriter`), not serde's
/// derive, whose expansion was most of a generated crate's compile time. Optional fields are
/// left out when `None`, a required nullable one is written as `null`, flattened parts are
/// merged in, and binary fields (multipart file parts) never appear in JSON.
fn serialize_impl(def: &TypeDef, structure: &Struct) -> syn::Item {
    let object = || syntax::name_expr("object");
    let write = |method: &str, arguments: Vec<syn::Expr>| {
        syntax::statement(syntax::try_expr(syntax::method_call(
            object(),
            method,
            arguments,
        )))
    };
    let field_of = |field: &Field| syntax::reference(syntax::self_field(&field.rust_name));
    let mut item = serialize_template();
    item.attrs = allow_deprecated_attribute(structure).into_iter().collect();
    *item.self_ty = self_type(def);
    let body = syntax::method_block(&mut item, "serialize");
    for field in &structure.fields {
        let wire = || syntax::str_expr(&field.wire_name);
        if field.ty == TypeRef::Bytes {
            continue;
        }
        body.stmts.push(if field.flatten {
            write("flatten", vec![field_of(field)])
        } else if field.explicit_null || (is_optional(field) && !field.required) {
            write("optional", vec![wire(), field_of(field)])
        } else {
            write("field", vec![wire(), field_of(field)])
        });
    }
    if structure.additional_properties.is_some() {
        body.stmts.push(write(
            "rest",
            vec![syntax::reference(syntax::self_field(
                "additional_properties",
            ))],
        ));
    }
    if body.stmts.len() == 1 {
        make_immutable(&mut body.stmts[0]);
    }
    body.stmts.push(syntax::tail(syntax::method_call(
        object(),
        "end",
        Vec::new(),
    )));
    syn::Item::Impl(item)
}

/// `let object` for `let mut object`, when nothing writes to it.
fn make_immutable(statement: &mut syn::Stmt) {
    if let syn::Stmt::Local(syn::Local {
        pat: syn::Pat::Ident(binding),
        ..
    }) = statement
    {
        binding.mutability = None;
    }
}

/// `Deserialize` as one runtime call per field (`isc_runtime`'s `ObjectReader`): an
/// explicit-null field tells absent from `null`, flattened parts are read from the members the
/// named fields left, and binary fields (multipart file parts) are left empty.
fn deserialize_impl(def: &TypeDef, structure: &Struct) -> syn::Item {
    let read = |method: &str, wire: Option<&str>| {
        syntax::try_expr(syntax::method_call(
            syntax::name_expr("object"),
            method,
            wire.map(syntax::str_expr).into_iter().collect(),
        ))
    };
    let mut reads = Vec::new();
    let mut late_reads = Vec::new();
    for field in &structure.fields {
        let field_name = field.rust_name.as_str();
        let wire = Some(field.wire_name.as_str());
        if field.ty == TypeRef::Bytes {
            reads.push((
                field_name,
                syntax::call(
                    syntax::path_expr(syntax::global_path(&[
                        "std", "default", "Default", "default",
                    ])),
                    Vec::new(),
                ),
            ));
        } else if field.flatten {
            late_reads.push((field_name, read("flattened", None)));
        } else if field.explicit_null {
            reads.push((field_name, read("present", wire)));
        } else if is_optional(field) {
            reads.push((field_name, read("optional", wire)));
        } else {
            reads.push((field_name, read("required", wire)));
        }
    }
    if structure.additional_properties.is_some() {
        late_reads.push(("additional_properties", read("rest", None)));
    }
    // Binary fields take no member: a struct without any other still insists on an object.
    let reads_members = structure.additional_properties.is_some()
        || structure
            .fields
            .iter()
            .any(|field| field.ty != TypeRef::Bytes);
    let mut item = deserialize_template();
    item.attrs = allow_deprecated_attribute(structure).into_iter().collect();
    *item.self_ty = self_type(def);
    let body = syntax::method_block(&mut item, "deserialize");
    if !reads_members {
        body.stmts = vec![check_object_statement()];
    }
    reads.append(&mut late_reads);
    body.stmts.push(syntax::tail(syntax::call(
        syntax::path_expr(syntax::global_path(&["std", "result", "Result", "Ok"])),
        vec![syntax::struct_expr(syntax::path(&["Self"]), reads)],
    )));
    syn::Item::Impl(item)
}

/// `#[allow(deprecated)]` for impls that must touch every field, deprecated ones included.
fn allow_deprecated_attribute(structure: &Struct) -> Option<syn::Attribute> {
    structure
        .fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| syntax::list_attr("allow", quote! { deprecated }))
}

/// `#[deprecated]`, for a deprecated type or field.
fn deprecated_attribute(deprecated: bool) -> Option<syn::Attribute> {
    deprecated.then(|| syntax::word_attr("deprecated"))
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

fn struct_field(api: &Api, field: &Field) -> syn::Field {
    let mut ty = owned(&SynTypes::PLAIN, api, &field.ty);
    if field.boxed {
        ty = syntax::box_type(ty);
    }
    let mut notes: Vec<&str> = Vec::new();
    if field.ty == TypeRef::Bytes {
        // Binary fields travel as multipart file parts, never inside JSON.
        if is_optional(field) {
            ty = syntax::option_type(ty);
        }
        notes.push("Sent as a file part of a `multipart/form-data` request.");
    } else if field.explicit_null {
        ty = syntax::option_type(syntax::option_type(ty));
        notes.push("`None` leaves the field out; `Some(None)` sends `null`.");
    } else if is_optional(field) {
        ty = syntax::option_type(ty);
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
    let mut attrs: Vec<syn::Attribute> = doc_attribute([description, Some(notes.as_str())])
        .into_iter()
        .collect();
    attrs.extend(deprecated_attribute(field.deprecated));
    named_field(attrs, &field.rust_name, ty)
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

/// An open enum of strings, built as syn trees: the enum, then its impls from one template
/// whose matches and list of values take the enum's values.
fn string_enum_items(def: &TypeDef, enumeration: &Enumeration) -> Vec<syn::Item> {
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
            attrs: vec![syntax::doc_attr(
                proc_macro2::Literal::string(&format!(" `{}`", variant.wire_name)),
                syn::AttrStyle::Outer,
            )],
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
    let wire = |variant: &crate::ir::Variant| {
        syntax::lit_expr(syn::Lit::Str(syn::LitStr::new(
            &variant.wire_name,
            proc_macro2::Span::call_site(),
        )))
    };
    let variant_path =
        |variant: &crate::ir::Variant| syntax::path(&["Self", variant.rust_name.as_str()]);
    for mut item in string_enum_template().items {
        if let syn::Item::Impl(implementation) = &mut item {
            *implementation.self_ty = self_type(def);
            for member in &mut implementation.items {
                match member {
                    syn::ImplItem::Const(values) => {
                        if let syn::Expr::Reference(reference) = &mut values.expr {
                            if let syn::Expr::Array(array) = &mut *reference.expr {
                                array.elems = enumeration.variants.iter().map(wire).collect();
                            }
                        }
                    }
                    syn::ImplItem::Fn(method) => {
                        let arms: Vec<syn::Arm> = match method.sig.ident.to_string().as_str() {
                            "as_str" => enumeration
                                .variants
                                .iter()
                                .map(|variant| {
                                    syntax::arm(
                                        syntax::path_pat(variant_path(variant)),
                                        wire(variant),
                                    )
                                })
                                .collect(),
                            "from" => enumeration
                                .variants
                                .iter()
                                .map(|variant| {
                                    syntax::arm(
                                        syntax::lit_pat(syn::Lit::Str(syn::LitStr::new(
                                            &variant.wire_name,
                                            proc_macro2::Span::call_site(),
                                        ))),
                                        syntax::path_expr(variant_path(variant)),
                                    )
                                })
                                .collect(),
                            _ => continue,
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
        }
        items.push(item);
    }
    items
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_serde_templates_parse_into_one_method_that_starts_with_the_object() {
        for (mut template, method) in [
            (super::serialize_template(), "serialize"),
            (super::deserialize_template(), "deserialize"),
        ] {
            let body = crate::emit::syntax::method_block(&mut template, method);
            assert!(matches!(body.stmts.as_slice(), [syn::Stmt::Local(_)]));
        }
        assert!(matches!(
            super::check_object_statement(),
            syn::Stmt::Expr(syn::Expr::Try(_), Some(_))
        ));
    }

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
