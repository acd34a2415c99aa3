//! The files that make the generated modules a crate of their own (`cargo xtask generate`).
//!
//! The runtime (`src/runtime/**`) is not produced here: it is hand-written in the SDK and copied
//! in by the caller, so there is exactly one copy of it to maintain.

use quote::quote;

use super::docs::inner_doc_attrs;
use super::format::format_file;
use super::GeneratedFile;
use crate::error::Error;
use crate::ir::Api;

/// What to call a standalone crate.
#[derive(Debug, Clone)]
pub struct StandaloneCrate {
    /// Package name, such as `sailpoint-beta-full`.
    pub name: String,
}

/// The dependencies of the runtime and of the generated code, as `Cargo.toml` lines.
/// They must match what `sdk/src/runtime` uses (a test in `tests/` checks it).
pub const RUNTIME_DEPENDENCIES: &str = r#"reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "http2"] }
tokio = { version = "1", features = ["rt", "time", "sync", "macros"] }
bytes = "1"
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
thiserror = "2"
percent-encoding = "2"
secrecy = "0.10"
zeroize = "1"
tracing = "0.1"
httpdate = "1"
fastrand = "2"
url = "2"
futures-util = { version = "0.3", default-features = false }
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
"#;

pub(crate) fn crate_files(
    api: &Api,
    header: &str,
    standalone: &StandaloneCrate,
) -> Result<Vec<GeneratedFile>, Error> {
    let manifest = format!(
        "# {}\n[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\ndescription = {}\n\n# Not part of any enclosing workspace.\n[workspace]\n\n[dependencies]\n{}",
        header.trim_start_matches("// ").trim(),
        toml_string(&standalone.name),
        toml_string(&format!("Client for {} {}", api.title, api.version)),
        RUNTIME_DEPENDENCIES
    );
    let crate_doc = inner_doc_attrs(&format!(
        "A client for {} {}, generated from its OpenAPI spec.\n\nStart with [`runtime::Client`]; each API tag is a method on it (see [`apis`]).",
        api.title, api.version
    ));
    let lib = format_file(
        "src/lib.rs",
        header,
        quote! {
            #crate_doc
            #![warn(missing_docs)]
            #[rustfmt::skip]
            pub mod apis;
            #[rustfmt::skip]
            pub mod models;
            pub mod runtime;
        },
    )?;
    Ok(vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        GeneratedFile {
            path: "src/lib.rs".to_owned(),
            contents: lib,
        },
    ])
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
