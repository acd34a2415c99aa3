//! A typed async client for the SailPoint Identity Security Cloud (ISC) beta password APIs:
//! Password Management (look up what a password change needs, submit an encrypted password,
//! follow the change until it completes, issue one-time digit tokens), Password Policies (the
//! rules a new password must meet), Password Sync Groups (the sources that share one password),
//! Password Dictionary (the words no password may contain), Password Configuration (the
//! tenant's password settings) and Custom Password Instructions (text on the password screens).
//!
//! Each API (tag) is a Cargo feature, `full` (the default) turns them all on: with
//! `default-features = false, features = ["password_management"]` a program compiles only the
//! API it uses, and the models that API reaches.
//!
//! The crate has two layers:
//!
//! - [`apis`] and [`models`] are generated from the OpenAPI spec by `cargo xtask codegen`:
//!   one API per spec tag, one async method per operation, one error enum per operation,
//!   and one type per schema. Every method's documentation has an example that compiles.
//! - [`runtime`] is the `isc-runtime` crate, the hand-written HTTP layer that every generated
//!   SailPoint crate goes through: configuration, OAuth2 tokens, retries, timeouts, rate
//!   limiting and tracing.
//!
//! The hand-written helpers for the whole password workflow are the `sailpoint-password` crate,
//! built on this one; this crate is generated only.
//!
//! The same reference, as Markdown pages per API and per model, is in `docs/` next to this
//! crate (start at `docs/README.md`).
//!
//! # Setup
//!
//! Build one runtime client per tenant with [`ClientBuilder`] and make this crate's [`Client`]
//! from it (clones of either are cheap). The same runtime client can also serve the `Client`
//! of any other generated SailPoint crate: they then share one connection pool, one token
//! cache and one rate limiter. With [`ClientBuilder::from_env`] each setting comes from the
//! first place that has it:
//!
//! 1. the builder (`base_url`, `client_id`, `client_secret`, or a bearer token);
//! 2. the environment variables `SAIL_BASE_URL` (a tenant name such as `acme`, or a URL),
//!    `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET`;
//! 3. a `config.json` in the working directory, as SailPoint's other SDKs read it:
//!
//! ```json
//! { "BaseURL": "https://acme.api.identitynow.com", "ClientId": "…", "ClientSecret": "…" }
//! ```
//!
//! A missing setting is a [`ConfigError`] that names it. The client
//! gets OAuth2 tokens with the client credentials grant and refreshes them before they
//! expire; secrets are held in `secrecy` types and never appear in `Debug` output, logs or
//! errors.
//!
//! ```no_run
//! use sailpoint_beta::{Client, ClientBuilder, RateLimit, SecretString};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Everything from SAIL_* or ./config.json:
//! let client = Client::new(&ClientBuilder::from_env().build()?);
//!
//! // Or explicitly, staying under ISC's rate limit:
//! let runtime = ClientBuilder::new()
//!     .base_url("acme")
//!     .client_id("0c2f...")
//!     .client_secret(SecretString::from(std::env::var("ISC_CLIENT_SECRET")?))
//!     .rate_limit(RateLimit::isc_default())
//!     .build()?;
//! let explicit = Client::new(&runtime);
//! # drop((client, explicit));
//! # Ok(())
//! # }
//! ```
//!
//! # The password workflow
//!
//! Changing a password takes four calls to [`PasswordManagementApi`](apis::PasswordManagementApi):
//! [`query_password_info`](apis::PasswordManagementApi::query_password_info) (the source's RSA
//! public key, the user's accounts, the policy), encryption of the new password under that
//! key, [`set_identity_password`](apis::PasswordManagementApi::set_identity_password), then
//! [`get_identity_password_change_status`](apis::PasswordManagementApi::get_identity_password_change_status)
//! until the change is final. The `sailpoint-password` crate does all four in one call, with
//! the encryption, a local policy check, at-most-once submission and polling; this crate is
//! generated only.
//!
//! # Errors
//!
//! Every operation returns `Result<ResponseValue<T>, runtime::Error<E>>`.
//! [`ResponseValue`] derefs to the body and keeps the status and
//! headers. [`runtime::Error`] says what went wrong:
//!
//! - `Service`: ISC answered with an error status the spec documents. `E` is the
//!   operation's own enum, such as
//!   [`SetIdentityPasswordError`](apis::password_management::SetIdentityPasswordError),
//!   with one variant per documented status holding its typed body (`TooManyRequests` also
//!   holds the parsed `Retry-After`).
//! - `UnexpectedStatus`: a status the spec does not document, with the raw body.
//! - `Decode`: a documented response whose body does not match its schema.
//! - `Transport`: no usable response (connection, timeout, retries exhausted).
//! - `InvalidRequest`: the request could not be built.
//!
//! Quote ISC's tracking id when asking SailPoint support about a failed call: the error
//! enums read it from the body (`tracking_id()`), and
//! [`ServiceError::tracking_id`](runtime::ServiceError::tracking_id) reads the
//! `SLPT-Request-ID` header. [`Error::may_have_been_processed`](runtime::Error::may_have_been_processed)
//! tells whether a failed call may still have taken effect, which matters for
//! set-password.
//!
//! ```no_run
//! use sailpoint_beta::apis::password_management::GetIdentityPasswordChangeStatusError;
//! use sailpoint_beta::{Client, Error};
//!
//! async fn show_status(client: &Client, request_id: &str) -> Result<(), Box<dyn std::error::Error>> {
//!     let api = client.password_management();
//!     match api.get_identity_password_change_status(request_id).send().await {
//!         Ok(status) => println!("{:?}", status.state),
//!         Err(Error::Service(failure)) => match &failure.error {
//!             GetIdentityPasswordChangeStatusError::NotFound(_) => println!("no such request yet"),
//!             other => eprintln!("{other}; tracking id {:?}", other.tracking_id()),
//!         },
//!         Err(other) => return Err(other.into()),
//!     }
//!     Ok(())
//! }
//! ```
#![warn(missing_docs)]

// Generated by `cargo xtask codegen` and formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
pub mod apis;
#[rustfmt::skip]
pub mod models;

#[cfg(feature = "mock")]
pub use apis::mock;
pub use apis::Client;
/// The shared client core every generated SailPoint crate uses: configuration, OAuth2
/// tokens, retries, rate limiting, errors (the `isc-runtime` crate).
pub use isc_runtime as runtime;
// The same root items as every crate `cargo xtask generate` writes
// (`codegen::ROOT_RUNTIME_ITEMS`): everything a first call names.
pub use isc_runtime::{
    CallOptions, ClientBuilder, ConfigError, Error, ExposeSecret, RateLimit, ResponseValue,
    RetryConfig, SecretString,
};
