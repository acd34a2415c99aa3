//! [`PasswordError`]: everything that can stop a password change, each variant
//! saying what happened, whether the password may have been changed, and what
//! to do next. No variant ever holds the password.

use std::time::Duration;

use isc_runtime::Error;
use sailpoint_beta::apis::password_management::{
    GetIdentityPasswordChangeStatusError, QueryPasswordInfoError, SetIdentityPasswordError,
};

use super::account::AccountError;
use super::crypto::CryptoError;
use super::outcome::{ChangeIds, ChangeOutcome};
use super::policy::PolicyReport;

/// Why a password change (or one of its steps) did not complete.
///
/// Variants before [`SetPasswordRejected`](Self::SetPasswordRejected) happen
/// before set-password is sent: the password was certainly not changed.
/// The underlying API error, when there is one, is the [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// query-password-info answered 403 Forbidden.
    #[error(
        "query-password-info was refused with 403 Forbidden{}: this endpoint only accepts a token \
         with API authority, i.e. one obtained with the client_credentials grant from an API \
         client's id and secret; personal access tokens and authorization_code tokens are \
         always refused here",
        tracking(tracking_id)
    )]
    QueryForbidden {
        /// ISC's tracking id, for SailPoint support.
        tracking_id: Option<String>,
        /// The API error.
        #[source]
        source: Box<Error<QueryPasswordInfoError>>,
    },
    /// query-password-info failed otherwise.
    #[error("query-password-info for user \"{user_name}\" on source \"{source_name}\" failed")]
    Query {
        /// The `userName` sent.
        user_name: String,
        /// The `sourceName` sent.
        source_name: String,
        /// The API error.
        #[source]
        source: Box<Error<QueryPasswordInfoError>>,
    },
    /// query-password-info answered without a field set-password needs.
    #[error(
        "query-password-info answered without `{field}`, which set-password needs; check that \
         the user and source names are right and that the source has the PASSWORD feature"
    )]
    IncompleteInfo {
        /// The missing field's wire name.
        field: &'static str,
    },
    /// No single account could be chosen.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// The new password breaks the source's policy; nothing was sent.
    #[error("nothing was sent: {0}")]
    PolicyViolated(PolicyReport),
    /// The key is unusable or the password cannot be encrypted with it.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// An input is empty or malformed; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    /// set-password was answered with a client error (4xx) or provably never
    /// reached the server: the password was not changed.
    #[error(
        "set-password failed and the password was NOT changed ({ids}){}",
        rejection_hint(source)
    )]
    SetPasswordRejected {
        /// The ids the request was sent with.
        ids: ChangeIds,
        /// The API error.
        #[source]
        source: Box<Error<SetIdentityPasswordError>>,
    },
    /// set-password may or may not have been applied (server error, broken
    /// connection, timeout, unreadable answer). It was not sent again.
    #[error(
        "set-password may or may not have changed the password ({ids}{}{}); it was NOT sent again. \
         Check before retrying: {}",
        request_id.as_deref().map(|id| format!(", requestId {id}")).unwrap_or_default(),
        tracking(&set_password_tracking_id(source)),
        match request_id {
            Some(id) => format!("poll password-change-status for requestId {id}"),
            None => "look at the account in ISC (or ask its owner) whether the password \
                     changed, and retry only if it did not"
                .to_owned(),
        }
    )]
    OutcomeUnknown {
        /// The ids the request was sent with.
        ids: ChangeIds,
        /// The request id, if the answer held one.
        request_id: Option<String>,
        /// The API error; [`PasswordError::tracking_id`] reads ISC's tracking id from it.
        #[source]
        source: Box<Error<SetIdentityPasswordError>>,
    },
    /// set-password accepted the change but returned no request id to poll.
    #[error(
        "set-password accepted the change ({ids}) but returned no requestId, so its progress \
         cannot be followed{}; check the account in ISC",
        state.as_deref().map(|state| format!(" (state {state})")).unwrap_or_default()
    )]
    NoRequestId {
        /// The ids the request was sent with.
        ids: ChangeIds,
        /// The state set-password reported, if any.
        state: Option<String>,
    },
    /// A status request failed; the change itself was submitted.
    #[error(
        "could not read the status of password change {request_id}; the change itself is not \
         affected and may still complete: check again later with its requestId"
    )]
    Status {
        /// The request id being polled.
        request_id: String,
        /// The API error.
        #[source]
        source: Box<Error<GetIdentityPasswordChangeStatusError>>,
    },
    /// The polling deadline passed before the change reached a final state.
    #[error(
        "password change {} was still {} after {:.1} s and {} status requests; it may still \
         complete: check again later with its requestId, or allow a longer deadline",
        .0.request_id,
        .0.last_state,
        .0.elapsed.as_secs_f64(),
        .0.polls
    )]
    DeadlineExceeded(Box<PendingChange>),
    /// ISC reports the change FAILED (from [`ChangeOutcome::into_result`]).
    #[error(
        "ISC reports password change {} FAILED{}",
        .0.request_id,
        failure_reasons(.0)
    )]
    ChangeFailed(Box<ChangeOutcome>),
}

impl PasswordError {
    /// True when the password may have been changed despite the error:
    /// set-password's outcome is unknown, or the change was submitted and its
    /// final state is not known.
    pub fn password_may_have_changed(&self) -> bool {
        matches!(
            self,
            Self::OutcomeUnknown { .. }
                | Self::NoRequestId { .. }
                | Self::Status { .. }
                | Self::DeadlineExceeded(_)
        )
    }

    /// ISC's tracking id of the failed request, for SailPoint support.
    pub fn tracking_id(&self) -> Option<String> {
        match self {
            Self::QueryForbidden { tracking_id, .. } => tracking_id.clone(),
            Self::Query { source, .. } => {
                tracking_id_of(source, QueryPasswordInfoError::tracking_id)
            }
            Self::SetPasswordRejected { source, .. } | Self::OutcomeUnknown { source, .. } => {
                set_password_tracking_id(source)
            }
            Self::Status { source, .. } => {
                tracking_id_of(source, GetIdentityPasswordChangeStatusError::tracking_id)
            }
            _ => None,
        }
    }

    /// The request id to check the change with, when one is known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::OutcomeUnknown { request_id, .. } => request_id.as_deref(),
            Self::Status { request_id, .. } => Some(request_id),
            Self::DeadlineExceeded(pending) => Some(&pending.request_id),
            Self::ChangeFailed(outcome) => Some(&outcome.request_id),
            _ => None,
        }
    }
}

/// A change that was submitted but had not reached a final state when polling stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingChange {
    /// The request id being polled.
    pub request_id: String,
    /// The last state seen (an unrecognised value verbatim, or a description).
    pub last_state: String,
    /// How many status requests were made.
    pub polls: u32,
    /// Time spent polling.
    pub elapsed: Duration,
    /// The ids the change was sent with, when known.
    pub ids: Option<ChangeIds>,
}

/// ISC's tracking id from an error's response header or, failing that, its
/// typed error body.
pub(crate) fn tracking_id_of<E>(
    error: &Error<E>,
    from_body: impl Fn(&E) -> Option<&str>,
) -> Option<String> {
    match error {
        Error::Service(service) => service
            .tracking_id()
            .or_else(|| from_body(&service.error))
            .map(str::to_owned),
        Error::UnexpectedStatus(response) => response.tracking_id(),
        _ => None,
    }
}

fn set_password_tracking_id(source: &Error<SetIdentityPasswordError>) -> Option<String> {
    tracking_id_of(source, SetIdentityPasswordError::tracking_id)
}

/// What to do after set-password was refused, for the refusals that have a clear next step.
fn rejection_hint(source: &Error<SetIdentityPasswordError>) -> String {
    let Error::Service(service) = source else {
        return String::new();
    };
    match &service.error {
        SetIdentityPasswordError::TooManyRequests { retry_after, .. } => {
            let wait = retry_after.as_ref().map_or_else(
                || "a few seconds".to_owned(),
                |after| format!("{} s", after.delay().as_secs()),
            );
            format!(
                "; ISC's rate limit was hit (429): it is safe to send again after {wait}, or turn \
                 on the client's rate limiter"
            )
        }
        SetIdentityPasswordError::Unauthorized(_) => "; the access token was refused (401): \
             it is safe to send again with a fresh token"
            .to_owned(),
        _ => String::new(),
    }
}

fn tracking(tracking_id: &Option<String>) -> String {
    tracking_id
        .as_deref()
        .map(|id| format!(" (tracking id {id})"))
        .unwrap_or_default()
}

fn failure_reasons(outcome: &ChangeOutcome) -> String {
    if outcome.errors.is_empty() {
        return " without giving a reason".to_owned();
    }
    let rules = outcome.failed_rules();
    let named = if rules.is_empty() {
        String::new()
    } else {
        format!(" (failed rules: {})", rules.join(", "))
    };
    format!(": {}{named}", outcome.errors.join("; "))
}
