//! Changes to operations, matched by method and path: added, removed, deprecated, renamed,
//! moved to another API, and their parameters and bodies.

use std::collections::BTreeMap;

use super::types::push;
use super::{code, Bump, Change};
use crate::surface::{OperationEntry, OperationKey, ParameterEntry};

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
            push(out, Bump::Major, &before.source, message);
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
            push(out, Bump::Major, &after.source, message);
        }
        if before.deprecated != after.deprecated {
            let what = if after.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            let message = format!("operation {} {what}", title(key, after));
            push(out, Bump::Minor, &after.source, message);
        }
        parameters(key, before, after, out);
        body(key, before, after, out);
    }
    for (key, after) in new {
        if !old.contains_key(key) {
            let message = format!(
                "operation {} added: method {} of the {} API",
                title(key, after),
                code(&after.rust_name),
                code(&after.tag)
            );
            push(out, Bump::Minor, &after.source, message);
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
            push(out, Bump::Patch, &after.source, message);
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
    push(out, bump, &after.source, message);
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
            let (bump, what) = if parameter.required {
                (Bump::Major, "required")
            } else {
                (Bump::Minor, "optional")
            };
            let message = format!("{what} {} added to {operation}", typed(wire, parameter));
            push(out, bump, &after.source, message);
            continue;
        };
        if old.ty != parameter.ty {
            let message = format!(
                "{} of {operation} retyped from {} to {}",
                name(wire),
                code(&old.ty),
                code(&parameter.ty)
            );
            push(out, Bump::Major, &after.source, message);
        }
        if old.required != parameter.required {
            let now = if parameter.required {
                "required"
            } else {
                "optional"
            };
            let message = format!("{} of {operation} is now {now}", typed(wire, parameter));
            push(out, Bump::Major, &after.source, message);
        }
    }
    for (wire, parameter) in &before.parameters {
        if !after.parameters.contains_key(wire) {
            let message = format!("{} removed from {operation}", typed(wire, parameter));
            push(out, Bump::Major, &after.source, message);
        }
    }
}

fn body(
    key: &OperationKey,
    before: &OperationEntry,
    after: &OperationEntry,
    out: &mut Vec<Change>,
) {
    let operation = title(key, after);
    let (bump, message) = match (&before.body, &after.body) {
        (None, None) => return,
        (None, Some(body)) => {
            let what = if body.required {
                "required"
            } else {
                "optional"
            };
            let bump = if body.required {
                Bump::Major
            } else {
                Bump::Minor
            };
            (
                bump,
                format!(
                    "{what} request body ({}) added to {operation}",
                    code(&body.ty)
                ),
            )
        }
        (Some(body), None) => (
            Bump::Major,
            format!("request body ({}) removed from {operation}", code(&body.ty)),
        ),
        (Some(old), Some(new)) if old.ty != new.ty => (
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
                Bump::Major,
                format!("request body of {operation} is now {now}"),
            )
        }
        (Some(_), Some(_)) => return,
    };
    push(out, bump, &after.source, message);
}
