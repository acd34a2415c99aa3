//! The newcomer's first run: starts the ISC emulator in this process and changes a password
//! through the SDK, printing each step.
//!
//! ```text
//! cargo run -p isc-tests --example demo
//! ```
//!
//! Nothing leaves this machine: the emulator listens on 127.0.0.1 and behaves like ISC's
//! password endpoints (it really decrypts the password and checks the source's policy).

use sailpoint_password::PasswordsExt as _;
use std::error::Error;
use std::time::{Duration, Instant};

use isc_emulator::{Emulator, EmulatorConfig};
use sailpoint_beta::{runtime, Client};
use sailpoint_password::{AccountChoice, PasswordTarget, PollConfig, Progress};
use secrecy::{ExposeSecret, SecretString};

const USER: &str = "Jordan.Lee";
const SOURCE: &str = "Corp-AD";
const NEW_PASSWORD: &str = "Correct-Horse-42";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("1. Starting the ISC emulator (one RSA-2048 key per source)...");
    let started = Instant::now();
    let emulator = Emulator::start(
        EmulatorConfig::default().with_completion_delay(Duration::from_millis(800)),
    )
    .await?;
    println!(
        "   listening on {} after {:.1} s",
        emulator.base_url(),
        started.elapsed().as_secs_f64()
    );

    let credentials = &emulator.clients()[0];
    println!(
        "2. Building an SDK client for it (client credentials: {} / ...)",
        credentials.client_id()
    );
    let client = Client::from(
        runtime::Client::builder()
            .base_url(emulator.base_url())
            .client_id(credentials.client_id())
            .client_secret(SecretString::from(
                credentials.client_secret().expose_secret().to_owned(),
            ))
            .build()?,
    );

    println!("3. Changing the password of {USER} on {SOURCE}:");
    let outcome = client
        .passwords()
        .with_poll_config(PollConfig::default().with_first_delay(Duration::from_millis(300)))
        .on_progress(print_progress)
        .change(
            &PasswordTarget::user(USER, SOURCE),
            &AccountChoice::Only,
            SecretString::from(NEW_PASSWORD),
        )
        .await?
        .into_result()?;
    println!("   {outcome}");

    let ids = outcome
        .ids
        .as_ref()
        .ok_or("the outcome names the account")?;
    let stored = emulator.password_matches(&ids.source_id, &ids.account_id, NEW_PASSWORD);
    println!(
        "4. The emulator decrypted and stored the new password: {}",
        if stored { "confirmed" } else { "NOT FOUND" }
    );
    println!(
        "   (it saw {} requests; try `cargo run -p isc-emulator` to keep one running)",
        emulator.requests().len()
    );
    if !stored {
        return Err("the emulator does not hold the new password".into());
    }
    Ok(())
}

fn print_progress(progress: &Progress) {
    match progress {
        Progress::QueryingInfo => {
            println!("   - query-password-info: identity, accounts, policy and public key")
        }
        Progress::Submitting(ids) => {
            println!("   - policy checked locally, password encrypted with the source's key");
            println!("   - set-password for {ids}");
        }
        Progress::Submitted { request_id } => {
            println!("   - accepted as request {request_id} (IN_PROGRESS)")
        }
        Progress::Polled {
            poll,
            state,
            elapsed,
        } => println!(
            "   - password-change-status #{poll} after {:.1} s: {state}",
            elapsed.as_secs_f64()
        ),
        _ => {}
    }
}
