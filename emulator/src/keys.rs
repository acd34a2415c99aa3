//! RSA key pairs, one per source, generated once per process and shared by every emulator in it.
//!
//! Generating a 2048-bit key takes a noticeable fraction of a second even in an optimized build,
//! and much longer in a debug build, so a test binary that starts many emulators over the same
//! seed pays for each source's key once.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use rsa::pkcs8::EncodePublicKey;
use rsa::traits::PublicKeyParts as _;
use rsa::{BoxedUint, PrivateKey};
use zeroize::Zeroizing;

use crate::ids;
use crate::sync::lock;

/// Modulus size of the generated keys, the size ISC uses.
const KEY_BITS: usize = 2048;

/// A source's key pair and the ID ISC would publish with it.
pub(crate) struct SourceKey {
    id: String,
    private: PrivateKey,
    /// Base64 DER SubjectPublicKeyInfo, computed once.
    public_base64: String,
}

impl fmt::Debug for SourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Where one source's key is kept once generated.
type KeySlot = Mutex<Option<Arc<SourceKey>>>;

/// Key generation or encoding failed.
#[derive(Debug, thiserror::Error)]
#[error("could not create the RSA key pair for source {source_id}: {reason}")]
pub struct KeyError {
    source_id: String,
    reason: String,
}

impl SourceKey {
    /// The key of `source_id`, generated on first use in this process.
    ///
    /// Blocks while generating; call it from a blocking context.
    pub(crate) fn for_source(source_id: &str) -> Result<Arc<SourceKey>, KeyError> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<KeySlot>>>> = OnceLock::new();
        // The outer lock only finds the source's slot; the slot's own lock is held while the
        // key is generated, so two emulators starting at once wait for one generation instead
        // of doing it twice, and different sources still generate in parallel.
        let slot = {
            let mut cache = lock(CACHE.get_or_init(Default::default));
            Arc::clone(cache.entry(source_id.to_string()).or_default())
        };
        let mut slot = lock(&slot);
        if let Some(key) = slot.as_ref() {
            return Ok(Arc::clone(key));
        }
        let key = Arc::new(SourceKey::generate(source_id)?);
        *slot = Some(Arc::clone(&key));
        Ok(key)
    }

    /// A new key for `source_id`, not cached: a rotation.
    ///
    /// Blocks while generating; call it from a blocking context.
    pub(crate) fn rotated(source_id: &str) -> Result<Arc<SourceKey>, KeyError> {
        SourceKey::generate(source_id).map(Arc::new)
    }

    fn generate(source_id: &str) -> Result<SourceKey, KeyError> {
        let error = |reason: String| KeyError {
            source_id: source_id.to_string(),
            reason,
        };
        let private =
            PrivateKey::new(&mut getrandom::SysRng, KEY_BITS).map_err(|e| error(e.to_string()))?;
        let der = private
            .to_public_key()
            .to_public_key_der()
            .map_err(|e| error(e.to_string()))?;
        Ok(SourceKey {
            // ISC's key IDs are base64 text of a UUID-like string; any opaque string would do.
            id: BASE64.encode(ids::uuid_like()),
            private,
            public_base64: BASE64.encode(der.as_bytes()),
        })
    }

    /// The `publicKeyId` ISC returns with the key.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// The `publicKey` ISC returns: base64 DER SubjectPublicKeyInfo.
    pub(crate) fn public_base64(&self) -> &str {
        &self.public_base64
    }

    /// Decrypts an RSA PKCS#1 v1.5 ciphertext; `None` when it was not made with this key.
    ///
    /// ISC (Java's `RSA/ECB/PKCS1Padding`) refuses a block whose padding is wrong, and so does
    /// the emulator. `rsa`'s own decryption cannot say so: against Bleichenbacher-style
    /// oracles it answers a bad block with a pseudorandom message ("implicit rejection"). So
    /// the emulator takes the raw RSA result and checks the padding itself. An emulator on
    /// loopback is no oracle worth defending; the SDK never decrypts.
    pub(crate) fn decrypt(&self, ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let modulus_bytes = self.private.size();
        if ciphertext.len() != modulus_bytes {
            return None;
        }
        let c = BoxedUint::from_be_slice(ciphertext, self.private.n().bits_precision()).ok()?;
        let m = rsa::hazmat::rsa_decrypt_and_check(&self.private, Some(&mut getrandom::SysRng), &c)
            .ok()?;
        let block = Zeroizing::new(m.to_be_bytes());
        // EM = 00 || 02 || PS (at least 8 non-zero bytes) || 00 || M, as wide as the modulus.
        let block = block.get(block.len().checked_sub(modulus_bytes)?..)?;
        if block.first() != Some(&0) || block.get(1) != Some(&2) {
            return None;
        }
        let separator = block.iter().skip(2).position(|byte| *byte == 0)? + 2;
        if separator < 10 {
            return None;
        }
        Some(Zeroizing::new(block[separator + 1..].to_vec()))
    }
}
