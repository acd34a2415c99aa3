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
    ErrorResponseDto, LocaleOrigin, PasswordChangeRequest, PasswordChangeState,
    PasswordDigitTokenReset, PasswordInfoQueryDto, TooManyRequestsError, UnauthorizedError,
};
use sailpoint_beta::runtime::{Error, RetryAfter, RetryConfig};
use sailpoint_beta::{runtime, Client};
use secrecy::SecretString;

fn client(server: &Server) -> Client {
    runtime::Client::builder()
        .base_url(&server.url)
        .bearer_token(SecretString::from("test-token"))
        .retry(RetryConfig::disabled())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .into()
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
    let query = PasswordInfoQueryDto::new()
        .with_user_name("Jordan.Lee")
        .with_source_name("Corp-AD");
    let info = client(&server)
        .password_management()
        .query_password_info(&query)
        .send()
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
    let request = PasswordChangeRequest::new()
        .with_identity_id("i1")
        .with_encrypted_password("Y2lwaGVy")
        .with_public_key_id("k1")
        .with_account_id("CN=Jordan")
        .with_source_id("s1");
    let accepted = client(&server)
        .password_management()
        .set_identity_password(&request)
        .send()
        .await
        .unwrap();
    assert_json_post(
        &server.last(),
        "/beta/set-password",
        r#"{"identityId":"i1","encryptedPassword":"Y2lwaGVy","publicKeyId":"k1","accountId":"CN=Jordan","sourceId":"s1"}"#,
    );
    assert_eq!(accepted.status(), 202);
    assert_eq!(accepted.request_id.clone().flatten().as_deref(), Some("r1"));
    assert_eq!(accepted.state, Some(PasswordChangeState::InProgress));
}

#[tokio::test]
async fn create_digit_token_skips_absent_optional_fields() {
    let server = Server::start().await;
    server.answer(200, r#"{"digitToken":"09087713","requestId":"r2"}"#, &[]);
    let reset = PasswordDigitTokenReset::new("Jordan.Lee").with_length(8);
    let token = client(&server)
        .password_management()
        .create_digit_token(&reset)
        .send()
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
        .send()
        .await
        .unwrap();
    let recorded = server.last();
    assert_eq!(recorded.method, Method::GET);
    assert_eq!(recorded.path, "/beta/password-change-status/a%2Fb%20c%3Fd");
    assert_eq!(header(&recorded, "authorization"), "Bearer test-token");
    assert_eq!(header(&recorded, "accept"), "application/json");
    assert_eq!(header(&recorded, "content-type"), "");
    assert!(recorded.body.is_empty());
    assert_eq!(status.request_id, Some(None));
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

/// A documented error's typed body, the same for every operation's error enum.
#[derive(Debug)]
enum TypedBody {
    /// `ErrorResponseDto`, with the variant's name.
    Dto(&'static str, ErrorResponseDto),
    Unauthorized(UnauthorizedError),
    TooManyRequests(TooManyRequestsError, Option<RetryAfter>),
}

/// Reads any operation's error enum into a [`TypedBody`]; `NotFound` only where documented.
macro_rules! typed_body {
    ($enum:ident, $error:expr $(, $not_found:ident)?) => {
        match $error {
            $enum::BadRequest(body) => TypedBody::Dto("BadRequest", body),
            $enum::Unauthorized(body) => TypedBody::Unauthorized(body),
            $enum::Forbidden(body) => TypedBody::Dto("Forbidden", body),
            $( $enum::$not_found(body) => TypedBody::Dto("NotFound", body), )?
            $enum::TooManyRequests { body, retry_after } => {
                TypedBody::TooManyRequests(body, retry_after)
            }
            $enum::InternalServerError(body) => TypedBody::Dto("InternalServerError", body),
            other => panic!("an undocumented variant: {other:?}"),
        }
    };
}

/// Checks what one answer with a documented error `status` came back as.
fn check_typed_body(operation: &str, status: u16, typed: TypedBody) {
    let context = format!("{operation} answered {status}");
    match (status, typed) {
        (400, TypedBody::Dto("BadRequest", body))
        | (403, TypedBody::Dto("Forbidden", body))
        | (404, TypedBody::Dto("NotFound", body))
        | (500, TypedBody::Dto("InternalServerError", body)) => {
            assert_eq!(
                body.tracking_id.as_deref(),
                Some("e7eab60924f64aa284175b9fa3309599"),
                "{context}"
            );
            assert_eq!(
                body.detail_code.as_deref(),
                Some("400.1 Bad Request Content")
            );
            let message = &body.messages.as_ref().expect("messages")[0];
            assert_eq!(message.text.as_deref(), Some("Bad input"), "{context}");
            assert_eq!(
                message.locale.clone().flatten().as_deref(),
                Some("en-US"),
                "{context}"
            );
            assert_eq!(
                message
                    .locale_origin
                    .clone()
                    .flatten()
                    .as_ref()
                    .map(LocaleOrigin::as_str),
                Some("DEFAULT"),
                "{context}"
            );
        }
        (401, TypedBody::Unauthorized(body)) => assert_eq!(
            body.error.as_deref(),
            Some("JWT validation failed: JWT is expired"),
            "{context}"
        ),
        (429, TypedBody::TooManyRequests(body, retry_after)) => {
            assert_eq!(
                body.message.as_deref(),
                Some("Rate Limit Exceeded"),
                "{context}"
            );
            assert_eq!(
                retry_after.map(|after| after.delay()),
                Some(Duration::from_secs(7)),
                "{context}"
            );
        }
        (_, typed) => panic!("{context} and gave {typed:?}"),
    }
}

/// The body and headers the fake ISC answers a documented error `status` with.
fn error_answer(status: u16) -> (&'static str, &'static [(&'static str, &'static str)]) {
    match status {
        401 => (r#"{"error":"JWT validation failed: JWT is expired"}"#, &[]),
        429 => (
            r#"{"message":"Rate Limit Exceeded"}"#,
            &[("retry-after", "7")],
        ),
        _ => (ERROR_BODY, &[]),
    }
}

#[tokio::test]
async fn every_documented_error_status_of_every_operation_is_typed() {
    let server = Server::start().await;
    let client = client(&server);
    let api = client.password_management();
    let query = PasswordInfoQueryDto::new()
        .with_user_name("Jordan.Lee")
        .with_source_name("Corp-AD");
    let change = PasswordChangeRequest::new().with_identity_id("i1");
    let reset = PasswordDigitTokenReset::new("u");
    let common = [400, 401, 403, 429, 500];

    for status in common {
        let (body, headers) = error_answer(status);
        server.answer(status, body, headers);

        let error = service_error(api.query_password_info(&query).send().await);
        assert_eq!(
            (error.status.as_u16(), error.error.status()),
            (status, status)
        );
        assert_json_post(
            &server.last(),
            "/beta/query-password-info",
            r#"{"userName":"Jordan.Lee","sourceName":"Corp-AD"}"#,
        );
        check_typed_body(
            "queryPasswordInfo",
            status,
            typed_body!(QueryPasswordInfoError, error.into_error()),
        );

        let error = service_error(api.set_identity_password(&change).send().await);
        assert_eq!(
            (error.status.as_u16(), error.error.status()),
            (status, status)
        );
        assert_json_post(
            &server.last(),
            "/beta/set-password",
            r#"{"identityId":"i1"}"#,
        );
        check_typed_body(
            "setIdentityPassword",
            status,
            typed_body!(SetIdentityPasswordError, error.into_error()),
        );

        let error = service_error(api.create_digit_token(&reset).send().await);
        assert_eq!(
            (error.status.as_u16(), error.error.status()),
            (status, status)
        );
        assert_json_post(
            &server.last(),
            "/beta/generate-password-reset-token/digit",
            r#"{"userId":"u"}"#,
        );
        check_typed_body(
            "createDigitToken",
            status,
            typed_body!(CreateDigitTokenError, error.into_error()),
        );
    }

    for status in [400, 401, 403, 404, 429, 500] {
        let (body, headers) = error_answer(status);
        server.answer(status, body, headers);
        let error = service_error(api.get_identity_password_change_status("r-1").send().await);
        assert_eq!(
            (error.status.as_u16(), error.error.status()),
            (status, status)
        );
        let recorded = server.last();
        assert_eq!(recorded.method, Method::GET);
        assert_eq!(recorded.path, "/beta/password-change-status/r-1");
        assert_eq!(header(&recorded, "authorization"), "Bearer test-token");
        assert_eq!(header(&recorded, "accept"), "application/json");
        assert!(recorded.body.is_empty());
        check_typed_body(
            "getIdentityPasswordChangeStatus",
            status,
            typed_body!(
                GetIdentityPasswordChangeStatusError,
                error.into_error(),
                NotFound
            ),
        );
    }

    // The message names the status, the attempts, the outcome and ISC's tracking id.
    server.answer(404, ERROR_BODY, &[]);
    let error = service_error(
        api.get_identity_password_change_status("missing")
            .send()
            .await,
    );
    assert_eq!(
        error.to_string(),
        "the API answered HTTP 404 Not Found (1 attempt; the server refused it, so it had no effect): getIdentityPasswordChangeStatus failed with HTTP status 404 (tracking id e7eab60924f64aa284175b9fa3309599)"
    );
}

#[tokio::test]
async fn undocumented_statuses_and_bad_bodies_keep_the_raw_response() {
    let server = Server::start().await;
    let client = client(&server);
    let api = client.password_management();

    server.answer(418, "short and stout", &[("x-extra", "1")]);
    match api.get_identity_password_change_status("r").send().await {
        Err(Error::UnexpectedStatus(response)) => {
            assert_eq!(response.status.as_u16(), 418);
            assert_eq!(response.headers.get("x-extra").unwrap(), "1");
            assert_eq!(&response.body[..], b"short and stout");
        }
        other => panic!("{other:?}"),
    }

    let requests_before = server.count();
    server.answer(200, "{not json", &[]);
    match api.get_identity_password_change_status("r").send().await {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            assert_eq!(&error.body()[..], b"{not json");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.count(), requests_before + 1);
}
