//! Rust types as short text (`Vec<Account>`, `BTreeMap<String, serde_json::Value>`): what a
//! user writes, without the absolute paths generated code uses, so the lock file reads like
//! the docs.

use crate::emit::naming::{has_named_fields, header_value, variant_name, HeaderValue};
use crate::ir::{Api, Field, Response, TypeRef};

/// The type of a use as the Markdown reference shows it (`Vec<PasswordInfoAccount>`), naming
/// generated types by their Rust name.
pub(super) fn of(api: &Api, ty: &TypeRef) -> String {
    crate::emit::markdown::types::type_text(api, ty)
}

/// A field's type inside its `Option`, if any: `Box<Tree>`, `Option<String>` for a field that
/// tells "absent" from `null` (`Option<Option<String>>` in Rust).
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
    field.explicit_null || field.is_optional()
}

/// The Rust variant a response status becomes, with its types: `NotFound(ErrorResponseDto)`,
/// `NoContent`, `TooManyRequests { body: TooManyRequestsError, retry_after: Option<RetryAfter> }`
/// (the fields of `emit::api::errors`, in its order).
pub(super) fn variant(api: &Api, response: &Response) -> String {
    let name = variant_name(response);
    let body = response.body.as_ref().map(|body| of(api, &body.ty));
    if !response.status.is_success() && has_named_fields(response) {
        let mut fields: Vec<String> = body.into_iter().map(|ty| format!("body: {ty}")).collect();
        if response.status.carries_status() {
            fields.push("status: u16".to_owned());
        }
        for header in &response.headers {
            let ty = match header_value(header) {
                HeaderValue::RetryAfter => "RetryAfter".to_owned(),
                HeaderValue::Typed(ty) => of(api, ty),
                HeaderValue::Text => "String".to_owned(),
            };
            fields.push(format!("{}: Option<{ty}>", header.rust_name));
        }
        return format!("{name} {{ {} }}", fields.join(", "));
    }
    match body {
        Some(ty) => format!("{name}({ty})"),
        None => name,
    }
}
