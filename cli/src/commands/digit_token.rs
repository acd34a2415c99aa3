//! `isc-password digit-token`: generate a numeric one-time token for a help-desk reset.

use sailpoint_password::DigitTokenOptions;
use sailpoint_password::PasswordsExt as _;
use secrecy::ExposeSecret as _;
use serde_json::json;

use crate::cli::{DigitTokenArgs, GlobalArgs};
use crate::client::build_client;
use crate::exit::Failure;
use crate::output::print_json;

pub async fn run(args: &DigitTokenArgs, global: &GlobalArgs) -> Result<(), Failure> {
    let mut options = DigitTokenOptions::new();
    if let Some(length) = args.length {
        options = options.with_length(length);
    }
    if let Some(minutes) = args.duration {
        options = options.with_duration_minutes(minutes);
    }
    // Bad options are input errors, whatever the configuration.
    options.validate()?;
    let client = build_client(global)?;
    let token = client
        .passwords()
        .with_api(global.api.into())
        .create_digit_token(&args.user, options)
        .await?;
    if global.json {
        print_json(&json!({
            "digitToken": token.token.expose_secret(),
            "requestId": token.request_id,
        }));
    } else {
        // Only the token on standard output, so `$(isc-password digit-token ...)` works.
        println!("{}", token.token.expose_secret());
        if let Some(id) = &token.request_id {
            eprintln!("request id {id}");
        }
    }
    Ok(())
}
