//! Encrypting a password the way ISC's set-password expects it.
//!
//! ISC documents a Java snippet using `Cipher.getInstance("RSA/ECB/PKCS1Padding")`
//! on the UTF-8 bytes of the password, then `Base64.getEncoder()`. That is RSA
//! encryption with PKCS#1 v1.5 padding (RFC 8017, section 7.2) of a single
//! block ("ECB" is a misnomer in Java: exactly one block is encrypted), output
//! as standard padded base64. [`encrypt_password`] does exactly that.
//!
//! # Why RUSTSEC-2023-0071 does not apply
//!
//! RUSTSEC-2023-0071 ("Marvin attack") is a timing side channel in the `rsa`
//! crate's *private-key* operations (decryption and signing): their running
//! time leaks information about the secret exponent. This module only ever
//! performs the *public-key* operation (`m^e mod n` on a freshly padded
//! message) with a key that is public by definition; there is no secret
//! exponent to leak and no decryption oracle. We also use `rsa` 0.10, whose
//! arithmetic (crypto-bigint) is constant-time, so the only private-key code in
//! the workspace (the emulator and the tests, decrypting with throwaway keys)
//! is not affected either. `.cargo/audit.toml` records the exception should an
//! advisory database still list the crate.

use base64::Engine as _;
use secrecy::{ExposeSecret as _, SecretString};

use super::public_key::PublicKey;

/// Why a password could not be encrypted. No variant ever holds the password
/// or any part of it; the public key is not secret and may be quoted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The key text (after removing whitespace) is not standard base64.
    #[error(
        "the public key is not valid base64: {reason}; pass the `publicKey` string from \
         query-password-info unchanged, or a PEM \"PUBLIC KEY\" block"
    )]
    NotBase64 {
        /// What the base64 decoder objected to.
        reason: String,
    },
    /// A PEM block is present but incomplete.
    #[error("the public key PEM block is malformed: {reason}")]
    MalformedPem {
        /// What is wrong with the block.
        reason: String,
    },
    /// A well-formed PEM block that holds something other than a public key.
    #[error("a PEM \"{label}\" block is not a public key: {hint}")]
    UnsupportedPem {
        /// The block's label, such as `RSA PRIVATE KEY`.
        label: String,
        /// What to pass instead.
        hint: &'static str,
    },
    /// Valid base64, but the bytes are not a DER SubjectPublicKeyInfo.
    #[error(
        "the public key decodes from base64 but is not a DER SubjectPublicKeyInfo (X.509 \
         \"PUBLIC KEY\") structure: {reason}; check that the whole key was copied"
    )]
    NotSpki {
        /// What the DER decoder objected to.
        reason: String,
    },
    /// A SubjectPublicKeyInfo for another algorithm.
    #[error("the public key is a {algorithm} key, not an RSA key; ISC password encryption needs the RSA key from query-password-info")]
    NotRsa {
        /// The key's algorithm, as an OID or a name.
        algorithm: String,
    },
    /// The RSA parameters are unusable (malformed modulus or exponent).
    #[error("the RSA public key is invalid: {reason}")]
    InvalidRsaKey {
        /// What is wrong with the parameters.
        reason: String,
    },
    /// The modulus is shorter than 2048 bits.
    #[error("the RSA key has {bits} bits; at least 2048 are required, so this key cannot have come from ISC")]
    KeyTooSmall {
        /// The modulus size.
        bits: usize,
    },
    /// Nothing to encrypt.
    #[error("the password is empty; ISC does not accept an empty password")]
    EmptyPassword,
    /// The password does not fit in one RSA block.
    #[error(
        "the password is {length} bytes long in UTF-8, but a {key_bits}-bit RSA key with PKCS#1 \
         v1.5 padding can carry at most {max} bytes; choose a shorter password"
    )]
    PasswordTooLong {
        /// The password's length in UTF-8 bytes (never its content).
        length: usize,
        /// The most bytes the key can carry (245 for a 2048-bit key).
        max: usize,
        /// The modulus size.
        key_bits: usize,
    },
    /// The RSA operation itself failed (not expected with a validated key).
    #[error("RSA encryption failed: {reason}")]
    Encryption {
        /// The `rsa` crate's error.
        reason: String,
    },
}

/// A password encrypted for ISC: standard, padded base64 of one RSA block, to
/// send as `encryptedPassword` in set-password.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptedPassword(String);

impl EncryptedPassword {
    /// The base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base64 text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for EncryptedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Ciphertext is not a secret, but it is also of no use in a log line, so
/// `Debug` shows only its size.
impl std::fmt::Debug for EncryptedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EncryptedPassword({} base64 chars)", self.0.len())
    }
}

impl From<EncryptedPassword> for String {
    fn from(value: EncryptedPassword) -> Self {
        value.0
    }
}

/// Encrypts `password` for ISC with a key in any form [`PublicKey::parse`] accepts.
///
/// The result is what ISC's documented Java snippet produces: RSA with PKCS#1
/// v1.5 padding (`Cipher.getInstance("RSA/ECB/PKCS1Padding")`) over the UTF-8
/// bytes of the password, as standard padded base64. Send it as
/// `encryptedPassword` to set-password, with the key's `publicKeyId`.
///
/// ```
/// # use sailpoint_password::{encrypt_password, CryptoError};
/// # use secrecy::SecretString;
/// let error = encrypt_password("not a key", &SecretString::from("pw")).unwrap_err();
/// assert!(matches!(error, CryptoError::NotBase64 { .. }));
/// ```
pub fn encrypt_password(
    public_key: &str,
    password: &SecretString,
) -> Result<EncryptedPassword, CryptoError> {
    PublicKey::parse(public_key)?.encrypt(password)
}

impl PublicKey {
    /// Encrypts the UTF-8 bytes of `password` with RSA PKCS#1 v1.5 and returns
    /// standard padded base64, as Java's `RSA/ECB/PKCS1Padding` expects.
    ///
    /// The plaintext is never copied outside of `secrecy`/`zeroize` control: the
    /// bytes are read straight from the [`SecretString`], and the padded block
    /// the `rsa` crate builds from them is a `Zeroizing` buffer. Each call uses
    /// fresh random padding, so the same password never encrypts to the same text.
    pub fn encrypt(&self, password: &SecretString) -> Result<EncryptedPassword, CryptoError> {
        let plaintext = password.expose_secret().as_bytes();
        if plaintext.is_empty() {
            return Err(CryptoError::EmptyPassword);
        }
        let max = self.max_password_bytes();
        if plaintext.len() > max {
            return Err(CryptoError::PasswordTooLong {
                length: plaintext.len(),
                max,
                key_bits: self.bits(),
            });
        }
        let ciphertext = self
            .rsa_key()
            .pkcs1v15_encrypt(plaintext)
            // The `rsa` error names the failing step only, never the message.
            .map_err(|error| CryptoError::Encryption {
                reason: error.to_string(),
            })?;
        Ok(EncryptedPassword(
            base64::engine::general_purpose::STANDARD.encode(ciphertext),
        ))
    }
}
