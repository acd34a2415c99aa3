//! The order in which a struct's `new` takes its arguments (its fields without an empty
//! value). `new` takes them in the order of the fields, which is the schema's, unless
//! `names.lock` records an order for them: then the recorded fields come first, in that order,
//! so a schema that lists its required properties the other way round swaps no argument of
//! users' `new(..)` calls. The fields are reordered in place (the optional ones stay where they
//! are), so the struct, its docs and the JSON it writes keep the recorded order too.
//!
//! A schema that moved to another file keeps its name (nothing else wants it), so a struct
//! whose location the lock does not know takes the order of the type of its name that the
//! lock records at a location no longer in use: SailPoint moved `KbaAnswerRequestItem` from
//! `beta/schemas` to `v3/schemas` and listed its required properties the other way round.

use std::collections::{HashMap, HashSet};

use crate::error::Location;
use crate::ir::{Field, TypeDef, TypeKind};
use crate::surface::{NamesLock, Shape, TypeEntry};

/// Puts the constructor fields of every struct `lock` records in the recorded order.
pub(super) fn pin_constructor_order(types: &mut [TypeDef], lock: Option<&NamesLock>) {
    let Some(lock) = lock else {
        return;
    };
    let sources: HashSet<&Location> = types.iter().map(|def| &def.source).collect();
    let moved: HashMap<&str, &TypeEntry> = lock
        .types
        .iter()
        .filter(|(location, _)| !sources.contains(location))
        .map(|(_, entry)| (entry.name.as_str(), entry))
        .collect();
    let pins: Vec<Option<&TypeEntry>> = types
        .iter()
        .map(|def| {
            lock.types
                .get(&def.source)
                .or_else(|| moved.get(def.name.as_str()).copied())
        })
        .collect();
    for (def, pinned) in types.iter_mut().zip(pins) {
        let TypeKind::Struct(structure) = &mut def.kind else {
            continue;
        };
        let Some(Shape::Struct {
            fields: recorded, ..
        }) = pinned.map(|entry| &entry.shape)
        else {
            continue;
        };
        let position = |field: &Field| {
            recorded
                .get(&field.wire_name)
                .and_then(|entry| entry.position)
        };
        let slots: Vec<usize> = (0..structure.fields.len())
            .filter(|index| structure.fields[*index].in_constructor())
            .collect();
        let mut arguments: Vec<(usize, Field)> = slots
            .iter()
            .map(|slot| (*slot, structure.fields[*slot].clone()))
            .collect();
        arguments.sort_by_key(|(declared, field)| {
            let pinned = position(field);
            (pinned.is_none(), pinned, *declared)
        });
        for (slot, (_, field)) in slots.into_iter().zip(arguments) {
            structure.fields[slot] = field;
        }
    }
}
