//! Finding fields that make a struct contain itself, so they can be boxed, and aliases that
//! contain themselves, so they can be newtypes.

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Marks every struct field whose type leads back to the struct without passing through a
/// `Vec` or map (which already store their items on the heap). Uses strongly connected
/// components (Tarjan), so the cost is linear in the number of fields.
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(direct_edges).collect();
    let component = strongly_connected_components(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let same_component = |ty: &TypeRef| match ty {
            TypeRef::Named(target) => component[target.0] == component[index],
            _ => false,
        };
        match &mut def.kind {
            TypeKind::Struct(structure) => {
                for field in &mut structure.fields {
                    field.boxed = same_component(&field.ty);
                }
            }
            TypeKind::OneOf(one_of) => {
                for variant in &mut one_of.variants {
                    variant.boxed = same_component(&variant.ty);
                }
            }
            // Aliases are lists and maps, which already store their items on the heap.
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Marks every alias that contains itself through aliases alone (`Tree = Vec<Tree>`, or
/// `A = Vec<B>` with `B = Map<A>`) as a newtype: a Rust `type` cannot refer to itself, but a
/// struct holding a `Vec` of itself can. Any other type on the way (a struct) already breaks
/// the cycle.
pub(crate) fn mark_recursive_aliases(types: &mut [TypeDef]) {
    let is_alias: Vec<bool> = types
        .iter()
        .map(|def| matches!(def.kind, TypeKind::Alias(_)))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(alias) => {
                let mut targets = Vec::new();
                named_inside(&alias.target, &mut targets);
                targets.retain(|target| is_alias[*target]);
                targets
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut size = vec![0usize; types.len()];
    for &member in &component {
        size[member] += 1;
    }
    for (index, def) in types.iter_mut().enumerate() {
        if let TypeKind::Alias(alias) = &mut def.kind {
            alias.newtype = size[component[index]] > 1 || edges[index].contains(&index);
        }
    }
}

/// Every named type a type use mentions, through lists and maps.
fn named_inside(ty: &TypeRef, found: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => found.push(id.0),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            named_inside(inner, found)
        }
        _ => {}
    }
}

fn direct_edges(def: &TypeDef) -> Vec<usize> {
    match &def.kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .filter_map(|field| match field.ty {
                TypeRef::Named(target) => Some(target.0),
                _ => None,
            })
            .collect(),
        TypeKind::OneOf(one_of) => one_of
            .variants
            .iter()
            .filter_map(|variant| match variant.ty {
                TypeRef::Named(target) => Some(target.0),
                _ => None,
            })
            .collect(),
        TypeKind::Enum(_) | TypeKind::Alias(_) => Vec::new(),
    }
}

/// Component number of each node (iterative Tarjan, no recursion on deep graphs).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..count {
        if index[start] != UNVISITED {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(edge) {
                work.push((node, edge + 1));
                if index[target] == UNVISITED {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 0 is not part of it; 3 -> 3 is a self loop.
        let component = strongly_connected_components(&[vec![1], vec![0], vec![0], vec![3]]);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[2], component[0]);
        assert_ne!(component[3], component[0]);
    }
}
