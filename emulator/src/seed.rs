//! The seed: the identities, sources, accounts and policies an emulator starts with.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::policy::PasswordPolicy;

/// The seed built into the emulator (`tests/seed/default.json`).
const DEFAULT_SEED: &str = include_str!("../seed/default.json");

/// A world to start from, usually read from a JSON file.
///
/// Sources, identities and accounts refer to each other by ID and sources name their policy;
/// [`Seed::validate`] checks every reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    /// Named password policies.
    #[serde(default)]
    pub policies: Vec<PolicySeed>,
    /// Sources whose account passwords can be changed.
    pub sources: Vec<SourceSeed>,
    /// Identities, found by `userName`.
    pub identities: Vec<IdentitySeed>,
    /// Accounts, each owned by one identity on one source.
    pub accounts: Vec<AccountSeed>,
}

/// A named password policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicySeed {
    /// The name sources use to refer to the policy.
    pub name: String,
    /// The rules.
    pub rules: PasswordPolicy,
}

/// A source (a connected system such as Active Directory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceSeed {
    /// Source ID.
    pub id: String,
    /// Display name, what query-password-info's `sourceName` matches.
    pub name: String,
    /// Name of the policy in [`Seed::policies`]; without one, any password is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
}

/// An identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdentitySeed {
    /// Identity ID.
    pub id: String,
    /// Login name, what query-password-info's `userName` and a digit token's `userId` match.
    pub user_name: String,
}

/// An account of one identity on one source.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountSeed {
    /// Native account ID (for Active Directory, the distinguished name).
    pub id: String,
    /// Account name.
    pub name: String,
    /// The owning identity.
    pub identity_id: String,
    /// The source holding the account.
    pub source_id: String,
    /// The account's password at start, if it should have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl fmt::Debug for AccountSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountSeed")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("identity_id", &self.identity_id)
            .field("source_id", &self.source_id)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Why a seed could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedError {
    /// The file could not be read.
    #[error("cannot read seed file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The text is not a seed document.
    #[error("the seed is not valid JSON of the expected shape ({0}); compare it with tests/seed/default.json")]
    Parse(#[from] serde_json::Error),
    /// Two entries of one kind share a key.
    #[error("the seed has two {kind} with {key} {value:?}; make them unique")]
    Duplicate {
        /// What kind of entry.
        kind: &'static str,
        /// Which key collides.
        key: &'static str,
        /// The shared value.
        value: String,
    },
    /// An entry refers to something the seed does not define.
    #[error("{entry} refers to {kind} {value:?}, which the seed does not define; add it or fix the reference")]
    DanglingReference {
        /// The referring entry.
        entry: String,
        /// What kind of entry it refers to.
        kind: &'static str,
        /// The missing key.
        value: String,
    },
}

impl Seed {
    /// The seed built into the emulator: two sources, three identities, five accounts.
    pub fn embedded() -> Result<Seed, SeedError> {
        Seed::from_json(DEFAULT_SEED)
    }

    /// Parses and validates a seed document.
    pub fn from_json(json: &str) -> Result<Seed, SeedError> {
        let seed: Seed = serde_json::from_str(json)?;
        seed.validate()?;
        Ok(seed)
    }

    /// Reads, parses and validates a seed file.
    pub fn from_file(path: &Path) -> Result<Seed, SeedError> {
        let json = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Seed::from_json(&json)
    }

    /// A generated world for load tests: one source `Load-AD` (minimum length 8, at least one
    /// letter and one digit) and `identities` users `user0001`, `user0002`, ... with one account
    /// each, whose account ID is `CN=<userName>,OU=Load,DC=example,DC=com`.
    pub fn synthetic(identities: usize) -> Seed {
        let source_id = "10ad5ace0000400080000000000000a1".to_string();
        let mut seed = Seed {
            policies: vec![PolicySeed {
                name: "load".into(),
                rules: PasswordPolicy {
                    min_length: Some(8),
                    min_alpha: Some(1),
                    min_numeric: Some(1),
                    ..PasswordPolicy::default()
                },
            }],
            sources: vec![SourceSeed {
                id: source_id.clone(),
                name: "Load-AD".into(),
                policy: Some("load".into()),
            }],
            identities: Vec::with_capacity(identities),
            accounts: Vec::with_capacity(identities),
        };
        for n in 1..=identities {
            let user_name = format!("user{n:04}");
            let identity_id = format!("{n:032x}");
            seed.accounts.push(AccountSeed {
                id: format!("CN={user_name},OU=Load,DC=example,DC=com"),
                name: user_name.clone(),
                identity_id: identity_id.clone(),
                source_id: source_id.clone(),
                password: None,
            });
            seed.identities.push(IdentitySeed {
                id: identity_id,
                user_name,
            });
        }
        seed
    }

    /// Checks that keys are unique and every reference resolves.
    pub fn validate(&self) -> Result<(), SeedError> {
        let policies = unique("policies", "name", self.policies.iter().map(|p| &p.name))?;
        let sources = unique("sources", "id", self.sources.iter().map(|s| &s.id))?;
        unique("sources", "name", self.sources.iter().map(|s| &s.name))?;
        let identities = unique("identities", "id", self.identities.iter().map(|i| &i.id))?;
        unique(
            "identities",
            "userName",
            self.identities.iter().map(|i| &i.user_name),
        )?;
        // Account IDs are native IDs, so they need only be unique within their source.
        let mut per_source: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for account in &self.accounts {
            if !per_source
                .entry(&account.source_id)
                .or_default()
                .insert(&account.id)
            {
                return Err(SeedError::Duplicate {
                    kind: "accounts on one source",
                    key: "id",
                    value: account.id.clone(),
                });
            }
        }

        for source in &self.sources {
            if let Some(policy) = &source.policy {
                require(&policies, policy, "policy", || {
                    format!("source {:?}", source.name)
                })?;
            }
        }
        for account in &self.accounts {
            let entry = || format!("account {:?}", account.id);
            require(&identities, &account.identity_id, "identity", entry)?;
            require(&sources, &account.source_id, "source", entry)?;
        }
        Ok(())
    }
}

fn unique<'a>(
    kind: &'static str,
    key: &'static str,
    values: impl Iterator<Item = &'a String>,
) -> Result<BTreeSet<&'a str>, SeedError> {
    let mut seen = BTreeSet::new();
    for value in values {
        if !seen.insert(value.as_str()) {
            return Err(SeedError::Duplicate {
                kind,
                key,
                value: value.clone(),
            });
        }
    }
    Ok(seen)
}

fn require(
    known: &BTreeSet<&str>,
    value: &str,
    kind: &'static str,
    entry: impl FnOnce() -> String,
) -> Result<(), SeedError> {
    if known.contains(value) {
        Ok(())
    } else {
        Err(SeedError::DanglingReference {
            entry: entry(),
            kind,
            value: value.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_seed_is_valid() {
        let seed = Seed::embedded().expect("embedded seed parses");
        assert_eq!(seed.sources.len(), 2);
        assert!(seed.identities.iter().any(|i| i.user_name == "Jordan.Lee"));
    }

    #[test]
    fn a_dangling_reference_names_the_entry_and_the_missing_key() {
        let mut seed = Seed::synthetic(1);
        seed.accounts[0].source_id = "nope".into();
        let error = seed.validate().expect_err("dangling source");
        let message = error.to_string();
        assert!(message.contains("account \"CN=user0001"), "{message}");
        assert!(message.contains("source \"nope\""), "{message}");
    }

    #[test]
    fn duplicate_user_names_are_rejected() {
        let mut seed = Seed::synthetic(2);
        seed.identities[1].user_name = seed.identities[0].user_name.clone();
        assert!(matches!(
            seed.validate(),
            Err(SeedError::Duplicate {
                key: "userName",
                ..
            })
        ));
    }

    #[test]
    fn synthetic_seeds_validate() {
        let seed = Seed::synthetic(200);
        seed.validate().expect("valid");
        assert_eq!(seed.accounts.len(), 200);
    }

    #[test]
    fn debug_hides_initial_passwords() {
        let seed = Seed::embedded().expect("embedded seed parses");
        let debug = format!("{seed:?}");
        assert!(!debug.contains("Initial-Passw0rd"));
        assert!(debug.contains("<redacted>"));
    }
}

/// Names and ids in the embedded default seed ([`Seed::embedded`]), for tests written against it.
pub mod default_seed {
    /// A user with one account on `Corp-AD` (password [`INITIAL_PASSWORD`]) and one on `HR-LDAP`.
    pub const JORDAN: &str = "Jordan.Lee";
    /// Jordan's account on `Corp-AD`.
    pub const JORDAN_AD_ACCOUNT: &str = "CN=Jordan Lee,OU=Engineering,DC=corp,DC=example,DC=com";
    /// A user with two accounts on `Corp-AD`, so a caller must choose one.
    pub const SAM: &str = "Sam.Rivera";
    /// The Active Directory source (policy: at least 8 characters, a letter and a digit).
    pub const CORP_AD: &str = "Corp-AD";
    /// The id of [`CORP_AD`].
    pub const CORP_AD_ID: &str = "e16b5ace853f4758a95fc82632ddb38e";
    /// Jordan's current password on `Corp-AD`.
    pub const INITIAL_PASSWORD: &str = "Initial-Passw0rd";
}
