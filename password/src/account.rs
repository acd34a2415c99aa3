//! Choosing which of an identity's accounts on a source gets the new password.

use std::fmt;

use sailpoint_beta::models::PasswordInfoAccount;

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
    /// The account whose `accountId` or `accountName` is this value; an error
    /// lists the candidates when it matches several accounts.
    ByIdOrName(String),
}

impl fmt::Display for AccountChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Only => f.write_str("the only account"),
            Self::ById(id) => write!(f, "the account with accountId \"{id}\""),
            Self::ByName(name) => write!(f, "the account with accountName \"{name}\""),
            Self::ByIdOrName(value) => {
                write!(f, "the account with accountId or accountName \"{value}\"")
            }
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
    NoAccounts {
        /// Every account listed, usable or not.
        candidates: Vec<AccountCandidate>,
    },
    /// Several accounts match the choice.
    #[error("{choice} is ambiguous: {} accounts match{}; choose one by accountId", candidates.len(), list(candidates))]
    Ambiguous {
        /// The choice that matched more than one account.
        choice: AccountChoice,
        /// The accounts on the source.
        candidates: Vec<AccountCandidate>,
    },
    /// No account matches the choice.
    #[error("{choice} does not exist{}", list(candidates))]
    NotFound {
        /// The choice that matched nothing.
        choice: AccountChoice,
        /// The accounts on the source.
        candidates: Vec<AccountCandidate>,
    },
    /// The choice needs the account list, which the caller did not supply.
    #[error(
        "{choice} can only be resolved from the account list of query-password-info; pass an \
         accountId, or supply the accounts along with the key"
    )]
    NoAccountList {
        /// The choice that needs the list.
        choice: AccountChoice,
    },
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
    // Usable accounts, keyed by their id, each id once.
    let mut usable: Vec<(&str, &AccountCandidate)> = Vec::new();
    for candidate in &candidates {
        if let Some(id) = candidate.account_id.as_deref() {
            if !usable.iter().any(|(seen, _)| *seen == id) {
                usable.push((id, candidate));
            }
        }
    }
    let name_is =
        |candidate: &AccountCandidate, name: &str| candidate.account_name.as_deref() == Some(name);
    let matching: Vec<(&str, &AccountCandidate)> = usable
        .iter()
        .copied()
        .filter(|&(id, candidate)| match choice {
            AccountChoice::Only => true,
            AccountChoice::ById(wanted) => id == wanted,
            AccountChoice::ByName(wanted) => name_is(candidate, wanted),
            AccountChoice::ByIdOrName(wanted) => id == wanted || name_is(candidate, wanted),
        })
        .collect();
    match matching.as_slice() {
        [(id, _)] => Ok((*id).to_owned()),
        [] if usable.is_empty() => Err(AccountError::NoAccounts { candidates }),
        [] => Err(AccountError::NotFound {
            choice: choice.clone(),
            candidates,
        }),
        several => Err(AccountError::Ambiguous {
            choice: choice.clone(),
            candidates: several.iter().map(|(_, c)| (*c).clone()).collect(),
        }),
    }
}
