//! Rust types as short text (`Vec<Account>`, `BTreeMap<String, serde_json::Value>`): what a
//! user writes, without the absolute paths generated code uses, so the lock file reads like
//! the docs.

use crate::ir::{Api, Field, TypeRef};

/// The type of a use as the Markdown reference shows it (`Vec<PasswordInfoAccount>`), naming
/// generated types by their Rust name.
pub(super) fn of(api: &Api, ty: &TypeRef) -> String {
    crate::emit::markdown::types::type_text(api, ty)
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
