//! Names and shapes that several emitters must agree on (the Rust code, its doc examples and
//! the Markdown pages): one definition each, so they cannot drift apart.

use crate::ir::{
    Api, ConstantHeader, HeaderKind, Operation, Response, ResponseHeader, Status, TypeId, TypeKind,
    TypeRef,
};
use crate::names::{status_name, status_name_of};

/// `SetIdentityPasswordError`: an operation's error enum.
pub(crate) fn error_type_name(operation: &Operation) -> String {
    format!("{}Error", operation.type_prefix)
}

/// `SetIdentityPasswordBuilder`: an operation's request builder.
pub(crate) fn builder_type_name(operation: &Operation) -> String {
    format!("{}Builder", operation.type_prefix)
}

/// The enum variant of a response status: `TooManyRequests`, `ClientError` for `4XX`, `Other`
/// for `default`.
pub(crate) fn variant_name(response: &Response) -> String {
    status_name_of(response.status)
}

/// Whether an error variant has named fields (headers, or the status of a range or the
/// catch-all) or is a tuple.
pub(crate) fn has_named_fields(response: &Response) -> bool {
    !response.headers.is_empty() || response.status.carries_status()
}

/// How the docs name a status: `404 Not Found`, `4XX (a client error)`, or `any other status`.
pub(crate) fn status_label(status: Status) -> String {
    use heck::ToTitleCase;
    match status {
        Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
        Status::Range(class) => format!(
            "{class}XX ({})",
            status_name_of(status).to_title_case().to_lowercase()
        ),
        Status::Default => "any other status".to_owned(),
    }
}

/// What an error variant stores a response header as, inside an `Option`: the runtime's
/// parsed `Retry-After`, a scalar as its type, anything else as its text.
pub(crate) enum HeaderValue<'a> {
    RetryAfter,
    Typed(&'a TypeRef),
    Text,
}

pub(crate) fn header_value(header: &ResponseHeader) -> HeaderValue<'_> {
    match &header.kind {
        HeaderKind::RetryAfter => HeaderValue::RetryAfter,
        HeaderKind::Typed(
            ty @ (TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean),
        ) => HeaderValue::Typed(ty),
        HeaderKind::Typed(_) => HeaderValue::Text,
    }
}

/// The success responses of an operation.
pub(crate) fn successes(operation: &Operation) -> impl Iterator<Item = &Response> {
    operation
        .responses
        .iter()
        .filter(|response| response.status.is_success())
}

/// `{Prefix}Success` when the success statuses carry different bodies, so the method returns
/// an enum of them; `None` when they share one body (or none).
pub(crate) fn success_enum_name(operation: &Operation) -> Option<String> {
    let mut bodies = successes(operation).map(|response| &response.body);
    let first = bodies.next()?;
    bodies
        .any(|body| body != first)
        .then(|| format!("{}Success", operation.type_prefix))
}

/// Whether a value of this type is written as one piece of text (in a URL or header).
pub(crate) fn is_text_value(api: &Api, ty: &TypeRef) -> bool {
    crate::ir::is_text_with(ty, |id| Some(&api.type_def(id).kind))
}

/// The header SailPoint requires, with `true`, on experimental operations.
const SAILPOINT_EXPERIMENTAL: &str = "X-SailPoint-Experimental";

/// The `ClientBuilder` method call that lets the client send `header`.
pub(crate) fn opt_in_call(header: &ConstantHeader) -> String {
    if header
        .wire_name
        .eq_ignore_ascii_case(SAILPOINT_EXPERIMENTAL)
    {
        "experimental(true)".to_owned()
    } else {
        format!("allow_constant_header({:?})", header.wire_name)
    }
}

/// What an operation's docs say about a header it requires with a constant value: the caller
/// never passes it, the client sends it after a one-time opt-in.
pub(crate) fn constant_header_note(header: &ConstantHeader) -> String {
    let experimental = if header
        .wire_name
        .eq_ignore_ascii_case(SAILPOINT_EXPERIMENTAL)
    {
        "**Experimental.** SailPoint may still change or remove this operation. "
    } else {
        ""
    };
    format!(
        "{experimental}Each call carries the header `{}: {}`, which the client sends only after \
         a one-time opt-in with `ClientBuilder::{}`; without it, the call fails before anything \
         is sent.",
        header.wire_name,
        header.value,
        opt_in_call(header)
    )
}

/// The members an object of type `ty` reads, sorted: its fields' (and its flattened parts'),
/// or for a `oneOf` those of every variant. `None` when it keeps any member (extra members, a
/// map, any JSON value). An untagged `oneOf` compares them with a value's members, and a struct
/// leaves them to a flattened part of this type.
pub(crate) fn object_members(api: &Api, ty: &TypeRef) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut seen = Vec::new();
    collect_object_members(api, ty, &mut names, &mut seen)?;
    names.sort();
    names.dedup();
    Some(names)
}

fn collect_object_members(
    api: &Api,
    ty: &TypeRef,
    names: &mut Vec<String>,
    seen: &mut Vec<TypeId>,
) -> Option<()> {
    match ty {
        TypeRef::Map(_) | TypeRef::Any => return None,
        TypeRef::Named(id) if !seen.contains(id) => {
            seen.push(*id);
            match &api.type_def(*id).kind {
                TypeKind::Struct(structure) => {
                    if structure.additional_properties.is_some() {
                        return None;
                    }
                    for field in &structure.fields {
                        if field.flatten {
                            collect_object_members(api, &field.ty, names, seen)?;
                        } else {
                            names.push(field.wire_name.clone());
                        }
                    }
                }
                TypeKind::OneOf(one_of) => {
                    for variant in &one_of.variants {
                        collect_object_members(api, &variant.ty, names, seen)?;
                    }
                }
                TypeKind::Alias(alias) => collect_object_members(api, &alias.target, names, seen)?,
                TypeKind::Enum(_) => {}
            }
        }
        _ => {}
    }
    Some(())
}
