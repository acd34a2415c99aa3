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
mod usage;

use std::collections::BTreeMap;

use crate::error::Location;
use crate::ir::{Api, EnumRepr, Field, Method, RenamedOperation, TypeKind};

pub use lock_file::LOCK_FILE_NAME;

/// Every public name and shape of one generated crate: the contents of `names.lock`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesLock {
    /// Which format wrote it: 1 recorded names and shapes; 2 ([`NamesLock::FORMAT`]) also
    /// argument positions, read-only fields, enum representations, discriminators, the
    /// directions types travel in, responses and constant headers. What an older lock does not
    /// record is not compared ([`NamesLock::recorded_by`]).
    pub format: u32,
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
    /// Whether requests, responses or both carry it (`None`: no operation reaches it, or a
    /// lock written before this was recorded). Whether a change breaks callers depends on
    /// the direction: a value a response may now carry is news to code that reads it.
    pub used: Option<Usage>,
}

/// The direction a type travels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Usage {
    Request,
    Response,
    Both,
}

impl Usage {
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Request => "request",
            Usage::Response => "response",
            Usage::Both => "both",
        }
    }

    pub fn parse(text: &str) -> Option<Usage> {
        match text {
            "request" => Some(Usage::Request),
            "response" => Some(Usage::Response),
            "both" => Some(Usage::Both),
            _ => None,
        }
    }

    /// Whether responses carry values of the type.
    pub fn in_responses(self) -> bool {
        matches!(self, Usage::Response | Usage::Both)
    }
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
    Enum {
        /// Wire value → Rust variant name.
        values: BTreeMap<String, String>,
        /// The values are JSON integers, not strings (`as_str`, `VALUES` and `From<&str>` are
        /// those of an integer enum).
        integer: bool,
    },
    OneOf {
        /// Rust variant name → the variant's type.
        variants: BTreeMap<String, String>,
        /// The discriminator property, when there is one: the enum then has an `Unknown`
        /// variant for tags it does not know.
        tag: Option<String>,
    },
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
    /// Where `new` takes it (0 for its first argument), for a required field. `None` for an
    /// optional one, and in a lock written before positions were recorded.
    pub position: Option<usize>,
    /// `readOnly`: an optional read-only field has no `with_*` setter.
    pub read_only: bool,
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
    /// The type inside the `ResponseValue` that `send()` gives (`()` for none). `None` in a
    /// lock written before responses were recorded: then nothing about responses is compared.
    pub returns: Option<String>,
    /// By status (`200`, `default`): how each documented response reaches users' code.
    pub statuses: BTreeMap<String, StatusEntry>,
    /// Headers the client sends with a constant value once opted in: wire name → value.
    pub constant_headers: BTreeMap<String, String>,
}

/// A documented response status of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// A success (its body is the value `send()` gives), else a variant of the error enum.
    pub success: bool,
    /// The Rust variant it becomes, with its types: `NotFound(ErrorResponseDto)`,
    /// `TooManyRequests { body: TooManyRequestsError, retry_after: Option<RetryAfter> }`, and
    /// for a success `Ok(Widget)` (the variant of the success enum, when there is one).
    pub shape: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterEntry {
    pub rust_name: String,
    pub ty: String,
    pub required: bool,
    /// Where the operation's method takes it (0 for the first argument after `&self`), for a
    /// required parameter. `None` for an optional one, and in a lock written before positions
    /// were recorded.
    pub position: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyEntry {
    pub ty: String,
    pub required: bool,
}

impl NamesLock {
    /// The format [`NamesLock::of`] writes.
    pub const FORMAT: u32 = 2;

    /// This surface as a lock of `format` would record it: what that format does not record
    /// is left out, so two locks of different formats compare only in what both record.
    pub fn recorded_by(&self, format: u32) -> NamesLock {
        let mut lock = self.clone();
        lock.format = format.min(self.format);
        if lock.format >= 2 {
            return lock;
        }
        for entry in lock.types.values_mut() {
            entry.used = None;
            match &mut entry.shape {
                Shape::Struct { fields, .. } => {
                    for field in fields.values_mut() {
                        field.position = None;
                        field.read_only = false;
                    }
                }
                Shape::Enum { integer, .. } => *integer = false,
                Shape::OneOf { tag, .. } => *tag = None,
                Shape::Alias { .. } => {}
            }
        }
        for entry in lock.operations.values_mut() {
            for parameter in entry.parameters.values_mut() {
                parameter.position = None;
            }
            entry.returns = None;
            entry.statuses.clear();
            entry.constant_headers.clear();
        }
        lock
    }

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
        let usages = usage::of(api);
        let types = api
            .types
            .iter()
            .zip(usages)
            .map(|(def, used)| {
                let entry = TypeEntry {
                    name: def.name.clone(),
                    module: def.module.clone(),
                    shape: shape(api, &def.kind),
                    used,
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
            format: NamesLock::FORMAT,
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
                .zip(positions(
                    structure.fields.iter().map(Field::in_constructor),
                ))
                .map(|(field, position)| {
                    let entry = FieldEntry {
                        rust_name: field.rust_name.clone(),
                        ty: type_text::field(api, field),
                        required: !type_text::field_is_optional(field),
                        position,
                        read_only: field.read_only,
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
            integer: enumeration.repr == EnumRepr::Integer,
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
            tag: one_of.discriminator.clone(),
        },
        TypeKind::Alias(alias) => Shape::Alias {
            target: type_text::of(api, &alias.target),
        },
    }
}

/// The argument position of each member that is an argument (`true`), in order: a method or
/// `new` takes its arguments in the order of the IR's members, which lowering has put in the
/// pinned order.
fn positions(arguments: impl Iterator<Item = bool>) -> Vec<Option<usize>> {
    let mut next = 0;
    arguments
        .map(|argument| {
            argument.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
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
            .zip(positions(
                operation
                    .parameters
                    .iter()
                    .map(|parameter| parameter.required),
            ))
            .map(|(parameter, position)| {
                let key = (
                    parameter.location.as_str().to_owned(),
                    parameter.wire_name.clone(),
                );
                let entry = ParameterEntry {
                    rust_name: parameter.rust_name.clone(),
                    ty: type_text::of(api, &parameter.ty),
                    required: parameter.required,
                    position,
                };
                (key, entry)
            })
            .collect(),
        body: operation.body.as_ref().map(|body| BodyEntry {
            ty: type_text::of(api, &body.ty),
            required: body.required,
        }),
        renamed_from: operation.renamed_from.clone(),
        returns: Some(crate::emit::markdown::signature::success_type_text(
            api, operation,
        )),
        statuses: operation
            .responses
            .iter()
            .map(|response| {
                let status = response.status.key();
                let entry = StatusEntry {
                    success: response.status.is_success(),
                    shape: type_text::variant(api, response),
                };
                (status, entry)
            })
            .collect(),
        constant_headers: operation
            .constant_headers
            .iter()
            .map(|header| (header.wire_name.clone(), header.value.clone()))
            .collect(),
    }
}
