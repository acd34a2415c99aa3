//! What a password change ended with: [`ChangeOutcome`], and the ids that
//! identify a change ([`ChangeIds`]).

use std::fmt;
use std::time::Duration;

use sailpoint_beta::models::PasswordChangeState;

use super::domain::{PasswordSharing, PolicyBasis};
use super::error::PasswordError;
use super::policy::rule_named;

/// The ids a set-password request was (or was about to be) sent with. They
/// identify the change when its outcome must be checked by hand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChangeIds {
    /// The identity whose account password is changed.
    pub identity_id: String,
    /// The source of the account.
    pub source_id: String,
    /// The account on the source.
    pub account_id: String,
}

impl fmt::Display for ChangeIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "identityId {}, sourceId {}, accountId \"{}\"",
            self.identity_id, self.source_id, self.account_id
        )
    }
}

/// The final status of a password change request.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a change may have FAILED: check `state` or call `into_result`"]
pub struct ChangeOutcome {
    /// The request id set-password returned.
    pub request_id: String,
    /// `Finished` or `Failed`.
    pub state: PasswordChangeState,
    /// The errors ISC reported (usually empty when finished).
    pub errors: Vec<String>,
    /// The sources the change applied to.
    pub source_ids: Vec<String>,
    /// How many status requests were made.
    pub polls: u32,
    /// Time spent from the start of polling to the final status.
    pub elapsed: Duration,
    /// State values this SDK did not recognise, in the order seen (each
    /// repeated value once). Polling went on through them.
    pub unrecognized_states: Vec<String>,
    /// The ids the change was sent with; `None` when only the request id was
    /// known (a bare [`wait`](super::Passwords::wait)).
    pub ids: Option<ChangeIds>,
    /// Whether the change reaches other sources through a password sync group (or that this
    /// is not known); `None` when it was not looked up (a bare
    /// [`wait`](super::Passwords::wait), or domain lookups switched off).
    pub sharing: Option<PasswordSharing>,
    /// What the local policy check measured the password against; `None` when no check was
    /// made (switched off, or a bare [`wait`](super::Passwords::wait)).
    pub policy_basis: Option<PolicyBasis>,
}

impl ChangeOutcome {
    /// True when ISC reports the change `FINISHED`.
    pub fn is_finished(&self) -> bool {
        self.state == PasswordChangeState::Finished
    }

    /// The policy rules ISC names in [`errors`](Self::errors), by their names in the
    /// `policies` strings (`passwordMinLength`, `passwordDictionary`, ...), each once, in the
    /// order named. Empty when ISC names none (it may still have failed the change for a rule:
    /// read the errors).
    pub fn failed_rules(&self) -> Vec<&'static str> {
        let mut rules = Vec::new();
        let words = self
            .errors
            .iter()
            .flat_map(|error| error.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'));
        for rule in words.filter_map(rule_named) {
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        rules
    }

    /// `Ok` when finished, [`PasswordError::ChangeFailed`] otherwise, so that
    /// `?` treats a failed change as an error.
    pub fn into_result(self) -> Result<Self, PasswordError> {
        if self.is_finished() {
            Ok(self)
        } else {
            Err(PasswordError::ChangeFailed(Box::new(self)))
        }
    }
}

impl fmt::Display for ChangeOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "password change {} {} after {} status request{} ({:.1} s)",
            self.request_id,
            self.state,
            self.polls,
            if self.polls == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64()
        )?;
        for error in &self.errors {
            write!(f, "\n  error: {error}")?;
        }
        let failed_rules = self.failed_rules();
        if !failed_rules.is_empty() {
            write!(f, "\n  failed rules: {}", failed_rules.join(", "))?;
        }
        if let Some(sharing) = &self.sharing {
            write!(f, "\n  password {sharing}")?;
        }
        if let Some(basis @ PolicyBasis::Lines { .. }) = &self.policy_basis {
            write!(f, "\n  checked locally against {basis}")?;
        }
        Ok(())
    }
}
