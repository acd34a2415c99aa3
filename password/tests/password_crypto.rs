//! Password encryption: interoperability with the `rsa` crate and OpenSSL, key
//! formats, and every error case.

mod password_support;

use std::sync::OnceLock;

use base64::Engine as _;
use password_support::{run_openssl_with_input, spec_example_public_key, TestKey};
use rsa::pkcs1::EncodeRsaPublicKey as _;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::BoxedUint;
use sailpoint_password::{encrypt_password, CryptoError, PublicKey};
use secrecy::SecretString;

/// One 2048-bit key for the whole file: generating keys is the slow part.
fn key_2048() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| TestKey::generate(2048))
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

#[test]
fn rsa_crate_decrypts_what_we_encrypt() {
    let key = key_2048();
    let encrypted = encrypt_password(&key.spki_base64, &secret("Correct-Horse-9")).unwrap();
    assert_eq!(
        key.decrypt_with_rsa_crate(encrypted.as_str()),
        b"Correct-Horse-9"
    );
}

#[test]
fn openssl_pkeyutl_pkcs1_decrypts_what_we_encrypt() {
    let key = key_2048();
    let encrypted = encrypt_password(&key.spki_base64, &secret("Correct-Horse-9")).unwrap();
    assert_eq!(
        key.decrypt_with_openssl(encrypted.as_str()),
        b"Correct-Horse-9"
    );
}

#[test]
fn output_is_standard_padded_base64_of_one_rsa_block() {
    let key = key_2048();
    let encrypted = encrypt_password(&key.spki_base64, &secret("x")).unwrap();
    // 256 bytes encode to 344 characters, the last one padding.
    assert_eq!(encrypted.as_str().len(), 344);
    assert!(encrypted.as_str().ends_with('='));
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encrypted.as_str())
        .unwrap();
    assert_eq!(raw.len(), 256);
}

#[test]
fn each_encryption_uses_fresh_random_padding() {
    let key = key_2048();
    let first = encrypt_password(&key.spki_base64, &secret("same")).unwrap();
    let second = encrypt_password(&key.spki_base64, &secret("same")).unwrap();
    assert_ne!(first, second);
    assert_eq!(key.decrypt_with_rsa_crate(second.as_str()), b"same");
}

#[test]
fn multi_byte_utf8_password_round_trips_through_openssl() {
    let key = key_2048();
    let password = "pässwörd-密码-🔐";
    let encrypted = encrypt_password(&key.spki_base64, &secret(password)).unwrap();
    assert_eq!(
        key.decrypt_with_openssl(encrypted.as_str()),
        password.as_bytes()
    );
    assert_eq!(
        key.decrypt_with_rsa_crate(encrypted.as_str()),
        password.as_bytes()
    );
}

#[test]
fn exactly_245_bytes_fit_a_2048_bit_key() {
    let key = key_2048();
    let parsed = PublicKey::parse(&key.spki_base64).unwrap();
    assert_eq!(parsed.bits(), 2048);
    assert_eq!(parsed.max_password_bytes(), 245);
    let password = "a".repeat(245);
    let encrypted = parsed.encrypt(&secret(&password)).unwrap();
    assert_eq!(
        key.decrypt_with_openssl(encrypted.as_str()),
        password.as_bytes()
    );
}

#[test]
fn a_246_byte_password_is_rejected_with_sizes_but_not_content() {
    let key = key_2048();
    let password = "Q".repeat(246);
    let error = encrypt_password(&key.spki_base64, &secret(&password)).unwrap_err();
    assert_eq!(
        error,
        CryptoError::PasswordTooLong {
            length: 246,
            max: 245,
            key_bits: 2048
        }
    );
    let message = error.to_string();
    assert!(
        message.contains("246 bytes") && message.contains("at most 245 bytes"),
        "{message}"
    );
    assert!(
        !message.contains("QQ"),
        "the message leaks the password: {message}"
    );
}

#[test]
fn the_limit_counts_utf8_bytes_not_characters() {
    let key = key_2048();
    // 82 euro signs are 82 characters but 246 bytes.
    let too_long = "€".repeat(82);
    assert_eq!(
        encrypt_password(&key.spki_base64, &secret(&too_long)).unwrap_err(),
        CryptoError::PasswordTooLong {
            length: 246,
            max: 245,
            key_bits: 2048
        }
    );
    let just_fits = format!("{}ab", "€".repeat(81));
    let encrypted = encrypt_password(&key.spki_base64, &secret(&just_fits)).unwrap();
    assert_eq!(
        key.decrypt_with_rsa_crate(encrypted.as_str()),
        just_fits.as_bytes()
    );
}

#[test]
fn empty_password_is_rejected() {
    let key = key_2048();
    assert_eq!(
        encrypt_password(&key.spki_base64, &secret("")).unwrap_err(),
        CryptoError::EmptyPassword
    );
}

#[test]
fn spec_example_key_is_a_2048_bit_key() {
    let text = spec_example_public_key();
    let key = PublicKey::parse(&text).unwrap();
    assert_eq!(key.bits(), 2048);
    assert_eq!(key.max_password_bytes(), 245);
    let encrypted = key.encrypt(&secret("Spec-Example-1")).unwrap();
    assert_eq!(encrypted.as_str().len(), 344);
}

#[test]
fn pem_and_whitespace_variants_all_give_the_same_key() {
    let key = key_2048();
    let expected = PublicKey::parse(&key.spki_base64).unwrap();
    let body: String = key
        .public_pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let variants = [
        ("openssl PEM", key.public_pem.clone()),
        ("CRLF PEM", key.public_pem.replace('\n', "\r\n")),
        (
            "PEM on one line",
            format!("-----BEGIN PUBLIC KEY-----{body}-----END PUBLIC KEY-----"),
        ),
        (
            "indented PEM with text around it",
            format!(
                "Key for My-AD:\n    {}\n  trailing note",
                key.public_pem.replace('\n', "\n    ")
            ),
        ),
        (
            "PEM with literal \\n escapes from JSON",
            key.public_pem.replace('\n', "\\n"),
        ),
        ("base64 with stray newlines and tabs", {
            let (left, right) = key.spki_base64.split_at(100);
            format!("\n  {left}\n\t{right}  \r\n")
        }),
        ("base64 in JSON quotes", format!("\"{}\"", key.spki_base64)),
        (
            "base64 without padding",
            key.spki_base64.trim_end_matches('=').to_owned(),
        ),
        ("PKCS#1 RSA PUBLIC KEY PEM", pkcs1_pem(key)),
    ];
    for (name, text) in variants {
        match PublicKey::parse(&text) {
            Ok(parsed) => assert_eq!(parsed, expected, "{name}"),
            Err(error) => panic!("{name}: {error}"),
        }
    }
}

fn pkcs1_pem(key: &TestKey) -> String {
    key.private
        .to_public_key()
        .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
        .unwrap()
}

#[test]
fn text_that_is_not_base64_is_reported_with_the_bad_character() {
    let error = PublicKey::parse("MIIBIjANBgkq!hkiG9w0B").unwrap_err();
    assert!(matches!(error, CryptoError::NotBase64 { .. }), "{error:?}");
    assert!(error.to_string().contains("'!' at position 12"), "{error}");
    assert!(matches!(
        PublicKey::parse("   \n ").unwrap_err(),
        CryptoError::NotBase64 { .. }
    ));
}

#[test]
fn base64_that_is_not_spki_is_rejected() {
    let not_der = base64::engine::general_purpose::STANDARD.encode(b"hello world, not DER");
    let error = PublicKey::parse(&not_der).unwrap_err();
    assert!(matches!(error, CryptoError::NotSpki { .. }), "{error:?}");
}

#[test]
fn truncated_key_is_rejected_as_not_spki() {
    let key = key_2048();
    let half = &key.spki_base64[..200];
    let error = PublicKey::parse(half).unwrap_err();
    assert!(matches!(error, CryptoError::NotSpki { .. }), "{error:?}");
    assert!(
        error.to_string().contains("whole key was copied"),
        "{error}"
    );
}

#[test]
fn non_rsa_key_is_rejected_with_its_algorithm() {
    // The Ed25519 public key example of RFC 8410, section 10.1.
    let ed25519 = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
    let error = PublicKey::parse(ed25519).unwrap_err();
    assert_eq!(
        error,
        CryptoError::NotRsa {
            algorithm: "Ed25519 (1.3.101.112)".to_owned()
        }
    );

    let ec_private = run_openssl_with_input(
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ],
        &[],
    );
    let ec_public = run_openssl_with_input(&["pkey", "-pubout"], &ec_private);
    let error = PublicKey::parse(&String::from_utf8(ec_public).unwrap()).unwrap_err();
    assert!(
        matches!(&error, CryptoError::NotRsa { algorithm } if algorithm.starts_with("elliptic-curve")),
        "{error:?}"
    );
}

#[test]
fn key_under_2048_bits_is_rejected() {
    let small = TestKey::generate(1024);
    let error = PublicKey::parse(&small.spki_base64).unwrap_err();
    assert_eq!(error, CryptoError::KeyTooSmall { bits: 1024 });
    assert!(error.to_string().contains("at least 2048"), "{error}");
}

#[test]
fn larger_keys_allow_longer_passwords() {
    let key = TestKey::generate(3072);
    let parsed = PublicKey::parse(&key.public_pem).unwrap();
    assert_eq!(parsed.max_password_bytes(), 373);
    let password = "z".repeat(373);
    let encrypted = parsed.encrypt(&secret(&password)).unwrap();
    assert_eq!(
        key.decrypt_with_openssl(encrypted.as_str()),
        password.as_bytes()
    );
}

#[test]
fn rsa_key_with_invalid_exponent_is_rejected() {
    // An odd 2048-bit modulus with the even exponent 4, which no RSA key can have.
    let n = BoxedUint::from_be_slice(&[0xc5; 256], 2048).unwrap();
    let bad = rsa::PublicKey::new_unchecked(n, BoxedUint::from(4u64));
    let der = bad.to_public_key_der().unwrap();
    let error = PublicKey::from_spki_der(der.as_bytes()).unwrap_err();
    assert!(
        matches!(error, CryptoError::InvalidRsaKey { .. }),
        "{error:?}"
    );
}

#[test]
fn private_key_and_certificate_pem_are_refused_with_a_hint() {
    let key = key_2048();
    let private_pem = std::fs::read_to_string(&key.private_pem_path).unwrap();
    let error = PublicKey::parse(&private_pem).unwrap_err();
    assert!(
        matches!(&error, CryptoError::UnsupportedPem { label, .. } if label == "PRIVATE KEY"),
        "{error:?}"
    );
    assert!(error.to_string().contains("public key only"), "{error}");

    let certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    let error = PublicKey::parse(certificate).unwrap_err();
    assert!(
        error.to_string().contains("openssl x509 -pubkey"),
        "{error}"
    );
}

#[test]
fn pem_without_end_line_is_malformed() {
    let key = key_2048();
    let cut = key.public_pem.replace("-----END PUBLIC KEY-----", "");
    let error = PublicKey::parse(&cut).unwrap_err();
    assert!(
        matches!(error, CryptoError::MalformedPem { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("-----END PUBLIC KEY-----"),
        "{error}"
    );
}

#[test]
fn ciphertext_debug_output_hides_the_text() {
    let key = key_2048();
    let encrypted = encrypt_password(&key.spki_base64, &secret("Secret-1")).unwrap();
    let debug = format!("{encrypted:?}");
    assert_eq!(debug, "EncryptedPassword(344 base64 chars)");
    assert_eq!(encrypted.to_string(), encrypted.as_str());
}
