//! The public API surface of a generated crate, as recorded in its `names.lock`.
//!
//! Two jobs need the same record, so there is one: lowering reads it to keep every public name
//! a regeneration would otherwise change (a type at a known schema location keeps its name and
//! module; an operation at a known method and path keeps its method name and type prefix), and
//! [`crate::changes`] compares two of them to say what a regeneration changed in API terms. The
//! record holds only what users' code can name or depend on, rendered as text (`Vec<Account>`),
//! so it can be committed, reviewed and diffed without the spec it came from.

mod lock_file;
#[cfg(test)]
mod tests;
mod tokens;
mod type_text;

use std::collections::BTreeMap;

use crate::error::Location;
use crate::ir::{Api, Method, RenamedOperation, TypeKind};

pub use lock_file::LOCK_FILE_NAME;

/// Every public name and shape of one generated crate: the contents of `names.lock`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesLock {
    /// By tag name as written in the spec.
    pub tags: BTreeMap<String, TagNames>,
    /// By the schema's location: where a type is defined is what identifies it across
    /// regenerations, since its Rust name is the thing that must not drift.
    pub types: BTreeMap<Location, TypeEntry>,
    /// By path and method: an `operationId` may be renamed upstream, the endpoint stays.
    pub operations: BTreeMap<OperationKey, OperationEntry>,
}

/// The names a tag gives its API module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagNames {
    pub module: String,
    pub struct_name: String,
}

/// One named type: its Rust name, its module under `models`, and its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeEntry {
    pub name: String,
    pub module: String,
    pub shape: Shape,
}

/// What users' code can rely on inside a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Struct {
        /// By wire name.
        fields: BTreeMap<String, FieldEntry>,
        /// The value type of `additionalProperties`, when the struct keeps extra members.
        additional: Option<String>,
    },
    /// Wire value → Rust variant name.
    Enum { values: BTreeMap<String, String> },
    /// Rust variant name → the variant's type.
    OneOf { variants: BTreeMap<String, String> },
    /// The aliased type.
    Alias { target: String },
}

impl Shape {
    /// `struct`, `enum`, `oneof` or `alias`: the `kind=` of a `type` line.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Struct { .. } => "struct",
            Shape::Enum { .. } => "enum",
            Shape::OneOf { .. } => "oneof",
            Shape::Alias { .. } => "alias",
        }
    }
}

/// A struct field as Rust code sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEntry {
    pub rust_name: String,
    /// The field's type without the `Option` of an optional field: `Vec<Account>`.
    pub ty: String,
    /// Not an `Option` in Rust: a value must be given to build the struct.
    pub required: bool,
}

/// What identifies an operation across regenerations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationKey {
    /// As written in the spec, without the base path.
    pub path: String,
    pub method: Method,
}

/// One operation's names and call shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationEntry {
    pub operation_id: String,
    pub rust_name: String,
    pub type_prefix: String,
    /// The tag whose API module holds the method.
    pub tag: String,
    pub source: Location,
    pub deprecated: bool,
    /// By (`path`/`query`/`header`, wire name).
    pub parameters: BTreeMap<(String, String), ParameterEntry>,
    pub body: Option<BodyEntry>,
    /// Earlier names, kept as deprecated aliases.
    pub renamed_from: Vec<RenamedOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterEntry {
    pub rust_name: String,
    pub ty: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyEntry {
    pub ty: String,
    pub required: bool,
}

impl NamesLock {
    /// The surface of a lowered API.
    pub fn of(api: &Api) -> NamesLock {
        let tags = api
            .tags
            .iter()
            .map(|tag| {
                let names = TagNames {
                    module: tag.module.clone(),
                    struct_name: tag.struct_name.clone(),
                };
                (tag.name.clone(), names)
            })
            .collect();
        let types = api
            .types
            .iter()
            .map(|def| {
                let entry = TypeEntry {
                    name: def.name.clone(),
                    module: def.module.clone(),
                    shape: shape(api, &def.kind),
                };
                (def.source.clone(), entry)
            })
            .collect();
        let operations = api
            .operations
            .iter()
            .map(|operation| {
                let key = OperationKey {
                    path: operation.path.clone(),
                    method: operation.method,
                };
                (key, operation_entry(api, operation))
            })
            .collect();
        NamesLock {
            tags,
            types,
            operations,
        }
    }

    /// The text of `names.lock`: a header that says what the file is, then one line per item,
    /// sorted, so a regeneration's diff shows exactly the names and shapes that changed.
    pub fn render(&self) -> String {
        lock_file::render(self)
    }

    /// Reads `names.lock` text; `file` names it in errors, which give the line.
    pub fn parse(text: &str, file: &str) -> Result<NamesLock, crate::Error> {
        lock_file::parse(text, file)
    }

    /// The pinned operation at `method` and `path`, if any.
    pub(crate) fn operation(&self, method: Method, path: &str) -> Option<&OperationEntry> {
        self.operations.get(&OperationKey {
            path: path.to_owned(),
            method,
        })
    }
}

fn shape(api: &Api, kind: &TypeKind) -> Shape {
    match kind {
        TypeKind::Struct(structure) => Shape::Struct {
            fields: structure
                .fields
                .iter()
                .map(|field| {
                    let entry = FieldEntry {
                        rust_name: field.rust_name.clone(),
                        ty: type_text::field(api, field),
                        required: !type_text::field_is_optional(field),
                    };
                    (field.wire_name.clone(), entry)
                })
                .collect(),
            additional: structure
                .additional_properties
                .as_ref()
                .map(|ty| type_text::of(api, ty)),
        },
        TypeKind::Enum(enumeration) => Shape::Enum {
            values: enumeration
                .variants
                .iter()
                .map(|variant| (variant.wire_name.clone(), variant.rust_name.clone()))
                .collect(),
        },
        TypeKind::OneOf(one_of) => Shape::OneOf {
            variants: one_of
                .variants
                .iter()
                .map(|variant| {
                    let mut ty = type_text::of(api, &variant.ty);
                    if variant.boxed {
                        ty = format!("Box<{ty}>");
                    }
                    (variant.rust_name.clone(), ty)
                })
                .collect(),
        },
        TypeKind::Alias(alias) => Shape::Alias {
            target: type_text::of(api, &alias.target),
        },
    }
}

fn operation_entry(api: &Api, operation: &crate::ir::Operation) -> OperationEntry {
    OperationEntry {
        operation_id: operation.id.clone(),
        rust_name: operation.rust_name.clone(),
        type_prefix: operation.type_prefix.clone(),
        tag: api
            .tags
            .get(operation.tag)
            .map(|tag| tag.name.clone())
            .unwrap_or_default(),
        source: operation.source.clone(),
        deprecated: operation.deprecated,
        parameters: operation
            .parameters
            .iter()
            .map(|parameter| {
                let key = (
                    parameter.location.as_str().to_owned(),
                    parameter.wire_name.clone(),
                );
                let entry = ParameterEntry {
                    rust_name: parameter.rust_name.clone(),
                    ty: type_text::of(api, &parameter.ty),
                    required: parameter.required,
                };
                (key, entry)
            })
            .collect(),
        body: operation.body.as_ref().map(|body| BodyEntry {
            ty: type_text::of(api, &body.ty),
            required: body.required,
        }),
        renamed_from: operation.renamed_from.clone(),
    }
}
