//! An operation's parameters: which are declared (path item and operation), how the path
//! template's variables pair with them, their Rust names and the order a method takes them in.
//!
//! Names and order are part of the public API, so both follow rules that a spec edit which
//! changes nothing on the wire cannot move: a parameter keeps the Rust name `names.lock`
//! records for it, and the required ones are taken in the recorded order, else path
//! parameters in the order of the path template and the others as declared. Listing two path
//! parameters the other way round therefore swaps nothing in users' calls.

use std::collections::HashSet;

use super::operation::{encoding_of, OperationContext};
use super::schema::TypeSpace;
use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{BodyEncoding, ConstantHeader, Parameter, ParameterLocation, TextForm, TypeRef};
use crate::load::Spec;
use crate::names::{type_name, value_name};
use crate::surface::OperationEntry;
use crate::view::{object_at, OperationObject, ParameterObject, SchemaObject, CONTENT, SCHEMA};

/// Names a request builder uses for itself, which no parameter may take: its fields, its
/// methods and the traits it derives. A parameter that wants one gets its location appended
/// (`send_query`), like one whose name another parameter has.
const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "options",
    "max_items",
    "send",
    "into_request",
    "read",
    "stream",
    "with_options",
    "with_max_items",
    "clone",
    "clone_from",
    "fmt",
    "body",
];

/// The operation's parameters, in the order described in the module docs, and its constant
/// headers.
pub(super) fn lower_parameters(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    location: &Location,
    object: &OperationObject<'_>,
    context: &OperationContext<'_>,
    type_prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<(Vec<Parameter>, Vec<ConstantHeader>), Error> {
    // Operation-level parameters override path-level ones with the same name and location.
    let mut declared: Vec<(Location, Location)> = Vec::new(); // (where written, where defined)
    let mut push = |written: Location, spec: &Spec| -> Result<(), Error> {
        let (defined, _) = spec.get_resolved(&written)?;
        let key = parameter_key(spec, &defined)?;
        declared.retain(|(_, other)| parameter_key(spec, other).ok() != Some(key.clone()));
        declared.push((written, defined));
        Ok(())
    };
    for written in context.path_parameters {
        push(written.clone(), spec)?;
    }
    for written in object.parameter_locations(location) {
        push(written, spec)?;
    }

    let placeholders = path_placeholders(context.path);
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut constant_headers: Vec<ConstantHeader> = Vec::new();
    // Path parameters whose name the template does not use, lowered only if one is paired
    // with a variable (see `fill_template`).
    let mut unused: Vec<Declared> = Vec::new();
    for (written, defined) in declared {
        let object = ParameterObject::read(object_at(spec, &defined)?);
        let wire_name = object
            .name
            .ok_or_else(|| Error::invalid(&defined, "parameter has no `name`"))?
            .to_owned();
        let parameter_location = match object.location {
            Some("path") => ParameterLocation::Path,
            Some("query") => ParameterLocation::Query,
            Some("header") => ParameterLocation::Header,
            Some(other) => {
                return Err(Error::unsupported(
                    &defined.join("in"),
                    format!("parameters `in: {other}`"),
                ))
            }
            None => return Err(Error::invalid(&defined, "parameter has no `in`")),
        };
        let declared = Declared {
            written,
            defined,
            wire_name,
            location: parameter_location,
        };
        if parameter_location == ParameterLocation::Path
            && !placeholders.contains(&declared.wire_name)
        {
            unused.push(declared);
            continue;
        }
        // The schema as written, or behind its `$ref`, for the keys read directly here.
        let schema = match object.schema {
            Some(_) => SchemaObject::of(spec.get_resolved(&declared.defined.join(SCHEMA))?.1),
            None => None,
        };
        let required = parameter_location == ParameterLocation::Path || object.required;
        if parameter_location == ParameterLocation::Header && required {
            if let Some(value) = schema.as_ref().and_then(constant_value) {
                constant_headers.push(ConstantHeader {
                    wire_name: declared.wire_name,
                    value,
                    source: declared.defined,
                });
                continue;
            }
        }
        parameters.push(lower_parameter(
            spec,
            space,
            &declared,
            type_prefix,
            diagnostics,
        )?);
    }
    let template = Template {
        placeholders: &placeholders,
        location,
        path: context.path,
    };
    fill_template(
        spec,
        space,
        &template,
        &mut parameters,
        unused,
        type_prefix,
        diagnostics,
    )?;
    name_parameters(&mut parameters, context.pinned);
    order_arguments(&mut parameters, &placeholders, context.pinned);
    Ok((parameters, constant_headers))
}

/// A declared parameter, before its schema is lowered.
struct Declared {
    /// Where the operation or path item lists it.
    written: Location,
    /// Where it is defined (behind its `$ref`).
    defined: Location,
    wire_name: String,
    location: ParameterLocation,
}

/// The path template of an operation.
struct Template<'a> {
    /// Its variables, in order.
    placeholders: &'a [String],
    /// The operation.
    location: &'a Location,
    path: &'a str,
}

/// A declared parameter as the IR holds it, without its Rust name yet.
fn lower_parameter(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    declared: &Declared,
    type_prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Parameter, Error> {
    let defined = &declared.defined;
    let object = ParameterObject::read(object_at(spec, defined)?);
    let (schema_location, written_as_json) = schema_of(&object, defined)?;
    let schema_value = object.schema.or_else(|| spec.get(&schema_location));
    let schema = match schema_value {
        Some(_) => SchemaObject::of(spec.get_resolved(&schema_location)?.1),
        None => None,
    };
    let comma_format = schema.and_then(|schema| schema.format()) == Some("comma-separated");
    let hint = format!("{type_prefix}{}", type_name(&declared.wire_name));
    let ty = space.schema(&schema_location, &hint, diagnostics)?.ty;
    let ty = space.resolve_alias(&ty).without_nullable();
    // SailPoint writes `type: string, format: comma-separated` for `a,b,c` lists.
    let ty = if comma_format {
        TypeRef::List(Box::new(ty))
    } else {
        ty
    };
    // Form style (the query default) explodes lists into one pair per item.
    let exploded = object.explode.unwrap_or(
        declared.location == ParameterLocation::Query
            && matches!(object.style, None | Some("form")),
    );
    let example = object.example().or_else(|| {
        schema_value
            .and_then(SchemaObject::of)
            .and_then(|schema| schema.example().cloned())
    });
    let sensitive = match schema_value {
        Some(value) => space.holds_secret(&schema_location, value, 0),
        None => false,
    };
    // OpenAPI's styles spell scalars and lists of scalars (and, outside a path, objects); any
    // other shape is sent as JSON text, the nearest faithful rendering.
    let unspellable = match (&ty, declared.location) {
        (ty, ParameterLocation::Path) => !space.is_text(ty),
        (TypeRef::List(item), _) => !space.is_text(item),
        _ => false,
    };
    // A `oneOf` of strings and numbers is written exactly: as its value's text.
    let exact = space.is_scalar_json(&ty, 0);
    if unspellable && !written_as_json && !exact {
        diagnostics.warn(
            WarningKind::Approximated,
            &schema_location,
            format!(
                "OpenAPI has no way to write this {} parameter's value in a {}; it is sent as JSON text",
                declared.location.as_str(),
                if declared.location == ParameterLocation::Path { "path" } else { "URL or header as a list" }
            ),
        )?;
    }
    let as_text = if written_as_json {
        Some(TextForm::Json)
    } else {
        unspellable.then_some(TextForm::Value)
    };
    Ok(Parameter {
        example,
        maximum: schema.and_then(|schema| schema.maximum()),
        sensitive,
        as_text,
        comma_separated: comma_format || !exploded,
        deep_object: object.style == Some("deepObject"),
        // Named once every parameter is known (`name_parameters`).
        rust_name: String::new(),
        required: declared.location == ParameterLocation::Path || object.required,
        location: declared.location,
        ty,
        description: object.description.map(str::to_owned),
        deprecated: object.deprecated,
        wire_name: declared.wire_name.clone(),
    })
}

/// Where a parameter's schema is, and whether its value is written as JSON text: `schema`
/// with a style, or `content` with one media type (a JSON one is the only kind a client can
/// write without knowing more than the schema says).
fn schema_of(object: &ParameterObject<'_>, defined: &Location) -> Result<(Location, bool), Error> {
    if object.schema.is_some() {
        return Ok((defined.join(SCHEMA), false));
    }
    let Some(content) = object.content else {
        return Err(Error::invalid(
            defined,
            "a parameter needs a `schema` or a `content` with one media type",
        ));
    };
    let mut media_types = content.keys();
    match (media_types.next(), media_types.next()) {
        (Some(media_type), None) if encoding_of(media_type) == BodyEncoding::Json => {
            Ok((defined.join(CONTENT).join(media_type).join(SCHEMA), true))
        }
        (Some(media_type), None) => Err(Error::unsupported(
            &defined.join(CONTENT).join(media_type),
            format!(
                "a parameter written as `{media_type}` (only JSON parameter content is generated)"
            ),
        )),
        _ => Err(Error::invalid(
            &defined.join(CONTENT),
            "a parameter's `content` must hold exactly one media type",
        )),
    }
}

/// Makes every variable of the path template a path parameter, so no request is sent with a
/// `{name}` left in its URL.
///
/// A lone variable that no parameter declares and a lone path parameter that the template
/// does not use are one parameter under two names (SailPoint writes `{id}` in the path and
/// declares `filterId`): it keeps the declared type and docs and is sent as the template's
/// variable. Any other undeclared variable becomes a required string, and any other unused
/// parameter is left out. Each case is a warning.
fn fill_template(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    template: &Template<'_>,
    parameters: &mut Vec<Parameter>,
    unused: Vec<Declared>,
    type_prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    let undeclared: Vec<&String> = template
        .placeholders
        .iter()
        .filter(|placeholder| {
            !parameters.iter().any(|parameter| {
                parameter.location == ParameterLocation::Path
                    && &&parameter.wire_name == placeholder
            })
        })
        .collect();
    if let ([variable], [declared]) = (undeclared.as_slice(), unused.as_slice()) {
        diagnostics.warn(
            WarningKind::PathParameterMismatch,
            &declared.written,
            format!(
                "path parameter `{}` is declared but `{}` has `{{{variable}}}` instead; they are taken as one parameter, sent as `{{{variable}}}`",
                declared.wire_name, template.path
            ),
        )?;
        let mut parameter = lower_parameter(spec, space, declared, type_prefix, diagnostics)?;
        parameter.wire_name = (*variable).clone();
        parameters.push(parameter);
        return Ok(());
    }
    for declared in &unused {
        diagnostics.warn(
            WarningKind::PathParameterMismatch,
            &declared.written,
            format!(
                "path parameter `{}` is declared but `{}` has no `{{{}}}`; it is left out",
                declared.wire_name, template.path, declared.wire_name
            ),
        )?;
    }
    for variable in undeclared {
        diagnostics.warn(
            WarningKind::PathParameterMismatch,
            template.location,
            format!(
                "`{{{variable}}}` is used in `{}` but not declared; it is taken as a required string",
                template.path
            ),
        )?;
        parameters.push(undeclared_parameter(variable));
    }
    Ok(())
}

/// A path template variable no parameter declares: a required string, not named yet.
fn undeclared_parameter(variable: &str) -> Parameter {
    Parameter {
        rust_name: String::new(),
        wire_name: variable.to_owned(),
        location: ParameterLocation::Path,
        required: true,
        ty: TypeRef::String,
        comma_separated: false,
        deep_object: false,
        as_text: None,
        example: None,
        maximum: None,
        sensitive: false,
        description: None,
        deprecated: false,
    }
}

/// Gives every parameter its Rust name: the one `names.lock` pins for it (by location and
/// wire name) when that is still free, else its wire name in snake case, unless another
/// parameter, the request body or the builder itself has it already; then the location is
/// added (`name_query`), and underscores after that. Pinned names are handed out first, so a
/// newcomer never takes the name existing calls use. Deterministic: the others are named in
/// the order the spec lists them.
fn name_parameters(parameters: &mut [Parameter], pinned: Option<&OperationEntry>) {
    let mut taken: HashSet<String> = BUILDER_MEMBERS
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    if let Some(entry) = pinned {
        for parameter in parameters.iter_mut() {
            let key = (
                parameter.location.as_str().to_owned(),
                parameter.wire_name.clone(),
            );
            if let Some(recorded) = entry.parameters.get(&key) {
                if taken.insert(recorded.rust_name.clone()) {
                    parameter.rust_name.clone_from(&recorded.rust_name);
                }
            }
        }
    }
    for parameter in parameters
        .iter_mut()
        .filter(|parameter| parameter.rust_name.is_empty())
    {
        let natural = value_name(&parameter.wire_name);
        let mut name = natural.clone();
        if taken.contains(&name) {
            name = format!("{natural}_{}", parameter.location.as_str());
            while taken.contains(&name) {
                name.push('_');
            }
        }
        taken.insert(name.clone());
        parameter.rust_name = name;
    }
}

/// Puts the required parameters (the method's arguments) in their order, leaving the optional
/// ones where they are: first those `names.lock` gives a position, in that order; then path
/// parameters in the order of the template; then the rest as declared.
fn order_arguments(
    parameters: &mut [Parameter],
    placeholders: &[String],
    pinned: Option<&OperationEntry>,
) {
    let slots: Vec<usize> = (0..parameters.len())
        .filter(|index| parameters[*index].required)
        .collect();
    let position = |parameter: &Parameter| {
        pinned
            .and_then(|entry| {
                entry.parameters.get(&(
                    parameter.location.as_str().to_owned(),
                    parameter.wire_name.clone(),
                ))
            })
            .and_then(|recorded| recorded.position)
    };
    let mut arguments: Vec<(usize, Parameter)> = slots
        .iter()
        .map(|slot| (*slot, parameters[*slot].clone()))
        .collect();
    arguments.sort_by_key(|(declared, parameter)| {
        let in_template = match parameter.location {
            ParameterLocation::Path => placeholders
                .iter()
                .position(|placeholder| *placeholder == parameter.wire_name),
            _ => None,
        };
        let pinned = position(parameter);
        (
            pinned.is_none(),
            pinned,
            in_template.is_none(),
            in_template,
            *declared,
        )
    });
    for (slot, (_, parameter)) in slots.into_iter().zip(arguments) {
        parameters[slot] = parameter;
    }
}

/// The one value a header schema allows, as header text: the only member of a one-value
/// `enum`, else its `default` (a required header with a default can only ever carry it).
/// Upstream writes `default: true` unquoted on a string schema, so booleans and numbers are
/// taken as their text.
fn constant_value(schema: &SchemaObject<'_>) -> Option<String> {
    use serde_json::Value;
    let value = match schema.enumeration() {
        Some([only]) => only,
        Some(_) => return None,
        None => schema.default()?,
    };
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Identity of a parameter: its name and where it goes.
fn parameter_key(spec: &Spec, defined: &Location) -> Result<(String, String), Error> {
    let parameter = ParameterObject::read(object_at(spec, defined)?);
    Ok((
        parameter.name.unwrap_or_default().to_owned(),
        parameter.location.unwrap_or_default().to_owned(),
    ))
}

/// The `{name}` placeholders of a path template, in order, each once.
fn path_placeholders(path: &str) -> Vec<String> {
    let mut placeholders: Vec<String> = Vec::new();
    for rest in path.split('{').skip(1) {
        if let Some((name, _)) = rest.split_once('}') {
            if !placeholders.iter().any(|known| known == name) {
                placeholders.push(name.to_owned());
            }
        }
    }
    placeholders
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(wire_name: &str, location: ParameterLocation, required: bool) -> Parameter {
        Parameter {
            location,
            required,
            ..undeclared_parameter(wire_name)
        }
    }

    fn rust_names(parameters: &[Parameter]) -> Vec<&str> {
        parameters
            .iter()
            .map(|parameter| parameter.rust_name.as_str())
            .collect()
    }

    #[test]
    fn path_parameters_are_taken_in_template_order_whatever_the_declaration_order() {
        let placeholders = path_placeholders("/sources/{sourceId}/accounts/{accountId}");
        let mut parameters = vec![
            parameter("limit", ParameterLocation::Query, false),
            parameter("accountId", ParameterLocation::Path, true),
            parameter("filter", ParameterLocation::Query, true),
            parameter("sourceId", ParameterLocation::Path, true),
        ];
        name_parameters(&mut parameters, None);
        order_arguments(&mut parameters, &placeholders, None);
        assert_eq!(
            rust_names(&parameters),
            ["limit", "source_id", "account_id", "filter"]
        );
    }

    #[test]
    fn builder_members_are_never_parameter_names() {
        let mut parameters = vec![
            parameter("send", ParameterLocation::Query, false),
            parameter("options", ParameterLocation::Header, false),
            parameter("with_options", ParameterLocation::Query, false),
        ];
        name_parameters(&mut parameters, None);
        assert_eq!(
            rust_names(&parameters),
            ["send_query", "options_header", "with_options_query"]
        );
    }

    #[test]
    fn placeholders_are_listed_once_in_order() {
        assert_eq!(path_placeholders("/a/{x}/b/{y}/{x}"), ["x", "y"]);
        assert!(path_placeholders("/a/b").is_empty());
    }
}
