//! Rust values of IR types for an example program, from the spec's JSON example where there
//! is one and from placeholders where there is none.

use serde_json::Value;

use super::layout::Expr;
use super::names::Names;
use crate::emit::naming::is_text_value;
use crate::ir::{
    Api, EnumRepr, Enumeration, Field, IntegerFormat, OneOf, Struct, TypeKind, TypeRef,
};

/// The text of a string the spec gives no example for.
pub(super) const PLACEHOLDER: &str = "example";

/// How many levels of required nested structs are built before giving up on a value. Only a
/// type that requires itself (which no JSON document can satisfy) or a very deep chain of
/// required structs reaches it.
const MAX_DEPTH: usize = 6;

/// Builds Rust values of IR types, from a JSON example where there is one.
pub(super) struct Values<'a> {
    api: &'a Api,
    names: &'a mut Names,
}

impl<'a> Values<'a> {
    pub(super) fn new(api: &'a Api, names: &'a mut Names) -> Self {
        Values { api, names }
    }

    pub(super) fn value(&mut self, ty: &TypeRef, example: Option<&Value>, depth: usize) -> Expr {
        match ty {
            TypeRef::String => {
                Expr::atom(format!("{:?}.to_owned()", text_or(example, PLACEHOLDER)))
            }
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
            // `Bytes` converts from a static string, so the example needs no `bytes` import.
            TypeRef::Bytes => Expr::atom(format!("{:?}.into()", text_or(example, PLACEHOLDER))),
            TypeRef::Named(id) => self.named(*id, example, depth),
            // An example is a value, never `null`.
            TypeRef::Nullable(inner) => {
                Expr::list("Some(", vec![self.value(inner, example, depth)], ")")
            }
        }
    }

    fn named(&mut self, id: crate::ir::TypeId, example: Option<&Value>, depth: usize) -> Expr {
        let def = self.api.type_def(id);
        if depth > MAX_DEPTH && !matches!(def.kind, TypeKind::Enum(_)) {
            return Expr::atom(format!("todo!(\"a {}\")", def.name));
        }
        match &def.kind {
            TypeKind::Enum(enumeration) => self.enumeration(&def.name, enumeration, example),
            TypeKind::Struct(structure) => self.structure(&def.name, structure, example, depth),
            TypeKind::OneOf(one_of) => self.one_of(&def.name, one_of, example, depth),
            // A plain alias is its target; a newtype wraps it.
            TypeKind::Alias(alias) if alias.newtype => {
                let path = self.names.model(&def.name);
                let inner = self.value(&alias.target, example, depth + 1);
                Expr::wrap_named(format!("{path}("), inner)
            }
            TypeKind::Alias(alias) => self.value(&alias.target, example, depth),
        }
    }

    /// The variant the example's discriminator names, or else the first one.
    fn one_of(
        &mut self,
        name: &str,
        one_of: &OneOf,
        example: Option<&Value>,
        depth: usize,
    ) -> Expr {
        let tag = one_of
            .discriminator
            .as_deref()
            .and_then(|property| example?.get(property)?.as_str());
        let chosen = tag
            .and_then(|tag| {
                one_of
                    .variants
                    .iter()
                    .find(|variant| variant.tags.iter().any(|t| t == tag))
            })
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
                Expr::list(
                    "(",
                    vec![key, self.value(item, Some(value), depth + 1)],
                    ")",
                )
            })
            .collect();
        Expr::list("std::collections::BTreeMap::from([", entries, "])")
    }

    fn enumeration(
        &mut self,
        name: &str,
        enumeration: &Enumeration,
        example: Option<&Value>,
    ) -> Expr {
        let path = self.names.model(name);
        // The example's wire value, as text (integer enums keep the number in decimal).
        let wanted = example.and_then(|value| match enumeration.repr {
            EnumRepr::String => value.as_str().map(str::to_owned),
            EnumRepr::Integer => value.as_i64().map(|number| number.to_string()),
        });
        let known = match &wanted {
            Some(text) => enumeration
                .variants
                .iter()
                .find(|variant| variant.wire_name == *text),
            None => enumeration.variants.first(),
        };
        match (known, wanted, enumeration.repr) {
            (Some(variant), _, _) => Expr::atom(format!("{path}::{}", variant.rust_name)),
            (None, text, EnumRepr::String) => Expr::atom(format!(
                "{path}::from({:?})",
                text.as_deref().unwrap_or(PLACEHOLDER)
            )),
            (None, number, EnumRepr::Integer) => Expr::atom(format!(
                "{path}::from({})",
                number.as_deref().unwrap_or("0")
            )),
        }
    }

    /// `Type::new(required..)` and a `.with_*` setter for each optional field to show. Fields
    /// come from the example; without one, required fields and optional single values get
    /// placeholders, so the reader sees what can be set.
    fn structure(
        &mut self,
        name: &str,
        structure: &Struct,
        example: Option<&Value>,
        depth: usize,
    ) -> Expr {
        let path = self.names.model(name);
        let example = example.filter(|value| value.is_object());
        let mut arguments = Vec::new();
        let mut setters = Vec::new();
        for field in &structure.fields {
            let optional = field.is_optional();
            // Read-only fields have no setter: the server sets them.
            if optional && field.read_only {
                continue;
            }
            if let Some(value) = self.field(field, example, depth) {
                if optional {
                    let setter = format!("with_{}", field.rust_name.trim_start_matches("r#"));
                    setters.push((setter, value));
                } else {
                    arguments.push(value);
                }
            }
        }
        Expr::Construct {
            path,
            arguments,
            setters,
        }
    }

    /// A field's value as `new` or its setter takes it (`impl Into<T>`), or `None` to leave
    /// an optional field unset.
    fn field(&mut self, field: &Field, example: Option<&Value>, depth: usize) -> Option<Expr> {
        // A flattened field's members sit in the parent object itself.
        let given = if field.flatten {
            example
        } else {
            example.and_then(|object| object.get(&field.wire_name))
        };
        let given = given.filter(|value| !value.is_null());
        let wanted = given.is_some()
            || !field.is_optional()
            || (example.is_none() && is_text_value(self.api, &field.ty));
        if !wanted {
            return None;
        }
        Some(self.convertible_value(&field.ty, given, depth + 1))
    }

    /// A value passed where `impl Into<T>` is taken: string literals need no `.to_owned()`,
    /// and bytes no `.into()` (which could not be inferred).
    fn convertible_value(&mut self, ty: &TypeRef, example: Option<&Value>, depth: usize) -> Expr {
        match ty {
            TypeRef::String | TypeRef::Bytes => {
                Expr::atom(format!("{:?}", text_or(example, PLACEHOLDER)))
            }
            _ => self.value(ty, example, depth),
        }
    }

    /// The value of an optional parameter's setter, from the spec's example.
    pub(super) fn setter_value(&mut self, ty: &TypeRef, example: &Value) -> Expr {
        self.convertible_value(ty, Some(example), 0)
    }
}

pub(super) fn text_or<'a>(example: Option<&'a Value>, fallback: &'a str) -> &'a str {
    example.and_then(Value::as_str).unwrap_or(fallback)
}

fn integer_literal(example: Option<&Value>, format: IntegerFormat) -> String {
    let value = example
        .and_then(Value::as_i64)
        .filter(|value| format.holds((*value).into()));
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::emit::example::sample::{self, ACCOUNT, CHANGE_REQUEST, STATE, UPLOAD};

    fn render(ty: &TypeRef, example: &Value) -> String {
        let api = sample::api();
        let mut names = Names::new(None);
        Values::new(&api, &mut names)
            .value(ty, Some(example), 0)
            .render()
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
        let expected = r#"ChangeRequest::new()
    .with_user_name("Jordan.Lee")
    .with_state(State::Failed)
    .with_accounts(vec![Account::new("CN=Jordan Lee,OU=Engineering")])
    .with_limit(8)
    .with_tags(std::collections::BTreeMap::from([
        ("team".to_owned(), "blue".to_owned()),
    ]))
    .with_extra(serde_json::json!({"codes": [1, "\u{1}"]}))"#;
        assert_eq!(render(&TypeRef::Named(CHANGE_REQUEST), &example), expected);
    }

    #[test]
    fn required_fields_go_to_new_and_optional_ones_to_setters() {
        let example = json!({"accountId": "a1", "accountName": "Abby"});
        assert_eq!(
            render(&TypeRef::Named(ACCOUNT), &example),
            "Account::new(\"a1\")\n    .with_account_name(\"Abby\")"
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
        let expected = r#"Upload::new(
    "example",
    "2024-02-01T00:00:00Z".parse::<chrono::DateTime<chrono::FixedOffset>>()?,
    Account::new("a1"),
)
.with_shape(Shape::Circle(Circle::new("circle", 2.0)))"#;
        assert_eq!(render(&TypeRef::Named(UPLOAD), &example), expected);
    }

    #[test]
    fn enum_values_the_sdk_does_not_know_go_through_from() {
        assert_eq!(
            render(&TypeRef::Named(STATE), &json!("PAUSED")),
            "State::from(\"PAUSED\")"
        );
        assert_eq!(
            render(&TypeRef::Named(STATE), &json!("FAILED")),
            "State::Failed"
        );
    }

    #[test]
    fn numbers_keep_their_rust_type() {
        let i32_type = TypeRef::Integer(IntegerFormat::I32);
        assert_eq!(render(&i32_type, &json!(5_000_000_000_i64)), "1");
        assert_eq!(
            render(
                &TypeRef::Integer(IntegerFormat::I64),
                &json!(5_000_000_000_i64)
            ),
            "5000000000"
        );
        assert_eq!(
            render(&TypeRef::Number(crate::ir::NumberFormat::F64), &json!(5)),
            "5.0"
        );
        assert_eq!(
            render(&TypeRef::String, &json!("say \"hi\"")),
            r#""say \"hi\"".to_owned()"#
        );
    }

    #[test]
    fn short_lists_stay_on_one_line() {
        let list = TypeRef::List(Box::new(TypeRef::String));
        assert_eq!(
            render(&list, &json!(["a", "b"])),
            r#"vec!["a".to_owned(), "b".to_owned()]"#
        );
        let long = render(
            &list,
            &json!(["passwordMinLength is 8", "passwordMinAlpha is 1"]),
        );
        assert_eq!(
            long,
            "vec![\n    \"passwordMinLength is 8\".to_owned(),\n    \"passwordMinAlpha is 1\".to_owned(),\n]"
        );
    }
}
