//! Changes to named types: added, removed, renamed, and inside each one its fields, enum
//! values and `oneOf` variants.

use std::collections::BTreeMap;

use super::{code, Bump, Change};
use crate::error::Location;
use crate::surface::{Shape, TypeEntry};

type Types = BTreeMap<Location, TypeEntry>;

pub(super) fn compare(old: &Types, new: &Types, out: &mut Vec<Change>) {
    let mut removed: Vec<(&Location, &TypeEntry)> = old
        .iter()
        .filter(|(location, _)| !new.contains_key(*location))
        .collect();
    let mut added: Vec<(&Location, &TypeEntry)> = new
        .iter()
        .filter(|(location, _)| !old.contains_key(*location))
        .collect();
    moved(&mut removed, &mut added, out);
    for (location, entry) in removed {
        push(
            out,
            Bump::Major,
            location,
            format!("type {} removed", code(&entry.name)),
        );
    }
    for (location, entry) in added {
        push(
            out,
            Bump::Minor,
            location,
            format!("type {} added", code(&entry.name)),
        );
    }
    for (location, before) in old {
        if let Some(after) = new.get(location) {
            renamed(location, before, after, out);
            shape(location, before, after, out);
        }
    }
}

/// A schema that moved to another file or pointer: the same schema key (file stem or last
/// pointer segment) and kind, exactly one on each side. It keeps its name when nothing else
/// wants it; else it is renamed, and every use of it in users' code breaks.
fn moved<'a>(
    removed: &mut Vec<(&'a Location, &'a TypeEntry)>,
    added: &mut Vec<(&'a Location, &'a TypeEntry)>,
    out: &mut Vec<Change>,
) {
    let key = |location: &Location, entry: &TypeEntry| {
        let stem = location.last_segment().unwrap_or_else(|| {
            location
                .file
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned()
        });
        let stem = stem.split('.').next().unwrap_or_default().to_owned();
        (stem, entry.shape.kind())
    };
    let count = |list: &[(&Location, &TypeEntry)], wanted: &(String, &str)| {
        list.iter()
            .filter(|(location, entry)| &key(location, entry) == wanted)
            .count()
    };
    let mut pairs = Vec::new();
    for (index, (location, entry)) in removed.iter().enumerate() {
        let wanted = key(location, entry);
        if count(removed, &wanted) != 1 || count(added, &wanted) != 1 {
            continue;
        }
        if let Some(other) = added
            .iter()
            .position(|(location, entry)| key(location, entry) == wanted)
        {
            pairs.push((index, other));
        }
    }
    for (before, after) in pairs.iter().copied() {
        let (old_location, old_entry) = removed[before];
        let (new_location, new_entry) = added[after];
        let moved = format!(
            "schema of {} moved from `{old_location}` to `{new_location}`",
            code(&old_entry.name)
        );
        if old_entry.name == new_entry.name {
            push(
                out,
                Bump::Patch,
                new_location,
                format!("{moved}; its Rust name is unchanged"),
            );
        } else {
            let message = format!("{moved}: type renamed to {}", code(&new_entry.name));
            push(out, Bump::Major, new_location, message);
        }
        shape(new_location, old_entry, new_entry, out);
    }
    let (gone, arrived): (Vec<usize>, Vec<usize>) = pairs.into_iter().unzip();
    *removed = without(removed, &gone);
    *added = without(added, &arrived);
}

/// The items of `list` whose positions are not in `positions`.
fn without<T: Copy>(list: &[T], positions: &[usize]) -> Vec<T> {
    list.iter()
        .enumerate()
        .filter(|(index, _)| !positions.contains(index))
        .map(|(_, item)| *item)
        .collect()
}

fn renamed(location: &Location, before: &TypeEntry, after: &TypeEntry, out: &mut Vec<Change>) {
    if before.name != after.name {
        let message = format!(
            "type {} renamed to {}",
            code(&before.name),
            code(&after.name)
        );
        push(out, Bump::Major, location, message);
    } else if before.module != after.module {
        // Model modules are private (every model is re-exported from `models`); only the
        // file and the Markdown page move.
        let message = format!(
            "the file of {} moved from `models/{}.rs` to `models/{}.rs`",
            code(&after.name),
            before.module,
            after.module
        );
        push(out, Bump::Patch, location, message);
    }
}

/// What changed inside a type that exists on both sides.
fn shape(location: &Location, before: &TypeEntry, after: &TypeEntry, out: &mut Vec<Change>) {
    let name = code(&after.name);
    match (&before.shape, &after.shape) {
        (
            Shape::Struct {
                fields: old,
                additional: old_extra,
            },
            Shape::Struct {
                fields: new,
                additional: new_extra,
            },
        ) => {
            fields(location, &name, old, new, out);
            if old_extra != new_extra {
                let (bump, what) = match (old_extra, new_extra) {
                    (None, Some(ty)) => (
                        Bump::Minor,
                        format!("now keeps extra members as {}", code(ty)),
                    ),
                    (Some(_), None) => (Bump::Major, "no longer keeps extra members".to_owned()),
                    (Some(a), Some(b)) => (
                        Bump::Major,
                        format!("keeps extra members as {} instead of {}", code(b), code(a)),
                    ),
                    (None, None) => return,
                };
                push(out, bump, location, format!("{name} {what}"));
            }
        }
        (Shape::Enum { values: old }, Shape::Enum { values: new }) => {
            members(location, &name, "value", old, new, out);
        }
        (Shape::OneOf { variants: old }, Shape::OneOf { variants: new }) => {
            members(location, &name, "variant", old, new, out);
        }
        (Shape::Alias { target: old }, Shape::Alias { target: new }) => {
            if old != new {
                let message = format!(
                    "{name} now stands for {} instead of {}",
                    code(new),
                    code(old)
                );
                push(out, Bump::Major, location, message);
            }
        }
        (old, new) => {
            let message = format!("{name} changed from a {} to a {}", old.kind(), new.kind());
            push(out, Bump::Major, location, message);
        }
    }
}

fn fields(
    location: &Location,
    name: &str,
    old: &BTreeMap<String, crate::surface::FieldEntry>,
    new: &BTreeMap<String, crate::surface::FieldEntry>,
    out: &mut Vec<Change>,
) {
    for (wire, field) in new {
        let Some(before) = old.get(wire) else {
            let (bump, what) = if field.required {
                (Bump::Major, "required field")
            } else {
                (Bump::Minor, "optional field")
            };
            let message = format!(
                "{what} {} ({}) added to {name}",
                code(&field.rust_name),
                code(&field.ty)
            );
            push(out, bump, location, message);
            continue;
        };
        let field_name = format!("field {} of {name}", code(&field.rust_name));
        if before.rust_name != field.rust_name {
            let message = format!(
                "field {} of {name} renamed to {}",
                code(&before.rust_name),
                code(&field.rust_name)
            );
            push(out, Bump::Major, location, message);
        }
        if before.ty != field.ty {
            let message = format!(
                "{field_name} retyped from {} to {}",
                code(&before.ty),
                code(&field.ty)
            );
            push(out, Bump::Major, location, message);
        }
        if before.required != field.required {
            let message = if field.required {
                format!("{field_name} is now required (no longer an `Option`)")
            } else {
                format!("{field_name} is now optional (an `Option`)")
            };
            push(out, Bump::Major, location, message);
        }
    }
    for (wire, field) in old {
        if !new.contains_key(wire) {
            let message = format!("field {} removed from {name}", code(&field.rust_name));
            push(out, Bump::Major, location, message);
        }
    }
}

/// Enum values (wire value → Rust variant) or `oneOf` variants (Rust variant → type): adding
/// one is minor, since both enums are non-exhaustive; removing or changing one is major.
fn members(
    location: &Location,
    name: &str,
    what: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    for (key, value) in new {
        match old.get(key) {
            None => push(
                out,
                Bump::Minor,
                location,
                format!("{what} {} added to {name}", code(key)),
            ),
            Some(before) if before != value => {
                let message = format!(
                    "{what} {} of {name} changed from {} to {}",
                    code(key),
                    code(before),
                    code(value)
                );
                push(out, Bump::Major, location, message);
            }
            Some(_) => {}
        }
    }
    for key in old.keys().filter(|key| !new.contains_key(*key)) {
        push(
            out,
            Bump::Major,
            location,
            format!("{what} {} removed from {name}", code(key)),
        );
    }
}

pub(super) fn push(out: &mut Vec<Change>, bump: Bump, location: &Location, message: String) {
    out.push(Change {
        bump,
        location: location.clone(),
        message,
    });
}
