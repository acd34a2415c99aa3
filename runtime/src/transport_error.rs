//! [`TransportError`]: a call that produced no usable HTTP response, with how many attempts
//! were made and whether the server may have processed the request.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// What kind of failure ended the call.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// No connection could be established (DNS, refused, TLS handshake): nothing was sent.
    Connect,
    /// A timeout fired; `which` says whether it was the connect timeout, the request timeout
    /// of an attempt, or the deadline of the whole call.
    Timeout {
        /// The timeout that fired.
        which: TimeoutKind,
        /// Its configured length.
        after: Duration,
    },
    /// The connection broke after the request may have been sent.
    Connection,
    /// No access token could be obtained; the source is a
    /// [`TokenError`](crate::TokenError).
    Authentication,
    /// The request could not be turned into a valid HTTP request (URL, header): nothing was sent.
    InvalidRequest,
    /// The operation needs a constant header (such as SailPoint's experimental switch) that
    /// this client was not built to send: nothing was sent.
    OptInRequired {
        /// The header's name.
        header: &'static str,
    },
    /// The response body is longer than the limit (see
    /// [`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)); reading
    /// stopped there. Not retried: the same request would get the same answer.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The client's [`Transport`](crate::Transport) had no answer for the request, as a mock
    /// has none for a request no rule matches: nothing was sent, and it is not retried. The
    /// source says why.
    Unanswered,
}

/// Which of the two timeouts fired.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection (TCP and TLS) took too long; nothing was sent.
    Connect,
    /// The whole request (send, wait, read the body) took too long.
    Request,
    /// The call's overall deadline ([`CallOptions::with_deadline`](crate::CallOptions::with_deadline))
    /// passed: while waiting for the rate limiter or a token, or during an attempt.
    Deadline,
}

/// A call that produced no usable response.
pub struct TransportError {
    operation_id: &'static str,
    kind: TransportErrorKind,
    attempts: u32,
    may_have_been_processed: bool,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn new(
        operation_id: &'static str,
        kind: TransportErrorKind,
        attempts: u32,
        may_have_been_processed: bool,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        TransportError {
            operation_id,
            kind,
            attempts,
            may_have_been_processed,
            source,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The `operationId` of the failed call.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// How many times the request was sent (or its sending was attempted).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// `false` only when the server provably never acted on the request (no attempt got past
    /// connecting, or every attempt was refused with 401/429). When `true`, check the outcome
    /// before repeating a non-idempotent call such as a password change.
    pub fn may_have_been_processed(&self) -> bool {
        self.may_have_been_processed
    }

    /// Which timeout fired, if this is a timeout.
    pub fn timeout(&self) -> Option<TimeoutKind> {
        match self.kind {
            TransportErrorKind::Timeout { which, .. } => Some(which),
            _ => None,
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("operation_id", &self.operation_id)
            .field("kind", &self.kind)
            .field("attempts", &self.attempts)
            .field("may_have_been_processed", &self.may_have_been_processed)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.operation_id)?;
        if let TransportErrorKind::OptInRequired { header } = self.kind {
            return write!(
                f,
                "not sent: the operation requires the header `{header}`, which this client \
                 sends only after an opt-in; {}",
                crate::sailpoint::opt_in_hint(header)
            );
        }
        match self.kind {
            TransportErrorKind::Connect => f.write_str("could not connect to the server")?,
            TransportErrorKind::Timeout {
                which: TimeoutKind::Connect,
                after,
            } => write!(
                f,
                "the connect timeout ({after:?}) fired before a connection was established \
                 (raise it with ClientBuilder::connect_timeout)"
            )?,
            TransportErrorKind::Timeout {
                which: TimeoutKind::Request,
                after,
            } => write!(
                f,
                "the request timeout ({after:?}) fired before the response was complete \
                 (raise it with ClientBuilder::request_timeout or CallOptions::with_timeout)"
            )?,
            TransportErrorKind::Timeout {
                which: TimeoutKind::Deadline,
                after,
            } => write!(
                f,
                "the call's deadline ({after:?}) passed before it was complete (set with \
                 CallOptions::with_deadline)"
            )?,
            TransportErrorKind::Connection => {
                f.write_str("the connection failed while sending or receiving")?
            }
            TransportErrorKind::Authentication => {
                f.write_str("could not obtain an access token")?
            }
            TransportErrorKind::InvalidRequest => f.write_str("the request could not be built")?,
            TransportErrorKind::OptInRequired { .. } => {}
            TransportErrorKind::ResponseTooLarge { limit } => write!(
                f,
                "the response body is larger than the limit of {limit} bytes (raise it with \
                 ClientBuilder::max_response_body or CallOptions::with_max_response_body)"
            )?,
            TransportErrorKind::Unanswered => {
                // The reason is the point of the error (which mock rules were tried), so it
                // is shown here rather than only as the source.
                f.write_str("the transport had no answer for the request")?;
                if let Some(source) = &self.source {
                    write!(f, " ({source})")?;
                }
            }
        }
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(f, " after {} attempt{plural}; ", self.attempts)?;
        if self.may_have_been_processed {
            f.write_str("the server may have processed the request")
        } else {
            f.write_str("the server did not process the request")
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
