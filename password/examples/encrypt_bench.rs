//! Times password encryption with the 2048-bit example key of the spec. Run it in release mode:
//!
//! `cargo run --release -p sailpoint-beta --example encrypt_bench [-- ITERATIONS]`
//!
//! Compare with the public-key (verify) rate of `openssl speed -seconds 2 rsa2048`: both are
//! one modular exponentiation with the public exponent on a 2048-bit modulus.
use std::time::Instant;

use sailpoint_password::PublicKey;
use secrecy::SecretString;

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spec/beta/schemas/PasswordInfo.yaml"
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iterations: u32 = match std::env::args().nth(1) {
        Some(value) => value.parse()?,
        None => 5_000,
    };
    let key = PublicKey::parse(&spec_example_key()?)?;
    let password = SecretString::from("Correct-Horse-Battery-9");

    // Warm up caches and the OS random source before timing.
    for _ in 0..100 {
        key.encrypt(&password)?;
    }
    let started = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(key.encrypt(&password)?);
    }
    let elapsed = started.elapsed();
    let per_call = elapsed / iterations;
    println!(
        "{iterations} encryptions with a {}-bit key in {:.3} s: {:.1} µs per call, {:.0} per second",
        key.bits(),
        elapsed.as_secs_f64(),
        per_call.as_secs_f64() * 1e6,
        f64::from(iterations) / elapsed.as_secs_f64()
    );
    Ok(())
}

/// The `publicKey` example of `PasswordInfo.yaml`, found with a plain line search.
fn spec_example_key() -> Result<String, Box<dyn std::error::Error>> {
    let yaml = std::fs::read_to_string(SPEC)?;
    yaml.lines()
        .skip_while(|line| line.trim() != "publicKey:")
        .find_map(|line| line.trim().strip_prefix("example:"))
        .map(|value| value.trim().trim_matches(['\'', '"']).to_owned())
        .ok_or_else(|| format!("no publicKey example in {SPEC}").into())
}
