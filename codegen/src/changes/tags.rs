//! Changes to tags: each is an API module, a `Client` method of the same name and a Cargo
//! feature, so a tag removed or renamed in Rust breaks every use of it.

use super::types::push;
use super::{code, Bump, Change, Kind};
use crate::error::Location;
use crate::surface::NamesLock;

pub(super) fn compare(old_lock: &NamesLock, new_lock: &NamesLock, out: &mut Vec<Change>) {
    let (old, new) = (&old_lock.tags, &new_lock.tags);
    for (name, after) in new {
        let location = first_operation(new_lock, name);
        match old.get(name) {
            None => {
                let message = format!("tag {} added: {}", code(name), items(&after.module));
                push(out, Kind::TagAdded, Bump::Minor, &location, message);
            }
            Some(before) if before != after => {
                let message = format!(
                    "tag {} renamed in Rust: module {} ({}) became {} ({})",
                    code(name),
                    code(&before.module),
                    code(&before.struct_name),
                    code(&after.module),
                    code(&after.struct_name)
                );
                push(out, Kind::TagRenamed, Bump::Major, &location, message);
            }
            Some(_) => {}
        }
    }
    for (name, before) in old {
        if !new.contains_key(name) {
            let location = first_operation(old_lock, name);
            let message = format!(
                "tag {} removed: {} are gone",
                code(name),
                items(&before.module)
            );
            push(out, Kind::TagRemoved, Bump::Major, &location, message);
        }
    }
}

/// What a tag is in Rust and Cargo: `` module `pets`, method `Client::pets` and feature `pets` ``.
fn items(module: &str) -> String {
    format!("module `{module}`, method `Client::{module}` and feature `{module}`")
}

/// Where the first operation of the tag `name` is defined: the lock keeps no location for a
/// tag itself, and a tag exists in the crate only through its operations.
fn first_operation(lock: &NamesLock, name: &str) -> Location {
    lock.operations
        .values()
        .find(|operation| operation.tag == name)
        .map(|operation| operation.source.clone())
        .unwrap_or_else(|| Location::new("", "/tags"))
}
