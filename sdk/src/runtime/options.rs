//! [`CallOptions`]: per-call overrides of the client's retry policy and request timeout.

use std::time::Duration;

use crate::runtime::retry::RetryConfig;

/// Settings that override the [`Client`](crate::runtime::Client)'s defaults for one call
/// (or for every call of one API handle, via the generated `with_options`).
///
/// ```
/// # use std::time::Duration;
/// # use sailpoint_beta::runtime::{CallOptions, RetryConfig};
/// let options = CallOptions::new()
///     .with_retry(RetryConfig::disabled())
///     .with_timeout(Duration::from_secs(5));
/// assert_eq!(options.timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    retry: Option<RetryConfig>,
    timeout: Option<Duration>,
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

    /// The retry override, if any.
    pub fn retry(&self) -> Option<&RetryConfig> {
        self.retry.as_ref()
    }

    /// The request-timeout override, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }
}
