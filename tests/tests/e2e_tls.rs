//! End to end over HTTPS: the SDK changes a password against the emulator serving TLS with a
//! certificate it made itself, so the runtime's rustls setup, ALPN and HTTP/2 are exercised,
//! and a client that does not trust that certificate gets nowhere.

mod e2e_support;

use sailpoint_password::PasswordsExt as _;
use std::error::Error as StdError;
use std::time::Duration;

use e2e_support::*;
use isc_emulator::{Emulator, Route};
use sailpoint_beta::models::PasswordChangeState;
use sailpoint_beta::runtime::reqwest::{self, Certificate};
use sailpoint_beta::runtime::{Error, TransportErrorKind};
use sailpoint_beta::Client;
use sailpoint_password::{AccountChoice, PasswordError, PasswordTarget, PollConfig};
use secrecy::SecretString;

fn quick_polls() -> PollConfig {
    PollConfig::default()
        .with_first_delay(Duration::from_millis(30))
        .with_max_delay(Duration::from_millis(100))
        .with_deadline(Duration::from_secs(3))
}

async fn tls_emulator() -> Emulator {
    let emulator = start(config().with_tls()).await;
    assert!(
        emulator.base_url().starts_with("https://"),
        "{}",
        emulator.base_url()
    );
    emulator
}

/// An SDK client that trusts the emulator's self-signed certificate.
fn trusting_client(emulator: &Emulator) -> Client {
    let pem = emulator.root_certificate_pem().expect("TLS mode has a PEM");
    let certificate = Certificate::from_pem(pem.as_bytes()).expect("the PEM parses");
    builder(emulator)
        .add_root_certificate(certificate)
        .build()
        .expect("client builds")
        .into()
}

async fn change_jordans_password(client: &Client, password: &str) -> Result<(), PasswordError> {
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &PasswordTarget::user(JORDAN, CORP_AD),
            &AccountChoice::Only,
            SecretString::from(password.to_owned()),
        )
        .await?;
    assert_eq!(outcome.state, PasswordChangeState::Finished, "{outcome:?}");
    Ok(())
}

#[tokio::test]
async fn a_password_change_over_https_uses_http2_throughout() {
    let emulator = tls_emulator().await;
    let client = trusting_client(&emulator);

    change_jordans_password(&client, "Tls-passw0rd-h2")
        .await
        .expect("the change completes over HTTPS");

    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Tls-passw0rd-h2"));
    let requests = emulator.requests();
    for route in [
        Route::OAuthToken,
        Route::QueryPasswordInfo,
        Route::SetPassword,
        Route::PasswordChangeStatus,
    ] {
        assert!(
            requests.iter().any(|request| request.route == Some(route)),
            "{route:?} was called: {requests:?}"
        );
    }
    assert!(
        requests
            .iter()
            .all(|request| request.version == "HTTP/2.0" && request.status.is_some()),
        "every request was answered over HTTP/2: {requests:?}"
    );
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_certificate_fails_to_connect() {
    let emulator = tls_emulator().await;
    // The same client, minus the emulator's certificate: only the built-in roots.
    let client: Client = builder(&emulator).build().expect("client builds").into();

    let error = change_jordans_password(&client, "Never-arr1ves")
        .await
        .expect_err("the handshake fails");

    assert!(!error.password_may_have_changed(), "{error:?}");
    let PasswordError::Query { source, .. } = &error else {
        panic!("the first call, query-password-info, fails: {error:?}");
    };
    let Error::Transport(transport) = source.as_ref() else {
        panic!("a transport error, not an answer: {source:?}");
    };
    // The token request is what cannot connect, so no call gets as far as sending.
    assert_eq!(
        transport.kind(),
        TransportErrorKind::Authentication,
        "{transport:?}"
    );
    assert!(!transport.may_have_been_processed(), "{transport:?}");
    let causes = causes(transport);
    assert!(
        causes.iter().any(|cause| cause
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_connect)),
        "a connect error from reqwest: {transport:?}"
    );
    assert!(
        causes
            .iter()
            .any(|cause| cause.to_string().contains("certificate")),
        "the certificate is what failed: {transport:?}"
    );
    assert!(
        emulator.requests().is_empty(),
        "nothing reached the emulator: {:?}",
        emulator.requests()
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, INITIAL_PASSWORD));
}

/// `error` and its sources, outermost first.
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&error| error.source()).collect()
}
