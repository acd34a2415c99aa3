//! `isc-runtime`: the hand-written client core that every generated SailPoint ISC crate
//! (`sailpoint-beta`, `sailpoint-password-v1`, and any crate `cargo xtask generate` writes)
//! goes through. Build one [`Client`] per tenant and make each generated crate's own `Client`
//! from it: they then share one connection pool, one token cache and one rate limiter.
//!
//! Generated code describes a call as an [`OperationRequest`] and hands it to
//! [`Client::execute`]; everything HTTP-shaped happens here, once, for every operation:
//!
//! - **Configuration** ([`ClientBuilder`], [`ConfigSources`]): builder values, then
//!   `SAIL_BASE_URL` / `SAIL_CLIENT_ID` / `SAIL_CLIENT_SECRET`, then `./config.json`, like
//!   SailPoint's own SDKs, except that discovered settings never mix the two sources. A
//!   missing value is a [`ConfigError`] naming it, never a panic.
//! - **Authentication** ([`TokenProvider`]): OAuth2 client credentials against
//!   `{base}/oauth/token`, cached until shortly before expiry, refreshed by one caller while
//!   the others wait, and refreshed once more if the API answers 401. A static bearer token
//!   or a custom provider also work. Secrets live in `secrecy` types and never appear in
//!   `Debug`, `Display` or traces.
//! - **Retries** ([`RetryConfig`], [`CallOptions`]): 429 for every method after
//!   `Retry-After`; 502/503/504, timeouts and broken connections for idempotent methods only;
//!   connect failures (nothing sent) for every method. A POST that may have reached the
//!   server is never sent twice.
//! - **Timeouts**: 10 s to connect and 60 s per attempt by default, and optionally a deadline
//!   for a whole call, retries and waits included ([`CallOptions::with_deadline`]); a
//!   [`TransportError`] says which one fired ([`TimeoutKind`]).
//! - **Size limits**: response bodies are read up to 16 MiB by default
//!   ([`ClientBuilder::max_response_body`]), token responses up to 64 KiB, so a misbehaving
//!   server cannot exhaust memory.
//! - **Rate limiting** ([`RateLimit`]): optional, ISC's 100 requests per 10 s per client,
//!   shared by all clones of a client.
//! - **Tracing**: one `isc_request` span per call with the operation id, method, path
//!   template, attempt, status and ISC tracking id, never a token or body.
//! - **Transport safety**: HTTPS everywhere except loopback hosts, and plain HTTP never through
//!   a proxy (not even one named by `HTTP_PROXY`), so secrets never cross a network unencrypted.
//!
//! The runtime is generic: it knows nothing about any particular API. What it knows about
//! SailPoint (the `SAIL_*` discovery, tenant names, the tracking-id header, ISC's rate limit,
//! the experimental-operation switch [`ClientBuilder::experimental`]) is in one module,
//! `sailpoint`.
//!
//! # Example
//!
//! ```no_run
//! use isc_runtime::{CallOptions, Client, ClientBuilder, OperationRequest, RateLimit};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! // Tenant and credentials from the builder, else SAIL_* variables, else ./config.json.
//! let client = ClientBuilder::from_env()
//!     .rate_limit(RateLimit::isc_default())
//!     .user_agent_suffix("password-sync/1.0")
//!     .build()?;
//!
//! // Generated operations build requests like this one.
//! let request = OperationRequest {
//!     operation_id: "getIdentityPasswordChangeStatus",
//!     method: reqwest::Method::GET,
//!     path_template: "/beta/password-change-status/{id}",
//!     path: format!(
//!         "/beta/password-change-status/{}",
//!         isc_runtime::encode_path_segment("abc/1")
//!     ),
//!     query: Vec::new(),
//!     headers: Vec::new(),
//!     constant_headers: &[],
//!     accept: "application/json",
//!     body: None,
//! };
//! let response = client.execute(request, &CallOptions::new()).await?;
//! let status: serde_json::Value = isc_runtime::decode_json(&response)?;
//! println!("{} after {} attempt(s): {status}", response.status, response.attempts);
//! # Ok(())
//! # }
//! ```

mod attempt;
mod auth;
mod body_encoding;
mod body_limit;
mod builder;
mod call;
mod client;
mod config;
mod enums;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
mod oauth;
mod object;
mod one_of;
mod options;
mod pagination;
mod prepare;
mod query;
mod rate_limit;
mod read;
mod request;
mod response;
mod retry;
mod retry_after;
mod sailpoint;
mod transport;
mod transport_error;
mod transport_safety;

pub use auth::{RejectionFuture, TokenError, TokenFuture, TokenProvider};
pub use body_encoding::Multipart;
pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_TOKEN_REFRESH_MARGIN,
};
pub use call::Pending;
pub use client::Client;
pub use config::{ConfigError, ConfigSources, Setting};
pub use enums::{UnknownInteger, UnknownValue};
pub use error::{DecodeError, Error, InvalidRequest, ServiceError, UnexpectedResponse};
pub use options::CallOptions;
pub use pagination::{
    paginate, paginate_from, paginate_with_max_pages, Page, PaginationError, Paging,
    DEFAULT_MAX_PAGES,
};
pub use query::{json_text, object_header_value, object_query_pairs, value_text, ObjectStyle};
pub use rate_limit::RateLimit;
pub use request::{encode_path_segment, OperationRequest, RequestBody};
pub use response::{decode_json, RawResponse, ResponseValue};
pub use retry::RetryConfig;
pub use retry_after::RetryAfter;
pub use sailpoint::EXPERIMENTAL_HEADER;
pub use transport::{BoxError, HttpRequest, HttpResponse, Purpose, Transport, TransportFailure};
pub use transport_error::{TimeoutKind, TransportError, TransportErrorKind};

/// What generated code calls and users must not: no part of the public API, and exempt from
/// semver (like serde's `__private`). Enum values no known variant matched, the one `async`
/// body of every call, and the readers of model objects and of responses.
#[doc(hidden)]
pub mod __private {
    pub use crate::call::{start, Prepared};
    pub use crate::enums::{unknown_integer, unknown_value};
    pub use crate::object::{
        count_set, fill, flattened_members, next_member, required, ObjectWriter, Rest,
    };
    pub use crate::one_of::{read_untagged, Candidate};
    pub use crate::read::{
        bare_error, bare_success, json_error, json_error_retry, json_success, json_value,
    };
}

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt, TryStreamExt};

/// A boxed `Send` future: what [`Pending`] holds.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
/// The HTTP client the runtime is built on, re-exported so that a caller who hands in its own
/// [`reqwest::Client`] (see [`ClientBuilder::http_client`]) uses the same version.
pub use reqwest;
/// The HTTP method of an [`OperationRequest`], re-exported so generated crates need no direct
/// `reqwest` dependency.
pub use reqwest::Method;
/// The secret string type the builder takes for client secrets and tokens, and the trait
/// that reads one, re-exported so callers need no direct `secrecy` dependency.
pub use secrecy::{ExposeSecret, SecretString};
