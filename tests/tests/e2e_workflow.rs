//! End to end through the SDK's password workflow (`Client::passwords`) against the emulator,
//! which really decrypts and stores what the SDK sends.

mod e2e_support;

use sailpoint_password::PasswordsExt as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use e2e_support::*;
use isc_emulator::{Fault, Route, UserToken};
use sailpoint_beta::apis::password_management::SetIdentityPasswordError;
use sailpoint_beta::models::PasswordChangeState;
use sailpoint_beta::{runtime, Client};
use sailpoint_password::{
    AccountChoice, AccountError, DigitTokenOptions, PasswordApi, PasswordError, PasswordTarget,
    PollConfig, Progress,
};
use secrecy::ExposeSecret;

#[tokio::test]
async fn a_full_password_change_is_applied_and_stored() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let steps = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&steps);

    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .on_progress(move |progress| {
            let step = match progress {
                Progress::QueryingInfo => "query",
                Progress::LookingUpDomain => "domain",
                Progress::PolicyChecked { .. } => "checked",
                Progress::Submitting(_) => "submit",
                Progress::Submitted { .. } => "submitted",
                Progress::Polled { .. } => "poll",
                _ => "other",
            };
            seen.lock().expect("not poisoned").push(step);
        })
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Fresh-passw0rd"),
        )
        .await
        .expect("the change completes")
        .into_result()
        .expect("FINISHED");

    assert_eq!(outcome.state, PasswordChangeState::Finished);
    // Corp-AD is in a sync group with Corp-Mail: ISC changed the password on both.
    assert_eq!(outcome.source_ids, [CORP_AD_ID, CORP_MAIL_ID]);
    assert!(outcome.errors.is_empty());
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Fresh-passw0rd"));
    assert!(!emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, INITIAL_PASSWORD));
    let steps = steps.lock().expect("not poisoned").clone();
    assert_eq!(
        &steps[..5],
        ["query", "domain", "checked", "submit", "submitted"]
    );
    assert!(steps[5..].iter().all(|step| *step == "poll"), "{steps:?}");
    assert_eq!(emulator.count(Route::SetPassword), 1);
    assert_eq!(emulator.count(Route::OAuthToken), 1);
}

#[tokio::test]
async fn isc_side_policy_failures_come_back_as_failed_with_errors() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    // With the local check off, the emulator's policy check is what fails the change.
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .with_policy_check(false)
        .change(&jordan_on_corp_ad(), &AccountChoice::Only, secret("aaaa1"))
        .await
        .expect("the change reaches a final state");
    assert_eq!(outcome.state, PasswordChangeState::Failed);
    assert!(
        outcome
            .errors
            .iter()
            .any(|e| e.contains("passwordMinLength is 8")),
        "{:?}",
        outcome.errors
    );
    let error = outcome.into_result().expect_err("FAILED is an error");
    assert!(error.to_string().contains("FAILED"), "{error}");
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, INITIAL_PASSWORD));
}

#[tokio::test]
async fn the_local_policy_check_stops_a_bad_password_before_anything_is_sent() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let error = client
        .passwords()
        .change(&jordan_on_corp_ad(), &AccountChoice::Only, secret("short"))
        .await
        .expect_err("policy violated");
    assert!(
        matches!(error, PasswordError::PolicyViolated(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert_eq!(emulator.count(Route::SetPassword), 0);
}

#[tokio::test]
async fn a_500_on_set_password_says_the_outcome_is_unknown_and_how_to_check() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator
        .faults()
        .set(Route::SetPassword, Fault::Status500 { times: 1 });

    let error = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Unknown-0utcome"),
        )
        .await
        .expect_err("500");
    assert_eq!(emulator.count(Route::SetPassword), 1, "sent exactly once");
    assert!(
        matches!(error, PasswordError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert!(error.password_may_have_changed());
    assert!(
        error.tracking_id().is_some(),
        "the 500's trackingId is kept"
    );
    let message = error.to_string();
    assert!(message.contains("may or may not have changed"), "{message}");
    assert!(message.contains("NOT sent again"), "{message}");
    assert!(message.contains("Check before retrying"), "{message}");
    assert!(message.contains(JORDAN_AD_ACCOUNT), "{message}");
    assert!(
        !message.contains("Unknown-0utcome"),
        "never the password: {message}"
    );
}

#[tokio::test]
async fn a_dropped_connection_on_set_password_is_sent_once_and_reported_as_unknown() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator
        .faults()
        .set(Route::SetPassword, Fault::DropConnection { times: 1 });

    let error = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Dropped-0nce"),
        )
        .await
        .expect_err("connection dropped");
    assert_eq!(emulator.count(Route::SetPassword), 1);
    assert!(
        matches!(error, PasswordError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert!(error.password_may_have_changed());
    // Here the emulator did apply it: exactly the case a blind retry would duplicate.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Dropped-0nce"));
}

#[tokio::test]
async fn an_unknown_state_does_not_break_the_flow() {
    let emulator = start(config().with_completion_delay(Duration::from_millis(150))).await;
    let client = client(&emulator);
    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::UnknownEnumValue { times: 1 },
    );

    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Odd-state-1"),
        )
        .await
        .expect("polling goes on past CANCELLED")
        .into_result()
        .expect("FINISHED");
    assert_eq!(outcome.unrecognized_states, ["CANCELLED"]);
    assert!(outcome.polls >= 2);
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Odd-state-1"));
}

#[tokio::test]
async fn a_503_while_polling_is_retried_without_failing_the_change() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator
        .faults()
        .set(Route::PasswordChangeStatus, Fault::Status503 { times: 2 });
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Polled-thr0ugh"),
        )
        .await
        .expect("completes")
        .into_result()
        .expect("FINISHED");
    assert!(outcome.is_finished());
    assert!(emulator.count(Route::PasswordChangeStatus) >= 3);
    assert_eq!(emulator.count(Route::SetPassword), 1);
}

#[tokio::test]
async fn several_accounts_need_a_choice_and_a_choice_by_name_works() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let target = PasswordTarget::user(SAM, CORP_AD);
    let error = client
        .passwords()
        .change(&target, &AccountChoice::Only, secret("Sams-new-pa55"))
        .await
        .expect_err("Sam has two accounts");
    assert!(
        matches!(
            error,
            PasswordError::Account(AccountError::Ambiguous { .. })
        ),
        "{error:?}"
    );
    assert_eq!(emulator.count(Route::SetPassword), 0);

    let admin = "CN=Sam Rivera (admin),OU=Admins,DC=corp,DC=example,DC=com";
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &target,
            &AccountChoice::ByName("Sam.Rivera.admin".into()),
            secret("Sams-new-pa55"),
        )
        .await
        .expect("completes");
    assert!(outcome.is_finished(), "{outcome}");
    assert!(emulator.password_matches(CORP_AD_ID, admin, "Sams-new-pa55"));
}

#[tokio::test]
async fn a_user_token_is_refused_by_query_password_info_with_an_explanation() {
    let emulator = start(config().with_user_token(UserToken::new("jordan-pat", JORDAN))).await;
    let client = Client::from(
        runtime::Client::builder()
            .base_url(emulator.base_url())
            .bearer_token(secret("jordan-pat"))
            .build()
            .expect("client builds"),
    );
    let error = client
        .passwords()
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Whatever-123"),
        )
        .await
        .expect_err("403");
    assert!(
        matches!(error, PasswordError::QueryForbidden { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("client_credentials"), "{error}");
}

#[tokio::test]
async fn digit_tokens_round_trip() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let token = client
        .passwords()
        .create_digit_token(JORDAN, DigitTokenOptions::new().with_length(12))
        .await
        .expect("token issued");
    let digits = token.token.expose_secret();
    assert_eq!(digits.len(), 12);
    assert!(emulator.digit_token_is_valid(JORDAN, digits));
    assert!(!format!("{token:?}").contains(digits));
}

/// Both APIs in one process on one client: the workflow on beta, then on v1, one token.
#[tokio::test]
async fn the_workflow_runs_on_beta_and_v1_through_one_client() {
    let emulator = start(config()).await;
    let client = client(&emulator);

    for (api, password) in [
        (PasswordApi::Beta, "Through-beta-1"),
        (PasswordApi::V1, "Through-v1-22"),
    ] {
        let outcome = client
            .passwords()
            .with_api(api)
            .with_poll_config(quick_polls())
            .change(&jordan_on_corp_ad(), &AccountChoice::Only, secret(password))
            .await
            .expect("the change completes")
            .into_result()
            .expect("FINISHED");
        assert_eq!(outcome.state, PasswordChangeState::Finished, "{api:?}");
        assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, password));
    }
    assert_eq!(
        emulator.count(Route::OAuthToken),
        1,
        "one token for both APIs"
    );
    let set_paths: Vec<String> = emulator
        .requests()
        .into_iter()
        .filter(|request| request.route == Some(Route::SetPassword))
        .map(|request| request.path)
        .collect();
    assert_eq!(set_paths, ["/beta/set-password", "/set-password/v1"]);
}

/// A documented error of a v1 operation arrives as the same variant of the beta error enum.
#[tokio::test]
async fn v1_errors_keep_their_documented_variant_and_body() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator
        .faults()
        .set(Route::SetPassword, Fault::Status500 { times: 1 });
    let error = client
        .passwords()
        .with_api(PasswordApi::V1)
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("V1-Unknown-0"),
        )
        .await
        .expect_err("500");
    let PasswordError::OutcomeUnknown { source, .. } = &error else {
        panic!("{error:?}");
    };
    let runtime::Error::Service(failure) = source.as_ref() else {
        panic!("{source:?}");
    };
    assert!(
        matches!(
            failure.error,
            SetIdentityPasswordError::InternalServerError(_)
        ),
        "{:?}",
        failure.error
    );
    assert!(
        error.tracking_id().is_some(),
        "the body's trackingId survives"
    );
    assert!(error.password_may_have_changed());
}

#[tokio::test]
async fn digit_tokens_on_v1_need_the_experimental_opt_in() {
    let emulator = start(config()).await;
    let refused = client(&emulator)
        .passwords()
        .with_api(PasswordApi::V1)
        .create_digit_token(JORDAN, DigitTokenOptions::new())
        .await
        .expect_err("not opted in");
    let mut chain = refused.to_string();
    let mut source = std::error::Error::source(&refused);
    while let Some(cause) = source {
        chain.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    assert!(chain.contains("experimental(true)"), "{chain}");
    assert_eq!(emulator.count(Route::DigitToken), 0, "nothing was sent");

    let opted_in = Client::from(builder(&emulator).experimental(true).build().unwrap());
    let token = opted_in
        .passwords()
        .with_api(PasswordApi::V1)
        .create_digit_token(JORDAN, DigitTokenOptions::new())
        .await
        .expect("token issued");
    assert!(emulator.digit_token_is_valid(JORDAN, token.token.expose_secret()));
}

/// Finding: a slow status endpoint could hold each poll for the whole request timeout (60 s,
/// times the retries), far past the poll deadline. Every poll is now bounded by it.
#[tokio::test]
async fn a_hanging_status_endpoint_cannot_hold_polling_past_its_deadline() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::Delay {
            times: u32::MAX,
            delay: Duration::from_secs(30),
        },
    );
    let started = std::time::Instant::now();
    let error = client
        .passwords()
        .with_poll_config(
            PollConfig::default()
                .with_first_delay(Duration::from_millis(50))
                .with_deadline(Duration::from_secs(1)),
        )
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Slow-p0lling"),
        )
        .await
        .expect_err("the deadline passes");
    let elapsed = started.elapsed();
    assert!(
        matches!(error, PasswordError::DeadlineExceeded(_)),
        "{error:?}"
    );
    assert!(error.password_may_have_changed());
    // 1 s deadline + the last poll's 0.5 s allowance; generous slack for a loaded machine, and
    // far below the 30 s the endpoint takes.
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}
