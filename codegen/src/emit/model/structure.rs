//! Structs: the type, `new` and `with_*` setters, and `Serialize`/`Deserialize` through the
//! runtime's `ObjectWriter` and `read_object` (a `Member` slot per field), built as syn trees.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attribute, describe, self_type, type_doc_paragraphs};
use crate::emit::docs::doc_attribute;
use crate::emit::naming::object_members;
use crate::emit::syntax::{self, SynTypes};
use crate::emit::types::{ident, owned, TypeSyntax};
use crate::ir::{Api, Field, Struct, TypeDef, TypeKind, TypeRef};

/// True when every field can be left empty, so `Default` can be derived. A named list or map
/// is its list or map here (newtype aliases derive `Default` as well).
fn can_default(api: &Api, structure: &Struct) -> bool {
    structure.fields.iter().all(|field| {
        let newtype = matches!(
            &field.ty,
            TypeRef::Named(id) if matches!(&api.type_def(*id).kind, TypeKind::Alias(alias) if alias.newtype)
        );
        (field.is_optional() && !field.flatten)
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
pub(super) fn struct_items(
    api: &Api,
    def: &TypeDef,
    structure: &Struct,
) -> syn::Result<Vec<syn::Item>> {
    let default = can_default(api, structure);
    let has_secrets = structure.fields.iter().any(|field| field.sensitive);
    let mut items = vec![
        struct_item(api, def, structure, default, has_secrets),
        constructor(api, def, structure, default),
        serialize_impl(api, def, structure)?,
        deserialize_impl(api, def, structure)?,
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
        fields.push(syntax::public_field(
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

/// `new` with the fields that have no empty value (required and not nullable, or flattened),
/// and a `with_*` setter for each optional field a request may carry. Adding an optional
/// field upstream adds a setter and changes no existing call.
fn constructor(api: &Api, def: &TypeDef, structure: &Struct, has_default: bool) -> syn::Item {
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
        if !field.is_optional() {
            arguments.push(syntax::argument(field_name, value_type()));
            initial.push((field_name, boxed(into(field_name))));
            continue;
        }
        initial.push((field_name, syntax::none()));
        if field.read_only {
            continue;
        }
        let value = boxed(into("value"));
        let stored = if field.explicit_null && !api.resolve_alias(&field.ty).is_file_content() {
            syntax::some(syntax::some(value))
        } else {
            syntax::some(value)
        };
        let plain_name = field_name.trim_start_matches("r#");
        let mut attrs = vec![syntax::doc_line(&format!(" Sets [`Self::{plain_name}`]."))];
        attrs.extend(deprecated_attribute(field.deprecated));
        setters.push(syntax::setter(
            attrs,
            &format!("with_{plain_name}"),
            field_name,
            value_type(),
            stored,
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
        syntax::default_value()
    } else {
        syntax::struct_expr(syntax::path(&["Self"]), initial)
    };
    let new_doc = if arguments.is_empty() {
        " A value with every field unset."
    } else {
        " A value with the required fields set and every optional one unset."
    };
    let mut new_attrs = vec![syntax::doc_line(new_doc)];
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
        syntax::self_type(),
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

/// How a field is read back: the slot's rule.
enum Read {
    /// A required member (`required`).
    Required,
    /// Absent and `null` are both `None` (`flatten` of the slot's `Option<Option<T>>`).
    Optional,
    /// Absent is `None`, `null` is `Some(None)` (the slot as it is).
    Present,
}

/// `Serialize` as one runtime call per field (`isc_runtime`'s `ObjectWriter`), not serde's
/// derive, whose expansion was most of a generated crate's compile time. Optional fields are
/// left out when `None`, a required nullable one is written as `null`, flattened parts are
/// merged in, and binary fields (multipart file parts) never appear in JSON. The object is
/// written with its length, counted first.
fn serialize_impl(api: &Api, def: &TypeDef, structure: &Struct) -> syn::Result<syn::Item> {
    let name = ident(&def.name);
    let mut always = 0usize;
    let mut optional = Vec::new();
    let mut prepare = Vec::new();
    let mut counted = Vec::new();
    let mut writes = Vec::new();
    for (index, field) in structure.fields.iter().enumerate() {
        if api.resolve_alias(&field.ty).is_file_content() {
            continue;
        }
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        if field.flatten {
            let part = ident(&format!("flattened_{index}"));
            prepare.push(quote! {
                let #part = ::isc_runtime::__private::flattened_members(&self.#member)?;
            });
            counted.push(quote! { #part.len() });
            writes.push(quote! { object.flatten(&#part)?; });
        } else if field.explicit_null {
            optional.push(quote! { self.#member.is_some() });
            writes.push(quote! { object.present(#wire, &self.#member)?; });
        } else if field.is_optional() && !field.required {
            optional.push(quote! { self.#member.is_some() });
            writes.push(quote! { object.optional(#wire, &self.#member)?; });
        } else {
            always += 1;
            writes.push(quote! { object.field(#wire, &self.#member)?; });
        }
    }
    if structure.additional_properties.is_some() {
        counted.push(quote! { self.additional_properties.len() });
        writes.push(quote! { object.extra(&self.additional_properties)?; });
    }
    if !optional.is_empty() {
        counted.insert(
            0,
            quote! { ::isc_runtime::__private::count_set(&[#(#optional),*]) },
        );
    }
    let members = match (always, counted.is_empty()) {
        (always, true) => {
            let always = proc_macro2::Literal::usize_unsuffixed(always);
            quote! { #always }
        }
        (0, false) => quote! { #(#counted)+* },
        (always, false) => {
            let always = proc_macro2::Literal::usize_unsuffixed(always);
            quote! { #always + #(#counted)+* }
        }
    };
    let object = if writes.is_empty() {
        quote! { object }
    } else {
        quote! { mut object }
    };
    let allow = allow_deprecated_attribute(structure);
    syn::parse2(quote! {
        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #(#prepare)*
                let #object = ::isc_runtime::__private::ObjectWriter::new(serializer, #members)?;
                #(#writes)*
                object.end()
            }
        }
    })
}

/// `Deserialize` through a small map visitor: a slot per field, filled by the runtime's
/// `next_member` and `fill` (shared by every struct), each field then taken from its slot by
/// its rule. Members are read straight from the input, typed; a member given twice is an
/// error. Flattened parts and extra members are read from the members no field took, each
/// flattened part taking the members its type names; binary fields (multipart file parts) are
/// left empty.
fn deserialize_impl(api: &Api, def: &TypeDef, structure: &Struct) -> syn::Result<syn::Item> {
    let name = ident(&def.name);
    // Named after the model, so it cannot be the model, whatever the spec calls it.
    let visitor = ident(&format!("{}Visitor", def.name));
    let expecting = format!("a `{}` object", def.name);
    let mut names = Vec::new();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut values = Vec::new();
    let mut late_values = Vec::new();
    for field in &structure.fields {
        let member = ident(&field.rust_name);
        if api.resolve_alias(&field.ty).is_file_content() {
            values.push(quote! { #member: ::std::default::Default::default() });
            continue;
        }
        if field.flatten {
            // The members the part takes from the rest; `None`: all of them.
            let names = match object_members(api, &field.ty) {
                Some(names) => quote! { ::std::option::Option::Some(&[#(#names),*]) },
                None => quote! { ::std::option::Option::None },
            };
            late_values.push(quote! { #member: rest.flattened(#names)? });
            continue;
        }
        // The slot is named after its field, but for the names `visit_map` uses itself.
        let slot = match field.rust_name.as_str() {
            "map" | "rest" | "member" => ident(&format!("{}_slot", field.rust_name)),
            _ => member.clone(),
        };
        let wire = &field.wire_name;
        let index = proc_macro2::Literal::usize_unsuffixed(names.len());
        names.push(wire.clone());
        slots.push(quote! { let mut #slot = ::std::option::Option::None; });
        arms.push((
            index,
            quote! { ::isc_runtime::__private::fill(&mut map, &mut #slot, #wire)? },
        ));
        let read = if field.explicit_null {
            Read::Present
        } else if field.is_optional() {
            Read::Optional
        } else {
            Read::Required
        };
        values.push(match read {
            Read::Required => {
                quote! { #member: ::isc_runtime::__private::required(#slot, #wire)? }
            }
            Read::Optional => quote! { #member: #slot.flatten() },
            Read::Present if slot == member => quote! { #member },
            Read::Present => quote! { #member: #slot },
        });
    }
    if structure.additional_properties.is_some() {
        late_values.push(quote! { additional_properties: rest.extra()? });
    }
    let keeps_rest = !late_values.is_empty();
    let (rest_slot, rest_argument) = if keeps_rest {
        (
            quote! { let mut rest = ::isc_runtime::__private::Rest::default(); },
            quote! { ::std::option::Option::Some(&mut rest) },
        )
    } else {
        (quote! {}, quote! { ::std::option::Option::None })
    };
    let next = quote! {
        ::isc_runtime::__private::next_member(&mut map, &[#(#names),*], #rest_argument)?
    };
    let walk = match arms.as_slice() {
        [] => quote! { while #next.is_some() {} },
        [(_, fill)] => quote! {
            while #next.is_some() {
                #fill;
            }
        },
        arms => {
            let arms = arms.iter().map(|(index, fill)| quote! { #index => #fill, });
            quote! {
                while let ::std::option::Option::Some(member) = #next {
                    match member {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    };
    values.extend(late_values);
    let allow = allow_deprecated_attribute(structure);
    syn::parse2(quote! {
        #allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct #visitor;

                impl<'de> ::serde::de::Visitor<'de> for #visitor {
                    type Value = #name;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #(#slots)*
                        #rest_slot
                        #walk
                        ::std::result::Result::Ok(#name { #(#values),* })
                    }
                }

                deserializer.deserialize_map(#visitor)
            }
        }
    })
}

/// `#[allow(deprecated)]` for impls that must touch every field, deprecated ones included.
fn allow_deprecated_attribute(structure: &Struct) -> Option<syn::Attribute> {
    structure
        .fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| syntax::list_attr("allow", quote! { deprecated }))
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
    if api.resolve_alias(&field.ty).is_file_content() {
        // Binary fields travel as multipart file parts, never inside JSON.
        if field.is_optional() {
            ty = syntax::option_type(ty);
        }
        notes.push("Sent as a file part of a `multipart/form-data` request.");
    } else if field.explicit_null {
        ty = syntax::option_type(syntax::option_type(ty));
        notes.push("`None`: the member is absent; `Some(None)`: it is `null`.");
    } else if field.is_optional() {
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
    syntax::public_field(attrs, &field.rust_name, ty)
}
