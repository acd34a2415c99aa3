//! Hand-written password helpers for ISC: encryption and local policy checks.
//! (The set-password workflow and digit tokens are declared once the generated
//! API is part of the crate.)
//!
//! * [`encrypt_password`] / [`PublicKey`]: RSA PKCS#1 v1.5 encryption of a
//!   password with the `publicKey` of query-password-info, exactly as Java's
//!   `RSA/ECB/PKCS1Padding` does it.
//! * [`PasswordPolicy`]: the `policies` strings of query-password-info as typed
//!   rules, checked locally before anything is sent.

mod crypto;
mod policy;
mod public_key;

pub use crypto::{encrypt_password, CryptoError, EncryptedPassword};
pub use policy::{
    Constraint, PasswordPolicy, PolicyReport, UncheckedReason, UncheckedRule, Violation,
};
pub use public_key::{PublicKey, MIN_KEY_BITS};
