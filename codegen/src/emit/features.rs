//! Cargo features for standalone crates: one per tag, and `full` (the default) for all. A model
//! compiles only when a feature whose operations reach it (through fields, variants and
//! aliases) is on, so a user who needs one API of many pays for that one.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, TypeRef};

/// The feature that turns every tag on.
pub(crate) const FULL: &str = "full";

/// For each type (by index), the modules of the tags whose operations reach it.
pub(crate) fn tags_reaching_types(api: &Api) -> Vec<BTreeSet<String>> {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    for (tag_index, tag) in api.tags.iter().enumerate() {
        let mut pending: Vec<usize> = api
            .operations_of(tag_index)
            .iter()
            .flat_map(named_types_of_operation)
            .collect();
        while let Some(id) = pending.pop() {
            if !reached[id].insert(tag.module.clone()) {
                continue;
            }
            for ty in api.types[id].kind.type_refs() {
                named_types(ty, &mut pending);
            }
        }
    }
    reached
}

/// `#[cfg(any(feature = "a", feature = "b"))]` for an item reached by these tags; `full` for
/// one no tag reaches (a schema no operation uses).
pub(crate) fn cfg_for(tags: &BTreeSet<String>) -> TokenStream {
    if tags.is_empty() {
        return quote! { #[cfg(feature = #FULL)] };
    }
    // One tag is a plain `feature = ".."`: `any` of one is noise (and clippy says so).
    if let [tag] = Vec::from_iter(tags).as_slice() {
        return quote! { #[cfg(feature = #tag)] };
    }
    let tags = tags.iter();
    quote! { #[cfg(any(#(feature = #tags),*))] }
}

/// The `[features]` table of the crate's manifest.
pub(crate) fn manifest_table(api: &Api) -> String {
    let modules: Vec<String> = api
        .tags
        .iter()
        .map(|tag| format!("{:?}", tag.module))
        .collect();
    let mut table = format!(
        "[features]\n# One feature per API (tag); `full`, the default, turns them all on. Pick fewer with\n# `default-features = false, features = [\"...\"]` to compile only what you use.\ndefault = [\"{FULL}\"]\n{FULL} = [{}]\n",
        modules.join(", ")
    );
    for tag in &api.tags {
        table.push_str(&format!("{} = []\n", tag.module));
    }
    table.push_str(
        "# Typed mocks (`mock::client`, one rule builder per operation) for testing code that\n# uses this crate, without a server.\nmock = [\"isc-runtime/mock\"]\n",
    );
    table
}

fn named_types_of_operation(operation: &Operation) -> Vec<usize> {
    let mut found = Vec::new();
    let mut operation = operation.clone();
    operation.for_each_type_ref_mut(&mut |ty| named_types(ty, &mut found));
    found
}

/// Pushes the ids of the named types inside `ty`.
fn named_types(ty: &TypeRef, found: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => found.push(id.0),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            named_types(inner, found)
        }
        _ => {}
    }
}
