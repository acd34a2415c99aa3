//! Merging schemas that are the same in everything but where they are written.
//!
//! SailPoint's spec keeps copies of many schemas (`beta/schemas/X.yaml` and `v3/schemas/X.yaml`,
//! often byte for byte). Such copies want the same name and would otherwise be told apart as
//! `X` and `BetaX`. Two types are merged only when their names, docs and shapes are equal and
//! every type they refer to is merged too; anything that differs stays apart (and is reported
//! by `unique_names`).

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::schema::PendingType;
use crate::ir::{Docs, Operation, TypeId, TypeKind};

/// Merges identical types and returns the remaining ones, with every reference updated.
pub(crate) fn merge(
    mut pending: Vec<PendingType>,
    operations: &mut [Operation],
) -> Vec<PendingType> {
    let class = equivalence_classes(&pending);
    if class
        .iter()
        .enumerate()
        .all(|(index, class)| index == *class)
    {
        return pending;
    }
    let mut new_index = vec![usize::MAX; pending.len()];
    let mut kept = 0;
    for index in 0..pending.len() {
        if class[index] == index {
            new_index[index] = kept;
            kept += 1;
        }
    }
    for index in 0..pending.len() {
        let admits_null = pending[index].admits_null;
        pending[class[index]].admits_null |= admits_null;
    }
    let new_id = |id: TypeId| TypeId(new_index[class[id.0]]);
    for pending_type in &mut pending {
        if let Some(kind) = &mut pending_type.kind {
            kind.for_each_type_ref_mut(&mut |ty| ty.remap(&new_id));
        }
    }
    for operation in operations {
        operation.for_each_type_ref_mut(&mut |ty| ty.remap(&new_id));
    }
    pending
        .into_iter()
        .enumerate()
        .filter(|(index, _)| class[*index] == *index)
        .map(|(_, pending_type)| pending_type)
        .collect()
}

/// For each type, the index of the type it is merged into (itself when it stays).
///
/// Starts by assuming every pair with the same preferred name is equal, then splits classes
/// whose members differ, given the current classes of the types they refer to, until nothing
/// changes (the greatest fixpoint, so mutually recursive copies merge too).
fn equivalence_classes(pending: &[PendingType]) -> Vec<usize> {
    let mut class: Vec<usize> = (0..pending.len()).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, pending_type) in pending.iter().enumerate() {
        groups
            .entry(pending_type.preferred_name.as_str())
            .or_default()
            .push(index);
    }
    let mut groups: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|group| group.len() > 1)
        .collect();
    for group in &mut groups {
        group.sort_by(|a, b| pending[*a].source.cmp(&pending[*b].source));
        for member in group.iter() {
            class[*member] = group[0];
        }
    }
    loop {
        let mut changed = false;
        let mut next_groups = Vec::new();
        for group in &groups {
            let mut by_signature: IndexMap<Signature, Vec<usize>> = IndexMap::new();
            for member in group {
                by_signature
                    .entry(signature(&pending[*member], &class))
                    .or_default()
                    .push(*member);
            }
            if by_signature.len() > 1 {
                changed = true;
            }
            next_groups.extend(by_signature.into_values());
        }
        for group in &mut next_groups {
            group.sort_by(|a, b| pending[*a].source.cmp(&pending[*b].source));
            for member in group.iter() {
                class[*member] = group[0];
            }
        }
        groups = next_groups
            .into_iter()
            .filter(|group| group.len() > 1)
            .collect();
        if !changed {
            return class;
        }
    }
}

/// Everything that makes a type what it is, compared field by field (the IR types derive
/// `Eq` and `Hash`), with referenced types replaced by their class. Two signatures are equal
/// only when every part is, so unrelated types can never collapse into one.
#[derive(PartialEq, Eq, Hash)]
struct Signature {
    admits_null: bool,
    docs: Docs,
    deprecated: bool,
    kind: Option<TypeKind>,
}

fn signature(pending_type: &PendingType, class: &[usize]) -> Signature {
    let mut kind = pending_type.kind.clone();
    if let Some(kind) = &mut kind {
        kind.for_each_type_ref_mut(&mut |ty| ty.remap(&|id: TypeId| TypeId(class[id.0])));
    }
    Signature {
        admits_null: pending_type.admits_null,
        docs: pending_type.docs.clone(),
        deprecated: pending_type.deprecated,
        kind,
    }
}
