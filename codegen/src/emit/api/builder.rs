//! The request builder of each operation: required parameters are arguments of the method
//! that makes it, every optional parameter is a named setter, and `.send().await` makes the
//! call. Adding an optional parameter upstream adds a setter and changes no existing call.
//!
//! `send` is not `async`: it builds the request synchronously (`into_request`) and passes it,
//! with the plain function that maps the response (`read`), to the runtime's one generic
//! `async` body, which returns a boxed `Send` future (`isc_runtime::Pending`). One state
//! machine per operation, and proving each `Send`, was most of a generated crate's borrow
//! checking. The builder has no `IntoFuture`, as in aws-sdk-rust: `.send().await`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::naming::{builder_type_name, error_type_name, member_name, success_enum_name};
use crate::emit::types::{ident, parameter_type, rust_type};
use crate::ir::{Api, IntegerFormat, Operation, Parameter, TypeRef};

/// One value a builder holds: a parameter or the body.
struct Member<'a> {
    name: Ident,
    required: bool,
    ty: &'a TypeRef,
    /// The spec's parameter, or `None` for the body.
    parameter: Option<&'a Parameter>,
}

/// The builder's members in call order: parameters as declared, then the body.
fn members(operation: &Operation) -> Vec<Member<'_>> {
    let mut members: Vec<Member<'_>> = operation
        .parameters
        .iter()
        .map(|parameter| Member {
            name: ident(&member_name(parameter)),
            required: parameter.required,
            ty: &parameter.ty,
            parameter: Some(parameter),
        })
        .collect();
    if let Some(body) = &operation.body {
        members.push(Member {
            name: ident("body"),
            required: body.required,
            ty: &body.ty,
            parameter: None,
        });
    }
    members
}

/// The type a member is stored as: borrowed for required ones (as they are passed), owned and
/// optional for the rest (set by value through `impl Into`, see [`setter`]).
fn field_type(api: &Api, member: &Member<'_>) -> TokenStream {
    if member.required {
        let lifetime: syn::Lifetime = syn::parse_quote!('a);
        parameter_type(api, member.ty, Some(&lifetime))
    } else {
        let owned = rust_type(api, member.ty);
        quote! { ::std::option::Option<#owned> }
    }
}

/// What the operation's method returns and its builder holds: the method, and the builder
/// with its setters, `send` and (for paged lists) `stream`.
pub(super) struct BuilderTokens {
    /// The method on the tag's API struct that starts a call.
    pub(super) method: TokenStream,
    /// The builder type and its impls.
    pub(super) item: TokenStream,
}

/// Everything about one operation's call shape.
pub(super) fn builder(
    api: &Api,
    operation: &Operation,
    method_docs: TokenStream,
    request: TokenStream,
    read_body: TokenStream,
    success: &TokenStream,
    crate_name: &str,
) -> BuilderTokens {
    let members = members(operation);
    let method_name = ident(&operation.rust_name);
    let builder_name = ident(&builder_type_name(operation));
    let error_name = ident(&error_type_name(operation));
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    let mut fields = Vec::new();
    let mut arguments = Vec::new();
    let mut initial = Vec::new();
    let mut setters = Vec::new();
    for member in &members {
        let name = &member.name;
        let field_type = field_type(api, member);
        fields.push(quote! { #name: #field_type, });
        if member.required {
            arguments.push(quote! { #name: #field_type });
            initial.push(quote! { #name, });
        } else {
            initial.push(quote! { #name: ::std::option::Option::None, });
            setters.push(setter(api, operation, member));
        }
    }
    let paged = operation.pagination.is_some();
    let max_items_field = paged.then(|| quote! { max_items: ::std::option::Option<u64>, });
    let max_items_initial = paged.then(|| quote! { max_items: ::std::option::Option::None, });
    let rest_pattern = paged.then(|| quote! { .. });
    let stream = stream_methods(api, operation, &error_name, crate_name);
    let builder_doc = format!(
        " A call of [`{api_struct}::{method}`]: set optional parameters, then `.send().await` \
         it.",
        api_struct = api.tags[operation.tag].struct_name,
        method = operation.rust_name,
    );
    let member_names = members.iter().map(|member| &member.name);
    let method = quote! {
        #method_docs
        #deprecated
        pub fn #method_name(&self, #(#arguments),*) -> #builder_name<'a> {
            #builder_name {
                client: self.client,
                options: self.options.clone(),
                #(#initial)*
                #max_items_initial
            }
        }
    };
    let aliases = renamed_aliases(operation, &arguments, &members);
    let method = quote! { #method #(#aliases)* };
    let type_aliases = renamed_type_aliases(operation);
    let item = quote! {
        #type_aliases

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder_name<'a> {
            client: &'a ::isc_runtime::Client,
            options: CallOptions,
            #(#fields)*
            #max_items_field
        }

        impl<'a> #builder_name<'a> {
            #(#setters)*

            /// Overrides the client's retry and timeout settings (and, for example, at-most-once
            /// delivery) for this call.
            pub fn with_options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }

            #stream

            /// Sends the request; await the returned future for the response.
            pub fn send(self) -> ::isc_runtime::Pending<'a, #success, #error_name> {
                ::isc_runtime::__private::start(self.into_request(), Self::read)
            }

            /// The request, with the client and options it goes through.
            // The error is the call's public `Error`, the same value `send` resolves to.
            #[allow(clippy::result_large_err)]
            fn into_request(self) -> ::isc_runtime::__private::Prepared<'a, #error_name> {
                let Self { client, options, #(#member_names,)* #rest_pattern } = self;
                let request = #request;
                ::std::result::Result::Ok((client, options, request))
            }

            /// Maps the response by status.
            #[allow(clippy::result_large_err)]
            fn read(response: ::isc_runtime::RawResponse) -> ::std::result::Result<ResponseValue<#success>, Error<#error_name>> {
                #read_body
            }
        }

    };
    BuilderTokens { method, item }
}

/// The method names an operation had before upstream renamed its `operationId` (kept in
/// `names.lock`): each still starts the same call, marked `#[deprecated]`, so code written
/// against an older crate compiles with a warning that names the new method.
fn renamed_aliases(
    operation: &Operation,
    arguments: &[TokenStream],
    members: &[Member<'_>],
) -> Vec<TokenStream> {
    let method_name = ident(&operation.rust_name);
    let builder_name = ident(&builder_type_name(operation));
    let passed: Vec<&Ident> = members
        .iter()
        .filter(|member| member.required)
        .map(|member| &member.name)
        .collect();
    operation
        .renamed_from
        .iter()
        .map(|old| {
            let old_name = ident(&old.rust_name);
            let doc = format!(
                " The former name of [`Self::{}`], from when the operation was called `{}`.",
                operation.rust_name, old.operation_id
            );
            let note = format!(
                "the operation was renamed upstream (`{}` → `{}`); call `{}`",
                old.operation_id, operation.id, operation.rust_name
            );
            quote! {
                #[doc = #doc]
                #[deprecated(note = #note)]
                pub fn #old_name(&self, #(#arguments),*) -> #builder_name<'a> {
                    self.#method_name(#(#passed),*)
                }
            }
        })
        .collect()
}

/// The former names of the operation's builder and error types, as deprecated aliases.
fn renamed_type_aliases(operation: &Operation) -> TokenStream {
    let builder_name = ident(&builder_type_name(operation));
    let error_name = ident(&error_type_name(operation));
    let aliases = operation.renamed_from.iter().map(|old| {
        let old_builder = ident(&format!("{}Builder", old.type_prefix));
        let old_error = ident(&format!("{}Error", old.type_prefix));
        let builder_note = format!("renamed upstream; use `{builder_name}`");
        let error_note = format!("renamed upstream; use `{error_name}`");
        let builder_doc = format!(" The former name of [`{builder_name}`].");
        let error_doc = format!(" The former name of [`{error_name}`].");
        let success = success_enum_name(operation).map(|name| {
            let old_success = ident(&format!("{}Success", old.type_prefix));
            let doc = format!(" The former name of [`{name}`].");
            let note = format!("renamed upstream; use `{name}`");
            let name = ident(&name);
            quote! {
                #[doc = #doc]
                #[deprecated(note = #note)]
                pub type #old_success = #name;
            }
        });
        quote! {
            #[doc = #builder_doc]
            #[deprecated(note = #builder_note)]
            pub type #old_builder<'a> = #builder_name<'a>;
            #[doc = #error_doc]
            #[deprecated(note = #error_note)]
            pub type #old_error = #error_name;
            #success
        }
    });
    quote! { #(#aliases)* }
}

/// `pub fn name(mut self, value: impl Into<T>) -> Self` for an optional member.
fn setter(api: &Api, operation: &Operation, member: &Member<'_>) -> TokenStream {
    let name = &member.name;
    let value_type = rust_type(api, member.ty);
    let (description, wire) = match member.parameter {
        Some(parameter) => (
            parameter.description.as_deref(),
            format!(
                "Sets the `{}` {} parameter.",
                parameter.wire_name,
                parameter.location.as_str()
            ),
        ),
        None => (
            operation
                .body
                .as_ref()
                .and_then(|body| body.description.as_deref()),
            "Sets the request body (optional for this operation).".to_owned(),
        ),
    };
    let docs = doc_attrs([Some(wire.as_str()), description]);
    let deprecated = member
        .parameter
        .is_some_and(|parameter| parameter.deprecated)
        .then(|| quote! { #[deprecated] });
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, value: impl ::std::convert::Into<#value_type>) -> Self {
            self.#name = ::std::option::Option::Some(value.into());
            self
        }
    }
}

/// `with_max_items` and `stream` for an operation that pages with `limit`/`offset`.
fn stream_methods(
    api: &Api,
    operation: &Operation,
    error_name: &Ident,
    crate_name: &str,
) -> Option<TokenStream> {
    let pagination = operation.pagination.as_ref()?;
    let limit_parameter = &operation.parameters[pagination.limit];
    let offset_parameter = &operation.parameters[pagination.offset];
    let limit = ident(&member_name(limit_parameter));
    let offset = ident(&member_name(offset_parameter));
    let item = rust_type(api, &pagination.item);
    let page_size = proc_macro2::Literal::i64_unsuffixed(pagination.page_size);
    let read = |parameter: &Parameter, name: &Ident, fallback: TokenStream| {
        if parameter.required {
            quote! { i64::from(self.#name) }
        } else {
            quote! { self.#name.map_or(#fallback, i64::from) }
        }
    };
    let page_size_value = read(limit_parameter, &limit, quote! { #page_size });
    let start_value = read(offset_parameter, &offset, quote! { 0 });
    let write = |parameter: &Parameter, value: TokenStream| {
        let value = match parameter.ty {
            TypeRef::Integer(IntegerFormat::I32) => {
                quote! { i32::try_from(#value).unwrap_or(i32::MAX) }
            }
            _ => value,
        };
        if parameter.required {
            value
        } else {
            quote! { ::std::option::Option::Some(#value) }
        }
    };
    let set_limit = write(limit_parameter, quote! { limit });
    let set_offset = write(offset_parameter, quote! { offset });
    let stream_doc = format!(
        " Every item of the list, fetched page by page as a stream: `{limit_wire}` is the page \
         size ({default} unless set), `{offset_wire}` the first item, and \
         [`Self::with_max_items`] caps how many items are read.",
        limit_wire = limit_parameter.wire_name,
        offset_wire = offset_parameter.wire_name,
        default = pagination.page_size,
    );
    let examples = crate::emit::example::stream_example(api, operation, crate_name)
        .map(|program| format!("# Examples\n\n```no_run\n{program}```"));
    let stream_docs = doc_attrs([
        Some(stream_doc.trim()),
        Some(
            "The stream ends after a short page, at the cap, or at the first error. A server \
             that never stops (it repeats a full page it sent before, or sends more pages than \
             `isc_runtime::DEFAULT_MAX_PAGES`) ends it with `Error::Pagination` instead of \
             looping.",
        ),
        examples.as_deref(),
    ]);
    Some(quote! {
        /// Ends [`Self::stream`] after `max_items` items.
        pub fn with_max_items(mut self, max_items: u64) -> Self {
            self.max_items = ::std::option::Option::Some(max_items);
            self
        }

        #stream_docs
        pub fn stream(self) -> impl ::isc_runtime::Stream<Item = ::std::result::Result<#item, Error<#error_name>>> + 'a {
            let mut paging = ::isc_runtime::Paging::new(#page_size_value).starting_at(#start_value);
            if let ::std::option::Option::Some(max_items) = self.max_items {
                paging = paging.with_max_items(max_items);
            }
            ::isc_runtime::paginate_from(paging, move |limit, offset| {
                let mut request = self.clone();
                request.#limit = #set_limit;
                request.#offset = #set_offset;
                async move { request.send().await.map(ResponseValue::into_inner) }
            })
        }
    })
}
