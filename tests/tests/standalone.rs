//! What `cargo xtask generate` writes for a standalone crate: generated modules, a manifest
//! that depends on the one runtime crate, and no runtime source of its own.

use std::path::Path;

use codegen::{Options, RuntimeDependency, StandaloneCrate, GENERATED_CODE_DEPENDENCIES};

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn generate(runtime: RuntimeDependency) -> codegen::Generated {
    let options = Options {
        standalone: Some(StandaloneCrate {
            name: "password-copy".to_owned(),
            runtime,
        }),
        crate_name: "password_copy".to_owned(),
        ..Options::default()
    };
    codegen::generate(&workspace().join("spec/sailpoint-api.beta.yaml"), &options)
        .expect("spec/ generates")
}

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

#[test]
fn a_standalone_crate_holds_no_runtime_source() {
    let generated = generate(RuntimeDependency::Path("../runtime".to_owned()));
    for file in &generated.files {
        assert!(
            file.path.starts_with("src/apis/")
                || file.path.starts_with("src/models/")
                || file.path.starts_with("docs/")
                || ["Cargo.toml", "src/lib.rs", "GENERATION_REPORT.md"]
                    .contains(&file.path.as_str()),
            "unexpected file {}",
            file.path
        );
        assert!(!file.path.contains("runtime"), "{}", file.path);
    }
    // The generated code reaches the runtime by its crate name, never through a copy.
    let api = file(&generated, "src/apis/password_management.rs");
    assert!(api.contains("::isc_runtime::"));
    assert!(!api.contains("crate::runtime"));
}

#[test]
fn the_manifest_names_the_runtime_by_path_or_version() {
    let by_path = generate(RuntimeDependency::Path("../runtime".to_owned()));
    assert!(file(&by_path, "Cargo.toml").contains("isc-runtime = { path = \"../runtime\" }\n"));
    let by_version = generate(RuntimeDependency::Version("0.1".to_owned()));
    assert!(file(&by_version, "Cargo.toml").contains("isc-runtime = \"0.1\"\n"));
}

/// On the published runtime a crate can be packaged (no `publish = false`) and carries the
/// spec's license; on a runtime by path it cannot be published, and says so.
#[test]
fn a_crate_on_the_published_runtime_is_publishable_under_the_spec_license() {
    let by_version = generate(RuntimeDependency::Version("0.1".to_owned()));
    let manifest = file(&by_version, "Cargo.toml");
    assert!(!manifest.contains("publish"), "{manifest}");
    assert!(manifest.contains("\nlicense = \"MIT\"\n"), "{manifest}");
    let by_path = generate(RuntimeDependency::Path("../runtime".to_owned()));
    assert!(
        file(&by_path, "Cargo.toml").contains("\npublish = false\n"),
        "a path dependency cannot be published"
    );
}

#[test]
fn generated_code_dependencies_match_the_workspace() {
    let workspace_manifest =
        std::fs::read_to_string(workspace().join("Cargo.toml")).expect("Cargo.toml");
    for line in GENERATED_CODE_DEPENDENCIES.lines() {
        assert!(
            workspace_manifest.lines().any(|own| own == line),
            "the workspace's Cargo.toml has no line `{line}`: keep codegen::GENERATED_CODE_DEPENDENCIES in step"
        );
    }
}

#[test]
fn each_tag_is_a_cargo_feature_and_gates_its_api_and_the_models_it_reaches() {
    let generated = generate(RuntimeDependency::Version("0.1".to_owned()));
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains(
            "default = [\"full\"]\nfull = [\"custom_password_instructions\", \"password_configuration\", \"password_dictionary\", \"password_management\", \"password_policies\", \"password_sync_groups\"]\ncustom_password_instructions = []\npassword_configuration = []\npassword_dictionary = []\npassword_management = []\npassword_policies = []\npassword_sync_groups = []\n"
        ),
        "{manifest}"
    );
    let apis = file(&generated, "src/apis/mod.rs");
    assert!(
        apis.contains("#[cfg(feature = \"password_management\")]\npub mod password_management;"),
        "{apis}"
    );
    let models = file(&generated, "src/models/mod.rs");
    assert!(
        models.contains("#[cfg(feature = \"password_management\")]\nmod password_info;"),
        "{models}"
    );
    // Without `tag_features` (the build-time generator's default), nothing is gated.
    let plain = codegen::generate(
        &workspace().join("spec/sailpoint-api.beta.yaml"),
        &Options::default(),
    )
    .expect("spec/ generates");
    assert!(!file(&plain, "src/models/mod.rs").contains("cfg"));
}

/// The committed API crates have a feature per tag too: their hand-written manifests hold the
/// generated table (`cargo xtask codegen --check` fails otherwise), and one tag alone builds
/// (`.ci/run` checks that).
#[test]
fn the_committed_api_crates_declare_the_generated_features() {
    for (crate_dir, spec) in [
        ("sdk", "spec/sailpoint-api.beta.yaml"),
        (
            "password-v1",
            "spec/sailpoint-api.password-management.v1.yaml",
        ),
    ] {
        let generated = codegen::generate(
            &workspace().join(spec),
            &Options {
                tag_features: true,
                ..Options::default()
            },
        )
        .expect("spec/ generates");
        let manifest = std::fs::read_to_string(workspace().join(crate_dir).join("Cargo.toml"))
            .expect("the manifest");
        assert!(
            manifest.contains(&codegen::features_table(&generated.api)),
            "{crate_dir}/Cargo.toml"
        );
        assert!(file(&generated, "src/apis/mod.rs")
            .contains("#[cfg(feature = \"password_management\")]\npub mod password_management;"));
    }
}

/// The committed API crates are purely generated: they depend on the runtime and on the
/// generated code's own dependencies (`GENERATED_CODE_DEPENDENCIES`), never on another API
/// crate or on the helpers, so a user of one compiles no other (before the helpers moved out,
/// `sailpoint-beta` pulled in `sailpoint-password-v1` and the RSA stack).
#[test]
fn the_committed_api_crates_depend_only_on_the_runtime_and_what_generated_code_needs() {
    let allowed: Vec<&str> = std::iter::once("isc-runtime")
        .chain(
            GENERATED_CODE_DEPENDENCIES
                .lines()
                .filter_map(|line| line.split(' ').next()),
        )
        .collect();
    for crate_dir in ["sdk", "password-v1"] {
        let manifest = std::fs::read_to_string(workspace().join(crate_dir).join("Cargo.toml"))
            .expect("the manifest reads");
        let dependencies = manifest
            .split_once("[dependencies]\n")
            .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default())
            .expect("a [dependencies] table");
        let names: Vec<&str> = dependencies
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| line.split(['.', ' ', '=']).next())
            .collect();
        assert!(names.contains(&"isc-runtime"), "{crate_dir}/Cargo.toml");
        for name in names {
            assert!(
                allowed.contains(&name),
                "{crate_dir}/Cargo.toml depends on `{name}`, which generated code does not use"
            );
        }
    }
}
