//! Rust types as the reference shows them: models by name, linked to their pages.
//!
//! These mirror `emit::types::rust_type` and `parameter_type` without the `crate::models::`
//! prefix, which says nothing to a reader; the snapshots show both side by side.

use crate::ir::{Api, IntegerFormat, NumberFormat, TypeId, TypeRef};

use super::table::code;

/// The owned type: `Vec<PasswordInfoAccount>`.
pub(crate) fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(IntegerFormat::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerFormat::I64) => "i64".to_owned(),
        TypeRef::Number(NumberFormat::F32) => "f32".to_owned(),
        TypeRef::Number(NumberFormat::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::List(item) => format!("Vec<{}>", type_text(api, item)),
        TypeRef::Map(item) => format!("BTreeMap<String, {}>", type_text(api, item)),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
    }
}

/// The type a method takes for a parameter: `&str`, `&[String]`, `i32`, `&PasswordInfo`.
pub(super) fn parameter_type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "&str".to_owned(),
        TypeRef::List(item) => format!("&[{}]", type_text(api, item)),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => type_text(api, ty),
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => format!("&{}", type_text(api, ty)),
    }
}

/// The model a type use is built on: `Vec<PasswordInfoAccount>` → `PasswordInfoAccount`.
pub(super) fn named_model(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::List(item) | TypeRef::Map(item) => named_model(item),
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::Boolean
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => None,
    }
}

/// `text` as code, linked to the page of the model in `ty`. `models` is the path from the
/// linking page to the models folder: `../models/`, `models/` or empty.
pub(super) fn linked(api: &Api, text: &str, ty: &TypeRef, models: &str) -> String {
    match named_model(ty) {
        Some(id) => format!("[{}]({models}{}.md)", code(text), api.types[id.0].name),
        None => code(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::example::sample::{self, ACCOUNT};

    #[test]
    fn types_read_like_rust_without_the_crate_path() {
        let api = sample::api();
        let accounts = TypeRef::List(Box::new(TypeRef::Named(ACCOUNT)));
        assert_eq!(type_text(&api, &accounts), "Vec<Account>");
        assert_eq!(parameter_type_text(&api, &accounts), "&[Account]");
        assert_eq!(parameter_type_text(&api, &TypeRef::String), "&str");
        let map = TypeRef::Map(Box::new(TypeRef::Any));
        assert_eq!(
            parameter_type_text(&api, &map),
            "&BTreeMap<String, serde_json::Value>"
        );
    }

    #[test]
    fn links_point_at_the_model_inside_collections() {
        let api = sample::api();
        let accounts = TypeRef::List(Box::new(TypeRef::Named(ACCOUNT)));
        assert_eq!(
            linked(&api, "Option<Vec<Account>>", &accounts, "../models/"),
            "[`Option<Vec<Account>>`](../models/Account.md)"
        );
        assert_eq!(linked(&api, "bool", &TypeRef::Boolean, ""), "`bool`");
    }
}
