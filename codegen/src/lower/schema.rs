//! Schemas into types: the type space, with one id per schema location.
//!
//! A schema reached through several `$ref`s is one type (it is keyed by where it is defined);
//! ids are handed out before a struct's fields are lowered, so recursive schemas terminate.
//! Names are only preferences here; `names::assign` makes them unique at the end.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{
    resolve_alias_with, Alias, Docs, EnumRepr, Enumeration, Field, IntegerFormat, NumberFormat,
    OneOf, OneOfVariant, Pin, Struct, TypeId, TypeKind, TypeRef, Variant,
};
use crate::load::{ref_chain_too_deep, Reference, Spec, MAX_REF_CHAIN};
use crate::names::{first_free_name, type_name, value_name, variant_name};
use crate::view::{AdditionalProperties, Keyword, SchemaObject};

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
    /// The name from where the schema was first used (`ShapeMeta`), to tell apart two schemas
    /// that want the same preferred name.
    pub(crate) context_name: String,
    /// The schema lists `null` among its values: every use of it is nullable.
    pub(crate) admits_null: bool,
    pub(crate) source: Location,
    pub(crate) docs: Docs,
    pub(crate) deprecated: bool,
    pub(crate) kind: Option<TypeKind>,
    /// The schema's examples (see `TypeDef::examples`).
    pub(crate) examples: Vec<Value>,
}

#[derive(Debug)]
pub(crate) struct TypeSpace<'s> {
    spec: &'s Spec,
    by_location: HashMap<Location, TypeId>,
    pub(crate) types: Vec<PendingType>,
    /// Schemas being looked through without an id of their own yet: a lone `allOf`/`oneOf`
    /// part, `allOf` parts merged into a parent, or an unnamed list or map. Meeting one again
    /// means the schema is made of itself and has no shape, which would otherwise recurse
    /// forever.
    looking_through: Vec<Location>,
    /// How many schemas are being lowered inside one another right now (lowering recurses into
    /// members and `$ref` targets); bounded by [`MAX_SCHEMA_NESTING`].
    nesting: usize,
}

/// How deep lowering may recurse through schemas (members, items, parts and `$ref` targets
/// met for the first time) before it refuses the spec. Real specs stay far below it (the
/// whole upstream beta spec reaches 12); a hostile one would otherwise overflow the stack,
/// which aborts the process instead of returning an error.
const MAX_SCHEMA_NESTING: usize = 200;
/// Stack left before lowering asks for more, and how much it asks for at a time.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

impl<'s> TypeSpace<'s> {
    pub(crate) fn new(spec: &'s Spec) -> Self {
        TypeSpace {
            spec,
            by_location: HashMap::new(),
            types: Vec::new(),
            looking_through: Vec::new(),
            nesting: 0,
        }
    }

    /// `ty` with plain aliases looked through, for places that need the shape itself (a
    /// parameter is sent as text, so its alias name does not matter there). An alias still
    /// under construction is a recursive one, and stays.
    pub(crate) fn resolve_alias(&self, ty: &TypeRef) -> TypeRef {
        resolve_alias_with(ty, self.types.len(), |id| self.pending(id).kind.as_ref()).clone()
    }

    /// Whether a value of `ty` is written as one piece of text (in a path, a header, a query
    /// list): a scalar, a date, or an enum.
    pub(crate) fn is_text(&self, ty: &TypeRef) -> bool {
        crate::ir::is_text_with(&self.resolve_alias(ty), |id| self.pending(id).kind.as_ref())
    }

    /// Whether every value of `ty` is written in JSON as a string, a number or a boolean: a
    /// text type, or a `oneOf` of such types (whose JSON form is then the parameter's text).
    pub(crate) fn is_scalar_json(&self, ty: &TypeRef, depth: usize) -> bool {
        if self.is_text(ty) {
            return true;
        }
        match self.resolve_alias(ty) {
            TypeRef::Named(id) if depth < MAX_REF_CHAIN => match &self.pending(id).kind {
                Some(TypeKind::OneOf(one_of)) => one_of
                    .variants
                    .iter()
                    .all(|variant| self.is_scalar_json(&variant.ty, depth + 1)),
                _ => false,
            },
            _ => false,
        }
    }

    fn pending(&self, id: TypeId) -> &PendingType {
        &self.types[id.0]
    }

    fn pending_mut(&mut self, id: TypeId) -> &mut PendingType {
        &mut self.types[id.0]
    }

    /// Runs `inside` for the members of a type that has an id: recursion back to that type
    /// ends at its id, so what was being looked through before is no longer in the way (and
    /// a schema met again through a named type is not a loop).
    fn inside_named_type<T>(
        &mut self,
        inside: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let outer = std::mem::take(&mut self.looking_through);
        let result = inside(self);
        self.looking_through = outer;
        result
    }

    /// Runs `inside` while `location` is being looked through; an error if it already is.
    fn look_through<T>(
        &mut self,
        location: &Location,
        inside: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if let Some(start) = self
            .looking_through
            .iter()
            .position(|seen| seen == location)
        {
            let chain: Vec<String> = self.looking_through[start..]
                .iter()
                .chain([location])
                .map(ToString::to_string)
                .collect();
            return Err(Error::RefCycle {
                location: location.clone(),
                chain: format!(
                    "{} (through `allOf`, `oneOf`, `anyOf`, `items` or `additionalProperties` with no named schema in between, so the schema has no shape of its own)",
                    chain.join(" -> ")
                ),
            });
        }
        self.looking_through.push(location.clone());
        let result = inside(self);
        self.looking_through.pop();
        result
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
        if self.nesting >= MAX_SCHEMA_NESTING {
            return Err(Error::unsupported(
                location,
                format!(
                    "schemas nested more than {MAX_SCHEMA_NESTING} deep (through members, items, \
                     allOf/oneOf parts and `$ref`s); the generator stops here rather than \
                     overflow its stack"
                ),
            ));
        }
        self.nesting += 1;
        // One level of nesting takes about 11 KiB of stack in a debug build, so the limit
        // above would not fit a 2 MiB thread (tokio's workers, test threads): grow the stack
        // on the heap when it runs low, whatever thread the caller runs us on.
        let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.schema_value_nested(location, value, hint, diagnostics)
        });
        self.nesting -= 1;
        result
    }

    fn schema_value_nested(
        &mut self,
        location: &Location,
        value: &'s Value,
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<SchemaUse, Error> {
        let (target, target_value, mut usage) = self.follow_refs(location, value)?;
        let schema = SchemaObject::read(&target, target_value)?;
        usage.nullable |= schema.nullable();
        usage.read_only |= schema.read_only();
        usage.deprecated |= schema.deprecated();
        let is_inline = target == *location;
        if is_inline && usage.description.is_none() {
            usage.description = schema.description().map(str::to_owned);
        }
        // `allOf: [ $ref ]`, or `allOf: [ $ref, { nullable: true } ]`, is how specs attach a
        // description or `nullable` to a `$ref`: one part has the shape, the others only notes.
        if let Some(parts) = schema.all_of() {
            let (shapes, notes): (Vec<_>, Vec<_>) =
                parts.iter().enumerate().partition(|(_, part)| {
                    !SchemaObject::of(part).is_some_and(|part| part.is_annotation_only())
                });
            if let ([(index, only)], false) = (shapes.as_slice(), schema.has(Keyword::Properties)) {
                let part_location = target.join("allOf").join(&index.to_string());
                let inner = self.look_through(&target, |space| {
                    space.schema_value(&part_location, only, hint, diagnostics)
                })?;
                usage.ty = inner.ty;
                usage.nullable |= inner.nullable;
                for (_, note) in notes {
                    if let Some(note) = SchemaObject::of(note) {
                        usage.nullable |= note.nullable();
                        usage.read_only |= note.read_only();
                        usage.deprecated |= note.deprecated();
                        if usage.description.is_none() {
                            usage.description = note.description().map(str::to_owned);
                        }
                    }
                }
                if usage.description.is_none() {
                    usage.description = inner.description;
                }
                return Ok(usage);
            }
        }
        usage.ty = self.type_of(&target, &schema, hint, &mut usage, diagnostics)?;
        if let TypeRef::Named(id) = usage.ty {
            usage.nullable |= self.pending(id).admits_null;
        }
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
        while let Some(beside) = SchemaObject::of(current.1) {
            let Some(reference) = beside.reference() else {
                break;
            };
            usage.nullable |= beside.nullable();
            usage.read_only |= beside.read_only();
            usage.deprecated |= beside.deprecated();
            if usage.description.is_none() {
                usage.description = beside.description().map(str::to_owned);
            }
            let target = Reference::parse(reference, &current.0)?.resolve(&current.0);
            if seen.len() > MAX_REF_CHAIN {
                return Err(ref_chain_too_deep(location));
            }
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
        schema: &SchemaObject<'s>,
        hint: &str,
        usage: &mut SchemaUse,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        if let Some(id) = self.by_location.get(location) {
            return Ok(TypeRef::Named(*id));
        }
        if let Some(parts) = schema.all_of() {
            if let Some(scalar) =
                self.scalar_all_of(location, schema, parts, hint, usage, diagnostics)?
            {
                return Ok(scalar);
            }
            return self.all_of(location, schema, parts, hint, diagnostics);
        }
        for (keyword, parts) in [("oneOf", schema.one_of()), ("anyOf", schema.any_of())] {
            if let Some(parts) = parts {
                if let Some((values, titles)) = self.constant_parts(location, keyword, parts)? {
                    return self.enumeration(
                        location,
                        schema,
                        &values,
                        schema.type_name(),
                        hint,
                        usage,
                        &titles,
                        diagnostics,
                    );
                }
                return self.one_of(location, schema, keyword, parts, hint, usage, diagnostics);
            }
        }
        if schema.has(Keyword::Not) {
            diagnostics.warn(
                WarningKind::Approximated,
                &location.join("not"),
                "`not` cannot be expressed as a Rust type; any JSON value is accepted",
            )?;
            return Ok(TypeRef::Any);
        }
        let declared_type = match schema.declared_type() {
            Ok(declared_type) => declared_type,
            Err(Value::Array(names)) if names.iter().all(Value::is_string) => {
                diagnostics.warn(
                    WarningKind::Approximated,
                    &location.join("type"),
                    format!(
                        "a value of several types ({}) is generated as any JSON value",
                        Value::Array(names.clone())
                    ),
                )?;
                return Ok(TypeRef::Any);
            }
            Err(other) => {
                return Err(Error::invalid(
                    &location.join("type"),
                    format!("`type` must be a string or a list of strings, found {other}"),
                ))
            }
        };
        self.check_default(location, schema, declared_type, diagnostics)?;
        if let Some(values) = schema.enumeration() {
            match declared_type {
                None | Some("string") | Some("integer") => {
                    return self.enumeration(
                        location,
                        schema,
                        values,
                        declared_type,
                        hint,
                        usage,
                        &[],
                        diagnostics,
                    )
                }
                Some(other) => diagnostics.warn(
                    WarningKind::Approximated,
                    &location.join("enum"),
                    format!("an enum of `{other}` values is generated as its `{other}` type; the allowed values are not checked"),
                )?,
            }
        }
        let properties = schema.properties();
        match declared_type {
            Some("string") => Ok(match schema.format() {
                Some("date") => TypeRef::Date,
                Some("date-time") => TypeRef::DateTime,
                Some("binary") => TypeRef::Bytes,
                // OpenAPI 3.1 says "binary" this way: content of a media type, not base64 text.
                _ if is_binary_content(schema) => TypeRef::Bytes,
                _ => TypeRef::String,
            }),
            Some("boolean") => Ok(TypeRef::Boolean),
            Some("integer") => Ok(integer_type(schema.format())),
            Some("number") => Ok(TypeRef::Number(match schema.format() {
                Some("float") => NumberFormat::F32,
                _ => NumberFormat::F64,
            })),
            Some("array") if schema.has_prefix_items() && schema.items().is_none() => {
                diagnostics.warn(
                    WarningKind::Approximated,
                    &location.join("prefixItems"),
                    "a tuple (`prefixItems`) is generated as a list of any JSON values",
                )?;
                self.named_alias(location, schema, hint, |_| {
                    Ok(TypeRef::List(Box::new(TypeRef::Any)))
                })
            }
            Some("array") => self.named_alias(location, schema, hint, |space| {
                let items_location = location.join("items");
                match schema.items() {
                    None => Ok(TypeRef::List(Box::new(TypeRef::Any))),
                    Some(items) => {
                        let item_hint = format!("{hint}Item");
                        let item =
                            space.schema_value(&items_location, items, &item_hint, diagnostics)?;
                        Ok(TypeRef::List(Box::new(TypeRef::nullable_if(
                            item.ty,
                            item.nullable,
                        ))))
                    }
                }
            }),
            Some("object") | None => {
                if properties.is_some_and(|props| !props.is_empty()) {
                    return self.structure(location, schema, hint, diagnostics);
                }
                match schema.additional_properties() {
                    AdditionalProperties::Schema(values) => {
                        self.named_alias(location, schema, hint, |space| {
                            let value_hint = format!("{hint}Value");
                            let values = space.schema_value(
                                &location.join("additionalProperties"),
                                values,
                                &value_hint,
                                diagnostics,
                            )?;
                            Ok(TypeRef::Map(Box::new(TypeRef::nullable_if(
                                values.ty,
                                values.nullable,
                            ))))
                        })
                    }
                    AdditionalProperties::Any => self.named_alias(location, schema, hint, |_| {
                        Ok(TypeRef::Map(Box::new(TypeRef::Any)))
                    }),
                    AdditionalProperties::None => Ok(TypeRef::Any),
                }
            }
            Some(other) => invalid_type(location, other, diagnostics),
        }
    }

    /// A list or map: an alias when the schema has a name of its own (its own file, or a
    /// component), so the name and docs survive and a list of itself terminates; otherwise
    /// the bare type. `target` builds the list or map.
    fn named_alias(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'_>,
        hint: &str,
        target: impl FnOnce(&mut Self) -> Result<TypeRef, Error>,
    ) -> Result<TypeRef, Error> {
        if !has_own_name(location) {
            // An unnamed list of itself (reached through a `$ref` into the middle of a file)
            // has no type to stand for it: an error, not endless recursion.
            return self.look_through(location, target);
        }
        let id = self.reserve(location, schema, hint);
        let target = self.inside_named_type(target)?;
        self.pending_mut(id).kind = Some(TypeKind::Alias(Alias {
            target,
            newtype: false,
        }));
        Ok(TypeRef::Named(id))
    }

    /// Reserves an id for the schema at `location`, so recursion finds it while it is built.
    fn reserve(&mut self, location: &Location, schema: &SchemaObject<'_>, hint: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.by_location.insert(location.clone(), id);
        self.types.push(PendingType {
            preferred_name: preferred_name(location, schema, hint),
            context_name: type_name(hint),
            admits_null: false,
            source: location.clone(),
            docs: Docs {
                title: schema.title().map(str::to_owned),
                description: schema.description().map(str::to_owned),
            },
            deprecated: schema.deprecated(),
            kind: None,
            examples: schema.examples(),
        });
        id
    }

    fn structure(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let id = self.reserve(location, schema, hint);
        let parent_name = self.pending(id).preferred_name.clone();
        let mut members = Members::default();
        self.inside_named_type(|space| {
            space.collect_members(location, schema, &parent_name, &mut members, diagnostics)
        })?;
        self.pending_mut(id).kind = Some(TypeKind::Struct(members.finish()));
        Ok(TypeRef::Named(id))
    }

    /// Adds the properties, `required` names and `additionalProperties` of one object schema.
    fn collect_members(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        parent_name: &str,
        members: &mut Members,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), Error> {
        members
            .required
            .extend(schema.required().map(str::to_owned));
        let properties_location = location.join("properties");
        if let Some(properties) = schema.properties() {
            for (wire_name, member) in properties {
                let field_location = properties_location.join(wire_name);
                let field_hint = format!("{parent_name}{}", type_name(wire_name));
                let usage = self.schema_value(&field_location, member, &field_hint, diagnostics)?;
                let sensitive = self.holds_secret(&field_location, member, 0);
                members.add(Field {
                    sensitive,
                    wire_name: wire_name.clone(),
                    rust_name: value_name(wire_name),
                    ty: usage.ty,
                    required: false,
                    nullable: usage.nullable,
                    read_only: usage.read_only,
                    deprecated: usage.deprecated,
                    boxed: false,
                    flatten: false,
                    explicit_null: false,
                    docs: Docs {
                        title: None,
                        description: usage.description,
                    },
                });
            }
        }
        match schema.additional_properties() {
            AdditionalProperties::Any => members.additional_properties = Some(TypeRef::Any),
            AdditionalProperties::Schema(values) => {
                let value_hint = format!("{parent_name}Value");
                let values = self.schema_value(
                    &location.join("additionalProperties"),
                    values,
                    &value_hint,
                    diagnostics,
                )?;
                members.additional_properties =
                    Some(TypeRef::nullable_if(values.ty, values.nullable));
            }
            AdditionalProperties::None => {}
        }
        Ok(())
    }

    /// `allOf`: the parts' members merged into one struct. A part that is not an object (a
    /// `oneOf`, say) cannot be merged; it becomes a flattened field instead.
    fn all_of(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        parts: &'s [Value],
        hint: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let id = self.reserve(location, schema, hint);
        let parent_name = self.pending(id).preferred_name.clone();
        let mut members = Members::default();
        self.inside_named_type(|space| {
            space.look_through(location, |space| {
                space.merge_parts(location, parts, &parent_name, &mut members, diagnostics)
            })?;
            space.collect_members(location, schema, &parent_name, &mut members, diagnostics)
        })?;
        if self.pending(id).docs.description.is_none() {
            self.pending_mut(id).docs.description = members.first_description.take();
        }
        self.pending_mut(id).kind = Some(TypeKind::Struct(members.finish()));
        Ok(TypeRef::Named(id))
    }

    /// Whether a value of the schema at `location` is a secret (`format: password`), or a list
    /// or map of secrets: on the schema itself, beside or behind its `$ref`s, on a scalar
    /// `allOf` part, on list items or map values. (An object's own secret fields are its own
    /// business: its `Debug` hides them.) A schema that cannot be followed is not one.
    pub(crate) fn holds_secret(&self, location: &Location, value: &'s Value, depth: usize) -> bool {
        const PASSWORD: Option<&str> = Some("password");
        if depth > MAX_REF_CHAIN {
            return false;
        }
        // `format` beside a `$ref` counts too.
        if SchemaObject::of(value).and_then(|beside| beside.format()) == PASSWORD {
            return true;
        }
        let Ok((target, value, _)) = self.follow_refs(location, value) else {
            return false;
        };
        let Some(schema) = SchemaObject::of(value) else {
            return false;
        };
        if schema.format() == PASSWORD {
            return true;
        }
        let parts = schema.all_of().unwrap_or_default();
        let in_parts = parts.iter().enumerate().any(|(index, part)| {
            self.holds_secret(
                &target.join("allOf").join(&index.to_string()),
                part,
                depth + 1,
            )
        });
        let in_items = schema
            .items()
            .is_some_and(|items| self.holds_secret(&target.join("items"), items, depth + 1));
        let in_values = match schema.additional_properties() {
            AdditionalProperties::Schema(values) => {
                self.holds_secret(&target.join("additionalProperties"), values, depth + 1)
            }
            _ => false,
        };
        in_parts || in_items || in_values
    }

    /// An `allOf` whose parts are all scalars (`[$ref: ElasticVersion, {type: string,
    /// description: …}]`) is that scalar, not a struct of `part_1`, `part_2` that no value
    /// could fill: the most constrained part's type (an enum over its base type, a date over
    /// a string), with the parts' description and `nullable`. Parts of different kinds (a
    /// string and an integer) are approximated by the first, with a warning. `None` when some
    /// part is not a scalar.
    fn scalar_all_of(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        parts: &'s [Value],
        hint: &str,
        usage: &mut SchemaUse,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<TypeRef>, Error> {
        if schema.has(Keyword::Properties) || schema.has(Keyword::AdditionalProperties) {
            return Ok(None);
        }
        for (index, part) in parts.iter().enumerate() {
            let part_location = location.join("allOf").join(&index.to_string());
            let (target, value, _) = self.follow_refs(&part_location, part)?;
            let part = SchemaObject::read(&target, value)?;
            let scalar = (matches!(
                part.type_name(),
                Some("string" | "integer" | "number" | "boolean")
            ) || (part.type_name().is_none() && part.has(Keyword::Enum)))
                && !part.has(Keyword::AllOf)
                && !part.has(Keyword::OneOf)
                && !part.has(Keyword::AnyOf);
            if !scalar && !part.is_annotation_only() {
                return Ok(None);
            }
        }
        let mut chosen: Option<(u8, TypeRef)> = None;
        for (index, part) in parts.iter().enumerate() {
            let part_location = location.join("allOf").join(&index.to_string());
            let part_use = self.look_through(location, |space| {
                space.schema_value(&part_location, part, hint, diagnostics)
            })?;
            usage.nullable |= part_use.nullable;
            usage.read_only |= part_use.read_only;
            if usage.description.is_none() {
                usage.description = part_use.description.clone();
            }
            if matches!(part_use.ty, TypeRef::Any) {
                continue; // A part that only annotates.
            }
            let rank = self.constraint_rank(&part_use.ty);
            match &chosen {
                None => chosen = Some((rank, part_use.ty)),
                Some((_, ty)) if self.scalar_kind(ty) != self.scalar_kind(&part_use.ty) => {
                    diagnostics.warn(
                        WarningKind::Approximated,
                        &part_location,
                        "this `allOf` part is a scalar of another kind than the first; the value is generated as the first part's type",
                    )?;
                }
                Some((best, _)) if rank > *best => chosen = Some((rank, part_use.ty)),
                Some(_) => {}
            }
        }
        Ok(chosen.map(|(_, ty)| ty))
    }

    /// How constrained a scalar type is: an enum over a date over its plain base type.
    fn constraint_rank(&self, ty: &TypeRef) -> u8 {
        match ty {
            TypeRef::Named(_) => 2,
            TypeRef::Date | TypeRef::DateTime | TypeRef::Bytes => 1,
            _ => 0,
        }
    }

    /// The JSON kind of a scalar type: string, integer, number or boolean.
    fn scalar_kind(&self, ty: &TypeRef) -> &'static str {
        match self.resolve_alias(ty) {
            TypeRef::Integer(_) => "integer",
            TypeRef::Number(_) => "number",
            TypeRef::Boolean => "boolean",
            TypeRef::Named(id) => match &self.pending(id).kind {
                Some(TypeKind::Enum(enumeration)) if enumeration.repr == EnumRepr::Integer => {
                    "integer"
                }
                _ => "string",
            },
            _ => "string",
        }
    }

    fn merge_parts(
        &mut self,
        location: &Location,
        parts: &'s [Value],
        parent_name: &str,
        members: &mut Members,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), Error> {
        for (index, part) in parts.iter().enumerate() {
            let part_location = location.join("allOf").join(&index.to_string());
            let (target, value, _) = self.follow_refs(&part_location, part)?;
            let schema = SchemaObject::read(&target, value)?;
            if members.first_description.is_none() {
                members.first_description = schema.description().map(str::to_owned);
            }
            let mergeable = !schema.has(Keyword::OneOf)
                && !schema.has(Keyword::AnyOf)
                && !schema.has(Keyword::Enum)
                && matches!(schema.type_name(), None | Some("object"))
                && (schema.has(Keyword::Properties)
                    || schema.has(Keyword::AllOf)
                    || schema.has(Keyword::AdditionalProperties));
            if mergeable {
                if let Some(inner) = schema.all_of() {
                    self.look_through(&target, |space| {
                        space.merge_parts(&target, inner, parent_name, members, diagnostics)
                    })?;
                }
                // The members belong to the type being built, which has an id.
                self.inside_named_type(|space| {
                    space.collect_members(&target, &schema, parent_name, members, diagnostics)
                })?;
                continue;
            }
            let part_hint = format!("{parent_name}Part{}", index + 1);
            let usage = self.schema_value(&part_location, part, &part_hint, diagnostics)?;
            if matches!(usage.ty, TypeRef::Any) {
                continue; // `{}` or a description-only part adds nothing.
            }
            diagnostics.warn(
                WarningKind::Approximated,
                &part_location,
                "this `allOf` part is not an object with properties, so it cannot be merged; it is a flattened field",
            )?;
            members.add(Field {
                sensitive: false,
                wire_name: String::new(),
                rust_name: format!("part_{}", index + 1),
                ty: usage.ty,
                required: true,
                nullable: false,
                read_only: false,
                deprecated: false,
                boxed: false,
                flatten: true,
                explicit_null: false,
                docs: Docs {
                    title: None,
                    description: usage.description,
                },
            });
        }
        Ok(())
    }

    /// `oneOf` / `anyOf`: an enum with one variant per part.
    /// A `oneOf`/`anyOf` whose every part is one constant (`{title: BOT, const: bot}`, how
    /// OpenAPI 3.1 specs document the values of an enum): the values, and each one's title
    /// (which names its variant). `None` when some part is more than a constant. A `null`
    /// part is a value too (the enum is then nullable).
    #[allow(clippy::type_complexity)]
    fn constant_parts(
        &self,
        location: &Location,
        keyword: &str,
        parts: &'s [Value],
    ) -> Result<Option<(Vec<Value>, Vec<Option<String>>)>, Error> {
        let mut values = Vec::with_capacity(parts.len());
        let mut titles = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_location = location.join(keyword).join(&index.to_string());
            let (_, value, _) = self.follow_refs(&part_location, part)?;
            let Some(part) = SchemaObject::of(value) else {
                return Ok(None);
            };
            let shaped = [
                Keyword::Properties,
                Keyword::AllOf,
                Keyword::OneOf,
                Keyword::AnyOf,
            ]
            .into_iter()
            .any(|keyword| part.has(keyword));
            let constant = match (part.constant(), part.list_enum()) {
                (Some(value), _) => value.clone(),
                (None, Some([only])) => only.clone(),
                _ if part.is_null_only() => Value::Null,
                _ => return Ok(None),
            };
            if shaped || !(constant.is_string() || constant.is_i64() || constant.is_null()) {
                return Ok(None);
            }
            titles.push(part.title().map(str::to_owned));
            values.push(constant);
        }
        Ok((values.len() > 1).then_some((values, titles)))
    }

    /// A part that is `null` (`{type: 'null'}`, OpenAPI 3.1's way to write `nullable`) is no
    /// variant: it makes the value nullable.
    #[allow(clippy::too_many_arguments)]
    fn one_of(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        keyword: &str,
        parts: &'s [Value],
        hint: &str,
        usage: &mut SchemaUse,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let mut kept: Vec<(usize, &'s Value)> = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_location = location.join(keyword).join(&index.to_string());
            let (_, value, _) = self.follow_refs(&part_location, part)?;
            if SchemaObject::of(value).is_some_and(|part| part.is_null_only()) {
                usage.nullable = true;
            } else {
                kept.push((index, part));
            }
        }
        match kept.as_slice() {
            [] => return Ok(TypeRef::Any),
            [(index, only)] => {
                let inner = self.look_through(location, |space| {
                    let part_location = location.join(keyword).join(&index.to_string());
                    space.schema_value(&part_location, only, hint, diagnostics)
                })?;
                usage.nullable |= inner.nullable;
                return Ok(inner.ty);
            }
            _ => {}
        }
        let id = self.reserve(location, schema, hint);
        let parent_name = self.pending(id).preferred_name.clone();
        let mut variants: Vec<OneOfVariant> = Vec::new();
        let mut targets = Vec::new();
        for (index, part) in kept {
            let part_location = location.join(keyword).join(&index.to_string());
            let (target, followed, _) = self.follow_refs(&part_location, part)?;
            let part_hint = format!("{parent_name}Variant{}", index + 1);
            let usage = self.inside_named_type(|space| {
                space.schema_value(&part_location, part, &part_hint, diagnostics)
            })?;
            // A scalar part is named by its `title` where it has one (Oxide's `NameOrId`:
            // `Id` and `Name`, not `String` and `String2`), else by its type.
            let title = SchemaObject::of(followed).and_then(|part| part.title());
            let base = match (&usage.ty, title) {
                (TypeRef::Named(named), _) => self.pending(*named).preferred_name.clone(),
                (_, Some(title)) if !type_name(title).is_empty() => type_name(title),
                (other, _) => scalar_variant_name(other).to_owned(),
            };
            let rust_name = first_free_name(&base, |name| {
                variants.iter().any(|variant| variant.rust_name == name)
            });
            variants.push(OneOfVariant {
                rust_name,
                ty: usage.ty,
                boxed: false,
                tags: Vec::new(),
                pins: Vec::new(),
                sensitive: self.holds_secret(&part_location, part, 0),
            });
            targets.push(target);
        }
        // One file or many (`oneOf: [binary, array of binary]`, as OpenAI's uploads write it):
        // a list of files makes the same multipart parts either way.
        let files: Vec<TypeRef> = variants
            .iter()
            .map(|variant| self.resolve_alias(&variant.ty))
            .collect();
        if files.iter().all(TypeRef::is_file_content) {
            let target = files
                .into_iter()
                .find(|ty| matches!(ty, TypeRef::List(_)))
                .unwrap_or(TypeRef::Bytes);
            self.pending_mut(id).kind = Some(TypeKind::Alias(Alias {
                target,
                newtype: false,
            }));
            return Ok(TypeRef::Named(id));
        }
        let discriminator = match schema.discriminator() {
            Some(discriminator) => {
                let property = discriminator.property_name.ok_or_else(|| {
                    Error::invalid(
                        &location.join("discriminator"),
                        "a discriminator needs `propertyName`",
                    )
                })?;
                self.assign_tags(
                    location,
                    property,
                    discriminator.mapping,
                    &targets,
                    &mut variants,
                )?;
                match shared_tag(&variants) {
                    Some(tag) => {
                        // A tag that names two variants does not tell them apart: the value's
                        // shape must, as for a `oneOf` without a discriminator.
                        diagnostics.warn(
                            WarningKind::Approximated,
                            &location.join("discriminator"),
                            format!(
                                "`{property}: {tag}` is the tag of more than one variant; the variants are told apart by their members instead"
                            ),
                        )?;
                        for variant in &mut variants {
                            variant.tags.clear();
                        }
                        None
                    }
                    None => Some(property.to_owned()),
                }
            }
            None => None,
        };
        if discriminator.is_none() {
            for (variant, target) in variants.iter_mut().zip(&targets) {
                variant.pins = self.pins(target);
            }
        }
        self.pending_mut(id).kind = Some(TypeKind::OneOf(OneOf {
            discriminator,
            variants,
        }));
        Ok(TypeRef::Named(id))
    }

    /// Discriminator values per variant: from `mapping`; else the values the variant's
    /// `property` allows (its `enum` or `const`: real data carries those, as Spotify's
    /// `type: track` and OpenAI's `type: web_search` do), then the schema's name, which
    /// OpenAPI makes the default.
    fn assign_tags(
        &self,
        location: &Location,
        property: &str,
        mapping: Option<&serde_json::Map<String, Value>>,
        targets: &[Location],
        variants: &mut [OneOfVariant],
    ) -> Result<(), Error> {
        let mapping_location = location.join("discriminator").join("mapping");
        if let Some(mapping) = mapping {
            for (tag, reference) in mapping {
                let reference = reference.as_str().ok_or_else(|| {
                    Error::invalid(
                        &mapping_location.join(tag),
                        "a mapping value must be a `$ref` string",
                    )
                })?;
                let target = if reference.contains(['/', '.', '#']) {
                    Reference::parse(reference, &mapping_location)?.resolve(&mapping_location)
                } else {
                    Location::new(
                        mapping_location.file.clone(),
                        format!("/components/schemas/{reference}"),
                    )
                };
                let index = targets.iter().position(|candidate| *candidate == target).ok_or_else(|| {
                    Error::invalid(
                        &mapping_location.join(tag),
                        format!("the mapping points to {target}, which is not one of the `oneOf` schemas"),
                    )
                })?;
                variants[index].tags.push(tag.clone());
            }
        }
        for (variant, target) in variants.iter_mut().zip(targets) {
            if variant.tags.is_empty() {
                variant.tags = self.allowed_values(target, property, 0);
                let name = target
                    .last_segment()
                    .filter(|_| !target.pointer.is_empty())
                    .unwrap_or_else(|| file_stem(&target.file).to_owned());
                if !variant.tags.contains(&name) {
                    variant.tags.push(name);
                }
            }
        }
        Ok(())
    }

    /// The string values the member `property` of the object schema at `target` allows: its
    /// `enum` or `const`, through `$ref`s, `allOf` parts, and `oneOf`/`anyOf` parts (a `null`
    /// part adds none); for a `oneOf` of objects (a variant that is itself a union), every
    /// part's values. Empty when the member is free text or absent.
    fn allowed_values(&self, target: &Location, property: &str, depth: usize) -> Vec<String> {
        if depth > MAX_REF_CHAIN {
            return Vec::new(); // A schema made of itself.
        }
        let Some(schema) = self.spec.get(target).and_then(SchemaObject::of) else {
            return Vec::new();
        };
        if let Some(member) = schema
            .properties()
            .and_then(|members| members.get(property))
        {
            let location = target.join("properties").join(property);
            return self
                .member_values(&location, member, depth)
                .into_iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect();
        }
        // The object's own member, from `allOf`, before the objects its unions describe.
        self.union_of_parts(target, &schema, true, |part_location, part| {
            let (part_target, _, _) = self.follow_refs(part_location, part).ok()?;
            Some(self.allowed_values(&part_target, property, depth + 1))
        })
    }

    /// The scalar values a member's schema allows: `enum`, `const`, or those of its
    /// `allOf`/`oneOf`/`anyOf` parts (Discord writes `enum: [1]` beside an `allOf` of the full
    /// enum; OpenAI an `anyOf` of a one-value enum and `null`). `null` is not counted.
    fn member_values(&self, location: &Location, member: &Value, depth: usize) -> Vec<Value> {
        if depth > MAX_REF_CHAIN {
            return Vec::new();
        }
        let Ok((member_location, member, _)) = self.follow_refs(location, member) else {
            return Vec::new();
        };
        let Some(member) = SchemaObject::of(member) else {
            return Vec::new();
        };
        if let Some(values) = member.enumeration() {
            return values
                .iter()
                .filter(|value| value.is_string() || value.is_number() || value.is_boolean())
                .cloned()
                .collect();
        }
        self.union_of_parts(&member_location, &member, false, |part_location, part| {
            Some(self.member_values(part_location, part, depth + 1))
        })
    }

    /// The members of the object variant at `target` whose values it restricts, each with
    /// those values as JSON text.
    fn pins(&self, target: &Location) -> Vec<Pin> {
        self.member_restrictions(target, 0)
            .into_iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(member, values)| Pin {
                member,
                values: values.iter().map(Value::to_string).collect(),
            })
            .collect()
    }

    /// Every member of the object schema at `target` with the values it allows (none: any),
    /// merged as `allOf` merges them: parts in order, then the object's own properties, a later
    /// definition of a member replacing an earlier one.
    fn member_restrictions(&self, target: &Location, depth: usize) -> Vec<(String, Vec<Value>)> {
        if depth > MAX_REF_CHAIN {
            return Vec::new();
        }
        let Some(schema) = self.spec.get(target).and_then(SchemaObject::of) else {
            return Vec::new();
        };
        let mut members: Vec<(String, Vec<Value>)> = Vec::new();
        let mut define = |name: String, values: Vec<Value>| match members
            .iter_mut()
            .find(|(known, _)| *known == name)
        {
            Some(known) => known.1 = values,
            None => members.push((name, values)),
        };
        for (index, part) in schema.all_of().unwrap_or_default().iter().enumerate() {
            let part_location = target.join("allOf").join(&index.to_string());
            if let Ok((part_target, _, _)) = self.follow_refs(&part_location, part) {
                for (name, values) in self.member_restrictions(&part_target, depth + 1) {
                    define(name, values);
                }
            }
        }
        for (name, member) in schema.properties().into_iter().flatten() {
            let location = target.join("properties").join(name);
            define(name.clone(), self.member_values(&location, member, depth));
        }
        members
    }

    /// The union, in order and without repeats, of `values_of` over the `allOf`, `oneOf` and
    /// `anyOf` parts of the schema at `location`; with `all_of_first`, the `allOf` parts'
    /// values alone when they have any.
    fn union_of_parts<T: PartialEq>(
        &self,
        location: &Location,
        schema: &SchemaObject<'s>,
        all_of_first: bool,
        values_of: impl Fn(&Location, &'s Value) -> Option<Vec<T>>,
    ) -> Vec<T> {
        let mut values: Vec<T> = Vec::new();
        for (keyword, parts) in [
            ("allOf", schema.all_of()),
            ("oneOf", schema.one_of()),
            ("anyOf", schema.any_of()),
        ] {
            for (index, part) in parts.unwrap_or_default().iter().enumerate() {
                let part_location = location.join(keyword).join(&index.to_string());
                for value in values_of(&part_location, part).unwrap_or_default() {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
            if all_of_first && keyword == "allOf" && !values.is_empty() {
                break;
            }
        }
        values
    }

    /// Warns about defaults that do not fit their type (upstream writes `default: "true"`).
    fn check_default(
        &self,
        location: &Location,
        schema: &SchemaObject<'_>,
        declared_type: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), Error> {
        let Some(default) = schema.default() else {
            return Ok(());
        };
        let format = schema.format();
        let mismatch = match (declared_type, format, default) {
            (Some("boolean"), _, Value::String(text)) => {
                Some(format!("the boolean default is the string {text:?}"))
            }
            (Some("string"), Some("date-time" | "date"), Value::String(text))
                if !looks_like_date(text) =>
            {
                Some(format!(
                    "the {} default {text:?} is not a date",
                    format.unwrap_or_default()
                ))
            }
            (Some("integer" | "number"), _, Value::String(text)) => {
                Some(format!("the numeric default is the string {text:?}"))
            }
            _ => None,
        };
        if let Some(message) = mismatch {
            diagnostics.warn(
                WarningKind::DefaultMismatch,
                &location.join("default"),
                format!("{message}; defaults are documentation only and are not applied"),
            )?;
        }
        Ok(())
    }

    /// `enum`: an open enum of strings, or of integers (`type: integer`, or no type and only
    /// integer values). `null` among the values makes every use nullable. A value of another
    /// kind cannot be a variant: the type is then approximated, with a warning.
    #[allow(clippy::too_many_arguments)]
    fn enumeration(
        &mut self,
        location: &Location,
        schema: &SchemaObject<'s>,
        values: &[Value],
        declared_type: Option<&str>,
        hint: &str,
        usage: &mut SchemaUse,
        titles: &[Option<String>],
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Error> {
        let integers_only = values
            .iter()
            .all(|value| value.is_null() || value.as_i64().is_some());
        let repr = match declared_type {
            Some("integer") => EnumRepr::Integer,
            None if integers_only && values.iter().any(|value| !value.is_null()) => {
                EnumRepr::Integer
            }
            _ => EnumRepr::String,
        };
        let mut variants: Vec<Variant> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let value = &match declared_type {
                Some(declared) => coerce_enum_literal(
                    value,
                    declared,
                    &location.join("enum").join(&index.to_string()),
                    diagnostics,
                )?,
                None => value.clone(),
            };
            let (wire_name, base) = match (repr, value) {
                (_, Value::Null) => {
                    if !schema.nullable() && !usage.nullable {
                        diagnostics.warn(
                            WarningKind::EnumNull,
                            &location.join("enum").join(&index.to_string()),
                            "`null` is listed as an enum value without `nullable: true`; the field is made nullable",
                        )?;
                    }
                    usage.nullable = true;
                    continue;
                }
                (EnumRepr::String, Value::String(text)) => {
                    let base = match titles.get(index) {
                        Some(Some(title)) => variant_name(title),
                        _ => variant_name(text),
                    };
                    (text.clone(), base)
                }
                (EnumRepr::Integer, Value::Number(number)) if number.as_i64().is_some() => {
                    let number = number.as_i64().unwrap_or_default();
                    (number.to_string(), integer_variant_name(number))
                }
                (_, other) => {
                    let (kind, instead, ty) = match repr {
                        EnumRepr::Integer => {
                            ("integer", "an integer", integer_type(schema.format()))
                        }
                        EnumRepr::String => ("string", "any JSON value", TypeRef::Any),
                    };
                    diagnostics.warn(
                        WarningKind::Approximated,
                        &location.join("enum").join(&index.to_string()),
                        format!("the value {other} does not fit an enum of {kind}s; the type is generated as {instead} and the allowed values are not checked"),
                    )?;
                    return Ok(ty);
                }
            };
            if variants
                .iter()
                .any(|variant| variant.wire_name == wire_name)
            {
                continue;
            }
            let rust_name = first_free_name(&base, |name| {
                variants.iter().any(|variant| variant.rust_name == name)
            });
            variants.push(Variant {
                wire_name,
                rust_name,
            });
        }
        let id = self.reserve(location, schema, hint);
        self.pending_mut(id).admits_null = usage.nullable;
        self.pending_mut(id).kind = Some(TypeKind::Enum(Enumeration { variants, repr }));
        Ok(TypeRef::Named(id))
    }
}

/// A discriminator value that more than one variant carries.
fn shared_tag(variants: &[OneOfVariant]) -> Option<&str> {
    let mut seen = HashSet::new();
    variants
        .iter()
        .flat_map(|variant| &variant.tags)
        .find(|tag| !seen.insert(tag.as_str()))
        .map(String::as_str)
}

/// A string whose content is of a media type that is not text, and not encoded as text
/// (`contentMediaType: image/png` without `contentEncoding`): raw bytes.
fn is_binary_content(schema: &SchemaObject<'_>) -> bool {
    match (schema.content_media_type(), schema.content_encoding()) {
        (Some(media_type), None) => {
            !(media_type.starts_with("text/")
                || media_type.contains("json")
                || media_type.contains("xml"))
        }
        _ => false,
    }
}

/// An enum literal that disagrees with the schema's declared `type`, turned into that type where
/// it can be, with a warning. YAML 1.1 bundlers (upstream's among them) read unquoted `no`,
/// `off`, `yes` and `on` as booleans and `1.10` as a number, so a string enum of locales can
/// arrive holding `false`; refusing it would turn the whole enum into untyped JSON.
fn coerce_enum_literal(
    value: &Value,
    declared: &str,
    location: &Location,
    diagnostics: &mut Diagnostics,
) -> Result<Value, Error> {
    let coerced = match (declared, value) {
        ("string", Value::Bool(flag)) => {
            let text = flag.to_string();
            let written = if *flag {
                "yes`, `on` or `y"
            } else {
                "no`, `off` or `n"
            };
            diagnostics.warn(
                WarningKind::CoercedEnumValue,
                location,
                format!(
                    "the boolean {flag} in a string enum is taken as the string {text:?}; a YAML 1.1 \
                     bundler reads an unquoted `{written}` as {flag}, so if the source spec says one \
                     of those, quote it there"
                ),
            )?;
            Value::String(text)
        }
        ("string", Value::Number(number)) => {
            let text = number.to_string();
            diagnostics.warn(
                WarningKind::CoercedEnumValue,
                location,
                format!(
                    "the number {text} in a string enum is taken as the string {text:?}; YAML reads \
                     unquoted digits as a number (and `1.10` as 1.1), so quote the value in the \
                     source spec"
                ),
            )?;
            Value::String(text)
        }
        ("integer", Value::String(text)) if text.trim().parse::<i64>().is_ok() => {
            diagnostics.warn(
                WarningKind::CoercedEnumValue,
                location,
                format!("the string {text:?} in an integer enum is taken as the integer {text}"),
            )?;
            Value::from(text.trim().parse::<i64>().unwrap_or_default())
        }
        _ => return Ok(value.clone()),
    };
    Ok(coerced)
}

/// A `type` that OpenAPI does not have: `date-time` and `date` are read as the string formats
/// they name, anything else as a string, with a warning. Kept out of `TypeSpace::type_of`,
/// whose stack frame every level of schema nesting pays for.
fn invalid_type(
    location: &Location,
    other: &str,
    diagnostics: &mut Diagnostics,
) -> Result<TypeRef, Error> {
    match other {
        "date-time" | "date" => {
            diagnostics.warn(
                WarningKind::InvalidType,
                &location.join("type"),
                format!("`type: {other}` is not an OpenAPI type; read as `type: string, format: {other}`"),
            )?;
            Ok(if other == "date" {
                TypeRef::Date
            } else {
                TypeRef::DateTime
            })
        }
        _ => {
            diagnostics.warn(
                WarningKind::InvalidType,
                &location.join("type"),
                format!("`type: {other}` is not an OpenAPI type; treated as a string"),
            )?;
            Ok(TypeRef::String)
        }
    }
}

/// The variant for an integer enum value: `1` → `V1`, `-1` → `Minus1`.
fn integer_variant_name(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// The Rust integer type of a `type: integer` schema, from its `format`.
fn integer_type(format: Option<&str>) -> TypeRef {
    TypeRef::Integer(IntegerFormat::of(format))
}

/// Whether the schema is named where it is defined: a whole file, a component, a definition.
fn has_own_name(location: &Location) -> bool {
    location.pointer.is_empty() || definition_key(location).is_some()
}

/// The key a schema is defined under: a component (`/components/schemas/Key`), or a JSON
/// Schema definition (`…/$defs/Key`, OpenAPI 3.1; `…/definitions/Key`), unescaped.
fn definition_key(location: &Location) -> Option<String> {
    let (parent, key) = location.pointer.rsplit_once('/')?;
    let defined = parent == "/components/schemas"
        || parent.ends_with("/$defs")
        || parent.ends_with("/definitions");
    defined.then(|| key.replace("~1", "/").replace("~0", "~"))
}

/// A schema in its own file is named after the file; a component or definition after its
/// key; an inline schema after its `title`, or else after where it sits (`hint`).
fn preferred_name(location: &Location, schema: &SchemaObject<'_>, hint: &str) -> String {
    let title = schema.title();
    if location.pointer.is_empty() {
        return name_with_word_breaks(file_stem(&location.file), title);
    }
    if let Some(key) = definition_key(location) {
        return name_with_word_breaks(&key, title);
    }
    if let Some(title) = title {
        return type_name(title);
    }
    type_name(hint)
}

/// The type name for a file name or component key. SailPoint's newer specs write names that
/// lost their word breaks (`passworddigittokenreset`) beside a title that has them ("Password
/// Digit Token Reset"): where the title spells the same letters, its words are taken. A name
/// that carries word breaks of its own (capitals, `-`, `_`, ...) is kept as it is.
fn name_with_word_breaks(name: &str, title: Option<&str>) -> String {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let has_breaks = name
        .chars()
        .any(|c| c.is_ascii_uppercase() || !c.is_ascii_alphanumeric());
    match title {
        Some(title) if !has_breaks && letters(title) == letters(name) => type_name(title),
        _ => type_name(name),
    }
}

/// Fields gathered from one or more object schemas.
#[derive(Debug, Default)]
struct Members {
    fields: Vec<Field>,
    required: Vec<String>,
    additional_properties: Option<TypeRef>,
    first_description: Option<String>,
}

impl Members {
    /// Adds a field; a later definition of the same wire name replaces the earlier one.
    fn add(&mut self, mut field: Field) {
        if !field.flatten {
            if let Some(existing) = self
                .fields
                .iter_mut()
                .find(|existing| !existing.flatten && existing.wire_name == field.wire_name)
            {
                field.rust_name = existing.rust_name.clone();
                *existing = field;
                return;
            }
        }
        while self
            .fields
            .iter()
            .any(|other| other.rust_name == field.rust_name)
        {
            field.rust_name.push('_');
        }
        self.fields.push(field);
    }

    fn finish(mut self) -> Struct {
        for field in &mut self.fields {
            if !field.flatten {
                field.required = self.required.contains(&field.wire_name);
            }
        }
        Struct {
            fields: self.fields,
            additional_properties: self.additional_properties,
        }
    }
}

fn scalar_variant_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Named(_) => "Object",
        TypeRef::String => "String",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number(_) => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(inner) => scalar_variant_name(inner),
        TypeRef::Any => "Any",
        TypeRef::Date => "Date",
        TypeRef::DateTime => "DateTime",
        TypeRef::Bytes => "Bytes",
    }
}

fn file_stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

/// `2024-01-31` or `2024-01-31T...`: enough to tell a date from prose like "now".
fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
}
