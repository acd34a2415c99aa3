//! Choosing which of an identity's accounts on a source gets the new password.

use std::fmt;

use crate::models::PasswordInfoAccount;

/// Which account of the identity on the source to change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AccountChoice {
    /// The identity's only account on the source; an error lists the
    /// candidates when there are several.
    Only,
    /// The account with this `accountId` (for AD, usually the DN).
    ById(String),
    /// The account with this `accountName` (its display name on the source).
    ByName(String),
}

impl fmt::Display for AccountChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Only => f.write_str("the only account"),
            Self::ById(id) => write!(f, "the account with accountId \"{id}\""),
            Self::ByName(name) => write!(f, "the account with accountName \"{name}\""),
        }
    }
}

/// One account as query-password-info describes it, for error messages and
/// results.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountCandidate {
    /// The `accountId`, which set-password needs; `None` when ISC sent none.
    pub account_id: Option<String>,
    /// The `accountName`, if ISC sent one.
    pub account_name: Option<String>,
}

impl From<&PasswordInfoAccount> for AccountCandidate {
    fn from(account: &PasswordInfoAccount) -> Self {
        Self {
            account_id: account.account_id.clone(),
            account_name: account.account_name.clone(),
        }
    }
}

impl fmt::Display for AccountCandidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.account_name.as_deref().unwrap_or("(no accountName)");
        let id = self.account_id.as_deref().unwrap_or("no accountId");
        write!(f, "{name} [{id}]")
    }
}

/// Why no single account could be chosen. Every variant lists the candidates
/// so the caller can pick one by id or name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// ISC lists no usable account (with an `accountId`) for the identity on the source.
    #[error(
        "the identity has no account with an accountId on this source{}; check the user and \
         source names, and that the source has the PASSWORD feature enabled",
        list(candidates)
    )]
    NoAccounts { candidates: Vec<AccountCandidate> },
    /// Several accounts match the choice.
    #[error("{choice} is ambiguous: {} accounts match{}; choose one by accountId", candidates.len(), list(candidates))]
    Ambiguous {
        choice: AccountChoice,
        candidates: Vec<AccountCandidate>,
    },
    /// No account matches the choice.
    #[error("{choice} does not exist{}", list(candidates))]
    NotFound {
        choice: AccountChoice,
        candidates: Vec<AccountCandidate>,
    },
    /// The choice needs the account list, which the caller did not supply.
    #[error(
        "{choice} can only be resolved from the account list of query-password-info; pass an \
         accountId, or supply the accounts along with the key"
    )]
    NoAccountList { choice: AccountChoice },
}

fn list(candidates: &[AccountCandidate]) -> String {
    if candidates.is_empty() {
        return String::new();
    }
    let names: Vec<String> = candidates.iter().map(ToString::to_string).collect();
    format!("; accounts on the source: {}", names.join(", "))
}

/// Picks the account to change and returns its `accountId`.
///
/// Entries with the same `accountId` are one account (query-password-info may
/// list an account twice); entries without an `accountId` cannot be changed
/// through set-password and are never chosen. Matching is exact and
/// case-sensitive, as ISC's identifiers are.
pub fn choose_account(
    accounts: &[PasswordInfoAccount],
    choice: &AccountChoice,
) -> Result<String, AccountError> {
    let candidates: Vec<AccountCandidate> = accounts.iter().map(AccountCandidate::from).collect();
    let mut usable: Vec<&AccountCandidate> = Vec::new();
    for candidate in candidates.iter().filter(|c| c.account_id.is_some()) {
        if !usable.iter().any(|seen| seen.account_id == candidate.account_id) {
            usable.push(candidate);
        }
    }
    let matching: Vec<&AccountCandidate> = match choice {
        AccountChoice::Only => usable.clone(),
        AccountChoice::ById(id) => usable
            .iter()
            .copied()
            .filter(|c| c.account_id.as_deref() == Some(id.as_str()))
            .collect(),
        AccountChoice::ByName(name) => usable
            .iter()
            .copied()
            .filter(|c| c.account_name.as_deref() == Some(name.as_str()))
            .collect(),
    };
    match matching.as_slice() {
        [only] => Ok(only.account_id.clone().unwrap_or_default()),
        [] if usable.is_empty() => Err(AccountError::NoAccounts { candidates }),
        [] => Err(AccountError::NotFound {
            choice: choice.clone(),
            candidates,
        }),
        several => Err(AccountError::Ambiguous {
            choice: choice.clone(),
            candidates: several.iter().map(|c| (*c).clone()).collect(),
        }),
    }
}
