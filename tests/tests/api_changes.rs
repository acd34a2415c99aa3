//! The API-change report (`cargo xtask diff`, `API_CHANGES.md`) on every fixture pair of
//! `tests/fixtures/changes/<kind>/{old,new}`: each pair is one kind of upstream change, its
//! report is pinned by a snapshot and its semver bump asserted here. Also what `names.lock`
//! guarantees: a colliding newcomer never renames an existing type, and a renamed
//! `operationId` keeps its old names as aliases, across several renames.

use std::path::{Path, PathBuf};

use codegen::changes::Bump;
use codegen::{NamesLock, Options, SpecDiff};

/// Every fixture pair and the bump it must imply.
const PAIRS: &[(&str, Bump)] = &[
    ("compatible_additions", Bump::Minor),
    ("constant_header_added", Bump::Major),
    ("discriminator_added", Bump::Minor),
    ("discriminator_removed", Bump::Major),
    ("enum_repr_changed", Bump::Major),
    ("enum_value_added", Bump::Minor),
    ("enum_value_removed", Bump::Major),
    ("error_status_added", Bump::Minor),
    ("field_optional_added", Bump::Minor),
    ("field_optional_to_required", Bump::Major),
    ("field_read_only", Bump::Major),
    ("field_removed", Bump::Major),
    ("field_required_added", Bump::Major),
    ("field_retyped", Bump::Major),
    ("operation_added", Bump::Minor),
    ("operation_deprecated", Bump::Minor),
    ("operation_removed", Bump::Major),
    ("moved_schema_reordered", Bump::Patch),
    ("operation_renamed", Bump::Minor),
    ("param_removed", Bump::Major),
    ("param_required_added", Bump::Major),
    ("param_retyped", Bump::Major),
    ("parameter_name_clash", Bump::Minor),
    ("path_params_reordered", Bump::Patch),
    ("query_param_optional_added", Bump::Minor),
    ("required_fields_reordered", Bump::Patch),
    ("response_field_optional", Bump::Major),
    ("response_retyped", Bump::Major),
    ("retry_after_added", Bump::Major),
    ("schema_collision", Bump::Minor),
    ("tag_collision", Bump::Minor),
    ("type_removed", Bump::Major),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/changes")
}

fn spec(kind: &str, side: &str) -> PathBuf {
    fixtures().join(kind).join(side).join("openapi.yaml")
}

fn diff(kind: &str) -> SpecDiff {
    codegen::diff(&spec(kind, "old"), &spec(kind, "new"), &Options::default())
        .unwrap_or_else(|error| panic!("{kind}: {error}"))
}

#[test]
fn every_pair_reports_its_changes_and_bump() {
    let mut listed: Vec<&str> = PAIRS.iter().map(|(kind, _)| *kind).collect();
    listed.sort_unstable();
    let mut found: Vec<String> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/changes")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(found, listed, "every fixture pair is listed in PAIRS");
    for (kind, bump) in PAIRS {
        let diff = diff(kind);
        let report = diff.changes.render(&format!("`{kind}`"), "");
        insta::assert_snapshot!(*kind, report);
        assert_eq!(diff.changes.bump(), *bump, "{kind}:\n{report}");
    }
}

#[test]
fn a_colliding_schema_keeps_every_existing_name() {
    let diff = diff("schema_collision");
    for (location, old) in &diff.old.types {
        let new = &diff.new.types[location];
        assert_eq!(
            (&new.name, &new.module),
            (&old.name, &old.module),
            "{location}"
        );
    }
    let newcomer = diff
        .api
        .types
        .iter()
        .find(|def| def.source.file == "a/Pet.yaml")
        .expect("the newcomer");
    assert_eq!(newcomer.name, "APet");
    // Without the lock the newcomer (whose file sorts first) would take `Pet`.
    let (unpinned, _) =
        codegen::lower(&spec("schema_collision", "new"), &Options::default()).expect("lowers");
    let pet = unpinned
        .types
        .iter()
        .find(|def| def.source.file == "a/Pet.yaml");
    assert_eq!(pet.map(|def| def.name.as_str()), Some("Pet"));
}

#[test]
fn a_renamed_operation_id_keeps_the_old_names_as_aliases() {
    let diff = diff("operation_renamed");
    let renamed = |api: &codegen::ir::Api| -> Vec<(String, String, String)> {
        let operation = api
            .operations
            .iter()
            .find(|operation| operation.path == "/pets/{id}")
            .expect("GET /pets/{id}");
        operation
            .renamed_from
            .iter()
            .map(|old| {
                (
                    old.operation_id.clone(),
                    old.rust_name.clone(),
                    old.type_prefix.clone(),
                )
            })
            .collect()
    };
    let get_pet = (
        "getPet".to_owned(),
        "get_pet".to_owned(),
        "GetPet".to_owned(),
    );
    assert_eq!(renamed(&diff.api), vec![get_pet.clone()]);
    // The lock keeps the alias through the next rename, and the next regeneration too.
    let text = std::fs::read_to_string(spec("operation_renamed", "new")).expect("spec");
    let folder = std::env::temp_dir().join(format!("isc-api-changes-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp folder");
    let again = folder.join("openapi.yaml");
    std::fs::write(&again, text.replace("fetchPet", "retrievePet")).expect("write");
    let pinned = Options {
        names: Some(diff.new.clone()),
        ..Options::default()
    };
    let (api, _) = codegen::lower(&again, &pinned).expect("lowers");
    let fetch_pet = (
        "fetchPet".to_owned(),
        "fetch_pet".to_owned(),
        "FetchPet".to_owned(),
    );
    assert_eq!(renamed(&api), vec![get_pet, fetch_pet.clone()]);
    // Renamed back to an earlier id: that name is the method again, not an alias.
    std::fs::write(&again, text.replace("fetchPet", "getPet")).expect("write");
    let pinned = Options {
        names: Some(NamesLock::of(&api)),
        ..Options::default()
    };
    let (api, _) = codegen::lower(&again, &pinned).expect("lowers");
    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(
        renamed(&api),
        vec![
            fetch_pet,
            (
                "retrievePet".to_owned(),
                "retrieve_pet".to_owned(),
                "RetrievePet".to_owned()
            )
        ]
    );
}

#[test]
fn regenerating_with_its_own_lock_changes_nothing() {
    for (kind, _) in PAIRS {
        let diff = diff(kind);
        let pinned = Options {
            names: Some(diff.new.clone()),
            ..Options::default()
        };
        let (api, _) = codegen::lower(&spec(kind, "new"), &pinned).expect("lowers");
        let again = NamesLock::of(&api);
        assert_eq!(again, diff.new, "{kind}");
        assert!(
            codegen::changes::compare(&diff.new, &again).is_empty(),
            "{kind}"
        );
    }
}

/// Regenerates `kind`'s new spec the way `cargo xtask codegen` does after upstream changed it:
/// with the lock the old spec's crate wrote. Returns both crates' files.
fn regenerate(kind: &str) -> (Vec<codegen::GeneratedFile>, Vec<codegen::GeneratedFile>) {
    let old = codegen::generate(&spec(kind, "old"), &Options::default()).expect("old generates");
    let lock = NamesLock::parse(&old.names_lock, "names.lock").expect("the lock reads back");
    let pinned = Options {
        names: Some(lock),
        ..Options::default()
    };
    let new = codegen::generate(&spec(kind, "new"), &pinned).expect("new generates");
    (old.files, new.files)
}

#[test]
fn a_spec_that_only_reorders_what_calls_pass_regenerates_byte_identical_code() {
    // Path parameters listed the other way round (`get_account(source_id, account_id)` must
    // not become `get_account(account_id, source_id)`), and required properties listed the
    // other way round (`Account::new(id, name)` must not become `Account::new(name, id)`):
    // calls with same-typed arguments would still compile and aim at other resources.
    for kind in ["path_params_reordered", "required_fields_reordered"] {
        let (old, new) = regenerate(kind);
        assert_eq!(old.len(), new.len(), "{kind}");
        for (before, after) in old.iter().zip(&new) {
            assert_eq!(before.path, after.path, "{kind}");
            assert_eq!(before.contents, after.contents, "{kind}: {}", before.path);
        }
    }
}

#[test]
fn a_moved_schema_keeps_the_order_of_new_s_arguments() {
    // The schema moved to a file of its own and lists its required properties the other way
    // round; it keeps its name, so it keeps `new(id, name)` too.
    let (old, new) = regenerate("moved_schema_reordered");
    let model = |files: &[codegen::GeneratedFile]| {
        files
            .iter()
            .find(|file| file.path == "src/models/account.rs")
            .map(|file| file.contents.clone())
            .expect("the Account model")
    };
    let signature = |text: String| {
        let start = text.find("pub fn new(").expect("new");
        text[start..start + text[start..].find(") -> Self").expect("end")].to_owned()
    };
    let old = signature(model(&old));
    assert_eq!(signature(model(&new)), old);
    assert!(old.find("id:") < old.find("name:"), "{old}");
}

#[test]
fn a_parameter_keeps_its_rust_name_when_a_newcomer_wants_it() {
    // A header `Filter` declared before the query parameter `filter`: without the lock the
    // header would take `filter`, and existing `.filter(x)` calls would send a header.
    let diff = diff("parameter_name_clash");
    let operation = diff
        .api
        .operations
        .iter()
        .find(|operation| operation.id == "listItems")
        .expect("listItems");
    let names: Vec<(&str, &str)> = operation
        .parameters
        .iter()
        .map(|parameter| (parameter.wire_name.as_str(), parameter.rust_name.as_str()))
        .collect();
    assert_eq!(names, [("Filter", "filter_header"), ("filter", "filter")]);
    let (unpinned, _) =
        codegen::lower(&spec("parameter_name_clash", "new"), &Options::default()).expect("lowers");
    assert_eq!(unpinned.operations[0].parameters[0].rust_name, "filter");
}

#[test]
fn a_tag_keeps_its_module_when_a_newcomer_wants_it() {
    // A tag `Pets` added beside `pets`: both want the module `pets`, and `Pets` sorts first.
    let diff = diff("tag_collision");
    let modules: Vec<(&str, &str)> = diff
        .api
        .tags
        .iter()
        .map(|tag| (tag.name.as_str(), tag.module.as_str()))
        .collect();
    assert_eq!(modules, [("Pets", "pets_2"), ("pets", "pets")]);
    let (unpinned, _) =
        codegen::lower(&spec("tag_collision", "new"), &Options::default()).expect("lowers");
    assert_eq!(unpinned.tags[0].module, "pets");
}
