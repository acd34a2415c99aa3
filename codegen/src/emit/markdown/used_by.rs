//! The "Used by" section of every model page, built in one pass over the API.
//!
//! Asking each model page to scan every operation and every field would cost models ×
//! (operations + fields); the whole beta spec has over a thousand models, so the uses are
//! collected once, per model, in the order the pages list them: operations first, in API
//! order, then the models whose fields or variants hold it.

use crate::ir::{Api, Operation, TypeId, TypeKind, TypeRef};

use super::table::code;

/// What a model is to an operation, in the order the page lists the roles.
const ROLES: [&str; 4] = ["parameter", "request body", "response", "error body"];

/// The "Used by" section for each model, indexed by [`TypeId`]; empty for unused models.
pub(super) fn sections(api: &Api) -> Vec<String> {
    let mut uses: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    for operation in &api.operations {
        // (model, which of `ROLES` it plays), in order of first appearance.
        let mut roles: Vec<(TypeId, [bool; ROLES.len()])> = Vec::new();
        for (role, ty) in operation_uses(operation) {
            let Some(id) = ty.named() else { continue };
            match roles.iter_mut().find(|(seen, _)| *seen == id) {
                Some((_, played)) => played[role] = true,
                None => {
                    let mut played = [false; ROLES.len()];
                    played[role] = true;
                    roles.push((id, played));
                }
            }
        }
        let tag = &api.tags[operation.tag];
        for (id, played) in roles {
            let names: Vec<&str> = ROLES
                .iter()
                .zip(played)
                .filter_map(|(name, played)| played.then_some(*name))
                .collect();
            uses[id.0].push(format!(
                "- [{}](../apis/{}.md#{}): {}",
                code(&format!("{}::{}", tag.struct_name, operation.rust_name)),
                tag.struct_name,
                operation.rust_name,
                names.join(", ")
            ));
        }
    }
    for other in &api.types {
        // (how the page names the member, its type)
        let members: Vec<(String, &TypeRef)> = match &other.kind {
            TypeKind::Struct(structure) => structure
                .fields
                .iter()
                .map(|field| (code(&field.rust_name), &field.ty))
                .collect(),
            TypeKind::OneOf(one_of) => one_of
                .variants
                .iter()
                .map(|variant| (code(&variant.rust_name), &variant.ty))
                .collect(),
            TypeKind::Alias(alias) => vec![("its definition".to_owned(), &alias.target)],
            TypeKind::Enum(_) => Vec::new(),
        };
        // (model, the members that hold it), in order of first appearance.
        let mut holders: Vec<(TypeId, Vec<String>)> = Vec::new();
        for (member, ty) in members {
            let Some(id) = ty.named() else { continue };
            match holders.iter_mut().find(|(seen, _)| *seen == id) {
                Some((_, names)) => names.push(member),
                None => holders.push((id, vec![member])),
            }
        }
        for (id, names) in holders {
            uses[id.0].push(format!(
                "- [{}]({}.md): {}",
                code(&other.name),
                other.name,
                names.join(", ")
            ));
        }
    }
    uses.into_iter()
        .map(|lines| {
            if lines.is_empty() {
                String::new()
            } else {
                format!("\n## Used by\n\n{}\n", lines.join("\n"))
            }
        })
        .collect()
}

/// Every type an operation uses, with the index of its role in [`ROLES`].
fn operation_uses(operation: &Operation) -> impl Iterator<Item = (usize, &TypeRef)> {
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| (0, &parameter.ty));
    let body = operation.body.iter().map(|body| (1, &body.ty));
    let responses = operation.responses.iter().filter_map(|response| {
        let role = if response.status.is_success() { 2 } else { 3 };
        response.body.as_ref().map(|body| (role, &body.ty))
    });
    parameters.chain(body).chain(responses)
}
