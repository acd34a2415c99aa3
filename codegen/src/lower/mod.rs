//! Spec → IR: the document's operations and every schema they reach.
//!
//! Only schemas reachable from the selected operations become types, so a `--tag` subset
//! generates just what it uses. Names are assigned at the end, over all types at once, so a
//! type's name never depends on the order in which it was reached.

mod constructors;
mod identical;
mod operation;
mod parameters;
mod recursion;
mod schema;
mod shapes;
mod tags;
mod unique_names;

use std::collections::HashSet;

use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{Api, Method, RenamedOperation, TypeDef, TypeId};
use crate::load::Spec;
use crate::surface::NamesLock;
use crate::view::{
    object_at, DocumentObject, InfoObject, OperationObject, PathItemObject, SECURITY,
};
use operation::{find_pagination, lower_operation, lower_security, OperationContext};
use schema::TypeSpace;
use tags::Tags;

/// Which operations to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Tags to keep; empty keeps every operation.
    pub tags: Vec<String>,
}

/// `names`, the crate's committed `names.lock`, pins the public names it lists: see
/// `unique_operation_names` and `unique_names::assign`.
pub(crate) fn lower(
    spec: &Spec,
    selection: &Selection,
    names: Option<&NamesLock>,
    diagnostics: &mut Diagnostics,
) -> Result<Api, Error> {
    let root = spec.root();
    let document = DocumentObject::read(object_at(spec, &root)?);
    check_version(&root, &document)?;
    let info = InfoObject::read(
        document
            .info
            .ok_or_else(|| Error::invalid(&root.join("info"), "the document has no `info`"))?,
    );
    let server_url = document.server_url.map(str::to_owned);
    let default_security = match document.security {
        Some(value) => lower_security(&root.join(SECURITY), value)?,
        None => Vec::new(),
    };

    let mut tags = Tags::declared(&document);
    let mut space = TypeSpace::new(spec);
    let mut operations = Vec::new();
    // The `--tag` names that selected at least one operation.
    let mut selected_tags: HashSet<String> = HashSet::new();
    let paths_location = root.join("paths");
    // OpenAPI 3.1 makes `paths` optional (a document of webhooks or components only).
    let empty = serde_json::Map::new();
    let paths = match spec.get(&paths_location) {
        Some(_) => object_at(spec, &paths_location)?,
        None => &empty,
    };
    if let Some(webhooks) = document.webhooks {
        diagnostics.warn(
            WarningKind::Approximated,
            &root.join("webhooks"),
            match webhooks.len() {
                1 => "the webhook is a request the API sends, not a call a client makes; it is not generated".to_owned(),
                count => format!("the {count} webhooks are requests the API sends, not calls a client makes; they are not generated"),
            },
        )?;
    }
    for path in paths.keys() {
        let (item_location, _) = spec.get_resolved(&paths_location.join(path))?;
        let item = PathItemObject::read(object_at(spec, &item_location)?);
        let path_parameters = item.parameter_locations(&item_location);
        for (key, method) in Method::ALL {
            let Some(operation) = item.operation(key) else {
                continue;
            };
            let operation_tags = OperationObject::tags_of(operation);
            // The first tag names the API module; `--tag` matches any of them.
            let tag_name = operation_tags.first().copied().unwrap_or(tags::UNTAGGED);
            if !selection.tags.is_empty() {
                let chosen: Vec<&String> = selection
                    .tags
                    .iter()
                    .filter(|tag| operation_tags.contains(&tag.as_str()))
                    .collect();
                if chosen.is_empty() {
                    continue;
                }
                selected_tags.extend(chosen.into_iter().cloned());
            }
            let tag = tags.index(tag_name);
            let context = OperationContext {
                path,
                method,
                path_parameters: &path_parameters,
                default_security: &default_security,
                tag,
                pinned: names.and_then(|lock| lock.operation(method, path)),
            };
            operations.push(lower_operation(
                spec,
                &mut space,
                &item_location.join(key),
                &context,
                diagnostics,
            )?);
        }
    }
    unique_operation_names(&mut operations, names, diagnostics)?;
    if let Some(unknown) = selection
        .tags
        .iter()
        .find(|tag| !selected_tags.contains(*tag))
    {
        return Err(Error::invalid(
            &root.join("tags"),
            format!("no operation has the tag {unknown:?}"),
        ));
    }

    let pending = identical::merge(space.types, &mut operations);
    let types = unique_names::assign(pending, names, diagnostics)?;
    let mut api = Api {
        title: info.title.unwrap_or("API").to_owned(),
        version: info.version.unwrap_or_default().to_owned(),
        description: info.description.map(str::to_owned),
        license: info.license.map(str::to_owned),
        base_path: server_url.as_deref().map(base_path).unwrap_or_default(),
        server_url,
        tags: tags.list,
        types,
        operations,
    };
    tags::keep_used_tags(&mut api);
    tags::name_tags(&mut api, names, diagnostics)?;
    sort_types(&mut api);
    constructors::pin_constructor_order(&mut api.types, names);
    recursion::box_recursive_fields(&mut api.types);
    recursion::mark_recursive_aliases(&mut api.types);
    find_pagination(&mut api);
    shapes::order_untagged_variants(&mut api.types);
    shapes::mark_request_types(&mut api);
    api.operations
        .sort_by(|a, b| (a.tag, &a.rust_name).cmp(&(b.tag, &b.rust_name)));
    Ok(api)
}

fn check_version(root: &Location, document: &DocumentObject<'_>) -> Result<(), Error> {
    match document.openapi {
        Some(version)
            if ["3.0.", "3.1."]
                .iter()
                .any(|prefix| version.starts_with(prefix))
                || matches!(version, "3.0" | "3.1") =>
        {
            Ok(())
        }
        Some(version) => Err(Error::unsupported(
            &root.join("openapi"),
            format!("OpenAPI version {version:?}; this generator reads OpenAPI 3.0 and 3.1"),
        )),
        None => Err(Error::invalid(
            root,
            "no `openapi: 3.x` field; is this an OpenAPI 3 document?",
        )),
    }
}

/// For a new order given as old positions (`order[new] = old`), the new position of each of
/// `count` old ones; positions left out of `order` map to 0.
fn new_positions(order: &[usize], count: usize) -> Vec<usize> {
    let mut new_index = vec![0; count];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    new_index
}

/// Sorts types by name and rewrites every reference to the new ids.
fn sort_types(api: &mut Api) {
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by(|a, b| api.types[*a].name.cmp(&api.types[*b].name));
    let new_index = new_positions(&order, order.len());
    let mut types: Vec<TypeDef> = order.iter().map(|old| api.types[*old].clone()).collect();
    let new_id = |id: TypeId| TypeId(new_index[id.0]);
    for def in &mut types {
        def.kind.for_each_type_ref_mut(&mut |ty| ty.remap(&new_id));
    }
    for operation in &mut api.operations {
        operation.for_each_type_ref_mut(&mut |ty| ty.remap(&new_id));
    }
    api.types = types;
}

/// `https://{tenant}.api.identitynow.com/beta/` → `/beta`.
fn base_path(url: &str) -> String {
    let after_scheme = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|index| &rest[index..]).unwrap_or(""),
        None => url,
    };
    after_scheme.trim_end_matches('/').to_owned()
}

/// Names a tag's API struct uses for itself, which no operation's method may take: its own
/// `with_options`, and the methods of the traits it derives or every type has.
const API_MEMBERS: &[&str] = &[
    "with_options",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "fmt",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Two operations with one `operationId` would be two methods (and two error types) with one
/// name: the later ones get a numbered name, with a warning. Both the method name and the type
/// prefix must be free, since `get_foo2` and `get_foo_2` share the prefix `GetFoo2`.
///
/// With a `names.lock`, the operations it lists are named first (`pin_operation_names`), so
/// no newcomer can take a pinned name or an alias.
fn unique_operation_names(
    operations: &mut [crate::ir::Operation],
    names: Option<&NamesLock>,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    let mut methods: HashSet<String> = API_MEMBERS.iter().map(|name| (*name).to_owned()).collect();
    let mut prefixes: HashSet<String> = HashSet::new();
    let mut pinned = vec![false; operations.len()];
    if let Some(lock) = names {
        for (operation, pinned) in operations.iter_mut().zip(&mut pinned) {
            *pinned = pin_operation_names(operation, lock, &mut methods, &mut prefixes);
        }
    }
    let unpinned = operations
        .iter_mut()
        .zip(pinned)
        .filter(|(_, pinned)| !pinned)
        .map(|(operation, _)| operation);
    for operation in unpinned {
        if !methods.contains(&operation.rust_name) && !prefixes.contains(&operation.type_prefix) {
            methods.insert(operation.rust_name.clone());
            prefixes.insert(operation.type_prefix.clone());
            continue;
        }
        let number = (2..)
            .find(|number| {
                !methods.contains(&format!("{}_{number}", operation.rust_name))
                    && !prefixes.contains(&format!("{}{number}", operation.type_prefix))
            })
            .unwrap_or(2);
        let rust_name = format!("{}_{number}", operation.rust_name);
        let (kind, why) = if API_MEMBERS.contains(&operation.rust_name.as_str()) {
            (WarningKind::NameCollision, "the API struct has a method")
        } else {
            (
                WarningKind::DuplicateOperationId,
                "another operation is also generated as",
            )
        };
        diagnostics.warn(
            kind,
            &operation.source,
            format!(
                "{why} `{}`; this one (`{}`) is generated as `{rust_name}`",
                operation.rust_name, operation.id
            ),
        )?;
        operation.type_prefix = format!("{}{number}", operation.type_prefix);
        operation.rust_name = rust_name;
        methods.insert(operation.rust_name.clone());
        prefixes.insert(operation.type_prefix.clone());
    }
    Ok(())
}

/// Gives an operation listed in the lock its pinned names; returns whether they are settled.
///
/// Same `operationId`: the pinned method name and type prefix. A renamed `operationId`: the
/// name of the new id (settled later, like a newcomer's), and the pinned names join
/// `renamed_from`, so the old method lives on as a deprecated alias. Aliases accumulate over
/// renames; one the operation is named again (renamed back) is dropped. Names a broken lock
/// gives twice go to the first claimant; the others are named as if not pinned.
fn pin_operation_names(
    operation: &mut crate::ir::Operation,
    lock: &NamesLock,
    methods: &mut HashSet<String>,
    prefixes: &mut HashSet<String>,
) -> bool {
    let Some(entry) = lock.operation(operation.method, &operation.path) else {
        return false;
    };
    let same_id = entry.operation_id == operation.id
        && !methods.contains(&entry.rust_name)
        && !prefixes.contains(&entry.type_prefix);
    let mut renamed_from = entry.renamed_from.clone();
    if same_id {
        operation.rust_name.clone_from(&entry.rust_name);
        operation.type_prefix.clone_from(&entry.type_prefix);
        methods.insert(entry.rust_name.clone());
        prefixes.insert(entry.type_prefix.clone());
    } else if entry.operation_id != operation.id {
        renamed_from.push(RenamedOperation {
            operation_id: entry.operation_id.clone(),
            rust_name: entry.rust_name.clone(),
            type_prefix: entry.type_prefix.clone(),
        });
    }
    renamed_from.retain(|old| {
        let free = old.rust_name != operation.rust_name
            && old.type_prefix != operation.type_prefix
            && !methods.contains(&old.rust_name)
            && !prefixes.contains(&old.type_prefix);
        if free {
            methods.insert(old.rust_name.clone());
            prefixes.insert(old.type_prefix.clone());
        }
        free
    });
    operation.renamed_from = renamed_from;
    same_id
}
