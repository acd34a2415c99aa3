//! A typed async client for the SailPoint Identity Security Cloud (ISC) beta Password
//! Management API: look up what a password change needs, submit an encrypted password,
//! follow the change until it completes, and issue one-time digit tokens.
//!
//! The crate has three layers:
//!
//! - [`apis`] and [`models`] are generated from the OpenAPI spec by `cargo xtask codegen`:
//!   one API per spec tag, one async method per operation, one error enum per operation,
//!   and one type per schema. Every method's documentation has an example that compiles.
//! - [`runtime`] is the `isc-runtime` crate, the hand-written HTTP layer that every generated
//!   SailPoint crate goes through: configuration, OAuth2 tokens, retries, timeouts, rate
//!   limiting and tracing.
//! - [`password`] holds hand-written helpers for the whole password workflow.
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
//!
//! 1. **Query**: [`query_password_info`](apis::PasswordManagementApi::query_password_info)
//!    names the identity and source and returns the source's RSA public key (with its id),
//!    the user's accounts there and the password policy.
//! 2. **Encrypt** the new password under that key:
//!    [`password::encrypt_password`] does RSA PKCS#1 v1.5 and base64, as ISC expects.
//! 3. **Set**: [`set_identity_password`](apis::PasswordManagementApi::set_identity_password)
//!    submits it for one account and answers with a request id; the change runs
//!    asynchronously.
//! 4. **Poll**: [`get_identity_password_change_status`](apis::PasswordManagementApi::get_identity_password_change_status)
//!    until the state is [`Finished`](models::PasswordChangeState::Finished) or
//!    [`Failed`](models::PasswordChangeState::Failed).
//!
//! [`Passwords::change`](password::Passwords::change) (from `client.passwords()`) does all
//! four in one call: it also picks the account, checks the policy locally before anything is
//! sent, never sends set-password twice, and polls with backoff ([`password::PollConfig`]).
//! The same steps by hand:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use sailpoint_beta::models::{PasswordChangeRequest, PasswordChangeState, PasswordInfoQueryDto};
//! use sailpoint_beta::password::encrypt_password;
//! use sailpoint_beta::{Client, ClientBuilder, SecretString};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(&ClientBuilder::from_env().build()?);
//! let api = client.password_management();
//!
//! // 1. Query: the source's key and the user's accounts on it.
//! let query = PasswordInfoQueryDto::new()
//!     .with_user_name("Jordan.Lee")
//!     .with_source_name("Corp-AD");
//! let info = api.query_password_info(&query).send().await?.into_inner();
//! let public_key = info.public_key.as_deref().ok_or("the source has no public key")?;
//! let account = info.accounts.as_deref().and_then(<[_]>::first).ok_or("no account")?;
//!
//! // 2. Encrypt: the plaintext stays in a SecretString, zeroized when dropped.
//! let password = SecretString::from(std::env::var("NEW_PASSWORD")?);
//! let encrypted = encrypt_password(public_key, &password)?;
//! drop(password);
//!
//! // 3. Set: one account, with the key id from step 1.
//! // Models are `#[non_exhaustive]`: `new` and `with_*` setters, or assign the public fields.
//! let mut request = PasswordChangeRequest::new().with_encrypted_password(encrypted.into_string());
//! request.identity_id = info.identity_id.clone();
//! request.public_key_id = info.public_key_id.clone();
//! request.account_id = account.account_id.clone();
//! request.source_id = info.source_id.clone();
//! let accepted = api.set_identity_password(&request).send().await?.into_inner();
//! // `requestId` is nullable: `Some(None)` is an explicit `null`, `None` an absent member.
//! let request_id = accepted.request_id.flatten().ok_or("no request id")?;
//!
//! // 4. Poll until the change is final.
//! loop {
//!     let status = api.get_identity_password_change_status(&request_id).send().await?;
//!     match &status.state {
//!         Some(PasswordChangeState::Finished) => break,
//!         Some(PasswordChangeState::Failed) => {
//!             return Err(format!("the change failed: {:?}", status.errors).into());
//!         }
//!         _ => tokio::time::sleep(Duration::from_secs(2)).await,
//!     }
//! }
//! # Ok(())
//! # }
//! ```
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
//! set-password. The [`password`] helpers return [`PasswordError`](password::PasswordError),
//! which says whether the password may have changed.
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

pub mod password;

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

// The workspace README's Rust examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
