//! End to end through the SDK's runtime and generated operations against the emulator:
//! retries, rate limits, token refresh, timeouts and tolerant decoding.

mod e2e_support;

use sailpoint_password::PasswordsExt as _;
use std::time::{Duration, Instant};

use e2e_support::*;
use isc_emulator::{Fault, RateLimit, Route, TokenKind};
use sailpoint_beta::apis::password_management::{
    GetIdentityPasswordChangeStatusError, SetIdentityPasswordError,
};
use sailpoint_beta::models::{
    PasswordChangeRequest, PasswordChangeState, PasswordInfo, PasswordInfoQueryDto,
};
use sailpoint_beta::runtime::{CallOptions, Error, RetryConfig, TimeoutKind};
use sailpoint_beta::Client;
use sailpoint_password::PublicKey;
use secrecy::SecretString;

async fn jordan_info(client: &Client) -> PasswordInfo {
    client
        .password_management()
        .query_password_info(
            &PasswordInfoQueryDto::new()
                .with_user_name(JORDAN)
                .with_source_name(CORP_AD),
        )
        .send()
        .await
        .expect("query-password-info succeeds")
        .into_inner()
}

/// A set-password body for Jordan's Corp-AD account, encrypted with the SDK.
fn change_request(info: &PasswordInfo, password: &str) -> PasswordChangeRequest {
    let key = PublicKey::parse(info.public_key.as_deref().expect("publicKey")).expect("key parses");
    let encrypted = key
        .encrypt(&SecretString::from(password.to_owned()))
        .expect("encrypts");
    let mut request = PasswordChangeRequest::new()
        .with_encrypted_password(encrypted.as_str())
        .with_account_id(JORDAN_AD_ACCOUNT);
    request.identity_id = info.identity_id.clone();
    request.public_key_id = info.public_key_id.clone();
    request.source_id = info.source_id.clone();
    request
}

/// Submits a change and returns its request ID.
async fn submit(client: &Client, password: &str) -> String {
    let info = jordan_info(client).await;
    client
        .password_management()
        .set_identity_password(&change_request(&info, password))
        .send()
        .await
        .expect("set-password is accepted")
        .into_inner()
        .request_id
        .flatten()
        .expect("requestId")
}

fn statuses(emulator: &isc_emulator::Emulator, route: Route) -> Vec<Option<u16>> {
    emulator
        .requests()
        .iter()
        .filter(|request| request.route == Some(route))
        .map(|request| request.status)
        .collect()
}

#[tokio::test]
async fn a_429_is_waited_out_for_retry_after_then_the_post_succeeds() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let info = jordan_info(&client).await;
    emulator.faults().set(
        Route::SetPassword,
        Fault::Status429 {
            times: 1,
            retry_after_secs: 1,
        },
    );

    let started = Instant::now();
    let accepted = client
        .password_management()
        .set_identity_password(&change_request(&info, "After-the-wa1t"))
        .send()
        .await
        .expect("accepted after the 429");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(accepted.state, Some(PasswordChangeState::InProgress));
    assert_eq!(
        statuses(&emulator, Route::SetPassword),
        [Some(429), Some(202)]
    );
}

#[tokio::test]
async fn the_real_rate_limit_is_respected_through_retry_after() {
    let emulator = start(config().with_rate_limit(Some(RateLimit {
        requests: 3,
        window: Duration::from_millis(1200),
    })))
    .await;
    let client = client(&emulator);
    let request_id = submit(&client, "Rate-limited-1").await; // 2 requests of the 3

    let started = Instant::now();
    for _ in 0..2 {
        client
            .password_management()
            .get_identity_password_change_status(&request_id)
            .send()
            .await
            .expect("status succeeds, after waiting when limited");
    }
    let log = statuses(&emulator, Route::PasswordChangeStatus);
    assert_eq!(log, [Some(200), Some(429), Some(200)]);
    let limited = emulator
        .requests()
        .into_iter()
        .find(|request| request.status == Some(429))
        .expect("one 429");
    assert_eq!(limited.token, TokenKind::ClientCredentials);
    // Retry-After was 1 or 2 s (rounded up); the client waited at least that.
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_503_on_the_status_get_is_retried_and_succeeds() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Retried-stat5s").await;
    emulator
        .faults()
        .set(Route::PasswordChangeStatus, Fault::Status503 { times: 2 });

    let status = client
        .password_management()
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect("third attempt succeeds")
        .into_inner();
    assert_eq!(
        status.request_id.clone().flatten().as_deref(),
        Some(request_id.as_str())
    );
    assert_eq!(
        statuses(&emulator, Route::PasswordChangeStatus),
        [Some(503), Some(503), Some(200)]
    );
}

#[tokio::test]
async fn a_500_on_set_password_is_seen_once_and_may_have_been_processed() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let info = jordan_info(&client).await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::Status500 { times: 1 });

    let error = client
        .password_management()
        .set_identity_password(&change_request(&info, "Server-err0r-1"))
        .send()
        .await
        .expect_err("500");
    assert_eq!(
        emulator.count(Route::SetPassword),
        1,
        "a POST is never repeated"
    );
    assert!(error.may_have_been_processed());
    let message = error.to_string();
    assert!(
        message.contains("HTTP 500")
            && message.contains("(1 attempt; the server may have processed the request)"),
        "{message}"
    );
    match &error {
        Error::Service(service) => {
            assert_eq!(service.attempts, 1);
            assert!(matches!(
                service.error,
                SetIdentityPasswordError::InternalServerError(_)
            ));
            assert!(service.error.tracking_id().is_some());
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_dropped_connection_on_set_password_is_not_retried() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let info = jordan_info(&client).await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::DropConnection { times: 1 });

    let error = client
        .password_management()
        .set_identity_password(&change_request(&info, "Dropped-c0nnection"))
        .send()
        .await
        .expect_err("the answer is cut short");
    assert_eq!(emulator.count(Route::SetPassword), 1);
    assert!(error.may_have_been_processed(), "{error}");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(
        transport.to_string().contains("may have processed"),
        "{transport}"
    );
    // The emulator did apply it, which is exactly why the SDK must not send it again.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Dropped-c0nnection"));
}

#[tokio::test]
async fn a_token_expiring_mid_run_is_refreshed_once_for_16_concurrent_calls() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Expiring-t0ken").await;
    assert_eq!(emulator.count(Route::OAuthToken), 1);

    emulator.expire_tokens();
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let request_id = request_id.clone();
            tokio::spawn(async move {
                client
                    .password_management()
                    .get_identity_password_change_status(&request_id)
                    .send()
                    .await
                    .map(|status| status.into_inner())
            })
        })
        .collect();
    for call in calls {
        call.await
            .expect("task finishes")
            .expect("every call succeeds after the refresh");
    }
    assert_eq!(emulator.count(Route::OAuthToken), 2, "exactly one refresh");
    let expired = emulator
        .requests()
        .iter()
        .filter(|request| request.token == TokenKind::Expired)
        .count();
    assert!(expired >= 1, "the expired token was presented and refused");
    assert_eq!(
        emulator
            .requests()
            .iter()
            .filter(|r| r.route == Some(Route::PasswordChangeStatus) && r.status == Some(200))
            .count(),
        16
    );
}

#[tokio::test]
async fn a_short_token_lifetime_is_refreshed_before_it_runs_out() {
    let emulator = start(config().with_token_lifetime(Duration::from_secs(2))).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Short-l1fetime").await;
    // The client refreshes at half the lifetime at the latest, so after 1.1 s every call
    // below needs a new token, and concurrent callers share one refresh.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let request_id = request_id.clone();
            tokio::spawn(async move {
                client
                    .password_management()
                    .get_identity_password_change_status(&request_id)
                    .send()
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    for call in calls {
        call.await.expect("task finishes").expect("call succeeds");
    }
    assert_eq!(emulator.count(Route::OAuthToken), 2);
    assert!(
        emulator
            .requests()
            .iter()
            .all(|request| request.status != Some(401)),
        "no request was refused: the refresh came first"
    );
}

#[tokio::test]
async fn a_timeout_gives_a_clear_error() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Slow-answer-1").await;
    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::Delay {
            times: u32::MAX,
            delay: Duration::from_secs(5),
        },
    );

    let started = Instant::now();
    let error = client
        .password_management()
        .with_options(
            CallOptions::new()
                .with_timeout(Duration::from_millis(200))
                .with_retry(RetryConfig::disabled()),
        )
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect_err("times out");
    assert!(started.elapsed() < Duration::from_secs(2));
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.timeout(), Some(TimeoutKind::Request));
    let message = error.to_string();
    assert!(message.contains("request timeout (200ms)"), "{message}");
    assert!(
        message.contains("getIdentityPasswordChangeStatus"),
        "{message}"
    );
}

#[tokio::test]
async fn unknown_enum_values_extra_fields_and_nulls_decode() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Tolerant-dec0de").await;
    let api = client.password_management();
    let faults = emulator.faults();

    faults.set(
        Route::PasswordChangeStatus,
        Fault::UnknownEnumValue { times: 1 },
    );
    let status = api
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect("an unknown state still decodes")
        .into_inner();
    let state = status.state.expect("state");
    assert_eq!(state.as_str(), "CANCELLED");
    assert!(!matches!(
        state,
        PasswordChangeState::InProgress
            | PasswordChangeState::Finished
            | PasswordChangeState::Failed
    ));

    faults.set(Route::PasswordChangeStatus, Fault::ExtraFields { times: 1 });
    let status = api
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect("extra fields are ignored")
        .into_inner();
    assert_eq!(
        status.request_id.clone().flatten().as_deref(),
        Some(request_id.as_str())
    );

    faults.set(Route::PasswordChangeStatus, Fault::Nulls { times: 1 });
    let status = api
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect("nulls decode as absent")
        .into_inner();
    assert_eq!(status.errors, None);
    assert_eq!(status.source_ids, None);

    faults.set(Route::QueryPasswordInfo, Fault::ExtraFields { times: 1 });
    let info = jordan_info(&client).await;
    assert_eq!(info.accounts.map(|accounts| accounts.len()), Some(1));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_and_unknown_ids_a_typed_404() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let request_id = submit(&client, "Malf0rmed-json").await;
    let api = client.password_management();

    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::MalformedJson { times: 1 },
    );
    let error = api
        .get_identity_password_change_status(&request_id)
        .send()
        .await
        .expect_err("half a body is not JSON");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");

    let error = api
        .get_identity_password_change_status("no-such-request")
        .send()
        .await
        .expect_err("404");
    match error {
        Error::Service(service) => match service.error {
            GetIdentityPasswordChangeStatusError::NotFound(body) => {
                assert_eq!(body.detail_code.as_deref(), Some("404 Not found"));
                assert!(body.tracking_id.is_some());
            }
            other => panic!("expected NotFound, got {other:?}"),
        },
        other => panic!("expected a service error, got {other:?}"),
    }
}

// The emulator behaving like an unfriendly ISC: the cases the end-to-end tests were blind to.

#[tokio::test]
async fn a_retry_after_http_date_is_waited_out() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    emulator.faults().set(
        Route::QueryPasswordInfo,
        Fault::Status429Date {
            times: 1,
            retry_after: Duration::from_secs(2),
        },
    );
    let started = Instant::now();
    jordan_info(&client).await;
    // An HTTP-date has whole seconds, so "2 s from now" is between 1 and 2 s away; the
    // client's own backoff here is at most 100 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(
        statuses(&emulator, Route::QueryPasswordInfo),
        [Some(429), Some(200)]
    );
}

#[tokio::test]
async fn a_rotated_key_makes_isc_refuse_the_old_public_key_id() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let before = jordan_info(&client).await;
    emulator.rotate_key(CORP_AD).await.expect("rotated");
    let after = jordan_info(&client).await;
    assert_ne!(before.public_key_id, after.public_key_id);

    let error = client
        .password_management()
        .set_identity_password(&change_request(&before, "Stale-key-123"))
        .send()
        .await
        .expect_err("the stale key is refused");
    let Error::Service(failure) = &error else {
        panic!("{error:?}");
    };
    assert!(
        matches!(failure.error, SetIdentityPasswordError::BadRequest(_)),
        "{:?}",
        failure.error
    );
    assert!(!error.may_have_been_processed());
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, INITIAL_PASSWORD));
    // With the new key it goes through.
    client
        .password_management()
        .set_identity_password(&change_request(&after, "Fresh-key-123"))
        .send()
        .await
        .expect("accepted");
}

#[tokio::test]
async fn a_change_not_yet_visible_to_the_status_endpoint_is_polled_until_it_is() {
    let emulator = start(config().with_status_visibility_delay(Duration::from_millis(300))).await;
    let client = client(&emulator);
    let outcome = client
        .passwords()
        .with_poll_config(
            sailpoint_password::PollConfig::default()
                .with_first_delay(Duration::from_millis(20))
                .with_max_delay(Duration::from_millis(100))
                .with_deadline(Duration::from_secs(5)),
        )
        .change(
            &sailpoint_password::PasswordTarget::user(JORDAN, CORP_AD),
            &sailpoint_password::AccountChoice::Only,
            SecretString::from("Eventually-v1sible"),
        )
        .await
        .expect("completes")
        .into_result()
        .expect("FINISHED");
    assert_eq!(outcome.state, PasswordChangeState::Finished);
    let polls = statuses(&emulator, Route::PasswordChangeStatus);
    assert_eq!(polls.first(), Some(&Some(404)), "{polls:?}");
    assert_eq!(polls.last(), Some(&Some(200)), "{polls:?}");
}

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_clients_limit() {
    let emulator = start(config()).await;
    let client = Client::from(
        builder(&emulator)
            .max_response_body(256 * 1024)
            .build()
            .expect("client builds"),
    );
    emulator.faults().set(
        Route::QueryPasswordInfo,
        Fault::OversizedBody {
            times: 1,
            bytes: 64 * 1024 * 1024,
        },
    );
    let error = client
        .password_management()
        .query_password_info(
            &PasswordInfoQueryDto::new()
                .with_user_name(JORDAN)
                .with_source_name(CORP_AD),
        )
        .send()
        .await
        .expect_err("too large");
    let Error::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert!(
        matches!(
            transport.kind(),
            sailpoint_beta::runtime::TransportErrorKind::ResponseTooLarge { limit: 262_144 }
        ),
        "{transport}"
    );
}

#[tokio::test]
async fn token_lifetimes_of_zero_or_u64_max_neither_crash_nor_flood_the_token_endpoint() {
    for announced in [0, u64::MAX] {
        let emulator = start(config().with_announced_expires_in(announced)).await;
        let client = client(&emulator);
        for _ in 0..4 {
            jordan_info(&client).await;
        }
        assert_eq!(
            emulator.count(Route::OAuthToken),
            1,
            "expires_in {announced}: one token serves calls in quick succession"
        );
    }
}
