//! The files that make the generated modules a crate of their own (`isc-codegen generate`,
//! `cargo xtask generate`): `Cargo.toml` and `src/lib.rs`.
//!
//! No runtime source is produced here or copied anywhere: the crate depends on the one runtime
//! crate, `isc-runtime`, by path or by version.

use quote::quote;

use super::docs::inner_doc_attrs;
use super::format::rust_file;
use super::GeneratedFile;
use crate::error::Error;
use crate::ir::Api;

/// What to call a standalone crate and where its runtime comes from.
#[derive(Debug, Clone)]
pub struct StandaloneCrate {
    /// Package name, such as `sailpoint-beta-full`.
    pub name: String,
    /// The `isc-runtime` dependency.
    pub runtime: RuntimeDependency,
}

/// How a standalone crate depends on the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path to the runtime crate's folder, as written into `Cargo.toml` (relative paths are
    /// relative to the generated crate).
    Path(String),
    /// A published version requirement, such as `0.1`.
    Version(String),
}

/// The crates generated code names besides the runtime, as `Cargo.toml` lines: serde's derives
/// need `serde` by name, models hold `serde_json::Value` and `chrono` dates. The versions
/// are the workspace's (a test in `tests/` checks it).
pub const GENERATED_CODE_DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
"#;

/// What the doc examples need to run, as `Cargo.toml` lines.
const EXAMPLE_DEPENDENCIES: &str = r#"tokio = { version = "1", features = ["rt", "macros"] }
"#;

/// The items every generated crate offers at its root, from the runtime: with `Client`,
/// everything a first call names. The SDK's hand-written `lib.rs` offers the same (its
/// doctests, which use these paths, check it).
pub const ROOT_RUNTIME_ITEMS: &[&str] = &[
    "CallOptions",
    "ClientBuilder",
    "ConfigError",
    "Error",
    "ExposeSecret",
    "RateLimit",
    "ResponseValue",
    "RetryConfig",
    "SecretString",
];

pub(crate) fn crate_files(
    api: &Api,
    header: &str,
    standalone: &StandaloneCrate,
) -> Result<Vec<GeneratedFile>, Error> {
    // A crate on the published runtime can be packaged and published; one on a runtime by path
    // cannot (a path dependency without a version), so it says so.
    let (runtime, publish) = match &standalone.runtime {
        RuntimeDependency::Path(path) => (
            format!("{{ path = {} }}", toml_string(path)),
            "publish = false\n",
        ),
        RuntimeDependency::Version(version) => (toml_string(version), ""),
    };
    let license = api
        .license
        .as_deref()
        .map(|license| format!("license = {}\n", toml_string(license)))
        .unwrap_or_default();
    let manifest = format!(
        "# {}\n[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2021\"\n{publish}description = {}\n{license}\n# Not part of any enclosing workspace.\n[workspace]\n\n[dependencies]\nisc-runtime = {}\n{}\n[dev-dependencies]\n{}\n{}",
        header.trim_start_matches("// ").trim(),
        toml_string(&standalone.name),
        toml_string(&format!("Client for {} {}", api.title, api.version)),
        runtime,
        GENERATED_CODE_DEPENDENCIES,
        EXAMPLE_DEPENDENCIES,
        super::features::manifest_table(api),
    );
    let crate_doc = inner_doc_attrs(&format!(
        "A client for {} {}, generated from its OpenAPI spec.\n\nStart with [`Client`]: build a \
         runtime client once with [`ClientBuilder`], then `Client::new(&runtime)`; each API tag \
         is a method on it (see [`apis`]).",
        api.title, api.version
    ));
    let root_items = root_items();
    let lib = rust_file(
        "src/lib.rs".to_owned(),
        header,
        quote! {
            #crate_doc
            #![warn(missing_docs)]
            #root_items
        },
    )?;
    Ok(vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        lib,
    ])
}

/// A generated crate's root, without its inner attributes: the API and model modules (as
/// `mod` declarations) and the root re-exports. A standalone crate's `lib.rs` is its crate
/// docs and this; [`crate::Generator`] inlines the modules into it.
pub(crate) fn root_items() -> proc_macro2::TokenStream {
    let runtime_items: Vec<_> = ROOT_RUNTIME_ITEMS
        .iter()
        .map(|item| super::types::ident(item))
        .collect();
    quote! {
        #[rustfmt::skip]
        pub mod apis;
        #[rustfmt::skip]
        pub mod models;

        pub use apis::Client;
        #[cfg(feature = "mock")]
        pub use apis::mock;
        /// The shared client core (configuration, authentication, retries, errors).
        pub use ::isc_runtime as runtime;
        pub use ::isc_runtime::{#(#runtime_items),*};
    }
}

/// `text` as a TOML basic string: quoted, with `"`, `\\` and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            control if control.is_control() => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(control)));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(toml_string("plain"), "\"plain\"");
        assert_eq!(
            toml_string("a \"b\" c:\\d\u{1}\n"),
            "\"a \\\"b\\\" c:\\\\d\\u0001\\u000A\""
        );
    }
}
