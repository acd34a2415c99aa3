//! One API file per tag: the accessor on `Client`, one method per operation returning that
//! operation's request builder (with a `stream` for paged lists), and one error enum per
//! operation.

mod builder;
mod docs;
mod errors;
mod mock;
mod request;
mod response;

use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs};
use super::format::syntax_error;
use super::naming::error_type_name;
use super::syntax;
use super::types::ident;
use crate::error::Error;
use crate::ir::{Api, Operation, ParameterLocation};

/// The tag's file, at `path`. Operations' builders and error enums are built as syn trees;
/// the rest is quoted and parsed.
pub(crate) fn api_file(
    api: &Api,
    tag_index: usize,
    crate_name: &str,
    path: &str,
) -> Result<syn::File, Error> {
    let tag = &api.tags[tag_index];
    let operations: Vec<&Operation> = api.operations_of(tag_index).iter().collect();
    let module_doc = inner_doc_attrs(&format!("The {} operations.", tag.name));
    let struct_name = ident(&tag.struct_name);
    let accessor = ident(&tag.module);
    let struct_docs = doc_attrs([
        Some(format!("The {} operations, borrowed from a [`Client`].", tag.name).as_str()),
        tag.description.as_deref(),
        Some(
            format!(
                "Get one with [`Client::{}`]. Each method starts one call: it returns a builder \
                 that takes the optional parameters and is sent with `.send().await`, through \
                 the client's retry, timeout and authentication settings (see \
                 [`Self::with_options`]).",
                tag.module
            )
            .as_str(),
        ),
    ]);
    let accessor_docs = doc_attrs([Some(
        format!("The {} operations ([`{}`]).", tag.name, tag.struct_name).as_str(),
    )]);
    let has_path_parameters = operations.iter().any(|operation| {
        operation
            .parameters
            .iter()
            .any(|parameter| parameter.location == ParameterLocation::Path)
    });
    let encode_import = has_path_parameters.then(|| quote! { encode_path_segment, });
    let allow_deprecated = operations
        .iter()
        .any(|operation| operation.deprecated)
        .then(|| quote! { #![allow(deprecated)] });
    let mut file: syn::File = syn::parse2(quote! {
        #module_doc
        #allow_deprecated

        use ::isc_runtime::{#encode_import CallOptions, Error, OperationRequest, ResponseValue};

        use super::Client;

        #struct_docs
        #[derive(Debug, Clone)]
        pub struct #struct_name<'a> {
            client: &'a ::isc_runtime::Client,
            options: CallOptions,
        }

        impl Client {
            #accessor_docs
            pub fn #accessor(&self) -> #struct_name<'_> {
                #struct_name {
                    client: self.runtime(),
                    options: CallOptions::default(),
                }
            }
        }
    })
    .map_err(syntax_error(path))?;
    let mut methods = api_methods_template();
    *methods.self_ty = syntax::borrowing_type(&tag.struct_name);
    let mut types = Vec::new();
    for operation in &operations {
        let call = operation_builder(api, operation, crate_name, path)?;
        methods.items.extend(call.methods);
        types.extend(call.items);
        let success: syn::File =
            syn::parse2(response::success_enum(api, operation)).map_err(syntax_error(path))?;
        types.extend(success.items);
        types.extend(errors::error_enum(api, tag, operation));
    }
    file.items.push(syn::Item::Impl(methods));
    file.items.extend(types);
    let mock: syn::File =
        syn::parse2(mock::mock_module(api, tag, &operations)).map_err(syntax_error(path))?;
    file.items.extend(mock.items);
    Ok(file)
}

syntax::template! {
    fn api_methods_template() -> syn::ItemImpl {
        impl<'a> Api<'a> {
            /// Overrides the client's retry and timeout settings for calls made through this value.
            #[must_use]
            pub fn with_options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }
        }
    }
}

/// One operation's method and request builder; the builder's `send` builds the request and
/// hands it to the runtime with the function that maps the response by status. `path` is the
/// file's, for errors.
fn operation_builder(
    api: &Api,
    operation: &Operation,
    crate_name: &str,
    path: &str,
) -> Result<builder::BuilderSyntax, Error> {
    let error_name = ident(&error_type_name(operation));
    let success = response::success_type(api, operation);
    let docs = docs::method_docs(api, operation, crate_name);
    let request = request::request_expression(api, operation, path)?;
    let read_body = response::read_match(operation, &error_name).map_err(syntax_error(path))?;
    builder::builder(
        api, operation, docs, request, read_body, &success, crate_name,
    )
    .map_err(syntax_error(path))
}
