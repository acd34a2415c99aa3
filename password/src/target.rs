//! Whose password a change is for, and where the encryption key comes from.
//!
//! query-password-info, the only operation that hands out the encryption key,
//! looks users up by `userName` and `sourceName` and nothing else. So a change
//! addressed by `identityId` and `sourceId` cannot query ISC for the key: the
//! caller brings the key material along ([`IdentityTarget`]), for example kept
//! from an earlier query-password-info (see
//! [`IdentityTarget::try_from`]). Nothing is looked up or sent on the caller's
//! behalf in that case other than set-password and the status polls.

use std::fmt;

use sailpoint_beta::models::{PasswordInfo, PasswordInfoAccount};

use super::error::PasswordError;

/// The user and source whose password is changed.
///
/// query-password-info, the only operation that hands out the encryption key,
/// looks users up by `userName` and `sourceName` and nothing else. A change
/// addressed by `identityId` and `sourceId` therefore cannot query ISC: the
/// caller brings the key material along in an [`IdentityTarget`] (for example
/// kept from an earlier query-password-info, see its `TryFrom<PasswordInfo>`),
/// and only set-password and the status polls are sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PasswordTarget {
    /// Looked up with query-password-info, which needs a token with API
    /// authority (client credentials grant).
    User {
        /// The user's login name (`userName`), e.g. `Abby.Smith`.
        user_name: String,
        /// The source's display name (`sourceName`), e.g. `Corp-AD`.
        source_name: String,
    },
    /// Already known: query-password-info is not called.
    Identity(IdentityTarget),
}

impl PasswordTarget {
    /// A user identified by login name on a source identified by display name.
    pub fn user(user_name: impl Into<String>, source_name: impl Into<String>) -> Self {
        Self::User {
            user_name: user_name.into(),
            source_name: source_name.into(),
        }
    }

    /// An identity and source identified by id, with the key supplied.
    pub fn identity(target: IdentityTarget) -> Self {
        Self::Identity(target)
    }
}

impl fmt::Display for PasswordTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User {
                user_name,
                source_name,
            } => write!(f, "user \"{user_name}\" on source \"{source_name}\""),
            Self::Identity(target) => write!(
                f,
                "identity {} on source {}",
                target.identity_id, target.source_id
            ),
        }
    }
}

/// Everything set-password needs besides the account and the password, for a
/// change addressed by ids.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityTarget {
    /// The identity's id.
    pub identity_id: String,
    /// The source's id.
    pub source_id: String,
    /// The id of the encryption key, sent back as `publicKeyId`.
    pub public_key_id: String,
    /// The encryption key, in any form [`PublicKey::parse`](super::PublicKey::parse) accepts.
    pub public_key: String,
    /// The identity's accounts on the source. Without them only
    /// [`AccountChoice::ById`](super::AccountChoice::ById) can be used, and the
    /// id is sent unchecked.
    pub accounts: Option<Vec<PasswordInfoAccount>>,
    /// The source's password policy strings, checked locally when present.
    pub policies: Vec<String>,
}

impl IdentityTarget {
    /// A target with its key; no account list and no policy.
    pub fn new(
        identity_id: impl Into<String>,
        source_id: impl Into<String>,
        public_key_id: impl Into<String>,
        public_key: impl Into<String>,
    ) -> Self {
        Self {
            identity_id: identity_id.into(),
            source_id: source_id.into(),
            public_key_id: public_key_id.into(),
            public_key: public_key.into(),
            accounts: None,
            policies: Vec::new(),
        }
    }

    /// Adds the identity's accounts, so accounts can be chosen by name or as the only one.
    pub fn with_accounts(mut self, accounts: Vec<PasswordInfoAccount>) -> Self {
        self.accounts = Some(accounts);
        self
    }

    /// Adds the source's password policy strings for the local check.
    pub fn with_policies(mut self, policies: Vec<String>) -> Self {
        self.policies = policies;
        self
    }
}

/// Takes what a query-password-info answer holds; fails when a field that
/// set-password needs is missing.
impl TryFrom<PasswordInfo> for IdentityTarget {
    type Error = PasswordError;

    fn try_from(info: PasswordInfo) -> Result<Self, PasswordError> {
        let require = |value: Option<String>, field: &'static str| {
            value
                .filter(|value| !value.trim().is_empty())
                .ok_or(PasswordError::IncompleteInfo { field })
        };
        Ok(Self {
            identity_id: require(info.identity_id, "identityId")?,
            source_id: require(info.source_id, "sourceId")?,
            public_key_id: require(info.public_key_id, "publicKeyId")?,
            public_key: require(info.public_key, "publicKey")?,
            accounts: Some(info.accounts.unwrap_or_default()),
            policies: info.policies.unwrap_or_default(),
        })
    }
}
