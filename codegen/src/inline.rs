//! `mod name;` declarations made inline (`mod name { ... }`), so that a whole generated crate
//! is one file that another crate can `include!`: inside an included file, `mod name;` would
//! be looked for beside the file that includes it, not beside the generated one.

use std::collections::HashMap;

use syn::ext::IdentExt;
use syn::Item;

use crate::error::Error;
use crate::GeneratedFile;

/// Replaces every `mod name;` of `root` (whose own modules live in the folder `dir`, such as
/// `src` for `src/lib.rs`) by `mod name { ... }` holding the file of `files` that Rust would
/// read for it (`dir/name.rs` or `dir/name/mod.rs`), recursively. The file's inner attributes
/// (`//!` docs, `#![allow(..)]`) become the inline module's inner attributes; its outer ones
/// (`#[cfg(..)]`, docs) stay where they were.
pub(crate) fn inline_modules(
    mut root: syn::File,
    dir: &str,
    files: &[GeneratedFile],
) -> Result<syn::File, Error> {
    let files: HashMap<&str, &str> = files
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    inline_items(&mut root.items, dir, &files)?;
    Ok(root)
}

fn inline_items(items: &mut [Item], dir: &str, files: &HashMap<&str, &str>) -> Result<(), Error> {
    for item in items {
        let Item::Mod(module) = item else { continue };
        let name = module.ident.unraw().to_string();
        // A module's own modules live in the folder named for it, whether it is a
        // `name.rs`, a `name/mod.rs` or inline.
        let child_dir = format!("{dir}/{name}");
        if let Some((_, items)) = &mut module.content {
            inline_items(items, &child_dir, files)?;
            continue;
        }
        let candidates = [format!("{dir}/{name}.rs"), format!("{child_dir}/mod.rs")];
        let Some((path, text)) = candidates
            .iter()
            .find_map(|path| files.get(path.as_str()).map(|text| (path, *text)))
        else {
            return Err(Error::Format {
                file: candidates[0].clone(),
                message: format!(
                    "`mod {name};` has no generated file (neither {} nor {})",
                    candidates[0], candidates[1]
                ),
            });
        };
        let file = syn::parse_file(text).map_err(crate::emit::syntax_error(path))?;
        let mut contents = file.items;
        inline_items(&mut contents, &child_dir, files)?;
        module.attrs.extend(file.attrs);
        module.content = Some((syn::token::Brace::default(), contents));
        module.semi = None;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::inline_modules;
    use crate::GeneratedFile;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    fn inline(root: &str, files: &[GeneratedFile]) -> Result<String, crate::Error> {
        let root = syn::parse_file(root).expect("the test's root parses");
        inline_modules(root, "src", files).map(|file| prettyplease::unparse(&file))
    }

    #[test]
    fn modules_are_inlined_recursively_from_mod_rs_and_name_rs_files() {
        let files = [
            file(
                "src/apis/mod.rs",
                "// @generated\n//! The APIs.\n#[cfg(feature = \"a\")]\npub mod a;\npub struct Client;\n",
            ),
            file("src/apis/a.rs", "//! Tag A.\nmod deeper;\npub fn call() {}\n"),
            file("src/apis/a/deeper.rs", "pub const X: u8 = 1;\n"),
            file("src/models.rs", "#![allow(deprecated)]\npub struct M;\n"),
        ];
        let inlined = inline(
            "/// Outer docs stay outside.\npub mod apis;\npub mod models;\npub use apis::Client;\n",
            &files,
        )
        .unwrap();
        let expected = "\
/// Outer docs stay outside.
pub mod apis {
    //! The APIs.
    #[cfg(feature = \"a\")]
    pub mod a {
        //! Tag A.
        mod deeper {
            pub const X: u8 = 1;
        }
        pub fn call() {}
    }
    pub struct Client;
}
pub mod models {
    #![allow(deprecated)]
    pub struct M;
}
pub use apis::Client;
";
        assert_eq!(inlined, expected);
        // The result is one file a crate can compile: no `mod name;` is left.
        assert!(!inlined.contains("mod a;") && !inlined.contains("mod deeper;"));
    }

    #[test]
    fn inline_modules_and_raw_identifiers_find_their_files() {
        let files = [
            file("src/outer/r#type.rs", "x"),
            file("src/outer/type.rs", "pub struct T;\n"),
        ];
        let inlined = inline("mod outer { pub mod r#type; }\n", &files).unwrap();
        assert!(
            inlined.contains("pub mod r#type {\n        pub struct T;\n    }"),
            "{inlined}"
        );
    }

    #[test]
    fn a_module_without_a_file_or_a_file_that_does_not_parse_is_an_error_naming_it() {
        let missing = inline("pub mod nowhere;\n", &[]).unwrap_err();
        assert!(
            missing.to_string().contains("src/nowhere.rs")
                && missing.to_string().contains("mod nowhere;"),
            "{missing}"
        );
        let broken = inline("pub mod bad;\n", &[file("src/bad/mod.rs", "fn (")]).unwrap_err();
        assert!(broken.to_string().contains("src/bad/mod.rs"), "{broken}");
    }
}
