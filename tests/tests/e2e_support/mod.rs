//! Helpers for the end-to-end tests: an emulator with quick timings and an SDK client for it.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::time::Duration;

use isc_emulator::{Emulator, EmulatorConfig};
use sailpoint_beta::runtime::{Client, ClientBuilder, RetryConfig};
use secrecy::{ExposeSecret, SecretString};

/// The default seed's users, sources and accounts.
pub const JORDAN: &str = "Jordan.Lee";
pub const JORDAN_AD_ACCOUNT: &str = "CN=Jordan Lee,OU=Engineering,DC=corp,DC=example,DC=com";
pub const SAM: &str = "Sam.Rivera";
pub const CORP_AD: &str = "Corp-AD";
pub const CORP_AD_ID: &str = "e16b5ace853f4758a95fc82632ddb38e";
pub const INITIAL_PASSWORD: &str = "Initial-Passw0rd";

/// Changes complete after 50 ms.
pub fn config() -> EmulatorConfig {
    EmulatorConfig::default().with_completion_delay(Duration::from_millis(50))
}

pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config).await.expect("emulator starts")
}

/// Retries as standard, but with short backoffs so tests stay quick.
pub fn quick_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(20))
        .with_max_backoff(Duration::from_millis(100))
}

/// A builder for a client of `emulator`, authenticating with its first API client.
pub fn builder(emulator: &Emulator) -> ClientBuilder {
    let credentials = &emulator.clients()[0];
    Client::builder()
        .base_url(emulator.base_url())
        .client_id(credentials.client_id())
        .client_secret(SecretString::from(
            credentials.client_secret().expose_secret().to_owned(),
        ))
        .retry(quick_retry())
}

pub fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("client builds")
}
