//! A second crate generated from `spec/` under another name (`cargo xtask codegen` writes its
//! `apis`, `models` and `docs`; this file is hand-written). It stands in for a second SailPoint
//! API in `tests/tests/shared_client.rs`: two generated crates, one runtime client.
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod apis;
#[rustfmt::skip]
pub mod models;

pub use apis::Client;
