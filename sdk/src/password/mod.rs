//! Hand-written password helpers for ISC: encryption, local policy checks, the
//! whole set-password workflow, and digit tokens.
//!
//! * [`Passwords::change`] (via [`Client::passwords`](crate::Client::passwords))
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
//! use sailpoint_beta::password::{AccountChoice, PasswordTarget};
//! use sailpoint_beta::{Client, ClientBuilder, SecretString};
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

mod account;
mod crypto;
mod digit_token;
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
pub use error::{PasswordError, PendingChange};
pub use outcome::{ChangeIds, ChangeOutcome};
pub use policy::{
    Constraint, PasswordPolicy, PolicyReport, UncheckedReason, UncheckedRule, Violation,
};
pub use poll::PollConfig;
pub use public_key::{PublicKey, MIN_KEY_BITS};
pub use target::{IdentityTarget, PasswordTarget};
pub use versions::PasswordApi;
pub use workflow::{Passwords, Progress};
