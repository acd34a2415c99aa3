//! Digit tokens: options checked before sending, the wire body, and a token that stays secret.

mod password_support;

use password_support::isc::{error_body, MockIsc, Reply, Script};
use sailpoint_password::PasswordsExt as _;
use sailpoint_password::{DigitTokenError, DigitTokenOptions};
use secrecy::ExposeSecret as _;
use serde_json::json;

async fn mock() -> MockIsc {
    // The key is never used by digit tokens.
    MockIsc::start(Script::new("unused")).await
}

#[tokio::test]
async fn creates_a_token_with_length_and_duration() {
    let isc = mock().await;
    let options = DigitTokenOptions::new()
        .with_length(8)
        .with_duration_minutes(10);
    let token = isc
        .client()
        .passwords()
        .create_digit_token("Abby.Smith", options)
        .await
        .unwrap();
    assert_eq!(token.token.expose_secret(), "09087713");
    assert_eq!(token.request_id.as_deref(), Some("tok-1"));
    assert_eq!(
        *isc.script.digit_token_bodies.lock().unwrap(),
        [json!({"userId": "Abby.Smith", "length": 8, "durationMinutes": 10})]
    );
    let debug = format!("{token:?}");
    assert!(!debug.contains("09087713"), "{debug}");
}

#[tokio::test]
async fn defaults_send_only_the_user() {
    let isc = mock().await;
    isc.client()
        .passwords()
        .create_digit_token("Abby.Smith", DigitTokenOptions::new())
        .await
        .unwrap();
    assert_eq!(
        *isc.script.digit_token_bodies.lock().unwrap(),
        [json!({"userId": "Abby.Smith"})]
    );
}

#[tokio::test]
async fn lengths_6_and_18_are_accepted_and_others_refused_before_sending() {
    let isc = mock().await;
    let passwords = isc.client();
    let passwords = passwords.passwords();
    for length in [6, 18] {
        let options = DigitTokenOptions::new().with_length(length);
        assert!(options.validate().is_ok());
        passwords
            .create_digit_token("Abby.Smith", options)
            .await
            .unwrap();
    }
    for length in [0, 5, 19, 1000] {
        let error = passwords
            .create_digit_token("Abby.Smith", DigitTokenOptions::new().with_length(length))
            .await
            .unwrap_err();
        assert!(
            matches!(error, DigitTokenError::InvalidLength { length: l } if l == length),
            "{error:?}"
        );
        assert!(error.to_string().contains("6 to 18 digits"), "{error}");
    }
    assert_eq!(isc.requests(), 2, "invalid lengths were never sent");
}

#[tokio::test]
async fn duration_must_be_at_least_one_minute() {
    let isc = mock().await;
    let error = isc
        .client()
        .passwords()
        .create_digit_token(
            "Abby.Smith",
            DigitTokenOptions::new().with_duration_minutes(0),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, DigitTokenError::InvalidDuration { minutes: 0 }),
        "{error:?}"
    );
    assert!(error.to_string().contains("at least 1 minute"), "{error}");
    let too_long = DigitTokenOptions::new().with_duration_minutes(u32::MAX);
    assert!(matches!(
        too_long.validate(),
        Err(DigitTokenError::InvalidDuration { .. })
    ));
    assert!(DigitTokenOptions::new()
        .with_duration_minutes(1)
        .validate()
        .is_ok());
    assert_eq!(isc.requests(), 0);
}

#[tokio::test]
async fn empty_user_and_api_errors_are_reported() {
    let isc = mock().await;
    let passwords = isc.client();
    let passwords = passwords.passwords();
    assert!(matches!(
        passwords
            .create_digit_token("  ", DigitTokenOptions::new())
            .await,
        Err(DigitTokenError::EmptyUserId)
    ));
    *isc.script.digit_token.lock().unwrap() = Reply::new(400, error_body("unknown user"));
    let error = passwords
        .create_digit_token("Nobody", DigitTokenOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(error, DigitTokenError::Api { .. }), "{error:?}");
    assert!(error.to_string().contains("\"Nobody\""), "{error}");
    *isc.script.digit_token.lock().unwrap() = Reply::ok(json!({"requestId": "tok-2"}));
    assert!(matches!(
        passwords
            .create_digit_token("Abby.Smith", DigitTokenOptions::new())
            .await,
        Err(DigitTokenError::MissingToken { .. })
    ));
}
