//! Rust types as short text (`Vec<Account>`, `BTreeMap<String, Value>`): what a user writes,
//! without the absolute paths generated code uses, so the lock file reads like the docs.

use crate::ir::{Api, Field, IntegerFormat, NumberFormat, TypeRef};

/// The type of a use, naming generated types by their Rust name.
pub(super) fn of(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api
            .types
            .get(id.0)
            .map(|def| def.name.clone())
            .unwrap_or_else(|| "?".to_owned()),
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(IntegerFormat::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerFormat::I64) => "i64".to_owned(),
        TypeRef::Number(NumberFormat::F32) => "f32".to_owned(),
        TypeRef::Number(NumberFormat::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::List(inner) => format!("Vec<{}>", of(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", of(api, inner)),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::DateTime => "DateTime<FixedOffset>".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
    }
}

/// A field's type inside its `Option`, if any: `Box<Tree>`, `Option<String>` for a field that
/// tells "leave out" from "send null" (`Option<Option<String>>` in Rust).
pub(super) fn field(api: &Api, field: &Field) -> String {
    let mut ty = of(api, &field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.explicit_null && field.ty != TypeRef::Bytes {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// Whether the Rust field is an `Option` (the rule of `emit::model`): such a field can be left
/// out when building the struct, any other must be given.
pub(super) fn field_is_optional(field: &Field) -> bool {
    field.explicit_null || ((!field.required || field.nullable) && !field.flatten)
}
