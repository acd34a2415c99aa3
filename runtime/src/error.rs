//! The error every generated operation returns ([`Error`]) and the pieces it is made of,
//! except [`TransportError`], which has its own module.
//!
//! No `Display` or `Debug` output here ever includes a response or request body: bodies of
//! this API can carry secrets (passwords, reset tokens), and error messages end up in logs.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::pagination::PaginationError;
use crate::response::RawResponse;
use crate::sailpoint::tracking_id;
use crate::transport_error::TransportError;

/// Why an operation failed. `E` is the operation's own error enum, one variant per documented
/// error status.
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a documented error status; `E` holds its typed body.
    Service(ServiceError<E>),
    /// The API answered with a status the operation does not document.
    UnexpectedStatus(UnexpectedResponse),
    /// A documented response whose body did not match its schema.
    Decode(DecodeError),
    /// No usable response: connect failure, timeout, broken connection, or no access token.
    Transport(TransportError),
    /// The request could not be built (body serialization, invalid header value).
    InvalidRequest(InvalidRequest),
    /// A paginated stream ([`paginate`](crate::paginate)) stopped because the server's pages
    /// would never end.
    Pagination(PaginationError),
}

impl<E> Error<E> {
    /// A documented error status with its decoded body.
    pub fn service(response: RawResponse, error: E) -> Self {
        Error::Service(ServiceError {
            status: response.status,
            headers: response.headers,
            error,
            attempts: response.attempts,
            may_have_been_processed: response.may_have_been_processed,
        })
    }

    /// The same error with the documented-status part turned into another type by `map`, for
    /// code that serves several APIs with one error type (such as two crates generated from
    /// the same responses). Where `map` returns `None` (the other type has no such status),
    /// the error becomes [`Error::UnexpectedStatus`] with the status and headers kept. The
    /// other variants are kept as they are.
    pub fn map_service<F>(self, map: impl FnOnce(E) -> Option<F>) -> Error<F> {
        match self {
            Error::Service(inner) => {
                let ServiceError {
                    status,
                    headers,
                    error,
                    attempts,
                    may_have_been_processed,
                } = inner;
                match map(error) {
                    Some(error) => Error::Service(ServiceError {
                        status,
                        headers,
                        error,
                        attempts,
                        may_have_been_processed,
                    }),
                    None => Error::unexpected(RawResponse {
                        status,
                        headers,
                        body: Bytes::new(),
                        attempts,
                        may_have_been_processed,
                    }),
                }
            }
            Error::UnexpectedStatus(inner) => Error::UnexpectedStatus(inner),
            Error::Decode(inner) => Error::Decode(inner),
            Error::Transport(inner) => Error::Transport(inner),
            Error::InvalidRequest(inner) => Error::InvalidRequest(inner),
            Error::Pagination(inner) => Error::Pagination(inner),
        }
    }

    /// A status the operation does not document.
    pub fn unexpected(response: RawResponse) -> Self {
        Error::UnexpectedStatus(UnexpectedResponse::from(response))
    }

    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(error) => Some(error.status),
            Error::UnexpectedStatus(response) => Some(response.status),
            Error::Decode(error) => Some(error.status()),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) => None,
        }
    }

    /// Whether the server may have acted on the request, in any attempt. `false` when it did
    /// not: the request was never sent, or every answer was a refusal with a client error
    /// (4xx: a 429 or 401, or a request rejected as invalid or forbidden). A 5xx, a success, and
    /// a connection lost after sending all leave the outcome open, also when a later retry
    /// was refused.
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Error::Transport(error) => error.may_have_been_processed(),
            Error::InvalidRequest(_) => false,
            Error::Service(error) => error.may_have_been_processed,
            Error::UnexpectedStatus(response) => response.may_have_been_processed,
            Error::Decode(error) => error.may_have_been_processed,
            // The pages were answered: like any success, that leaves the outcome open.
            Error::Pagination(_) => true,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(inner) => f.debug_tuple("Service").field(inner).finish(),
            Error::UnexpectedStatus(inner) => {
                f.debug_tuple("UnexpectedStatus").field(inner).finish()
            }
            Error::Decode(inner) => f.debug_tuple("Decode").field(inner).finish(),
            Error::Transport(inner) => f.debug_tuple("Transport").field(inner).finish(),
            Error::InvalidRequest(inner) => f.debug_tuple("InvalidRequest").field(inner).finish(),
            Error::Pagination(inner) => f.debug_tuple("Pagination").field(inner).finish(),
        }
    }
}

// `Error` is transparent: it shows and chains exactly what the variant does.
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(inner) => inner.fmt(f),
            Error::UnexpectedStatus(inner) => inner.fmt(f),
            Error::Decode(inner) => inner.fmt(f),
            Error::Transport(inner) => inner.fmt(f),
            Error::InvalidRequest(inner) => inner.fmt(f),
            Error::Pagination(inner) => inner.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Service(_) | Error::UnexpectedStatus(_) | Error::Pagination(_) => None,
            Error::Decode(inner) => inner.source(),
            Error::Transport(inner) => inner.source(),
            Error::InvalidRequest(inner) => inner.source(),
        }
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

/// A documented error status and its typed body.
#[non_exhaustive]
#[derive(Clone)]
pub struct ServiceError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The operation's typed error, decoded from the body.
    pub error: E,
    /// How many times the request was sent.
    pub attempts: u32,
    /// Whether the server may have acted on the request in any attempt.
    pub may_have_been_processed: bool,
}

impl<E> ServiceError<E> {
    /// ISC's tracking id from the `SLPT-Request-ID` header. The generated error enums also
    /// read `trackingId` from the body.
    pub fn tracking_id(&self) -> Option<&str> {
        self.headers
            .get(crate::sailpoint::TRACKING_ID_HEADER)
            .and_then(|value| value.to_str().ok())
    }

    /// Takes the typed error.
    pub fn into_error(self) -> E {
        self.error
    }
}

impl<E: fmt::Debug> fmt::Debug for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("error", &self.error)
            .field("attempts", &self.attempts)
            .field("may_have_been_processed", &self.may_have_been_processed)
            .finish_non_exhaustive()
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered HTTP {}", self.status)?;
        write_outcome(f, self.attempts, self.may_have_been_processed)?;
        write!(f, ": {}", self.error)
    }
}

impl<E: fmt::Debug + fmt::Display> StdError for ServiceError<E> {}

/// A response whose status the operation does not document. The body is kept but never shown.
#[non_exhaustive]
#[derive(Clone)]
pub struct UnexpectedResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body (not decoded, and not included in `Display` or `Debug`).
    pub body: Bytes,
    /// How many times the request was sent.
    pub attempts: u32,
    /// Whether the server may have acted on the request in any attempt.
    pub may_have_been_processed: bool,
}

impl UnexpectedResponse {
    /// ISC's tracking id: the `SLPT-Request-ID` header or an error body's `trackingId`.
    pub fn tracking_id(&self) -> Option<String> {
        tracking_id(self.status, &self.headers, &self.body)
    }
}

impl From<RawResponse> for UnexpectedResponse {
    fn from(response: RawResponse) -> Self {
        UnexpectedResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
            attempts: response.attempts,
            may_have_been_processed: response.may_have_been_processed,
        }
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the API answered HTTP {}, a status this operation does not document",
            self.status
        )?;
        write_outcome(f, self.attempts, self.may_have_been_processed)?;
        if let Some(id) = self.tracking_id() {
            write!(f, " (tracking id {id})")?;
        }
        Ok(())
    }
}

impl StdError for UnexpectedResponse {}

/// A documented response whose body did not match its schema.
///
/// The message names the position of the mismatch but never quotes the body, because
/// `serde_json` messages can contain values from it; [`DecodeError::detail`] has the full text.
pub struct DecodeError {
    status: StatusCode,
    // Boxed: a `HeaderMap` would make every `Result<_, DecodeError>` large.
    headers: Box<HeaderMap>,
    body: Bytes,
    attempts: u32,
    may_have_been_processed: bool,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(response: &RawResponse, source: serde_json::Error) -> Self {
        DecodeError {
            status: response.status,
            headers: Box::new(response.headers.clone()),
            body: response.body.clone(),
            attempts: response.attempts,
            may_have_been_processed: response.may_have_been_processed,
            source,
        }
    }

    /// The HTTP status of the response that failed to decode.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (a `Retry-After` or tracking id is still there when the body is
    /// not what the spec says).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many times the request was sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The raw body that failed to decode.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The decoder's full message. It may quote values from the body, so do not log it
    /// where a body could contain a secret.
    pub fn detail(&self) -> String {
        self.source.to_string()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .field("category", &self.source.classify())
            .field("line", &self.source.line())
            .field("column", &self.source.column())
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self.source.classify() {
            serde_json::error::Category::Io => "could not be read",
            serde_json::error::Category::Syntax => "is not valid JSON",
            serde_json::error::Category::Data => "does not match the expected schema",
            serde_json::error::Category::Eof => "ended early",
        };
        write!(
            f,
            "the HTTP {} response body ({} bytes) {problem} (line {}, column {}); \
             the API may have changed, so check for a newer SDK version",
            self.status,
            self.body.len(),
            self.source.line(),
            self.source.column()
        )?;
        write_outcome(f, self.attempts, self.may_have_been_processed)
    }
}

impl StdError for DecodeError {}

/// The request could not be built, so nothing was sent.
#[derive(Debug)]
pub struct InvalidRequest {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl InvalidRequest {
    /// An invalid request described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        InvalidRequest {
            message: message.into(),
            source: None,
        }
    }

    /// An invalid request described by `message`, caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        InvalidRequest {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request, nothing was sent: {}", self.message)
    }
}

impl StdError for InvalidRequest {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// " (1 attempt; the server refused it, so it had no effect)": how often the request was sent and
/// whether it may have taken effect, which callers need before they send it again.
fn write_outcome(
    f: &mut fmt::Formatter<'_>,
    attempts: u32,
    may_have_been_processed: bool,
) -> fmt::Result {
    let plural = if attempts == 1 { "" } else { "s" };
    let outcome = if may_have_been_processed {
        "the server may have processed the request"
    } else {
        "the server refused it, so it had no effect"
    };
    write!(f, " ({attempts} attempt{plural}; {outcome})")
}
