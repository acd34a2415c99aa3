//! Generation at build time: a crate's `build.rs` turns a spec into one Rust file in `OUT_DIR`
//! that the crate `include!`s.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::{emit, files, lower::Selection, Options, Spec, Warning, STANDALONE_HEADER};

/// Generates an API crate's modules into one file, for a `build.rs`.
///
/// ```no_run
/// // In build.rs's `main`:
/// let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
/// codegen::Generator::new("spec/sailpoint-api.beta.yaml")
///     .tags(["Password Management"])
///     .write_to(out_dir)
///     .unwrap_or_else(|error| panic!("{error}"));
/// ```
///
/// and, at the root of the crate's `src/lib.rs` (generated code names its models
/// `crate::models::…`):
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/sailpoint_api_beta.rs"));
/// ```
///
/// The file holds what a generated crate's `lib.rs` would: the `apis` and `models` modules,
/// inlined, and the root re-exports (`Client`, `ClientBuilder`, `Error`, `runtime`, ...). The
/// crate depends on `isc-runtime` and on [`crate::GENERATED_CODE_DEPENDENCIES`], and declares
/// a `mock` feature (`mock = ["isc-runtime/mock"]`) for the typed mocks. Each operation's
/// docs carry an example that names the crate (`CARGO_PKG_NAME` unless
/// [`crate_name`](Self::crate_name) says otherwise): with `tokio` as a dev-dependency they run
/// as its doctests.
///
/// [`write_to`](Self::write_to) prints `cargo:rerun-if-changed` for every spec file that a
/// `$ref` reaches (and the names lock, if any), so the build script runs again only when one
/// of them changes, and each warning as `cargo:warning`.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    tags: Vec<String>,
    strict: bool,
    file_name: Option<String>,
    crate_name: Option<String>,
    names: Option<PathBuf>,
    cargo_instructions: bool,
}

/// What [`Generator::render`] made, before anything is written.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub(crate) contents: String,
    /// Every spec file that was read (and the names lock, if one was given).
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) warnings: Vec<Warning>,
}

impl Generator {
    /// Generation from the spec whose root file is `spec` (relative to the crate's folder,
    /// where cargo runs build scripts), with every tag.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Generator {
            spec: spec.as_ref().to_path_buf(),
            tags: Vec::new(),
            strict: false,
            file_name: None,
            crate_name: None,
            names: None,
            cargo_instructions: true,
        }
    }

    /// Only the operations of these tags, and the schemas they reach (`--tag`).
    #[must_use]
    pub fn tags<I>(mut self, tags: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Turn every warning into an error (`--strict`).
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The output's file name without `.rs`; by default the spec file's name without its
    /// extension, with every character other than a letter, digit or `_` made `_`
    /// (`sailpoint-api.beta.yaml` → `sailpoint_api_beta.rs`).
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The library name the doc examples `use` (by default `CARGO_PKG_NAME` with `-` made `_`).
    #[must_use]
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Keep the public names recorded in this `names.lock` (see `isc-codegen generate
    /// --names`); it is read if it exists, never written.
    #[must_use]
    pub fn names_lock(mut self, path: impl AsRef<Path>) -> Self {
        self.names = Some(path.as_ref().to_path_buf());
        self
    }

    /// Whether [`write_to`](Self::write_to) prints `cargo:` instructions (on by default; off
    /// outside a build script).
    #[must_use]
    pub fn cargo_instructions(mut self, print: bool) -> Self {
        self.cargo_instructions = print;
        self
    }

    /// Generates, writes `<out_dir>/<file name>.rs` (only if its contents changed) and returns
    /// its path. A spec that cannot be generated is an [`Error`] naming the file and JSON
    /// pointer at fault.
    pub fn write_to(&self, out_dir: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let rendered = self.render()?;
        if self.cargo_instructions {
            for input in &rendered.inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            for warning in &rendered.warnings {
                println!(
                    "cargo:warning={}",
                    warning.to_string().replace(['\r', '\n'], " ")
                );
            }
        }
        let path = out_dir.as_ref().join(format!("{}.rs", self.output_name()));
        files::ensure_file_contents(&path, &rendered.contents, false).map_err(|error| {
            Error::Write {
                file: path.display().to_string(),
                message: error.to_string(),
            }
        })?;
        Ok(path)
    }

    /// The file's contents, the files it was made from and the warnings; writes nothing.
    pub(crate) fn render(&self) -> Result<Rendered, Error> {
        let crate_name = self.crate_name.clone().unwrap_or_else(|| {
            std::env::var("CARGO_PKG_NAME")
                .unwrap_or_else(|_| "generated".to_owned())
                .replace('-', "_")
        });
        let mut inputs = Vec::new();
        let names = match &self.names {
            Some(path) => {
                inputs.push(normalize(path));
                files::read_lock(path, &path.display().to_string())?
            }
            None => None,
        };
        let options = Options {
            selection: Selection {
                tags: self.tags.clone(),
            },
            strict: self.strict,
            strict_kinds: Vec::new(),
            header: STANDALONE_HEADER.to_owned(),
            standalone: None,
            tag_features: false,
            crate_name,
            names,
        };
        let mut diagnostics = crate::diagnostics(&options);
        let spec = Spec::load(&self.spec, &mut diagnostics)?;
        let folder = self.spec.parent().unwrap_or(Path::new(""));
        inputs.extend(spec.file_names().map(|file| normalize(&folder.join(file))));
        let api = crate::lower_spec(&spec, &options, &mut diagnostics)?;
        // Without tag features: the including crate has none of the tags' Cargo features.
        let modules = emit::modules(&api, &options.header, &options.crate_name, false)?;
        let root = syn::parse2(emit::root_items()).map_err(emit::syntax_error("src/lib.rs"))?;
        let file = crate::inline::inline_modules(root, "src", &modules)?;
        let mut warnings = diagnostics.warnings;
        warnings.sort();
        Ok(Rendered {
            contents: emit::print_file(&options.header, &file),
            inputs,
            warnings,
        })
    }

    fn output_name(&self) -> String {
        match &self.file_name {
            Some(name) => name.clone(),
            None => {
                let stem = self
                    .spec
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name: String = stem
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if name.is_empty() {
                    "generated".to_owned()
                } else {
                    name
                }
            }
        }
    }
}

/// `path` without `.` and with each `..` that follows a named folder taken out, as cargo
/// prints it back (`spec/beta/../v3/x.yaml` → `spec/v3/x.yaml`).
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) =>
            {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{normalize, Generator};

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn paths_are_normalized_without_touching_the_file_system() {
        assert_eq!(
            normalize(Path::new("../../spec/./beta/../v3/x.yaml")),
            Path::new("../../spec/v3/x.yaml")
        );
        assert_eq!(normalize(Path::new("/a/b/../c")), Path::new("/a/c"));
    }

    #[test]
    fn the_output_is_named_for_the_spec_unless_told() {
        assert_eq!(
            Generator::new("spec/sailpoint-api.beta.yaml").output_name(),
            "sailpoint_api_beta"
        );
        assert_eq!(
            Generator::new("x.yaml").file_name("api").output_name(),
            "api"
        );
    }

    #[test]
    fn every_file_a_ref_reaches_is_an_input_and_no_mod_declaration_is_left() {
        let rendered = Generator::new(workspace().join("spec/sailpoint-api.beta.yaml"))
            .tags(["Password Management"])
            .crate_name("beta_inline")
            .render()
            .unwrap();
        let inputs: Vec<String> = rendered
            .inputs
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        assert!(inputs
            .iter()
            .any(|input| input.ends_with("spec/sailpoint-api.beta.yaml")));
        // Reached through `../../v3/...` from beta's paths, and written without the `..`.
        assert!(
            inputs
                .iter()
                .any(|input| input.contains("spec/v3/") && !input.contains("..")),
            "{inputs:?}"
        );
        let text = &rendered.contents;
        assert!(
            text.starts_with(crate::STANDALONE_HEADER),
            "{}",
            &text[..200]
        );
        assert!(text.contains("pub mod apis {") && text.contains("pub mod models {"));
        assert!(text.contains("pub mod password_management {"));
        let declarations = text
            .lines()
            .map(str::trim_start)
            .filter(|line| {
                (line.starts_with("mod ") || line.starts_with("pub mod ")) && line.ends_with(';')
            })
            .count();
        assert_eq!(declarations, 0, "a `mod name;` is left");
        // Nothing a crate's `include!` refuses: no inner attribute at the top level.
        assert!(!text
            .lines()
            .any(|line| line.starts_with("#![") || line.starts_with("//!")));
        assert!(
            text.contains("use beta_inline::"),
            "the examples name the crate"
        );
    }
}
