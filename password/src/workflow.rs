//! The whole password change in one call ([`Passwords::change`]), and each of
//! its steps on its own.

use std::fmt;
use std::time::Duration;

use isc_runtime::reqwest::StatusCode;
use secrecy::SecretString;
use tokio::time::Instant;

use isc_runtime::{CallOptions, Error, TimeoutKind};
use sailpoint_beta::apis::password_management::{QueryPasswordInfoError, SetIdentityPasswordError};
use sailpoint_beta::models::{
    PasswordChangeRequest, PasswordChangeResponse, PasswordChangeState, PasswordInfo,
    PasswordInfoQueryDto, PasswordStatus,
};
use sailpoint_beta::Client;

use super::account::{choose_account, AccountChoice, AccountError};
use super::crypto::EncryptedPassword;
use super::domain::{self, PolicyBasis, PolicyFallback};
use super::error::{tracking_id_of, PasswordError, PendingChange};
use super::outcome::{ChangeIds, ChangeOutcome};
use super::policy::PasswordPolicy;
use super::poll::PollConfig;
use super::public_key::PublicKey;
use super::target::{IdentityTarget, PasswordTarget};
use super::versions::{self, PasswordApi};

/// What a status request made right at the poll deadline may still take, so that the last poll
/// is not cut off before it is sent. Polling ends at most this long after the deadline.
const LAST_POLL_ALLOWANCE: Duration = Duration::from_millis(500);

/// Whether a status request failed because the poll deadline passed while it ran or waited.
fn cut_off_by_deadline<E>(error: &Error<E>) -> bool {
    matches!(
        error,
        Error::Transport(transport) if transport.timeout() == Some(TimeoutKind::Deadline)
    )
}

/// Where a running change is; passed to the [`Passwords::on_progress`] callback.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Progress {
    /// Sending query-password-info.
    QueryingInfo,
    /// Reading the source's sync group and (with the policy check on) its structured policy
    /// and the dictionary.
    LookingUpDomain,
    /// The password met every rule checked locally, measured against this basis (which says
    /// when the check fell back to the `policies` lines, and why).
    PolicyChecked {
        /// What the password was checked against.
        basis: PolicyBasis,
    },
    /// Sending set-password for these ids.
    Submitting(ChangeIds),
    /// set-password accepted the change under this request id.
    Submitted {
        /// The request id to poll.
        request_id: String,
    },
    /// A status request answered.
    Polled {
        /// How many status requests have been made.
        poll: u32,
        /// The state reported (an unrecognised value verbatim).
        state: String,
        /// Time since polling started.
        elapsed: Duration,
    },
}

type ProgressCallback<'a> = Box<dyn Fn(&Progress) + Send + Sync + 'a>;

/// Password operations on a [`Client`]; get one with [`Client::passwords`].
///
/// [`Passwords::change`] runs: query-password-info → choose the account →
/// check the policy locally → encrypt → set-password → poll
/// password-change-status until `FINISHED` or `FAILED`. For a change addressed
/// by user name that is 2 + N HTTP requests (N status polls, usually 1–4 with
/// the default [`PollConfig`]), plus one token request when the client has no
/// cached token yet.
///
/// # set-password is sent at most once
///
/// A password change is not idempotent (ISC may apply password history rules,
/// and a second request creates a second change), so set-password is sent with
/// [`CallOptions::at_most_once`]: the request reaches ISC at most once per
/// call, whatever happens. The only retry left is that of a connect failure,
/// where nothing was sent. Any answer ends the call: a `4xx` (a `429` and a
/// `401` included) is [`PasswordError::SetPasswordRejected`], meaning nothing
/// changed; anything that leaves the outcome open (a `5xx`, a broken
/// connection, a timeout, an unreadable `2xx`) is
/// [`PasswordError::OutcomeUnknown`], which carries the ids needed to check
/// before trying again.
pub struct Passwords<'a> {
    client: &'a Client,
    api: PasswordApi,
    poll: PollConfig,
    check_policy: bool,
    domain_lookups: bool,
    progress: Option<ProgressCallback<'a>>,
}

/// `client.passwords()`: the helpers on the beta crate's [`Client`] (bring the trait into
/// scope with `use sailpoint_password::PasswordsExt`).
pub trait PasswordsExt {
    /// Password changes, encryption and digit tokens made easy ([`Passwords`]).
    fn passwords(&self) -> Passwords<'_>;
}

impl PasswordsExt for Client {
    fn passwords(&self) -> Passwords<'_> {
        Passwords::new(self)
    }
}

impl fmt::Debug for Passwords<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Passwords")
            .field("api", &self.api)
            .field("poll", &self.poll)
            .field("check_policy", &self.check_policy)
            .field("domain_lookups", &self.domain_lookups)
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> Passwords<'a> {
    /// The helpers over `client`, with the defaults: the beta API, [`PollConfig::default`],
    /// the local policy check on, and domain lookups on.
    pub fn new(client: &'a Client) -> Self {
        Passwords {
            client,
            api: PasswordApi::default(),
            poll: PollConfig::default(),
            check_policy: true,
            domain_lookups: true,
            progress: None,
        }
    }

    /// Calls `api` for every step: the beta endpoints (the default) or the versioned v1 ones.
    /// The results and errors have the same types either way.
    #[must_use]
    pub fn with_api(mut self, api: PasswordApi) -> Self {
        self.api = api;
        self
    }

    /// The API the steps call.
    pub fn api(&self) -> PasswordApi {
        self.api
    }

    /// Uses `poll` instead of [`PollConfig::default`].
    #[must_use]
    pub fn with_poll_config(mut self, poll: PollConfig) -> Self {
        self.poll = poll;
        self
    }

    /// Switches the local policy check off (`true` by default). ISC still
    /// enforces its policy; only the early, complete report is lost.
    #[must_use]
    pub fn with_policy_check(mut self, check: bool) -> Self {
        self.check_policy = check;
        self
    }

    /// Switches the password-domain lookups off (`true` by default). With them on, a change
    /// first reads the sync groups, to report the other sources that get the same password
    /// ([`ChangeOutcome::sharing`]), and, with the policy check on, the structured policy that
    /// governs the source and the tenant's dictionary when that policy uses it: the local
    /// check then knows every rule ISC can tell, the dictionary included. Each read needs its
    /// scope (`idn:password-sync-group:read`, `idn:password-policy:read`,
    /// `idn:password-dictionary:read`); one that is refused or fails is reported
    /// ([`Progress::PolicyChecked`], [`ChangeOutcome::policy_basis`],
    /// [`PasswordSharing::Unknown`](crate::PasswordSharing::Unknown)) and the check falls back
    /// to the `policies` lines of query-password-info. Off, a change makes no request beyond
    /// the password-management ones.
    #[must_use]
    pub fn with_domain_lookups(mut self, lookups: bool) -> Self {
        self.domain_lookups = lookups;
        self
    }

    /// Calls `callback` at each step, e.g. to show progress while polling.
    #[must_use]
    pub fn on_progress(mut self, callback: impl Fn(&Progress) + Send + Sync + 'a) -> Self {
        self.progress = Some(Box::new(callback));
        self
    }

    pub(crate) fn client(&self) -> &'a Client {
        self.client
    }

    fn report(&self, progress: Progress) {
        if let Some(callback) = &self.progress {
            callback(&progress);
        }
    }

    /// Changes the password of one account and waits for the final state.
    ///
    /// Returns the outcome for both `FINISHED` and `FAILED` (use
    /// [`ChangeOutcome::into_result`] to turn `FAILED` into an error). The
    /// password is consumed and zeroized when the call returns.
    pub async fn change(
        &self,
        target: &PasswordTarget,
        account: &AccountChoice,
        password: SecretString,
    ) -> Result<ChangeOutcome, PasswordError> {
        let target = match target {
            PasswordTarget::User {
                user_name,
                source_name,
            } => IdentityTarget::try_from(self.query_info(user_name, source_name).await?)?,
            PasswordTarget::Identity(target) => target.clone(),
        };
        let account_id = match &target.accounts {
            Some(accounts) => choose_account(accounts, account)?,
            None => match account {
                AccountChoice::ById(id) if id.trim().is_empty() => {
                    return Err(PasswordError::InvalidInput("the account id is empty"))
                }
                AccountChoice::ById(id) => id.clone(),
                other => {
                    return Err(AccountError::NoAccountList {
                        choice: other.clone(),
                    }
                    .into())
                }
            },
        };
        let domain = if self.domain_lookups {
            self.report(Progress::LookingUpDomain);
            Some(domain::look_up(self, &target.source_id, self.check_policy).await)
        } else {
            None
        };
        let (sharing, structured) = match domain {
            Some(domain) => (Some(domain.sharing), domain.policy),
            None => (None, None),
        };
        let policy_basis = if self.check_policy {
            let (policy, basis) = match structured {
                Some(Ok(structured)) => (structured.rules, structured.basis),
                Some(Err(why)) => (
                    PasswordPolicy::parse(&target.policies),
                    PolicyBasis::Lines { why },
                ),
                None => (
                    PasswordPolicy::parse(&target.policies),
                    PolicyBasis::Lines {
                        why: PolicyFallback::NotLookedUp,
                    },
                ),
            };
            let report = policy.check(&password).with_basis(basis.clone());
            if !report.is_satisfied() {
                return Err(PasswordError::PolicyViolated(report));
            }
            self.report(Progress::PolicyChecked {
                basis: basis.clone(),
            });
            Some(basis)
        } else {
            None
        };
        let encrypted = PublicKey::parse(&target.public_key)?.encrypt(&password)?;
        drop(password);

        let ids = ChangeIds {
            identity_id: target.identity_id,
            source_id: target.source_id,
            account_id,
        };
        let response = self.submit(&ids, &target.public_key_id, &encrypted).await?;
        let already_final = matches!(
            response.state,
            Some(PasswordChangeState::Finished | PasswordChangeState::Failed)
        );
        let Some(request_id) = response.request_id.flatten().filter(|id| !id.is_empty()) else {
            return Err(PasswordError::NoRequestId {
                ids,
                state: response.state.map(|state| state.to_string()),
            });
        };
        self.report(Progress::Submitted {
            request_id: request_id.clone(),
        });
        // A final state in the set-password answer lacks `errors` and
        // `sourceIds`, so one status request fetches them, without waiting.
        let mut outcome = self
            .poll_until_final(&request_id, Some(ids), already_final)
            .await?;
        outcome.sharing = sharing;
        outcome.policy_basis = policy_basis;
        Ok(outcome)
    }

    /// Step 1: query-password-info for a user on a source.
    ///
    /// A `403` becomes [`PasswordError::QueryForbidden`], which explains that
    /// this operation needs a client-credentials token.
    pub async fn query_info(
        &self,
        user_name: &str,
        source_name: &str,
    ) -> Result<PasswordInfo, PasswordError> {
        if user_name.trim().is_empty() {
            return Err(PasswordError::InvalidInput("the user name is empty"));
        }
        if source_name.trim().is_empty() {
            return Err(PasswordError::InvalidInput("the source name is empty"));
        }
        self.report(Progress::QueryingInfo);
        let query = PasswordInfoQueryDto::new()
            .with_user_name(user_name)
            .with_source_name(source_name);
        match versions::query_password_info(self.client, self.api, &query).await {
            Ok(info) => Ok(info),
            Err(error) if error.status() == Some(StatusCode::FORBIDDEN) => {
                Err(PasswordError::QueryForbidden {
                    tracking_id: tracking_id_of(&error, QueryPasswordInfoError::tracking_id),
                    source: Box::new(error),
                })
            }
            Err(error) => Err(PasswordError::Query {
                user_name: user_name.to_owned(),
                source_name: source_name.to_owned(),
                source: Box::new(error),
            }),
        }
    }

    /// Step 5: set-password, sent at most once (see [`Passwords`]).
    pub async fn submit(
        &self,
        ids: &ChangeIds,
        public_key_id: &str,
        encrypted: &EncryptedPassword,
    ) -> Result<PasswordChangeResponse, PasswordError> {
        if public_key_id.trim().is_empty() {
            return Err(PasswordError::InvalidInput("the public key id is empty"));
        }
        self.report(Progress::Submitting(ids.clone()));
        let body = PasswordChangeRequest::new()
            .with_identity_id(ids.identity_id.as_str())
            .with_encrypted_password(encrypted.as_str())
            .with_public_key_id(public_key_id)
            .with_account_id(ids.account_id.as_str())
            .with_source_id(ids.source_id.as_str());
        // The client's retry policy, but the request reaches ISC at most once
        // (see `Passwords`): connect failures are the only retries left.
        let options = CallOptions::new().at_most_once();
        versions::set_password(self.client, self.api, options, &body)
            .await
            .map_err(|error| classify_set_password_error(ids, error))
    }

    /// One password-change-status request.
    pub async fn status(&self, request_id: &str) -> Result<PasswordStatus, PasswordError> {
        self.status_with(request_id, CallOptions::new()).await
    }

    /// One password-change-status request with `options`.
    async fn status_with(
        &self,
        request_id: &str,
        options: CallOptions,
    ) -> Result<PasswordStatus, PasswordError> {
        versions::password_change_status(self.client, self.api, options, request_id)
            .await
            .map_err(|error| PasswordError::Status {
                request_id: request_id.to_owned(),
                source: Box::new(error),
            })
    }

    /// Step 6: polls password-change-status until `FINISHED` or `FAILED`, or
    /// until the [`PollConfig`] deadline passes.
    ///
    /// An unrecognised `state` value does not end polling: it is recorded in
    /// [`ChangeOutcome::unrecognized_states`] and polling goes on. A `404` is
    /// treated the same way (the request may not be visible yet right after
    /// set-password); the deadline bounds both.
    pub async fn wait(&self, request_id: &str) -> Result<ChangeOutcome, PasswordError> {
        if request_id.trim().is_empty() {
            return Err(PasswordError::InvalidInput("the request id is empty"));
        }
        self.poll_until_final(request_id, None, false).await
    }

    async fn poll_until_final(
        &self,
        request_id: &str,
        ids: Option<ChangeIds>,
        poll_at_once: bool,
    ) -> Result<ChangeOutcome, PasswordError> {
        let started = Instant::now();
        let deadline = self.poll.deadline();
        let mut polls = 0u32;
        let mut unrecognized_states: Vec<String> = Vec::new();
        let mut last_state: String;
        loop {
            let delay = if poll_at_once && polls == 0 {
                Duration::ZERO
            } else {
                self.poll.delay_before_poll(polls + 1)
            };
            // Never sleep past the deadline: the last poll happens right at it.
            tokio::time::sleep(delay.min(deadline.saturating_sub(started.elapsed()))).await;
            polls += 1;
            // Each status request, its retries and their waits included, ends by the deadline:
            // the caller's bound holds however slow or throttled ISC is.
            let remaining = deadline.saturating_sub(started.elapsed());
            let options = CallOptions::new().with_deadline(remaining.max(LAST_POLL_ALLOWANCE));
            match self.status_with(request_id, options).await {
                Ok(status) => {
                    let state = status.state.clone();
                    last_state = state
                        .as_ref()
                        .map_or_else(|| "(no state)".to_owned(), ToString::to_string);
                    self.report(Progress::Polled {
                        poll: polls,
                        state: last_state.clone(),
                        elapsed: started.elapsed(),
                    });
                    match state {
                        Some(
                            final_state @ (PasswordChangeState::Finished
                            | PasswordChangeState::Failed),
                        ) => {
                            return Ok(ChangeOutcome {
                                request_id: request_id.to_owned(),
                                state: final_state,
                                errors: status.errors.unwrap_or_default(),
                                source_ids: status.source_ids.unwrap_or_default(),
                                polls,
                                elapsed: started.elapsed(),
                                unrecognized_states,
                                ids,
                                sharing: None,
                                policy_basis: None,
                            });
                        }
                        Some(PasswordChangeState::InProgress) => {}
                        // Unknown values (and a missing state) keep polling.
                        _ => {
                            if !unrecognized_states.contains(&last_state) {
                                unrecognized_states.push(last_state.clone());
                            }
                        }
                    }
                }
                Err(PasswordError::Status { source, .. })
                    if source.status() == Some(StatusCode::NOT_FOUND) =>
                {
                    last_state = "not found (HTTP 404)".to_owned();
                }
                Err(PasswordError::Status { source, .. }) if cut_off_by_deadline(&source) => {
                    last_state =
                        "unknown (the last status request was cut off at the deadline)".to_owned();
                }
                Err(error) => return Err(error),
            }
            if started.elapsed() >= deadline {
                return Err(PasswordError::DeadlineExceeded(Box::new(PendingChange {
                    request_id: request_id.to_owned(),
                    last_state,
                    polls,
                    elapsed: started.elapsed(),
                    ids,
                })));
            }
        }
    }
}

/// Sorts a set-password failure into "not changed" and "outcome unknown".
///
/// A 4xx answer means ISC refused the request. A connect failure or an
/// unbuildable request means it never left. Everything else (5xx, a broken
/// connection or timeout after sending, a 2xx that could not be decoded) may
/// have changed the password.
fn classify_set_password_error(
    ids: &ChangeIds,
    error: Error<SetIdentityPasswordError>,
) -> PasswordError {
    if !error.may_have_been_processed() {
        return PasswordError::SetPasswordRejected {
            ids: ids.clone(),
            source: Box::new(error),
        };
    }
    // A 2xx body that failed to decode may still name the request id.
    let request_id = match &error {
        Error::Decode(decode) if decode.status().is_success() => {
            serde_json::from_slice::<serde_json::Value>(decode.body())
                .ok()
                .and_then(|body| body.get("requestId")?.as_str().map(str::to_owned))
        }
        _ => None,
    };
    PasswordError::OutcomeUnknown {
        ids: ids.clone(),
        request_id,
        source: Box::new(error),
    }
}
