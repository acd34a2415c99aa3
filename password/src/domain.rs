//! What the rest of the password domain says about the source of a change: the structured
//! policy that governs it (with the tenant's dictionary), and the sync group that shares its
//! password with other sources. Every lookup may be refused (a token without the scope, an
//! API-client token where ISC wants a user) or fail; the workflow then goes on with what it has
//! and says what it could not learn, never pretending it knows.

use std::fmt;
use std::sync::Arc;

use sailpoint_beta::models::{PasswordPolicy as PolicyModel, PasswordSyncGroup};
use sailpoint_beta::Client;

use crate::policy::{PasswordDictionary, PasswordPolicy};
use crate::versions::{self, PasswordApi};
use crate::workflow::Passwords;

/// Why a lookup in the password domain gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupFailure {
    /// ISC refused it (401 or 403): the token lacks the scope, or is not of the kind the API
    /// wants.
    Refused {
        /// The HTTP status.
        status: u16,
    },
    /// ISC answered 404: nothing there (no dictionary uploaded yet), or no such API.
    NotFound,
    /// No access token could be obtained (wrong client credentials, say), so nothing was
    /// asked.
    NoAccessToken {
        /// Why, in words.
        message: String,
    },
    /// Any other error, in words.
    Failed {
        /// What went wrong.
        message: String,
    },
}

impl LookupFailure {
    pub(crate) fn of<E: fmt::Display>(error: &isc_runtime::Error<E>) -> Self {
        if let isc_runtime::Error::Transport(transport) = error {
            if transport.kind() == isc_runtime::TransportErrorKind::Authentication {
                return LookupFailure::NoAccessToken {
                    message: error.to_string(),
                };
            }
        }
        match error.status().map(|status| status.as_u16()) {
            Some(status @ (401 | 403)) => LookupFailure::Refused { status },
            Some(404) => LookupFailure::NotFound,
            _ => LookupFailure::Failed {
                message: error.to_string(),
            },
        }
    }
}

impl fmt::Display for LookupFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupFailure::Refused { status } => write!(
                f,
                "ISC refused to answer (HTTP {status}); the token may lack the scope to read it"
            ),
            LookupFailure::NotFound => f.write_str("ISC has nothing there (HTTP 404)"),
            LookupFailure::NoAccessToken { message } | LookupFailure::Failed { message } => {
                f.write_str(message)
            }
        }
    }
}

/// What the local policy check of a change measured the password against.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyBasis {
    /// The structured policy that governs the source (through its sync group, or by listing
    /// it), read from the Password Policies API.
    Structured {
        /// The policy's ID.
        policy_id: String,
        /// The policy's name.
        policy_name: Option<String>,
        /// Whether its dictionary rule was checked.
        dictionary: DictionaryUse,
    },
    /// The `policies` lines of query-password-info, because the structured policy was not
    /// available: the check knows fewer rules (never the dictionary), and ISC still checks all.
    Lines {
        /// Why the structured policy was not used.
        why: PolicyFallback,
    },
}

impl fmt::Display for PolicyBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyBasis::Structured {
                policy_id,
                policy_name,
                dictionary,
            } => {
                match policy_name {
                    Some(name) => {
                        write!(f, "the source's password policy \"{name}\" ({policy_id})")?
                    }
                    None => write!(f, "the source's password policy {policy_id}")?,
                }
                match dictionary {
                    DictionaryUse::NotUsed => Ok(()),
                    DictionaryUse::Checked { words } => {
                        write!(f, " with the tenant's dictionary of {words} words")
                    }
                    DictionaryUse::Unreadable(failure) => write!(
                        f,
                        ", without its dictionary rule (the dictionary could not be read: {failure})"
                    ),
                }
            }
            PolicyBasis::Lines { why } => write!(
                f,
                "the policy lines of query-password-info only, as {why}; ISC checks the rest"
            ),
        }
    }
}

/// Whether the dictionary rule of a structured policy was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DictionaryUse {
    /// The policy does not use the dictionary.
    NotUsed,
    /// Checked against the tenant's dictionary of this many words.
    Checked {
        /// How many words it holds.
        words: usize,
    },
    /// The policy uses the dictionary, but it could not be read, so ISC alone checks it.
    Unreadable(LookupFailure),
}

/// Why a change's policy check fell back to the `policies` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyFallback {
    /// The password policies could not be read.
    PoliciesUnreadable(LookupFailure),
    /// No policy governs the source: none lists it and its sync group names none that exists.
    NoPolicyFound,
    /// Domain lookups are switched off ([`Passwords::with_domain_lookups`](crate::Passwords::with_domain_lookups)).
    NotLookedUp,
}

impl fmt::Display for PolicyFallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyFallback::PoliciesUnreadable(failure) => {
                write!(f, "the password policies could not be read ({failure})")
            }
            PolicyFallback::NoPolicyFound => f.write_str("no password policy governs the source"),
            PolicyFallback::NotLookedUp => f.write_str("domain lookups are switched off"),
        }
    }
}

/// Whether a change reaches sources beside the one it was made on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordSharing {
    /// The source is a member of a password sync group: ISC changes the password on every
    /// member source.
    SyncGroup {
        /// The group's ID.
        group_id: String,
        /// The group's name.
        group_name: Option<String>,
        /// The other member sources, which get the same password.
        other_source_ids: Vec<String>,
    },
    /// No sync group has the source: the change stays on it.
    NotShared,
    /// The sync groups could not be read, so whether other sources share the password is not
    /// known.
    Unknown(LookupFailure),
}

impl fmt::Display for PasswordSharing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordSharing::SyncGroup {
                group_id,
                group_name,
                other_source_ids,
            } => {
                write!(f, "shared through sync group ")?;
                match group_name {
                    Some(name) => write!(f, "\"{name}\" ({group_id})")?,
                    None => f.write_str(group_id)?,
                }
                write!(f, " with {}", other_source_ids.join(", "))
            }
            PasswordSharing::NotShared => f.write_str("not shared with other sources"),
            PasswordSharing::Unknown(failure) => write!(
                f,
                "unknown whether other sources share it: the sync groups could not be read ({failure})"
            ),
        }
    }
}

/// The sync group of a source, if the groups could be read.
pub(crate) fn sharing_of(
    groups: &Result<Vec<PasswordSyncGroup>, LookupFailure>,
    source_id: &str,
) -> PasswordSharing {
    match groups {
        Err(failure) => PasswordSharing::Unknown(failure.clone()),
        Ok(groups) => match group_of(groups, source_id) {
            None => PasswordSharing::NotShared,
            Some(group) => PasswordSharing::SyncGroup {
                group_id: group.id.clone().unwrap_or_default(),
                group_name: group.name.clone(),
                other_source_ids: group
                    .source_ids
                    .iter()
                    .flatten()
                    .filter(|id| *id != source_id)
                    .cloned()
                    .collect(),
            },
        },
    }
}

fn group_of<'g>(groups: &'g [PasswordSyncGroup], source_id: &str) -> Option<&'g PasswordSyncGroup> {
    groups.iter().find(|group| {
        group
            .source_ids
            .as_deref()
            .is_some_and(|ids| ids.iter().any(|id| id == source_id))
    })
}

/// The structured policy that governs a source, as [`Passwords::source_policy`] finds it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SourcePolicy {
    /// The policy as the Password Policies API returns it.
    pub model: PolicyModel,
    /// The sync group whose policy it is, when the source is in one (a group's policy governs
    /// its members); `None` when the policy lists the source itself.
    pub sync_group: Option<PasswordSyncGroup>,
    /// Its rules as checked locally, with the dictionary attached when the policy uses it and
    /// the dictionary could be read.
    pub rules: PasswordPolicy,
    /// What [`rules`](Self::rules) measure against, to report (always
    /// [`PolicyBasis::Structured`]).
    pub basis: PolicyBasis,
}

impl Passwords<'_> {
    /// Every password sync group of the tenant (all pages, at most 10,000 groups), on the
    /// chosen API. Needs the `idn:password-sync-group:read` scope.
    pub async fn sync_groups(&self) -> Result<Vec<PasswordSyncGroup>, LookupFailure> {
        versions::sync_groups(self.client(), self.api()).await
    }

    /// The tenant's password dictionary, parsed. Needs the `idn:password-dictionary:read`
    /// scope; [`LookupFailure::NotFound`] when none was ever uploaded.
    pub async fn dictionary(&self) -> Result<PasswordDictionary, LookupFailure> {
        versions::password_dictionary(self.client(), self.api())
            .await
            .map(|text| PasswordDictionary::parse(&text))
    }

    /// The structured policy that governs `source_id`: its sync group's policy if it is in
    /// one, otherwise the policy that lists it; with the tenant's dictionary when the policy
    /// uses one. Needs `idn:password-policy:read` (and `idn:password-sync-group:read` and
    /// `idn:password-dictionary:read` to see groups and the dictionary: without them the
    /// policy that lists the source is taken, and the dictionary rule stays unchecked).
    pub async fn source_policy(&self, source_id: &str) -> Result<SourcePolicy, PolicyFallback> {
        let groups = self.sync_groups().await;
        structured_policy(self.client(), self.api(), source_id, groups.as_deref().ok()).await
    }
}

/// What the domain says about one source.
pub(crate) struct SourceDomain {
    pub(crate) sharing: PasswordSharing,
    /// The structured policy; `None` when it was not asked for.
    pub(crate) policy: Option<Result<SourcePolicy, PolicyFallback>>,
}

/// Reads the sync groups and, with `want_policy`, the policy that governs `source_id` and
/// the dictionary it uses.
pub(crate) async fn look_up(
    passwords: &Passwords<'_>,
    source_id: &str,
    want_policy: bool,
) -> SourceDomain {
    let groups = passwords.sync_groups().await;
    let sharing = sharing_of(&groups, source_id);
    let policy = if want_policy {
        Some(
            structured_policy(
                passwords.client(),
                passwords.api(),
                source_id,
                groups.as_deref().ok(),
            )
            .await,
        )
    } else {
        None
    };
    SourceDomain { sharing, policy }
}

async fn structured_policy(
    client: &Client,
    api: PasswordApi,
    source_id: &str,
    groups: Option<&[PasswordSyncGroup]>,
) -> Result<SourcePolicy, PolicyFallback> {
    // A sync group's policy governs its members; otherwise the policy that lists the source.
    let sync_group = groups.and_then(|groups| group_of(groups, source_id));
    let policies = versions::password_policies(client, api)
        .await
        .map_err(PolicyFallback::PoliciesUnreadable)?;
    let governing = match sync_group.and_then(|group| group.password_policy_id.as_ref()) {
        Some(id) => policies
            .iter()
            .find(|policy| policy.id.as_ref() == Some(id)),
        None => policies.iter().find(|policy| {
            policy
                .source_ids
                .as_deref()
                .is_some_and(|ids| ids.iter().any(|id| id == source_id))
        }),
    };
    let model = governing.ok_or(PolicyFallback::NoPolicyFound)?;
    let mut rules = PasswordPolicy::from_structured(model);
    let dictionary = if rules.uses_dictionary() {
        match versions::password_dictionary(client, api).await {
            Ok(text) => {
                let dictionary = Arc::new(PasswordDictionary::parse(&text));
                let words = dictionary.len();
                rules = rules.with_dictionary(dictionary);
                DictionaryUse::Checked { words }
            }
            Err(failure) => DictionaryUse::Unreadable(failure),
        }
    } else {
        DictionaryUse::NotUsed
    };
    let basis = PolicyBasis::Structured {
        policy_id: model.id.clone().unwrap_or_default(),
        policy_name: model.name.clone(),
        dictionary,
    };
    Ok(SourcePolicy {
        model: model.clone(),
        sync_group: sync_group.cloned(),
        rules,
        basis,
    })
}
