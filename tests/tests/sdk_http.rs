//! The generated operations over real HTTP against a recording server on loopback: what goes
//! on the wire (method, path, headers, body bytes) and how every documented status comes back.

mod recording_server;

use std::time::Duration;

use axum::http::Method;
use recording_server::{header, Recorded, Server};
use sailpoint_beta::apis::password_management::{
    CreateDigitTokenError, GetIdentityPasswordChangeStatusError, QueryPasswordInfoError,
    SetIdentityPasswordError,
};
use sailpoint_beta::models::{
    PasswordChangeRequest, PasswordChangeState, PasswordDigitTokenReset, PasswordInfoQueryDto,
};
use sailpoint_beta::runtime::{Client, Error, RetryConfig};
use secrecy::SecretString;

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(&server.url)
        .bearer_token(SecretString::from("test-token"))
        .retry(RetryConfig::disabled())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

const ERROR_BODY: &str = r#"{"detailCode":"400.1 Bad Request Content","trackingId":"e7eab60924f64aa284175b9fa3309599","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"Bad input"}],"causes":[]}"#;

fn assert_json_post(recorded: &Recorded, path: &str, body: &str) {
    assert_eq!(recorded.method, Method::POST);
    assert_eq!(recorded.path, path);
    assert_eq!(header(recorded, "authorization"), "Bearer test-token");
    assert_eq!(header(recorded, "content-type"), "application/json");
    assert_eq!(header(recorded, "accept"), "application/json");
    assert_eq!(std::str::from_utf8(&recorded.body).unwrap(), body);
}

#[tokio::test]
async fn query_password_info_sends_json_and_decodes_the_answer() {
    let server = Server::start().await;
    server.answer(
        200,
        r#"{"identityId":"i1","sourceId":"s1","publicKeyId":"k1","publicKey":"AAAA","accounts":[{"accountId":"CN=Jordan","accountName":"jordan"}],"policies":["passwordMinLength is 8"],"futureField":true}"#,
        &[],
    );
    let query = PasswordInfoQueryDto {
        user_name: Some("Jordan.Lee".to_owned()),
        source_name: Some("Corp-AD".to_owned()),
    };
    let info = client(&server)
        .password_management()
        .query_password_info(&query)
        .await
        .unwrap();
    assert_json_post(
        &server.last(),
        "/beta/query-password-info",
        r#"{"userName":"Jordan.Lee","sourceName":"Corp-AD"}"#,
    );
    assert_eq!(info.status(), 200);
    assert_eq!(info.identity_id.as_deref(), Some("i1"));
    let accounts = info.accounts.as_ref().unwrap();
    assert_eq!(accounts[0].account_id.as_deref(), Some("CN=Jordan"));
    assert_eq!(
        info.policies.as_deref(),
        Some(&["passwordMinLength is 8".to_owned()][..])
    );
}

#[tokio::test]
async fn set_identity_password_returns_the_accepted_request() {
    let server = Server::start().await;
    server.answer(202, r#"{"requestId":"r1","state":"IN_PROGRESS"}"#, &[]);
    let request = PasswordChangeRequest {
        identity_id: Some("i1".to_owned()),
        encrypted_password: Some("Y2lwaGVy".to_owned()),
        public_key_id: Some("k1".to_owned()),
        account_id: Some("CN=Jordan".to_owned()),
        source_id: Some("s1".to_owned()),
    };
    let accepted = client(&server)
        .password_management()
        .set_identity_password(&request)
        .await
        .unwrap();
    assert_json_post(
        &server.last(),
        "/beta/set-password",
        r#"{"identityId":"i1","encryptedPassword":"Y2lwaGVy","publicKeyId":"k1","accountId":"CN=Jordan","sourceId":"s1"}"#,
    );
    assert_eq!(accepted.status(), 202);
    assert_eq!(accepted.request_id.as_deref(), Some("r1"));
    assert_eq!(accepted.state, Some(PasswordChangeState::InProgress));
}

#[tokio::test]
async fn create_digit_token_skips_absent_optional_fields() {
    let server = Server::start().await;
    server.answer(200, r#"{"digitToken":"09087713","requestId":"r2"}"#, &[]);
    let reset = PasswordDigitTokenReset {
        user_id: "Jordan.Lee".to_owned(),
        length: Some(8),
        duration_minutes: None,
    };
    let token = client(&server)
        .password_management()
        .create_digit_token(&reset)
        .await
        .unwrap();
    assert_json_post(
        &server.last(),
        "/beta/generate-password-reset-token/digit",
        r#"{"userId":"Jordan.Lee","length":8}"#,
    );
    assert_eq!(token.digit_token.as_deref(), Some("09087713"));
}

#[tokio::test]
async fn status_get_percent_encodes_the_id_and_sends_no_body() {
    let server = Server::start().await;
    server.answer(
        200,
        r#"{"requestId":null,"state":"CANCELLED","errors":["x"],"sourceIds":["s1"]}"#,
        &[],
    );
    let status = client(&server)
        .password_management()
        .get_identity_password_change_status("a/b c?d")
        .await
        .unwrap();
    let recorded = server.last();
    assert_eq!(recorded.method, Method::GET);
    assert_eq!(recorded.path, "/beta/password-change-status/a%2Fb%20c%3Fd");
    assert_eq!(header(&recorded, "authorization"), "Bearer test-token");
    assert_eq!(header(&recorded, "accept"), "application/json");
    assert_eq!(header(&recorded, "content-type"), "");
    assert!(recorded.body.is_empty());
    assert_eq!(status.request_id, None);
    assert_eq!(
        status.state.as_ref().map(|state| state.as_str()),
        Some("CANCELLED")
    );
    assert_eq!(status.errors.as_deref(), Some(&["x".to_owned()][..]));
}

/// The typed error of a call, which must be a documented status.
fn service_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> sailpoint_beta::runtime::ServiceError<E> {
    match result {
        Err(Error::Service(error)) => error,
        other => panic!("expected a documented error status, got {other:?}"),
    }
}

#[tokio::test]
async fn every_documented_error_status_is_typed() {
    let server = Server::start().await;
    let client = client(&server);
    let api = client.password_management();
    let query = PasswordInfoQueryDto::default();
    let change = PasswordChangeRequest::default();
    let reset = PasswordDigitTokenReset {
        user_id: "u".to_owned(),
        length: None,
        duration_minutes: None,
    };

    for status in [400, 403, 500] {
        server.answer(status, ERROR_BODY, &[]);
        let error = service_error(api.query_password_info(&query).await);
        assert_eq!(error.status.as_u16(), status);
        assert_eq!(error.error.status(), status);
        assert_eq!(
            error.error.tracking_id(),
            Some("e7eab60924f64aa284175b9fa3309599")
        );
        let detail = match (status, &error.error) {
            (400, QueryPasswordInfoError::BadRequest(body))
            | (403, QueryPasswordInfoError::Forbidden(body))
            | (500, QueryPasswordInfoError::InternalServerError(body)) => body,
            (_, other) => panic!("status {status} gave {other:?}"),
        };
        let message = &detail.messages.as_ref().unwrap()[0];
        assert_eq!(message.text.as_deref(), Some("Bad input"));
        assert_eq!(
            message.locale_origin.as_ref().map(|o| o.as_str()),
            Some("DEFAULT")
        );

        let error = service_error(api.set_identity_password(&change).await);
        assert_eq!(error.error.status(), status);
        let error = service_error(api.create_digit_token(&reset).await);
        assert_eq!(error.error.status(), status);
        let error = service_error(api.get_identity_password_change_status("r").await);
        assert_eq!(error.error.status(), status);
    }

    server.answer(
        401,
        r#"{"error":"JWT validation failed: JWT is expired"}"#,
        &[],
    );
    match service_error(api.set_identity_password(&change).await).error {
        SetIdentityPasswordError::Unauthorized(body) => {
            assert_eq!(
                body.error.as_deref(),
                Some("JWT validation failed: JWT is expired")
            )
        }
        other => panic!("{other:?}"),
    }

    server.answer(
        429,
        r#"{"message":"Rate Limit Exceeded"}"#,
        &[("retry-after", "7")],
    );
    match service_error(api.create_digit_token(&reset).await).error {
        CreateDigitTokenError::TooManyRequests { body, retry_after } => {
            assert_eq!(body.message.as_deref(), Some("Rate Limit Exceeded"));
            assert_eq!(retry_after.map(|r| r.delay()), Some(Duration::from_secs(7)));
        }
        other => panic!("{other:?}"),
    }

    server.answer(404, ERROR_BODY, &[]);
    let error = service_error(api.get_identity_password_change_status("missing").await);
    assert!(matches!(
        error.error,
        GetIdentityPasswordChangeStatusError::NotFound(_)
    ));
    assert_eq!(
        error.to_string(),
        "the API answered HTTP 404 Not Found: getIdentityPasswordChangeStatus failed with HTTP status 404 (tracking id e7eab60924f64aa284175b9fa3309599)"
    );
}

#[tokio::test]
async fn undocumented_statuses_and_bad_bodies_keep_the_raw_response() {
    let server = Server::start().await;
    let client = client(&server);
    let api = client.password_management();

    server.answer(418, "short and stout", &[("x-extra", "1")]);
    match api.get_identity_password_change_status("r").await {
        Err(Error::UnexpectedStatus(response)) => {
            assert_eq!(response.status.as_u16(), 418);
            assert_eq!(response.headers.get("x-extra").unwrap(), "1");
            assert_eq!(&response.body[..], b"short and stout");
        }
        other => panic!("{other:?}"),
    }

    let requests_before = server.count();
    server.answer(200, "{not json", &[]);
    match api.get_identity_password_change_status("r").await {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            assert_eq!(&error.body()[..], b"{not json");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count(), requests_before + 1);
}
