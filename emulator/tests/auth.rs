//! The emulator's token endpoint and bearer-token checks, driven with plain `reqwest`.

mod support;

use std::time::Duration;

use isc_emulator::{TokenKind, UserToken, DEFAULT_CLIENT_ID};
use serde_json::json;
use support::*;

#[tokio::test]
async fn client_credentials_grant_issues_an_expiring_bearer_token() {
    let emulator = start(config().with_token_lifetime(Duration::from_secs(90))).await;
    let api = Api::new(&emulator);
    let reply = api
        .token_reply(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "emulator-secret"),
        ])
        .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 90);
    let token = body["access_token"].as_str().expect("access_token");
    let info = api.password_info(token, JORDAN, CORP_AD).await;
    assert_eq!(info["identityId"], JORDAN_ID);
}

#[tokio::test]
async fn wrong_secret_unknown_grant_and_bad_encoding_are_refused() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);

    let wrong_secret = api
        .token_reply(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "not-the-secret"),
        ])
        .await;
    assert_eq!(wrong_secret.status, 401);
    assert_eq!(wrong_secret.json()["error"], "invalid_client");

    let password_grant = api
        .token_reply(&[
            ("grant_type", "password"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "emulator-secret"),
        ])
        .await;
    assert_eq!(password_grant.status, 400);
    assert_eq!(password_grant.json()["error"], "unsupported_grant_type");

    let missing_secret = api
        .token_reply(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
        ])
        .await;
    assert_eq!(missing_secret.status, 400);
    assert_eq!(missing_secret.json()["error"], "invalid_request");

    let json_body = api
        .post(
            "/oauth/token",
            None,
            &json!({ "grant_type": "client_credentials" }),
        )
        .await;
    assert_eq!(json_body.status, 400);
    assert_eq!(json_body.json()["error"], "invalid_request");
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens_get_401_with_an_error_field() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let body = json!({ "userName": JORDAN, "sourceName": CORP_AD });

    let missing = api.post("/beta/query-password-info", None, &body).await;
    assert_eq!(missing.status, 401);
    assert!(missing.json()["error"].is_string());

    let unknown = api
        .post("/beta/query-password-info", Some("made-up"), &body)
        .await;
    assert_eq!(unknown.status, 401);

    let token = api.token().await;
    emulator.expire_tokens();
    let expired = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.json()["error"],
        "JWT validation failed: JWT is expired"
    );

    let kinds: Vec<TokenKind> = emulator
        .requests()
        .iter()
        .filter(|request| request.path == "/beta/query-password-info")
        .map(|request| request.token)
        .collect();
    assert_eq!(
        kinds,
        [TokenKind::None, TokenKind::Invalid, TokenKind::Expired]
    );
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime() {
    let emulator = start(config().with_token_lifetime(Duration::from_millis(300))).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let body = json!({ "userName": JORDAN, "sourceName": CORP_AD });
    let fresh = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(fresh.status, 200);
    tokio::time::sleep(Duration::from_millis(350)).await;
    let stale = api
        .post("/beta/query-password-info", Some(&token), &body)
        .await;
    assert_eq!(stale.status, 401);
}

#[tokio::test]
async fn user_context_tokens_are_refused_by_query_password_info_with_403() {
    let emulator = start(config().with_user_token(UserToken::new("jordan-pat", JORDAN))).await;
    let api = Api::new(&emulator);
    let reply = api
        .post(
            "/beta/query-password-info",
            Some("jordan-pat"),
            &json!({ "userName": JORDAN, "sourceName": CORP_AD }),
        )
        .await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.json()["detailCode"], "403 Forbidden");
    assert!(reply.error_text().contains("API authority"));
    assert_eq!(emulator.requests()[0].token, TokenKind::UserContext);
}

#[tokio::test]
async fn a_user_token_for_an_unknown_user_stops_the_start() {
    let error =
        isc_emulator::Emulator::start(config().with_user_token(UserToken::new("t", "Nobody")))
            .await
            .expect_err("unknown user");
    assert!(error.to_string().contains("\"Nobody\""), "{error}");
}

#[tokio::test]
async fn only_loopback_addresses_are_served() {
    let error = isc_emulator::Emulator::start(
        config().with_bind_address("0.0.0.0:0".parse().expect("address")),
    )
    .await
    .expect_err("not loopback");
    assert!(error.to_string().contains("loopback"), "{error}");
}

#[tokio::test]
async fn a_client_without_a_scope_gets_403_on_the_operations_that_need_it() {
    let emulator = start(
        config().with_client(
            isc_emulator::ClientCredentials::new(DEFAULT_CLIENT_ID, "scoped-secret")
                .with_scopes(["idn:password-info:read"]),
        ),
    )
    .await;
    let api = Api::new(&emulator);
    let granted = api
        .token_reply(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "scoped-secret"),
        ])
        .await;
    assert_eq!(granted.status, 200);
    assert_eq!(granted.json()["scope"], "idn:password-info:read");
    let token = granted.json()["access_token"].as_str().unwrap().to_owned();

    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    let refused = api
        .post(
            "/beta/set-password",
            Some(&token),
            &Api::change_request(&info, "Scoped-passw0rd"),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.error_text().contains("idn:password-change:manage"),
        "{}",
        refused.error_text()
    );
    let status = api
        .get("/password-change-status/v1/anything", Some(&token))
        .await;
    assert_eq!(status.status, 403);
}
