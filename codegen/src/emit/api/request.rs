//! Building an `OperationRequest`: arguments, path, query, headers, `Accept` and the body.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::emit::format::syntax_error;
use crate::emit::naming::is_text_value;
use crate::emit::syntax;
use crate::emit::types::ident;
use crate::error::Error;
use crate::ir::{
    Api, BodyEncoding, Operation, Parameter, ParameterLocation, TextForm, TypeKind, TypeRef,
};

/// The `OperationRequest { .. }` literal, built as a syn tree (every operation has one); its
/// less common parts (query and header pairs, bodies other than required JSON) are quoted and
/// parsed. `file` is the generated file's path, for errors.
pub(super) fn request_expression(
    api: &Api,
    operation: &Operation,
    file: &str,
) -> Result<syn::Expr, Error> {
    let path_template = format!("{}{}", api.base_path, operation.path);
    let path = path_expression(operation, &path_template)?;
    let query = pairs(api, operation, ParameterLocation::Query)?;
    let headers = pairs(api, operation, ParameterLocation::Header)?;
    let accept = accept(operation);
    let constant_headers = syntax::reference(syntax::array(
        operation
            .constant_headers
            .iter()
            .map(|header| {
                syntax::tuple(vec![
                    syntax::str_expr(&header.wire_name),
                    syntax::str_expr(&header.value),
                ])
            })
            .collect(),
    ));
    let parse = |expression: Expression| expression.into_expr().map_err(syntax_error(file));
    Ok(syntax::struct_expr(
        syntax::path(&["OperationRequest"]),
        vec![
            ("operation_id", syntax::str_expr(&operation.id)),
            (
                "method",
                syntax::path_expr(syntax::global_path(&[
                    "isc_runtime",
                    "Method",
                    operation.method.as_upper(),
                ])),
            ),
            ("path_template", syntax::str_expr(&path_template)),
            ("path", path),
            ("query", parse(query)?),
            ("headers", parse(headers)?),
            ("constant_headers", constant_headers),
            ("accept", syntax::str_expr(&accept)),
            ("body", parse(body_expression(api, operation))?),
        ],
    ))
}

/// An expression built as a syn tree, or quoted (for the less common shapes) and parsed when
/// it is needed.
enum Expression {
    Syntax(syn::Expr),
    Tokens(TokenStream),
}

impl Expression {
    fn into_expr(self) -> syn::Result<syn::Expr> {
        match self {
            Expression::Syntax(expr) => Ok(expr),
            Expression::Tokens(tokens) => syn::parse2(tokens),
        }
    }

    /// The expression as tokens, to be quoted into a larger one.
    fn into_tokens(self) -> TokenStream {
        match self {
            Expression::Syntax(expr) => expr.into_token_stream(),
            Expression::Tokens(tokens) => tokens,
        }
    }
}

/// `::std::vec::Vec::new()`.
fn empty_vec() -> syn::Expr {
    syntax::call(
        syntax::path_expr(syntax::global_path(&["std", "vec", "Vec", "new"])),
        Vec::new(),
    )
}

/// The media types the documented responses have, most useful first.
fn accept(operation: &Operation) -> String {
    let mut types: Vec<&str> = Vec::new();
    let successes = operation
        .responses
        .iter()
        .filter(|response| response.status.is_success());
    let others = operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success());
    for response in successes.chain(others) {
        if let Some(body) = &response.body {
            if !types.contains(&body.media_type.as_str()) {
                types.push(&body.media_type);
            }
        }
    }
    if types.is_empty() {
        "*/*".to_owned()
    } else {
        types.join(", ")
    }
}

/// `format!("/beta/x/{}", encode_path_segment(id))`, or a plain string without parameters.
fn path_expression(operation: &Operation, template: &str) -> Result<syn::Expr, Error> {
    let mut format_string = String::new();
    let mut arguments = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|index| open + index)
            .ok_or_else(|| {
                Error::invalid(
                    &operation.source,
                    format!("unclosed `{{` in path `{}`", operation.path),
                )
            })?;
        push_literal(&mut format_string, &rest[..open]);
        format_string.push_str("{}");
        let wire_name = &rest[open + 1..close];
        let parameter = operation
            .parameters
            .iter()
            .find(|parameter| {
                parameter.location == ParameterLocation::Path && parameter.wire_name == wire_name
            })
            .ok_or_else(|| {
                Error::invalid(
                    &operation.source,
                    format!("path parameter `{wire_name}` is not declared"),
                )
            })?;
        let argument = ident(&parameter.rust_name);
        arguments.push(match parameter.ty {
            _ if parameter.as_text.is_some() => {
                let text = as_text(parameter, quote! { #argument });
                quote! { encode_path_segment(&#text) }
            }
            TypeRef::String => quote! { encode_path_segment(#argument) },
            _ => {
                let text = text_expression(&parameter.ty, quote! { #argument });
                quote! { encode_path_segment(&#text) }
            }
        });
        rest = &rest[close + 1..];
    }
    if arguments.is_empty() {
        return Ok(syntax::method_call(
            syntax::str_expr(template),
            "to_owned",
            Vec::new(),
        ));
    }
    push_literal(&mut format_string, rest);
    // A macro's arguments stay tokens in syn's tree, so nothing is parsed here.
    Ok(syntax::macro_expr(
        "format",
        quote! { #format_string, #(#arguments),* },
    ))
}

/// Literal path text in a `format!` string: a `}` (or `{`) written in the path itself, outside
/// a parameter, must be doubled.
fn push_literal(format_string: &mut String, literal: &str) {
    for character in literal.chars() {
        if matches!(character, '{' | '}') {
            format_string.push(character);
        }
        format_string.push(character);
    }
}

/// How a value is written as text in a URL or header: dates as RFC 3339.
fn text_expression(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote! { #value.to_rfc3339() },
        TypeRef::String => quote! { #value.to_owned() },
        _ => quote! { #value.to_string() },
    }
}

/// The `Vec<(&str, String)>` of query or header parameters.
fn pairs(
    api: &Api,
    operation: &Operation,
    location: ParameterLocation,
) -> Result<Expression, Error> {
    let parameters: Vec<&Parameter> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == location)
        .collect();
    if parameters.is_empty() {
        return Ok(Expression::Syntax(empty_vec()));
    }
    let mut pushes = Vec::new();
    for parameter in parameters {
        let form = check_text_form(api, operation, parameter)?;
        let wire = &parameter.wire_name;
        // Query names are `Cow`s (an object parameter can make its own); header names `&str`.
        let name = match location {
            ParameterLocation::Query => quote! { #wire.into() },
            _ => quote! { #wire },
        };
        let argument = ident(&parameter.rust_name);
        let push = match (&parameter.ty, form) {
            (_, ValueForm::FromJson) => {
                let text = as_text(parameter, quote! { value });
                quote! { pairs.push((#name, #text)); }
            }
            (_, ValueForm::Object) => object_push(parameter, location),
            (TypeRef::List(item), _)
                if parameter.comma_separated || location == ParameterLocation::Header =>
            {
                let text = text_expression(item, quote! { item });
                quote! {
                    let joined: ::std::vec::Vec<::std::string::String> = value.iter().map(|item| #text).collect();
                    pairs.push((#name, joined.join(",")));
                }
            }
            (TypeRef::List(item), _) => {
                let text = text_expression(item, quote! { item });
                quote! {
                    for item in value {
                        pairs.push((#name, #text));
                    }
                }
            }
            (other, _) => {
                let text = text_expression(other, quote! { value });
                quote! { pairs.push((#name, #text)); }
            }
        };
        pushes.push(if parameter.required {
            quote! { { let value = #argument; #push } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &#argument { #push } }
        });
    }
    Ok(Expression::Tokens(quote! {
        {
            let mut pairs = ::std::vec::Vec::new();
            #(#pushes)*
            pairs
        }
    }))
}

/// How a parameter value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueForm {
    /// As text: a scalar, or a list of scalars.
    Text,
    /// Query and header parameters of any other type (an object, a map, any JSON): by the
    /// parameter's `style` and `explode`, at run time (`isc_runtime::object_query_pairs`).
    Object,
    /// What no style spells, or what is declared as JSON `content`: text made from the
    /// value's JSON form ([`as_text`]).
    FromJson,
}

/// The text of a parameter that no style spells: `isc_runtime::json_text` or `value_text`.
fn as_text(parameter: &Parameter, value: TokenStream) -> TokenStream {
    let wire = &parameter.wire_name;
    let function = match parameter.as_text {
        Some(TextForm::Json) => quote! { json_text },
        _ => quote! { value_text },
    };
    quote! { ::isc_runtime::#function(#wire, #value)? }
}

/// Path values must print as text; query and header values may also be objects.
fn check_text_form(
    api: &Api,
    operation: &Operation,
    parameter: &Parameter,
) -> Result<ValueForm, Error> {
    if parameter.as_text.is_some() {
        return Ok(ValueForm::FromJson);
    }
    let printable = |ty: &TypeRef| is_text_value(api, ty);
    let text = match &parameter.ty {
        TypeRef::List(item) => printable(item) && parameter.location != ParameterLocation::Path,
        other => printable(other),
    };
    if text {
        return Ok(ValueForm::Text);
    }
    if parameter.location != ParameterLocation::Path && !matches!(parameter.ty, TypeRef::List(_)) {
        return Ok(ValueForm::Object);
    }
    Err(Error::unsupported(
        &operation.source.join("parameters"),
        format!(
            "parameter `{}`: a path segment can only hold a string, number, boolean, date or enum, and a query or header list only those",
            parameter.wire_name
        ),
    ))
}

/// The push of an object-valued query or header parameter, in its style.
fn object_push(parameter: &Parameter, location: ParameterLocation) -> TokenStream {
    let wire = &parameter.wire_name;
    if location == ParameterLocation::Header {
        let explode = !parameter.comma_separated;
        return quote! {
            pairs.push((#wire, ::isc_runtime::object_header_value(#wire, value, #explode)?));
        };
    }
    let style = if parameter.deep_object {
        quote! { DeepObject }
    } else if parameter.comma_separated {
        quote! { Form }
    } else {
        quote! { FormExploded }
    };
    quote! {
        pairs.extend(::isc_runtime::object_query_pairs(#wire, value, ::isc_runtime::ObjectStyle::#style)?);
    }
}

/// `Some(RequestBody::…)` for the operation's body encoding, or `None`.
fn body_expression(api: &Api, operation: &Operation) -> Expression {
    let Some(body) = &operation.body else {
        return Expression::Syntax(syntax::none());
    };
    let media_type = body.media_type.as_str();
    let value = quote! { body };
    let encoded = match body.encoding {
        // `RequestBody::json(body)?`, the usual body, is built as a tree.
        BodyEncoding::Json if media_type == "application/json" => {
            Expression::Syntax(syntax::try_expr(syntax::call(
                syntax::path_expr(syntax::global_path(&["isc_runtime", "RequestBody", "json"])),
                vec![syntax::name_expr("body")],
            )))
        }
        BodyEncoding::Json => {
            Expression::Tokens(quote! { ::isc_runtime::RequestBody::json_as(#value, #media_type)? })
        }
        BodyEncoding::Form => {
            Expression::Tokens(quote! { ::isc_runtime::RequestBody::form(#value)? })
        }
        BodyEncoding::Text => {
            Expression::Tokens(quote! { ::isc_runtime::RequestBody::text(#value, #media_type) })
        }
        BodyEncoding::Binary => Expression::Tokens(
            quote! { ::isc_runtime::RequestBody::bytes(#value.clone(), #media_type) },
        ),
        BodyEncoding::Multipart => Expression::Tokens(multipart(api, &body.ty, value.clone())),
    };
    match (body.required, encoded) {
        (true, Expression::Syntax(encoded)) => Expression::Syntax(syntax::some(encoded)),
        (true, Expression::Tokens(encoded)) => {
            Expression::Tokens(quote! { ::std::option::Option::Some(#encoded) })
        }
        (false, encoded) => {
            let encoded = encoded.into_tokens();
            Expression::Tokens(quote! {
                match &#value {
                    ::std::option::Option::Some(body) => ::std::option::Option::Some(#encoded),
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            })
        }
    }
}

/// A `multipart/form-data` body: binary fields as file parts, the rest as text or JSON parts.
fn multipart(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let mut files = Vec::new();
    if let TypeRef::Named(id) = ty {
        if let TypeKind::Struct(structure) = &api.type_def(*id).kind {
            for field in structure
                .fields
                .iter()
                .filter(|field| api.resolve_alias(&field.ty).is_file_content())
            {
                let name = ident(&field.rust_name);
                let wire = &field.wire_name;
                // A list of files is one part per file, all under the field's name.
                let send = |bytes: TokenStream| match api.resolve_alias(&field.ty) {
                    TypeRef::List(_) => quote! {
                        for bytes in #bytes {
                            form.file(#wire, #wire, bytes)?;
                        }
                    },
                    _ => quote! { form.file(#wire, #wire, #bytes)?; },
                };
                files.push(if field.required && !field.nullable {
                    send(quote! { &#value.#name })
                } else {
                    let each = send(quote! { bytes });
                    quote! {
                        if let ::std::option::Option::Some(bytes) = &#value.#name {
                            #each
                        }
                    }
                });
            }
        }
    }
    quote! {
        {
            let mut form = ::isc_runtime::Multipart::new();
            form.members(#value)?;
            #(#files)*
            form.finish()
        }
    }
}
