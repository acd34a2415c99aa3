//! One page per model: its fields (wire name, Rust type, required, nullable, description) or
//! its enum values, and where the API uses it.

use crate::ir::{
    Alias, Api, EnumRepr, Enumeration, Field, OneOf, Struct, TypeDef, TypeId, TypeKind, TypeRef,
};

use super::table::{code, yes_no, Table};
use super::types::{linked, type_text};

/// The page of model `id`; `used_by` is its "Used by" section (see `used_by::sections`).
pub(super) fn model_page(api: &Api, id: TypeId, crate_name: &str, used_by: &str) -> String {
    let def = api.type_def(id);
    let mut page = intro(def, crate_name);
    match &def.kind {
        TypeKind::Struct(structure) => page.push_str(&fields(api, structure)),
        TypeKind::Enum(enumeration) => page.push_str(&values(def, enumeration)),
        TypeKind::OneOf(one_of) => page.push_str(&variants(api, def, one_of)),
        TypeKind::Alias(alias) => page.push_str(&definition(api, def, alias)),
    }
    page.push_str(used_by);
    page
}

/// What an alias stands for, with its target linked.
fn definition(api: &Api, def: &TypeDef, alias: &Alias) -> String {
    let target = type_text(api, &alias.target);
    let linked_target = linked(api, &target, &alias.target, "");
    if alias.newtype {
        format!(
            "## Definition\n\n`pub struct {}(pub {target})`, around {linked_target}: a struct \
             because the schema contains itself. It is serialized exactly as its contents.\n",
            def.name
        )
    } else {
        format!(
            "## Definition\n\n`pub type {} = {target};`: another name for {linked_target}.\n",
            def.name
        )
    }
}

fn intro(def: &TypeDef, crate_name: &str) -> String {
    let mut text = format!("# {}\n\n", def.name);
    if def.deprecated {
        text.push_str("**Deprecated.**\n\n");
    }
    if let Some(title) = super::title(def) {
        text.push_str(&format!("**{}**\n\n", title.trim()));
    }
    if let Some(description) = &def.docs.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{} ({}), generated from {}. Back to the [index](../README.md).\n\n",
        code(&format!("{crate_name}::models::{}", def.name)),
        super::kind_text(&def.kind),
        code(&source(def))
    ));
    text
}

/// Where the schema is defined: the file, with a JSON pointer when it is not the whole file.
fn source(def: &TypeDef) -> String {
    if def.source.pointer.is_empty() {
        def.source.file.clone()
    } else {
        def.source.to_string()
    }
}

fn fields(api: &Api, structure: &Struct) -> String {
    let mut table = Table::new(&[
        "Field",
        "Wire name",
        "Type",
        "Required",
        "Nullable",
        "Description",
    ]);
    for field in &structure.fields {
        table.row(field_row(api, field));
    }
    if let Some(values) = &structure.additional_properties {
        let ty = format!("BTreeMap<String, {}>", type_text(api, values));
        table.row(vec![
            code("additional_properties"),
            "any other member".to_owned(),
            linked(api, &ty, values, ""),
            "no".to_owned(),
            "no".to_owned(),
            "Members beyond the declared fields, kept as they are.".to_owned(),
        ]);
    }
    if table.is_empty() {
        return "## Fields\n\nNone: the JSON object is empty.\n".to_owned();
    }
    format!("## Fields\n\n{}", table.render())
}

fn field_row(api: &Api, field: &Field) -> Vec<String> {
    let wire_name = if field.flatten {
        "its members, at this level".to_owned()
    } else {
        code(&field.wire_name)
    };
    vec![
        code(&field.rust_name),
        wire_name,
        linked(api, &field_type(api, field), &field.ty, ""),
        yes_no(field.required),
        yes_no(field.nullable),
        field_description(api, field),
    ]
}

/// The field's Rust type, wrapped the way `model.rs::field_tokens` wraps it.
fn field_type(api: &Api, field: &Field) -> String {
    let mut ty = type_text(api, &field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    // Absent and `null` both mean "no value" for these, so they are `Option`s.
    let optional = (!field.required || field.nullable) && !field.flatten;
    if field.ty != TypeRef::Bytes && field.explicit_null {
        format!("Option<Option<{ty}>>")
    } else if optional {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// The spec's description, plus what the type and flags add: enum values, how `null` and
/// binary data travel, read-only.
fn field_description(api: &Api, field: &Field) -> String {
    let mut parts: Vec<String> = Vec::new();
    if field.deprecated {
        parts.push("**Deprecated.**".to_owned());
    }
    parts.extend(
        field
            .docs
            .description
            .iter()
            .map(|text| text.trim().to_owned()),
    );
    if let Some(TypeKind::Enum(enumeration)) = field.ty.named().map(|id| &api.type_def(id).kind) {
        let values: Vec<String> = enumeration
            .variants
            .iter()
            .map(|variant| code(&variant.wire_name))
            .collect();
        parts.push(format!("One of {}.", values.join(", ")));
    }
    let notes = [
        (
            field.ty == TypeRef::Bytes,
            "Sent as a file part of a `multipart/form-data` request.",
        ),
        (
            field.explicit_null && field.ty != TypeRef::Bytes,
            "`None`: the member is absent; `Some(None)`: it is `null`.",
        ),
        (
            field.required && field.nullable,
            "Always sent; `None` is sent as `null`.",
        ),
        (field.read_only, "Set by the server; ignored in requests."),
        (field.sensitive, "A secret: `Debug` does not print it."),
    ];
    parts.extend(
        notes
            .iter()
            .filter(|(applies, _)| *applies)
            .map(|(_, note)| (*note).to_owned()),
    );
    parts.join(" ")
}

fn values(def: &TypeDef, enumeration: &Enumeration) -> String {
    let mut table = Table::new(&["Variant", "Wire value"]);
    for variant in &enumeration.variants {
        table.row(vec![code(&variant.rust_name), code(&variant.wire_name)]);
    }
    let (unknown, conversions) = match enumeration.repr {
        EnumRepr::String => (
            "Unknown(UnknownValue)",
            "`{name}::from(text)` parses a wire value and `as_str()` gives it back",
        ),
        EnumRepr::Integer => (
            "Unknown(UnknownInteger)",
            "It travels as a JSON number: `{name}::from(number)` reads a wire value and \
             `as_i64()` gives it back",
        ),
    };
    table.row(vec![
        code(unknown),
        "any other value, kept as received".to_owned(),
    ]);
    format!(
        "## Values\n\n{}\nThe enum is open: values added to the API later arrive as `Unknown` and \
         serialize back unchanged. {}.\n",
        table.render(),
        conversions.replace("{name}", &def.name)
    )
}

fn variants(api: &Api, def: &TypeDef, one_of: &OneOf) -> String {
    let mut table = Table::new(&["Variant", "Type", "Selected by"]);
    for variant in &one_of.variants {
        let mut ty = type_text(api, &variant.ty);
        if variant.boxed {
            ty = format!("Box<{ty}>");
        }
        let tags: Vec<String> = variant.tags.iter().map(|tag| code(tag)).collect();
        table.row(vec![
            code(&variant.rust_name),
            linked(api, &ty, &variant.ty, ""),
            tags.join(", "),
        ]);
    }
    let reading = match &one_of.discriminator {
        Some(property) => {
            table.row(vec![
                code("Unknown"),
                code("serde_json::Value"),
                "any other value, kept as received".to_owned(),
            ]);
            format!(
                "The {} member says which variant a value is.",
                code(property)
            )
        }
        None => {
            "Written without a tag; when reading, the first variant that matches wins.".to_owned()
        }
    };
    format!(
        "## Variants\n\n{}\n{reading} `{}` is one of these.\n",
        table.render(),
        def.name
    )
}
