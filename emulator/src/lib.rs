//! A local emulator of SailPoint Identity Security Cloud's password endpoints, for testing ISC
//! clients offline.
//!
//! It serves `POST /oauth/token` (client-credentials grant) and the four Password Management
//! operations, under both path families (beta: `/beta/set-password`, ...; versioned:
//! `/set-password/v1`, ..., where the digit token is experimental and needs
//! `X-SailPoint-Experimental: true`), over one world loaded from a [`Seed`], with ISC's semantics: each source
//! has its own RSA key, set-password really decrypts the password and checks the source's
//! policy, changes complete asynchronously, and errors use ISC's bodies. Tests can rate-limit,
//! inject faults per route, read the request log and check stored passwords.
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
mod config;
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
pub use seed::{default_seed, AccountSeed, IdentitySeed, PolicySeed, Seed, SeedError, SourceSeed};
pub use server::{Emulator, UNKNOWN_STATE};
pub use world::ChangeState;
