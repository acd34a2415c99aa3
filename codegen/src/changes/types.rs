//! Changes to named types: added, removed, renamed, and inside each one its fields, enum
//! values and `oneOf` variants.
//!
//! Inside a type, the message says which direction the type travels in (`request`,
//! `response` or both, from `names.lock`): a value that responses may now carry is news to
//! code that reads them, one that only requests carry is news to nobody.

use std::collections::BTreeMap;

use super::{code, Bump, Change, Kind};
use crate::error::Location;
use crate::surface::{FieldEntry, Shape, TypeEntry, Usage};

type Types = BTreeMap<Location, TypeEntry>;
type Fields = BTreeMap<String, FieldEntry>;

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
        let message = format!("type {} removed", code(&entry.name));
        push(out, Kind::TypeRemoved, Bump::Major, location, message);
    }
    for (location, entry) in added {
        let message = format!("type {} added", code(&entry.name));
        push(out, Kind::TypeAdded, Bump::Minor, location, message);
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
            let message = format!("{moved}; its Rust name is unchanged");
            push(out, Kind::TypeMoved, Bump::Patch, new_location, message);
        } else {
            let message = format!("{moved}: type renamed to {}", code(&new_entry.name));
            push(out, Kind::TypeRenamed, Bump::Major, new_location, message);
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
        push(out, Kind::TypeRenamed, Bump::Major, location, message);
    } else if before.module != after.module {
        // Model modules are private (every model is re-exported from `models`); only the
        // file and the Markdown page move.
        let message = format!(
            "the file of {} moved from `models/{}.rs` to `models/{}.rs`",
            code(&after.name),
            before.module,
            after.module
        );
        push(out, Kind::TypeMoved, Bump::Patch, location, message);
    }
}

/// `` `Pet` (response) ``: a type's name and the direction it travels in, for the messages
/// about what changed inside it.
fn titled(entry: &TypeEntry) -> String {
    match entry.used {
        Some(Usage::Request) => format!("{} (request)", code(&entry.name)),
        Some(Usage::Response) => format!("{} (response)", code(&entry.name)),
        Some(Usage::Both) => format!("{} (request and response)", code(&entry.name)),
        None => code(&entry.name),
    }
}

/// Whether responses may carry the type: the new lock says so, or, for a lock written before
/// usages were recorded, nothing says otherwise.
fn in_responses(entry: &TypeEntry) -> bool {
    entry.used.is_none_or(Usage::in_responses)
}

/// What changed inside a type that exists on both sides.
fn shape(location: &Location, before: &TypeEntry, after: &TypeEntry, out: &mut Vec<Change>) {
    let name = titled(after);
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
            constructor_order(location, &after.name, old, new, out);
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
                let message = format!("{name} {what}");
                push(out, Kind::ExtraMembersChanged, bump, location, message);
            }
        }
        (
            Shape::Enum {
                values: old,
                integer: was_integer,
            },
            Shape::Enum {
                values: new,
                integer,
            },
        ) => {
            if was_integer != integer {
                let (from, to) = if *integer {
                    ("string", "integer")
                } else {
                    ("integer", "string")
                };
                let message = format!(
                    "{name} changed from a {from} enum to an {to} enum: its values travel as JSON {to}s, and its `as_str`, `VALUES` and conversions change"
                );
                push(out, Kind::EnumReprChanged, Bump::Major, location, message);
            }
            let added = if in_responses(after) {
                "; responses may carry it, and it reads as its own variant where it read as `Unknown` before"
            } else {
                ""
            };
            let members = Members {
                what: "value",
                added: Kind::EnumValueAdded,
                removed: Kind::EnumValueRemoved,
                changed: Kind::EnumValueRenamed,
                added_note: added,
            };
            members.compare(location, &name, old, new, out);
        }
        (
            Shape::OneOf {
                variants: old,
                tag: old_tag,
            },
            Shape::OneOf { variants: new, tag },
        ) => {
            discriminator(location, &name, old_tag.as_deref(), tag.as_deref(), out);
            let added = if in_responses(after) {
                "; values of that shape in responses read as it"
            } else {
                ""
            };
            let members = Members {
                what: "variant",
                added: Kind::VariantAdded,
                removed: Kind::VariantRemoved,
                changed: Kind::VariantRetyped,
                added_note: added,
            };
            members.compare(location, &name, old, new, out);
        }
        (Shape::Alias { target: old }, Shape::Alias { target: new }) => {
            if old != new {
                let message = format!(
                    "{name} now stands for {} instead of {}",
                    code(new),
                    code(old)
                );
                push(out, Kind::AliasRetyped, Bump::Major, location, message);
            }
        }
        (old, new) => {
            let message = format!("{name} changed from a {} to a {}", old.kind(), new.kind());
            push(out, Kind::TypeKindChanged, Bump::Major, location, message);
        }
    }
}

/// A `oneOf` gaining, losing or changing its discriminator: with one, the enum has an
/// `Unknown` variant for tags it does not know, and reading picks the variant by tag.
fn discriminator(
    location: &Location,
    name: &str,
    old: Option<&str>,
    new: Option<&str>,
    out: &mut Vec<Change>,
) {
    let (bump, message) = match (old, new) {
        (None, Some(tag)) => (
            Bump::Minor,
            format!(
                "{name} now tells its variants apart by `{tag}`: variant `Unknown` added, which keeps a value whose tag no variant has"
            ),
        ),
        (Some(tag), None) => (
            Bump::Major,
            format!(
                "{name} no longer tells its variants apart by `{tag}`: variant `Unknown` removed, and a value is read as the first variant it fits"
            ),
        ),
        (Some(old), Some(new)) if old != new => (
            Bump::Major,
            format!("{name} tells its variants apart by `{new}` instead of `{old}`"),
        ),
        _ => return,
    };
    push(out, Kind::DiscriminatorChanged, bump, location, message);
}

fn fields(location: &Location, name: &str, old: &Fields, new: &Fields, out: &mut Vec<Change>) {
    for (wire, field) in new {
        let Some(before) = old.get(wire) else {
            let (kind, bump, what) = if field.required {
                (Kind::FieldAddedRequired, Bump::Major, "required field")
            } else {
                (Kind::FieldAddedOptional, Bump::Minor, "optional field")
            };
            let message = format!(
                "{what} {} ({}) added to {name}",
                code(&field.rust_name),
                code(&field.ty)
            );
            push(out, kind, bump, location, message);
            continue;
        };
        let field_name = format!("field {} of {name}", code(&field.rust_name));
        if before.rust_name != field.rust_name {
            let message = format!(
                "field {} of {name} renamed to {}",
                code(&before.rust_name),
                code(&field.rust_name)
            );
            push(out, Kind::FieldRenamed, Bump::Major, location, message);
        }
        if before.ty != field.ty {
            let message = format!(
                "{field_name} retyped from {} to {}",
                code(&before.ty),
                code(&field.ty)
            );
            push(out, Kind::FieldRetyped, Bump::Major, location, message);
        }
        if before.required != field.required {
            let message = if field.required {
                format!("{field_name} is now required (no longer an `Option`)")
            } else {
                format!("{field_name} is now optional (an `Option`)")
            };
            push(
                out,
                Kind::FieldRequiredChanged,
                Bump::Major,
                location,
                message,
            );
        }
        read_only(location, &field_name, before, field, out);
    }
    for (wire, field) in old {
        if !new.contains_key(wire) {
            let message = format!("field {} removed from {name}", code(&field.rust_name));
            push(out, Kind::FieldRemoved, Bump::Major, location, message);
        }
    }
}

/// `readOnly` added to or removed from an optional field: its `with_*` setter goes or comes.
/// A required field is an argument of `new` either way.
fn read_only(
    location: &Location,
    field_name: &str,
    before: &FieldEntry,
    after: &FieldEntry,
    out: &mut Vec<Change>,
) {
    if before.read_only == after.read_only || after.required {
        return;
    }
    let setter = format!("`with_{}`", after.rust_name.trim_start_matches("r#"));
    let (bump, message) = if after.read_only {
        (
            Bump::Major,
            format!("{field_name} is now read-only: its setter {setter} is gone"),
        )
    } else {
        (
            Bump::Minor,
            format!("{field_name} is no longer read-only: setter {setter} added"),
        )
    };
    push(out, Kind::FieldReadOnlyChanged, bump, location, message);
}

/// `new`'s arguments in another order: calls whose arguments have the same types still compile
/// and now fill other fields. Only fields that are arguments on both sides count.
fn constructor_order(
    location: &Location,
    type_name: &str,
    old: &Fields,
    new: &Fields,
    out: &mut Vec<Change>,
) {
    let order = |fields: &Fields, other: &Fields| {
        let mut arguments: Vec<(usize, &String)> = fields
            .iter()
            .filter(|(wire, _)| {
                other
                    .get(*wire)
                    .is_some_and(|field| field.position.is_some())
            })
            .filter_map(|(wire, field)| field.position.map(|position| (position, wire)))
            .collect();
        arguments.sort();
        arguments
            .into_iter()
            .map(|(_, wire)| format!("`{wire}`"))
            .collect::<Vec<_>>()
    };
    let (before, after) = (order(old, new), order(new, old));
    if before != after {
        let message = format!(
            "the arguments of `{type_name}::new` are reordered: ({}) became ({}); calls still compile and fill other fields",
            before.join(", "),
            after.join(", ")
        );
        push(
            out,
            Kind::ArgumentsReordered,
            Bump::Major,
            location,
            message,
        );
    }
}

/// Enum values (wire value → Rust variant) or `oneOf` variants (Rust variant → type): adding
/// one is minor, since both enums are non-exhaustive; removing or changing one is major.
struct Members {
    what: &'static str,
    added: Kind,
    removed: Kind,
    changed: Kind,
    /// Appended to the message of an added member.
    added_note: &'static str,
}

impl Members {
    fn compare(
        &self,
        location: &Location,
        name: &str,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
        out: &mut Vec<Change>,
    ) {
        let what = self.what;
        for (key, value) in new {
            match old.get(key) {
                None => {
                    let message =
                        format!("{what} {} added to {name}{}", code(key), self.added_note);
                    push(out, self.added, Bump::Minor, location, message);
                }
                Some(before) if before != value => {
                    let message = format!(
                        "{what} {} of {name} changed from {} to {}",
                        code(key),
                        code(before),
                        code(value)
                    );
                    push(out, self.changed, Bump::Major, location, message);
                }
                Some(_) => {}
            }
        }
        for key in old.keys().filter(|key| !new.contains_key(*key)) {
            let message = format!("{what} {} removed from {name}", code(key));
            push(out, self.removed, Bump::Major, location, message);
        }
    }
}

pub(super) fn push(
    out: &mut Vec<Change>,
    kind: Kind,
    bump: Bump,
    location: &Location,
    message: String,
) {
    out.push(Change {
        bump,
        kind,
        location: location.clone(),
        message,
    });
}
