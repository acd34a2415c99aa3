//! The emulated tenant: identities, sources, accounts and their passwords, the password
//! change requests and digit tokens made against them, and the tenant's password settings
//! (policies, sync groups, dictionary, org config, custom instructions).
//!
//! The world knows ISC's rules but nothing about HTTP: it takes parsed request bodies and the
//! caller, and answers with response bodies or a [`Refusal`]. Everything lives in one world so
//! that the settings APIs and the password operations see each other: a policy changed through
//! the policies API is what the next set-password is checked against.

mod changes;
mod dictionary;
mod digit_tokens;
mod instructions;
mod org_config;
mod password_hash;
mod policies;
mod sync_groups;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::Principal;
use crate::clock;
use crate::dictionary::Dictionary;
use crate::keys::SourceKey;
use crate::seed::Seed;
use crate::wire;
use crate::wire::admin::{
    CustomPasswordInstructionDto, PasswordOrgConfigDto, PasswordPolicyDto, PasswordSyncGroupDto,
};

pub use changes::ChangeState;
use password_hash::PasswordHash;

/// Why the world refused a request; the server turns it into ISC's error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    BadRequest(String),
    Forbidden(String),
    NotFound(String),
}

/// A source. Which policy governs it is not kept here but derived, from the sync groups and
/// the policies' `sourceIds` (see [`World::effective_policy`]).
struct Source {
    name: String,
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
    /// Password policies by ID; each lists the sources it governs.
    policies: BTreeMap<String, PasswordPolicyDto>,
    /// Password sync groups by ID.
    sync_groups: BTreeMap<String, PasswordSyncGroupDto>,
    /// Shared with set-password requests in flight, which match against it without the lock.
    dictionary: Option<Arc<Dictionary>>,
    org_config: Option<PasswordOrgConfigDto>,
    /// Custom password instructions by page ID and locale.
    instructions: BTreeMap<(String, String), CustomPasswordInstructionDto>,
}

impl World {
    /// Builds the world of a validated seed; `keys` holds a key for every source.
    pub(crate) fn new(
        seed: &Seed,
        keys: &HashMap<String, Arc<SourceKey>>,
        completion_delay: Duration,
        status_visibility_delay: Duration,
    ) -> Result<World, String> {
        let mut sources = BTreeMap::new();
        for source in &seed.sources {
            let key = keys
                .get(&source.id)
                .ok_or_else(|| format!("no key was generated for source {:?}", source.name))?;
            sources.insert(
                source.id.clone(),
                Source {
                    name: source.name.clone(),
                    key: Arc::clone(key),
                },
            );
        }
        // Seeded settings are stamped with the start time, as if made just before it.
        let now = clock::timestamp();
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
            policies: policies::seeded(seed, &now),
            sync_groups: sync_groups::seeded(seed, &now),
            dictionary: seed
                .dictionary
                .as_deref()
                .map(|words| Arc::new(Dictionary::of_words(words))),
            org_config: seed.org_config.as_ref().map(org_config::seeded),
            instructions: BTreeMap::new(),
        })
    }

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

    /// The ID of the identity with this login name.
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
            policies: self.describe_policy_of(source_id),
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
}

/// A required request field, or a 400 naming it.
fn required(value: Option<String>, field: &str) -> Result<String, Refusal> {
    value
        .filter(|value| !value.is_empty())
        .ok_or_else(|| Refusal::BadRequest(format!("{field} is required.")))
}

/// `value` quoted for an error message, cut short when long: a hostile request should not
/// get its megabyte echoed back.
fn shown(value: &str) -> String {
    const SHOWN_CHARS: usize = 64;
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}...", &value[..end]),
        None => format!("{value:?}"),
    }
}

/// Most characters a name or description may have, so that stored settings stay small.
const MAX_TEXT_CHARS: usize = 1_000;

/// `value`, or a 400 when it is longer than [`MAX_TEXT_CHARS`].
fn bounded_text(value: String, field: &str) -> Result<String, Refusal> {
    let length = value.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(Refusal::BadRequest(format!(
            "{field} has {length} characters; at most {MAX_TEXT_CHARS} are allowed."
        )));
    }
    Ok(value)
}

/// The given source IDs, without repeats, in their first order; a 400 names an unknown one.
fn known_sources(world: &World, source_ids: Vec<String>) -> Result<Vec<String>, Refusal> {
    let mut unique: Vec<String> = Vec::new();
    for source_id in source_ids {
        if !world.sources.contains_key(&source_id) {
            return Err(Refusal::BadRequest(format!(
                "sourceIds names {}, which is not the ID of a source.",
                shown(&source_id)
            )));
        }
        if !unique.contains(&source_id) {
            unique.push(source_id);
        }
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_short_in_messages() {
        assert_eq!(shown("abc"), "\"abc\"");
        let long = "é".repeat(100);
        let cut = shown(&long);
        assert!(cut.ends_with("\"..."), "{cut}");
        assert_eq!(cut.chars().filter(|c| *c == 'é').count(), 64);
    }
}
