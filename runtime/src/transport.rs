//! The transport seam: the one place an HTTP exchange happens, below authentication, retries,
//! the rate limiter and timeouts. [`Http`] is reqwest (the default, dispatched without a
//! virtual call or a boxed future) or a caller's [`Transport`], such as the in-process mock
//! transport; API calls and token requests both go through it.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use url::Url;

use crate::attempt::AttemptFailure;
use crate::body_limit::{read_limited, BodyError};
use crate::BoxFuture;

/// An error from below the runtime, boxed so that any transport can report its own.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// What a request is for: one attempt of an API operation, or a token request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Purpose {
    /// An attempt of the operation `operation_id` (the spec's `operationId`), whose path is
    /// `path_template` as the spec writes it, API base path included.
    Operation {
        /// The OpenAPI `operationId`, e.g. `"setIdentityPassword"`.
        operation_id: &'static str,
        /// The path as the spec writes it, e.g. `"/beta/password-change-status/{id}"`.
        path_template: &'static str,
    },
    /// An OAuth2 client-credentials token request.
    Token,
}

/// One HTTP request, complete: the URL with its query, every header (`Authorization`
/// included, marked sensitive) and the body.
///
/// `Debug` shows the URL without its query, the names of query parameters and headers, and
/// the body's length: values may be credentials.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// What the request is for.
    pub purpose: Purpose,
    /// The HTTP method.
    pub method: Method,
    /// The full URL.
    pub url: Url,
    /// The headers to send.
    pub headers: HeaderMap,
    /// The body, if the request has one.
    pub body: Option<Bytes>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("purpose", &self.purpose)
            .field("method", &self.method)
            .field("url", &&self.url[..url::Position::AfterPath])
            .field(
                "query",
                &self
                    .url
                    .query_pairs()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

/// One HTTP response with its whole body.
#[derive(Clone)]
pub struct HttpResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl HttpResponse {
    /// A response with `status`, no headers and `body`.
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Why a [`Transport`] produced no response. Which one it is decides what may be retried: a
/// request that never left can be sent again whatever it does; one that may have reached the
/// server is re-sent only if it is idempotent.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransportFailure {
    /// Nothing of the request was sent (connecting failed, say).
    NotSent(BoxError),
    /// The exchange broke after the request may have reached the server.
    Interrupted(BoxError),
    /// The transport has no answer for this request and never will (a mock without a rule
    /// for it): nothing was sent, and the request is not retried.
    Unanswered(BoxError),
}

/// Sends one HTTP request and returns the whole response: what the client's HTTP layer does,
/// for a caller who wants to replace it (see [`ClientBuilder::transport`]).
///
/// The client still applies its timeouts (a send that takes too long is dropped), its body
/// size limit (checked on the returned body), authentication, retries and the rate limiter
/// around each call. A transport should not follow redirects.
///
/// [`ClientBuilder::transport`]: crate::ClientBuilder::transport
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` once.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportFailure>>;
}

/// The HTTP layer a client uses.
#[derive(Clone)]
pub(crate) enum Http {
    Reqwest(reqwest::Client),
    /// A caller's transport, and the `User-Agent` the runtime's own client would have sent
    /// (reqwest adds it as a client default, so a transport would otherwise never see it).
    Custom(Arc<dyn Transport>, HeaderValue),
}

impl Http {
    /// Sends `request` once and reads the whole response, at most `max_body` bytes of body.
    /// The caller bounds the time it takes.
    pub(crate) async fn exchange(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> Result<HttpResponse, AttemptFailure> {
        match self {
            Http::Reqwest(client) => reqwest_exchange(client, request, max_body).await,
            Http::Custom(transport, user_agent) => {
                let mut request = request;
                request
                    .headers
                    .entry(USER_AGENT)
                    .or_insert_with(|| user_agent.clone());
                let response = transport
                    .send(request)
                    .await
                    .map_err(|failure| match failure {
                        TransportFailure::NotSent(error) => AttemptFailure::Connect(error),
                        TransportFailure::Interrupted(error) => AttemptFailure::Connection(error),
                        TransportFailure::Unanswered(error) => AttemptFailure::Unanswered(error),
                    })?;
                if response.body.len() > max_body {
                    return Err(AttemptFailure::ResponseTooLarge {
                        status: response.status,
                        limit: max_body,
                    });
                }
                Ok(response)
            }
        }
    }
}

async fn reqwest_exchange(
    client: &reqwest::Client,
    request: HttpRequest,
    max_body: usize,
) -> Result<HttpResponse, AttemptFailure> {
    let mut builder = client
        .request(request.method, request.url)
        .headers(request.headers);
    if let Some(body) = request.body {
        builder = builder.body(body);
    }
    let response = builder.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    match read_limited(response, max_body).await {
        Ok(body) => Ok(HttpResponse {
            status,
            headers,
            body,
        }),
        Err(BodyError::Read(error)) => Err(error.into()),
        Err(BodyError::TooLarge) => Err(AttemptFailure::ResponseTooLarge {
            status,
            limit: max_body,
        }),
    }
}
