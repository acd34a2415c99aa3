//! One attempt: sends a prepared request with the current token, reads the whole body (up to
//! the size limit) under the request timeout, and classifies failures by whether the request
//! may have left.

use std::error::Error as StdError;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::auth::TokenError;
use crate::body_limit::{read_limited, BodyError};
use crate::prepare::PreparedRequest;
use crate::retry::status_may_have_been_processed;
use crate::transport_error::{TimeoutKind, TransportErrorKind};

/// The response of one attempt.
pub(crate) struct AttemptResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Why an attempt produced no response.
pub(crate) enum AttemptFailure {
    /// Connecting failed; nothing was sent.
    Connect(reqwest::Error),
    /// The connect timeout fired; nothing was sent.
    ConnectTimeout(reqwest::Error),
    /// The request timeout fired; the request may have been processed.
    RequestTimeout,
    /// The connection broke after connecting; the request may have been processed.
    Connection(reqwest::Error),
    /// The token could not be put in a header, or reqwest refused to build the request.
    Build(Box<dyn StdError + Send + Sync>),
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
            AttemptFailure::Build(_) | AttemptFailure::ResponseTooLarge { .. }
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
            AttemptFailure::ResponseTooLarge { limit, .. } => {
                TransportErrorKind::ResponseTooLarge { limit: *limit }
            }
        }
    }

    pub(crate) fn into_source(self) -> Option<Box<dyn StdError + Send + Sync>> {
        match self {
            AttemptFailure::Connect(error)
            | AttemptFailure::ConnectTimeout(error)
            | AttemptFailure::Connection(error) => Some(Box::new(error)),
            AttemptFailure::RequestTimeout | AttemptFailure::ResponseTooLarge { .. } => None,
            AttemptFailure::Build(error) => Some(error),
        }
    }
}

impl From<reqwest::Error> for AttemptFailure {
    fn from(error: reqwest::Error) -> Self {
        // reqwest's connect timeout wraps the whole connector (TCP and TLS), and the connector
        // runs before a single request byte is written.
        if error.is_connect() && error.is_timeout() {
            AttemptFailure::ConnectTimeout(error)
        } else if error.is_connect() {
            AttemptFailure::Connect(error)
        } else if error.is_builder() {
            AttemptFailure::Build(Box::new(error))
        } else {
            AttemptFailure::Connection(error)
        }
    }
}

/// Sends `request` once with `token`, and reads the full response, at most `max_body` bytes
/// of body, within `timeout`.
pub(crate) async fn send(
    http: &reqwest::Client,
    request: &PreparedRequest,
    token: &SecretString,
    timeout: Duration,
    max_body: usize,
) -> Result<AttemptResponse, AttemptFailure> {
    let mut headers = request.headers.clone();
    headers.insert(AUTHORIZATION, bearer_header(token)?);
    let mut builder = http
        .request(request.method.clone(), request.url.clone())
        .headers(headers);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let exchange = async {
        let response = builder.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = match read_limited(response, max_body).await {
            Ok(body) => body,
            Err(BodyError::Read(error)) => return Err(error.into()),
            Err(BodyError::TooLarge) => {
                return Err(AttemptFailure::ResponseTooLarge {
                    status,
                    limit: max_body,
                })
            }
        };
        Ok(AttemptResponse {
            status,
            headers,
            body,
        })
    };
    match tokio::time::timeout(timeout, exchange).await {
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
