//! A small API with every shape an example has to handle, shared with the Markdown tests.

use crate::error::Location;
use crate::ir::{
    Api, BodyEncoding, Docs, EnumRepr, Enumeration, Field, HeaderKind, IntegerFormat, Method,
    NumberFormat, OneOf, OneOfVariant, Operation, Parameter, ParameterLocation, RequestBody,
    Response, ResponseBody, ResponseHeader, SecurityRequirement, Status, Struct, Tag, TypeDef,
    TypeId, TypeKind, TypeRef, Variant,
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
        sensitive: false,
        docs: Docs::default(),
    }
}

fn def(name: &str, description: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        examples: Vec::new(),
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
    strict_note.sensitive = true;
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
                repr: EnumRepr::String,
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
                field(
                    "accounts",
                    "accounts",
                    TypeRef::List(Box::new(named(ACCOUNT))),
                    false,
                ),
                field(
                    "limit",
                    "limit",
                    TypeRef::Integer(IntegerFormat::I32),
                    false,
                ),
                field("ratio", "ratio", TypeRef::Number(NumberFormat::F64), false),
                field(
                    "tags",
                    "tags",
                    TypeRef::Map(Box::new(TypeRef::String)),
                    false,
                ),
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
                    field(
                        "items",
                        "items",
                        TypeRef::List(Box::new(TypeRef::String)),
                        false,
                    ),
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
                        pins: Vec::new(),
                        sensitive: false,
                    },
                    OneOfVariant {
                        rust_name: "Text".to_owned(),
                        ty: TypeRef::String,
                        boxed: false,
                        tags: Vec::new(),
                        pins: Vec::new(),
                        sensitive: false,
                    },
                ],
            }),
        ),
        def(
            "Upload",
            "A file and what it is about.",
            structure(upload_fields()),
        ),
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
        constant_headers: Vec::new(),
        body: None,
        responses: Vec::new(),
        security: Vec::new(),
        source: Location::new("paths.yaml", ""),
        pagination: None,
        renamed_from: Vec::new(),
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
        deep_object: false,
        as_text: None,
        example: None,
        maximum: None,
        sensitive: false,
        description: Some(format!("The {wire}.")),
        deprecated: false,
    }
}

fn body(ty: TypeId, required: bool) -> Option<RequestBody> {
    Some(RequestBody {
        media_type: "application/json".to_owned(),
        encoding: BodyEncoding::Json,
        ty: TypeRef::Named(ty),
        example: None,
        required,
        description: None,
    })
}

fn change_password() -> Operation {
    let mut operation = operation(
        "changePassword",
        "change_password",
        Method::Post,
        "/changes/{id}",
    );
    operation.summary = Some("Change a password".to_owned());
    operation.parameters = vec![
        parameter("id", ParameterLocation::Path, TypeRef::String, true),
        parameter("verbose", ParameterLocation::Query, TypeRef::Boolean, false),
        // Lowering names a parameter that wants a builder member's name after its location.
        Parameter {
            rust_name: "client_query".to_owned(),
            ..parameter("client", ParameterLocation::Query, TypeRef::String, true)
        },
        parameter(
            "ids",
            ParameterLocation::Query,
            TypeRef::List(Box::new(TypeRef::String)),
            true,
        ),
        parameter(
            "state",
            ParameterLocation::Query,
            TypeRef::Named(STATE),
            true,
        ),
        parameter(
            "limit",
            ParameterLocation::Header,
            TypeRef::Integer(IntegerFormat::I64),
            true,
        ),
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
        response(
            Some(200),
            Some(TypeRef::List(Box::new(TypeRef::Named(ACCOUNT)))),
        ),
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
        license: None,
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
