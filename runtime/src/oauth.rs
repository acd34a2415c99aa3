//! The OAuth2 `client_credentials` token provider: fetches a token from `{base}/oauth/token`,
//! caches it until shortly before it expires, and lets only one refresh run at a time.
//!
//! Every wait here is bounded by the request timeout: a token request, its retries and their
//! waits included, ends within it; a call waiting for another call's token request waits at
//! most that long, and when that request fails, the waiting calls get its failure rather than
//! each trying again in turn.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::attempt::AttemptFailure;
use crate::auth::{same_token, RejectionFuture, TokenError, TokenFuture, TokenProvider};
use crate::retry::RetryConfig;
use crate::transport::{BoxError, Http, HttpRequest, Purpose};

/// The largest token response read. A token response is a few kilobytes at most (a JWT with
/// many claims); this bounds what a broken or hostile token endpoint can make us buffer.
const MAX_TOKEN_RESPONSE_BODY: usize = 64 * 1024;

/// The shortest lifetime a token is taken to have. A server announcing less (`expires_in: 0`,
/// say) would otherwise cost one token request per API call. With the refresh half-way
/// through short lifetimes, a token is reused for at least 1 s, so at most one token request
/// a second; a real short lifetime (2 s and up) is still honoured, and a token that is really
/// expired sooner is replaced after the API's 401.
const MIN_TOKEN_LIFETIME: Duration = Duration::from_secs(2);

/// The longest lifetime a token is taken to have: one day. A larger `expires_in` (up to
/// `u64::MAX` seconds, which would overflow the clock) is shortened to it.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Settings of the client-credentials flow, fixed when the client is built.
pub(crate) struct ClientCredentialsConfig {
    pub(crate) http: Http,
    pub(crate) token_url: Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) refresh_margin: Duration,
    /// Bounds a whole token request, retries and their waits included.
    pub(crate) request_timeout: Duration,
    pub(crate) retry: RetryConfig,
}

/// Fetches and caches tokens with the client-credentials grant.
pub(crate) struct ClientCredentials {
    config: ClientCredentialsConfig,
    // The mutex is held across the token request: callers arriving during a refresh queue
    // here and then find the fresh token, so a refresh happens once however many wait.
    cache: Mutex<Cache>,
    /// How many token requests have failed, readable without the lock: a caller notes it
    /// before queueing, to tell afterwards whether the request it waited for failed.
    failed_fetches: AtomicU64,
}

#[derive(Default)]
struct Cache {
    token: Option<CachedToken>,
    /// The error of the last failed token request, for the calls that waited for it.
    last_failure: Option<String>,
}

struct CachedToken {
    token: SecretString,
    /// When to fetch a new one; `None` when the server gave no lifetime (then the token is
    /// used until the API rejects it with 401).
    refresh_at: Option<Instant>,
}

/// The parts of the token response we use. No `Debug`: it holds the token in plain text.
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: Option<String>,
    /// A number by the RFC, but some servers send a string or a fraction: read any JSON value,
    /// and judge it in `lifetime`.
    expires_in: Option<serde_json::Value>,
}

/// A failure of one token request, before deciding whether to retry.
enum FetchFailure {
    Status(StatusCode, HeaderMap, bytes::Bytes),
    Transport(BoxError),
    Timeout,
    TooLarge,
}

impl ClientCredentials {
    pub(crate) fn new(config: ClientCredentialsConfig) -> Self {
        ClientCredentials {
            config,
            cache: Mutex::new(Cache::default()),
            failed_fetches: AtomicU64::new(0),
        }
    }

    async fn current_token(&self) -> Result<SecretString, TokenError> {
        let failures_before = self.failed_fetches.load(Ordering::Acquire);
        let mut cache = self.lock().await?;
        if let Some(cached) = &cache.token {
            if cached.refresh_at.is_none_or(|at| Instant::now() < at) {
                return Ok(cached.token.clone());
            }
        }
        // The request this call queued behind failed: asking again at once would most likely
        // fail the same way, and would make every waiting call wait for one more request.
        if self.failed_fetches.load(Ordering::Acquire) != failures_before {
            if let Some(reason) = &cache.last_failure {
                return Err(TokenError::SharedFailure {
                    reason: reason.clone(),
                });
            }
        }
        let fetched = self
            .fetch()
            .instrument(tracing::info_span!("isc_token_request"))
            .await;
        match fetched {
            Ok(fresh) => {
                let token = fresh.token.clone();
                cache.token = Some(fresh);
                cache.last_failure = None;
                Ok(token)
            }
            Err(error) => {
                // `TokenError` messages never contain a secret, so the text can be shared.
                cache.last_failure = Some(error.to_string());
                self.failed_fetches.fetch_add(1, Ordering::Release);
                Err(error)
            }
        }
    }

    /// The cache, waiting at most the request timeout for a token request another call is
    /// making (which ends within that time, unless its caller abandoned it).
    async fn lock(&self) -> Result<tokio::sync::MutexGuard<'_, Cache>, TokenError> {
        let after = self.config.request_timeout;
        tokio::time::timeout(after, self.cache.lock())
            .await
            .map_err(|_elapsed| TokenError::Timeout { after })
    }

    async fn forget(&self, rejected: &SecretString) -> bool {
        let Ok(mut cache) = self.lock().await else {
            // Still busy with a token request after all this time: whatever it brings will
            // not be the rejected token.
            return true;
        };
        // Only drop the token that was rejected: if another call already replaced it, the
        // replacement is fresh and a second refresh would be wasted.
        if cache
            .token
            .as_ref()
            .is_some_and(|cached| same_token(&cached.token, rejected))
        {
            cache.token = None;
        }
        true
    }

    /// Requests a token, retrying 429, 5xx and connection failures: the grant has no side
    /// effects, so repeating it is always safe. All attempts and the waits between them end
    /// within the request timeout; a retry that would start after it is not made.
    async fn fetch(&self) -> Result<CachedToken, TokenError> {
        let retry = &self.config.retry;
        // `None` for a timeout too long to represent: then each attempt has its own.
        let deadline = Instant::now().checked_add(self.config.request_timeout);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let requested_at = Instant::now();
            let time_left = deadline.map_or(self.config.request_timeout, |deadline| {
                deadline.saturating_duration_since(requested_at)
            });
            let failure = match self.fetch_once(time_left).await {
                Ok(response) => return self.accept(response, requested_at),
                Err(failure) => failure,
            };
            let delay = match &failure {
                FetchFailure::Status(status, headers, _) => {
                    retry.delay_after_status(true, *status, headers, attempts)
                }
                FetchFailure::Transport(_) | FetchFailure::Timeout => {
                    retry.delay_after_failure(true, true, attempts)
                }
                // The same request would get the same answer.
                FetchFailure::TooLarge => None,
            };
            let in_time = |delay: Duration| {
                deadline.is_none_or(|deadline| {
                    Instant::now()
                        .checked_add(delay)
                        .is_some_and(|retry_at| retry_at < deadline)
                })
            };
            match delay.filter(|delay| in_time(*delay)) {
                Some(delay) => {
                    tracing::debug!(attempt = attempts, ?delay, "token request failed, retrying");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(self.give_up(failure, attempts)),
            }
        }
    }

    /// One token request, which must end within `timeout`.
    async fn fetch_once(&self, timeout: Duration) -> Result<TokenResponse, FetchFailure> {
        let config = &self.config;
        // The secret is copied into the request body here; the HTTP layer owns and frees that copy.
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", &config.client_id)
            .append_pair("client_secret", config.client_secret.expose_secret())
            .finish();
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let request = HttpRequest {
            purpose: Purpose::Token,
            method: Method::POST,
            url: config.token_url.clone(),
            headers,
            body: Some(form.into()),
        };
        let exchange = config.http.exchange(request, MAX_TOKEN_RESPONSE_BODY);
        let response = match tokio::time::timeout(timeout, exchange).await {
            Err(_elapsed) => return Err(FetchFailure::Timeout),
            Ok(Err(AttemptFailure::ResponseTooLarge { .. })) => return Err(FetchFailure::TooLarge),
            Ok(Err(failure)) => {
                let source = failure
                    .into_source()
                    .unwrap_or_else(|| "the token request failed".into());
                return Err(FetchFailure::Transport(source));
            }
            Ok(Ok(response)) => response,
        };
        let (status, headers, body) = (response.status, response.headers, response.body);
        if !status.is_success() {
            return Err(FetchFailure::Status(status, headers, body));
        }
        serde_json::from_slice(&body).map_err(|_| FetchFailure::Status(status, headers, body))
    }

    fn accept(
        &self,
        response: TokenResponse,
        requested_at: Instant,
    ) -> Result<CachedToken, TokenError> {
        if !usable_as_bearer_token(&response.access_token) {
            // Caching it would fail every call until it expires; the message never quotes it.
            return Err(TokenError::InvalidResponse(
                "`access_token` is empty or has characters a bearer token cannot have \
                 (only visible ASCII is allowed)",
            ));
        }
        if let Some(token_type) = &response.token_type {
            if !token_type.eq_ignore_ascii_case("bearer") {
                return Err(TokenError::InvalidResponse("`token_type` is not `bearer`"));
            }
        }
        let lifetime = response.expires_in.as_ref().map(lifetime).transpose()?;
        // Refresh `refresh_margin` before expiry, but never later than half-way through a
        // short lifetime, so a token is not used in its last seconds. The lifetime is at most a
        // day, so the addition cannot overflow; were it to, the token is kept until a 401.
        let refresh_at = lifetime.and_then(|lifetime| {
            let margin = self.config.refresh_margin.min(lifetime / 2);
            requested_at.checked_add(lifetime - margin)
        });
        tracing::debug!(?lifetime, "obtained an access token");
        Ok(CachedToken {
            token: SecretString::from(response.access_token),
            refresh_at,
        })
    }

    fn give_up(&self, failure: FetchFailure, attempts: u32) -> TokenError {
        match failure {
            FetchFailure::Timeout => TokenError::Timeout {
                after: self.config.request_timeout,
            },
            FetchFailure::Transport(source) => TokenError::Unreachable { attempts, source },
            FetchFailure::TooLarge => TokenError::ResponseTooLarge {
                limit: MAX_TOKEN_RESPONSE_BODY,
            },
            FetchFailure::Status(status, _, _) if status.is_success() => {
                TokenError::InvalidResponse("the body is not a JSON object with `access_token`")
            }
            FetchFailure::Status(status, _, _)
                if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() =>
            {
                TokenError::Unavailable { status, attempts }
            }
            FetchFailure::Status(status, _, body) => TokenError::Rejected {
                status,
                oauth_error: oauth_error_code(&body),
            },
        }
    }
}

/// Whether `token` can follow `Bearer ` in an `Authorization` header: non-empty visible ASCII
/// (RFC 6750's token characters are a subset). Anything else fails every request it is sent
/// with, so it is refused when it arrives.
fn usable_as_bearer_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic())
}

/// The lifetime announced by `expires_in`, between [`MIN_TOKEN_LIFETIME`] and
/// [`MAX_TOKEN_LIFETIME`]: whole or fractional seconds, as a JSON number or a numeric string.
/// A negative value counts as zero (hence the minimum).
fn lifetime(expires_in: &serde_json::Value) -> Result<Duration, TokenError> {
    let seconds = match expires_in {
        serde_json::Value::Number(number) => number.as_f64(),
        serde_json::Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|seconds| !seconds.is_nan())
    .ok_or(TokenError::InvalidResponse("`expires_in` is not a number"))?;
    // Clamped in floating point first (infinity included), so the conversion cannot overflow
    // or panic.
    let max = MAX_TOKEN_LIFETIME.as_secs_f64();
    let lifetime = Duration::from_secs_f64(seconds.clamp(0.0, max));
    Ok(lifetime.clamp(MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME))
}

/// The OAuth2 `error` code of an error body, if it looks like one (RFC 6749 codes are short
/// ASCII words); anything else is dropped rather than echoed into messages.
fn oauth_error_code(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct OAuthError {
        error: String,
    }
    let code = serde_json::from_slice::<OAuthError>(body).ok()?.error;
    let plausible = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    plausible.then_some(code)
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.current_token())
    }

    fn token_rejected<'a>(&'a self, rejected: &'a SecretString) -> RejectionFuture<'a> {
        Box::pin(self.forget(rejected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lifetimes_are_clamped_between_the_floor_and_a_day() {
        let cases = [
            (json!(0), MIN_TOKEN_LIFETIME),
            (json!(-5), MIN_TOKEN_LIFETIME),
            (json!(1.5), MIN_TOKEN_LIFETIME),
            (json!(9.5), Duration::from_millis(9_500)),
            (json!(3600), Duration::from_secs(3600)),
            (json!(3599.5), Duration::from_millis(3_599_500)),
            (json!("43199"), Duration::from_secs(43199)),
            (json!(u64::MAX), MAX_TOKEN_LIFETIME),
            (json!(1e300), MAX_TOKEN_LIFETIME),
            (json!("1e400"), MAX_TOKEN_LIFETIME),
        ];
        for (expires_in, expected) in cases {
            assert_eq!(lifetime(&expires_in).ok(), Some(expected), "{expires_in}");
        }
        for garbage in [
            json!("soon"),
            json!("NaN"),
            json!(true),
            json!([1]),
            json!({}),
        ] {
            assert!(lifetime(&garbage).is_err(), "{garbage}");
        }
    }

    #[test]
    fn bearer_tokens_are_visible_ascii() {
        assert!(usable_as_bearer_token("eyJhbGciOi.JIUzI1-NiJ9_~+/="));
        for bad in ["", "a b", "a\nb", "a\tb", "\u{e9}", "a\u{7f}"] {
            assert!(!usable_as_bearer_token(bad), "{bad:?}");
        }
    }
}
