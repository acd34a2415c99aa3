//! Which direction each type travels in: in requests (parameters and bodies), in responses
//! (bodies and headers), or both, through every field, variant and alias that reaches it.

use super::Usage;
use crate::ir::{Api, HeaderKind, TypeRef};

/// The usage of each type of `api`, by index.
pub(super) fn of(api: &Api) -> Vec<Option<Usage>> {
    let mut requests: Vec<&TypeRef> = Vec::new();
    let mut responses: Vec<&TypeRef> = Vec::new();
    for operation in &api.operations {
        requests.extend(operation.parameters.iter().map(|parameter| &parameter.ty));
        requests.extend(operation.body.as_ref().map(|body| &body.ty));
        for response in &operation.responses {
            responses.extend(response.body.as_ref().map(|body| &body.ty));
            for header in &response.headers {
                if let HeaderKind::Typed(ty) = &header.kind {
                    responses.push(ty);
                }
            }
        }
    }
    let in_requests = reached(api, requests);
    let in_responses = reached(api, responses);
    in_requests
        .into_iter()
        .zip(in_responses)
        .map(|pair| match pair {
            (true, true) => Some(Usage::Both),
            (true, false) => Some(Usage::Request),
            (false, true) => Some(Usage::Response),
            (false, false) => None,
        })
        .collect()
}

/// Which types the uses in `roots` reach.
fn reached(api: &Api, roots: Vec<&TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    let mut pending: Vec<usize> = roots
        .into_iter()
        .filter_map(|ty| ty.named().map(|id| id.0))
        .collect();
    while let Some(index) = pending.pop() {
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        for ty in api.types[index].kind.type_refs() {
            pending.extend(ty.named().map(|id| id.0));
        }
    }
    seen
}
