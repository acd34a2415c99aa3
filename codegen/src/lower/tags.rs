//! Tags: the API modules of a crate, each reached from a `Client` method of the same name and
//! switched on by a Cargo feature of that name, with an API struct (`PasswordManagementApi`).
//!
//! Their names are public, so they follow the rules types follow: a tag keeps the module and
//! struct `names.lock` records for it; the other tags are named after their spec name, in the
//! order of their names, and a name already taken, or one the `Client` or Cargo already uses
//! (`new`, `runtime`, `clone`, `default`, `full`, ...), is changed with a warning: never two
//! modules with one name, never a crate that does not compile.

use std::collections::{HashMap, HashSet};

use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{Api, Tag};
use crate::names::{type_name, value_name};
use crate::surface::NamesLock;
use crate::view::DocumentObject;

/// Names no tag module may have: the generated `Client`'s own methods (`new`, `runtime`),
/// those of the traits it implements or every type has (a tag called `Clone` would shadow
/// `client.clone()`), Cargo's `default` feature, our `full` one, and `mock` (a feature and a
/// module of its own).
const RESERVED_MODULES: &[&str] = &[
    "new",
    "runtime",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "fmt",
    "from",
    "into",
    "try_from",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
    "default",
    "full",
    "mock",
];

/// The tags in order of first mention, found by name in constant time. Their Rust names are
/// given at the end ([`name_tags`]), once the used ones are known.
#[derive(Default)]
pub(super) struct Tags {
    pub(super) list: Vec<Tag>,
    by_name: HashMap<String, usize>,
}

impl Tags {
    /// The tags the document declares, with their descriptions.
    pub(super) fn declared(document: &DocumentObject<'_>) -> Tags {
        let mut tags = Tags::default();
        for (name, description) in document.tags() {
            let index = tags.index(name);
            tags.list[index].description = description.map(str::to_owned);
        }
        tags
    }

    /// The index of the tag called `name`, added if it is new.
    pub(super) fn index(&mut self, name: &str) -> usize {
        if let Some(index) = self.by_name.get(name) {
            return *index;
        }
        self.list.push(Tag {
            name: name.to_owned(),
            module: String::new(),
            struct_name: String::new(),
            description: None,
        });
        self.by_name.insert(name.to_owned(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Drops tags without operations and sorts the rest by name.
pub(super) fn keep_used_tags(api: &mut Api) {
    let mut used = vec![false; api.tags.len()];
    for operation in &api.operations {
        used[operation.tag] = true;
    }
    let mut order: Vec<usize> = (0..api.tags.len()).filter(|index| used[*index]).collect();
    order.sort_by(|a, b| api.tags[*a].name.cmp(&api.tags[*b].name));
    let new_index = super::new_positions(&order, api.tags.len());
    let tags = order.iter().map(|index| api.tags[*index].clone()).collect();
    for operation in &mut api.operations {
        operation.tag = new_index[operation.tag];
    }
    api.tags = tags;
}

/// Gives every tag its module and struct name (see the module docs). `api.tags` are the used
/// tags, sorted by name; a warning about a tag names its first operation.
pub(super) fn name_tags(
    api: &mut Api,
    lock: Option<&NamesLock>,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    let mut modules: HashSet<String> = RESERVED_MODULES
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    let mut structs: HashSet<String> = HashSet::new();
    if let Some(lock) = lock {
        for tag in &mut api.tags {
            let Some(pinned) = lock.tags.get(&tag.name) else {
                continue;
            };
            if !modules.contains(&pinned.module) && !structs.contains(&pinned.struct_name) {
                modules.insert(pinned.module.clone());
                structs.insert(pinned.struct_name.clone());
                tag.module.clone_from(&pinned.module);
                tag.struct_name.clone_from(&pinned.struct_name);
            }
        }
    }
    for index in 0..api.tags.len() {
        if !api.tags[index].module.is_empty() {
            continue;
        }
        let natural = value_name(&api.tags[index].name);
        let base = type_name(&api.tags[index].name);
        let (module, struct_name) =
            if modules.contains(&natural) || structs.contains(&format!("{base}Api")) {
                let reserved = RESERVED_MODULES.contains(&natural.as_str());
                // A reserved name first tries `{name}_api`; then, as for a name another tag has,
                // numbers from 2.
                let first = reserved.then(|| (format!("{natural}_api"), format!("{base}Api")));
                let (module, struct_name) = first
                    .into_iter()
                    .chain((2..).map(|number| {
                        (format!("{natural}_{number}"), format!("{base}{number}Api"))
                    }))
                    .find(|(module, struct_name)| {
                        !modules.contains(module) && !structs.contains(struct_name)
                    })
                    .unwrap_or_default();
                let why = if reserved {
                    format!("`{natural}` is a name the generated crate already uses")
                } else {
                    format!("another tag is also named `{natural}`")
                };
                let location = first_operation(api, index);
                // Operations without a tag are `Default`'s: `default_api` is their expected
                // home (as in openapi-generator's clients), not a surprise to report.
                let expected = reserved && api.tags[index].name == UNTAGGED;
                if !expected {
                    diagnostics.warn(
                        WarningKind::NameCollision,
                        &location,
                        format!(
                            "{why}; the tag {:?} is generated as module `{module}` ({struct_name})",
                            api.tags[index].name
                        ),
                    )?;
                }
                (module, struct_name)
            } else {
                (natural, format!("{base}Api"))
            };
        modules.insert(module.clone());
        structs.insert(struct_name.clone());
        api.tags[index].module = module;
        api.tags[index].struct_name = struct_name;
    }
    Ok(())
}

/// The tag of operations that declare none: module `default_api`, struct `DefaultApi`.
pub(crate) const UNTAGGED: &str = "Default";

/// Where the first operation of the tag at `index` is defined.
fn first_operation(api: &Api, index: usize) -> Location {
    api.operations
        .iter()
        .find(|operation| operation.tag == index)
        .map(|operation| operation.source.clone())
        .unwrap_or_else(|| Location::new("", ""))
}
