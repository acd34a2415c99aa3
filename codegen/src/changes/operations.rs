//! Changes to operations, matched by method and path: added, removed, deprecated, renamed,
//! moved to another API; their arguments, parameters and bodies (the request side); what
//! `send()` gives and each documented status (the response side); and the constant headers a
//! client must opt in to.

use std::collections::BTreeMap;

use super::types::push;
use super::{code, Bump, Change, Kind};
use crate::surface::{OperationEntry, OperationKey, ParameterEntry, StatusEntry};

type Operations = BTreeMap<OperationKey, OperationEntry>;

pub(super) fn compare(old: &Operations, new: &Operations, out: &mut Vec<Change>) {
    for (key, before) in old {
        let Some(after) = new.get(key) else {
            let message = format!(
                "operation {} removed: method {} of the {} API is gone",
                title(key, before),
                code(&before.rust_name),
                code(&before.tag)
            );
            push(
                out,
                Kind::OperationRemoved,
                Bump::Major,
                &before.source,
                message,
            );
            continue;
        };
        renamed(key, before, after, out);
        if before.tag != after.tag {
            let message = format!(
                "operation {} moved from the {} API to the {} API",
                title(key, after),
                code(&before.tag),
                code(&after.tag)
            );
            push(
                out,
                Kind::OperationMoved,
                Bump::Major,
                &after.source,
                message,
            );
        }
        if before.deprecated != after.deprecated {
            let what = if after.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            let message = format!("operation {} {what}", title(key, after));
            push(
                out,
                Kind::OperationDeprecated,
                Bump::Minor,
                &after.source,
                message,
            );
        }
        parameters(key, before, after, out);
        argument_order(key, before, after, out);
        body(key, before, after, out);
        responses(key, before, after, out);
        constant_headers(key, before, after, out);
    }
    for (key, after) in new {
        if !old.contains_key(key) {
            let message = format!(
                "operation {} added: method {} of the {} API",
                title(key, after),
                code(&after.rust_name),
                code(&after.tag)
            );
            push(
                out,
                Kind::OperationAdded,
                Bump::Minor,
                &after.source,
                message,
            );
        }
    }
}

/// `` `getFoo` (`GET /foo`) ``.
fn title(key: &OperationKey, entry: &OperationEntry) -> String {
    format!(
        "{} ({})",
        code(&entry.operation_id),
        code(&format!("{} {}", key.method.as_upper(), key.path))
    )
}

fn renamed(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    if before.rust_name == after.rust_name {
        if before.operation_id != after.operation_id {
            let message = format!(
                "operationId {} renamed to {}; the Rust names are unchanged",
                code(&before.operation_id),
                code(&after.operation_id)
            );
            push(
                out,
                Kind::OperationIdRenamed,
                Bump::Patch,
                &after.source,
                message,
            );
        }
        return;
    }
    let aliased = after
        .renamed_from
        .iter()
        .any(|old| old.rust_name == before.rust_name);
    let (bump, rest) = if aliased {
        (Bump::Minor, "is kept as a deprecated alias")
    } else {
        (Bump::Major, "is gone")
    };
    let message = format!(
        "operation {} renamed from {}: method {} added; the old method {} {rest}",
        title(key, after),
        code(&before.operation_id),
        code(&after.rust_name),
        code(&before.rust_name)
    );
    push(out, Kind::OperationRenamed, bump, &after.source, message);
}

fn parameters(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let operation = title(key, after);
    let name = |(location, wire): &(String, String)| format!("{location} parameter {}", code(wire));
    let typed = |key: &(String, String), parameter: &ParameterEntry| {
        format!("{} ({})", name(key), code(&parameter.ty))
    };
    for (wire, parameter) in &after.parameters {
        let Some(old) = before.parameters.get(wire) else {
            let (kind, bump, what) = if parameter.required {
                (Kind::ParameterAddedRequired, Bump::Major, "required")
            } else {
                (Kind::ParameterAddedOptional, Bump::Minor, "optional")
            };
            let message = format!(
                "{what} {} added to {operation} as {}",
                typed(wire, parameter),
                code(&parameter.rust_name)
            );
            push(out, kind, bump, &after.source, message);
            continue;
        };
        if old.rust_name != parameter.rust_name {
            let message = format!(
                "{} of {operation} renamed from {} to {}",
                name(wire),
                code(&old.rust_name),
                code(&parameter.rust_name)
            );
            push(
                out,
                Kind::ParameterRenamed,
                Bump::Major,
                &after.source,
                message,
            );
        }
        if old.ty != parameter.ty {
            let message = format!(
                "{} of {operation} retyped from {} to {}",
                name(wire),
                code(&old.ty),
                code(&parameter.ty)
            );
            push(
                out,
                Kind::ParameterRetyped,
                Bump::Major,
                &after.source,
                message,
            );
        }
        if old.required != parameter.required {
            let now = if parameter.required {
                "required"
            } else {
                "optional"
            };
            let message = format!("{} of {operation} is now {now}", typed(wire, parameter));
            push(
                out,
                Kind::ParameterRequiredChanged,
                Bump::Major,
                &after.source,
                message,
            );
        }
    }
    for (wire, parameter) in &before.parameters {
        if !after.parameters.contains_key(wire) {
            let message = format!("{} removed from {operation}", typed(wire, parameter));
            push(
                out,
                Kind::ParameterRemoved,
                Bump::Major,
                &after.source,
                message,
            );
        }
    }
}

/// The method's arguments in another order: calls whose arguments have the same types still
/// compile and now send each value as another parameter. Only arguments on both sides count
/// (an added or removed one is reported on its own); a lock written before positions were
/// recorded has none to compare.
fn argument_order(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let order = |entry: &OperationEntry, other: &OperationEntry| -> Vec<String> {
        let mut arguments: Vec<(usize, &(String, String))> = entry
            .parameters
            .iter()
            .filter(|(key, _)| {
                other
                    .parameters
                    .get(*key)
                    .is_some_and(|parameter| parameter.position.is_some())
            })
            .filter_map(|(key, parameter)| parameter.position.map(|position| (position, key)))
            .collect();
        arguments.sort();
        arguments
            .into_iter()
            .map(|(_, (location, wire))| format!("{location} `{wire}`"))
            .collect()
    };
    let (old, new) = (order(before, after), order(after, before));
    if old != new {
        let message = format!(
            "the arguments of {} are reordered: ({}) became ({}); calls still compile and send each value as another parameter",
            title(key, after),
            old.join(", "),
            new.join(", ")
        );
        push(
            out,
            Kind::ArgumentsReordered,
            Bump::Major,
            &after.source,
            message,
        );
    }
}

fn body(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let operation = title(key, after);
    let (kind, bump, message) = match (&before.body, &after.body) {
        (None, None) => return,
        (None, Some(body)) => {
            let (what, bump) = if body.required {
                ("required", Bump::Major)
            } else {
                ("optional", Bump::Minor)
            };
            (
                Kind::BodyAdded,
                bump,
                format!(
                    "{what} request body ({}) added to {operation}",
                    code(&body.ty)
                ),
            )
        }
        (Some(body), None) => (
            Kind::BodyRemoved,
            Bump::Major,
            format!("request body ({}) removed from {operation}", code(&body.ty)),
        ),
        (Some(old), Some(new)) if old.ty != new.ty => (
            Kind::BodyRetyped,
            Bump::Major,
            format!(
                "request body of {operation} retyped from {} to {}",
                code(&old.ty),
                code(&new.ty)
            ),
        ),
        (Some(old), Some(new)) if old.required != new.required => {
            let now = if new.required { "required" } else { "optional" };
            (
                Kind::BodyRequiredChanged,
                Bump::Major,
                format!("request body of {operation} is now {now}"),
            )
        }
        (Some(_), Some(_)) => return,
    };
    push(out, kind, bump, &after.source, message);
}

/// The response side: the value `send()` gives, and how each documented status reaches users'
/// code (a success, or a variant of the operation's error enum). Compared only when both locks
/// record responses.
fn responses(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let (Some(old_returns), Some(new_returns)) = (&before.returns, &after.returns) else {
        return;
    };
    let operation = title(key, after);
    let source = &after.source;
    let retyped = old_returns != new_returns;
    if retyped {
        let message = format!(
            "`send()` of {operation} now gives {} instead of {}",
            code(new_returns),
            code(old_returns)
        );
        push(out, Kind::SuccessRetyped, Bump::Major, source, message);
    }
    let side = |entry: &StatusEntry| if entry.success { "success" } else { "error" };
    let error_enum = format!("`{}Error`", after.type_prefix);
    for (status, new) in &after.statuses {
        let Some(old) = before.statuses.get(status) else {
            let message = if new.success {
                format!(
                    "{operation} now documents a {status} success ({}): such a response is a success where it was an `Error::UnexpectedStatus`",
                    code(&new.shape)
                )
            } else {
                format!(
                    "{operation} now documents a {status} error: variant {} added to {error_enum}, where such a response was an `Error::UnexpectedStatus`",
                    code(&new.shape)
                )
            };
            push(out, Kind::StatusAdded, Bump::Minor, source, message);
            continue;
        };
        if old.success != new.success {
            let message = format!(
                "the {status} response of {operation} is now an {} instead of a {}",
                side(new),
                side(old)
            );
            push(out, Kind::StatusChanged, Bump::Major, source, message);
        } else if old.shape != new.shape && !(new.success && retyped) {
            // A success retyped along with what `send()` gives is reported once, above.
            let what = if new.success {
                format!("the {status} success of {operation}")
            } else {
                format!("the {status} variant of {error_enum}")
            };
            let message = format!(
                "{what} changed from {} to {}",
                code(&old.shape),
                code(&new.shape)
            );
            push(out, Kind::StatusChanged, Bump::Major, source, message);
        }
    }
    for (status, old) in &before.statuses {
        if after.statuses.contains_key(status) {
            continue;
        }
        let message = if old.success {
            format!(
                "{operation} no longer documents its {status} success ({}): such a response is now an error",
                code(&old.shape)
            )
        } else {
            format!(
                "{operation} no longer documents its {status} error: variant {} removed from {error_enum}",
                code(&old.shape)
            )
        };
        push(out, Kind::StatusRemoved, Bump::Major, source, message);
    }
}

/// A constant header the client sends once opted in: a new one makes calls fail before
/// anything is sent unless the client was built to allow it.
fn constant_headers(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let operation = title(key, after);
    for (header, value) in &after.constant_headers {
        match before.constant_headers.get(header) {
            None => {
                let message = format!(
                    "{operation} now requires the header `{header}: {value}`: a client that has not opted in to it (`ClientBuilder::allow_constant_header`, or `experimental(true)`) fails the call before sending it"
                );
                push(
                    out,
                    Kind::ConstantHeaderAdded,
                    Bump::Major,
                    &after.source,
                    message,
                );
            }
            Some(old) if old != value => {
                let message = format!(
                    "{operation} sends the header `{header}` as `{value}` instead of `{old}`"
                );
                push(
                    out,
                    Kind::ConstantHeaderChanged,
                    Bump::Patch,
                    &after.source,
                    message,
                );
            }
            Some(_) => {}
        }
    }
    for header in before.constant_headers.keys() {
        if !after.constant_headers.contains_key(header) {
            let message =
                format!("{operation} no longer requires the header `{header}`: it needs no opt-in");
            push(
                out,
                Kind::ConstantHeaderRemoved,
                Bump::Minor,
                &after.source,
                message,
            );
        }
    }
}
