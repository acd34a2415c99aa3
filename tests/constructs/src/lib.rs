//! A client generated from `tests/fixtures/constructs/openapi.yaml`, a spec that uses every
//! construct the generator supports. Its tests check real JSON and real HTTP round trips.
//!
//! The generated modules are written by `cargo xtask codegen`; this file and `tests/` are
//! hand-written. The runtime is the `isc-runtime` crate, like every generated crate's.
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod apis;
#[rustfmt::skip]
pub mod models;

#[cfg(feature = "mock")]
pub use apis::mock;
pub use apis::Client;
/// The shared client core.
pub use isc_runtime as runtime;
pub use isc_runtime::{
    CallOptions, ClientBuilder, ConfigError, Error, ExposeSecret, RateLimit, ResponseValue,
    RetryConfig, SecretString,
};
