//! [`Client`] and [`Client::execute`], the one path every generated operation takes: rate
//! limit, token, send, refresh on 401, retry by the rules in `retry`, and trace it all.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;
use url::Url;

use crate::attempt::{self, AttemptFailure};
use crate::auth::TokenProvider;
use crate::builder::ClientBuilder;
use crate::options::CallOptions;
use crate::prepare::prepare;
use crate::rate_limit::RateLimiter;
use crate::request::OperationRequest;
use crate::response::RawResponse;
use crate::retry::{is_idempotent, status_may_have_been_processed, RetryConfig};
use crate::sailpoint::tracking_id;
use crate::transport::Http;
use crate::transport_error::{TimeoutKind, TransportError, TransportErrorKind};

/// A configured connection to one ISC tenant.
///
/// Cloning is cheap and clones share everything: the connection pool, the cached token and
/// the rate limiter. `Debug` shows the configuration but never a secret or token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

/// How the client authenticates; kept for `Debug` only.
pub(crate) enum AuthKind {
    ClientCredentials { client_id: String, token_url: Url },
    BearerToken,
    TokenProvider,
}

pub(crate) struct ClientInner {
    pub(crate) http: Http,
    /// Scheme, host and optional path prefix, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) auth: Arc<dyn TokenProvider>,
    pub(crate) auth_kind: AuthKind,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) max_response_body: usize,
    pub(crate) retry: RetryConfig,
    pub(crate) rate_limiter: Option<RateLimiter>,
    pub(crate) user_agent: String,
    /// Lower-cased names of the constant headers this client may send.
    pub(crate) allowed_constant_headers: Vec<String>,
}

impl Client {
    /// A builder using only the values set on it; see also [`ClientBuilder::from_env`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn from_inner(inner: ClientInner) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The base URL requests go to, e.g. `https://acme.api.identitynow.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Whether the client may send the constant header `name` (see
    /// [`ClientBuilder::allow_constant_header`] and [`ClientBuilder::experimental`]).
    pub fn allows_constant_header(&self, name: &str) -> bool {
        self.inner
            .allowed_constant_headers
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name))
    }

    /// Sends one operation and returns its response, whatever the status.
    ///
    /// Each attempt waits for the rate limiter (if enabled), gets a token, and must finish
    /// within the request timeout. A 401 triggers one token refresh and one re-send. Other
    /// failures are retried by the rules of [`RetryConfig`]; the last response (for example
    /// a final 503) is returned as `Ok` for the generated code to map to an error. `Err` means
    /// there was no usable response at all. With [`CallOptions::at_most_once`] the request
    /// reaches the server at most once: no re-send after a 401 or a 429, only retries of
    /// connect failures. With [`CallOptions::with_deadline`] the whole call, every wait and
    /// retry included, ends within the deadline.
    pub async fn execute(
        &self,
        request: OperationRequest,
        options: &CallOptions,
    ) -> Result<RawResponse, TransportError> {
        let span = tracing::info_span!(
            "isc_request",
            operation_id = request.operation_id,
            method = %request.method,
            path_template = request.path_template,
            attempt = Empty,
            status = Empty,
            tracking_id = Empty,
        );
        self.execute_traced(request, options).instrument(span).await
    }

    async fn execute_traced(
        &self,
        mut request: OperationRequest,
        options: &CallOptions,
    ) -> Result<RawResponse, TransportError> {
        let inner = &*self.inner;
        let operation_id = request.operation_id;
        // A constant header is a switch the user turns on once, never per call: without it,
        // nothing is sent (ISC would refuse the call anyway).
        for &(header, value) in request.constant_headers {
            if !self.allows_constant_header(header) {
                return Err(TransportError::new(
                    operation_id,
                    TransportErrorKind::OptInRequired { header },
                    0,
                    false,
                    None,
                ));
            }
            request.headers.push((header, value.to_owned()));
        }
        let retry = options.retry().unwrap_or(&inner.retry);
        let timeout = options.timeout().unwrap_or(inner.request_timeout);
        let max_body = options
            .max_response_body()
            .unwrap_or(inner.max_response_body);
        let at_most_once = options.is_at_most_once();
        // An at-most-once call is never repeated once it may have left, like a POST.
        let idempotent = is_idempotent(&request.method) && !at_most_once;
        let prepared = prepare(&self.inner.base_url, request)?;
        let span = tracing::Span::current();
        let deadline = Deadline::start(options.deadline());

        // `sent` counts requests put on the wire (reported to callers); `counted` counts the
        // attempts the retry policy limits, which excludes the re-send after a token refresh.
        let mut sent = 0;
        let mut counted = 0;
        let mut refreshed_token = false;
        let mut may_have_been_processed = false;
        let deadline_error = |sent, may_have_been_processed| {
            tracing::debug!("the call's deadline passed");
            TransportError::new(
                operation_id,
                deadline.kind(),
                sent,
                may_have_been_processed,
                None,
            )
        };
        loop {
            if let Some(limiter) = &inner.rate_limiter {
                let Some(waited) = deadline.bound(limiter.acquire()).await else {
                    return Err(deadline_error(sent, may_have_been_processed));
                };
                if !waited.is_zero() {
                    tracing::debug!(?waited, "waited for the client-side rate limiter");
                }
            }
            let Some(token) = deadline.bound(inner.auth.token()).await else {
                return Err(deadline_error(sent, may_have_been_processed));
            };
            let token = token.map_err(|error| {
                TransportError::new(
                    operation_id,
                    TransportErrorKind::Authentication,
                    sent,
                    may_have_been_processed,
                    Some(Box::new(error)),
                )
            })?;
            sent += 1;
            counted += 1;
            span.record("attempt", sent);

            // The attempt gets its timeout, or what is left before the deadline if less.
            let time_left = deadline.time_left();
            let attempt_timeout = time_left.map_or(timeout, |left| left.min(timeout));
            let cut_by_deadline = time_left.is_some_and(|left| left < timeout);
            let sent_attempt =
                attempt::send(&inner.http, &prepared, &token, attempt_timeout, max_body);
            let failure = match sent_attempt.await {
                Ok(response) => {
                    span.record("status", response.status.as_u16());
                    let tracking = tracking_id(response.status, &response.headers, &response.body);
                    if let Some(id) = &tracking {
                        span.record("tracking_id", id.as_str());
                    }
                    if response.status == StatusCode::UNAUTHORIZED && !refreshed_token {
                        // The refused token is dropped either way, so the next call gets a
                        // fresh one; an at-most-once call is not sent again. Past the
                        // deadline, the 401 goes to the caller.
                        let rejected = inner.auth.token_rejected(&token);
                        let replaced = deadline.bound(rejected).await.unwrap_or(false);
                        if replaced && !at_most_once {
                            refreshed_token = true;
                            counted -= 1;
                            tracing::debug!(
                                "the API rejected the token; refreshing it and sending again"
                            );
                            continue;
                        }
                    }
                    may_have_been_processed |= status_may_have_been_processed(response.status);
                    // Any answer means the request reached the server: an at-most-once call
                    // stops here, even on a 429.
                    let delay = if at_most_once {
                        None
                    } else {
                        retry.delay_after_status(
                            idempotent,
                            response.status,
                            &response.headers,
                            counted,
                        )
                    };
                    if let Some(delay) = deadline.allows(delay) {
                        tracing::info!(status = response.status.as_u16(), ?delay, "retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    tracing::debug!(status = response.status.as_u16(), "response received");
                    return Ok(RawResponse {
                        status: response.status,
                        headers: response.headers,
                        body: response.body,
                        attempts: sent,
                        may_have_been_processed,
                    });
                }
                Err(failure) => failure,
            };

            may_have_been_processed |= failure.may_have_been_processed();
            if cut_by_deadline && matches!(failure, AttemptFailure::RequestTimeout) {
                return Err(deadline_error(sent, may_have_been_processed));
            }
            let delay = if failure.is_transient() {
                retry.delay_after_failure(idempotent, failure.request_left(), counted)
            } else {
                None
            };
            let kind = failure.kind(inner.connect_timeout, timeout);
            if let Some(delay) = deadline.allows(delay) {
                tracing::info!(error = ?kind, ?delay, "attempt failed; retrying");
                tokio::time::sleep(delay).await;
                continue;
            }
            tracing::debug!(error = ?kind, "attempt failed; giving up");
            return Err(TransportError::new(
                operation_id,
                kind,
                sent,
                may_have_been_processed,
                failure.into_source(),
            ));
        }
    }
}

/// The overall deadline of one call ([`CallOptions::with_deadline`]), if it has one.
#[derive(Clone, Copy)]
struct Deadline {
    /// The configured length and the instant it ends. `None`: no deadline, or one too far
    /// away to represent, which is the same thing.
    limit: Option<(Duration, Instant)>,
}

impl Deadline {
    fn start(length: Option<Duration>) -> Self {
        let limit = length.and_then(|length| Some((length, Instant::now().checked_add(length)?)));
        Deadline { limit }
    }

    /// What is left of it; `None` without a deadline.
    fn time_left(&self) -> Option<Duration> {
        self.limit
            .map(|(_, end)| end.saturating_duration_since(Instant::now()))
    }

    /// `future`'s output, or `None` if the deadline passes first.
    async fn bound<F: Future>(&self, future: F) -> Option<F::Output> {
        match self.time_left() {
            None => Some(future.await),
            Some(left) => tokio::time::timeout(left, future).await.ok(),
        }
    }

    /// `delay`, unless waiting that long would reach the deadline: a retry after it could
    /// not finish in time, so the last response or failure is better returned now.
    fn allows(&self, delay: Option<Duration>) -> Option<Duration> {
        let delay = delay?;
        match self.time_left() {
            Some(left) if delay >= left => {
                tracing::debug!(
                    ?delay,
                    ?left,
                    "not retrying: the wait would pass the deadline"
                );
                None
            }
            _ => Some(delay),
        }
    }

    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Timeout {
            which: TimeoutKind::Deadline,
            after: self.limit.map_or(Duration::ZERO, |(length, _)| length),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &inner.base_url);
        match &inner.auth_kind {
            AuthKind::ClientCredentials {
                client_id,
                token_url,
            } => {
                debug
                    .field("auth", &"client credentials")
                    .field("client_id", client_id)
                    .field("token_url", &token_url.as_str());
            }
            AuthKind::BearerToken => {
                debug.field("auth", &"static bearer token");
            }
            AuthKind::TokenProvider => {
                debug.field("auth", &"custom token provider");
            }
        }
        debug
            .field("connect_timeout", &inner.connect_timeout)
            .field("request_timeout", &inner.request_timeout)
            .field("max_response_body", &inner.max_response_body)
            .field("retry", &inner.retry)
            .field(
                "rate_limit",
                &inner.rate_limiter.as_ref().map(RateLimiter::limit),
            )
            .field("user_agent", &inner.user_agent)
            .field("allowed_constant_headers", &inner.allowed_constant_headers)
            .finish()
    }
}
