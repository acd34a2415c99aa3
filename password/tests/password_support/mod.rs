//! Helpers shared by the password tests: RSA keys generated per test run with
//! the `openssl` command line tool (fast even in debug builds), and ciphertext
//! decryption through both the `rsa` crate and `openssl pkeyutl`.
#![allow(dead_code)] // Each test file uses a different subset.

pub mod isc;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine as _;
use rsa::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
use rsa::PrivateKey;
use sailpoint_password::{PasswordTarget, PollConfig};

/// A throwaway RSA key pair living in its own temporary directory.
pub struct TestKey {
    pub dir: tempfile::TempDir,
    pub private_pem_path: PathBuf,
    pub private: PrivateKey,
    /// What query-password-info returns: base64 DER SubjectPublicKeyInfo.
    pub spki_base64: String,
    /// The same public key as `openssl pkey -pubout` writes it.
    pub public_pem: String,
}

impl TestKey {
    pub fn generate(bits: u32) -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        let private_pem_path = dir.path().join("private.pem");
        let public_pem_path = dir.path().join("public.pem");
        run_openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            &format!("rsa_keygen_bits:{bits}"),
            "-out",
            path_str(&private_pem_path),
        ]);
        run_openssl(&[
            "pkey",
            "-in",
            path_str(&private_pem_path),
            "-pubout",
            "-out",
            path_str(&public_pem_path),
        ]);
        let private_pem = std::fs::read_to_string(&private_pem_path).expect("read private key");
        let private = PrivateKey::from_pkcs8_pem(&private_pem).expect("parse private key");
        let spki_der = private
            .to_public_key()
            .to_public_key_der()
            .expect("encode public key");
        let spki_base64 = base64::engine::general_purpose::STANDARD.encode(spki_der.as_bytes());
        let public_pem = std::fs::read_to_string(&public_pem_path).expect("read public key");
        Self {
            dir,
            private_pem_path,
            private,
            spki_base64,
            public_pem,
        }
    }

    /// Decrypts standard base64 ciphertext with the `rsa` crate.
    pub fn decrypt_with_rsa_crate(&self, ciphertext_base64: &str) -> Vec<u8> {
        let ciphertext = base64::engine::general_purpose::STANDARD
            .decode(ciphertext_base64)
            .expect("ciphertext is standard base64");
        self.private
            .pkcs1v15_decrypt(&ciphertext)
            .expect("rsa crate decrypts")
            .to_vec()
    }

    /// Decrypts standard base64 ciphertext with `openssl pkeyutl`.
    pub fn decrypt_with_openssl(&self, ciphertext_base64: &str) -> Vec<u8> {
        let ciphertext = base64::engine::general_purpose::STANDARD
            .decode(ciphertext_base64)
            .expect("ciphertext is standard base64");
        let ciphertext_path = self.dir.path().join("ciphertext.bin");
        std::fs::write(&ciphertext_path, ciphertext).expect("write ciphertext");
        run_openssl(&[
            "pkeyutl",
            "-decrypt",
            "-inkey",
            path_str(&self.private_pem_path),
            "-pkeyopt",
            "rsa_padding_mode:pkcs1",
            "-in",
            path_str(&ciphertext_path),
        ])
    }
}

/// Runs `openssl` with `args`, panicking with its stderr on failure.
pub fn run_openssl(args: &[&str]) -> Vec<u8> {
    run_openssl_with_input(args, &[])
}

pub fn run_openssl_with_input(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the openssl command line tool is installed");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("write to openssl");
    let output = child.wait_with_output().expect("openssl runs");
    assert!(
        output.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// The `publicKey` example of the beta spec, found with a plain line search.
pub fn spec_example_public_key() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/beta/schemas/PasswordInfo.yaml"
    );
    let yaml = std::fs::read_to_string(path).expect("spec/beta/schemas/PasswordInfo.yaml exists");
    let mut lines = yaml.lines().skip_while(|line| line.trim() != "publicKey:");
    lines
        .find_map(|line| line.trim().strip_prefix("example:"))
        .map(|value| {
            value
                .trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .to_owned()
        })
        .expect("PasswordInfo.yaml has a publicKey example")
}

/// One 2048-bit key for a whole test binary: generating it is the slow part.
pub fn key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| TestKey::generate(2048))
}

/// The user the scripted ISC knows, on its one source.
pub fn abby() -> PasswordTarget {
    PasswordTarget::user("Abby.Smith", "Corp-AD")
}

/// Quick polling so tests take milliseconds.
pub fn quick_poll() -> PollConfig {
    PollConfig::default()
        .with_first_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
        .with_deadline(Duration::from_secs(5))
}
