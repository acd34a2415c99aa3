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

use crate::emit::docs::{doc_attribute, doc_attrs};
use crate::emit::naming::{builder_type_name, error_type_name, success_enum_name};
use crate::emit::syntax::{self, SynTypes};
use crate::emit::types::{borrowed, ident, owned, parameter_type, rust_type};
use crate::ir::{Api, IntegerFormat, Operation, Parameter, TypeRef};

/// One value a builder holds: a parameter or the body.
struct Member<'a> {
    name: String,
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
            name: parameter.rust_name.clone(),
            required: parameter.required,
            ty: &parameter.ty,
            parameter: Some(parameter),
        })
        .collect();
    if let Some(body) = &operation.body {
        members.push(Member {
            name: "body".to_owned(),
            required: body.required,
            ty: &body.ty,
            parameter: None,
        });
    }
    members
}

/// The type a member is stored as: borrowed for required ones (as they are passed), owned and
/// optional for the rest (set by value through `impl Into`, see [`setter`]).
fn field_syntax(api: &Api, member: &Member<'_>) -> syn::Type {
    if member.required {
        borrowed(&SynTypes::BORROWING, api, member.ty)
    } else {
        syntax::option_type(owned(&SynTypes::PLAIN, api, member.ty))
    }
}

/// [`field_syntax`] as tokens, for the quoted renamed aliases.
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
/// with its setters, `send` and (for paged lists) `stream`. Built as syn trees (every
/// operation has one; see `crate::emit::syntax`), but for the rare pieces (renamed aliases,
/// `stream`), which are quoted and parsed.
pub(super) struct BuilderSyntax {
    /// The methods on the tag's API struct that start a call: the current name, then former
    /// ones.
    pub(super) methods: Vec<syn::ImplItem>,
    /// The builder type and its impl, after the deprecated aliases of its former names.
    pub(super) items: Vec<syn::Item>,
}

syntax::template! {
    fn builder_struct_template() -> syn::ItemStruct {
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct Builder<'a> {
            client: &'a ::isc_runtime::Client,
            options: CallOptions,
        }
    }
}

syntax::template! {
    fn builder_impl_template() -> syn::ItemImpl {
        impl<'a> Builder<'a> {
            /// Overrides the client's retry and timeout settings (and, for example, at-most-once
            /// delivery) for this call.
            pub fn with_options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request; await the returned future for the response.
            pub fn send(self) -> ::isc_runtime::Pending<Success, Failure> {
                ::isc_runtime::__private::start(self.into_request(), Self::read)
            }

            /// The request, with the client and options it goes through.
            // The error is the call's public `Error`, the same value `send` resolves to.
            #[allow(clippy::result_large_err)]
            fn into_request(self) -> ::isc_runtime::__private::Prepared<'a, Failure> {
                ::std::result::Result::Ok((client, options, request))
            }

            /// Maps the response by status.
            #[allow(clippy::result_large_err)]
            fn read(response: ::isc_runtime::RawResponse) -> ::std::result::Result<ResponseValue<Success>, Error<Failure>> {}
        }
    }
}

/// Everything about one operation's call shape.
pub(super) fn builder(
    api: &Api,
    operation: &Operation,
    method_docs: Option<syn::Attribute>,
    request: syn::Expr,
    read_body: syn::Expr,
    success: &syn::Type,
    crate_name: &str,
) -> syn::Result<BuilderSyntax> {
    let members = members(operation);
    let builder_name = builder_type_name(operation);
    let error_name = error_type_name(operation);
    let mut fields = Vec::new();
    let mut arguments = Vec::new();
    let mut initial = vec![
        syntax::field_value("client", syntax::self_field("client")),
        syntax::field_value(
            "options",
            syntax::method_call(syntax::self_field("options"), "clone", Vec::new()),
        ),
    ];
    let mut setters = Vec::new();
    for member in &members {
        let name = member.name.as_str();
        let field_type = field_syntax(api, member);
        fields.push(syntax::private_field(
            Vec::new(),
            Some(name),
            field_type.clone(),
        ));
        if member.required {
            arguments.push(syntax::argument(name, field_type));
            initial.push(syntax::shorthand_field(name));
        } else {
            initial.push(syntax::field_value(name, syntax::none()));
            setters.push(setter(api, operation, member));
        }
    }
    let paged = operation.pagination.is_some();
    if paged {
        fields.push(syntax::private_field(
            Vec::new(),
            Some("max_items"),
            syntax::option_type(syntax::path_type(syntax::path(&["u64"]))),
        ));
        initial.push(syntax::field_value("max_items", syntax::none()));
    }
    let builder_doc = format!(
        " A call of [`{api_struct}::{method}`]: set optional parameters, then `.send().await` \
         it.",
        api_struct = api.tags[operation.tag].struct_name,
        method = operation.rust_name,
    );

    let mut method_attrs: Vec<syn::Attribute> = method_docs.into_iter().collect();
    if operation.deprecated {
        method_attrs.push(syntax::word_attr("deprecated"));
    }
    let mut method_inputs = vec![syntax::ref_self()];
    method_inputs.extend(arguments);
    let mut methods = vec![syntax::public_fn(
        method_attrs,
        &operation.rust_name,
        method_inputs,
        syntax::borrowing_type(&builder_name),
        vec![syntax::tail(syntax::struct_expr_of(
            syntax::path(&[&builder_name]),
            initial,
        ))],
    )];
    for alias in renamed_aliases(api, operation, &members) {
        methods.push(syn::parse2(alias)?);
    }

    let mut items: Vec<syn::Item> =
        syn::parse2::<syn::File>(renamed_type_aliases(operation))?.items;
    let mut structure = builder_struct_template();
    structure.attrs.insert(0, syntax::doc_line(&builder_doc));
    structure.ident = syntax::ident(&builder_name);
    if let syn::Fields::Named(named) = &mut structure.fields {
        named.named.extend(fields);
    }
    let redacted = redacted_debug(&builder_name, &members, paged)?;
    if redacted.is_some() {
        // `Debug` is written out below, without the secrets.
        for attr in &mut structure.attrs {
            if attr.path().is_ident("derive") {
                *attr = syntax::list_attr("derive", quote! { Clone });
            }
        }
    }
    items.push(syn::Item::Struct(structure));
    items.extend(redacted);

    let mut implementation = builder_impl_template();
    *implementation.self_ty = syntax::borrowing_type(&builder_name);
    let error_type = syntax::path_type(syntax::path(&[&error_name]));
    for method in ["send", "into_request", "read"] {
        if let Some(ty) = syntax::return_type(&mut implementation, method) {
            syntax::substitute(ty, "Success", success);
            syntax::substitute(ty, "Failure", &error_type);
        }
    }
    let mut member_names: Vec<&str> = vec!["client", "options"];
    member_names.extend(members.iter().map(|member| member.name.as_str()));
    let mut unpack = syntax::struct_rest_pat(syntax::path(&["Self"]), &member_names);
    if !paged {
        if let syn::Pat::Struct(pattern) = &mut unpack {
            pattern.rest = None;
        }
    }
    let into_request = syntax::method_block(&mut implementation, "into_request");
    into_request.stmts.splice(
        0..0,
        [
            syntax::let_statement(unpack, syntax::name_expr("self")),
            syntax::let_statement(syntax::name_pat("request"), request),
        ],
    );
    syntax::method_block(&mut implementation, "read")
        .stmts
        .push(syntax::tail(read_body));
    if let Some(stream) = stream_methods(api, operation, &ident(&error_name), crate_name) {
        let stream: syn::ItemImpl = syn::parse2(quote! { impl Builder { #stream } })?;
        implementation.items.splice(1..1, stream.items);
    }
    implementation.items.splice(0..0, setters);
    items.push(syn::Item::Impl(implementation));
    Ok(BuilderSyntax { methods, items })
}

/// `Debug` for a builder that holds a secret parameter (`format: password`): the secret shows
/// only as whether it is set, as in models. `None` when the derived `Debug` can be kept.
fn redacted_debug(
    builder_name: &str,
    members: &[Member<'_>],
    paged: bool,
) -> syn::Result<Option<syn::Item>> {
    let secret = |member: &Member<'_>| {
        member
            .parameter
            .is_some_and(|parameter| parameter.sensitive)
    };
    if !members.iter().any(secret) {
        return Ok(None);
    }
    let name = ident(builder_name);
    let fields = members.iter().map(|member| {
        let field = ident(&member.name);
        let label = &member.name;
        if secret(member) {
            quote! { .field(#label, &"<redacted>") }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let max_items = paged.then(|| quote! { .field("max_items", &self.max_items) });
    syn::parse2(quote! {
        impl ::std::fmt::Debug for #name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#builder_name)
                    .field("client", &self.client)
                    .field("options", &self.options)
                    #(#fields)*
                    #max_items
                    .finish()
            }
        }
    })
    .map(Some)
}

/// The method names an operation had before upstream renamed its `operationId` (kept in
/// `names.lock`): each still starts the same call, marked `#[deprecated]`, so code written
/// against an older crate compiles with a warning that names the new method.
fn renamed_aliases(api: &Api, operation: &Operation, members: &[Member<'_>]) -> Vec<TokenStream> {
    let method_name = ident(&operation.rust_name);
    let builder_name = ident(&builder_type_name(operation));
    let required: Vec<&Member<'_>> = members.iter().filter(|member| member.required).collect();
    let arguments: Vec<TokenStream> = required
        .iter()
        .map(|member| {
            let name = ident(&member.name);
            let field_type = field_type(api, member);
            quote! { #name: #field_type }
        })
        .collect();
    let passed: Vec<Ident> = required.iter().map(|member| ident(&member.name)).collect();
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
fn setter(api: &Api, operation: &Operation, member: &Member<'_>) -> syn::ImplItem {
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
    let mut attrs: Vec<syn::Attribute> = doc_attribute([Some(wire.as_str()), description])
        .into_iter()
        .collect();
    if member
        .parameter
        .is_some_and(|parameter| parameter.deprecated)
    {
        attrs.push(syntax::word_attr("deprecated"));
    }
    syntax::setter(
        attrs,
        &member.name,
        &member.name,
        syntax::impl_into(owned(&SynTypes::PLAIN, api, member.ty)),
        syntax::some(syntax::method_call(
            syntax::name_expr("value"),
            "into",
            Vec::new(),
        )),
    )
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
    let limit = ident(&limit_parameter.rust_name);
    let offset = ident(&offset_parameter.rust_name);
    let item = rust_type(api, &pagination.item);
    let page_size = proc_macro2::Literal::i64_unsuffixed(pagination.page_size);
    // The stream counts in `i64`; parameters of other widths convert, saturating.
    let read = |parameter: &Parameter, name: &Ident, fallback: TokenStream| {
        let wide = parameter.ty == TypeRef::Integer(IntegerFormat::U64);
        match (parameter.required, wide) {
            (true, false) => quote! { i64::from(self.#name) },
            (true, true) => quote! { i64::try_from(self.#name).unwrap_or(i64::MAX) },
            (false, false) => quote! { self.#name.map_or(#fallback, i64::from) },
            (false, true) => quote! {
                self.#name.map_or(#fallback, |value| i64::try_from(value).unwrap_or(i64::MAX))
            },
        }
    };
    let page_size_value = read(limit_parameter, &limit, quote! { #page_size });
    let start_value = read(offset_parameter, &offset, quote! { 0 });
    let write = |parameter: &Parameter, value: TokenStream| {
        let value = match parameter.ty {
            TypeRef::Integer(format) if format != IntegerFormat::I64 => {
                let ty = ident(format.rust_name());
                quote! { #ty::try_from(#value).unwrap_or(#ty::MAX) }
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
            "The stream ends at an empty page, once the total the server reports \
             (`X-Total-Count`) is reached, at the cap, or at the first error; a page shorter \
             than asked for is not the end, since a server may cap its pages below `limit`. A \
             server that never stops (it repeats a page it sent before, or sends more pages \
             than `isc_runtime::DEFAULT_MAX_PAGES`) ends it with `Error::Pagination` instead \
             of looping.",
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
                async move { request.send().await.map(ResponseValue::into_page) }
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use crate::emit::syntax;

    #[test]
    fn the_builder_template_takes_the_operation_types_in_every_signature() {
        let mut implementation = super::builder_impl_template();
        let success = syntax::path_type(syntax::path(&["Shape"]));
        let failure = syntax::path_type(syntax::path(&["GetShapeError"]));
        for method in ["send", "into_request", "read"] {
            let ty = syntax::return_type(&mut implementation, method).unwrap();
            syntax::substitute(ty, "Success", &success);
            syntax::substitute(ty, "Failure", &failure);
            let text = ty.to_token_stream().to_string();
            assert!(
                !text.contains("Success") && !text.contains("Failure"),
                "{text}"
            );
            assert!(text.contains("GetShapeError"), "{text}");
        }
        assert!(syntax::method_block(&mut implementation, "read")
            .stmts
            .is_empty());
        assert_eq!(
            syntax::method_block(&mut implementation, "into_request")
                .stmts
                .len(),
            1
        );
        assert_eq!(super::builder_struct_template().fields.len(), 2);
    }
}
