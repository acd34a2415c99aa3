//! The retry policy: [`RetryConfig`] and the rules deciding whether an attempt may be repeated.
//!
//! The rules, in one place:
//! - **429 Too Many Requests**: the server did not process the request, so every method is
//!   retried, after `Retry-After` (or the backoff when the header is absent).
//! - `Retry-After` can lengthen the wait but never shorten it below the backoff: a zero,
//!   past, negative or malformed value waits the backoff, so a server cannot make the client
//!   hammer it. Fractional seconds are rounded up.
//! - **502, 503, 504, request timeouts, broken connections**: the server may have acted on
//!   the request, so only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried
//!   (after `Retry-After` if a 503 carries one, else the backoff). A POST or PATCH is never
//!   repeated after it may have reached the server.
//! - A `Retry-After` longer than [`RetryConfig::max_retry_after`] (a number too large to
//!   represent included) ends the retries: the response goes to the caller at once, who can
//!   decide whether to wait that long. Waiting the capped time instead would most likely earn
//!   another 429 and spend an attempt for nothing.
//! - **Connect failures and connect timeouts**: nothing was sent, so every method is retried.
//! - Everything else (including 500) is returned to the caller at once.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::retry_after::RetryAfter;

/// How failed attempts are retried. `Default` is [`RetryConfig::standard`].
///
/// ```
/// # use std::time::Duration;
/// # use isc_runtime::RetryConfig;
/// let patient = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_max_backoff(Duration::from_secs(30));
/// assert_eq!(patient.max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
}

impl RetryConfig {
    /// The defaults: 3 attempts, backoff 500 ms doubling up to 10 s, jitter on, and
    /// `Retry-After` honoured up to 60 s.
    ///
    /// Three attempts ride out a brief blip (a deploy, one overloaded node) without letting a
    /// real outage block a caller for long; 500 ms is long enough for a retried request not to
    /// pile onto the same overload; ISC's rate-limit window is 10 s, so a `Retry-After` up to a
    /// minute is plausible, and anything longer is better handed to the caller.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }

    /// Exactly one attempt: nothing is retried (the single re-send after a token refresh on
    /// 401 still happens, since it is part of authentication, not a retry).
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Total attempts, the first one included; `0` is treated as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The wait before the first retry; each further retry doubles it.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts, before jitter.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// With jitter (the default) each backoff is drawn uniformly from `[backoff/2, backoff]`,
    /// so many clients failing at once do not retry in lockstep. `Retry-After` is never jittered.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` the client waits out (default 60 s). A 429 or 503 asking for
    /// longer is returned to the caller at once (with its `Retry-After`) rather than blocking
    /// the call.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Total attempts, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between attempts.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether backoffs are jittered.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// The longest `Retry-After` that is waited out.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait after `attempts_made` failed attempts (1 for the first retry).
    pub(crate) fn backoff(&self, attempts_made: u32) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(31);
        let backoff = self
            .initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        if self.jitter {
            backoff.mul_f64(0.5 + fastrand::f64() * 0.5)
        } else {
            backoff
        }
    }

    /// How long to wait before retrying a request answered with `status`, or `None` when it
    /// must not be retried. `attempts_made` counts attempts under this policy so far.
    pub(crate) fn delay_after_status(
        &self,
        idempotent: bool,
        status: StatusCode,
        headers: &HeaderMap,
        attempts_made: u32,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        match status {
            StatusCode::TOO_MANY_REQUESTS => self.server_requested_delay(headers, attempts_made),
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
                if idempotent =>
            {
                self.server_requested_delay(headers, attempts_made)
            }
            _ => None,
        }
    }

    /// `Retry-After` when the response has one (`None` when it asks for more than
    /// `max_retry_after`), but never less than the backoff.
    fn server_requested_delay(&self, headers: &HeaderMap, attempts_made: u32) -> Option<Duration> {
        let backoff = self.backoff(attempts_made);
        match RetryAfter::from_headers(headers) {
            Some(retry_after) if retry_after.delay() > self.max_retry_after => None,
            Some(retry_after) => Some(retry_after.delay().max(backoff)),
            None => Some(backoff),
        }
    }

    /// How long to wait before retrying after a failure without response, or `None`.
    pub(crate) fn delay_after_failure(
        &self,
        idempotent: bool,
        request_left: bool,
        attempts_made: u32,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts || (request_left && !idempotent) {
            return None;
        }
        Some(self.backoff(attempts_made))
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Methods that RFC 9110 defines as idempotent: repeating them has the effect of sending once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether an answer with `status` leaves open that the server acted on the request. A client
/// error (4xx, 429 and 401 included) is a refusal: the server did not act on it. Any other
/// answer, a 5xx included, may mean it did.
pub(crate) fn status_may_have_been_processed(status: StatusCode) -> bool {
    !status.is_client_error()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    fn no_jitter() -> RetryConfig {
        RetryConfig::standard()
            .with_jitter(false)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350))
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let config = no_jitter();
        let waits: Vec<u128> = (1..=4).map(|n| config.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
    }

    #[test]
    fn jitter_stays_within_half_to_full() {
        let config = no_jitter().with_jitter(true);
        for _ in 0..200 {
            let wait = config.backoff(2);
            assert!(wait >= Duration::from_millis(100) && wait <= Duration::from_millis(200));
        }
    }

    #[test]
    fn status_rules() {
        let config = no_jitter();
        let none = HeaderMap::new();
        let mut retry_after = HeaderMap::new();
        retry_after.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        let mut too_long = HeaderMap::new();
        too_long.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        let delay = |method: Method, status: u16, headers: &HeaderMap| {
            let status = StatusCode::from_u16(status).unwrap();
            config.delay_after_status(is_idempotent(&method), status, headers, 1)
        };
        assert_eq!(
            delay(Method::POST, 429, &retry_after),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            delay(Method::POST, 429, &none),
            Some(Duration::from_millis(100))
        );
        assert_eq!(delay(Method::GET, 429, &too_long), None);
        let mut past = HeaderMap::new();
        past.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            delay(Method::GET, 429, &past),
            Some(Duration::from_millis(100)),
            "a past date waits the backoff"
        );
        assert_eq!(
            delay(Method::GET, 503, &none),
            Some(Duration::from_millis(100))
        );
        assert_eq!(
            delay(Method::PUT, 502, &none),
            Some(Duration::from_millis(100))
        );
        assert_eq!(delay(Method::POST, 503, &none), None);
        let from_header = delay(Method::GET, 503, &retry_after);
        assert_eq!(from_header, Some(Duration::from_secs(2)));
        assert_eq!(delay(Method::POST, 503, &retry_after), None);
        assert_eq!(delay(Method::PATCH, 504, &none), None);
        assert_eq!(delay(Method::GET, 500, &none), None);
        assert_eq!(delay(Method::GET, 400, &none), None);
        let exhausted = config.delay_after_status(true, StatusCode::SERVICE_UNAVAILABLE, &none, 3);
        assert_eq!(exhausted, None);
    }

    #[test]
    fn failure_rules() {
        let config = no_jitter();
        let post = is_idempotent(&Method::POST);
        let get = is_idempotent(&Method::GET);
        assert!(config.delay_after_failure(post, false, 1).is_some());
        assert!(config.delay_after_failure(post, true, 1).is_none());
        assert!(config.delay_after_failure(get, true, 1).is_some());
        assert!(config.delay_after_failure(get, true, 3).is_none());
        assert!(RetryConfig::disabled()
            .delay_after_failure(get, false, 1)
            .is_none());
    }
}
