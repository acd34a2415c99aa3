//! [`PasswordError`]: everything that can stop a password change, each variant
//! saying what happened, whether the password may have been changed, and what
//! to do next. No variant ever holds the password.

use std::time::Duration;

use crate::apis::password_management::{
    GetIdentityPasswordChangeStatusError, QueryPasswordInfoError, SetIdentityPasswordError,
};
use crate::runtime::Error;

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
    #[error("{0}; nothing was sent, choose another password")]
    PolicyViolated(PolicyReport),
    /// The key is unusable or the password cannot be encrypted with it.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// An input is empty or malformed; nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    /// set-password was answered with a client error (4xx) or provably never
    /// reached the server: the password was not changed.
    #[error("set-password failed and the password was NOT changed ({ids})")]
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
        tracking(tracking_id),
        match request_id {
            Some(id) => format!("poll password-change-status for requestId {id}"),
            None => "look for a recent password change of this account in ISC \
                     (Search: Password Change events), and retry only if there is none"
                .to_owned(),
        }
    )]
    OutcomeUnknown {
        /// The ids the request was sent with.
        ids: ChangeIds,
        /// The request id, if the answer held one.
        request_id: Option<String>,
        /// ISC's tracking id, for SailPoint support.
        tracking_id: Option<String>,
        /// The API error.
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
        "could not read the status of password change {request_id}; the change was submitted \
         and may still complete: check again later with its requestId"
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
        "password change {request_id} was still {last_state} after {:.1} s and {polls} status \
         requests; it may still complete: check again later with its requestId, or allow a \
         longer deadline",
        elapsed.as_secs_f64()
    )]
    DeadlineExceeded {
        /// The request id being polled.
        request_id: String,
        /// The last state seen (an unrecognised value verbatim, or a description).
        last_state: String,
        /// How many status requests were made.
        polls: u32,
        /// Time spent polling.
        elapsed: Duration,
        /// The ids the change was sent with, when known.
        ids: Option<ChangeIds>,
    },
    /// ISC reports the change FAILED (from [`ChangeOutcome::into_result`]).
    #[error(
        "ISC reports password change {} FAILED{}",
        .0.request_id,
        failure_reasons(&.0.errors)
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
                | Self::DeadlineExceeded { .. }
        )
    }

    /// The request id to check the change with, when one is known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::OutcomeUnknown { request_id, .. } => request_id.as_deref(),
            Self::Status { request_id, .. } | Self::DeadlineExceeded { request_id, .. } => {
                Some(request_id)
            }
            Self::ChangeFailed(outcome) => Some(&outcome.request_id),
            _ => None,
        }
    }
}

fn tracking(tracking_id: &Option<String>) -> String {
    tracking_id
        .as_deref()
        .map(|id| format!(" (tracking id {id})"))
        .unwrap_or_default()
}

fn failure_reasons(errors: &[String]) -> String {
    if errors.is_empty() {
        " without giving a reason".to_owned()
    } else {
        format!(": {}", errors.join("; "))
    }
}
