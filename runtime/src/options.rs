//! [`CallOptions`]: per-call overrides of the client's retry policy, request timeout and
//! response size limit, an overall deadline, and
//! the "reaches the server at most once" guarantee for calls that must never be repeated.

use std::time::Duration;

use crate::retry::RetryConfig;

/// Settings that override the [`Client`](crate::Client)'s defaults for one call
/// (or for every call of one API handle, via the generated `with_options`).
///
/// ```
/// # use std::time::Duration;
/// # use isc_runtime::{CallOptions, RetryConfig};
/// let options = CallOptions::new()
///     .with_retry(RetryConfig::disabled())
///     .with_timeout(Duration::from_secs(5));
/// assert_eq!(options.timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    retry: Option<RetryConfig>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_response_body: Option<usize>,
    at_most_once: bool,
}

impl CallOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `retry` instead of the client's [`RetryConfig`].
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Uses `timeout` as the whole-request timeout of each attempt instead of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Ends the whole call within `deadline`: waiting for the rate limiter and for a token,
    /// every attempt, and every wait between attempts (a `Retry-After` included).
    ///
    /// Without a deadline a call can take up to `max_attempts` times the request timeout plus
    /// the waits between attempts (each up to 60 s by default). With one, an attempt gets at
    /// most what is left of it; a retry whose wait would reach the deadline is not made, and
    /// the last response (a 429 or 503, say) or failure is returned at once, as when the
    /// attempts run out; and if the deadline passes while the call waits or an attempt runs,
    /// the call fails with [`TimeoutKind::Deadline`](crate::TimeoutKind::Deadline).
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Reads response bodies up to `bytes` instead of the client's
    /// [`max_response_body`](crate::ClientBuilder::max_response_body), for instance for one
    /// large download.
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// Lets the request reach the server at most once, whatever happens.
    ///
    /// Without this, the runtime re-sends a request the server provably did not act on: after
    /// a `429`, and once after a `401` with a refreshed token. With it, any response (a `429` or
    /// `401` included) goes straight to the caller, and the only retries left are those of
    /// connect failures, where nothing reached the server. For operations that must not be
    /// repeated even when a repeat would be harmless in theory, such as set-password.
    pub fn at_most_once(mut self) -> Self {
        self.at_most_once = true;
        self
    }

    /// Whether [`Self::at_most_once`] was asked for.
    pub fn is_at_most_once(&self) -> bool {
        self.at_most_once
    }

    /// The retry override, if any.
    pub fn retry(&self) -> Option<&RetryConfig> {
        self.retry.as_ref()
    }

    /// The request-timeout override, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The overall deadline of the call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The response-body limit override, if any.
    pub fn max_response_body(&self) -> Option<usize> {
        self.max_response_body
    }
}
