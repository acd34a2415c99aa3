//! `names.lock`: one line per public item, sorted, with the key first on every line (a
//! type's `file#pointer`, an operation's `METHOD /path`) so each line stands on its own in a
//! diff and in `grep`.

use std::collections::BTreeMap;

use super::tokens::{pair, split, word, Token};
use super::{
    BodyEntry, FieldEntry, NamesLock, OperationEntry, OperationKey, ParameterEntry, Shape,
    StatusEntry, TagNames, TypeEntry, Usage,
};
use crate::error::{Error, Location};
use crate::ir::{Method, RenamedOperation};

/// The file's name beside each generated crate.
pub const LOCK_FILE_NAME: &str = "names.lock";

const HEADER: &str = "\
# names.lock: the public API of this crate, written by `cargo xtask codegen` (or
# `cargo xtask generate --names FILE`). Commit it; do not edit it by hand.
#
# Regeneration reads it first and keeps every name recorded here: a type keeps its name and
# module as long as its schema stays at the same file#pointer, even when a new schema wants the
# same name (the newcomer is renamed, with a name-collision warning); an operation keeps its
# method name and type prefix as long as it stays at the same METHOD /path. When upstream
# renames an operationId, the method takes the new name and a `renamed` line keeps the old one,
# generated as a deprecated alias, for good. Its diff is the list of every public name and shape
# that a regeneration changed; API_CHANGES.md says the same in API terms, with the semver bump.
#
# Lines (words are separated by spaces; a word with a space, quote, `=` or `\\` is quoted):
#   format N                   (what the file records; a lock without this line is format 1)
#   tag NAME module= struct=
#   type FILE#POINTER name= module= kind=struct|enum|oneof|alias [additional=T] [target=T]
#        [repr=integer] [tag=DISCRIMINATOR] [used=request|response|both]
#   field FILE#POINTER WIRE_NAME required|optional [read-only] rust= type= [new=N]
#                              (optional: an Option in Rust; new=N: the Nth argument of `new`)
#   value FILE#POINTER WIRE_VALUE rust=
#   variant FILE#POINTER RUST_NAME type=
#   operation METHOD /PATH id= method= prefix= tag= source=FILE#POINTER returns=T [deprecated]
#   parameter METHOD /PATH path|query|header WIRE_NAME required|optional rust= type= [arg=N]
#                              (arg=N: the Nth argument of the method, after `&self`)
#   body METHOD /PATH required|optional type=
#   status METHOD /PATH STATUS success|error shape=VARIANT    (how a response reaches users)
#   constant METHOD /PATH HEADER value=     (sent once the client opts in to the header)
#   renamed METHOD /PATH id= method= prefix=     (an earlier name, kept as a deprecated alias)
";

pub(super) fn render(lock: &NamesLock) -> String {
    let mut lines = vec![HEADER.to_owned()];
    if lock.format > 1 {
        lines.push(format!("format {}", lock.format));
    }
    for (name, tag) in &lock.tags {
        lines.push(format!(
            "tag {} {} {}",
            word(name),
            pair("module", &tag.module),
            pair("struct", &tag.struct_name)
        ));
    }
    for (location, entry) in &lock.types {
        type_lines(&location.to_string(), entry, &mut lines);
    }
    for (key, entry) in &lock.operations {
        operation_lines(key, entry, &mut lines);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn type_lines(location: &str, entry: &TypeEntry, lines: &mut Vec<String>) {
    let location = word(location);
    let mut head = format!(
        "type {location} {} {} kind={}",
        pair("name", &entry.name),
        pair("module", &entry.module),
        entry.shape.kind()
    );
    match &entry.shape {
        Shape::Enum { integer: true, .. } => head.push_str(" repr=integer"),
        Shape::OneOf { tag: Some(tag), .. } => head.push_str(&format!(" {}", pair("tag", tag))),
        _ => {}
    }
    if let Some(used) = entry.used {
        head.push_str(&format!(" used={}", used.as_str()));
    }
    match &entry.shape {
        Shape::Struct { fields, additional } => {
            if let Some(ty) = additional {
                head.push_str(&format!(" {}", pair("additional", ty)));
            }
            lines.push(head);
            for (wire, field) in fields {
                lines.push(format!(
                    "field {location} {} {}{} {} {}{}",
                    word(wire),
                    required_word(field.required),
                    if field.read_only { " read-only" } else { "" },
                    pair("rust", &field.rust_name),
                    pair("type", &field.ty),
                    position("new", field.position)
                ));
            }
        }
        Shape::Enum { values, .. } => {
            lines.push(head);
            for (wire, rust) in values {
                lines.push(format!(
                    "value {location} {} {}",
                    word(wire),
                    pair("rust", rust)
                ));
            }
        }
        Shape::OneOf { variants, .. } => {
            lines.push(head);
            for (rust, ty) in variants {
                lines.push(format!(
                    "variant {location} {} {}",
                    word(rust),
                    pair("type", ty)
                ));
            }
        }
        Shape::Alias { target } => {
            head.push_str(&format!(" {}", pair("target", target)));
            lines.push(head);
        }
    }
}

fn operation_lines(key: &OperationKey, entry: &OperationEntry, lines: &mut Vec<String>) {
    let at = format!("{} {}", key.method.as_upper(), word(&key.path));
    lines.push(format!(
        "operation {at} {} {} {} {} {}{}{}",
        pair("id", &entry.operation_id),
        pair("method", &entry.rust_name),
        pair("prefix", &entry.type_prefix),
        pair("tag", &entry.tag),
        pair("source", &entry.source.to_string()),
        entry
            .returns
            .as_ref()
            .map(|returns| format!(" {}", pair("returns", returns)))
            .unwrap_or_default(),
        if entry.deprecated { " deprecated" } else { "" }
    ));
    for ((location, wire), parameter) in &entry.parameters {
        lines.push(format!(
            "parameter {at} {location} {} {} {} {}{}",
            word(wire),
            required_word(parameter.required),
            pair("rust", &parameter.rust_name),
            pair("type", &parameter.ty),
            position("arg", parameter.position)
        ));
    }
    if let Some(body) = &entry.body {
        lines.push(format!(
            "body {at} {} {}",
            required_word(body.required),
            pair("type", &body.ty)
        ));
    }
    for (status, response) in &entry.statuses {
        lines.push(format!(
            "status {at} {} {} {}",
            word(status),
            if response.success { "success" } else { "error" },
            pair("shape", &response.shape)
        ));
    }
    for (header, value) in &entry.constant_headers {
        lines.push(format!(
            "constant {at} {} {}",
            word(header),
            pair("value", value)
        ));
    }
    for renamed in &entry.renamed_from {
        lines.push(format!(
            "renamed {at} {} {} {}",
            pair("id", &renamed.operation_id),
            pair("method", &renamed.rust_name),
            pair("prefix", &renamed.type_prefix)
        ));
    }
}

/// ` new=2`: an argument position, if the member is an argument.
fn position(key: &str, position: Option<usize>) -> String {
    position
        .map(|position| format!(" {key}={position}"))
        .unwrap_or_default()
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

pub(super) fn parse(text: &str, file: &str) -> Result<NamesLock, Error> {
    let mut lock = NamesLock {
        format: 1,
        ..NamesLock::default()
    };
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fail = |message: String| Error::NamesLock {
            file: file.to_owned(),
            line: index + 1,
            message,
        };
        let line = Line::new(trimmed).map_err(&fail)?;
        line.apply(&mut lock).map_err(fail)?;
    }
    Ok(lock)
}

/// One line, split into its kind, its positional words and its `key=value` words.
struct Line {
    kind: String,
    words: Vec<String>,
    named: BTreeMap<String, String>,
}

impl Line {
    fn new(text: &str) -> Result<Line, String> {
        let mut words = Vec::new();
        let mut named = BTreeMap::new();
        let mut tokens = split(text)?.into_iter();
        let kind = match tokens.next() {
            Some(Token { key: None, value }) => value,
            _ => return Err("a line starts with its kind (`type`, `operation`, ...)".to_owned()),
        };
        for token in tokens {
            match token.key {
                None => words.push(token.value),
                Some(key) => {
                    if named.insert(key.clone(), token.value).is_some() {
                        return Err(format!("`{key}=` is given twice"));
                    }
                }
            }
        }
        Ok(Line { kind, words, named })
    }

    /// Checks the line has `count` positional words (plus up to `extra` optional ones) and
    /// only the `keys` it may have.
    fn expect(&self, count: usize, extra: usize, keys: &[&str]) -> Result<(), String> {
        if self.words.len() < count || self.words.len() > count + extra {
            return Err(format!(
                "a `{}` line has {} words before its `key=value` words, not {}",
                self.kind,
                count,
                self.words.len()
            ));
        }
        match self.named.keys().find(|key| !keys.contains(&key.as_str())) {
            Some(key) => Err(format!("a `{}` line has no `{key}=`", self.kind)),
            None => Ok(()),
        }
    }

    fn word(&self, index: usize) -> &str {
        self.words
            .get(index)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn get(&self, key: &str) -> Result<String, String> {
        self.named
            .get(key)
            .cloned()
            .ok_or_else(|| format!("a `{}` line needs `{key}=`", self.kind))
    }

    /// An argument position (`arg=1`), if the line has one.
    fn position(&self, key: &str) -> Result<Option<usize>, String> {
        self.named
            .get(key)
            .map(|value| {
                value
                    .parse()
                    .map_err(|_| format!("`{key}={value}` is not an argument position"))
            })
            .transpose()
    }

    /// A value that generated code uses as an identifier: anything else would make the
    /// emitted Rust invalid (or the emitter panic), so it is refused here.
    fn identifier(&self, key: &str) -> Result<String, String> {
        let value = self.get(key)?;
        let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain && syn::parse_str::<syn::Ident>(&value).is_ok() && value != "_" {
            Ok(value)
        } else {
            Err(format!("`{key}={value}` is not a Rust identifier"))
        }
    }

    fn apply(&self, lock: &mut NamesLock) -> Result<(), String> {
        match self.kind.as_str() {
            "format" => self.format(lock),
            "tag" => self.tag(lock),
            "type" => self.type_(lock),
            "field" | "value" | "variant" => self.member(lock),
            "operation" => self.operation(lock),
            "parameter" | "body" | "renamed" | "status" | "constant" => self.operation_member(lock),
            other => Err(format!("unknown line kind `{other}`")),
        }
    }

    fn format(&self, lock: &mut NamesLock) -> Result<(), String> {
        self.expect(1, 0, &[])?;
        match self.word(0).parse::<u32>() {
            Ok(format @ 1..=NamesLock::FORMAT) => {
                lock.format = format;
                Ok(())
            }
            _ => Err(format!(
                "format {} is not one this generator reads (1 to {}); is the generator older than the lock?",
                self.word(0),
                NamesLock::FORMAT
            )),
        }
    }

    fn tag(&self, lock: &mut NamesLock) -> Result<(), String> {
        self.expect(1, 0, &["module", "struct"])?;
        let names = TagNames {
            module: self.identifier("module")?,
            struct_name: self.identifier("struct")?,
        };
        unique(lock.tags.insert(self.word(0).to_owned(), names), "tag")
    }

    fn type_(&self, lock: &mut NamesLock) -> Result<(), String> {
        self.expect(
            1,
            0,
            &[
                "name",
                "module",
                "kind",
                "additional",
                "target",
                "repr",
                "tag",
                "used",
            ],
        )?;
        let shape = match self.get("kind")?.as_str() {
            "struct" => Shape::Struct {
                fields: BTreeMap::new(),
                additional: self.named.get("additional").cloned(),
            },
            "enum" => Shape::Enum {
                values: BTreeMap::new(),
                integer: match self.named.get("repr").map(String::as_str) {
                    None | Some("string") => false,
                    Some("integer") => true,
                    Some(other) => return Err(format!("`repr={other}` is not string or integer")),
                },
            },
            "oneof" => Shape::OneOf {
                variants: BTreeMap::new(),
                tag: self.named.get("tag").cloned(),
            },
            "alias" => Shape::Alias {
                target: self.get("target")?,
            },
            other => return Err(format!("unknown type kind `{other}`")),
        };
        let used = match self.named.get("used") {
            None => None,
            Some(text) => Some(
                Usage::parse(text)
                    .ok_or_else(|| format!("`used={text}` is not request, response or both"))?,
            ),
        };
        let entry = TypeEntry {
            name: self.identifier("name")?,
            module: self.identifier("module")?,
            shape,
            used,
        };
        unique(lock.types.insert(location(self.word(0))?, entry), "type")
    }

    /// A `field`, `value` or `variant` line, added to the type declared above it.
    fn member(&self, lock: &mut NamesLock) -> Result<(), String> {
        let owner = lock
            .types
            .get_mut(&location(self.word(0))?)
            .ok_or_else(|| format!("no `type` line for {} above", self.word(0)))?;
        let name = self.word(1).to_owned();
        let added = match (self.kind.as_str(), &mut owner.shape) {
            ("field", Shape::Struct { fields, .. }) => {
                self.expect(3, 1, &["rust", "type", "new"])?;
                let read_only = match self.words.get(3).map(String::as_str) {
                    None => false,
                    Some("read-only") => true,
                    Some(other) => return Err(format!("expected `read-only`, found `{other}`")),
                };
                let field = FieldEntry {
                    rust_name: self.get("rust")?,
                    ty: self.get("type")?,
                    required: required(self.word(2))?,
                    position: self.position("new")?,
                    read_only,
                };
                fields.insert(name, field).is_some()
            }
            ("value", Shape::Enum { values, .. }) => {
                self.expect(2, 0, &["rust"])?;
                values.insert(name, self.get("rust")?).is_some()
            }
            ("variant", Shape::OneOf { variants, .. }) => {
                self.expect(2, 0, &["type"])?;
                variants.insert(name, self.get("type")?).is_some()
            }
            (kind, shape) => {
                return Err(format!(
                    "a `{kind}` line for a type of kind `{}`",
                    shape.kind()
                ))
            }
        };
        unique(added.then_some(()), &self.kind)
    }

    fn operation(&self, lock: &mut NamesLock) -> Result<(), String> {
        self.expect(
            2,
            1,
            &["id", "method", "prefix", "tag", "source", "returns"],
        )?;
        let deprecated = match self.words.get(2).map(String::as_str) {
            None => false,
            Some("deprecated") => true,
            Some(other) => return Err(format!("expected `deprecated`, found `{other}`")),
        };
        let entry = OperationEntry {
            operation_id: self.get("id")?,
            rust_name: self.identifier("method")?,
            type_prefix: self.identifier("prefix")?,
            tag: self.get("tag")?,
            source: location(&self.get("source")?)?,
            deprecated,
            parameters: BTreeMap::new(),
            body: None,
            renamed_from: Vec::new(),
            returns: self.named.get("returns").cloned(),
            statuses: BTreeMap::new(),
            constant_headers: BTreeMap::new(),
        };
        unique(lock.operations.insert(self.key()?, entry), "operation")
    }

    /// A `parameter`, `body` or `renamed` line, added to the operation declared above it.
    fn operation_member(&self, lock: &mut NamesLock) -> Result<(), String> {
        let key = self.key()?;
        let owner = lock.operations.get_mut(&key).ok_or_else(|| {
            format!(
                "no `operation` line for {} {} above",
                self.word(0),
                key.path
            )
        })?;
        match self.kind.as_str() {
            "parameter" => {
                self.expect(5, 0, &["rust", "type", "arg"])?;
                let location = self.word(2);
                if !matches!(location, "path" | "query" | "header") {
                    return Err(format!("`{location}` is not path, query or header"));
                }
                let parameter = ParameterEntry {
                    rust_name: self.identifier("rust")?,
                    ty: self.get("type")?,
                    required: required(self.word(4))?,
                    position: self.position("arg")?,
                };
                let key = (location.to_owned(), self.word(3).to_owned());
                unique(owner.parameters.insert(key, parameter), "parameter")
            }
            "body" => {
                self.expect(3, 0, &["type"])?;
                let body = BodyEntry {
                    ty: self.get("type")?,
                    required: required(self.word(2))?,
                };
                unique(owner.body.replace(body), "body")
            }
            "status" => {
                self.expect(4, 0, &["shape"])?;
                let success = match self.word(3) {
                    "success" => true,
                    "error" => false,
                    other => return Err(format!("expected `success` or `error`, found `{other}`")),
                };
                let entry = StatusEntry {
                    success,
                    shape: self.get("shape")?,
                };
                unique(
                    owner.statuses.insert(self.word(2).to_owned(), entry),
                    "status",
                )
            }
            "constant" => {
                self.expect(3, 0, &["value"])?;
                let value = self.get("value")?;
                let header = self.word(2).to_owned();
                unique(
                    owner.constant_headers.insert(header, value),
                    "constant header",
                )
            }
            _ => {
                self.expect(2, 0, &["id", "method", "prefix"])?;
                owner.renamed_from.push(RenamedOperation {
                    operation_id: self.get("id")?,
                    rust_name: self.identifier("method")?,
                    type_prefix: self.identifier("prefix")?,
                });
                Ok(())
            }
        }
    }

    /// `GET /path`: the first two words of every operation line.
    fn key(&self) -> Result<OperationKey, String> {
        let method = Method::ALL
            .iter()
            .find(|(_, method)| method.as_upper() == self.word(0))
            .map(|(_, method)| *method)
            .ok_or_else(|| format!("`{}` is not an HTTP method (GET, POST, ...)", self.word(0)))?;
        Ok(OperationKey {
            path: self.word(1).to_owned(),
            method,
        })
    }
}

fn location(text: &str) -> Result<Location, String> {
    text.split_once('#')
        .map(|(file, pointer)| Location::new(file, pointer))
        .ok_or_else(|| format!("`{text}` is not FILE#POINTER"))
}

fn required(word: &str) -> Result<bool, String> {
    match word {
        "required" => Ok(true),
        "optional" => Ok(false),
        other => Err(format!(
            "expected `required` or `optional`, found `{other}`"
        )),
    }
}

fn unique<T>(previous: Option<T>, what: &str) -> Result<(), String> {
    match previous {
        Some(_) => Err(format!("this {what} is already listed above")),
        None => Ok(()),
    }
}
