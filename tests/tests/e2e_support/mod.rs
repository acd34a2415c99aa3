//! Helpers for the end-to-end tests: an emulator with quick timings and an SDK client for it.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::time::Duration;

use isc_emulator::{Emulator, EmulatorConfig};
use sailpoint_beta::runtime::{self, ClientBuilder, RetryConfig};
use sailpoint_beta::Client;
use sailpoint_password::{PasswordTarget, PollConfig};
use secrecy::{ExposeSecret, SecretString};

pub use isc_emulator::default_seed::*;

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
    runtime::Client::builder()
        .base_url(emulator.base_url())
        .client_id(credentials.client_id())
        .client_secret(SecretString::from(
            credentials.client_secret().expose_secret().to_owned(),
        ))
        .retry(quick_retry())
}

pub fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("client builds").into()
}

/// Polling quick enough for tests, with a deadline well past the emulator's delays.
pub fn quick_polls() -> PollConfig {
    PollConfig::default()
        .with_first_delay(Duration::from_millis(30))
        .with_max_delay(Duration::from_millis(100))
        .with_deadline(Duration::from_secs(3))
}

pub fn jordan_on_corp_ad() -> PasswordTarget {
    PasswordTarget::user(JORDAN, CORP_AD)
}

pub fn secret(password: &str) -> SecretString {
    SecretString::from(password.to_owned())
}
