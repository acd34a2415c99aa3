//! IR → Rust source files, formatted with `prettyplease`.
//!
//! Emission is a pure function of the IR: the same IR gives byte-identical files.

mod api;
mod docs;
mod example;
mod features;

/// See [`crate::features_table`].
pub(crate) fn features_table(api: &Api) -> String {
    features::manifest_table(api)
}
mod format;
pub(crate) mod markdown;
mod model;
pub(crate) mod naming;
mod standalone;
mod syntax;
mod types;

use quote::quote;

use crate::error::Error;
use crate::ir::{Api, TypeKind};
use docs::{doc_attrs, inner_doc_attrs};
use format::{rust_file, syntax_file};
use types::ident;

pub(crate) use format::syntax_error;
pub(crate) use markdown::docs;
pub use markdown::markdown_header;
pub(crate) use standalone::{crate_files, root_items};
pub use standalone::{
    RuntimeDependency, StandaloneCrate, GENERATED_CODE_DEPENDENCIES, ROOT_RUNTIME_ITEMS,
};

/// One file the generator produces, with its path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A syntax tree printed as a generated file: `header`, then the code as prettyplease lays it
/// out, with blank lines between items.
pub(crate) fn print_file(header: &str, file: &syn::File) -> String {
    format::print(header, file)
}

/// The model and API modules of a crate: `src/models/**` and `src/apis/**`.
///
/// With `features` (standalone crates), each API module and each model is compiled only under
/// the Cargo features of the tags that reach it (see `features`).
pub(crate) fn modules(
    api: &Api,
    header: &str,
    crate_name: &str,
    features: bool,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    // `models/mod.rs` lists every model (thousands of lines on the beta spec), so it is built
    // on a thread of its own beside the workers that write the model files.
    let (models_mod, model_files) = crate::parallel::join(
        || models_mod(api, header, features),
        || {
            crate::parallel::map(&api.types, |def| {
                syntax_file(
                    format!("src/models/{}.rs", def.module),
                    header,
                    model::model_file(api, def),
                )
            })
        },
    );
    files.push(models_mod?);

    let api_modules: Vec<_> = api.tags.iter().map(|tag| ident(&tag.module)).collect();
    let api_cfgs: Vec<_> = api
        .tags
        .iter()
        .map(|tag| {
            let feature = &tag.module;
            features.then(|| quote! { #[cfg(feature = #feature)] })
        })
        .collect();
    let api_names: Vec<_> = api.tags.iter().map(|tag| ident(&tag.struct_name)).collect();
    let apis_doc = inner_doc_attrs(
        "One API per tag of the spec, each reached from a [`Client`] method of the same name.",
    );
    let base_path = &api.base_path;
    let client_docs = doc_attrs([
        Some(format!("The entry point to every {} API in this crate.", api.title).as_str()),
        Some(
            "It is a cheap handle on a shared runtime client ([`isc_runtime::Client`]): build \
             that once per tenant with [`isc_runtime::ClientBuilder`], then make a `Client` of \
             this crate, and of any other generated SailPoint crate, from it. They all share one \
             connection pool, one OAuth2 token cache and one rate limiter.",
        ),
    ]);
    files.push(rust_file(
        "src/apis/mod.rs".to_owned(),
        header,
        quote! {
            #apis_doc
            #( #api_cfgs pub mod #api_modules; )*
            #( #api_cfgs pub use #api_modules::#api_names; )*

            #client_docs
            #[derive(Debug, Clone)]
            pub struct Client {
                runtime: ::isc_runtime::Client,
            }

            impl Client {
                /// A client for this crate's APIs on top of `runtime`, sharing its connection
                /// pool, token cache and rate limiter.
                pub fn new(runtime: &::isc_runtime::Client) -> Self {
                    Client {
                        runtime: runtime.clone(),
                    }
                }

                /// The shared runtime client this client sends its requests through.
                pub fn runtime(&self) -> &::isc_runtime::Client {
                    &self.runtime
                }
            }

            impl ::std::convert::From<::isc_runtime::Client> for Client {
                fn from(runtime: ::isc_runtime::Client) -> Self {
                    Client { runtime }
                }
            }

            /// The path every operation's URL starts with, from the spec's first server URL.
            pub const BASE_PATH: &str = #base_path;

            /// Typed mocks for testing code that uses this crate, without a server.
            ///
            /// One function per operation starts a rule (`mock::get_x().match_request(|r|
            /// r.id() == "1").then_output(..)`); [`mock::client`] makes this crate's ordinary
            /// [`Client`] answer from rules, through the real authentication, retries and
            /// timeouts. A tag's rules exist when its feature is on.
            #[cfg(feature = "mock")]
            pub mod mock {
                pub use ::isc_runtime::mock::{
                    client_builder, reply, MockRequest, MockTransport, Rule, RuleBuilder, RuleMode,
                    Sequence, MOCK_BASE_URL,
                };
                #( #api_cfgs pub use super::#api_modules::mock::*; )*

                /// This crate's client, answering from `rules` (`&[a, b]`, `[a.clone()]`, a
                /// `Vec`, ...), first match first. For another [`RuleMode`] or other client
                /// settings, build one from [`client_builder`] and pass it to
                /// [`Client::new`](super::Client::new).
                pub fn client<R: ::std::borrow::Borrow<Rule>>(
                    rules: impl ::std::iter::IntoIterator<Item = R>,
                ) -> super::Client {
                    super::Client::new(&::isc_runtime::mock::client(rules))
                }
            }
        },
    )?);
    let tag_indices = api.tags_largest_first();
    let api_files = crate::parallel::map(&tag_indices, |index| {
        let path = format!("src/apis/{}.rs", api.tags[*index].module);
        let file = api::api_file(api, *index, crate_name, &path)?;
        syntax_file(path, header, Ok(file))
    });
    for file in model_files.into_iter().chain(api_files) {
        files.push(file?);
    }
    Ok(files)
}

/// `src/models/mod.rs`: every model module, each gated by the features that reach it, and
/// its type re-exported.
fn models_mod(api: &Api, header: &str, features: bool) -> Result<GeneratedFile, Error> {
    let model_modules: Vec<_> = api.types.iter().map(|def| ident(&def.module)).collect();
    let model_names: Vec<_> = api.types.iter().map(|def| ident(&def.name)).collect();
    let model_cfgs: Vec<_> = if features {
        features::tags_reaching_types(api)
            .iter()
            .map(features::cfg_for)
            .collect()
    } else {
        vec![quote! {}; api.types.len()]
    };
    let models_doc =
        inner_doc_attrs("The API's data types: one module per schema, each re-exported here.");
    let allow_deprecated = allow_deprecated(api);
    rust_file(
        "src/models/mod.rs".to_owned(),
        header,
        quote! {
            #models_doc
            #allow_deprecated
            #( #model_cfgs mod #model_modules; )*
            #( #model_cfgs pub use #model_modules::#model_names; )*
        },
    )
}

/// Deprecated schemas and operations are still generated and used by other generated items;
/// the warning is for users of the crate, not for the crate itself.
fn allow_deprecated(api: &Api) -> Option<proc_macro2::TokenStream> {
    let any_deprecated = api.types.iter().any(|def| {
        def.deprecated
            || matches!(&def.kind, TypeKind::Struct(structure) if structure.fields.iter().any(|field| field.deprecated))
    }) || api.operations.iter().any(|operation| operation.deprecated);
    any_deprecated.then(|| quote! { #![allow(deprecated)] })
}
