//! A client generated from `tests/fixtures/constructs/openapi.yaml`, a spec that uses every
//! construct the generator supports. Its tests check real JSON and real HTTP round trips.
//!
//! The generated modules are written by `cargo xtask codegen`; this file and `tests/` are
//! hand-written. The runtime is the SDK's own, compiled from its source, so there is one copy.
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod apis;
#[rustfmt::skip]
pub mod models;
#[path = "../../../sdk/src/runtime/mod.rs"]
pub mod runtime;
