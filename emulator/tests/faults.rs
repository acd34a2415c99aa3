//! Fault injection, rate limiting and the request log, driven with plain `reqwest`.

mod support;

use std::time::{Duration, Instant};

use isc_emulator::{Fault, RateLimit, Route, TokenKind, UserToken};
use serde_json::json;
use support::*;

/// Submits a valid change for Jordan's Corp-AD account and returns the reply.
async fn submit(api: &Api, token: &str, password: &str) -> Reply {
    let info = api.password_info(token, JORDAN, CORP_AD).await;
    api.post(
        "/beta/set-password",
        Some(token),
        &Api::change_request(&info, password),
    )
    .await
}

#[tokio::test]
async fn status_500_fires_the_given_number_of_times_without_handling_the_request() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::Status500 { times: 2 });

    for _ in 0..2 {
        let reply = submit(&api, &token, "Never-appl1ed").await;
        assert_eq!(reply.status, 500);
        assert_eq!(reply.json()["detailCode"], "500.0 Internal Fault");
    }
    let reply = submit(&api, &token, "Third-time-1ucky").await;
    assert_eq!(reply.status, 202);
    assert_eq!(emulator.count(Route::SetPassword), 3);
    assert_eq!(emulator.faults().armed(Route::SetPassword), None);

    let request_id = reply.json()["requestId"].as_str().expect("id").to_string();
    api.final_status(&token, &request_id).await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Third-time-1ucky"));
}

#[tokio::test]
async fn status_503_and_forced_429() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let body = json!({ "userName": JORDAN, "sourceName": CORP_AD });

    emulator
        .faults()
        .set(Route::QueryPasswordInfo, Fault::Status503 { times: 1 });
    let unavailable = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(unavailable.status, 503);
    unavailable.error_text();

    emulator.faults().set(
        Route::QueryPasswordInfo,
        Fault::Status429 {
            times: 1,
            retry_after_secs: 7,
        },
    );
    let limited = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "7");
    assert!(limited.json()["message"].is_string());

    let fine = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(fine.status, 200);
}

#[tokio::test]
async fn delay_holds_the_answer_back() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::Delay {
            times: 1,
            delay: Duration::from_millis(300),
        },
    );
    let started = Instant::now();
    let reply = api
        .get("/beta/password-change-status/unknown", Some(&token))
        .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 404);

    // A client that gives up earlier sees a timeout.
    emulator.faults().set(
        Route::PasswordChangeStatus,
        Fault::Delay {
            times: 1,
            delay: Duration::from_secs(5),
        },
    );
    let error = api
        .http
        .get(format!("{}/beta/password-change-status/x", api.base))
        .bearer_auth(&token)
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn a_dropped_connection_still_applies_the_change() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::DropConnection { times: 1 });

    let sent = api
        .http
        .post(format!("{}/beta/set-password", api.base))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&Api::change_request(&info, "Dropped-but-s3t")).expect("json"))
        .send()
        .await;
    // The head arrives (with the full Content-Length), then the body breaks off.
    let response = sent.expect("the head is sent before the connection drops");
    assert_eq!(response.status(), 202);
    let body = response.bytes().await;
    assert!(body.is_err(), "the body must be cut short: {body:?}");

    assert_eq!(emulator.count(Route::SetPassword), 1);
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Dropped-but-s3t"));
}

#[tokio::test]
async fn body_rewrites_malformed_unknown_enum_extra_fields_and_nulls() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let accepted = submit(&api, &token, "Rewr1tten-pass").await.json();
    let status_path = format!(
        "/beta/password-change-status/{}",
        accepted["requestId"].as_str().expect("id")
    );
    let faults = emulator.faults();

    faults.set(
        Route::PasswordChangeStatus,
        Fault::MalformedJson { times: 1 },
    );
    let malformed = api.get(&status_path, Some(&token)).await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_slice::<serde_json::Value>(&malformed.body).is_err());

    faults.set(
        Route::PasswordChangeStatus,
        Fault::UnknownEnumValue { times: 1 },
    );
    let unknown = api.get(&status_path, Some(&token)).await.json();
    assert_eq!(unknown["state"], isc_emulator::UNKNOWN_STATE);

    faults.set(Route::PasswordChangeStatus, Fault::ExtraFields { times: 1 });
    let extra = api.get(&status_path, Some(&token)).await.json();
    assert!(extra["emulatorUnexpectedField"].is_string());
    assert!(extra["emulatorUnexpectedObject"].is_object());
    assert!(extra["requestId"].is_string());

    faults.set(Route::PasswordChangeStatus, Fault::Nulls { times: 1 });
    let nulls = api.get(&status_path, Some(&token)).await.json();
    assert!(
        nulls["errors"].is_null() && nulls["sourceIds"].is_null(),
        "{nulls}"
    );
    assert!(nulls["state"].is_string());

    let normal = api.get(&status_path, Some(&token)).await.json();
    assert!(normal["errors"].is_array());
    assert_eq!(emulator.count(Route::PasswordChangeStatus), 5);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_per_client() {
    let emulator = start(
        config()
            .with_rate_limit(Some(RateLimit {
                requests: 3,
                window: Duration::from_millis(1500),
            }))
            .with_user_token(UserToken::new("jordan-pat", JORDAN)),
    )
    .await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let path = "/beta/password-change-status/unknown";

    for _ in 0..3 {
        assert_eq!(api.get(path, Some(&token)).await.status, 404);
    }
    let limited = api.get(path, Some(&token)).await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.json(),
        json!({ "message": " Rate Limit Exceeded " })
    );
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("whole seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");

    // Another client has its own budget; the token endpoint is not limited.
    assert_eq!(api.get(path, Some("jordan-pat")).await.status, 404);
    api.token().await;

    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(api.get(path, Some(&token)).await.status, 404);
}

#[tokio::test]
async fn the_request_log_records_method_path_token_kind_and_status() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    api.get("/beta/password-change-status/abc", Some(&token))
        .await;
    api.get("/nowhere", None).await;

    let log = emulator.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (
            log[0].method.as_str(),
            log[0].route,
            log[0].token,
            log[0].status
        ),
        ("POST", Some(Route::OAuthToken), TokenKind::None, Some(200))
    );
    assert_eq!(log[1].path, "/beta/password-change-status/abc");
    assert_eq!(
        (log[1].route, log[1].token, log[1].status),
        (
            Some(Route::PasswordChangeStatus),
            TokenKind::ClientCredentials,
            Some(404)
        )
    );
    assert_eq!((log[2].route, log[2].status), (None, Some(404)));

    emulator.clear_requests();
    assert!(emulator.requests().is_empty());
    assert_eq!(emulator.count(Route::OAuthToken), 0);
}
