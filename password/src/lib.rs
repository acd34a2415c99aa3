//! Password helpers for SailPoint Identity Security Cloud (ISC): encryption, local policy
//! checks, the whole set-password workflow, and digit tokens, over the generated
//! `sailpoint-beta` client and either Password Management API (beta or v1, see
//! [`PasswordApi`]).
//!
//! These helpers lived in `sailpoint-beta` as `sailpoint_beta::password` before; that crate is
//! now purely generated. To migrate, depend on `sailpoint-password`, replace
//! `sailpoint_beta::password::` by `sailpoint_password::`, and import [`PasswordsExt`] where
//! `client.passwords()` is called.
//!
//! * [`Passwords::change`] (via [`PasswordsExt::passwords`])
//!   changes a password in one call: query-password-info, account choice, local
//!   policy check, encryption, set-password (sent at most once), and polling
//!   until `FINISHED` or `FAILED`. Each step is also public on its own.
//! * [`encrypt_password`] / [`PublicKey`]: RSA PKCS#1 v1.5 encryption of a
//!   password with the `publicKey` of query-password-info, exactly as Java's
//!   `RSA/ECB/PKCS1Padding` does it.
//! * [`PasswordPolicy`]: the `policies` strings of query-password-info as typed
//!   rules, checked locally before anything is sent.
//! * [`Passwords::create_digit_token`]: numeric one-time codes for help-desk resets.
//!
//! ```no_run
//! use sailpoint_beta::{Client, ClientBuilder, SecretString};
//! use sailpoint_password::{AccountChoice, PasswordTarget, PasswordsExt};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(&ClientBuilder::from_env().build()?); // SAIL_BASE_URL, ...
//! let password = SecretString::from(std::env::var("NEW_PASSWORD")?);
//! let outcome = client
//!     .passwords()
//!     .change(&PasswordTarget::user("Abby.Smith", "Corp-AD"), &AccountChoice::Only, password)
//!     .await?
//!     .into_result()?; // FAILED becomes an error too
//! println!("{outcome}");
//! # Ok(())
//! # }
//! ```
//!
//! Passwords are taken as [`secrecy::SecretString`]: they never appear in
//! `Debug`, `Display`, logs or errors, and are zeroized when dropped.
//!
//! # The steps by hand
//!
//! Changing a password takes four calls to the beta crate's `PasswordManagementApi`:
//!
//! 1. **Query**: `query_password_info`
//!    names the identity and source and returns the source's RSA public key (with its id),
//!    the user's accounts there and the password policy.
//! 2. **Encrypt** the new password under that key:
//!    [`encrypt_password`] does RSA PKCS#1 v1.5 and base64, as ISC expects.
//! 3. **Set**: `set_identity_password`
//!    submits it for one account and answers with a request id; the change runs
//!    asynchronously.
//! 4. **Poll**: `get_identity_password_change_status`
//!    until the state is `Finished` or
//!    `Failed`.
//!
//! [`Passwords::change`] (from `client.passwords()`) does all
//! four in one call: it also picks the account, checks the policy locally before anything is
//! sent, never sends set-password twice, and polls with backoff ([`PollConfig`]).
//! The same steps by hand:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use sailpoint_beta::models::{PasswordChangeRequest, PasswordChangeState, PasswordInfoQueryDto};
//! use sailpoint_beta::{Client, ClientBuilder, SecretString};
//! use sailpoint_password::encrypt_password;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(&ClientBuilder::from_env().build()?);
//! let api = client.password_management();
//!
//! // 1. Query: the source's key and the user's accounts on it.
//! let query = PasswordInfoQueryDto::new()
//!     .with_user_name("Jordan.Lee")
//!     .with_source_name("Corp-AD");
//! let info = api.query_password_info(&query).send().await?.into_inner();
//! let public_key = info.public_key.as_deref().ok_or("the source has no public key")?;
//! let account = info.accounts.as_deref().and_then(<[_]>::first).ok_or("no account")?;
//!
//! // 2. Encrypt: the plaintext stays in a SecretString, zeroized when dropped.
//! let password = SecretString::from(std::env::var("NEW_PASSWORD")?);
//! let encrypted = encrypt_password(public_key, &password)?;
//! drop(password);
//!
//! // 3. Set: one account, with the key id from step 1.
//! // Models are `#[non_exhaustive]`: `new` and `with_*` setters, or assign the public fields.
//! let mut request = PasswordChangeRequest::new().with_encrypted_password(encrypted.into_string());
//! request.identity_id = info.identity_id.clone();
//! request.public_key_id = info.public_key_id.clone();
//! request.account_id = account.account_id.clone();
//! request.source_id = info.source_id.clone();
//! let accepted = api.set_identity_password(&request).send().await?.into_inner();
//! // `requestId` is nullable: `Some(None)` is an explicit `null`, `None` an absent member.
//! let request_id = accepted.request_id.flatten().ok_or("no request id")?;
//!
//! // 4. Poll until the change is final.
//! loop {
//!     let status = api.get_identity_password_change_status(&request_id).send().await?;
//!     match &status.state {
//!         Some(PasswordChangeState::Finished) => break,
//!         Some(PasswordChangeState::Failed) => {
//!             return Err(format!("the change failed: {:?}", status.errors).into());
//!         }
//!         _ => tokio::time::sleep(Duration::from_secs(2)).await,
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!

mod account;
mod crypto;
mod digit_token;
mod domain;
mod error;
mod outcome;
mod policy;
mod poll;
mod public_key;
mod target;
mod versions;
mod workflow;

pub use account::{choose_account, AccountCandidate, AccountChoice, AccountError};
pub use crypto::{encrypt_password, CryptoError, EncryptedPassword};
pub use digit_token::{DigitToken, DigitTokenError, DigitTokenOptions, DIGIT_TOKEN_LENGTHS};
pub use domain::{
    DictionaryUse, LookupFailure, PasswordSharing, PolicyBasis, PolicyFallback, SourcePolicy,
};
pub use error::{PasswordError, PendingChange};
pub use outcome::{ChangeIds, ChangeOutcome};
pub use policy::{
    Constraint, PasswordDictionary, PasswordPolicy, PolicyReport, UncheckedReason, UncheckedRule,
    Violation,
};
pub use poll::PollConfig;
pub use public_key::{PublicKey, MIN_KEY_BITS};
pub use target::{IdentityTarget, PasswordTarget};
pub use versions::PasswordApi;
pub use workflow::{Passwords, PasswordsExt, Progress};

// The workspace README's Rust examples, compiled as doctests so they cannot rot. They live
// here, in the crate that depends on both the generated crate and the helpers.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
