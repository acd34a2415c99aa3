//! Parsing the RSA public key that ISC hands out for password encryption.
//!
//! `query-password-info` returns `publicKey` as standard base64 of a DER
//! `SubjectPublicKeyInfo` (what Java's `X509EncodedKeySpec` reads). People also
//! paste the same key as a PEM block, with CRLF line breaks, stray spaces, the
//! JSON quotes still around it, or literal `\n` escapes copied out of a JSON
//! document. [`PublicKey::parse`] accepts all of these, and says precisely what
//! is wrong when it cannot.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use rsa::pkcs8::der::Decode as _;
use rsa::pkcs8::SubjectPublicKeyInfoRef;
use rsa::traits::PublicKeyParts as _;
use rsa::BoxedUint;

use super::crypto::CryptoError;

/// The smallest modulus we agree to encrypt for. Anything shorter is
/// breakable today and a sign that the key did not come from ISC.
pub const MIN_KEY_BITS: usize = 2048;

/// The largest modulus we parse. The `rsa` crate caps keys at 4096 bits by
/// default to bound the cost of hostile input; 16384 still leaves that cost
/// small for a single public-key operation while accepting every real key.
const MAX_KEY_BITS: usize = 16384;

/// Bytes of PKCS#1 v1.5 encryption padding: `00 02 <at least 8 random> 00`.
const PKCS1_V15_OVERHEAD: usize = 11;

/// Like `STANDARD`, but padding is optional when decoding, as with Java's
/// `Base64.getDecoder()`, which the ISC documentation's snippet uses.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A validated RSA public key (at least [`MIN_KEY_BITS`] bits) ready to
/// encrypt passwords.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    key: rsa::PublicKey,
}

impl PublicKey {
    /// Parses the `publicKey` string of a query-password-info response, or the
    /// same key as PEM (`-----BEGIN PUBLIC KEY-----`, or the PKCS#1
    /// `-----BEGIN RSA PUBLIC KEY-----`).
    ///
    /// Whitespace of any kind anywhere in the key, surrounding double quotes,
    /// literal `\n`/`\r` escapes and missing `=` padding are tolerated.
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let text = unquote(text.trim());
        match pem_block(text)? {
            Some(PemBlock {
                label: "PUBLIC KEY",
                body,
            }) => Self::from_spki_der(&decode_base64(body)?),
            Some(PemBlock {
                label: "RSA PUBLIC KEY",
                body,
            }) => Self::from_pkcs1_der(&decode_base64(body)?),
            Some(PemBlock { label, .. }) => Err(CryptoError::UnsupportedPem {
                label: label.to_owned(),
                hint: pem_label_hint(label),
            }),
            None => Self::from_spki_der(&decode_base64(text)?),
        }
    }

    /// Reads a DER `SubjectPublicKeyInfo` (the bytes behind ISC's base64 string).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        let spki =
            SubjectPublicKeyInfoRef::from_der(der).map_err(|error| CryptoError::NotSpki {
                reason: error.to_string(),
            })?;
        if spki.algorithm.oid != rsa::pkcs1::ALGORITHM_OID {
            let oid = spki.algorithm.oid.to_string();
            return Err(CryptoError::NotRsa {
                algorithm: match algorithm_name(&oid) {
                    Some(name) => format!("{name} ({oid})"),
                    None => format!("OID {oid}"),
                },
            });
        }
        let key_bytes = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| CryptoError::NotSpki {
                reason: "the subjectPublicKey bit string does not hold whole bytes".to_owned(),
            })?;
        Self::from_pkcs1_der(key_bytes)
    }

    /// Reads a DER PKCS#1 `RSAPublicKey` (modulus and public exponent).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, CryptoError> {
        let invalid = |reason: String| CryptoError::InvalidRsaKey { reason };
        let parts = rsa::pkcs1::RsaPublicKeyRef::from_der(der)
            .map_err(|error| invalid(error.to_string()))?;
        let modulus = uint_from_be_bytes(parts.modulus.as_bytes()).map_err(invalid)?;
        let exponent = uint_from_be_bytes(parts.public_exponent.as_bytes()).map_err(invalid)?;
        let bits = modulus.bit_width_vartime() as usize;
        if bits > MAX_KEY_BITS {
            return Err(invalid(format!(
                "the modulus has {bits} bits, more than the {MAX_KEY_BITS} accepted"
            )));
        }
        // Any size here: a short key gets our own, clearer error below.
        let key = rsa::PublicKey::new_with_size_limits(modulus, exponent, 1..=MAX_KEY_BITS)
            .map_err(|error| invalid(error.to_string()))?;
        if bits < MIN_KEY_BITS {
            return Err(CryptoError::KeyTooSmall { bits });
        }
        Ok(Self { key })
    }

    /// Size of the modulus in bits (2048 for the keys ISC issues today).
    pub fn bits(&self) -> usize {
        self.key.n().bit_width_vartime() as usize
    }

    /// The longest password, in UTF-8 bytes, that one PKCS#1 v1.5 block of this
    /// key can carry: the modulus size in bytes minus 11 (245 for 2048 bits).
    pub fn max_password_bytes(&self) -> usize {
        self.key.size() - PKCS1_V15_OVERHEAD
    }

    pub(crate) fn rsa_key(&self) -> &rsa::PublicKey {
        &self.key
    }
}

/// A big-endian DER integer (without its sign byte) as a `BoxedUint` of its own width.
fn uint_from_be_bytes(bytes: &[u8]) -> Result<BoxedUint, String> {
    let bits = u32::try_from(bytes.len())
        .ok()
        .and_then(|len| len.checked_mul(8))
        .ok_or_else(|| "an integer of the key is too long".to_owned())?;
    BoxedUint::from_be_slice(bytes, bits.max(64))
        .map_err(|error| format!("an integer of the key cannot be read: {error:?}"))
}

impl std::str::FromStr for PublicKey {
    type Err = CryptoError;

    fn from_str(text: &str) -> Result<Self, CryptoError> {
        Self::parse(text)
    }
}

/// The label and base64 body of the first PEM block in a text.
struct PemBlock<'a> {
    label: &'a str,
    body: &'a str,
}

const PEM_BEGIN: &str = "-----BEGIN ";
const PEM_DASHES: &str = "-----";

/// Finds a PEM block. `Ok(None)` means the text is not PEM at all; text before
/// the BEGIN line or after the END line is ignored, as OpenSSL does.
fn pem_block(text: &str) -> Result<Option<PemBlock<'_>>, CryptoError> {
    let Some(start) = text.find(PEM_BEGIN) else {
        return Ok(None);
    };
    let after_begin = &text[start + PEM_BEGIN.len()..];
    let label_end = after_begin
        .find(PEM_DASHES)
        .ok_or_else(|| CryptoError::MalformedPem {
            reason: "the BEGIN line does not end with \"-----\"".to_owned(),
        })?;
    let label = after_begin[..label_end].trim();
    let rest = &after_begin[label_end + PEM_DASHES.len()..];
    let end_marker = format!("-----END {label}-----");
    let body_end = rest
        .find(&end_marker)
        .ok_or_else(|| CryptoError::MalformedPem {
            reason: format!("no \"{end_marker}\" line follows the BEGIN line"),
        })?;
    Ok(Some(PemBlock {
        label,
        body: &rest[..body_end],
    }))
}

/// Decodes standard base64 after dropping every kind of whitespace and the
/// literal `\n`, `\r` and `\t` escapes that survive a copy out of JSON.
/// None of these characters is in the base64 alphabet, so dropping them can
/// never change a valid key.
fn decode_base64(text: &str) -> Result<Vec<u8>, CryptoError> {
    let cleaned: String = text
        .replace("\\n", "")
        .replace("\\r", "")
        .replace("\\t", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(CryptoError::NotBase64 {
            reason: "the key text is empty".to_owned(),
        });
    }
    LENIENT_STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|error| CryptoError::NotBase64 {
            reason: describe_base64_error(&cleaned, &error),
        })
}

fn describe_base64_error(cleaned: &str, error: &base64::DecodeError) -> String {
    // The key is public, so quoting the offending character is safe and helps.
    let char_at = |offset: usize| {
        cleaned.as_bytes().get(offset).map_or_else(
            || "?".to_owned(),
            |&byte| (byte as char).escape_default().to_string(),
        )
    };
    match error {
        base64::DecodeError::InvalidByte(offset, _) => format!(
            "character '{}' at position {offset} (whitespace removed) is not in the standard \
             base64 alphabet",
            char_at(*offset)
        ),
        base64::DecodeError::InvalidLastSymbol(offset, _) => format!(
            "the last character '{}' at position {offset} leaves stray bits; the text looks truncated",
            char_at(*offset)
        ),
        base64::DecodeError::InvalidLength(length) => {
            format!("{length} base64 characters cannot encode whole bytes; the text looks truncated")
        }
        base64::DecodeError::InvalidPadding => "the '=' padding is malformed".to_owned(),
    }
}

/// Strips one pair of surrounding double quotes (a value copied out of JSON).
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .map_or(text, str::trim)
}

fn pem_label_hint(label: &str) -> &'static str {
    if label.contains("PRIVATE KEY") {
        "this is a private key: pass the public key only (never share the private key)"
    } else if label == "CERTIFICATE" {
        "extract the public key first, e.g. `openssl x509 -pubkey -noout -in cert.pem`"
    } else {
        "pass a \"PUBLIC KEY\" block or the bare base64 `publicKey` from query-password-info"
    }
}

/// Human names for the key algorithms people most often paste by mistake.
fn algorithm_name(oid: &str) -> Option<&'static str> {
    match oid {
        "1.2.840.10045.2.1" => Some("elliptic-curve"),
        "1.3.101.112" => Some("Ed25519"),
        "1.3.101.113" => Some("Ed448"),
        "1.3.101.110" => Some("X25519"),
        "1.2.840.10040.4.1" => Some("DSA"),
        "1.2.840.113549.1.1.10" => Some("RSASSA-PSS (signature-only)"),
        _ => None,
    }
}
