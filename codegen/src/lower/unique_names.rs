//! Making type names unique, deterministically, and saying so when two schemas wanted one name.

use std::collections::{BTreeMap, HashSet};

use super::schema::PendingType;
use crate::error::{Diagnostics, Error, WarningKind};
use crate::ir::TypeDef;
use crate::names::{first_free_name, type_name, value_name};

/// Turns pending types into [`TypeDef`]s with unique names and module names.
///
/// Types that want the same name are ordered by where they are defined; the first keeps the
/// name; the others take the name of the place they are used in when they are inline schemas
/// (`ShapeMeta`), else are
/// prefixed with the folder they live in (`V3ErrorResponseDto`), then numbered. Each renamed
/// type is reported; nothing is ever merged.
pub(crate) fn assign(
    pending: Vec<PendingType>,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<TypeDef>, Error> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, pending_type) in pending.iter().enumerate() {
        by_name
            .entry(pending_type.preferred_name.as_str())
            .or_default()
            .push(index);
    }
    let mut taken: HashSet<String> = by_name.keys().map(|name| (*name).to_owned()).collect();
    let mut modules: HashSet<String> = HashSet::new();
    let mut names = vec![String::new(); pending.len()];
    for (name, mut indices) in by_name {
        indices.sort_by(|a, b| pending[*a].source.cmp(&pending[*b].source));
        names[indices[0]] = name.to_owned();
        for index in indices.into_iter().skip(1) {
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
        let mut module = value_name(&name);
        while !modules.insert(module.clone()) {
            module.push('_');
        }
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
        });
    }
    Ok(types)
}
