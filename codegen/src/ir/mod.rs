//! The generator's own model of an API: named types and operations, independent of OpenAPI's
//! shape and of Rust syntax. `lower` builds it from a spec; `emit` turns it into files.
//!
//! Everything here is sorted and named before emission, so printing the IR (it derives
//! `Serialize`) gives a stable, reviewable picture of what the generator understood.

use serde::Serialize;

use crate::error::Location;

/// Index of a [`TypeDef`] in [`Api::types`]. Only lowering mints ids, one per type it adds,
/// and every change to the order of `types` (merging, sorting) rewrites every id with it; so
/// an id read from an [`Api`] always names one of that API's types ([`Api::type_def`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub(crate) usize);

/// Everything the generator understood about one spec.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The spec's license as an SPDX expression, when it gives one (`MIT`).
    pub license: Option<String>,
    /// Path of the first server URL (`/beta`), prepended to every operation path.
    pub base_path: String,
    /// Server URL template, such as `https://{tenant}.api.identitynow.com/beta`.
    pub server_url: Option<String>,
    pub tags: Vec<Tag>,
    pub types: Vec<TypeDef>,
    /// Sorted by tag, then by Rust name (see [`Api::operations_of`]).
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    /// As written in the spec: `Password Management`.
    pub name: String,
    /// `password_management`: the module and accessor name.
    pub module: String,
    /// `PasswordManagementApi`.
    pub struct_name: String,
    pub description: Option<String>,
}

/// A named Rust type: one model file.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Rust name, unique in the crate.
    pub name: String,
    /// `snake_case` module (file) name.
    pub module: String,
    /// Where the schema is defined.
    pub source: Location,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// The schema's `example` (and OpenAPI 3.1's `examples`), as written: data the round-trip
    /// check (`codegen::samples`) decodes and encodes besides its own samples.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enumeration),
    /// `oneOf` / `anyOf`: exactly one of several shapes.
    OneOf(OneOf),
    /// A named schema that is a list or a map (`StringList.yaml: {type: array, ...}`): it keeps
    /// its name and docs as a Rust type alias.
    Alias(Alias),
}

/// Another name for a list or map type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Alias {
    pub target: TypeRef,
    /// The alias contains itself through other aliases only (`Tree = Vec<Tree>`), which a
    /// Rust `type` cannot express: it is a newtype struct around `target` instead.
    pub newtype: bool,
}

/// A value that is one of several types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OneOf {
    /// The property whose value names the variant, when the spec declares a discriminator.
    pub discriminator: Option<String>,
    /// In the order they are tried when there is no discriminator (most specific first).
    pub variants: Vec<OneOfVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct OneOfVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The variant's type contains this enum again: it is stored in a `Box`.
    pub boxed: bool,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Without a discriminator: members whose values this variant restricts (an `enum` or
    /// `const` of its object's own), by which a value tells whether it can be of this variant
    /// (Discord's moderation actions: `type` 1 to block, 2 to alert).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<Pin>,
    /// The variant's value is a secret (`format: password`): `Debug` must not print it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
}

/// A member of an object variant and the values it may hold there, as JSON text (`1`,
/// `"message"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Pin {
    pub member: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beyond the declared fields, flattened into a map.
    pub additional_properties: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Field {
    /// Name on the wire: `trackingId`.
    pub wire_name: String,
    /// Rust field name: `tracking_id`.
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub deprecated: bool,
    /// The field's type contains this struct again: it is stored in a `Box`.
    pub boxed: bool,
    /// The members of this field's struct appear at this level (an `allOf` part that could
    /// not be merged).
    pub flatten: bool,
    /// Nullable and optional: `Option<Option<T>>` tells "absent" (`None`) from `null`
    /// (`Some(None)`), in requests and in responses.
    pub explicit_null: bool,
    /// `format: password`: a secret that `Debug` must not print.
    pub sensitive: bool,
    pub docs: Docs,
}

impl Field {
    /// Absent and `null` both mean "no value" for fields that are not required or are
    /// nullable: such fields are `Option`s, except flattened ones.
    pub fn is_optional(&self) -> bool {
        (!self.required || self.nullable) && !self.flatten
    }

    /// Whether `new` takes this field: it has no empty value to start from.
    pub fn in_constructor(&self) -> bool {
        !self.is_optional()
    }
}

/// A string enumeration, open to values added later.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Enumeration {
    pub variants: Vec<Variant>,
    /// How the values travel: JSON strings, or JSON integers (whose `wire_name` is the
    /// number in decimal).
    pub repr: EnumRepr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Variant {
    pub wire_name: String,
    pub rust_name: String,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Integer(IntegerFormat),
    Number(NumberFormat),
    Boolean,
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A value that may be `null` (`Option<T>`): the items of a list or the values of a map
    /// whose schema is `nullable`. (A field or a parameter keeps its nullability beside it.)
    Nullable(Box<TypeRef>),
    /// Any JSON value.
    Any,
    /// `format: date`.
    Date,
    /// `format: date-time`.
    DateTime,
    /// `format: binary`: raw bytes (file parts, downloads).
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IntegerFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntegerFormat {
    /// The Rust type of a `type: integer` schema with this `format`: `int32` → `i32`,
    /// `uint64` → `u64`; `int64` and any other format (or none) → `i64`.
    pub fn of(format: Option<&str>) -> IntegerFormat {
        match format {
            Some("int8") => IntegerFormat::I8,
            Some("int16") => IntegerFormat::I16,
            Some("int32") => IntegerFormat::I32,
            Some("uint8") => IntegerFormat::U8,
            Some("uint16") => IntegerFormat::U16,
            Some("uint32") => IntegerFormat::U32,
            Some("uint64") => IntegerFormat::U64,
            _ => IntegerFormat::I64,
        }
    }

    /// The Rust primitive: `i32`.
    pub fn rust_name(self) -> &'static str {
        match self {
            IntegerFormat::I8 => "i8",
            IntegerFormat::I16 => "i16",
            IntegerFormat::I32 => "i32",
            IntegerFormat::I64 => "i64",
            IntegerFormat::U8 => "u8",
            IntegerFormat::U16 => "u16",
            IntegerFormat::U32 => "u32",
            IntegerFormat::U64 => "u64",
        }
    }

    /// Whether `value` is a value of this type.
    pub fn holds(self, value: i128) -> bool {
        let (low, high): (i128, i128) = match self {
            IntegerFormat::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntegerFormat::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntegerFormat::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntegerFormat::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntegerFormat::U8 => (0, u8::MAX.into()),
            IntegerFormat::U16 => (0, u16::MAX.into()),
            IntegerFormat::U32 => (0, u32::MAX.into()),
            IntegerFormat::U64 => (0, u64::MAX.into()),
        };
        (low..=high).contains(&value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NumberFormat {
    F32,
    F64,
}

/// How a parameter that no style spells is written ([`Parameter::as_text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextForm {
    /// JSON text, always (`content: application/json`): a string is sent quoted.
    Json,
    /// A value whose JSON form is a string as that text, any other as JSON text (the
    /// generator's choice for shapes no style spells; exact for a `oneOf` of strings).
    Value,
}

/// One HTTP operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `setIdentityPassword`.
    pub id: String,
    /// `set_identity_password`.
    pub rust_name: String,
    /// `SetIdentityPassword`: prefix of the operation's error type.
    pub type_prefix: String,
    pub method: Method,
    /// Path as written in the spec, without the base path: `/password-change-status/{id}`.
    pub path: String,
    /// Index into [`Api::tags`].
    pub tag: usize,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    /// Required headers whose value is a single constant: client configuration, never an
    /// argument (see [`ConstantHeader`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constant_headers: Vec<ConstantHeader>,
    pub body: Option<RequestBody>,
    /// Sorted by status; `default` last.
    pub responses: Vec<Response>,
    /// Security schemes and the scopes each requires; any one scheme is enough.
    pub security: Vec<SecurityRequirement>,
    pub source: Location,
    /// Present when the operation pages with `limit`/`offset` and returns a list.
    pub pagination: Option<Pagination>,
    /// The names this operation had before upstream renamed its `operationId` (oldest first),
    /// from `names.lock`: each is kept as a deprecated alias so callers of the old method
    /// still compile. The lock keeps them for good.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<RenamedOperation>,
}

/// An earlier name of an operation whose `operationId` was renamed upstream.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RenamedOperation {
    /// The old `operationId`: `getPasswordStatus`.
    pub operation_id: String,
    /// The old method name: `get_password_status`.
    pub rust_name: String,
    /// The old prefix of the operation's types: `GetPasswordStatus`.
    pub type_prefix: String,
}

/// A header the spec requires with one possible value (a one-value `enum`, or a `default` on a
/// required header), such as SailPoint's `X-SailPoint-Experimental: true`. A caller never
/// passes it: the client sends it once the user has opted in to that header, and refuses the
/// call before sending anything otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstantHeader {
    pub wire_name: String,
    pub value: String,
    /// Where the parameter is declared.
    pub source: Location,
}

/// How to walk the pages of a list operation.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Index into [`Operation::parameters`] of `limit` and `offset`.
    pub limit: usize,
    pub offset: usize,
    /// The item type of the returned list.
    pub item: TypeRef,
    /// How many items to ask for per page: 250, or the `limit` parameter's `maximum` when that
    /// is smaller (asking for more than the server sends costs nothing but an extra page).
    pub page_size: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [(&'static str, Method); 8] = [
        ("get", Method::Get),
        ("put", Method::Put),
        ("post", Method::Post),
        ("delete", Method::Delete),
        ("options", Method::Options),
        ("head", Method::Head),
        ("patch", Method::Patch),
        ("trace", Method::Trace),
    ];

    /// `GET`, `POST`, ...: also the name of the `reqwest::Method` constant.
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// Lists are sent as one `a,b,c` value instead of one pair per item (objects: one
    /// `name=k,v,k,v` pair instead of one pair per property; `explode: false`).
    pub comma_separated: bool,
    /// `style: deepObject`: an object is sent as `name[key]=value` pairs.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deep_object: bool,
    /// Sent as one piece of text made from its JSON form, not by a style: the parameter is
    /// declared with JSON `content`, or OpenAPI's styles have no spelling for its shape (a
    /// list of objects in a query, a `oneOf` in a path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_text: Option<TextForm>,
    /// The spec's example value, for the docs.
    pub example: Option<serde_json::Value>,
    /// The schema's `maximum`, for integer parameters that have one (caps a page size).
    pub maximum: Option<i64>,
    /// `format: password` (on the schema or behind its `$ref`s): a secret that the request
    /// builder's `Debug` must not print.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    pub description: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

impl ParameterLocation {
    /// `path`, `query` or `header`, as the spec's `in` says.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    /// The spec's example body, for the docs.
    pub example: Option<serde_json::Value>,
    pub required: bool,
    pub description: Option<String>,
}

/// How a body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BodyEncoding {
    Json,
    /// `multipart/form-data`: one part per property; `Bytes` properties are file parts.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/plain` and other text: a `String`.
    Text,
    /// Anything else (images, zip, CSV, octet-stream): raw bytes.
    Binary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: Status,
    pub description: Option<String>,
    /// The body's type and encoding, if the response documents one.
    pub body: Option<ResponseBody>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ResponseBody {
    /// The media type to ask for in `Accept`.
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
}

/// A documented response status. Sorted as they are matched: exact codes before ranges,
/// ranges before `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    Code(u16),
    /// A status range (`4XX`): its first digit, 1 to 5.
    Range(u8),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        matches!(self, Status::Code(200..=299) | Status::Range(2))
    }

    /// A range or `default`: the response stands for many statuses, so its error variant
    /// carries the one that came.
    pub fn carries_status(self) -> bool {
        matches!(self, Status::Range(_) | Status::Default)
    }

    /// As the spec writes it: `404`, `4XX`, `default`.
    pub fn key(self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseHeader {
    pub wire_name: String,
    pub rust_name: String,
    pub kind: HeaderKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum HeaderKind {
    /// `Retry-After`: seconds or an HTTP date, parsed by the runtime.
    RetryAfter,
    /// Any other header, parsed from its text into this type.
    Typed(TypeRef),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityRequirement {
    pub scheme: String,
    pub scopes: Vec<String>,
}

impl TypeKind {
    /// Calls `visit` on every type use directly inside this type (not through named types).
    pub fn for_each_type_ref_mut(&mut self, visit: &mut impl FnMut(&mut TypeRef)) {
        match self {
            TypeKind::Struct(structure) => {
                for field in &mut structure.fields {
                    visit(&mut field.ty);
                }
                if let Some(values) = &mut structure.additional_properties {
                    visit(values);
                }
            }
            TypeKind::OneOf(one_of) => {
                for variant in &mut one_of.variants {
                    visit(&mut variant.ty);
                }
            }
            TypeKind::Alias(alias) => visit(&mut alias.target),
            TypeKind::Enum(_) => {}
        }
    }

    /// Every type use directly inside this type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(structure) => structure
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(&structure.additional_properties)
                .collect(),
            TypeKind::OneOf(one_of) => one_of.variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(alias) => vec![&alias.target],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

impl Api {
    /// The operations of the tag at `tag`: a contiguous run, since operations are sorted by
    /// tag. Found by binary search, so listing every tag's operations stays linear.
    pub fn operations_of(&self, tag: usize) -> &[Operation] {
        let start = self
            .operations
            .partition_point(|operation| operation.tag < tag);
        let end = self
            .operations
            .partition_point(|operation| operation.tag <= tag);
        &self.operations[start..end]
    }

    /// Every tag's index, the tags with the most operations first: the order in which to hand
    /// one file per tag to the workers, so the largest does not start last and keep one core
    /// busy alone at the end.
    pub(crate) fn tags_largest_first(&self) -> Vec<usize> {
        let mut tags: Vec<usize> = (0..self.tags.len()).collect();
        tags.sort_by_key(|tag| std::cmp::Reverse(self.operations_of(*tag).len()));
        tags
    }

    /// The type `id` names (see [`TypeId`] for why it is always there).
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    #[cfg(test)]
    pub(crate) fn type_def_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.0]
    }

    /// What a type use stands for with every plain alias looked through: `Named(StringList)`
    /// → `List(String)`. Newtype aliases are types of their own and stay.
    pub fn resolve_alias<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        resolve_alias_with(ty, self.types.len(), |id| Some(&self.type_def(id).kind))
    }
}

/// Whether a value of `ty` is written as one piece of text (in a path, a header, a query
/// list): a scalar, a date, or an enum, the kind of each named type given by `kind_of`.
/// Shared, like [`resolve_alias_with`], by lowering (which decides how a parameter is sent)
/// and emitting (which writes it).
pub(crate) fn is_text_with<'a>(
    ty: &TypeRef,
    kind_of: impl Fn(TypeId) -> Option<&'a TypeKind>,
) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::Boolean
        | TypeRef::Date
        | TypeRef::DateTime => true,
        TypeRef::Named(id) => matches!(kind_of(*id), Some(TypeKind::Enum(_))),
        TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Any
        | TypeRef::Bytes => false,
    }
}

/// `ty` with every plain alias looked through, the kind of each named type given by
/// `kind_of` (`None` for a type still being built, which stays). Shared by the finished
/// [`Api`] and lowering's type space, which looks through aliases before the `Api` exists.
pub(crate) fn resolve_alias_with<'a>(
    mut ty: &'a TypeRef,
    type_count: usize,
    kind_of: impl Fn(TypeId) -> Option<&'a TypeKind>,
) -> &'a TypeRef {
    // Plain aliases never form a cycle (those become newtypes), so this ends; the bound is a
    // guard all the same.
    for _ in 0..=type_count {
        match ty {
            TypeRef::Named(id) => match kind_of(*id) {
                Some(TypeKind::Alias(alias)) if !alias.newtype => ty = &alias.target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

impl Operation {
    /// Calls `visit` on every type use of the operation: parameters, body, responses, headers.
    pub fn for_each_type_ref_mut(&mut self, visit: &mut impl FnMut(&mut TypeRef)) {
        for parameter in &mut self.parameters {
            visit(&mut parameter.ty);
        }
        if let Some(body) = &mut self.body {
            visit(&mut body.ty);
        }
        for response in &mut self.responses {
            if let Some(body) = &mut response.body {
                visit(&mut body.ty);
            }
            for header in &mut response.headers {
                if let HeaderKind::Typed(ty) = &mut header.kind {
                    visit(ty);
                }
            }
        }
        if let Some(pagination) = &mut self.pagination {
            visit(&mut pagination.item);
        }
    }
}

impl TypeRef {
    /// Raw bytes or a list of them: the content of `multipart/form-data` file parts, never
    /// written inside JSON.
    pub fn is_file_content(&self) -> bool {
        match self {
            TypeRef::Bytes => true,
            TypeRef::List(item) => **item == TypeRef::Bytes,
            _ => false,
        }
    }

    /// Rewrites every named type id inside this use.
    pub fn remap(&mut self, new_id: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = new_id(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.remap(new_id)
            }
            _ => {}
        }
    }

    /// The named type this use leads to, looking through lists, maps and nullability.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// `inner`, or `Nullable(inner)` when `nullable`: the type of a list's items or a map's
    /// values.
    pub fn nullable_if(inner: TypeRef, nullable: bool) -> TypeRef {
        if nullable {
            TypeRef::Nullable(Box::new(inner))
        } else {
            inner
        }
    }

    /// This type with the nullability of its items and values dropped, for parameters, which
    /// travel as text where `null` cannot be written.
    pub fn without_nullable(&self) -> TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.without_nullable(),
            TypeRef::List(inner) => TypeRef::List(Box::new(inner.without_nullable())),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(inner.without_nullable())),
            other => other.clone(),
        }
    }
}
