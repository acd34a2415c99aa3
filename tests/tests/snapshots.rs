//! Snapshot tests that pin the generator's output: every file of the committed SDK, the IR of
//! `spec/`, one small fixture spec per feature, and the errors for broken specs.
//!
//! Review changes with `cargo insta review`. In CI (`CI=true`) new or changed snapshots fail,
//! and `no_stale_snapshots` fails on `.snap` files no test asserts any more.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::{Generated, NamesLock, Options};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One fixture spec per generator feature: (snapshot name, root file), from
/// `tests/fixtures/roots.txt`.
fn fixtures() -> Vec<(&'static str, &'static str)> {
    include_str!("../fixtures/roots.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split_once(' ').expect("`name root` lines"))
        .collect()
}

/// Specs the generator must refuse with a clear error: (snapshot name, file).
const BROKEN: &[(&str, &str)] = &[
    ("broken_all_of_loop", "all_of_loop.yaml"),
    ("broken_all_of_self", "all_of_self.yaml"),
    ("broken_cycle", "cycle.yaml"),
    ("broken_one_of_self", "one_of_self.yaml"),
    ("broken_dangling_ref", "dangling.yaml"),
    ("broken_missing_file", "missing_file.yaml"),
    ("broken_truncated_yaml", "truncated.yaml"),
    ("broken_unnamed_list_loop", "unnamed_list_loop.yaml"),
    ("broken_version", "version.yaml"),
    ("broken_wrong_type", "wrong_type.yaml"),
];

/// The committed `names.lock` of a generated crate, as `cargo xtask codegen` passes it: the
/// snapshots must show what that command writes, pinned names included.
fn committed_lock(crate_folder: &str) -> Option<NamesLock> {
    let path = workspace().join(crate_folder).join("names.lock");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(NamesLock::parse(&text, &path.display().to_string()).expect("a valid names.lock"))
}

fn generate_sdk() -> Generated {
    codegen::generate(
        &workspace().join("spec/sailpoint-api.beta.yaml"),
        &Options {
            names: committed_lock("sdk"),
            tag_features: true,
            ..Options::default()
        },
    )
    .expect("spec/ generates")
}

/// The versioned Password Management v1 API, generated into `password-v1/`.
fn generate_password_v1() -> Generated {
    codegen::generate(
        &workspace().join("spec/sailpoint-api.password-management.v1.yaml"),
        &Options {
            crate_name: "sailpoint_password_v1".to_owned(),
            names: committed_lock("password-v1"),
            tag_features: true,
            ..Options::default()
        },
    )
    .expect("the v1 spec generates")
}

/// Snapshot name for a generated SDK file: `sdk__src__models__password_info.rs`.
fn sdk_snapshot_name(path: &str) -> String {
    format!("sdk__{}", path.replace('/', "__"))
}

/// Snapshot name for a file of the v1 crate: `password_v1__src__apis__mod.rs`.
fn password_v1_snapshot_name(path: &str) -> String {
    format!("password_v1__{}", path.replace('/', "__"))
}

/// Asserts every `(name, contents)` snapshot, all of them even when one differs, so that a
/// maintainer's `cargo test` writes a `.snap.new` for each changed file and `cargo insta
/// review` shows the whole diff at once, not one file per run.
fn assert_snapshots(snapshots: impl IntoIterator<Item = (String, String)>) {
    let mut changed = Vec::new();
    for (name, contents) in snapshots {
        let assertion =
            std::panic::catch_unwind(|| insta::assert_snapshot!(name.clone(), contents));
        if assertion.is_err() {
            changed.push(name);
        }
    }
    assert!(
        changed.is_empty(),
        "{} snapshots differ: {changed:?}; review them with `cargo insta review`",
        changed.len()
    );
}

fn fixture_snapshot(generated: &Generated) -> String {
    let mut text = String::new();
    for warning in &generated.warnings {
        text.push_str(&format!("{warning}\n"));
    }
    for file in &generated.files {
        text.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
    }
    text
}

#[test]
fn sdk_files() {
    let generated = generate_sdk();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_snapshots(
        generated
            .files
            .iter()
            .map(|file| (sdk_snapshot_name(&file.path), file.contents.clone())),
    );
}

#[test]
fn password_v1_files() {
    let generated = generate_password_v1();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_snapshots(
        generated
            .files
            .iter()
            .map(|file| (password_v1_snapshot_name(&file.path), file.contents.clone())),
    );
}

#[test]
fn sdk_ir() {
    insta::assert_yaml_snapshot!("sdk_ir", generate_sdk().api);
}

#[test]
fn generation_is_deterministic() {
    let first = generate_sdk();
    let second = generate_sdk();
    assert_eq!(first.files, second.files);
}

#[test]
fn fixture_outputs() {
    assert_snapshots(fixtures().into_iter().map(|(name, root)| {
        let generated = codegen::generate(
            &workspace().join("tests/fixtures").join(root),
            &Options::default(),
        )
        .unwrap_or_else(|error| panic!("fixture {name}: {error}"));
        (format!("fixture_{name}"), fixture_snapshot(&generated))
    }));
}

#[test]
fn broken_specs_give_errors_with_file_and_pointer() {
    assert_snapshots(BROKEN.iter().map(|(name, file)| {
        let path = workspace().join("tests/fixtures/broken").join(file);
        let error = codegen::generate(&path, &Options::default())
            .err()
            .unwrap_or_else(|| panic!("{name}: expected an error"));
        let location = error
            .location()
            .unwrap_or_else(|| panic!("{name}: no location in {error}"));
        assert!(!location.file.is_empty(), "{name}: {error}");
        ((*name).to_owned(), error.to_string())
    }));
}

#[test]
fn strict_mode_refuses_each_upstream_mistake() {
    let fixture = workspace().join("tests/fixtures/upstream_mistakes/openapi.yaml");
    let lenient = codegen::generate(&fixture, &Options::default()).expect("lenient run passes");
    assert_eq!(lenient.warnings.len(), 10, "{:#?}", lenient.warnings);
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let error = codegen::generate(&fixture, &strict).unwrap_err();
    assert!(matches!(error, codegen::Error::Strict { .. }), "{error}");
    assert_eq!(
        error.location().map(ToString::to_string).as_deref(),
        Some("schemas/Report.yaml#/properties/id/description"),
        "the first mistake found (a duplicate key, while loading) stops the run"
    );
    // Each kind of mistake, on its own, is refused where the lenient run warned about it
    // first (the run stops at the first one of that kind).
    let mut kinds: Vec<codegen::WarningKind> = lenient
        .warnings
        .iter()
        .map(|warning| warning.kind)
        .collect();
    kinds.dedup();
    assert!(kinds.len() >= 5, "the fixture has several kinds: {kinds:?}");
    for kind in kinds {
        let only = Options {
            strict: true,
            strict_kinds: vec![kind],
            ..Options::default()
        };
        let error = codegen::generate(&fixture, &only).unwrap_err();
        let codegen::Error::Strict { location, message } = &error else {
            panic!("{kind:?}: {error}");
        };
        let warned = lenient
            .warnings
            .iter()
            .filter(|warning| warning.kind == kind)
            .any(|warning| &warning.location == location && &warning.message == message);
        assert!(warned, "{kind:?} refused at {location}: {message}");
    }
}

#[test]
fn no_stale_snapshots() {
    let mut expected: BTreeSet<String> = generate_sdk()
        .files
        .iter()
        .map(|file| sdk_snapshot_name(&file.path))
        .collect();
    expected.extend(
        generate_password_v1()
            .files
            .iter()
            .map(|file| password_v1_snapshot_name(&file.path)),
    );
    expected.insert("sdk_ir".to_owned());
    expected.extend(fixtures().iter().map(|(name, _)| format!("fixture_{name}")));
    expected.extend(BROKEN.iter().map(|(name, _)| (*name).to_owned()));
    let folder = workspace().join("tests/tests/snapshots");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("snapshot folder exists") {
        let file_name = entry
            .expect("readable entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(name) = file_name
            .strip_prefix("snapshots__")
            .and_then(|rest| rest.strip_suffix(".snap"))
        else {
            continue;
        };
        if !expected.contains(name) {
            stale.push(file_name);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots no test asserts any more (delete them): {stale:?}"
    );
}
