//! `*_stream` helpers for operations that page with `limit`/`offset`.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::arguments;
use crate::emit::docs::doc_attrs;
use crate::emit::example::stream_example;
use crate::emit::naming::error_type_name;
use crate::emit::types::{ident, rust_type};
use crate::ir::{Api, IntegerFormat, Operation, TypeRef};

/// A method that walks every page of a list operation and yields its items.
pub(super) fn stream_method(
    api: &Api,
    operation: &Operation,
    crate_name: &str,
) -> Option<TokenStream> {
    let pagination = operation.pagination.as_ref()?;
    let lifetime: syn::Lifetime = syn::parse_quote!('a);
    let name = ident(&format!("{}_stream", operation.rust_name));
    let method = ident(&operation.rust_name);
    let error_name = ident(&error_type_name(operation));
    let item = rust_type(api, &pagination.item);
    let all_arguments = arguments(api, operation, Some(&lifetime));
    let mut arguments = Vec::new();
    let mut call = Vec::new();
    for (index, parameter) in operation.parameters.iter().enumerate() {
        let argument = ident(&parameter.rust_name);
        let page_value = if index == pagination.limit {
            Some(quote! { limit })
        } else if index == pagination.offset {
            Some(quote! { offset })
        } else {
            None
        };
        match page_value {
            Some(value) => {
                let value = match parameter.ty {
                    TypeRef::Integer(IntegerFormat::I32) => {
                        quote! { i32::try_from(#value).unwrap_or(i32::MAX) }
                    }
                    _ => value,
                };
                call.push(if parameter.required {
                    value
                } else {
                    quote! { ::std::option::Option::Some(#value) }
                });
            }
            None => {
                arguments.push(all_arguments[index].clone());
                call.push(quote! { #argument });
            }
        }
    }
    if operation.body.is_some() {
        arguments.push(all_arguments[operation.parameters.len()].clone());
        call.push(quote! { body });
    }
    let page_size = pagination.page_size;
    let page_size_literal = proc_macro2::Literal::i64_unsuffixed(page_size);
    let summary = format!(
        "Every item of [`Self::{}`], fetched page by page ({page_size} per request) as a stream.",
        operation.rust_name
    );
    let examples = stream_example(api, operation, crate_name)
        .map(|program| format!("# Examples\n\n```no_run\n{program}```"));
    let docs = doc_attrs([
        Some(summary.as_str()),
        Some(
            "The stream ends after a short page or at the first error. A server that never \
             stops (it repeats a full page it sent before, or sends more pages than \
             `isc_runtime::DEFAULT_MAX_PAGES`) ends it with `Error::Pagination` instead of \
             looping.",
        ),
        examples.as_deref(),
    ]);
    let many_arguments =
        (arguments.len() >= 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    Some(quote! {
        #docs
        #many_arguments
        pub fn #name<#lifetime>(&#lifetime self, #(#arguments),*)
            -> impl ::isc_runtime::Stream<Item = ::std::result::Result<#item, Error<#error_name>>> + #lifetime
        {
            ::isc_runtime::paginate(#page_size_literal, move |limit, offset| async move {
                self.#method(#(#call),*).await.map(ResponseValue::into_inner)
            })
        }
    })
}
