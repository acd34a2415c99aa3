//! Path items and operations into [`Operation`]s: parameters, bodies, responses, scopes.

use super::schema::TypeSpace;
use crate::error::{Diagnostics, Error, Location, WarningKind};
use crate::ir::{
    Api, BodyEncoding, HeaderKind, Method, Operation, Pagination, Parameter, ParameterLocation,
    RequestBody, Response, ResponseBody, ResponseHeader, SecurityRequirement, Status, TypeRef,
};
use crate::load::Spec;
use crate::names::{status_name, type_name, value_name};
use crate::surface::OperationEntry;
use crate::view::{
    object_at, security_requirements, BodyObject, HeaderObject, MediaTypeObject, OperationObject,
    CONTENT, HEADERS, REQUEST_BODY, RESPONSES, SCHEMA, SECURITY,
};

/// What an operation inherits from its path item and the document.
#[derive(Debug)]
pub(crate) struct OperationContext<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: Method,
    /// `parameters` of the path item: (location, resolved value).
    pub(crate) path_parameters: &'a [Location],
    pub(crate) default_security: &'a [SecurityRequirement],
    pub(crate) tag: usize,
    /// What `names.lock` records for the operation at this method and path.
    pub(crate) pinned: Option<&'a OperationEntry>,
}

pub(crate) fn lower_operation(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    location: &Location,
    context: &OperationContext<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<Operation, Error> {
    let object = OperationObject::read(object_at(spec, location)?);
    let id = match object.operation_id {
        Some(id) => id.to_owned(),
        None => {
            let id = id_from_route(context.method, context.path);
            diagnostics.warn(
                WarningKind::MissingOperationId,
                location,
                format!("the operation has no `operationId`; it is named `{id}` after its method and path"),
            )?;
            id
        }
    };
    let type_prefix = type_name(&id);
    let (parameters, constant_headers) = super::parameters::lower_parameters(
        spec,
        space,
        location,
        &object,
        context,
        &type_prefix,
        diagnostics,
    )?;
    let body = match object.has_request_body {
        true => Some(lower_body(
            spec,
            space,
            &location.join(REQUEST_BODY),
            &type_prefix,
            diagnostics,
        )?),
        false => None,
    };
    let responses = lower_responses(
        spec,
        space,
        &location.join(RESPONSES),
        &type_prefix,
        diagnostics,
    )?;
    let security = match object.security {
        Some(value) => lower_security(&location.join(SECURITY), value)?,
        None => context.default_security.to_vec(),
    };
    Ok(Operation {
        // Found once every type is known (`find_pagination`), since the list may be an alias.
        pagination: None,
        rust_name: value_name(&id),
        id,
        type_prefix,
        method: context.method,
        path: context.path.to_owned(),
        tag: context.tag,
        summary: object.summary.map(str::to_owned),
        description: object.description.map(str::to_owned),
        deprecated: object.deprecated,
        parameters,
        constant_headers,
        body,
        responses,
        security,
        source: location.clone(),
        // Filled from `names.lock` once every operation is named (`unique_operation_names`).
        renamed_from: Vec::new(),
    })
}

/// `security` requirement objects: `[{ userAuth: [scope, ...] }, ...]`.
pub(crate) fn lower_security(
    location: &Location,
    value: &serde_json::Value,
) -> Result<Vec<SecurityRequirement>, Error> {
    Ok(security_requirements(location, value)?
        .into_iter()
        .map(|(scheme, scopes)| SecurityRequirement { scheme, scopes })
        .collect())
}

/// An operation id for an operation without one: `GET /reports/{id}/owner` →
/// `getReportsByIdOwner`.
fn id_from_route(method: Method, path: &str) -> String {
    let mut words = vec![method.as_upper().to_lowercase()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        {
            Some(name) => {
                words.push("by".to_owned());
                words.push(name.to_owned());
            }
            None => words.push(segment.to_owned()),
        }
    }
    heck::ToLowerCamelCase::to_lower_camel_case(words.join(" ").as_str())
}

fn lower_body(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    written: &Location,
    type_prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<RequestBody, Error> {
    let (location, _) = spec.get_resolved(written)?;
    let object = BodyObject::read(object_at(spec, &location)?);
    let content = choose_content(&object, &location)
        .ok_or_else(|| Error::invalid(&location.join(CONTENT), "a request body needs `content`"))?;
    let hint = format!("{type_prefix}Request");
    let ty = match &content.schema {
        Some(schema) => space.schema(schema, &hint, diagnostics)?.ty,
        None => default_type(content.encoding),
    };
    let media_key = content_key(&object, &content.media_type);
    let example = object
        .content
        .and_then(|media_types| media_types.get(&media_key))
        .and_then(|media| MediaTypeObject::read(media).example());
    Ok(RequestBody {
        example,
        media_type: content.media_type,
        encoding: binary_if_bytes(content.encoding, &ty),
        ty,
        required: object.required,
        description: object.description.map(str::to_owned),
    })
}

/// The media type chosen from a `content` map.
#[derive(Debug)]
struct Content {
    media_type: String,
    encoding: BodyEncoding,
    schema: Option<Location>,
}

/// How a media type is encoded.
pub(super) fn encoding_of(media_type: &str) -> BodyEncoding {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    match essence {
        "application/json" | "*/*" => BodyEncoding::Json,
        "multipart/form-data" => BodyEncoding::Multipart,
        "application/x-www-form-urlencoded" => BodyEncoding::Form,
        _ if essence.ends_with("+json") => BodyEncoding::Json,
        _ if essence.starts_with("text/") && essence != "text/csv" => BodyEncoding::Text,
        _ => BodyEncoding::Binary,
    }
}

/// A "JSON" body whose schema is `format: binary` is raw bytes whatever its media type says.
fn binary_if_bytes(encoding: BodyEncoding, ty: &TypeRef) -> BodyEncoding {
    match (encoding, ty) {
        (BodyEncoding::Json, TypeRef::Bytes) => BodyEncoding::Binary,
        (encoding, _) => encoding,
    }
}

/// A body without a schema: text stays text, anything else is raw bytes.
fn default_type(encoding: BodyEncoding) -> TypeRef {
    match encoding {
        BodyEncoding::Text => TypeRef::String,
        BodyEncoding::Binary => TypeRef::Bytes,
        BodyEncoding::Json | BodyEncoding::Multipart | BodyEncoding::Form => TypeRef::Any,
    }
}

/// Picks one media type from a `content` map: JSON when offered (it is typed), else the first.
fn choose_content(object: &BodyObject<'_>, location: &Location) -> Option<Content> {
    let content = object.content?;
    let preferred = content
        .keys()
        .find(|media_type| encoding_of(media_type) == BodyEncoding::Json)
        .or_else(|| content.keys().next());
    preferred.map(|media_type| {
        let media_location = location.join(CONTENT).join(media_type);
        let has_schema = MediaTypeObject::read(&content[media_type]).has_schema;
        let encoding = encoding_of(media_type);
        // A binary body's schema (`type: string, format: binary`) says nothing `Bytes` does not.
        let schema = (has_schema && !matches!(encoding, BodyEncoding::Binary | BodyEncoding::Text))
            .then(|| media_location.join(SCHEMA));
        Content {
            media_type: media_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            encoding,
            schema,
        }
    })
}

fn lower_responses(
    spec: &Spec,
    space: &mut TypeSpace<'_>,
    location: &Location,
    type_prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Response>, Error> {
    let responses = object_at(spec, location)?;
    let mut lowered = Vec::new();
    for key in responses.keys() {
        let written = location.join(key);
        let Some(status) = parse_status(key) else {
            return Err(Error::invalid(
                &written,
                format!("response key `{key}` is not a status code (`404`), a range (`4XX`) or `default`"),
            ));
        };
        let (defined, _) = spec.get_resolved(&written)?;
        let response = BodyObject::read(object_at(spec, &defined)?);
        let hint = match status {
            Status::Code(code) if defined.file != location.file => {
                shared_response_name(&defined, code)
            }
            Status::Code(code) => format!("{type_prefix}{}Response", status_name(code)),
            Status::Range(_) => format!("{type_prefix}{}Response", range_name(status)),
            Status::Default => format!("{type_prefix}DefaultResponse"),
        };
        let body = match choose_content(&response, &defined) {
            Some(content)
                if matches!(
                    content.encoding,
                    BodyEncoding::Multipart | BodyEncoding::Form
                ) =>
            {
                // Form encodings are for requests; a response in one is read as it came.
                diagnostics.warn(
                    WarningKind::Approximated,
                    &defined.join(CONTENT).join(&content.media_type),
                    format!(
                        "a `{}` response body is given as raw bytes; its schema is not generated",
                        content.media_type
                    ),
                )?;
                Some(ResponseBody {
                    media_type: content.media_type,
                    encoding: BodyEncoding::Binary,
                    ty: TypeRef::Bytes,
                })
            }
            Some(content) => {
                let ty = match &content.schema {
                    Some(schema) => space.schema(schema, &hint, diagnostics)?.ty,
                    None => default_type(content.encoding),
                };
                Some(ResponseBody {
                    media_type: content.media_type,
                    encoding: binary_if_bytes(content.encoding, &ty),
                    ty,
                })
            }
            None => None,
        };
        let mut headers = Vec::new();
        if let Some(declared) = response.headers {
            for name in declared.keys() {
                let (header_location, _) = spec.get_resolved(&defined.join(HEADERS).join(name))?;
                let kind = if name.eq_ignore_ascii_case("retry-after") {
                    HeaderKind::RetryAfter
                } else {
                    let hint = format!("{type_prefix}{}", type_name(name));
                    HeaderKind::Typed(
                        space
                            .schema(&header_location.join(SCHEMA), &hint, diagnostics)?
                            .ty,
                    )
                };
                headers.push(ResponseHeader {
                    wire_name: name.clone(),
                    rust_name: value_name(name),
                    kind,
                    description: HeaderObject::read(object_at(spec, &header_location)?)
                        .description
                        .map(str::to_owned),
                });
            }
        }
        lowered.push(Response {
            status,
            description: response.description.map(str::to_owned),
            body,
            headers,
        });
    }
    lowered.sort_by_key(|response| response.status);
    Ok(lowered)
}

/// `404`, `4XX` (any case), `default`.
fn parse_status(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    if let Ok(code @ 100..=599) = key.parse::<u16>() {
        return Some(Status::Code(code));
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(Status::Range(class - b'0')),
        _ => None,
    }
}

/// The name of a status range's variant: `ClientError` for `4XX`.
fn range_name(status: Status) -> String {
    crate::names::status_name_of(status)
}

/// Inline bodies of shared response files are named after the file: `responses/429.yaml` →
/// `TooManyRequestsError`, `responses/Conflict.yaml` → `ConflictResponse`.
fn shared_response_name(defined: &Location, code: u16) -> String {
    let stem = defined.file.rsplit('/').next().unwrap_or(&defined.file);
    let stem = stem.split('.').next().unwrap_or(stem);
    match stem.parse::<u16>() {
        Ok(number) if number >= 400 => format!("{}Error", status_name(number)),
        Ok(number) => format!("{}Response", status_name(number)),
        Err(_) if defined.pointer.is_empty() || defined.pointer.starts_with("/content") => {
            format!("{}Response", type_name(stem))
        }
        Err(_) => format!(
            "{}{}",
            type_name(&defined.last_segment().unwrap_or_default()),
            status_name(code)
        ),
    }
}

/// Marks every operation that pages with `limit`/`offset` (see [`pagination`]).
pub(crate) fn find_pagination(api: &mut Api) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|operation| pagination(api, &operation.parameters, &operation.responses))
        .collect();
    for (operation, pagination) in api.operations.iter_mut().zip(found) {
        operation.pagination = pagination;
    }
}

/// `limit` + `offset` query parameters and a JSON list as the only success make a paged list.
fn pagination(api: &Api, parameters: &[Parameter], responses: &[Response]) -> Option<Pagination> {
    let find = |name: &str| {
        parameters.iter().position(|parameter| {
            parameter.location == ParameterLocation::Query
                && parameter.wire_name == name
                && matches!(parameter.ty, TypeRef::Integer(_))
        })
    };
    let (limit, offset) = (find("limit")?, find("offset")?);
    let mut successes = responses
        .iter()
        .filter(|response| response.status.is_success());
    let body = successes.next()?.body.as_ref()?;
    if successes.next().is_some() || body.encoding != BodyEncoding::Json {
        return None;
    }
    let page_size = match parameters[limit].maximum {
        Some(maximum) if (1..DEFAULT_PAGE_SIZE).contains(&maximum) => maximum,
        _ => DEFAULT_PAGE_SIZE,
    };
    match api.resolve_alias(&body.ty) {
        TypeRef::List(item) => Some(Pagination {
            limit,
            offset,
            item: item.as_ref().clone(),
            page_size,
        }),
        _ => None,
    }
}

/// The page size of the generated builders' `stream()` when `limit` allows it: ISC's usual
/// maximum.
const DEFAULT_PAGE_SIZE: i64 = 250;

/// The key in `content` whose essence is `media_type` (keys may carry parameters).
fn content_key(object: &BodyObject<'_>, media_type: &str) -> String {
    object
        .content
        .and_then(|content| {
            content
                .keys()
                .find(|key| key.split(';').next().unwrap_or_default().trim() == media_type)
                .cloned()
        })
        .unwrap_or_else(|| media_type.to_owned())
}
