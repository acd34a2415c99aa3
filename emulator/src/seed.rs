//! The seed: the identities, sources, accounts, policies, sync groups, dictionary and password
//! org config an emulator starts with.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dictionary;
use crate::policy::PasswordPolicy;

/// The seed built into the emulator (`tests/seed/default.json`).
const DEFAULT_SEED: &str = include_str!("../seed/default.json");

/// A world to start from, usually read from a JSON file.
///
/// Sources, identities and accounts refer to each other by ID, sources and sync groups name
/// their policy; [`Seed::validate`] checks every reference. The fields added after the first
/// version (`syncGroups`, `dictionary`, `orgConfig`) may be left out, so older seed files
/// still load.
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
    /// Password sync groups: sources whose accounts share one password.
    #[serde(default)]
    pub sync_groups: Vec<SyncGroupSeed>,
    /// The words of the tenant's password dictionary; `None` (the default): no dictionary was
    /// ever uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dictionary: Option<Vec<String>>,
    /// The tenant's password org config. Left out, the tenant has [`OrgConfigSeed::default`];
    /// `null` starts the tenant without one (reading it answers 404 until one is created).
    #[serde(default = "default_org_config")]
    pub org_config: Option<OrgConfigSeed>,
}

fn default_org_config() -> Option<OrgConfigSeed> {
    Some(OrgConfigSeed::default())
}

/// A named password policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicySeed {
    /// The policy's ID in the password policies API; left out, [`PolicySeed::policy_id`]
    /// derives a stable one from the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name sources and sync groups use to refer to the policy.
    pub name: String,
    /// Whether a password may not contain a word of the dictionary.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub use_dictionary: bool,
    /// The rules.
    pub rules: PasswordPolicy,
}

impl PolicySeed {
    /// The policy's ID: the one given, or 32 hex digits derived from the name, the same on
    /// every start.
    pub fn policy_id(&self) -> String {
        if let Some(id) = &self.id {
            return id.clone();
        }
        let digest = Sha256::new()
            .chain_update(b"isc-emulator password policy ")
            .chain_update(self.name.as_bytes())
            .finalize();
        digest[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// A password sync group: an identity's accounts on its sources share one password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncGroupSeed {
    /// Group ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Name of the policy in [`Seed::policies`] that governs every member source.
    pub policy: String,
    /// IDs of the member sources; a source belongs to at most one group.
    pub source_ids: Vec<String>,
}

/// The tenant's password org config. A field left out takes its value from
/// [`OrgConfigSeed::default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct OrgConfigSeed {
    /// Whether custom password instructions are shown.
    pub custom_instructions_enabled: bool,
    /// Whether digit tokens may be issued.
    pub digit_token_enabled: bool,
    /// How long a digit token stays valid when the request gives no duration, 1 to 60.
    pub digit_token_duration_minutes: u32,
    /// How many digits a digit token has when the request gives no length, 6 to 18.
    pub digit_token_length: u32,
}

impl Default for OrgConfigSeed {
    /// Instructions off; digit tokens on, 6 digits, valid 5 minutes.
    fn default() -> Self {
        OrgConfigSeed {
            custom_instructions_enabled: false,
            digit_token_enabled: true,
            digit_token_duration_minutes: 5,
            digit_token_length: 6,
        }
    }
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
    /// An entry has a value ISC would not accept.
    #[error("{entry} {reason}")]
    Invalid {
        /// The entry.
        entry: String,
        /// What is wrong with it, as the rest of a sentence.
        reason: String,
    },
}

impl Seed {
    /// The seed built into the emulator: three sources (two in one sync group), three
    /// identities, six accounts, a small password dictionary.
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
                id: None,
                name: "load".into(),
                use_dictionary: false,
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
            sync_groups: Vec::new(),
            dictionary: None,
            org_config: default_org_config(),
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

    /// Checks that keys are unique, every reference resolves and every value is one ISC
    /// would accept.
    pub fn validate(&self) -> Result<(), SeedError> {
        let policies = unique("policies", "name", self.policies.iter().map(|p| &p.name))?;
        let policy_ids: Vec<String> = self.policies.iter().map(PolicySeed::policy_id).collect();
        unique("policies", "id", policy_ids.iter())?;
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
        self.validate_sync_groups(&policies, &sources)?;
        self.validate_dictionary()?;
        self.validate_org_config()
    }

    fn validate_sync_groups(
        &self,
        policies: &BTreeSet<&str>,
        sources: &BTreeSet<&str>,
    ) -> Result<(), SeedError> {
        unique("syncGroups", "id", self.sync_groups.iter().map(|g| &g.id))?;
        let mut grouped = BTreeSet::new();
        for group in &self.sync_groups {
            let entry = || format!("sync group {:?}", group.name);
            require(policies, &group.policy, "policy", entry)?;
            for source_id in &group.source_ids {
                require(sources, source_id, "source", entry)?;
                if !grouped.insert(source_id.as_str()) {
                    return Err(SeedError::Invalid {
                        entry: entry(),
                        reason: format!(
                            "lists source {source_id:?}, which is already in a sync group; a \
                             source belongs to at most one"
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    fn validate_dictionary(&self) -> Result<(), SeedError> {
        let Some(words) = &self.dictionary else {
            return Ok(());
        };
        if words.len() > dictionary::MAX_WORDS {
            return Err(SeedError::Invalid {
                entry: "the dictionary".into(),
                reason: format!(
                    "has {} words; a dictionary holds at most {}",
                    words.len(),
                    dictionary::MAX_WORDS
                ),
            });
        }
        for word in words {
            dictionary::check_word(word).map_err(|reason| SeedError::Invalid {
                entry: format!("dictionary word {word:?}"),
                reason,
            })?;
        }
        Ok(())
    }

    fn validate_org_config(&self) -> Result<(), SeedError> {
        let Some(config) = &self.org_config else {
            return Ok(());
        };
        let invalid = |reason: String| SeedError::Invalid {
            entry: "orgConfig".into(),
            reason,
        };
        if !(1..=60).contains(&config.digit_token_duration_minutes) {
            return Err(invalid(format!(
                "has digitTokenDurationMinutes {}; it must be from 1 to 60",
                config.digit_token_duration_minutes
            )));
        }
        if !(6..=18).contains(&config.digit_token_length) {
            return Err(invalid(format!(
                "has digitTokenLength {}; it must be from 6 to 18",
                config.digit_token_length
            )));
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
        assert_eq!(seed.sources.len(), 3);
        assert!(seed.identities.iter().any(|i| i.user_name == "Jordan.Lee"));
        assert_eq!(seed.sync_groups[0].id, default_seed::SYNC_GROUP_ID);
        assert_eq!(
            seed.sync_groups[0].source_ids,
            [default_seed::CORP_AD_ID, default_seed::CORP_MAIL_ID]
        );
        assert_eq!(seed.org_config, Some(OrgConfigSeed::default()));
    }

    #[test]
    fn seeds_without_the_newer_fields_still_load() {
        let seed = Seed::from_json(
            r#"{ "sources": [{ "id": "s", "name": "S" }], "identities": [], "accounts": [] }"#,
        )
        .expect("an old seed loads");
        assert!(seed.sync_groups.is_empty());
        assert_eq!(seed.dictionary, None);
        assert_eq!(seed.org_config, Some(OrgConfigSeed::default()));
        let without = Seed::from_json(
            r#"{ "sources": [], "identities": [], "accounts": [], "orgConfig": null }"#,
        )
        .expect("loads");
        assert_eq!(without.org_config, None, "null means no org config");
    }

    #[test]
    fn policy_ids_are_derived_from_the_name_unless_given() {
        let mut policy = Seed::synthetic(1).policies.remove(0);
        let derived = policy.policy_id();
        assert_eq!(derived.len(), 32);
        assert_eq!(derived, policy.policy_id(), "stable");
        policy.name = "other".into();
        assert_ne!(policy.policy_id(), derived);
        policy.id = Some("given".into());
        assert_eq!(policy.policy_id(), "given");
    }

    #[test]
    fn sync_groups_dictionary_and_org_config_are_validated() {
        let mut seed = Seed::embedded().expect("parses");
        seed.sync_groups.push(SyncGroupSeed {
            id: "second".into(),
            name: "Second".into(),
            policy: "hr-strict".into(),
            source_ids: vec![default_seed::CORP_AD_ID.into()],
        });
        let message = seed.validate().expect_err("Corp-AD twice").to_string();
        assert!(message.contains("already in a sync group"), "{message}");

        let mut seed = Seed::embedded().expect("parses");
        seed.sync_groups[0].policy = "missing".into();
        assert!(matches!(
            seed.validate(),
            Err(SeedError::DanglingReference { kind: "policy", .. })
        ));

        let mut seed = Seed::embedded().expect("parses");
        seed.dictionary = Some(vec!["two words".into()]);
        let message = seed.validate().expect_err("white space").to_string();
        assert!(message.contains("white space"), "{message}");

        let mut seed = Seed::embedded().expect("parses");
        seed.org_config = Some(OrgConfigSeed {
            digit_token_length: 5,
            ..OrgConfigSeed::default()
        });
        let message = seed.validate().expect_err("length 5").to_string();
        assert!(message.contains("digitTokenLength 5"), "{message}");
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
    /// A user with one account on `Corp-AD` (password [`INITIAL_PASSWORD`]), one on `HR-LDAP`
    /// and one on `Corp-Mail`.
    pub const JORDAN: &str = "Jordan.Lee";
    /// Jordan's account on `Corp-AD`.
    pub const JORDAN_AD_ACCOUNT: &str = "CN=Jordan Lee,OU=Engineering,DC=corp,DC=example,DC=com";
    /// A user with two accounts on `Corp-AD`, so a caller must choose one.
    pub const SAM: &str = "Sam.Rivera";
    /// The Active Directory source. It is in the sync group [`SYNC_GROUP_ID`] with
    /// [`CORP_MAIL`], under the policy `corp-standard`: 8 to 64 characters, a letter and a
    /// digit, no character 4 times in a row, no word of the dictionary ([`DICTIONARY`]).
    pub const CORP_AD: &str = "Corp-AD";
    /// The id of [`CORP_AD`].
    pub const CORP_AD_ID: &str = "e16b5ace853f4758a95fc82632ddb38e";
    /// The mail system, in the sync group with [`CORP_AD`].
    pub const CORP_MAIL: &str = "Corp-Mail";
    /// The id of [`CORP_MAIL`].
    pub const CORP_MAIL_ID: &str = "2c9180857a3c5f0e017a3d1b2c4d0002";
    /// Jordan's account on `Corp-Mail`.
    pub const JORDAN_MAIL_ACCOUNT: &str = "jordan.lee@corp.example.com";
    /// The sync group `Corporate directory and mail` over [`CORP_AD`] and [`CORP_MAIL`].
    pub const SYNC_GROUP_ID: &str = "6881f631-3bd5-4213-9c75-8e05cc3e35dd";
    /// The words of the password dictionary.
    pub const DICTIONARY: [&str; 5] = ["password", "qwerty", "letmein", "sailpoint", "welcome"];
    /// Jordan's current password on `Corp-AD`.
    pub const INITIAL_PASSWORD: &str = "Initial-Passw0rd";
}
