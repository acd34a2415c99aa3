//! The open HTTP layer: a caller's own `reqwest::Client`, default headers, explicit proxies,
//! and the settings that cannot be combined with an own client.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Uri};
use axum::routing::get;
use axum::Router;
use common::{closed_port, request, serve};
use isc_runtime::reqwest::header::{HeaderName, HeaderValue};
use isc_runtime::reqwest::{self, Method};
use isc_runtime::{CallOptions, Client, ConfigError, SecretString};

/// A server that records the headers (or, for a proxy, the absolute URI) of each request.
fn recorder(seen: Arc<Mutex<Vec<(String, HeaderMap)>>>) -> Router {
    Router::new().fallback(get(move |uri: Uri, headers: HeaderMap| async move {
        seen.lock().unwrap().push((uri.to_string(), headers));
    }))
}

fn builder(base_url: &str) -> isc_runtime::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .bearer_token(SecretString::from("layer-token"))
}

#[tokio::test]
async fn default_headers_are_sent_and_the_bearer_token_still_wins() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(recorder(seen.clone())).await;
    let client = builder(&base)
        .default_header(
            HeaderName::from_static("x-team"),
            HeaderValue::from_static("identity-ops"),
        )
        .default_header(
            reqwest::header::AUTHORIZATION,
            HeaderValue::from_static("Bearer not-this-one"),
        )
        .build()
        .unwrap();
    client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let headers = &seen[0].1;
    assert_eq!(headers["x-team"], "identity-ops");
    assert_eq!(headers["authorization"], "Bearer layer-token");
}

#[tokio::test]
async fn a_callers_own_http_client_sends_the_requests() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(recorder(seen.clone())).await;
    let mut own_headers = reqwest::header::HeaderMap::new();
    own_headers.insert("x-own-client", HeaderValue::from_static("yes"));
    let own = reqwest::Client::builder()
        .default_headers(own_headers)
        .user_agent("my-agent/1.0")
        .build()
        .unwrap();
    let client = builder(&base).http_client(own).build().unwrap();
    client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let headers = &seen[0].1;
    assert_eq!(headers["x-own-client"], "yes");
    assert_eq!(headers["user-agent"], "my-agent/1.0");
    assert_eq!(headers["authorization"], "Bearer layer-token");
}

#[test]
fn http_layer_settings_beside_an_own_client_are_refused_by_name() {
    let own = reqwest::Client::new();
    let cases: Vec<(isc_runtime::ClientBuilder, &str)> = vec![
        (
            builder("http://127.0.0.1:1").default_header(
                HeaderName::from_static("x-a"),
                HeaderValue::from_static("b"),
            ),
            "default_header",
        ),
        (builder("http://127.0.0.1:1").no_proxy(), "no_proxy"),
        (
            builder("http://127.0.0.1:1").platform_trust_store(true),
            "platform_trust_store",
        ),
        (
            builder("http://127.0.0.1:1").proxy(reqwest::Proxy::all("http://127.0.0.1:2").unwrap()),
            "proxy",
        ),
    ];
    for (case, name) in cases {
        let error = case.http_client(own.clone()).build().unwrap_err();
        assert!(
            matches!(error, ConfigError::HttpClientConflict { setting } if setting == name),
            "{name}: {error}"
        );
        assert!(error.to_string().contains(name), "{error}");
    }
}

#[tokio::test]
async fn an_explicit_proxy_receives_the_request() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let proxy = serve(recorder(seen.clone())).await;
    // Nothing listens at the base URL: only the proxy can answer.
    let base = format!("http://{}", closed_port());
    let client = builder(&base)
        .proxy(reqwest::Proxy::all(&proxy).unwrap())
        .build()
        .unwrap();
    let response = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    // A proxy is sent the absolute URL of the target.
    assert_eq!(seen[0].0, format!("{base}/beta/ping"));
}
