//! The imports of an example program, and how it spells the models it uses.

use std::collections::BTreeSet;

/// The model names the example uses, and how to spell them: imported by name, or as
/// `models::Name` when an import of the example (`Client`, `ClientBuilder`, `Error`, the
/// operation's error enum) already has that name.
pub(super) struct Names {
    taken: Vec<String>,
    imported: BTreeSet<String>,
    qualified: bool,
    error_enum: Option<String>,
}

impl Names {
    pub(super) fn new(error_enum: Option<&str>) -> Self {
        // The example's own imports, and the prelude names its `main` spells out.
        let mut taken: Vec<String> = [
            "Client",
            "ClientBuilder",
            "Error",
            "Result",
            "Box",
            "Option",
            "Some",
            "None",
            "Ok",
            "Err",
            "String",
            "Vec",
            "Default",
        ]
        .map(str::to_owned)
        .to_vec();
        taken.extend(error_enum.map(str::to_owned));
        Names {
            taken,
            imported: BTreeSet::new(),
            qualified: false,
            error_enum: error_enum.map(str::to_owned),
        }
    }

    pub(super) fn model(&mut self, name: &str) -> String {
        if self.taken.iter().any(|taken| taken == name) {
            self.qualified = true;
            format!("models::{name}")
        } else {
            self.imported.insert(name.to_owned());
            name.to_owned()
        }
    }

    /// The `use` lines, sorted the way rustfmt sorts them.
    pub(super) fn imports(
        &self,
        crate_name: &str,
        api_module: &str,
        matches_service_errors: bool,
    ) -> String {
        let mut lines = Vec::new();
        if let Some(error_enum) = &self.error_enum {
            lines.push(format!(
                "use {crate_name}::apis::{api_module}::{error_enum};"
            ));
        }
        if self.qualified {
            lines.push(format!("use {crate_name}::models;"));
        }
        if !self.imported.is_empty() {
            lines.push(format!(
                "use {crate_name}::models::{};",
                braced(self.imported.iter().map(String::as_str))
            ));
        }
        let root: &[&str] = if matches_service_errors {
            &["Client", "ClientBuilder", "Error"]
        } else {
            &["Client", "ClientBuilder"]
        };
        lines.push(format!(
            "use {crate_name}::{};",
            braced(root.iter().copied())
        ));
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }
}

/// `Name` for one name, `{A, B}` for several.
fn braced<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.as_slice() {
        [one] => (*one).to_owned(),
        many => format!("{{{}}}", many.join(", ")),
    }
}
