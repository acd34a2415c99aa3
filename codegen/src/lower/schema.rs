//! Schemas into types: the type space, with one id per schema location.
//!
//! A schema reached through several `$ref`s is one type (it is keyed by where it is defined);
//! ids are handed out before a struct's fields are lowered, so recursive schemas terminate.
//! Names are only preferences here; `names::assign` makes them unique at the end.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::names::{type_name, value_name, variant_name};
use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{
    Docs, Enumeration, Field, IntegerFormat, NumberFormat, Struct, TypeId, TypeKind, TypeRef,
    Variant,
};
use crate::load::{ref_of, Reference, Spec};

/// A schema as used in one place: its type plus what the place adds (nullable, docs).
#[derive(Debug, Clone)]
pub(crate) struct SchemaUse {
    pub(crate) ty: TypeRef,
    pub(crate) nullable: bool,
    pub(crate) read_only: bool,
    pub(crate) deprecated: bool,
    /// The description written at the place of use (beside a `$ref`, or on an inline schema).
    pub(crate) description: Option<String>,
}

/// A type whose definition may still be under construction.
#[derive(Debug)]
pub(crate) struct PendingType {
    pub(crate) preferred_name: String,
    pub(crate) source: Location,
    pub(crate) docs: Docs,
    pub(crate) deprecated: bool,
    pub(crate) kind: Option<TypeKind>,
}

#[derive(Debug)]
pub(crate) struct TypeSpace<'s> {
    spec: &'s Spec,
    by_location: HashMap<Location, TypeId>,
    pub(crate) types: Vec<PendingType>,
}

impl<'s> TypeSpace<'s> {
    pub(crate) fn new(spec: &'s Spec) -> Self {
        TypeSpace {
            spec,
            by_location: HashMap::new(),
            types: Vec::new(),
        }
    }

    /// Lowers the schema at `location`; `hint` names it if it is an inline object or enum.
    pub(crate) fn schema(
        &mut self,
        location: &Location,
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<SchemaUse, Error> {
        let spec = self.spec;
        let value = spec
            .get(location)
            .ok_or_else(|| Error::invalid(location, "expected a schema here"))?;
        self.schema_value(location, value, hint, diagnostics)
    }

    fn schema_value(
        &mut self,
        location: &Location,
        value: &'s Value,
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<SchemaUse, Error> {
        let (target, target_value, mut usage) = self.follow_refs(location, value)?;
        let object = target_value
            .as_object()
            .ok_or_else(|| Error::invalid(&target, "expected a schema object"))?;
        usage.nullable |= flag(object, "nullable");
        usage.read_only |= flag(object, "readOnly");
        usage.deprecated |= flag(object, "deprecated");
        let is_inline = target == *location;
        if is_inline && usage.description.is_none() {
            usage.description = text(object, "description");
        }
        // `allOf: [ $ref ]` is the usual way to attach a description or `nullable` to a `$ref`.
        if let Some(Value::Array(parts)) = object.get("allOf") {
            if let [only] = parts.as_slice() {
                let inner =
                    self.schema_value(&target.join("allOf").join("0"), only, hint, diagnostics)?;
                usage.ty = inner.ty;
                usage.nullable |= inner.nullable;
                return Ok(usage);
            }
        }
        usage.ty = self.type_of(&target, object, hint, &mut usage, diagnostics)?;
        Ok(usage)
    }

    /// Follows a `$ref` chain, keeping the keys written beside each `$ref`.
    fn follow_refs(
        &self,
        location: &Location,
        value: &'s Value,
    ) -> Result<(Location, &'s Value, SchemaUse), Error> {
        let mut usage = SchemaUse {
            ty: TypeRef::Any,
            nullable: false,
            read_only: false,
            deprecated: false,
            description: None,
        };
        let mut current = (location.clone(), value);
        let mut seen = vec![location.clone()];
        while let Some(reference) = ref_of(current.1) {
            if let Some(object) = current.1.as_object() {
                usage.nullable |= flag(object, "nullable");
                usage.read_only |= flag(object, "readOnly");
                usage.deprecated |= flag(object, "deprecated");
                if usage.description.is_none() {
                    usage.description = text(object, "description");
                }
            }
            let target = Reference::parse(reference, &current.0)?.resolve(&current.0);
            if seen.contains(&target) {
                let chain: Vec<String> = seen.iter().map(ToString::to_string).collect();
                return Err(Error::RefCycle {
                    location: location.clone(),
                    chain: format!("{} -> {target}", chain.join(" -> ")),
                });
            }
            let next = self.spec.get(&target).ok_or_else(|| Error::DanglingRef {
                location: current.0.clone(),
                reference: reference.to_owned(),
                message: format!("nothing at {target}"),
            })?;
            seen.push(target.clone());
            current = (target, next);
        }
        Ok((current.0, current.1, usage))
    }

    fn type_of(
        &mut self,
        location: &Location,
        object: &'s Map<String, Value>,
        hint: &str,
        usage: &mut SchemaUse,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        if let Some(id) = self.by_location.get(location) {
            return Ok(TypeRef::Named(*id));
        }
        for keyword in ["allOf", "oneOf", "anyOf", "not"] {
            if object.contains_key(keyword) {
                return Err(Error::unsupported(
                    &location.join(keyword),
                    format!("`{keyword}` schemas"),
                ));
            }
        }
        let declared_type = match object.get("type") {
            None => None,
            Some(Value::String(name)) => Some(name.as_str()),
            Some(other) => {
                return Err(Error::invalid(
                    &location.join("type"),
                    format!("`type` must be a string in OpenAPI 3.0, found {other}"),
                ))
            }
        };
        if let Some(Value::Array(values)) = object.get("enum") {
            if matches!(declared_type, None | Some("string")) {
                return self.enumeration(location, object, values, hint, usage, diagnostics);
            }
        }
        let properties = object.get("properties").and_then(Value::as_object);
        match declared_type {
            Some("string") => Ok(TypeRef::String),
            Some("boolean") => Ok(TypeRef::Boolean),
            Some("integer") => Ok(TypeRef::Integer(
                match object.get("format").and_then(Value::as_str) {
                    Some("int32") => IntegerFormat::I32,
                    _ => IntegerFormat::I64,
                },
            )),
            Some("number") => Ok(TypeRef::Number(
                match object.get("format").and_then(Value::as_str) {
                    Some("float") => NumberFormat::F32,
                    _ => NumberFormat::F64,
                },
            )),
            Some("array") => {
                let items_location = location.join("items");
                match object.get("items") {
                    None => Ok(TypeRef::List(Box::new(TypeRef::Any))),
                    Some(items) => {
                        let item_hint = format!("{hint}Item");
                        let item =
                            self.schema_value(&items_location, items, &item_hint, diagnostics)?;
                        Ok(TypeRef::List(Box::new(item.ty)))
                    }
                }
            }
            Some("object") | None => {
                if properties.is_some_and(|props| !props.is_empty()) {
                    return self.structure(location, object, hint, diagnostics);
                }
                match object.get("additionalProperties") {
                    Some(Value::Object(schema)) if !schema.is_empty() => {
                        let value_hint = format!("{hint}Value");
                        let values = self.schema_value(
                            &location.join("additionalProperties"),
                            &object["additionalProperties"],
                            &value_hint,
                            diagnostics,
                        )?;
                        Ok(TypeRef::Map(Box::new(values.ty)))
                    }
                    Some(Value::Object(_)) | Some(Value::Bool(true)) => {
                        Ok(TypeRef::Map(Box::new(TypeRef::Any)))
                    }
                    _ => Ok(TypeRef::Any),
                }
            }
            Some(other) => {
                diagnostics.warn(
                    WarningKind::InvalidType,
                    &location.join("type"),
                    format!("`type: {other}` is not an OpenAPI type; treated as a string"),
                )?;
                Ok(TypeRef::String)
            }
        }
    }

    /// Reserves an id for the schema at `location`, so recursion finds it while it is built.
    fn reserve(&mut self, location: &Location, object: &Map<String, Value>, hint: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.by_location.insert(location.clone(), id);
        self.types.push(PendingType {
            preferred_name: preferred_name(location, object, hint),
            source: location.clone(),
            docs: Docs {
                title: text(object, "title"),
                description: text(object, "description"),
            },
            deprecated: flag(object, "deprecated"),
            kind: None,
        });
        id
    }

    fn structure(
        &mut self,
        location: &Location,
        object: &'s Map<String, Value>,
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let id = self.reserve(location, object, hint);
        let parent_name = self.types[id.0].preferred_name.clone();
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields: Vec<Field> = Vec::new();
        let properties_location = location.join("properties");
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (wire_name, schema) in properties {
                let field_location = properties_location.join(wire_name);
                let field_hint = format!("{parent_name}{}", type_name(wire_name));
                let usage = self.schema_value(&field_location, schema, &field_hint, diagnostics)?;
                let mut rust_name = value_name(wire_name);
                while fields.iter().any(|field| field.rust_name == rust_name) {
                    rust_name.push('_');
                }
                fields.push(Field {
                    wire_name: wire_name.clone(),
                    rust_name,
                    ty: usage.ty,
                    required: required.contains(&wire_name.as_str()),
                    nullable: usage.nullable,
                    read_only: usage.read_only,
                    deprecated: usage.deprecated,
                    boxed: false,
                    docs: Docs {
                        title: None,
                        description: usage.description,
                    },
                });
            }
        }
        let additional_properties = match object.get("additionalProperties") {
            Some(Value::Bool(true)) => Some(TypeRef::Any),
            Some(Value::Object(schema)) if schema.is_empty() => Some(TypeRef::Any),
            Some(schema @ Value::Object(_)) => {
                let value_hint = format!("{parent_name}Value");
                let values = self.schema_value(
                    &location.join("additionalProperties"),
                    schema,
                    &value_hint,
                    diagnostics,
                )?;
                Some(values.ty)
            }
            _ => None,
        };
        self.types[id.0].kind = Some(TypeKind::Struct(Struct {
            fields,
            additional_properties,
        }));
        Ok(TypeRef::Named(id))
    }

    fn enumeration(
        &mut self,
        location: &Location,
        object: &'s Map<String, Value>,
        values: &[Value],
        hint: &str,
        usage: &mut SchemaUse,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let mut variants: Vec<Variant> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            match value {
                Value::String(wire_name) => {
                    if variants
                        .iter()
                        .any(|variant| variant.wire_name == *wire_name)
                    {
                        continue;
                    }
                    let base = variant_name(wire_name);
                    let mut rust_name = base.clone();
                    let mut counter = 2;
                    while variants
                        .iter()
                        .any(|variant| variant.rust_name == rust_name)
                    {
                        rust_name = format!("{base}{counter}");
                        counter += 1;
                    }
                    variants.push(Variant {
                        wire_name: wire_name.clone(),
                        rust_name,
                    });
                }
                Value::Null => {
                    if !flag(object, "nullable") && !usage.nullable {
                        diagnostics.warn(
                            WarningKind::EnumNull,
                            &location.join("enum").join(&index.to_string()),
                            "`null` is listed as an enum value without `nullable: true`; the field is made nullable",
                        )?;
                    }
                    usage.nullable = true;
                }
                other => {
                    return Err(Error::unsupported(
                        &location.join("enum").join(&index.to_string()),
                        format!("enum value {other} in a string enum"),
                    ))
                }
            }
        }
        let id = self.reserve(location, object, hint);
        self.types[id.0].kind = Some(TypeKind::Enum(Enumeration { variants }));
        Ok(TypeRef::Named(id))
    }
}

/// A schema in its own file is named after the file; a component after its key; an inline
/// schema after its `title`, or else after where it sits (`hint`).
fn preferred_name(location: &Location, object: &Map<String, Value>, hint: &str) -> String {
    if location.pointer.is_empty() {
        let stem = location.file.rsplit('/').next().unwrap_or(&location.file);
        let stem = stem.split('.').next().unwrap_or(stem);
        return type_name(stem);
    }
    if let Some(key) = location.pointer.strip_prefix("/components/schemas/") {
        if !key.contains('/') {
            return type_name(&key.replace("~1", "/").replace("~0", "~"));
        }
    }
    if let Some(title) = text(object, "title") {
        return type_name(&title);
    }
    type_name(hint)
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    let value = object.get(key)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}
