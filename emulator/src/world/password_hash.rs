//! Salted password digests, so the emulator never keeps a password it was sent.
//!
//! SHA-256 over a random salt and the password: enough to keep plaintext out of memory dumps
//! and test output. It is not a password-hashing function (a real system would use a slow KDF).

use rand::Rng;
use sha2::{Digest, Sha256};

/// A salted digest of one password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl PasswordHash {
    pub(crate) fn new(password: &str) -> Self {
        let mut salt = [0u8; 16];
        rand::thread_rng().fill(&mut salt);
        PasswordHash {
            salt,
            digest: digest(&salt, password),
        }
    }

    pub(crate) fn matches(&self, candidate: &str) -> bool {
        digest(&self.salt, candidate) == self.digest
    }
}

fn digest(salt: &[u8], password: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_same_password_and_salts_differ() {
        let first = PasswordHash::new("Secret-123");
        let second = PasswordHash::new("Secret-123");
        assert!(first.matches("Secret-123"));
        assert!(!first.matches("Secret-124"));
        assert_ne!(first, second, "each digest has its own salt");
    }
}
