//! Adjustments that need every type at once: the order untagged variants are tried in, and
//! what changes for types that are sent in requests.

use std::cmp::Reverse;

use crate::ir::{Api, EnumRepr, TypeDef, TypeKind, TypeRef};

/// Orders the variants of `oneOf`s without a discriminator so that serde's first match is the
/// right one: scalars before structs, structs with more required fields before those with
/// fewer (a struct whose fields are all optional matches any object), catch-alls last.
pub(crate) fn order_untagged_variants(types: &mut [TypeDef]) {
    let ranks: Vec<Vec<Specificity>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::OneOf(one_of) if one_of.discriminator.is_none() => one_of
                .variants
                .iter()
                .map(|variant| specificity(types, &variant.ty))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, ranks) in types.iter_mut().zip(ranks) {
        if let TypeKind::OneOf(one_of) = &mut def.kind {
            if one_of.discriminator.is_none() {
                let mut ranked: Vec<_> = ranks.into_iter().zip(one_of.variants.drain(..)).collect();
                // Stable: equal ranks keep the spec's order.
                ranked.sort_by_key(|(rank, _)| *rank);
                one_of.variants = ranked.into_iter().map(|(_, variant)| variant).collect();
            }
        }
    }
}

/// Lower sorts first: (kind, more required fields, more fields).
type Specificity = (u8, Reverse<usize>, Reverse<usize>);

fn specificity(types: &[TypeDef], ty: &TypeRef) -> Specificity {
    let kind = |rank| (rank, Reverse(0), Reverse(0));
    match ty {
        TypeRef::Boolean => kind(0),
        TypeRef::Integer(_) => kind(1),
        TypeRef::Number(_) => kind(2),
        TypeRef::Date | TypeRef::DateTime => kind(3),
        TypeRef::String | TypeRef::Bytes => kind(4),
        TypeRef::List(_) => kind(5),
        TypeRef::Nullable(inner) => specificity(types, inner),
        TypeRef::Named(id) => match &types[id.0].kind {
            // Open enums accept any value of their wire type, so they rank with it.
            TypeKind::Enum(enumeration) => match enumeration.repr {
                EnumRepr::Integer => kind(1),
                EnumRepr::String => kind(3),
            },
            TypeKind::Struct(structure) => (
                6,
                Reverse(
                    structure
                        .fields
                        .iter()
                        .filter(|field| field.required)
                        .count(),
                ),
                Reverse(structure.fields.len()),
            ),
            TypeKind::OneOf(_) => kind(7),
            // An alias reads like its list or map.
            TypeKind::Alias(alias) => specificity(types, &alias.target),
        },
        TypeRef::Map(_) => kind(8),
        TypeRef::Any => kind(9),
    }
}

/// Settles the optional fields of every struct. Those reachable from a request body have
/// their `readOnly` fields never required (the server fills them in). Everywhere, an optional
/// nullable field tells "absent" from `null` (`Option<Option<T>>`): a client must be able to
/// send an explicit `null` (to clear a value) and to see one a server sends.
pub(crate) fn mark_request_types(api: &mut Api) {
    let mut in_request = vec![false; api.types.len()];
    let mut pending: Vec<usize> = Vec::new();
    for operation in &api.operations {
        if let Some(body) = &operation.body {
            collect_named(&body.ty, &mut pending);
        }
    }
    while let Some(index) = pending.pop() {
        if std::mem::replace(&mut in_request[index], true) {
            continue;
        }
        for ty in api.types[index].kind.type_refs() {
            collect_named(ty, &mut pending);
        }
    }
    for (def, in_request) in api.types.iter_mut().zip(in_request) {
        if let TypeKind::Struct(structure) = &mut def.kind {
            for field in &mut structure.fields {
                if in_request && field.read_only {
                    field.required = false;
                }
                field.explicit_null = field.nullable && !field.required && !field.flatten;
            }
        }
    }
}

fn collect_named(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            collect_named(inner, out)
        }
        _ => {}
    }
}
