//! The whole password change against a scripted ISC on loopback: every branch of the
//! workflow, and the guarantee that set-password is sent at most once.

mod password_support;

use sailpoint_password::PasswordsExt as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use password_support::isc::{client_for, error_body, status_reply, MockIsc, Reply, Script};
use password_support::{abby, key, quick_poll};
use sailpoint_beta::models::PasswordChangeState;
use sailpoint_password::{
    AccountChoice, AccountError, Constraint, IdentityTarget, LookupFailure, PasswordError,
    PasswordTarget, PolicyBasis, PolicyFallback, PollConfig, Progress,
};
use secrecy::SecretString;
use serde_json::json;

const PASSWORD: &str = "Tr0ub4dor&3";

fn password() -> SecretString {
    SecretString::from(PASSWORD)
}

async fn mock() -> MockIsc {
    MockIsc::start(Script::new(&key().spki_base64)).await
}

#[tokio::test]
async fn finished_change_sends_the_right_requests_and_reports_the_outcome() {
    let isc = mock().await;
    isc.script.set_statuses(vec![
        status_reply("IN_PROGRESS"),
        status_reply("IN_PROGRESS"),
        status_reply("FINISHED"),
    ]);
    let client = isc.client();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let outcome = client
        .passwords()
        .with_poll_config(quick_poll())
        .on_progress({
            let seen = seen.clone();
            move |progress| seen.lock().unwrap().push(progress.clone())
        })
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap();

    assert_eq!(outcome.request_id, "req-1");
    assert_eq!(outcome.state, PasswordChangeState::Finished);
    assert_eq!(outcome.source_ids, ["src-1"]);
    assert!(outcome.errors.is_empty());
    assert_eq!(outcome.polls, 3);
    assert!(outcome.unrecognized_states.is_empty());
    let ids = outcome.ids.as_ref().unwrap();
    assert_eq!(
        (
            ids.identity_id.as_str(),
            ids.source_id.as_str(),
            ids.account_id.as_str()
        ),
        ("id-1", "src-1", "CN=Abby,DC=corp")
    );
    assert!(outcome.clone().into_result().is_ok());

    // 1 query + 1 set-password + 3 status requests.
    assert_eq!(isc.requests(), 5);
    assert_eq!(
        isc.script.info_posts(),
        [json!({"userName": "Abby.Smith", "sourceName": "Corp-AD"})]
    );
    let posts = isc.script.set_password_posts();
    assert_eq!(posts.len(), 1);
    let body = &posts[0];
    assert_eq!(body["identityId"], "id-1");
    assert_eq!(body["sourceId"], "src-1");
    assert_eq!(body["accountId"], "CN=Abby,DC=corp");
    assert_eq!(body["publicKeyId"], "key-1");
    let encrypted = body["encryptedPassword"].as_str().unwrap();
    assert_eq!(key().decrypt_with_openssl(encrypted), PASSWORD.as_bytes());
    assert_eq!(*isc.script.status_ids.lock().unwrap(), ["req-1"; 3]);

    let seen = seen.lock().unwrap();
    assert_eq!(seen[0], Progress::QueryingInfo);
    assert_eq!(seen[1], Progress::LookingUpDomain);
    // This ISC has no Password Policies API (404), so the check used the policy lines.
    assert_eq!(
        seen[2],
        Progress::PolicyChecked {
            basis: PolicyBasis::Lines {
                why: PolicyFallback::PoliciesUnreadable(LookupFailure::NotFound)
            }
        }
    );
    assert!(matches!(&seen[3], Progress::Submitting(ids) if ids.account_id == "CN=Abby,DC=corp"));
    assert_eq!(
        seen[4],
        Progress::Submitted {
            request_id: "req-1".to_owned()
        }
    );
    let states: Vec<&str> = seen[5..]
        .iter()
        .map(|progress| match progress {
            Progress::Polled { state, .. } => state.as_str(),
            other => panic!("unexpected progress {other:?}"),
        })
        .collect();
    assert_eq!(states, ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]);
}

#[tokio::test]
async fn failed_change_returns_the_errors_and_into_result_turns_it_into_an_error() {
    let isc = mock().await;
    isc.script.set_statuses(vec![Reply::ok(json!({
        "requestId": "req-1",
        "state": "FAILED",
        "errors": ["[ConnectorError] password does not meet complexity requirements"],
        "sourceIds": ["src-1"]
    }))]);
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap();
    assert_eq!(outcome.state, PasswordChangeState::Failed);
    assert_eq!(
        outcome.errors,
        ["[ConnectorError] password does not meet complexity requirements"]
    );
    let error = outcome.into_result().unwrap_err();
    assert!(matches!(error, PasswordError::ChangeFailed(_)));
    let message = error.to_string();
    assert!(
        message.contains("req-1 FAILED: [ConnectorError] password does not meet"),
        "{message}"
    );
    assert_eq!(error.request_id(), Some("req-1"));
}

#[tokio::test]
async fn deadline_exceeded_reports_the_request_to_check_later() {
    let isc = mock().await;
    isc.script.set_statuses(vec![status_reply("IN_PROGRESS")]);
    let deadline = Duration::from_millis(150);
    let error = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll().with_deadline(deadline))
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    let PasswordError::DeadlineExceeded(pending) = &error else {
        panic!("expected DeadlineExceeded, got {error:?}");
    };
    assert_eq!(pending.request_id, "req-1");
    assert_eq!(pending.last_state, "IN_PROGRESS");
    assert!(pending.polls >= 3, "polled {} times", pending.polls);
    assert_eq!(pending.polls as usize, isc.script.status_polls());
    assert!(pending.elapsed >= deadline && pending.elapsed < deadline * 4);
    assert_eq!(pending.ids.as_ref().unwrap().account_id, "CN=Abby,DC=corp");
    assert!(error.password_may_have_changed());
    assert!(error.to_string().contains("still IN_PROGRESS"), "{error}");
    assert_eq!(isc.script.set_password_posts().len(), 1);
}

#[tokio::test]
async fn unknown_state_values_keep_polling_and_are_reported() {
    let isc = mock().await;
    isc.script.set_statuses(vec![
        status_reply("QUEUED"),
        status_reply("QUEUED"),
        Reply::ok(json!({"requestId": "req-1"})),
        status_reply("FINISHED"),
    ]);
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap();
    assert_eq!(outcome.state, PasswordChangeState::Finished);
    assert_eq!(outcome.polls, 4);
    assert_eq!(outcome.unrecognized_states, ["QUEUED", "(no state)"]);
}

#[tokio::test]
async fn an_unknown_state_until_the_deadline_is_named_in_the_error() {
    let isc = mock().await;
    isc.script.set_statuses(vec![status_reply("RETRYING")]);
    let error = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll().with_deadline(Duration::from_millis(80)))
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PasswordError::DeadlineExceeded(pending) if pending.last_state == "RETRYING"),
        "{error:?}"
    );
}

#[tokio::test]
async fn ambiguous_account_lists_the_candidates_and_sends_nothing() {
    let isc = mock().await;
    isc.script.set_info(Reply::ok(json!({
        "identityId": "id-1",
        "sourceId": "src-1",
        "publicKeyId": "key-1",
        "publicKey": key().spki_base64,
        "accounts": [
            {"accountId": "CN=Abby,OU=Staff", "accountName": "Abby.Smith"},
            {"accountId": "CN=Abby-Admin,OU=Admins", "accountName": "Abby.Admin"}
        ],
        "policies": []
    })));
    let passwords = isc.client();
    let passwords = passwords.passwords().with_poll_config(quick_poll());

    let error = passwords
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    let PasswordError::Account(AccountError::Ambiguous { candidates, .. }) = &error else {
        panic!("expected an ambiguous account, got {error:?}");
    };
    assert_eq!(candidates.len(), 2);
    let message = error.to_string();
    assert!(
        message.contains("Abby.Smith [CN=Abby,OU=Staff]")
            && message.contains("Abby.Admin [CN=Abby-Admin,OU=Admins]"),
        "{message}"
    );

    let error = passwords
        .change(
            &abby(),
            &AccountChoice::ByName("Abby.Root".into()),
            password(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            PasswordError::Account(AccountError::NotFound { .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("Abby.Admin"), "{error}");
    assert!(isc.script.set_password_posts().is_empty());

    // A name picks exactly one account.
    let outcome = passwords
        .change(
            &abby(),
            &AccountChoice::ByName("Abby.Admin".into()),
            password(),
        )
        .await
        .unwrap();
    assert!(outcome.is_finished());
    assert_eq!(
        isc.script.set_password_posts()[0]["accountId"],
        "CN=Abby-Admin,OU=Admins"
    );
}

#[tokio::test]
async fn forbidden_query_explains_the_client_credentials_requirement() {
    let isc = mock().await;
    isc.script.set_info(
        Reply::new(403, error_body("Forbidden")).with_header("slpt-request-id", "trk-403"),
    );
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PasswordError::QueryForbidden { tracking_id: Some(id), .. } if id == "trk-403"),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("API authority") && message.contains("client_credentials"),
        "{message}"
    );
    assert!(message.contains("personal access tokens"), "{message}");
    assert!(isc.script.set_password_posts().is_empty());
}

#[tokio::test]
async fn set_password_500_is_an_unknown_outcome_and_is_never_resent() {
    let isc = mock().await;
    isc.script
        .set_set_password(vec![Reply::new(500, error_body("Internal error"))]);
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert_eq!(isc.script.set_password_posts().len(), 1, "exactly one POST");
    assert_eq!(isc.script.status_polls(), 0);
    let PasswordError::OutcomeUnknown {
        ids, request_id, ..
    } = &error
    else {
        panic!("expected OutcomeUnknown, got {error:?}");
    };
    assert_eq!(ids.identity_id, "id-1");
    assert_eq!(ids.source_id, "src-1");
    assert_eq!(ids.account_id, "CN=Abby,DC=corp");
    assert_eq!(*request_id, None);
    assert!(error.password_may_have_changed());
    assert_eq!(
        error.tracking_id().as_deref(),
        Some("e7eab60924f64aa284175b9fa3309599")
    );
    let message = error.to_string();
    assert!(
        message.contains("may or may not have changed the password")
            && message.contains("NOT sent again")
            && message.contains("identityId id-1")
            && message.contains("accountId \"CN=Abby,DC=corp\""),
        "{message}"
    );
    assert!(!message.contains(PASSWORD));
    assert!(!format!("{error:?}").contains(PASSWORD));
}

#[tokio::test]
async fn set_password_503_is_not_retried_either() {
    let isc = mock().await;
    isc.script
        .set_set_password(vec![Reply::new(503, json!({})), Reply::new(202, json!({}))]);
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(error, PasswordError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert_eq!(isc.script.set_password_posts().len(), 1);
}

#[tokio::test]
async fn set_password_429_is_not_resent_and_says_it_is_safe_to_try_again() {
    let isc = mock().await;
    isc.script.set_set_password(vec![
        Reply::new(429, json!({"message": "rate limited"})).with_header("retry-after", "0"),
        Reply::new(202, json!({"requestId": "req-1", "state": "IN_PROGRESS"})),
    ]);
    let error = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert_eq!(
        isc.script.set_password_posts().len(),
        1,
        "set-password reaches ISC at most once, even after a 429"
    );
    assert!(
        matches!(error, PasswordError::SetPasswordRejected { .. }),
        "{error:?}"
    );
    assert!(!error.password_may_have_changed());
    let message = error.to_string();
    assert!(
        message.contains("NOT changed")
            && message.contains("rate limit")
            && message.contains("safe to send again after 0 s"),
        "{message}"
    );
    assert_eq!(isc.script.status_polls(), 0);
}

#[tokio::test]
async fn set_password_400_means_not_changed() {
    let isc = mock().await;
    isc.script
        .set_set_password(vec![Reply::new(400, error_body("bad accountId"))]);
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(error, PasswordError::SetPasswordRejected { .. }),
        "{error:?}"
    );
    assert!(!error.password_may_have_changed());
    assert!(error.to_string().contains("NOT changed"), "{error}");
    assert_eq!(isc.script.set_password_posts().len(), 1);
}

#[tokio::test]
async fn unreadable_accepted_answer_keeps_the_request_id_for_checking() {
    let isc = mock().await;
    // A 202 whose state has the wrong type does not decode, but names the request.
    isc.script.set_set_password(vec![Reply::new(
        202,
        json!({"requestId": "req-9", "state": 7}),
    )]);
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PasswordError::OutcomeUnknown { request_id: Some(id), .. } if id == "req-9"),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("req-9"));
    assert!(error.to_string().contains("requestId req-9"), "{error}");
}

#[tokio::test]
async fn a_dropped_connection_during_set_password_is_an_unknown_outcome() {
    // A server that reads the request, then closes the connection without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(Mutex::new(0u32));
    tokio::spawn({
        let connections = connections.clone();
        async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                *connections.lock().unwrap() += 1;
                let mut buffer = [0u8; 4096];
                let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await;
                drop(socket);
            }
        }
    });
    let client = client_for(&format!("http://{address}"));
    let target = PasswordTarget::identity(IdentityTarget::new(
        "id-1",
        "src-1",
        "key-1",
        key().spki_base64.clone(),
    ));
    // Without the domain reads, whose retries would open connections of their own.
    let error = client
        .passwords()
        .with_domain_lookups(false)
        .change(&target, &AccountChoice::ById("CN=Abby".into()), password())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PasswordError::OutcomeUnknown { ids, request_id: None, .. } if ids.account_id == "CN=Abby"),
        "{error:?}"
    );
    assert_eq!(
        *connections.lock().unwrap(),
        1,
        "set-password was sent once"
    );
}

#[tokio::test]
async fn policy_violations_are_reported_before_anything_is_sent() {
    let isc = mock().await;
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, SecretString::from("abc"))
        .await
        .unwrap_err();
    let PasswordError::PolicyViolated(report) = &error else {
        panic!("expected a policy violation, got {error:?}");
    };
    let broken: Vec<Constraint> = report.violations().iter().map(|v| v.constraint).collect();
    assert_eq!(
        broken,
        [Constraint::MinLength(5), Constraint::MinNumeric(1)]
    );
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert!(isc.script.set_password_posts().is_empty());

    // Switching the local check off sends it anyway (ISC has the last word).
    let outcome = isc
        .client()
        .passwords()
        .with_policy_check(false)
        .with_poll_config(quick_poll())
        .change(&abby(), &AccountChoice::Only, SecretString::from("abc"))
        .await
        .unwrap();
    assert!(outcome.is_finished());
}

#[tokio::test]
async fn identity_target_skips_query_password_info() {
    let isc = mock().await;
    let target = PasswordTarget::identity(
        IdentityTarget::new("id-7", "src-7", "key-7", key().public_pem.clone())
            .with_policies(vec!["passwordMinLength is 5".into()]),
    );
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(&target, &AccountChoice::ById("acct-7".into()), password())
        .await
        .unwrap();
    assert!(outcome.is_finished());
    assert!(isc.script.info_posts().is_empty());
    let body = &isc.script.set_password_posts()[0];
    assert_eq!(
        (
            &body["identityId"],
            &body["sourceId"],
            &body["accountId"],
            &body["publicKeyId"]
        ),
        (
            &json!("id-7"),
            &json!("src-7"),
            &json!("acct-7"),
            &json!("key-7")
        )
    );

    // Without an account list, only an accountId can be used.
    let error = isc
        .client()
        .passwords()
        .change(&target, &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            PasswordError::Account(AccountError::NoAccountList { .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn final_state_in_the_set_password_answer_fetches_details_at_once() {
    let isc = mock().await;
    isc.script.set_set_password(vec![Reply::new(
        202,
        json!({"requestId": "req-1", "state": "FINISHED"}),
    )]);
    let slow_first_poll = quick_poll().with_first_delay(Duration::from_secs(30));
    let outcome = tokio::time::timeout(
        Duration::from_secs(5),
        isc.client()
            .passwords()
            .with_poll_config(slow_first_poll)
            .change(&abby(), &AccountChoice::Only, password()),
    )
    .await
    .expect("no 30 s wait before the first poll")
    .unwrap();
    assert_eq!(outcome.polls, 1);
    assert_eq!(outcome.source_ids, ["src-1"]);
}

#[tokio::test]
async fn status_404_right_after_submission_is_waited_out() {
    let isc = mock().await;
    isc.script.set_statuses(vec![
        Reply::new(404, error_body("not found")),
        status_reply("FINISHED"),
    ]);
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .wait("req-1")
        .await
        .unwrap();
    assert!(outcome.is_finished());
    assert_eq!(outcome.polls, 2);
    assert_eq!(outcome.ids, None);
}

#[tokio::test]
async fn accepted_without_request_id_cannot_be_followed() {
    let isc = mock().await;
    isc.script
        .set_set_password(vec![Reply::new(202, json!({"state": "IN_PROGRESS"}))]);
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PasswordError::NoRequestId { state: Some(state), .. } if state == "IN_PROGRESS"),
        "{error:?}"
    );
    assert!(error.password_may_have_changed());
}

#[tokio::test]
async fn incomplete_info_is_reported_by_field() {
    let isc = mock().await;
    isc.script.set_info(Reply::ok(json!({
        "identityId": "id-1",
        "sourceId": "src-1",
        "publicKeyId": "key-1",
        "accounts": []
    })));
    let error = isc
        .client()
        .passwords()
        .change(&abby(), &AccountChoice::Only, password())
        .await
        .unwrap_err();
    assert!(
        matches!(error, PasswordError::IncompleteInfo { field: "publicKey" }),
        "{error:?}"
    );
}

#[test]
fn poll_schedule_grows_by_the_factor_up_to_the_cap() {
    let defaults = PollConfig::default();
    let waits: Vec<Duration> = (1..=6)
        .map(|poll| defaults.delay_before_poll(poll))
        .collect();
    let seconds = |s: u64| Duration::from_secs(s);
    assert_eq!(
        waits,
        [
            seconds(1),
            seconds(2),
            seconds(4),
            seconds(8),
            seconds(10),
            seconds(10)
        ]
    );
    assert_eq!(defaults.deadline(), Duration::from_secs(180));

    let gentle = PollConfig::default()
        .with_first_delay(Duration::from_millis(100))
        .with_factor(1.5)
        .with_max_delay(Duration::from_millis(300));
    let waits: Vec<u128> = (1..=5)
        .map(|poll| gentle.delay_before_poll(poll).as_millis())
        .collect();
    assert_eq!(waits, [100, 150, 225, 300, 300]);
    // A factor below 1 (or NaN) means a constant interval.
    let constant = PollConfig::default().with_factor(f64::NAN);
    assert_eq!(constant.delay_before_poll(9), Duration::from_secs(1));
}
