//! The open HTTP layer: a caller's own `reqwest::Client`, default headers, explicit proxies,
//! and the settings that cannot be combined with an own client.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Uri};
use axum::routing::get;
use axum::Router;
use common::{request, serve};
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
            matches!(error, ConfigError::HttpClientConflict { setting, .. } if setting == name),
            "{name}: {error}"
        );
        assert!(error.to_string().contains(name), "{error}");
    }
}

#[tokio::test]
async fn an_explicit_proxy_is_used_for_https_and_sees_no_token() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    // Any method: an HTTPS request reaches a proxy as `CONNECT host:port`. Refusing the tunnel
    // ends the call; what matters is what the proxy was sent.
    let proxy = serve(Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap| async move {
            record
                .lock()
                .unwrap()
                .push((format!("{method} {uri}"), headers));
            axum::http::StatusCode::FORBIDDEN
        },
    ))
    .await;
    let client = builder("https://acme.example")
        .proxy(reqwest::Proxy::all(&proxy).unwrap())
        .retry(isc_runtime::RetryConfig::disabled())
        .build()
        .unwrap();

    let error = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap_err();

    assert!(!error.may_have_been_processed(), "{error}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "CONNECT acme.example:443");
    // The token travels inside the TLS tunnel, never in the proxy's view.
    assert!(seen[0].1.get("authorization").is_none(), "{:?}", seen[0].1);
}

#[test]
fn an_explicit_proxy_with_a_plain_http_url_is_refused() {
    let proxy = || reqwest::Proxy::all("http://127.0.0.1:3128").unwrap();
    let error = builder("http://127.0.0.1:8080")
        .proxy(proxy())
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, ConfigError::ProxyWithPlainHttp { role: "base URL", url }
            if url == "http://127.0.0.1:8080/"),
        "{error:?}"
    );
    let message = error.to_string();
    for expected in ["proxy", "unencrypted", "http_client"] {
        assert!(message.contains(expected), "{expected}: {message}");
    }

    // A plain-HTTP token URL alone is enough: the client secret travels on it.
    let error = Client::builder()
        .base_url("https://acme.example")
        .client_id("id")
        .client_secret(SecretString::from("secret"))
        .token_url("http://localhost:9000/oauth/token")
        .proxy(proxy())
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::ProxyWithPlainHttp {
                role: "token URL",
                ..
            }
        ),
        "{error:?}"
    );

    // HTTPS everywhere: the proxy only ever sees encrypted traffic.
    assert!(builder("https://acme.example")
        .proxy(proxy())
        .build()
        .is_ok());
}

/// Set in the environment of the child process that
/// `environment_proxies_are_ignored_for_a_plain_http_loopback_url` starts.
const PROXY_CHILD: &str = "ISC_RUNTIME_TEST_PROXY_CHILD";

/// Run by the test below in a child process whose environment names a proxy (setting
/// variables in this process would race with the other tests): a client of a plain-HTTP
/// loopback server must reach it directly. Passes trivially when run any other way.
#[tokio::test]
#[ignore = "run in a child process by environment_proxies_are_ignored_for_a_plain_http_loopback_url"]
async fn environment_proxy_child() {
    if std::env::var_os(PROXY_CHILD).is_none() {
        return;
    }
    let api = Router::new().route("/beta/ping", get(|| async { "from the API" }));
    let client = builder(&serve(api).await).build().unwrap();
    let response = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.body, "from the API", "the request went elsewhere");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_proxies_are_ignored_for_a_plain_http_loopback_url() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let proxy = serve(recorder(seen.clone())).await;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child
        .args(["environment_proxy_child", "--exact", "--ignored"])
        .args(["--test-threads=1", "--nocapture"])
        .env(PROXY_CHILD, "1")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for variable in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        child.env(variable, &proxy);
    }
    let output = tokio::task::spawn_blocking(move || child.output())
        .await
        .unwrap()
        .expect("the test binary runs");

    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(report.contains("1 passed"), "{report}");
    assert!(
        seen.lock().unwrap().is_empty(),
        "the proxy was sent a request"
    );
}
