//! Observability: the `isc_request` span carries operation id, method, path template, attempt,
//! status and ISC tracking id, and nothing secret (token, client secret, body) is ever traced.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use common::{serve, TokenEndpoint, CLIENT_ID, CLIENT_SECRET};
use isc_runtime::{CallOptions, Client, OperationRequest, RequestBody};
use reqwest::Method;
use secrecy::SecretString;
use tracing_subscriber::fmt::MakeWriter;

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

fn password_request(id: &str) -> OperationRequest {
    OperationRequest {
        operation_id: "setIdentityPassword",
        method: Method::POST,
        path_template: "/beta/items/{id}",
        path: format!("/beta/items/{id}"),
        query: Vec::new(),
        headers: Vec::new(),
        constant_headers: &[],
        accept: "application/json",
        body: Some(RequestBody::json(&serde_json::json!({"password": "body-SECRET-789"})).unwrap()),
    }
}

// Current-thread runtime: the thread-local subscriber sees every span of the test.
#[tokio::test]
async fn spans_carry_request_metadata_and_never_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let tokens = TokenEndpoint::new(600);
    let api = Router::new()
        .route(
            "/beta/items/from-body",
            post(|| async {
                (
                    StatusCode::BAD_REQUEST,
                    Json(serde_json::json!({"trackingId": "trk-from-body"})),
                )
            }),
        )
        .route(
            "/beta/items/from-header",
            post(|| async {
                (
                    [("SLPT-Request-ID", "trk-from-header")],
                    StatusCode::ACCEPTED,
                )
                    .into_response()
            }),
        );
    let base = serve(tokens.router().merge(api)).await;
    let client = Client::builder()
        .base_url(&base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .build()
        .unwrap();

    let first = client
        .execute(password_request("from-body"), &CallOptions::new())
        .await
        .unwrap();
    let second = client
        .execute(password_request("from-header"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!((first.status.as_u16(), second.status.as_u16()), (400, 202));

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "isc_request",
        "operation_id=\"setIdentityPassword\"",
        "method=POST",
        "path_template=\"/beta/items/{id}\"",
        "attempt=1",
        "status=400",
        "tracking_id=\"trk-from-body\"",
        "status=202",
        "tracking_id=\"trk-from-header\"",
    ] {
        assert!(
            output.contains(expected),
            "`{expected}` missing from:\n{output}"
        );
    }
    for secret in [CLIENT_SECRET, "token-1", "body-SECRET-789"] {
        assert!(
            !output.contains(secret),
            "`{secret}` leaked into:\n{output}"
        );
    }
}
