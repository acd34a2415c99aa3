//! Where bearer tokens come from: the [`TokenProvider`] trait, the static-token provider, and
//! [`TokenError`]. The OAuth2 client-credentials provider lives in `oauth`.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

/// The future returned by [`TokenProvider::token`].
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<SecretString, TokenError>> + Send + 'a>>;

/// The future returned by [`TokenProvider::token_rejected`].
pub type RejectionFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// A source of bearer tokens, for authentication schemes the builder does not cover.
///
/// The client asks for a token before every attempt, so implementations should cache.
/// The trait is object-safe (the client holds an `Arc<dyn TokenProvider>`).
///
/// ```
/// use isc_runtime::{TokenError, TokenFuture, TokenProvider};
/// use secrecy::SecretString;
///
/// struct FromVault;
///
/// impl TokenProvider for FromVault {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(SecretString::from("token-from-vault")) })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// A token that is valid now.
    fn token(&self) -> TokenFuture<'_>;

    /// Called once when the API answered 401 to a request sent with `rejected`. Return `true`
    /// if the next [`token`](TokenProvider::token) call will return a different token, so that
    /// re-sending the request is worthwhile. The default returns `false`: the 401 goes to the
    /// caller.
    fn token_rejected<'a>(&'a self, rejected: &'a SecretString) -> RejectionFuture<'a> {
        let _ = rejected;
        Box::pin(std::future::ready(false))
    }
}

/// A fixed bearer token: never refreshed, so a 401 is returned to the caller.
pub(crate) struct StaticToken {
    token: SecretString,
}

impl StaticToken {
    pub(crate) fn new(token: SecretString) -> Self {
        StaticToken { token }
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.token.clone())))
    }
}

/// Why no access token could be obtained.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The token endpoint refused the credentials.
    #[error(
        "the token endpoint refused the client credentials with HTTP {status}{}; check the \
         client id and secret, and that the API client is enabled in ISC",
        oauth_error.as_deref().map(|code| format!(" ({code})")).unwrap_or_default()
    )]
    Rejected {
        /// The HTTP status of the token response.
        status: StatusCode,
        /// The OAuth2 `error` code from the body (e.g. `invalid_client`), if there was one.
        oauth_error: Option<String>,
    },
    /// The token endpoint kept failing (429 or 5xx) until the retries ran out.
    #[error("the token endpoint answered HTTP {status} (attempts: {attempts}); try again later")]
    Unavailable {
        /// The HTTP status of the last token response.
        status: StatusCode,
        /// How many token requests were made.
        attempts: u32,
    },
    /// The token endpoint could not be reached.
    #[error("could not reach the token endpoint (attempts: {attempts})")]
    Unreachable {
        /// How many token requests were made.
        attempts: u32,
        /// The underlying HTTP error.
        #[source]
        source: crate::transport::BoxError,
    },
    /// The token endpoint did not answer in time: a token request, its retries included, must
    /// end within the client's request timeout, and so must a wait for another call's.
    #[error("the token endpoint did not answer within the request timeout ({after:?})")]
    Timeout {
        /// The request timeout that fired.
        after: Duration,
    },
    /// Another call of the same client was already requesting a token, this call waited for
    /// it, and it failed with `reason`. It is not repeated at once, so a failing token
    /// endpoint is asked once rather than once per waiting call; the next call tries again.
    #[error("the token request this call waited for failed: {reason}")]
    SharedFailure {
        /// The message of the error that request ended with.
        reason: String,
    },
    /// The token endpoint's response body is longer than `limit` bytes (64 KiB), far more
    /// than any token response; reading stopped there.
    #[error("the token endpoint's response is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The token endpoint answered 2xx with something that is not a usable token.
    #[error("the token endpoint's response is unusable: {0}")]
    InvalidResponse(&'static str),
    /// A custom [`TokenProvider`] failed.
    #[error("the token provider failed")]
    Provider(#[source] Box<dyn StdError + Send + Sync>),
}

/// Whether two tokens are the same, without leaking timing about where they differ.
pub(crate) fn same_token(a: &SecretString, b: &SecretString) -> bool {
    let (a, b) = (a.expose_secret().as_bytes(), b.expose_secret().as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
