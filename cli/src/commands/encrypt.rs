//! `isc-password encrypt`: encrypt a password for set-password, locally (no API call).

use sailpoint_password::PublicKey;
use serde_json::json;

use crate::cli::{EncryptArgs, GlobalArgs};
use crate::exit::Failure;
use crate::input::{read_password, read_public_key, Confirm};
use crate::output::print_json;

pub fn run(args: &EncryptArgs, global: &GlobalArgs) -> Result<(), Failure> {
    // Check the key before asking for the password, so a bad key fails fast.
    let key = PublicKey::parse(&read_public_key(&args.public_key)?)?;
    let password = read_password("Password to encrypt: ", Confirm::No)?;
    let encrypted = key.encrypt(&password)?;
    if global.json {
        print_json(&json!({
            "encryptedPassword": encrypted.as_str(),
            "keyBits": key.bits(),
        }));
    } else {
        println!("{encrypted}");
    }
    Ok(())
}
