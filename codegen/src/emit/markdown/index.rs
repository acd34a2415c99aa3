//! The index page (`docs/README.md`): every API, operation and model, linked.

use crate::ir::Api;

use super::table::{code, Table};
use super::{first_sentence, kind_text, route, summary};

pub(super) fn index_page(api: &Api, crate_name: &str) -> String {
    let mut page = format!("# {} {}\n\n", api.title, api.version);
    if let Some(description) = &api.description {
        page.push_str(description.trim());
        page.push_str("\n\n");
    }
    page.push_str(&format!(
        "The reference of the {} crate, generated from the OpenAPI spec together with the code; \
         the rustdoc (`cargo doc --open`) says the same. Build a client with \
         `Client::new(&ClientBuilder::from_env().build()?)`, which reads the tenant and \
         credentials from `SAIL_BASE_URL`, `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET` or from \
         `./config.json`; each API below is a method of that client. The runtime client that \
         `build()` returns can serve the `Client` of every generated SailPoint crate, with one \
         token cache and one rate limiter.\n\n",
        code(crate_name)
    ));
    page.push_str(&apis(api));
    page.push_str(&operations(api));
    page.push_str(&models(api));
    page
}

fn apis(api: &Api) -> String {
    let mut table = Table::new(&["API", "Reached with", "Operations", "Description"]);
    for (index, tag) in api.tags.iter().enumerate() {
        let count = api.operations_of(index).len();
        table.row(vec![
            format!("[{}](apis/{}.md)", code(&tag.struct_name), tag.struct_name),
            code(&format!("client.{}()", tag.module)),
            count.to_string(),
            tag.description
                .as_deref()
                .map(first_sentence)
                .unwrap_or_default(),
        ]);
    }
    format!("## APIs\n\n{}\n", table.render())
}

fn operations(api: &Api) -> String {
    let mut table = Table::new(&["Operation", "HTTP request", "Description"]);
    for operation in &api.operations {
        let tag = &api.tags[operation.tag];
        table.row(vec![
            format!(
                "[{}](apis/{}.md#{})",
                code(&format!("{}::{}", tag.struct_name, operation.rust_name)),
                tag.struct_name,
                operation.rust_name
            ),
            code(&route(api, operation)),
            operation.summary.clone().unwrap_or_default(),
        ]);
    }
    format!("## Operations\n\n{}\n", table.render())
}

fn models(api: &Api) -> String {
    let mut types: Vec<_> = api.types.iter().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let mut table = Table::new(&["Model", "Kind", "Description"]);
    for def in types {
        table.row(vec![
            format!("[{}](models/{}.md)", code(&def.name), def.name),
            kind_text(&def.kind).to_owned(),
            summary(def).unwrap_or_default(),
        ]);
    }
    format!("## Models\n\n{}", table.render())
}
