//! Rust types as the reference shows them: models by name, linked to their pages.
//!
//! The shapes are `emit::types`' (the same walker as the code), spelt without the
//! `crate::models::` prefix, which says nothing to a reader; the snapshots show both side by
//! side.

use crate::emit::types::{borrowed, owned, Text};
use crate::ir::{Api, TypeRef};

use super::table::code;

/// The owned type: `Vec<PasswordInfoAccount>`.
pub(crate) fn type_text(api: &Api, ty: &TypeRef) -> String {
    owned(&Text, api, ty)
}

/// The type a method takes for a parameter: `&str`, `&[String]`, `i32`, `&PasswordInfo`.
pub(super) fn parameter_type_text(api: &Api, ty: &TypeRef) -> String {
    borrowed(&Text, api, ty)
}

/// `text` as code, linked to the page of the model in `ty`. `models` is the path from the
/// linking page to the models folder: `../models/`, `models/` or empty.
pub(super) fn linked(api: &Api, text: &str, ty: &TypeRef, models: &str) -> String {
    match ty.named() {
        Some(id) => format!("[{}]({models}{}.md)", code(text), api.type_def(id).name),
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
