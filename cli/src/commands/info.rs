//! `isc-password info`: what query-password-info returns, with the policy as parsed locally.

use sailpoint_password::PasswordsExt as _;
use sailpoint_password::{AccountCandidate, PasswordPolicy, PublicKey};
use serde_json::json;

use crate::cli::{GlobalArgs, InfoArgs};
use crate::client::build_client;
use crate::exit::Failure;
use crate::output::print_json;

pub async fn run(args: &InfoArgs, global: &GlobalArgs) -> Result<(), Failure> {
    let client = build_client(global)?;
    let info = client
        .passwords()
        .with_api(global.api.into())
        .query_info(&args.user, &args.source)
        .await?;
    let policy = PasswordPolicy::parse(info.policies.iter().flatten());
    let key_bits = info
        .public_key
        .as_deref()
        .and_then(|key| PublicKey::parse(key).ok())
        .map(|key| key.bits());
    if global.json {
        print_json(&json!({
            "identityId": info.identity_id,
            "sourceId": info.source_id,
            "publicKeyId": info.public_key_id,
            "publicKey": info.public_key,
            "keyBits": key_bits,
            "accounts": info.accounts,
            "policies": info.policies,
            "checkedLocally": policy.constraints().iter().map(ToString::to_string).collect::<Vec<_>>(),
            "notCheckedLocally": policy.unchecked().iter().map(|rule| &rule.text).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned());
    println!("User:        {} on source {}", args.user, args.source);
    println!("Identity id: {}", or_none(&info.identity_id));
    println!("Source id:   {}", or_none(&info.source_id));
    println!("Accounts:");
    for account in info.accounts.iter().flatten() {
        println!("  - {}", AccountCandidate::from(account));
    }
    println!("Password policy:");
    for constraint in policy.constraints() {
        println!("  - {constraint}");
    }
    for rule in policy.unchecked() {
        println!("  - {rule}");
    }
    match key_bits {
        Some(bits) => println!(
            "Public key:  {bits}-bit RSA, id {}",
            or_none(&info.public_key_id)
        ),
        None => println!("Public key:  missing or unusable"),
    }
    Ok(())
}
