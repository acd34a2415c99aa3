//! Making type names unique, deterministically, and saying so when two schemas wanted one name.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::schema::PendingType;
use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::TypeDef;
use crate::names::{first_free_name, type_name, value_name};
use crate::surface::NamesLock;

/// Turns pending types into [`TypeDef`]s with unique names and module names.
///
/// Types that want the same name are ordered by where they are defined; the first keeps the
/// name; the others take the name of the place they are used in when they are inline schemas
/// (`ShapeMeta`), else are
/// prefixed with the folder they live in (`V3ErrorResponseDto`), then numbered. Each renamed
/// type is reported; nothing is ever merged.
///
/// A type whose location `lock` (the `names.lock`) lists keeps the name and module recorded
/// there, whatever it would be called now, and takes part in no contest: a newcomer that wants
/// its name is renamed as above. So a schema added upstream never renames an existing type.
pub(crate) fn assign(
    pending: Vec<PendingType>,
    lock: Option<&NamesLock>,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<TypeDef>, Error> {
    let (mut names, mut modules, pinned) = pinned_names(&pending, lock);
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, pending_type) in pending.iter().enumerate() {
        if names[index].is_empty() {
            by_name
                .entry(pending_type.preferred_name.as_str())
                .or_default()
                .push(index);
        }
    }
    let mut taken: HashSet<String> = by_name.keys().map(|name| (*name).to_owned()).collect();
    taken.extend(pinned.iter().cloned());
    for (name, mut indices) in by_name {
        indices.sort_by(|a, b| pending[*a].source.cmp(&pending[*b].source));
        let mut contenders = indices.into_iter();
        if !pinned.contains(name) {
            if let Some(first) = contenders.next() {
                names[first] = name.to_owned();
            }
        }
        for index in contenders {
            let source = &pending[index].source;
            let folder = source.file.split('/').next().unwrap_or_default();
            // Prefer the name of the place it is used in, then its folder, then a number.
            let context = &pending[index].context_name;
            let inline = !source.pointer.is_empty() && !source.pointer.starts_with("/components/");
            let mut candidate = if inline && context.as_str() != name && !taken.contains(context) {
                context.clone()
            } else {
                format!("{}{name}", type_name(folder))
            };
            if taken.contains(&candidate) {
                candidate = first_free_name(name, |other| taken.contains(other));
            }
            diagnostics.warn(
                WarningKind::NameCollision,
                source,
                format!(
                    "another schema is also named `{name}`; this one is generated as `{candidate}`"
                ),
            )?;
            taken.insert(candidate.clone());
            names[index] = candidate;
        }
    }
    let mut types = Vec::with_capacity(pending.len());
    for (pending_type, name) in pending.into_iter().zip(names) {
        let module = match modules.pinned.remove(&pending_type.source) {
            Some(module) => module,
            None => {
                let mut module = value_name(&name);
                while !modules.taken.insert(module.clone()) {
                    module.push('_');
                }
                module
            }
        };
        let kind = pending_type.kind.ok_or_else(|| {
            Error::invalid(
                &pending_type.source,
                "schema could not be lowered (internal)",
            )
        })?;
        types.push(TypeDef {
            name,
            module,
            source: pending_type.source,
            docs: pending_type.docs,
            deprecated: pending_type.deprecated,
            kind,
            examples: pending_type.examples,
        });
    }
    Ok(types)
}

/// Module names: those the lock pins, by location, and every one in use.
#[derive(Default)]
struct Modules {
    pinned: HashMap<Location, String>,
    taken: HashSet<String>,
}

/// The names and modules the lock pins for these types (an empty name where none is pinned),
/// and the set of pinned names. A name or module a broken lock gives twice goes to the first
/// type only; the other is named as if it were new.
fn pinned_names(
    pending: &[PendingType],
    lock: Option<&NamesLock>,
) -> (Vec<String>, Modules, HashSet<String>) {
    let mut names = vec![String::new(); pending.len()];
    let mut modules = Modules::default();
    let mut pinned = HashSet::new();
    let Some(lock) = lock else {
        return (names, modules, pinned);
    };
    for (index, pending_type) in pending.iter().enumerate() {
        let Some(entry) = lock.types.get(&pending_type.source) else {
            continue;
        };
        if pinned.contains(&entry.name) || modules.taken.contains(&entry.module) {
            continue;
        }
        pinned.insert(entry.name.clone());
        modules.taken.insert(entry.module.clone());
        modules
            .pinned
            .insert(pending_type.source.clone(), entry.module.clone());
        names[index].clone_from(&entry.name);
    }
    (names, modules, pinned)
}
