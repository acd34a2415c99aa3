//! Exit codes, and sorting every library error into one of them with a hint on what to do.

use anyhow::anyhow;
use isc_runtime::reqwest::StatusCode;
use sailpoint_beta::runtime::{ConfigError, Error, TransportErrorKind};
use sailpoint_password::{CryptoError, DigitTokenError, LookupFailure, PasswordError};

/// The documented exit codes (see `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Failure = 1,
    InvalidInput = 2,
    Config = 3,
    Refused = 4,
    ChangeFailed = 5,
    MayHaveChanged = 6,
    Interrupted = 130,
}

impl Code {
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// A failed command: its exit code, the error, an optional hint, and a request id to check.
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub kind: &'static str,
    pub error: anyhow::Error,
    pub hint: Option<String>,
    pub request_id: Option<String>,
    /// Whether the password may have changed, decided from the error itself before it is
    /// sorted into an exit code (an auth problem while polling does not undo a change).
    pub password_may_have_changed: bool,
    /// The result is already on standard output (as JSON too): print no JSON error object.
    pub result_printed: bool,
}

impl Failure {
    pub fn new(code: Code, kind: &'static str, error: impl Into<anyhow::Error>) -> Self {
        Self {
            code,
            kind,
            error: error.into(),
            hint: None,
            request_id: None,
            password_may_have_changed: code == Code::MayHaveChanged,
            result_printed: false,
        }
    }

    /// Marks that the result was printed on standard output already.
    pub fn result_printed(mut self) -> Self {
        self.result_printed = true;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn input(error: impl Into<anyhow::Error>) -> Self {
        Self::new(Code::InvalidInput, "invalid_input", error)
    }
}

impl From<ConfigError> for Failure {
    fn from(error: ConfigError) -> Self {
        Failure::new(Code::Config, "configuration", error).with_hint(
            "set SAIL_BASE_URL and SAIL_CLIENT_ID/SAIL_CLIENT_SECRET (or SAIL_ACCESS_TOKEN), \
             or pass --base-url, --client-id and --client-secret-file; see --help",
        )
    }
}

impl From<CryptoError> for Failure {
    fn from(error: CryptoError) -> Self {
        Failure::input(error)
    }
}

impl From<PasswordError> for Failure {
    fn from(error: PasswordError) -> Self {
        let request_id = error.request_id().map(str::to_owned);
        let may_have_changed = error.password_may_have_changed();
        let (code, kind, hint) = classify_password_error(&error);
        let mut failure = Failure::new(code, kind, error);
        failure.hint = hint;
        failure.password_may_have_changed = may_have_changed;
        if let (Some(id), Code::MayHaveChanged) = (&request_id, code) {
            let check = format!("check later with `isc-password status {id} --wait`");
            failure.hint = Some(match failure.hint.take() {
                // Why the status could not be read, then how to check.
                Some(cause) => format!("{cause}; {check}"),
                None => check,
            });
        }
        failure.request_id = request_id;
        failure
    }
}

fn classify_password_error(error: &PasswordError) -> (Code, &'static str, Option<String>) {
    // A change that may have happened outranks every other reading of the error: a 401 or
    // 403 while polling says nothing about the change itself.
    if error.password_may_have_changed() {
        let hint = match error {
            PasswordError::Status { source, .. } if is_auth_error(source.as_ref()) => {
                Some(if source.status() == Some(StatusCode::FORBIDDEN) {
                    "the status could not be read: the client lacks the \
                     idn:password-change:read scope"
                        .to_owned()
                } else {
                    "the status could not be read: check the client id and secret (or that the \
                     access token has not expired)"
                        .to_owned()
                })
            }
            _ => None,
        };
        return (Code::MayHaveChanged, "outcome_unknown", hint);
    }
    match error {
        PasswordError::QueryForbidden { .. } => (
            Code::Config,
            "forbidden",
            Some(
                "use the client id and secret of an API client (SAIL_CLIENT_ID, \
                 SAIL_CLIENT_SECRET) instead of a personal access token (SAIL_ACCESS_TOKEN)"
                    .to_owned(),
            ),
        ),
        PasswordError::Query { source, .. } => classify_api_error(source.as_ref()),
        PasswordError::Account(_) => (
            Code::Refused,
            "account",
            Some("pick one account with --account <accountId or accountName>".to_owned()),
        ),
        PasswordError::PolicyViolated(_) => (Code::Refused, "policy", None),
        PasswordError::Crypto(_) | PasswordError::InvalidInput(_) => {
            (Code::InvalidInput, "invalid_input", None)
        }
        PasswordError::SetPasswordRejected { source, .. } if is_auth_error(source.as_ref()) => {
            classify_api_error(source.as_ref())
        }
        // No status: the request never left (connect failure), so nothing changed.
        PasswordError::SetPasswordRejected { source, .. } if source.status().is_none() => {
            (Code::Failure, "not_sent", None)
        }
        PasswordError::SetPasswordRejected { .. } => (Code::Refused, "rejected", None),
        PasswordError::ChangeFailed(_) => (Code::ChangeFailed, "failed", None),
        _ => (Code::Failure, "error", None),
    }
}

impl From<DigitTokenError> for Failure {
    fn from(error: DigitTokenError) -> Self {
        let (code, kind, hint) = match &error {
            DigitTokenError::Api { source, .. } => classify_api_error(source.as_ref()),
            _ => (Code::InvalidInput, "invalid_input", None),
        };
        let mut failure = Failure::new(code, kind, error);
        failure.hint = hint;
        failure
    }
}

/// What the runtime says when no access token could be obtained (a wrong client id or
/// secret): [`LookupFailure`] keeps only the message of such an error.
/// A failed read in the password domain: `what` names what was read ("the password
/// policies"), `scope` the scope that reading needs. A refusal (401, 403) or a token that could
/// not be obtained is a configuration problem (exit 3), anything else a failure (exit 1).
pub fn lookup_failure(failure: &LookupFailure, what: &str, scope: &str) -> Failure {
    match failure {
        LookupFailure::Refused { status: 403 } => Failure::new(
            Code::Config,
            "forbidden",
            anyhow!("ISC refused to let this client read {what} (HTTP 403)"),
        )
        .with_hint(format!(
            "the client lacks the {scope} scope; use an API client that is granted it"
        )),
        LookupFailure::Refused { status } => Failure::new(
            Code::Config,
            "unauthorized",
            anyhow!("ISC refused to let this client read {what} (HTTP {status})"),
        )
        .with_hint(format!(
            "check the client id and secret (or that the access token has not expired); \
             reading {what} also needs the {scope} scope"
        )),
        LookupFailure::NotFound => Failure::new(
            Code::Failure,
            "not_found",
            anyhow!("ISC has no {what} (HTTP 404)"),
        ),
        LookupFailure::NoAccessToken { message } => Failure::new(
            Code::Config,
            "unauthorized",
            anyhow!("could not read {what}: {message}"),
        )
        .with_hint("check the client id and secret (or that the access token has not expired)"),
        LookupFailure::Failed { message } => Failure::new(
            Code::Failure,
            "api",
            anyhow!("could not read {what}: {message}"),
        ),
        other => Failure::new(
            Code::Failure,
            "api",
            anyhow!("could not read {what}: {other}"),
        ),
    }
}

/// 401/403, token problems and a missing opt-in are configuration problems; everything else
/// is a plain failure.
fn classify_api_error<E>(source: &Error<E>) -> (Code, &'static str, Option<String>) {
    if let Error::Transport(error) = source {
        if let TransportErrorKind::OptInRequired { .. } = error.kind() {
            return (
                Code::Config,
                "opt_in_required",
                Some(
                    "the operation is experimental in this API: pass --experimental or set \
                     SAIL_EXPERIMENTAL=true to opt in (nothing was sent)"
                        .to_owned(),
                ),
            );
        }
    }
    if !is_auth_error(source) {
        return (Code::Failure, "api", None);
    }
    let hint = if source.status() == Some(StatusCode::FORBIDDEN) {
        "the token lacks the scope or authority this operation needs; use an API client \
         with the idn:password-* scopes"
    } else {
        "check the client id and secret (or that the access token has not expired)"
    };
    (Code::Config, "unauthorized", Some(hint.to_owned()))
}

fn is_auth_error<E>(source: &Error<E>) -> bool {
    matches!(
        source.status(),
        Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
    ) || matches!(source, Error::Transport(t) if t.kind() == TransportErrorKind::Authentication)
}
