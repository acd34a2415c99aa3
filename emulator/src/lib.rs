//! A local emulator of SailPoint Identity Security Cloud's password endpoints, for testing ISC
//! clients offline.
//!
//! It serves `POST /oauth/token` (client-credentials grant) and, under both path families
//! (beta: `/beta/set-password`, ...; versioned: `/set-password/v1`, ...):
//!
//! * the four Password Management operations: query-password-info, set-password,
//!   password-change-status and the digit token (experimental in v1, where it needs
//!   `X-SailPoint-Experimental: true`);
//! * Password Policies (`/beta/password-policies`: paged list, create, get, replace, delete);
//! * Password Sync Groups (`/beta/password-sync-groups`: the same five operations);
//! * the Password Dictionary (`/beta/password-dictionary`: get as text, replace by a
//!   multipart upload);
//! * Password Configuration (`/beta/password-org-config`: get, create, update);
//! * Custom Password Instructions (`/beta/custom-password-instructions`: create, get, delete).
//!
//! All of it runs over one world loaded from a [`Seed`], with ISC's semantics: each source has
//! its own RSA key; set-password really decrypts the password and checks it against the
//! source's effective policy as it is at that moment (its sync group's policy, else the policy
//! that lists the source), including the dictionary when the policy uses it; a change on a
//! source in a sync group changes the identity's accounts on every member source; changes
//! complete asynchronously; scopes are checked per operation; errors use ISC's bodies. Tests
//! can rate-limit, inject faults per route, read the request log and check stored passwords.
//!
//! It serves plain HTTP by default. With [`EmulatorConfig::with_tls`] it serves HTTPS instead,
//! HTTP/2 or HTTP/1.1 as the client negotiates, with a self-signed certificate it makes at
//! start; clients trust [`Emulator::root_certificate_pem`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), isc_emulator::EmulatorError> {
//! use isc_emulator::{Emulator, EmulatorConfig, Fault, Route};
//!
//! let emulator = Emulator::start(EmulatorConfig::default()).await?;
//! println!("ISC emulator at {}", emulator.base_url());
//! emulator.faults().set(Route::SetPassword, Fault::Status500 { times: 1 });
//! # Ok(()) }
//! ```
//!
//! This crate deliberately shares no code with the SDK: its wire types are written from the API
//! description on their own, so tests against it check the SDK instead of agreeing with it.

mod auth;
mod clock;
mod config;
mod dictionary;
mod error;
mod faults;
mod ids;
mod keys;
mod observe;
mod policy;
mod rate_limit;
mod seed;
mod server;
mod sync;
mod wire;
mod world;

pub use auth::TokenKind;
pub use config::{
    ClientCredentials, EmulatorConfig, RateLimit, UserToken, DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
};
pub use error::EmulatorError;
pub use faults::{Fault, Faults, Route};
pub use keys::KeyError;
pub use observe::LoggedRequest;
pub use policy::PasswordPolicy;
pub use seed::{
    default_seed, AccountSeed, IdentitySeed, OrgConfigSeed, PolicySeed, Seed, SeedError,
    SourceSeed, SyncGroupSeed,
};
pub use server::{Emulator, UNKNOWN_STATE};
pub use world::ChangeState;
