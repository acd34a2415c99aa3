//! One example program per operation. The generated method's rustdoc (where it compiles as a
//! `no_run` doctest) and the Markdown reference both print [`operation_example`], so the two
//! cannot drift apart, and the doctest proves the Markdown example compiles.
//!
//! The program is built as text, not tokens, because it carries comments and is shown exactly
//! as written. It only names items the generator emits for that operation: its API accessor,
//! its method, its error enum and variants, and the models its arguments are made of.

use std::collections::BTreeSet;

use heck::ToTitleCase;
use serde_json::Value;

use crate::ir::{
    Api, Enumeration, Field, IntegerFormat, OneOf, Operation, Response, Status, Struct, TypeKind,
    TypeRef,
};
use crate::lower::status_name;

/// The text of a string the spec gives no example for.
const PLACEHOLDER: &str = "example";

/// How many levels of required nested structs are built before giving up on a value. Only a
/// type that requires itself (which no JSON document can satisfy) or a very deep chain of
/// required structs reaches it.
const MAX_DEPTH: usize = 6;

/// A complete program calling `operation`, for a crate whose library is `crate_name`.
pub(crate) fn operation_example(api: &Api, operation: &Operation, crate_name: &str) -> String {
    let error_name = error_type_name(operation);
    let chosen = documented_error(operation);
    let mut names = Names::new(chosen.map(|_| error_name.as_str()));
    let mut statements = Vec::new();
    let client = client_variable(operation);
    statements.push(
        "// The tenant and credentials come from SAIL_BASE_URL, SAIL_CLIENT_ID and\n\
         // SAIL_CLIENT_SECRET, or else from ./config.json."
            .to_owned(),
    );
    statements.push(format!(
        "let {client} = ClientBuilder::from_env().build()?;"
    ));
    let mut arguments = Vec::new();
    for parameter in &operation.parameters {
        let mut values = Values::new(api, &mut names);
        let (binding, argument) =
            argument(&mut values, &parameter.rust_name, &parameter.ty, parameter.required);
        statements.extend(binding);
        arguments.push(argument);
    }
    if let Some(body) = &operation.body {
        // The IR does not carry the spec's request examples yet, so fields get placeholders.
        let mut values = Values::new(api, &mut names);
        let (binding, argument) = argument(&mut values, "body", &body.ty, true);
        statements.extend(binding);
        arguments.push(if body.required {
            argument
        } else {
            format!("Some({argument})")
        });
    }
    statements.push(call(api, operation, &client, &arguments));
    statements.push(outcome_match(operation, &error_name, chosen));
    statements.push("Ok(())".to_owned());
    let imports = names.imports(
        crate_name,
        &api.tags[operation.tag].module,
        documents_errors(operation),
    );
    format!(
        "{imports}\n#[tokio::main(flavor = \"current_thread\")]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{}}}\n",
        indent(&statements.join("\n"))
    )
}

/// The name of an operation's error enum. Must match `api.rs`; the doctests fail if not.
pub(crate) fn error_type_name(operation: &Operation) -> String {
    format!("{}Error", operation.type_prefix)
}

/// The error enum variant of a non-success response. Must match `api.rs`.
pub(crate) fn variant_name(response: &Response) -> String {
    match response.status {
        Status::Code(code) => status_name(code),
        Status::Default => "Other".to_owned(),
    }
}

/// Whether the variant has named fields (headers, or the catch-all's status) or is a tuple.
/// Must match `api.rs`.
pub(crate) fn has_named_fields(response: &Response) -> bool {
    !response.headers.is_empty() || response.status == Status::Default
}

/// Whether the operation has an error enum with variants, so `Error::Service` can happen.
fn documents_errors(operation: &Operation) -> bool {
    operation
        .responses
        .iter()
        .any(|response| !response.status.is_success())
}

/// The error status the example handles by name: the most instructive one documented.
fn documented_error(operation: &Operation) -> Option<&Response> {
    let errors = || {
        operation
            .responses
            .iter()
            .filter(|response| !response.status.is_success())
    };
    [404, 400, 409, 422]
        .iter()
        .find_map(|code| errors().find(|response| response.status == Status::Code(*code)))
        .or_else(|| errors().find(|response| matches!(response.status, Status::Code(_))))
}

/// `client`, unless a parameter already has that name.
fn client_variable(operation: &Operation) -> String {
    let mut name = "client".to_owned();
    while operation
        .parameters
        .iter()
        .any(|parameter| parameter.rust_name == name)
    {
        name.push('_');
    }
    name
}

/// A `let` for a required argument, and what to pass for it (`None` for optional ones).
fn argument(
    values: &mut Values<'_>,
    name: &str,
    ty: &TypeRef,
    required: bool,
) -> (Option<String>, String) {
    if !required {
        return (None, "None".to_owned());
    }
    // Methods take strings as `&str`, lists as slices, numbers and booleans by value, and
    // everything else by reference (see `types::parameter_type`).
    let (value, argument) = match ty {
        TypeRef::String => (Expr::atom(format!("{PLACEHOLDER:?}")), name.to_owned()),
        TypeRef::List(item) => {
            let item = values.value(item, None, 0);
            (Expr::list("vec![", vec![item], "]"), format!("&{name}"))
        }
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            (values.value(ty, None, 0), name.to_owned())
        }
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Any
        | TypeRef::Date
        | TypeRef::DateTime
        | TypeRef::Bytes => (values.value(ty, None, 0), format!("&{name}")),
    };
    (Some(format!("let {name} = {};", value.render())), argument)
}

fn call(api: &Api, operation: &Operation, client: &str, arguments: &[String]) -> String {
    format!(
        "let result = {client}\n    .{}()\n    .{}({})\n    .await;",
        api.tags[operation.tag].module,
        operation.rust_name,
        arguments.join(", ")
    )
}

fn outcome_match(operation: &Operation, error_name: &str, chosen: Option<&Response>) -> String {
    let has_success_body = operation
        .responses
        .iter()
        .any(|response| response.status.is_success() && response.body.is_some());
    let mut arms = vec![if has_success_body {
        "Ok(response) => println!(\"{:#?}\", response.into_inner()),".to_owned()
    } else {
        "Ok(response) => println!(\"done: HTTP {}\", response.status()),".to_owned()
    }];
    if documents_errors(operation) {
        arms.push(service_arm(error_name, chosen));
    }
    arms.push(
        "// No response, an undocumented status, or a body that does not match the spec.\n\
         Err(other) => return Err(other.into()),"
            .to_owned(),
    );
    format!("match result {{\n{}}}", indent(&arms.join("\n")))
}

/// The arm for documented error statuses: one handled by name, the rest by status.
fn service_arm(error_name: &str, chosen: Option<&Response>) -> String {
    let fallback = "eprintln!(\n    \"HTTP {}, tracking id {}\",\n    other.status(),\n    \
                    other.tracking_id().unwrap_or(\"none\")\n),";
    let mut inner = Vec::new();
    if let Some(response) = chosen {
        inner.push(named_error_arm(error_name, response));
    }
    inner.push(format!("other => {fallback}"));
    format!(
        "// A status the spec documents for this operation, with its typed body.\n\
         Err(Error::Service(failure)) => match &failure.error {{\n{}}},",
        indent(&inner.join("\n"))
    )
}

fn named_error_arm(error_name: &str, response: &Response) -> String {
    let variant = variant_name(response);
    let status = match response.status {
        Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
        Status::Default => "HTTP error".to_owned(),
    };
    let (pattern, message) = match (has_named_fields(response), response.body.is_some()) {
        (false, true) => (format!("({PATTERN_BINDING})"), format!("{status}: {{details:?}}")),
        (true, true) => (
            format!(" {{ body: {PATTERN_BINDING}, .. }}"),
            format!("{status}: {{details:?}}"),
        ),
        (true, false) => (" { .. }".to_owned(), status),
        (false, false) => (String::new(), status),
    };
    format!(
        "{error_name}::{variant}{pattern} => {{\n    eprintln!(\"{message}\");\n}}"
    )
}

/// What the example calls an error's body; never the name of the request `body`.
const PATTERN_BINDING: &str = "details";

/// Indents every non-empty line by four spaces, and ends the text with a newline.
fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The model names the example uses, and how to spell them: imported by name, or as
/// `models::Name` when an import of the example (`ClientBuilder`, `Error`, the operation's
/// error enum) already has that name.
struct Names {
    taken: Vec<String>,
    imported: BTreeSet<String>,
    qualified: bool,
    error_enum: Option<String>,
}

impl Names {
    fn new(error_enum: Option<&str>) -> Self {
        let mut taken = vec!["ClientBuilder".to_owned(), "Error".to_owned()];
        taken.extend(error_enum.map(str::to_owned));
        Names {
            taken,
            imported: BTreeSet::new(),
            qualified: false,
            error_enum: error_enum.map(str::to_owned),
        }
    }

    fn model(&mut self, name: &str) -> String {
        if self.taken.iter().any(|taken| taken == name) {
            self.qualified = true;
            format!("models::{name}")
        } else {
            self.imported.insert(name.to_owned());
            name.to_owned()
        }
    }

    /// The `use` lines, sorted the way rustfmt sorts them.
    fn imports(&self, crate_name: &str, api_module: &str, matches_service_errors: bool) -> String {
        let mut lines = Vec::new();
        if let Some(error_enum) = &self.error_enum {
            lines.push(format!("use {crate_name}::apis::{api_module}::{error_enum};"));
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
        let runtime: &[&str] = if matches_service_errors {
            &["ClientBuilder", "Error"]
        } else {
            &["ClientBuilder"]
        };
        lines.push(format!(
            "use {crate_name}::runtime::{};",
            braced(runtime.iter().copied())
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

/// Absent and `null` both mean "no value" for fields that are not required or are nullable:
/// such fields are `Option`s, except flattened ones. Must match `model.rs`.
fn optional(field: &Field) -> bool {
    (!field.required || field.nullable) && !field.flatten
}

/// Builds Rust values of IR types, from a JSON example where there is one.
struct Values<'a> {
    api: &'a Api,
    names: &'a mut Names,
}

impl<'a> Values<'a> {
    fn new(api: &'a Api, names: &'a mut Names) -> Self {
        Values { api, names }
    }

    fn value(&mut self, ty: &TypeRef, example: Option<&Value>, depth: usize) -> Expr {
        match ty {
            TypeRef::String => Expr::atom(format!("{:?}.to_owned()", text_or(example, PLACEHOLDER))),
            TypeRef::Integer(format) => Expr::atom(integer_literal(example, *format)),
            TypeRef::Number(_) => Expr::atom(float_literal(example)),
            TypeRef::Boolean => {
                Expr::atom(example.and_then(Value::as_bool).unwrap_or(true).to_string())
            }
            TypeRef::List(item) => self.list(item, example, depth),
            TypeRef::Map(item) => self.map(item, example, depth),
            TypeRef::Any => Expr::atom(format!(
                "serde_json::json!({})",
                json_text(example.unwrap_or(&Value::Null))
            )),
            // Parsing keeps the example free of calendar arithmetic; `main` returns any error.
            TypeRef::Date => Expr::atom(format!(
                "{:?}.parse::<chrono::NaiveDate>()?",
                text_or(example, "2024-01-31")
            )),
            TypeRef::DateTime => Expr::atom(format!(
                "{:?}.parse::<chrono::DateTime<chrono::FixedOffset>>()?",
                text_or(example, "2024-01-31T12:00:00Z")
            )),
            TypeRef::Bytes => Expr::atom(format!(
                "bytes::Bytes::from({:?})",
                text_or(example, PLACEHOLDER)
            )),
            TypeRef::Named(id) => self.named(*id, example, depth),
        }
    }

    fn named(&mut self, id: crate::ir::TypeId, example: Option<&Value>, depth: usize) -> Expr {
        let def = &self.api.types[id.0];
        if depth > MAX_DEPTH && !matches!(def.kind, TypeKind::Enum(_)) {
            return Expr::atom(format!("todo!(\"a {}\")", def.name));
        }
        match &def.kind {
            TypeKind::Enum(enumeration) => self.enumeration(&def.name, enumeration, example),
            TypeKind::Struct(structure) => self.structure(&def.name, structure, example, depth),
            TypeKind::OneOf(one_of) => self.one_of(&def.name, one_of, example, depth),
        }
    }

    /// The variant the example's discriminator names, or else the first one.
    fn one_of(&mut self, name: &str, one_of: &OneOf, example: Option<&Value>, depth: usize) -> Expr {
        let tag = one_of
            .discriminator
            .as_deref()
            .and_then(|property| example?.get(property)?.as_str());
        let chosen = tag
            .and_then(|tag| one_of.variants.iter().find(|variant| variant.tags.iter().any(|t| t == tag)))
            .or_else(|| one_of.variants.first());
        let path = self.names.model(name);
        let Some(variant) = chosen else {
            return Expr::atom(format!("todo!(\"a {name}\")"));
        };
        let mut value = self.value(&variant.ty, example, depth + 1);
        if variant.boxed {
            value = Expr::wrap("Box::new(", value);
        }
        Expr::wrap_named(format!("{path}::{}(", variant.rust_name), value)
    }

    fn list(&mut self, item: &TypeRef, example: Option<&Value>, depth: usize) -> Expr {
        let Some(items) = example.and_then(Value::as_array) else {
            return Expr::atom("Vec::new()");
        };
        let items = items
            .iter()
            .map(|value| self.value(item, Some(value), depth + 1))
            .collect();
        Expr::list("vec![", items, "]")
    }

    fn map(&mut self, item: &TypeRef, example: Option<&Value>, depth: usize) -> Expr {
        let Some(entries) = example.and_then(Value::as_object) else {
            return Expr::atom("std::collections::BTreeMap::new()");
        };
        let entries = entries
            .iter()
            .map(|(key, value)| {
                let key = Expr::atom(format!("{key:?}.to_owned()"));
                Expr::list("(", vec![key, self.value(item, Some(value), depth + 1)], ")")
            })
            .collect();
        Expr::list("std::collections::BTreeMap::from([", entries, "])")
    }

    fn enumeration(&mut self, name: &str, enumeration: &Enumeration, example: Option<&Value>) -> Expr {
        let path = self.names.model(name);
        let wanted = example.and_then(Value::as_str);
        let known = match wanted {
            Some(text) => enumeration.variants.iter().find(|variant| variant.wire_name == text),
            None => enumeration.variants.first(),
        };
        match (known, wanted) {
            (Some(variant), _) => Expr::atom(format!("{path}::{}", variant.rust_name)),
            (None, text) => Expr::atom(format!(
                "{path}::from({:?})",
                text.unwrap_or(PLACEHOLDER)
            )),
        }
    }

    /// A struct literal. Fields come from the example; without one, required fields and
    /// optional single values get placeholders, so the reader sees what can be set.
    fn structure(
        &mut self,
        name: &str,
        structure: &Struct,
        example: Option<&Value>,
        depth: usize,
    ) -> Expr {
        let path = self.names.model(name);
        let example = example.filter(|value| value.is_object());
        // The generated struct derives `Default` at least when every field is optional.
        let defaultable = structure.fields.iter().all(optional);
        let mut fields = Vec::new();
        let mut omitted = structure.additional_properties.is_some();
        for field in &structure.fields {
            match self.field(field, example, depth) {
                Some(value) => fields.push((field.rust_name.clone(), value)),
                None if defaultable => omitted = true,
                None => fields.push((field.rust_name.clone(), Expr::atom("None"))),
            }
        }
        if structure.additional_properties.is_some() && !defaultable {
            let empty = Expr::atom("std::collections::BTreeMap::new()");
            fields.push(("additional_properties".to_owned(), empty));
        }
        Expr::Struct {
            path,
            fields,
            rest: defaultable && omitted,
        }
    }

    /// A field's value, or `None` to leave an optional field unset.
    fn field(&mut self, field: &Field, example: Option<&Value>, depth: usize) -> Option<Expr> {
        // A flattened field's members sit in the parent object itself.
        let given = if field.flatten {
            example
        } else {
            example.and_then(|object| object.get(&field.wire_name))
        };
        let given = given.filter(|value| !value.is_null());
        let wanted = given.is_some()
            || !optional(field)
            || (example.is_none() && self.is_single_value(&field.ty));
        if !wanted {
            return None;
        }
        let mut value = self.value(&field.ty, given, depth + 1);
        if field.boxed {
            value = Expr::wrap("Box::new(", value);
        }
        // The same wrapping as `model.rs::field_tokens`.
        let some = |value| Expr::wrap("Some(", value);
        Some(if field.ty == TypeRef::Bytes {
            if optional(field) {
                some(value)
            } else {
                value
            }
        } else if field.explicit_null {
            some(some(value))
        } else if optional(field) {
            some(value)
        } else {
            value
        })
    }

    fn is_single_value(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Integer(_)
            | TypeRef::Number(_)
            | TypeRef::Boolean
            | TypeRef::Date
            | TypeRef::DateTime => true,
            TypeRef::Named(id) => matches!(self.api.types[id.0].kind, TypeKind::Enum(_)),
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Any | TypeRef::Bytes => false,
        }
    }
}

fn text_or<'a>(example: Option<&'a Value>, fallback: &'a str) -> &'a str {
    example.and_then(Value::as_str).unwrap_or(fallback)
}

fn integer_literal(example: Option<&Value>, format: IntegerFormat) -> String {
    let value = example.and_then(Value::as_i64).filter(|value| match format {
        IntegerFormat::I32 => i32::try_from(*value).is_ok(),
        IntegerFormat::I64 => true,
    });
    value.unwrap_or(1).to_string()
}

/// `Debug` of an `f64` always reads back as a float literal: `5.0`, `0.25`, `1e-7`.
fn float_literal(example: Option<&Value>) -> String {
    format!("{:?}", example.and_then(Value::as_f64).unwrap_or(1.0))
}

/// JSON as the tokens `serde_json::json!` takes. Strings are written as Rust literals, since
/// JSON's `\u0001` escapes are not valid Rust.
fn json_text(value: &Value) -> String {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::String(text) => format!("{text:?}"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("{key:?}: {}", json_text(value)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// A Rust expression, kept as a tree so that long ones can be laid out over several lines the
/// way rustfmt would.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    /// Text that stays on one line: `"Jordan.Lee".to_owned()`, `8`, `None`.
    Atom(String),
    /// `open` items `close`: `vec![a, b]`, `(key, value)`.
    List {
        open: &'static str,
        items: Vec<Expr>,
        close: &'static str,
    },
    /// `Some(..)`, `Box::new(..)` or `Enum::Variant(..)` around one value, hugging it when it
    /// spans lines.
    Wrap { open: String, inner: Box<Expr> },
    /// `Path { field: value, ..Default::default() }`, one field per line.
    Struct {
        path: String,
        fields: Vec<(String, Expr)>,
        rest: bool,
    },
}

/// Lists longer than this are written one item per line.
const MAX_FLAT_LIST: usize = 60;

impl Expr {
    fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    fn list(open: &'static str, items: Vec<Expr>, close: &'static str) -> Expr {
        Expr::List { open, items, close }
    }

    fn wrap(open: &'static str, inner: Expr) -> Expr {
        Expr::wrap_named(open.to_owned(), inner)
    }

    fn wrap_named(open: String, inner: Expr) -> Expr {
        Expr::Wrap {
            open,
            inner: Box::new(inner),
        }
    }

    /// The one-line form, if the expression has one.
    fn flat(&self) -> Option<String> {
        match self {
            Expr::Atom(text) => Some(text.clone()),
            Expr::List { open, items, close } => {
                let items: Option<Vec<String>> = items.iter().map(Expr::flat).collect();
                Some(format!("{open}{}{close}", items?.join(", ")))
            }
            Expr::Wrap { open, inner } => Some(format!("{open}{})", inner.flat()?)),
            Expr::Struct { path, fields, rest } => match (fields.is_empty(), rest) {
                (true, true) => Some(format!("{path}::default()")),
                (true, false) => Some(format!("{path} {{}}")),
                (false, _) => None,
            },
        }
    }

    /// The expression starting at column 0; continuation lines are indented relative to it.
    fn render(&self) -> String {
        match self {
            Expr::Wrap { open, inner } => format!("{open}{})", inner.render()),
            Expr::List { open, items, close } => match self.flat() {
                Some(flat) if flat.len() <= MAX_FLAT_LIST => flat,
                _ => {
                    let items: Vec<String> =
                        items.iter().map(|item| format!("{},", item.render())).collect();
                    format!("{open}\n{}{close}", indent(&items.join("\n")))
                }
            },
            Expr::Struct {
                path,
                fields,
                rest,
            } if !fields.is_empty() => {
                let mut lines: Vec<String> = fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {},", value.render()))
                    .collect();
                if *rest {
                    lines.push("..Default::default()".to_owned());
                }
                format!("{path} {{\n{}}}", indent(&lines.join("\n")))
            }
            Expr::Atom(_) | Expr::Struct { .. } => self.flat().unwrap_or_default(),
        }
    }
}


/// A small API with every shape the example has to handle, shared with the Markdown tests.
#[cfg(test)]
pub(crate) mod sample {
    use crate::error::Location;
    use crate::ir::{
        Api, BodyEncoding, Docs, Enumeration, Field, HeaderKind, IntegerFormat, Method,
        NumberFormat, OneOf, OneOfVariant, Operation, Parameter, ParameterLocation, RequestBody, Response,
        ResponseBody, ResponseHeader, SecurityRequirement, Status, Struct, Tag, TypeDef, TypeId,
        TypeKind, TypeRef, Variant,
    };

    pub(crate) const STATE: TypeId = TypeId(0);
    pub(crate) const ACCOUNT: TypeId = TypeId(1);
    pub(crate) const CHANGE_REQUEST: TypeId = TypeId(2);
    pub(crate) const NODE: TypeId = TypeId(3);
    pub(crate) const ERROR: TypeId = TypeId(4);
    pub(crate) const STRICT: TypeId = TypeId(5);
    pub(crate) const CIRCLE: TypeId = TypeId(6);
    pub(crate) const SHAPE: TypeId = TypeId(7);
    pub(crate) const UPLOAD: TypeId = TypeId(8);

    pub(crate) fn field(wire: &str, rust: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            wire_name: wire.to_owned(),
            rust_name: rust.to_owned(),
            ty,
            required,
            nullable: false,
            read_only: false,
            deprecated: false,
            boxed: false,
            flatten: false,
            explicit_null: false,
            docs: Docs::default(),
        }
    }

    fn def(name: &str, description: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: heck::ToSnakeCase::to_snake_case(name),
            source: Location::new(format!("schemas/{name}.yaml"), ""),
            docs: Docs {
                title: None,
                description: Some(description.to_owned()),
            },
            deprecated: false,
            kind,
        }
    }

    fn structure(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct {
            fields,
            additional_properties: None,
        })
    }

    fn types() -> Vec<TypeDef> {
        let named = TypeRef::Named;
        let mut node_child = field("child", "child", named(NODE), true);
        node_child.boxed = true;
        let mut strict_note = field("note", "note", TypeRef::String, false);
        strict_note.nullable = true;
        strict_note.docs.description = Some("A note | with a pipe.".to_owned());
        vec![
            def(
                "State",
                "Where a change stands.",
                TypeKind::Enum(Enumeration {
                    variants: vec![
                        Variant {
                            wire_name: "IN_PROGRESS".to_owned(),
                            rust_name: "InProgress".to_owned(),
                        },
                        Variant {
                            wire_name: "FAILED".to_owned(),
                            rust_name: "Failed".to_owned(),
                        },
                    ],
                }),
            ),
            def(
                "Account",
                "An account.",
                structure(vec![
                    field("accountId", "account_id", TypeRef::String, true),
                    field("accountName", "account_name", TypeRef::String, false),
                ]),
            ),
            def(
                "ChangeRequest",
                "What to change.",
                structure(vec![
                    field("userName", "user_name", TypeRef::String, false),
                    field("state", "state", named(STATE), false),
                    field("accounts", "accounts", TypeRef::List(Box::new(named(ACCOUNT))), false),
                    field("limit", "limit", TypeRef::Integer(IntegerFormat::I32), false),
                    field("ratio", "ratio", TypeRef::Number(NumberFormat::F64), false),
                    field("tags", "tags", TypeRef::Map(Box::new(TypeRef::String)), false),
                    field("extra", "extra", TypeRef::Any, false),
                ]),
            ),
            def(
                "Node",
                "Requires itself, so no value of it exists.",
                structure(vec![node_child]),
            ),
            def(
                "Error",
                "An error body whose name clashes with `runtime::Error`.",
                structure(vec![
                    field("message", "message", TypeRef::String, false),
                    field("trackingId", "tracking_id", TypeRef::String, false),
                ]),
            ),
            def(
                "Strict",
                "Has a required field, so it has no `Default`.",
                TypeKind::Struct(Struct {
                    fields: vec![
                        field("id", "id", TypeRef::String, true),
                        strict_note,
                        field("items", "items", TypeRef::List(Box::new(TypeRef::String)), false),
                        field("error", "error", named(ERROR), true),
                    ],
                    additional_properties: Some(TypeRef::String),
                }),
            ),
            def(
                "Circle",
                "A circle.",
                structure(vec![
                    field("kind", "kind", TypeRef::String, true),
                    field("radius", "radius", TypeRef::Number(NumberFormat::F64), true),
                ]),
            ),
            def(
                "Shape",
                "A circle or a text.",
                TypeKind::OneOf(OneOf {
                    discriminator: Some("kind".to_owned()),
                    variants: vec![
                        OneOfVariant {
                            rust_name: "Circle".to_owned(),
                            ty: named(CIRCLE),
                            boxed: false,
                            tags: vec!["circle".to_owned()],
                        },
                        OneOfVariant {
                            rust_name: "Text".to_owned(),
                            ty: TypeRef::String,
                            boxed: false,
                            tags: Vec::new(),
                        },
                    ],
                }),
            ),
            def("Upload", "A file and what it is about.", structure(upload_fields())),
        ]
    }

    fn upload_fields() -> Vec<Field> {
        let mut note = field("note", "note", TypeRef::String, false);
        note.nullable = true;
        note.explicit_null = true;
        let mut base = field("base", "base", TypeRef::Named(ACCOUNT), true);
        base.flatten = true;
        vec![
            field("file", "file", TypeRef::Bytes, true),
            field("since", "since", TypeRef::Date, false),
            field("at", "at", TypeRef::DateTime, true),
            note,
            base,
            field("shape", "shape", TypeRef::Named(SHAPE), false),
        ]
    }

    pub(crate) fn operation(id: &str, rust: &str, method: Method, path: &str) -> Operation {
        Operation {
            id: id.to_owned(),
            rust_name: rust.to_owned(),
            type_prefix: heck::ToUpperCamelCase::to_upper_camel_case(id),
            method,
            path: path.to_owned(),
            tag: 0,
            summary: None,
            description: None,
            deprecated: false,
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: Vec::new(),
            source: Location::new("paths.yaml", ""),
            pagination: None,
        }
    }

    pub(crate) fn response(code: Option<u16>, body: Option<TypeRef>) -> Response {
        Response {
            status: code.map_or(Status::Default, Status::Code),
            description: Some("What happened.".to_owned()),
            body: body.map(|ty| ResponseBody {
                media_type: "application/json".to_owned(),
                encoding: BodyEncoding::Json,
                ty,
            }),
            headers: Vec::new(),
        }
    }

    fn parameter(wire: &str, location: ParameterLocation, ty: TypeRef, required: bool) -> Parameter {
        Parameter {
            wire_name: wire.to_owned(),
            rust_name: wire.to_owned(),
            location,
            required,
            ty,
            comma_separated: false,
            description: Some(format!("The {wire}.")),
            deprecated: false,
        }
    }

    fn body(ty: TypeId, required: bool) -> Option<RequestBody> {
        Some(RequestBody {
            media_type: "application/json".to_owned(),
            encoding: BodyEncoding::Json,
            ty: TypeRef::Named(ty),
            required,
            description: None,
        })
    }

    fn change_password() -> Operation {
        let mut operation = operation("changePassword", "change_password", Method::Post, "/changes/{id}");
        operation.summary = Some("Change a password".to_owned());
        operation.parameters = vec![
            parameter("id", ParameterLocation::Path, TypeRef::String, true),
            parameter("verbose", ParameterLocation::Query, TypeRef::Boolean, false),
            parameter("client", ParameterLocation::Query, TypeRef::String, true),
            parameter("ids", ParameterLocation::Query, TypeRef::List(Box::new(TypeRef::String)), true),
            parameter("state", ParameterLocation::Query, TypeRef::Named(STATE), true),
            parameter("limit", ParameterLocation::Header, TypeRef::Integer(IntegerFormat::I64), true),
        ];
        operation.body = body(CHANGE_REQUEST, true);
        let mut too_many = response(Some(429), Some(TypeRef::Named(ERROR)));
        too_many.headers.push(ResponseHeader {
            wire_name: "Retry-After".to_owned(),
            rust_name: "retry_after".to_owned(),
            kind: HeaderKind::RetryAfter,
            description: None,
        });
        operation.responses = vec![
            response(Some(200), Some(TypeRef::List(Box::new(TypeRef::Named(ACCOUNT))))),
            response(Some(400), Some(TypeRef::Named(ERROR))),
            too_many,
            response(None, Some(TypeRef::Named(ERROR))),
        ];
        operation.security = vec![
            SecurityRequirement {
                scheme: "userAuth".to_owned(),
                scopes: vec!["changes:write".to_owned()],
            },
            SecurityRequirement {
                scheme: "appAuth".to_owned(),
                scopes: vec!["changes:write".to_owned()],
            },
        ];
        operation
    }

    fn operations() -> Vec<Operation> {
        let mut delete = operation("deleteThings", "delete_things", Method::Delete, "/things");
        delete.responses = vec![response(Some(204), None)];
        let mut node = operation("makeNode", "make_node", Method::Post, "/nodes");
        node.body = body(NODE, true);
        node.responses = vec![response(Some(204), None), response(None, None)];
        let mut strict = operation("putStrict", "put_strict", Method::Put, "/strict");
        strict.body = body(STRICT, false);
        strict.responses = vec![response(Some(200), None), response(Some(404), None)];
        let mut upload = operation("upload", "upload", Method::Post, "/uploads");
        upload.body = body(UPLOAD, true);
        upload.responses = vec![
            response(Some(201), Some(TypeRef::Named(SHAPE))),
            response(Some(202), None),
            response(Some(409), Some(TypeRef::Named(ERROR))),
        ];
        vec![change_password(), delete, node, strict, upload]
    }

    pub(crate) fn api() -> Api {
        Api {
            title: "Sample API".to_owned(),
            version: "1.0".to_owned(),
            description: Some("An API for tests.".to_owned()),
            base_path: "/v1".to_owned(),
            server_url: Some("https://{tenant}.example.com/v1".to_owned()),
            tags: vec![Tag {
                name: "Passwords".to_owned(),
                module: "passwords".to_owned(),
                struct_name: "PasswordsApi".to_owned(),
                description: Some("Password operations.".to_owned()),
            }],
            types: types(),
            operations: operations(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::sample::{self, ACCOUNT, CHANGE_REQUEST, STATE, UPLOAD};
    use super::*;

    fn example(index: usize) -> String {
        let api = sample::api();
        operation_example(&api, &api.operations[index], "sample_crate")
    }

    fn render(ty: &TypeRef, example: &Value) -> String {
        let api = sample::api();
        let mut names = Names::new(None);
        Values::new(&api, &mut names)
            .value(ty, Some(example), 0)
            .render()
    }

    #[test]
    fn every_example_is_a_rust_program() {
        for index in 0..sample::api().operations.len() {
            let text = example(index);
            if let Err(error) = syn::parse_file(&text) {
                panic!("example {index} does not parse: {error}\n{text}");
            }
        }
    }

    #[test]
    fn example_uses_the_operations_own_items() {
        let text = example(0);
        assert!(text.starts_with(
            "use sample_crate::apis::passwords::ChangePasswordError;\n\
             use sample_crate::models::{ChangeRequest, State};\n\
             use sample_crate::runtime::{ClientBuilder, Error};\n"
        ));
        assert!(text.contains(
            "let result = client_\n        .passwords()\n        \
             .change_password(id, None, client, &ids, &state, limit, &body)\n"
        ));
        assert!(text.contains("ChangePasswordError::BadRequest(details) => {"));
        assert!(text.contains("let state = State::InProgress;"));
    }

    #[test]
    fn a_parameter_called_client_renames_the_client() {
        assert!(example(0).contains("let client_ = ClientBuilder::from_env().build()?;"));
        assert!(example(1).contains("let client = ClientBuilder::from_env().build()?;"));
    }

    #[test]
    fn operation_without_errors_matches_no_service_error() {
        let text = example(1);
        assert!(text.contains("use sample_crate::runtime::ClientBuilder;\n"));
        assert!(!text.contains("Error::Service"));
        assert!(text.contains("println!(\"done: HTTP {}\", response.status())"));
    }

    #[test]
    fn only_a_default_error_is_matched_by_status() {
        let text = example(2);
        assert!(!text.contains("sample_crate::apis"));
        assert!(text.contains("Err(Error::Service(failure)) => match &failure.error {\n            other =>"));
        // `Node` requires itself: no value exists, and the example says so instead of looping.
        assert!(text.contains("todo!(\"a Node\")"));
    }

    #[test]
    fn models_named_like_an_import_are_qualified() {
        let text = example(3);
        assert!(text.contains("use sample_crate::models;\n"));
        assert!(text.contains("error: models::Error {"));
        assert!(text.contains("PutStrictError::NotFound => {\n"));
        assert!(text.contains(".put_strict(Some(&body))"));
    }

    #[test]
    fn struct_without_default_lists_every_field() {
        let text = example(3);
        assert!(text.contains("        id: \"example\".to_owned(),\n"));
        assert!(text.contains("        note: Some(\"example\".to_owned()),\n"));
        assert!(text.contains("        items: None,\n"));
        assert!(text.contains("        additional_properties: std::collections::BTreeMap::new(),\n"));
        assert!(!text.contains("Default::default()"));
    }

    #[test]
    fn struct_from_a_json_example() {
        let example = json!({
            "userName": "Jordan.Lee",
            "state": "FAILED",
            "accounts": [{"accountId": "CN=Jordan Lee,OU=Engineering"}],
            "limit": 8,
            "tags": {"team": "blue"},
            "extra": {"codes": [1, "\u{1}"]}
        });
        let expected = r#"ChangeRequest {
    user_name: Some("Jordan.Lee".to_owned()),
    state: Some(State::Failed),
    accounts: Some(vec![
        Account {
            account_id: "CN=Jordan Lee,OU=Engineering".to_owned(),
            account_name: None,
        },
    ]),
    limit: Some(8),
    tags: Some(std::collections::BTreeMap::from([
        ("team".to_owned(), "blue".to_owned()),
    ])),
    extra: Some(serde_json::json!({"codes": [1, "\u{1}"]})),
    ..Default::default()
}"#;
        assert_eq!(render(&TypeRef::Named(CHANGE_REQUEST), &example), expected);
    }

    #[test]
    fn struct_example_with_every_field_needs_no_default() {
        let example = json!({"accountId": "a1", "accountName": "Abby"});
        assert_eq!(
            render(&TypeRef::Named(ACCOUNT), &example),
            "Account {\n    account_id: \"a1\".to_owned(),\n    account_name: Some(\"Abby\".to_owned()),\n}"
        );
    }

    #[test]
    fn flattened_dated_binary_and_one_of_fields() {
        let example = json!({
            "accountId": "a1",
            "at": "2024-02-01T00:00:00Z",
            "note": null,
            "shape": {"kind": "circle", "radius": 2}
        });
        let expected = r#"Upload {
    file: bytes::Bytes::from("example"),
    since: None,
    at: "2024-02-01T00:00:00Z".parse::<chrono::DateTime<chrono::FixedOffset>>()?,
    note: None,
    base: Account {
        account_id: "a1".to_owned(),
        account_name: None,
    },
    shape: Some(Shape::Circle(Circle {
        kind: "circle".to_owned(),
        radius: 2.0,
    })),
}"#;
        assert_eq!(render(&TypeRef::Named(UPLOAD), &example), expected);
    }

    #[test]
    fn explicit_null_fields_are_double_options() {
        let text = example(4);
        assert!(text.contains("        note: Some(Some(\"example\".to_owned())),\n"), "{text}");
        assert!(text.contains("UploadError::Conflict(details) => {"), "{text}");
    }

    #[test]
    fn enum_values_the_sdk_does_not_know_go_through_from() {
        assert_eq!(render(&TypeRef::Named(STATE), &json!("PAUSED")), "State::from(\"PAUSED\")");
        assert_eq!(render(&TypeRef::Named(STATE), &json!("FAILED")), "State::Failed");
    }

    #[test]
    fn numbers_keep_their_rust_type() {
        let i32_type = TypeRef::Integer(IntegerFormat::I32);
        assert_eq!(render(&i32_type, &json!(5_000_000_000_i64)), "1");
        assert_eq!(render(&TypeRef::Integer(IntegerFormat::I64), &json!(5_000_000_000_i64)), "5000000000");
        assert_eq!(render(&TypeRef::Number(crate::ir::NumberFormat::F64), &json!(5)), "5.0");
        assert_eq!(render(&TypeRef::String, &json!("say \"hi\"")), r#""say \"hi\"".to_owned()"#);
    }

    #[test]
    fn short_lists_stay_on_one_line() {
        let list = TypeRef::List(Box::new(TypeRef::String));
        assert_eq!(render(&list, &json!(["a", "b"])), r#"vec!["a".to_owned(), "b".to_owned()]"#);
        let long = render(&list, &json!(["passwordMinLength is 8", "passwordMinAlpha is 1"]));
        assert_eq!(
            long,
            "vec![\n    \"passwordMinLength is 8\".to_owned(),\n    \"passwordMinAlpha is 1\".to_owned(),\n]"
        );
    }

    /// Every operation of the project's spec and of every fixture gets an example that parses.
    #[test]
    fn examples_for_real_specs_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = vec![root.join("spec/sailpoint-api.beta.yaml")];
        let fixtures = root.join("tests/fixtures");
        for entry in std::fs::read_dir(&fixtures).into_iter().flatten().flatten() {
            let folder = entry.path();
            for candidate in ["openapi.yaml", "api/root.yaml"] {
                if folder.join(candidate).is_file() {
                    specs.push(folder.join(candidate));
                }
            }
        }
        assert!(specs.len() > 2, "no fixtures found under {}", fixtures.display());
        for spec in specs {
            let generated = crate::generate(&spec, &crate::Options::default())
                .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
            for operation in &generated.api.operations {
                let text = operation_example(&generated.api, operation, "sailpoint_beta");
                if let Err(error) = syn::parse_file(&text) {
                    panic!("{} {}: {error}\n{text}", spec.display(), operation.id);
                }
            }
        }
    }
}
