//! One API file per tag: the accessor on `Client`, one async method per operation, and one
//! error enum per operation with a variant per documented error status.

use heck::ToTitleCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs};
use super::types::{ident, parameter_type, rust_type};
use crate::error::Error;
use crate::ir::{
    Api, HeaderKind, Operation, Parameter, ParameterLocation, Response, Status, Tag, TypeKind,
    TypeRef,
};
use crate::lower::status_name;

pub(crate) fn api_file(api: &Api, tag_index: usize) -> Result<TokenStream, Error> {
    let tag = &api.tags[tag_index];
    let operations: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|operation| operation.tag == tag_index)
        .collect();
    let module_doc = inner_doc_attrs(&format!("The {} operations.", tag.name));
    let struct_name = ident(&tag.struct_name);
    let accessor = ident(&tag.module);
    let struct_docs = doc_attrs([
        Some(format!("The {} operations, borrowed from a [`Client`].", tag.name).as_str()),
        tag.description.as_deref(),
        Some(
            format!(
                "Get one with [`Client::{}`]; every method sends one request through the client's \
                 retry, timeout and authentication settings (see [`Self::with_options`]).",
                tag.module
            )
            .as_str(),
        ),
    ]);
    let accessor_docs = doc_attrs([Some(
        format!("The {} operations ([`{}`]).", tag.name, tag.struct_name).as_str(),
    )]);
    let mut methods = Vec::new();
    let mut error_enums = Vec::new();
    for operation in &operations {
        methods.push(method(api, operation)?);
        error_enums.push(error_enum(api, tag, operation));
    }
    let has_path_parameters = operations.iter().any(|operation| {
        operation
            .parameters
            .iter()
            .any(|parameter| parameter.location == ParameterLocation::Path)
    });
    let encode_import = has_path_parameters.then(|| quote! { encode_path_segment, });
    Ok(quote! {
        #module_doc

        use crate::runtime::{#encode_import CallOptions, Client, Error, OperationRequest, ResponseValue};

        #struct_docs
        #[derive(Debug, Clone)]
        pub struct #struct_name<'a> {
            client: &'a Client,
            options: CallOptions,
        }

        impl Client {
            #accessor_docs
            pub fn #accessor(&self) -> #struct_name<'_> {
                #struct_name {
                    client: self,
                    options: CallOptions::default(),
                }
            }
        }

        impl #struct_name<'_> {
            /// Overrides the client's retry and timeout settings for calls made through this value.
            #[must_use]
            pub fn with_options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }

            #(#methods)*
        }

        #(#error_enums)*
    })
}

fn error_type_name(operation: &Operation) -> String {
    format!("{}Error", operation.type_prefix)
}

/// The single type every success response shares (`()` for none).
fn success_type(api: &Api, operation: &Operation) -> Result<TokenStream, Error> {
    let mut bodies = operation
        .responses
        .iter()
        .filter(|response| response.status.is_success())
        .map(|response| response.body.clone());
    let first = bodies.next().flatten();
    if bodies.any(|body| body != first) {
        return Err(Error::unsupported(
            &operation.source.join("responses"),
            "success responses with different body types",
        ));
    }
    Ok(match first {
        Some(ty) => rust_type(api, &ty),
        None => quote! { () },
    })
}

fn method(api: &Api, operation: &Operation) -> Result<TokenStream, Error> {
    let name = ident(&operation.rust_name);
    let error_name = ident(&error_type_name(operation));
    let success = success_type(api, operation)?;
    let docs = method_docs(api, operation);
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });

    let mut arguments = Vec::new();
    for parameter in &operation.parameters {
        let argument = ident(&parameter.rust_name);
        let mut ty = parameter_type(api, &parameter.ty);
        if !parameter.required {
            ty = quote! { Option<#ty> };
        }
        arguments.push(quote! { #argument: #ty });
    }
    if let Some(body) = &operation.body {
        let ty = rust_type(api, &body.ty);
        arguments.push(if body.required {
            quote! { body: &#ty }
        } else {
            quote! { body: Option<&#ty> }
        });
    }

    let operation_id = &operation.id;
    let method_name = ident(operation.method.as_upper());
    let path_template = format!("{}{}", api.base_path, operation.path);
    let path = path_expression(operation, &path_template)?;
    let query = pairs(api, operation, ParameterLocation::Query)?;
    let headers = pairs(api, operation, ParameterLocation::Header)?;
    let accept = if operation
        .responses
        .iter()
        .any(|response| response.body.is_some())
    {
        "application/json"
    } else {
        "*/*"
    };
    let body = match &operation.body {
        None => quote! { None },
        Some(body) if body.required => quote! { Some(crate::runtime::RequestBody::json(body)?) },
        Some(_) => quote! { body.map(crate::runtime::RequestBody::json).transpose()? },
    };
    let arms = response_arms(api, operation, &error_name);
    Ok(quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #(#arguments),*) -> Result<ResponseValue<#success>, Error<#error_name>> {
            let request = OperationRequest {
                operation_id: #operation_id,
                method: reqwest::Method::#method_name,
                path_template: #path_template,
                path: #path,
                query: #query,
                headers: #headers,
                accept: #accept,
                body: #body,
            };
            let response = self.client.execute(request, &self.options).await?;
            match response.status.as_u16() {
                #arms
            }
        }
    })
}

/// `format!("/beta/x/{}", encode_path_segment(id))`, or a plain string without parameters.
fn path_expression(operation: &Operation, template: &str) -> Result<TokenStream, Error> {
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
        format_string.push_str(&rest[..open]);
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
            TypeRef::String => quote! { encode_path_segment(#argument) },
            _ => quote! { encode_path_segment(&#argument.to_string()) },
        });
        rest = &rest[close + 1..];
    }
    format_string.push_str(rest);
    if arguments.is_empty() {
        return Ok(quote! { #format_string.to_owned() });
    }
    Ok(quote! { format!(#format_string, #(#arguments),*) })
}

/// The `Vec<(&str, String)>` of query or header parameters.
fn pairs(
    api: &Api,
    operation: &Operation,
    location: ParameterLocation,
) -> Result<TokenStream, Error> {
    let parameters: Vec<&Parameter> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == location)
        .collect();
    if parameters.is_empty() {
        return Ok(quote! { Vec::new() });
    }
    let mut pushes = Vec::new();
    for parameter in parameters {
        let wire = &parameter.wire_name;
        let argument = ident(&parameter.rust_name);
        let push = match &parameter.ty {
            TypeRef::List(item) => {
                check_text_form(api, operation, parameter, item)?;
                quote! {
                    for item in value.iter() {
                        pairs.push((#wire, item.to_string()));
                    }
                }
            }
            other => {
                check_text_form(api, operation, parameter, other)?;
                quote! { pairs.push((#wire, value.to_string())); }
            }
        };
        pushes.push(if parameter.required {
            quote! { { let value = #argument; #push } }
        } else {
            quote! { if let Some(value) = #argument { #push } }
        });
    }
    Ok(quote! {
        {
            let mut pairs = Vec::new();
            #(#pushes)*
            pairs
        }
    })
}

/// Query and header values are sent as text, so their type must print as one.
fn check_text_form(
    api: &Api,
    operation: &Operation,
    parameter: &Parameter,
    ty: &TypeRef,
) -> Result<(), Error> {
    let printable = match ty {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => matches!(api.types[id.0].kind, TypeKind::Enum(_)),
        TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Any => false,
    };
    if printable {
        Ok(())
    } else {
        Err(Error::unsupported(
            &operation.source.join("parameters"),
            format!("parameter `{}`: only strings, numbers, booleans, enums and lists of them can be sent as text", parameter.wire_name),
        ))
    }
}

fn response_arms(api: &Api, operation: &Operation, error_name: &proc_macro2::Ident) -> TokenStream {
    let mut arms = Vec::new();
    let success_codes: Vec<u16> = operation
        .responses
        .iter()
        .filter_map(|response| match response.status {
            Status::Code(code) if response.status.is_success() => Some(code),
            _ => None,
        })
        .collect();
    if !success_codes.is_empty() {
        let has_body = operation
            .responses
            .iter()
            .any(|response| response.status.is_success() && response.body.is_some());
        let value = if has_body {
            quote! { crate::runtime::decode_json(&response)? }
        } else {
            quote! { () }
        };
        let success_codes = success_codes
            .iter()
            .map(|code| Literal::u16_unsuffixed(*code));
        arms.push(quote! {
            #(#success_codes)|* => {
                let value = #value;
                Ok(ResponseValue::new(value, response.status, response.headers))
            }
        });
    }
    let mut default_arm = quote! { _ => Err(Error::unexpected(response)), };
    for response in &operation.responses {
        if response.status.is_success() {
            continue;
        }
        let variant = ident(&variant_name(response));
        let construct = variant_construction(api, response, error_name, &variant);
        match response.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                arms.push(quote! {
                    #code => {
                        #construct
                    }
                })
            }
            Status::Default => {
                default_arm = quote! {
                    _ => {
                        #construct
                    }
                }
            }
        }
    }
    quote! { #(#arms)* #default_arm }
}

fn variant_name(response: &Response) -> String {
    match response.status {
        Status::Code(code) => status_name(code),
        Status::Default => "Other".to_owned(),
    }
}

/// Whether the variant has named fields (headers, or the catch-all's status) or is a tuple.
fn has_named_fields(response: &Response) -> bool {
    !response.headers.is_empty() || response.status == Status::Default
}

fn variant_construction(
    _api: &Api,
    response: &Response,
    error_name: &proc_macro2::Ident,
    variant: &proc_macro2::Ident,
) -> TokenStream {
    let body = response
        .body
        .as_ref()
        .map(|_| quote! { let body = crate::runtime::decode_json(&response)?; });
    let value = if has_named_fields(response) {
        let mut fields = Vec::new();
        if response.body.is_some() {
            fields.push(quote! { body });
        }
        if response.status == Status::Default {
            fields.push(quote! { status: response.status.as_u16() });
        }
        for header in &response.headers {
            let field = ident(&header.rust_name);
            let wire = &header.wire_name;
            fields.push(match &header.kind {
                HeaderKind::RetryAfter => {
                    quote! { #field: crate::runtime::RetryAfter::from_headers(&response.headers) }
                }
                HeaderKind::Typed(_) => quote! {
                    #field: response
                        .headers
                        .get(#wire)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| value.parse().ok())
                },
            });
        }
        quote! { #error_name::#variant { #(#fields),* } }
    } else if response.body.is_some() {
        quote! { #error_name::#variant(body) }
    } else {
        quote! { #error_name::#variant }
    };
    quote! {
        #body
        let error = #value;
        Err(Error::service(response, error))
    }
}

fn method_docs(api: &Api, operation: &Operation) -> TokenStream {
    let route = format!(
        "`{} {}{}` (operation `{}`).",
        operation.method.as_upper(),
        api.base_path,
        operation.path,
        operation.id
    );
    let scopes = scope_text(operation);
    let error_name = error_type_name(operation);
    let mut errors = vec!["# Errors".to_owned(), String::new()];
    for response in operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
    {
        let status = match response.status {
            Status::Code(code) => code.to_string(),
            Status::Default => "any other status".to_owned(),
        };
        errors.push(format!(
            "- [`Error::Service`] with [`{error_name}::{}`] ({status}){}",
            variant_name(response),
            response
                .description
                .as_deref()
                .map(|text| format!(": {}", first_sentence(text)))
                .unwrap_or_default()
        ));
    }
    errors.push(
        "- [`Error::UnexpectedStatus`], [`Error::Decode`] or [`Error::Transport`] when the \
         response is not one the spec documents, or there is none."
            .to_owned(),
    );
    let errors = errors.join("\n");
    let _ = api;
    doc_attrs([
        operation.summary.as_deref(),
        operation.description.as_deref(),
        Some(route.as_str()),
        scopes.as_deref(),
        Some(errors.as_str()),
    ])
}

fn scope_text(operation: &Operation) -> Option<String> {
    let mut scopes: Vec<(&str, Vec<&str>)> = Vec::new();
    for requirement in &operation.security {
        for scope in &requirement.scopes {
            match scopes.iter_mut().find(|(name, _)| name == scope) {
                Some((_, schemes)) => schemes.push(&requirement.scheme),
                None => scopes.push((scope, vec![&requirement.scheme])),
            }
        }
    }
    if scopes.is_empty() {
        return None;
    }
    let parts: Vec<String> = scopes
        .iter()
        .map(|(scope, schemes)| {
            let schemes: Vec<String> = schemes.iter().map(|scheme| format!("`{scheme}`")).collect();
            format!("`{scope}` (through {})", schemes.join(" or "))
        })
        .collect();
    Some(format!("Required scope: {}.", parts.join("; ")))
}

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    line.trim_end_matches('.').to_owned()
}

fn error_enum(api: &Api, tag: &Tag, operation: &Operation) -> TokenStream {
    let name = ident(&error_type_name(operation));
    let docs = doc_attrs([Some(
        format!(
            "The error statuses [`{}::{}`] documents, with their typed bodies.",
            tag.struct_name, operation.rust_name
        )
        .as_str(),
    )]);
    let responses: Vec<&Response> = operation
        .responses
        .iter()
        .filter(|response| !response.status.is_success())
        .collect();
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    let mut tracking_arms = Vec::new();
    for response in &responses {
        let variant = ident(&variant_name(response));
        let status_line = match response.status {
            Status::Code(code) => format!("{code} {}", status_name(code).to_title_case()),
            Status::Default => "Any status the spec does not list.".to_owned(),
        };
        let variant_docs = doc_attrs([Some(status_line.as_str()), response.description.as_deref()]);
        let body_ty = response.body.as_ref().map(|ty| rust_type(api, ty));
        let tracking_field = response
            .body
            .as_ref()
            .and_then(|ty| tracking_id_access(api, ty));
        if has_named_fields(response) {
            let mut fields = Vec::new();
            if let Some(body_ty) = &body_ty {
                fields.push(quote! {
                    /// The response body.
                    body: #body_ty
                });
            }
            if response.status == Status::Default {
                fields.push(quote! {
                    /// The HTTP status.
                    status: u16
                });
            }
            for header in &response.headers {
                let field = ident(&header.rust_name);
                let header_docs = doc_attrs([
                    Some(
                        format!("The `{}` header, if present and valid.", header.wire_name)
                            .as_str(),
                    ),
                    header.description.as_deref(),
                ]);
                let ty = match &header.kind {
                    HeaderKind::RetryAfter => quote! { crate::runtime::RetryAfter },
                    HeaderKind::Typed(
                        ty @ (TypeRef::String
                        | TypeRef::Integer(_)
                        | TypeRef::Number(_)
                        | TypeRef::Boolean),
                    ) => rust_type(api, ty),
                    HeaderKind::Typed(_) => quote! { String },
                };
                fields.push(quote! { #header_docs #field: Option<#ty> });
            }
            variants.push(quote! { #variant_docs #variant { #(#fields),* } });
            status_arms.push(match response.status {
                Status::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote! { Self::#variant { .. } => #code, }
                }
                Status::Default => quote! { Self::#variant { status, .. } => *status, },
            });
            if let Some(access) = tracking_field {
                tracking_arms.push(quote! { Self::#variant { body, .. } => #access, });
            }
        } else if let Some(body_ty) = body_ty {
            variants.push(quote! { #variant_docs #variant(#body_ty) });
            if let Status::Code(code) = response.status {
                let code = Literal::u16_unsuffixed(code);
                status_arms.push(quote! { Self::#variant(_) => #code, });
            }
            if let Some(access) = tracking_field {
                tracking_arms.push(quote! { Self::#variant(body) => #access, });
            }
        } else {
            variants.push(quote! { #variant_docs #variant });
            if let Status::Code(code) = response.status {
                let code = Literal::u16_unsuffixed(code);
                status_arms.push(quote! { Self::#variant => #code, });
            }
        }
    }
    let failure_format = format!(
        "{} failed with HTTP status {{}}",
        operation.id.replace('{', "{{").replace('}', "}}")
    );
    let tracking_fallback = (tracking_arms.len() < responses.len()).then(|| quote! { _ => None, });
    let status_body = if responses.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#status_arms)* } }
    };
    let tracking_body = if responses.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#tracking_arms)* #tracking_fallback } }
    };
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            /// The HTTP status of the response.
            pub fn status(&self) -> u16 {
                #status_body
            }

            /// ISC's tracking id for the failed request, when the body carries one; quote it to
            /// SailPoint support.
            pub fn tracking_id(&self) -> Option<&str> {
                #tracking_body
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, #failure_format, self.status())?;
                if let Some(tracking_id) = self.tracking_id() {
                    write!(f, " (tracking id {tracking_id})")?;
                }
                Ok(())
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `body.tracking_id.as_deref()` when the body type has a string `trackingId` field.
fn tracking_id_access(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let TypeRef::Named(id) = ty else { return None };
    let TypeKind::Struct(structure) = &api.types[id.0].kind else {
        return None;
    };
    let field = structure
        .fields
        .iter()
        .find(|field| field.wire_name == "trackingId" && field.ty == TypeRef::String)?;
    let name = ident(&field.rust_name);
    Some(if field.required && !field.nullable {
        quote! { Some(body.#name.as_str()) }
    } else {
        quote! { body.#name.as_deref() }
    })
}
