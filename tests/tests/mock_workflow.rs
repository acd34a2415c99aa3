//! The password workflow's rules, tested with the beta crate's typed mocks instead of a
//! server: what a user of the crate would write to test their own automation.

use sailpoint_password::PasswordsExt as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sailpoint_beta::apis::password_management::SetIdentityPasswordError;
use sailpoint_beta::mock::{self, MockTransport, RuleMode};
use sailpoint_beta::models::{
    ErrorResponseDto, PasswordChangeResponse, PasswordChangeState, PasswordInfo,
    PasswordInfoAccount, PasswordStatus,
};
use sailpoint_beta::{Client, SecretString};
use sailpoint_password::{AccountChoice, PasswordError, PasswordTarget, PollConfig};

/// An RSA-2048 public key (X.509 SubjectPublicKeyInfo, base64), as query-password-info
/// returns one; the mock never decrypts, so its private half is not needed.
const PUBLIC_KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx8LnH94s+xBL/fvH/asf4PNENlnH9TsO0RG1ZiUwMoT1MxQKPSH4OThwIRsogUYU8hATTDiYoGIS9Hxxb+ueLGjdsRcOx4QMqDjxH5FvFiUNAI+cd7p1eATHXMjA1PJNDEzvCnXV8Ba84YTVXazaJx4VJRCuAZbL+HqNUXOpj74tmJ30RulQd9gIbrqhU0ivGq8rS+yPApU+PgXl2mnhOwSkj9oQpKoScLVWLwnqQ4ET4Ue/MjQni+y0/LmXnPQZ2dHqGvCJBLmLm82ToGqBI5Y+X4rk0or3lzWZerRk4SbekBDk4Eo6YpbuZ88x21wkQVDnXJT0ZhwwasI44H8UxwIDAQAB";

fn info() -> PasswordInfo {
    PasswordInfo::new()
        .with_identity_id("identity-1")
        .with_source_id("source-1")
        .with_public_key_id("key-1")
        .with_public_key(PUBLIC_KEY)
        .with_accounts(vec![PasswordInfoAccount::new()
            .with_account_id("account-1")
            .with_account_name("jordan.lee")])
}

/// query-password-info for Jordan on Corp-AD, answered with `info()`.
fn query_rule() -> mock::Rule {
    mock::query_password_info()
        .match_request(|r| {
            r.body().is_some_and(|query| {
                query.user_name.as_deref() == Some("jordan.lee")
                    && query.source_name.as_deref() == Some("Corp-AD")
            })
        })
        .then_output(info())
}

fn accepted(request_id: &str) -> PasswordChangeResponse {
    PasswordChangeResponse::new()
        .with_request_id(request_id)
        .with_state(PasswordChangeState::InProgress)
}

fn status(request_id: &str, state: PasswordChangeState) -> PasswordStatus {
    PasswordStatus::new()
        .with_request_id(request_id)
        .with_state(state)
}

async fn change(client: &Client) -> Result<sailpoint_password::ChangeOutcome, PasswordError> {
    client
        .passwords()
        .with_policy_check(false)
        .with_poll_config(
            PollConfig::default()
                .with_first_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5))
                .with_deadline(Duration::from_secs(5)),
        )
        .change(
            &PasswordTarget::user("jordan.lee", "Corp-AD"),
            &AccountChoice::Only,
            SecretString::from("Fresh-passw0rd".to_owned()),
        )
        .await
}

#[tokio::test]
async fn a_change_polls_through_a_503_until_finished() {
    let submit = mock::set_identity_password()
        .match_request(|r| {
            r.body().is_some_and(|body| {
                body.account_id.as_deref() == Some("account-1")
                    && body.public_key_id.as_deref() == Some("key-1")
                    // Encrypted, never the password itself.
                    && body
                        .encrypted_password
                        .as_deref()
                        .is_some_and(|text| !text.is_empty() && !text.contains("Fresh-passw0rd"))
            })
        })
        .then_output(accepted("req-1"));
    let poll = mock::get_identity_password_change_status()
        .match_request(|r| r.id() == "req-1")
        .sequence()
        .output(status("req-1", PasswordChangeState::InProgress))
        .http(503)
        .output(status("req-1", PasswordChangeState::Finished))
        .build();
    let client = mock::client(&[query_rule(), submit.clone(), poll.clone()]);

    let outcome = change(&client).await.expect("the change finishes");
    assert!(outcome.is_finished());
    assert_eq!(submit.num_calls(), 1);
    assert_eq!(poll.num_calls(), 3, "in progress, 503 (retried), finished");
    assert!(poll.is_exhausted());
}

#[tokio::test]
async fn a_503_on_set_password_is_never_sent_again() {
    let submit = mock::set_identity_password()
        .sequence()
        .http(503)
        .output(accepted("req-2"))
        .build();
    let client = mock::client(&[query_rule(), submit.clone()]);

    let error = change(&client).await.expect_err("the 503 is the answer");
    assert_eq!(
        submit.num_calls(),
        1,
        "at most once: the 503 is not retried"
    );
    assert!(!submit.is_exhausted());
    assert!(error.password_may_have_changed(), "{error}");
    assert!(
        matches!(error, PasswordError::OutcomeUnknown { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_401_costs_one_token_refresh_and_one_resend() {
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&tokens);
    // The rules run in the order given: the test also pins the order of the calls.
    let query = mock::query_password_info()
        .match_request(move |r| {
            seen.lock().unwrap().push(
                r.raw()
                    .header("authorization")
                    .unwrap_or_default()
                    .to_owned(),
            );
            true
        })
        .sequence()
        .http(401)
        .output(info())
        .build();
    let submit = mock::set_identity_password().then_output(accepted("req-3"));
    let poll = mock::get_identity_password_change_status()
        .then_output(status("req-3", PasswordChangeState::Finished));
    let transport =
        MockTransport::new(&[query.clone(), submit, poll]).with_mode(RuleMode::Sequential);
    let runtime = mock::client_builder(transport.clone()).build().unwrap();
    let client = Client::new(&runtime);

    let outcome = change(&client).await.expect("the re-sent query succeeds");
    assert!(outcome.is_finished());
    assert_eq!(query.num_calls(), 2);
    assert_eq!(transport.tokens_issued(), 2, "one refresh after the 401");
    assert_eq!(
        *tokens.lock().unwrap(),
        ["Bearer mock-token-1", "Bearer mock-token-2"]
    );
}

#[tokio::test]
async fn a_failed_change_comes_back_with_its_errors() {
    let submit = mock::set_identity_password().then_output(accepted("req-4"));
    let poll = mock::get_identity_password_change_status().then_output(
        status("req-4", PasswordChangeState::Failed)
            .with_errors(vec!["the password was used before".to_owned()]),
    );
    let client = mock::client(&[query_rule(), submit, poll]);

    let outcome = change(&client).await.expect("a final state");
    assert_eq!(outcome.state, PasswordChangeState::Failed);
    assert_eq!(outcome.errors, ["the password was used before"]);
    assert!(outcome.into_result().is_err());
}

#[tokio::test]
async fn a_documented_error_reads_back_as_its_typed_variant() {
    let submit = mock::set_identity_password().then_error(SetIdentityPasswordError::BadRequest(
        ErrorResponseDto::new().with_tracking_id("track-400"),
    ));
    let client = mock::client(&[query_rule(), submit]);

    let error = change(&client).await.expect_err("a 400");
    assert!(!error.password_may_have_changed(), "{error}");
    assert_eq!(error.tracking_id().as_deref(), Some("track-400"));
}

#[tokio::test]
async fn a_request_no_rule_answers_names_the_operation_and_the_rules_tried() {
    let client = mock::client(&[mock::query_password_info()
        .match_request(|r| r.body().is_some_and(|query| query.user_name.is_none()))
        .then_output(info())]);

    let error = change(&client).await.expect_err("no rule matches");
    let message = format!("{error:?} / {error}");
    assert!(message.contains("queryPasswordInfo"), "{message}");
    assert!(message.contains("match_request refused"), "{message}");
}

/// `send()` gives a `'static` future: it holds its own handle on the client, so a call can be
/// spawned while the client that made it is a local that goes out of scope (it borrowed the
/// client before, and this did not compile).
#[tokio::test]
async fn a_sent_call_can_be_spawned_while_its_client_is_local() {
    let status = mock::get_identity_password_change_status()
        .then_output(PasswordStatus::new().with_state(PasswordChangeState::Finished));
    let handle = {
        let client = mock::client([status.clone()]);
        tokio::spawn(
            client
                .password_management()
                .get_identity_password_change_status("req-1")
                .send(),
        )
    };
    let answer = handle.await.expect("the task ran").expect("answered");
    assert_eq!(answer.state, Some(PasswordChangeState::Finished));
    assert_eq!(status.num_calls(), 1);
}
