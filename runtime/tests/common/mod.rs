//! Helpers shared by the `runtime_*` integration tests: local servers on 127.0.0.1:0, a
//! fake OAuth2 token endpoint, and hand-built `OperationRequest`s (the generated API is not
//! needed to drive `Client::execute`).

#![allow(dead_code)] // Each test file uses a different subset.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Form, Json, Router};
use isc_runtime::{OperationRequest, RequestBody, RetryConfig};

pub const CLIENT_ID: &str = "test-client-id";
pub const CLIENT_SECRET: &str = "test-client-SECRET-4f1d";

/// Serves `router` on an ephemeral loopback port and returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

/// Serves `router` on a given loopback address (used to bring a server up late).
pub async fn serve_on(address: SocketAddr, router: Router) {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .expect("bind the reserved port");
    tokio::spawn(async move { axum::serve(listener, router).await });
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address")
    // The listener is dropped here, so connections to the port are refused.
}

/// Retries without noticeable waiting, for tests that count attempts.
pub fn fast_retry(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(20))
        .with_jitter(false)
}

/// A GET or bodiless request for `path` (also used as the template).
pub fn request(method: reqwest::Method, path: &'static str) -> OperationRequest {
    OperationRequest {
        operation_id: "testOperation",
        method,
        path_template: path,
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        constant_headers: &[],
        accept: "application/json",
        body: None,
    }
}

/// A POST of a small JSON body to `path`.
pub fn post_request(path: &'static str) -> OperationRequest {
    let mut request = request(reqwest::Method::POST, path);
    request.body = Some(RequestBody::json(&serde_json::json!({"hello": "world"})).expect("json"));
    request
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::to_owned)
}

/// A fake OAuth2 token endpoint issuing `token-1`, `token-2`, ... and recording every grant.
#[derive(Clone)]
pub struct TokenEndpoint {
    pub requests: Arc<AtomicUsize>,
    pub expires_in: u64,
    /// Delay before answering, to make concurrent callers overlap with a refresh.
    pub delay: Duration,
    pub forms: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

impl TokenEndpoint {
    pub fn new(expires_in: u64) -> Self {
        TokenEndpoint {
            requests: Arc::new(AtomicUsize::new(0)),
            expires_in,
            delay: Duration::ZERO,
            forms: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The `/oauth/token` route, to merge into a test's router.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/oauth/token", post(issue_token))
            .with_state(self.clone())
    }
}

async fn issue_token(
    State(endpoint): State<TokenEndpoint>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> impl IntoResponse {
    let content_type = headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    endpoint
        .forms
        .lock()
        .expect("forms lock")
        .push(form.clone());
    let valid = content_type == "application/x-www-form-urlencoded"
        && form.get("grant_type").map(String::as_str) == Some("client_credentials")
        && form.get("client_id").map(String::as_str) == Some(CLIENT_ID)
        && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET);
    let number = endpoint.requests.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(endpoint.delay).await;
    if !valid {
        return (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"error": "invalid_client"})),
        );
    }
    (
        StatusCode::OK,
        Json(serde_json::json!({
            "access_token": format!("token-{number}"),
            "token_type": "bearer",
            "expires_in": endpoint.expires_in,
        })),
    )
}
