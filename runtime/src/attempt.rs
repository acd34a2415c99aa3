//! One attempt: sends a prepared request with the current token, reads the whole body (up to
//! the size limit) under the request timeout, and classifies failures by whether the request
//! may have left.

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::auth::TokenError;
use crate::prepare::PreparedRequest;
use crate::retry::status_may_have_been_processed;
use crate::transport::{BoxError, Http, HttpRequest, HttpResponse, Purpose};
use crate::transport_error::{TimeoutKind, TransportErrorKind};

/// Why an attempt produced no response.
pub(crate) enum AttemptFailure {
    /// Connecting failed; nothing was sent.
    Connect(BoxError),
    /// The connect timeout fired; nothing was sent.
    ConnectTimeout(BoxError),
    /// The request timeout fired; the request may have been processed.
    RequestTimeout,
    /// The connection broke after connecting; the request may have been processed.
    Connection(BoxError),
    /// The token could not be put in a header, or reqwest refused to build the request.
    Build(BoxError),
    /// A custom transport had no answer for the request; nothing was sent.
    Unanswered(BoxError),
    /// The server answered with `status`, but the body is longer than `limit`.
    ResponseTooLarge { status: StatusCode, limit: usize },
}

impl AttemptFailure {
    /// Whether any part of the request may have reached the server.
    pub(crate) fn request_left(&self) -> bool {
        matches!(
            self,
            AttemptFailure::RequestTimeout
                | AttemptFailure::Connection(_)
                | AttemptFailure::ResponseTooLarge { .. }
        )
    }

    /// Whether the server may have acted on the request: it may whenever the request left,
    /// unless its answer (known even when the body was too large) was a refusal.
    pub(crate) fn may_have_been_processed(&self) -> bool {
        match self {
            AttemptFailure::ResponseTooLarge { status, .. } => {
                status_may_have_been_processed(*status)
            }
            _ => self.request_left(),
        }
    }

    /// Whether trying again could help at all (the same request would get the same
    /// oversized answer).
    pub(crate) fn is_transient(&self) -> bool {
        !matches!(
            self,
            AttemptFailure::Build(_)
                | AttemptFailure::Unanswered(_)
                | AttemptFailure::ResponseTooLarge { .. }
        )
    }

    pub(crate) fn kind(
        &self,
        connect_timeout: Duration,
        request_timeout: Duration,
    ) -> TransportErrorKind {
        match self {
            AttemptFailure::Connect(_) => TransportErrorKind::Connect,
            AttemptFailure::ConnectTimeout(_) => TransportErrorKind::Timeout {
                which: TimeoutKind::Connect,
                after: connect_timeout,
            },
            AttemptFailure::RequestTimeout => TransportErrorKind::Timeout {
                which: TimeoutKind::Request,
                after: request_timeout,
            },
            AttemptFailure::Connection(_) => TransportErrorKind::Connection,
            AttemptFailure::Build(_) => TransportErrorKind::InvalidRequest,
            AttemptFailure::Unanswered(_) => TransportErrorKind::Unanswered,
            AttemptFailure::ResponseTooLarge { limit, .. } => {
                TransportErrorKind::ResponseTooLarge { limit: *limit }
            }
        }
    }

    pub(crate) fn into_source(self) -> Option<BoxError> {
        match self {
            AttemptFailure::Connect(error)
            | AttemptFailure::ConnectTimeout(error)
            | AttemptFailure::Connection(error)
            | AttemptFailure::Build(error)
            | AttemptFailure::Unanswered(error) => Some(error),
            AttemptFailure::RequestTimeout | AttemptFailure::ResponseTooLarge { .. } => None,
        }
    }
}

impl From<reqwest::Error> for AttemptFailure {
    fn from(error: reqwest::Error) -> Self {
        // reqwest's connect timeout wraps the whole connector (TCP and TLS), and the connector
        // runs before a single request byte is written.
        if error.is_connect() && error.is_timeout() {
            AttemptFailure::ConnectTimeout(Box::new(error))
        } else if error.is_connect() {
            AttemptFailure::Connect(Box::new(error))
        } else if error.is_builder() {
            AttemptFailure::Build(Box::new(error))
        } else {
            AttemptFailure::Connection(Box::new(error))
        }
    }
}

/// Sends `request` once with `token`, and reads the full response, at most `max_body` bytes
/// of body, within `timeout`.
pub(crate) async fn send(
    http: &Http,
    request: &PreparedRequest,
    token: &SecretString,
    timeout: Duration,
    max_body: usize,
) -> Result<HttpResponse, AttemptFailure> {
    let mut headers = request.headers.clone();
    headers.insert(AUTHORIZATION, bearer_header(token)?);
    let request = HttpRequest {
        purpose: Purpose::Operation {
            operation_id: request.operation_id,
            path_template: request.path_template,
        },
        method: request.method.clone(),
        url: request.url.clone(),
        headers,
        body: request.body.clone(),
    };
    match tokio::time::timeout(timeout, http.exchange(request, max_body)).await {
        Ok(result) => result,
        Err(_elapsed) => Err(AttemptFailure::RequestTimeout),
    }
}

fn bearer_header(token: &SecretString) -> Result<HeaderValue, AttemptFailure> {
    let text = Zeroizing::new(format!("Bearer {}", token.expose_secret()));
    let mut value = HeaderValue::from_str(&text).map_err(|_| {
        AttemptFailure::Build(Box::new(TokenError::InvalidResponse(
            "the access token contains characters not allowed in an HTTP header",
        )))
    })?;
    // Sensitive values are left out of `Debug` output and HTTP/2 header compression tables.
    value.set_sensitive(true);
    Ok(value)
}
