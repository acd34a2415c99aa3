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
        serialize_impl(def, structure),
        deserialize_impl(api, def, structure),
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
        let stored = if field.explicit_null && field.ty != TypeRef::Bytes {
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

syntax::template! {
    fn serialize_template() -> syn::ItemImpl {
        impl ::serde::Serialize for Model {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = ::isc_runtime::__private::ObjectWriter::new();
            }
        }
    }
}

syntax::template! {
    fn deserialize_template() -> syn::ItemImpl {
        impl<'de> ::serde::Deserialize<'de> for Model {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
            }
        }
    }
}

/// `Serialize` as one runtime call per field (`isc_runtime`'s `ObjectWriter`), not serde's
/// derive, whose expansion was most of a generated crate's compile time. Optional fields are
/// left out when `None`, a required nullable one is written as `null`, flattened parts are
/// merged in, and binary fields (multipart file parts) never appear in JSON. The writer
/// gathers the members and writes the object with its length.
fn serialize_impl(def: &TypeDef, structure: &Struct) -> syn::Item {
    let object = || syntax::name_expr("object");
    let write = |method: &str, arguments: Vec<syn::Expr>| {
        syntax::statement(syntax::method_call(object(), method, arguments))
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
        } else if field.explicit_null {
            write("present", vec![wire(), field_of(field)])
        } else if field.is_optional() && !field.required {
            write("optional", vec![wire(), field_of(field)])
        } else {
            write("field", vec![wire(), field_of(field)])
        });
    }
    if structure.additional_properties.is_some() {
        body.stmts.push(write(
            "extra",
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
        vec![syntax::name_expr("serializer")],
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

/// `Deserialize` through `isc_runtime`'s one object visitor: a `Member` slot per field, read
/// straight from the input (`read_object`), then each field taken from its slot by its rule.
/// An explicit-null field tells absent from `null`; flattened parts and extra members are
/// read from the members no field took (`read_object_keeping_rest`), each flattened part
/// taking the members its type names; binary fields (multipart file parts) are left empty.
fn deserialize_impl(api: &Api, def: &TypeDef, structure: &Struct) -> syn::Item {
    let runtime =
        |name: &str| syntax::path_expr(syntax::global_path(&["isc_runtime", "__private", name]));
    let mut slots = Vec::new();
    let mut statements = Vec::new();
    let mut values = Vec::new();
    let mut late_values = Vec::new();
    let take = |slot: &str, method: &str, fallible: bool| {
        let call = syntax::method_call(syntax::name_expr(slot), method, Vec::new());
        if fallible {
            syntax::try_expr(call)
        } else {
            call
        }
    };
    for (index, field) in structure.fields.iter().enumerate() {
        let field_name = field.rust_name.as_str();
        if field.ty == TypeRef::Bytes {
            values.push((field_name, syntax::default_value()));
            continue;
        }
        if field.flatten {
            // The members the part takes from the rest; `None`: all of them.
            let names = match object_members(api, &field.ty) {
                Some(names) => syntax::some(syntax::reference(syntax::array(
                    names.iter().map(|name| syntax::str_expr(name)).collect(),
                ))),
                None => syntax::none(),
            };
            late_values.push((
                field_name,
                syntax::try_expr(syntax::method_call(
                    syntax::name_expr("rest"),
                    "flattened",
                    vec![names],
                )),
            ));
            continue;
        }
        // The slot is named after its field, but for the names this function uses itself.
        let slot = if matches!(field_name, "deserializer" | "rest") {
            format!("{field_name}_{index}")
        } else {
            field_name.to_owned()
        };
        statements.push(syntax::let_statement(
            syntax::mut_name_pat(&slot),
            syntax::call(runtime_member(), vec![syntax::str_expr(&field.wire_name)]),
        ));
        slots.push(syntax::mut_reference(syntax::name_expr(&slot)));
        values.push((
            field_name,
            if field.explicit_null {
                take(&slot, "present", false)
            } else if field.is_optional() {
                take(&slot, "optional", false)
            } else {
                take(&slot, "required", true)
            },
        ));
    }
    if structure.additional_properties.is_some() {
        late_values.push((
            "additional_properties",
            syntax::try_expr(syntax::method_call(
                syntax::name_expr("rest"),
                "extra",
                Vec::new(),
            )),
        ));
    }
    let keeps_rest = !late_values.is_empty();
    // Only a flattened part takes members out of the rest; `extra` consumes it.
    let takes_from_rest = structure.fields.iter().any(|field| field.flatten);
    let read = syntax::try_expr(syntax::call(
        runtime(if keeps_rest {
            "read_object_keeping_rest"
        } else {
            "read_object"
        }),
        vec![
            syntax::name_expr("deserializer"),
            syntax::mut_reference(syntax::array(slots)),
        ],
    ));
    statements.push(if keeps_rest {
        let rest = if takes_from_rest {
            syntax::mut_name_pat("rest")
        } else {
            syntax::name_pat("rest")
        };
        syntax::let_statement(rest, read)
    } else {
        syntax::statement(read)
    });
    values.append(&mut late_values);
    statements.push(syntax::tail(syntax::call(
        syntax::path_expr(syntax::global_path(&["std", "result", "Result", "Ok"])),
        vec![syntax::struct_expr(syntax::path(&["Self"]), values)],
    )));
    let mut item = deserialize_template();
    item.attrs = allow_deprecated_attribute(structure).into_iter().collect();
    *item.self_ty = self_type(def);
    syntax::method_block(&mut item, "deserialize").stmts = statements;
    syn::Item::Impl(item)
}

/// `::isc_runtime::__private::Member::new`.
fn runtime_member() -> syn::Expr {
    syntax::path_expr(syntax::global_path(&[
        "isc_runtime",
        "__private",
        "Member",
        "new",
    ]))
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
    if field.ty == TypeRef::Bytes {
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_serde_templates_parse_into_one_method_each() {
        let mut serialize = super::serialize_template();
        let body = crate::emit::syntax::method_block(&mut serialize, "serialize");
        assert!(matches!(body.stmts.as_slice(), [syn::Stmt::Local(_)]));
        let mut deserialize = super::deserialize_template();
        let body = crate::emit::syntax::method_block(&mut deserialize, "deserialize");
        assert!(body.stmts.is_empty());
    }
}
