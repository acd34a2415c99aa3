//! Mocks for testing code that uses a generated crate, without a server (the `mock` feature).
//!
//! Each generated crate has a `mock` module (behind its own `mock` feature) with one function
//! per operation that starts a typed [`RuleBuilder`]: what requests the rule answers, seen
//! through the operation's typed request view, and what it answers: the operation's output,
//! one of its documented errors, any HTTP response, or a [`Sequence`] of those for retry
//! tests. `mock::client(&rules)` is then the crate's ordinary `Client`, so the code under test
//! needs no change. The mock sits below the client's authentication, retries, rate limiter
//! and timeouts ([`MockTransport`] is a [`Transport`](crate::Transport)), so those run as in
//! production and can be tested too.

mod request;
mod rules;
mod transport;

use std::fmt::Display;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};

pub use request::MockRequest;
pub use rules::{MockOperation, Rule, RuleBuilder, Sequence};
pub use transport::{MockTransport, RuleMode};

use crate::transport::HttpResponse;
use crate::{Client, ClientBuilder, RetryAfter, RetryConfig, SecretString};

/// The base URL of a mock client. `.invalid` cannot resolve, so nothing reaches a network.
pub const MOCK_BASE_URL: &str = "https://isc.mock.invalid";

/// A client builder that sends everything to `transport`: base URL [`MOCK_BASE_URL`], client
/// credentials that the transport answers with numbered tokens (`mock-token-1`, ...), and
/// the standard retry policy with 1 ms backoffs, so retry tests do not wait (a
/// `Retry-After` is still honoured). Change anything else on it, such as
/// [`experimental`](ClientBuilder::experimental), before `build()`.
pub fn client_builder(transport: MockTransport) -> ClientBuilder {
    Client::builder()
        .base_url(MOCK_BASE_URL)
        .client_id("mock-client")
        .client_secret(SecretString::from("mock-secret"))
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(4))
                .with_jitter(false),
        )
        .transport(transport)
}

/// A runtime client answering from `rules` (`&[a, b]`, `[a.clone()]`, a `Vec`, ...), first
/// match first (see [`client_builder`]).
pub fn client<R: std::borrow::Borrow<Rule>>(rules: impl IntoIterator<Item = R>) -> Client {
    match client_builder(MockTransport::new(rules)).build() {
        Ok(client) => client,
        // The settings are all fixed above and valid; no caller input reaches them.
        Err(error) => unreachable!("the mock client's fixed settings are valid: {error}"),
    }
}

/// Responses as the generated `MockOperation` implementations write them; public for them,
/// and for tests that want a documented response with other headers.
pub mod reply {
    use super::*;

    /// `status` with `value` as a JSON body of `media_type`.
    ///
    /// # Panics
    ///
    /// If `value` cannot be written as JSON (a map with keys that are not strings).
    pub fn json<T: serde::Serialize + ?Sized>(
        status: u16,
        media_type: &'static str,
        value: &T,
    ) -> HttpResponse {
        let body = serde_json::to_vec(value)
            .unwrap_or_else(|error| panic!("a mock reply cannot be written as JSON: {error}"));
        bytes(status, media_type, body)
    }

    /// `status` with `body` of `media_type`.
    pub fn bytes(status: u16, media_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
        let mut response = super::rules::response(status, body);
        response
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
        response
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> HttpResponse {
        super::rules::response(status, Bytes::new())
    }

    /// `response` with the header `name: value`, unless `value` is `None` or not a valid
    /// header value.
    pub fn header(
        mut response: HttpResponse,
        name: &'static str,
        value: Option<&impl Display>,
    ) -> HttpResponse {
        let value = value.and_then(|value| HeaderValue::from_str(&value.to_string()).ok());
        if let (Ok(name), Some(value)) = (HeaderName::from_bytes(name.as_bytes()), value) {
            response.headers.insert(name, value);
        }
        response
    }

    /// `response` with `Retry-After` in whole seconds (rounded up), if `retry_after` is given.
    pub fn retry_after(
        mut response: HttpResponse,
        retry_after: Option<&RetryAfter>,
    ) -> HttpResponse {
        if let Some(retry_after) = retry_after {
            let delay = retry_after.delay();
            let seconds = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
            response
                .headers
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
