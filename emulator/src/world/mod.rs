//! The emulated tenant: identities, sources, accounts and their passwords, and the password
//! change requests and digit tokens made against them.
//!
//! The world knows ISC's rules but nothing about HTTP: it takes parsed request bodies and the
//! caller, and answers with response bodies or a [`Refusal`].

mod changes;
mod digit_tokens;
mod password_hash;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::Principal;
use crate::keys::SourceKey;
use crate::policy::PasswordPolicy;
use crate::seed::Seed;
use crate::wire;

pub use changes::ChangeState;
use password_hash::PasswordHash;

/// Why the world refused a request; the server turns it into ISC's error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    BadRequest(String),
    Forbidden(String),
    NotFound(String),
}

struct Source {
    name: String,
    policy: PasswordPolicy,
    key: Arc<SourceKey>,
}

struct Identity {
    user_name: String,
}

struct Account {
    id: String,
    name: String,
    identity_id: String,
    source_id: String,
    password: Option<PasswordHash>,
}

/// The whole emulated tenant.
pub(crate) struct World {
    sources: BTreeMap<String, Source>,
    identities: BTreeMap<String, Identity>,
    accounts: Vec<Account>,
    changes: changes::ChangeRequests,
    digit_tokens: digit_tokens::DigitTokens,
}

impl World {
    /// Builds the world of a validated seed; `keys` holds a key for every source.
    pub(crate) fn new(
        seed: &Seed,
        keys: &HashMap<String, Arc<SourceKey>>,
        completion_delay: Duration,
        status_visibility_delay: Duration,
    ) -> Result<World, String> {
        let policies: HashMap<&str, &PasswordPolicy> = seed
            .policies
            .iter()
            .map(|policy| (policy.name.as_str(), &policy.rules))
            .collect();
        let mut sources = BTreeMap::new();
        for source in &seed.sources {
            let key = keys
                .get(&source.id)
                .ok_or_else(|| format!("no key was generated for source {:?}", source.name))?;
            let policy = source
                .policy
                .as_deref()
                .and_then(|name| policies.get(name))
                .map(|policy| (*policy).clone())
                .unwrap_or_default();
            sources.insert(
                source.id.clone(),
                Source {
                    name: source.name.clone(),
                    policy,
                    key: Arc::clone(key),
                },
            );
        }
        Ok(World {
            sources,
            identities: seed
                .identities
                .iter()
                .map(|identity| {
                    (
                        identity.id.clone(),
                        Identity {
                            user_name: identity.user_name.clone(),
                        },
                    )
                })
                .collect(),
            accounts: seed
                .accounts
                .iter()
                .map(|account| Account {
                    id: account.id.clone(),
                    name: account.name.clone(),
                    identity_id: account.identity_id.clone(),
                    source_id: account.source_id.clone(),
                    password: account.password.as_deref().map(PasswordHash::new),
                })
                .collect(),
            changes: changes::ChangeRequests::new(completion_delay, status_visibility_delay),
            digit_tokens: digit_tokens::DigitTokens::default(),
        })
    }

    /// The ID of the identity with this login name.
    /// The ID of the source with this ID or name.
    pub(crate) fn source_id_of(&self, id_or_name: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(id, source)| *id == id_or_name || source.name == id_or_name)
            .map(|(id, _)| id.as_str())
    }

    /// Gives a source a new key (a rotation); the old `publicKeyId` is refused from now on.
    pub(crate) fn replace_key(&mut self, source_id: &str, key: Arc<SourceKey>) {
        if let Some(source) = self.sources.get_mut(source_id) {
            source.key = key;
        }
    }

    pub(crate) fn identity_id_of(&self, user_name: &str) -> Option<&str> {
        self.identities
            .iter()
            .find(|(_, identity)| identity.user_name == user_name)
            .map(|(id, _)| id.as_str())
    }

    /// `POST /beta/query-password-info`.
    pub(crate) fn password_info(
        &self,
        caller: &Principal,
        query: wire::PasswordInfoQuery,
    ) -> Result<wire::PasswordInfo, Refusal> {
        if !matches!(caller, Principal::Client { .. }) {
            return Err(Refusal::Forbidden(
                "query-password-info needs a token with API authority (client credentials grant); \
                 personal access tokens and authorization-code tokens are refused"
                    .into(),
            ));
        }
        let user_name = required(query.user_name, "userName")?;
        let source_name = required(query.source_name, "sourceName")?;
        let identity_id = self.identity_id_of(&user_name).ok_or_else(|| {
            Refusal::BadRequest(format!("No identity has the userName {user_name:?}."))
        })?;
        let (source_id, source) = self
            .sources
            .iter()
            .find(|(_, source)| source.name == source_name)
            .ok_or_else(|| Refusal::BadRequest(format!("No source is named {source_name:?}.")))?;
        Ok(wire::PasswordInfo {
            identity_id: identity_id.to_string(),
            source_id: source_id.clone(),
            public_key_id: source.key.id().to_string(),
            public_key: source.key.public_base64().to_string(),
            accounts: self
                .accounts
                .iter()
                .filter(|account| {
                    account.identity_id == identity_id && &account.source_id == source_id
                })
                .map(|account| wire::PasswordInfoAccount {
                    account_id: account.id.clone(),
                    account_name: account.name.clone(),
                })
                .collect(),
            policies: source.policy.describe(),
        })
    }

    /// Whether the account's current password is `candidate`; `false` for an unknown account or
    /// one without a password.
    pub(crate) fn password_matches(
        &mut self,
        source_id: &str,
        account_id: &str,
        candidate: &str,
        now: Instant,
    ) -> bool {
        self.settle(now);
        self.account(source_id, account_id)
            .and_then(|account| account.password.as_ref())
            .is_some_and(|hash| hash.matches(candidate))
    }

    fn account(&self, source_id: &str, account_id: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|account| account.source_id == source_id && account.id == account_id)
    }

    fn account_mut(&mut self, source_id: &str, account_id: &str) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|account| account.source_id == source_id && account.id == account_id)
    }
}

/// A required request field, or a 400 naming it.
fn required(value: Option<String>, field: &str) -> Result<String, Refusal> {
    value
        .filter(|value| !value.is_empty())
        .ok_or_else(|| Refusal::BadRequest(format!("{field} is required.")))
}
