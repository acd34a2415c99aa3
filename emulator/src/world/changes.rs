//! Password change requests: validating set-password, decrypting the new password, and moving
//! each request from IN_PROGRESS to FINISHED or FAILED once its completion delay has passed.
//!
//! Requests complete lazily: every read of the world first settles the requests that are due,
//! so no background task is needed and a test sees the same state through HTTP and the library.
//!
//! A request is checked against the source's effective policy (and the dictionary, when that
//! policy uses it) as they are when it is submitted. On a source in a password sync group, a
//! request that succeeds changes the identity's accounts on every member source.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use super::password_hash::PasswordHash;
use super::policies::Enforced;
use super::{required, Refusal, World};
use crate::auth::Principal;
use crate::dictionary::Dictionary;
use crate::ids;
use crate::keys::SourceKey;
use crate::wire;

/// Where a password change request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeState {
    /// Accepted, not yet applied.
    InProgress,
    /// Applied: the account has the new password.
    Finished,
    /// Rejected; the status lists why.
    Failed,
}

impl ChangeState {
    /// The wire value (`IN_PROGRESS`, `FINISHED`, `FAILED`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeState::InProgress => "IN_PROGRESS",
            ChangeState::Finished => "FINISHED",
            ChangeState::Failed => "FAILED",
        }
    }
}

/// What a request will do when it completes.
enum Outcome {
    Apply(PasswordHash),
    Reject(Vec<String>),
}

/// A set-password request that passed every check that needs the world; what is left
/// (decryption and the policy check) runs without the world's lock.
pub(crate) struct PreparedChange {
    target: Target,
    key: Arc<SourceKey>,
    policy: Enforced,
    /// The dictionary to avoid, when the policy uses one and the tenant has one.
    dictionary: Option<Arc<Dictionary>>,
    ciphertext: Vec<u8>,
}

/// A set-password request ready to be recorded.
pub(crate) struct DecidedChange {
    target: Target,
    outcome: Outcome,
}

struct Target {
    identity_id: String,
    source_id: String,
    account_id: String,
    /// The other sources of the source's sync group, whose accounts of the identity get the
    /// password too; empty outside a group.
    synced_source_ids: Vec<String>,
}

impl Target {
    /// What the status lists: the changed source first, then the rest of its sync group.
    fn source_ids(&self) -> Vec<String> {
        std::iter::once(&self.source_id)
            .chain(&self.synced_source_ids)
            .cloned()
            .collect()
    }
}

struct ChangeRequest {
    /// Order of submission, to apply requests due at the same instant in order.
    seq: u64,
    target: Target,
    completes_at: Instant,
    /// Before this, password-change-status does not know the request yet.
    visible_at: Instant,
    state: ChangeState,
    pending: Option<Outcome>,
    errors: Vec<String>,
}

/// Every change request made so far.
pub(crate) struct ChangeRequests {
    delay: Duration,
    visibility_delay: Duration,
    next_seq: u64,
    requests: HashMap<String, ChangeRequest>,
}

impl ChangeRequests {
    pub(crate) fn new(delay: Duration, visibility_delay: Duration) -> Self {
        ChangeRequests {
            delay,
            visibility_delay,
            next_seq: 0,
            requests: HashMap::new(),
        }
    }
}

impl PreparedChange {
    /// Decrypts the password and checks it against the source's policy. The plaintext is
    /// zeroized when this returns.
    pub(crate) fn decide(self) -> Result<DecidedChange, Refusal> {
        let plaintext = self.key.decrypt(&self.ciphertext).ok_or_else(|| {
            Refusal::BadRequest(
                "encryptedPassword could not be decrypted with the key publicKeyId names; encrypt \
                 the UTF-8 password with RSA PKCS#1 v1.5 under the publicKey from query-password-info."
                    .into(),
            )
        })?;
        let password = std::str::from_utf8(&plaintext)
            .map_err(|_| Refusal::BadRequest("The decrypted password is not UTF-8 text.".into()))?;
        let mut violations = self.policy.rules.violations(password);
        if self
            .dictionary
            .is_some_and(|dictionary| dictionary.is_contained_in(password))
        {
            // Neither the password nor the word is named: either would give the password away.
            violations.push(
                "The password contains a word of the tenant's password dictionary \
                 (passwordDictionary is enabled)."
                    .into(),
            );
        }
        let outcome = if violations.is_empty() {
            Outcome::Apply(PasswordHash::new(password))
        } else {
            Outcome::Reject(violations)
        };
        Ok(DecidedChange {
            target: self.target,
            outcome,
        })
    }
}

impl World {
    /// Checks a set-password body against the world.
    pub(crate) fn prepare_change(
        &self,
        caller: &Principal,
        request: wire::PasswordChangeRequest,
    ) -> Result<PreparedChange, Refusal> {
        let identity_id = required(request.identity_id, "identityId")?;
        let encrypted_password = required(request.encrypted_password, "encryptedPassword")?;
        let public_key_id = required(request.public_key_id, "publicKeyId")?;
        let account_id = required(request.account_id, "accountId")?;
        let source_id = required(request.source_id, "sourceId")?;

        if !self.identities.contains_key(&identity_id) {
            return Err(Refusal::BadRequest(format!(
                "No identity has the ID {identity_id:?}."
            )));
        }
        if let Principal::User {
            identity_id: own, ..
        } = caller
        {
            if *own != identity_id {
                return Err(Refusal::Forbidden(
                    "A user-context token can change only its own identity's passwords; use a \
                     client-credentials token to change another identity's."
                        .into(),
                ));
            }
        }
        let source = self
            .sources
            .get(&source_id)
            .ok_or_else(|| Refusal::BadRequest(format!("No source has the ID {source_id:?}.")))?;
        if source.key.id() != public_key_id {
            return Err(Refusal::BadRequest(format!(
                "publicKeyId {public_key_id:?} is not the current key of source {:?}; query the \
                 password info again and encrypt with the key it returns.",
                source.name
            )));
        }
        let owned = self
            .account(&source_id, &account_id)
            .is_some_and(|account| account.identity_id == identity_id);
        if !owned {
            return Err(Refusal::BadRequest(format!(
                "{account_id:?} is not an account of identity {identity_id:?} on source {:?}.",
                source.name
            )));
        }
        let ciphertext = BASE64
            .decode(encrypted_password.as_bytes())
            .map_err(|_| Refusal::BadRequest("encryptedPassword is not valid base64.".into()))?;
        let policy = self.effective_policy(&source_id);
        let dictionary = self.dictionary_for(policy.use_dictionary);
        let synced_source_ids = self
            .sync_group_of(&source_id)
            .map(|group| {
                group
                    .source_ids
                    .iter()
                    .filter(|member| **member != source_id)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Ok(PreparedChange {
            target: Target {
                identity_id,
                source_id,
                account_id,
                synced_source_ids,
            },
            key: Arc::clone(&source.key),
            policy,
            dictionary,
            ciphertext,
        })
    }

    /// Records an accepted change; it completes after the configured delay.
    pub(crate) fn record_change(
        &mut self,
        change: DecidedChange,
        now: Instant,
    ) -> wire::PasswordChangeResponse {
        self.settle(now);
        let changes = &mut self.changes;
        let request_id = ids::hex32();
        changes.requests.insert(
            request_id.clone(),
            ChangeRequest {
                seq: changes.next_seq,
                target: change.target,
                completes_at: now + changes.delay,
                visible_at: now + changes.visibility_delay,
                state: ChangeState::InProgress,
                pending: Some(change.outcome),
                errors: Vec::new(),
            },
        );
        changes.next_seq += 1;
        wire::PasswordChangeResponse {
            request_id,
            state: ChangeState::InProgress.as_str(),
        }
    }

    /// `GET /beta/password-change-status/{id}`.
    pub(crate) fn change_status(
        &mut self,
        caller: &Principal,
        request_id: &str,
        now: Instant,
    ) -> Result<wire::PasswordStatus, Refusal> {
        self.settle(now);
        let request = self
            .changes
            .requests
            .get(request_id)
            .filter(|request| now >= request.visible_at)
            .ok_or_else(|| {
                Refusal::NotFound(format!(
                    "No password change request has the ID {request_id:?}."
                ))
            })?;
        if let Principal::User { identity_id, .. } = caller {
            if *identity_id != request.target.identity_id {
                return Err(Refusal::Forbidden(
                    "A user-context token can read only its own identity's password change requests."
                        .into(),
                ));
            }
        }
        Ok(wire::PasswordStatus {
            request_id: request_id.to_string(),
            state: request.state.as_str(),
            errors: request.errors.clone(),
            source_ids: request.target.source_ids(),
        })
    }

    /// How many change requests were accepted for the account, for tests.
    pub(crate) fn changes_for(&self, source_id: &str, account_id: &str) -> usize {
        self.changes
            .requests
            .values()
            .filter(|request| {
                request.target.source_id == source_id && request.target.account_id == account_id
            })
            .count()
    }

    /// The state of a change request, for tests.
    pub(crate) fn change_state(&mut self, request_id: &str, now: Instant) -> Option<ChangeState> {
        self.settle(now);
        self.changes
            .requests
            .get(request_id)
            .map(|request| request.state)
    }

    /// Completes every request whose delay has passed, oldest first.
    pub(crate) fn settle(&mut self, now: Instant) {
        let mut due: Vec<(Instant, u64, String)> = self
            .changes
            .requests
            .iter()
            .filter(|(_, request)| request.pending.is_some() && request.completes_at <= now)
            .map(|(id, request)| (request.completes_at, request.seq, id.clone()))
            .collect();
        due.sort();
        for (_, _, id) in due {
            let Some(request) = self.changes.requests.get_mut(&id) else {
                continue;
            };
            let Some(outcome) = request.pending.take() else {
                continue;
            };
            match outcome {
                Outcome::Reject(errors) => {
                    request.state = ChangeState::Failed;
                    request.errors = errors;
                }
                Outcome::Apply(hash) => {
                    request.state = ChangeState::Finished;
                    let target = &request.target;
                    // On the changed source only the chosen account changes (an identity may
                    // have several there); on the other sources of its sync group, every
                    // account of the identity does.
                    for account in self.accounts.iter_mut() {
                        let chosen = account.source_id == target.source_id
                            && account.id == target.account_id;
                        let synced = account.identity_id == target.identity_id
                            && target.synced_source_ids.contains(&account.source_id);
                        if chosen || synced {
                            account.password = Some(hash.clone());
                        }
                    }
                }
            }
        }
    }
}
