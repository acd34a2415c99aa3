//! Authentication through `Client::execute`: client-credentials token caching and expiry,
//! single-flight refresh, one refresh on 401, static tokens, and token endpoint failures.

mod common;

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use common::{bearer, request, serve, TokenEndpoint, CLIENT_ID, CLIENT_SECRET};
use isc_runtime::{CallOptions, Client, TokenError, TransportErrorKind};
use reqwest::Method;
use secrecy::SecretString;

/// An API route at `/beta/ping` that records the tokens it saw and answers with `answer`.
fn api(
    seen: Arc<Mutex<Vec<String>>>,
    answer: impl Fn(&str) -> StatusCode + Clone + Send + Sync + 'static,
) -> Router {
    Router::new().route(
        "/beta/ping",
        get(move |headers: HeaderMap| {
            let seen = seen.clone();
            let answer = answer.clone();
            async move {
                let token = bearer(&headers).unwrap_or_default();
                seen.lock().expect("seen lock").push(token.clone());
                answer(&token)
            }
        }),
    )
}

fn credentials_client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .build()
        .expect("client builds")
}

async fn ping(client: &Client) -> isc_runtime::RawResponse {
    client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .expect("a response")
}

#[tokio::test]
async fn token_is_fetched_with_a_form_encoded_grant_and_cached() {
    let tokens = TokenEndpoint::new(600);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(tokens.router().merge(api(seen.clone(), |_| StatusCode::OK))).await;
    let client = credentials_client(&base);

    assert_eq!(ping(&client).await.status, 200);
    assert_eq!(ping(&client).await.status, 200);

    assert_eq!(tokens.count(), 1, "the second call reuses the cached token");
    assert_eq!(*seen.lock().unwrap(), ["token-1", "token-1"]);
    let forms = tokens.forms.lock().unwrap();
    assert_eq!(forms[0]["grant_type"], "client_credentials");
    assert_eq!(forms[0]["client_id"], CLIENT_ID);
}

#[tokio::test(start_paused = true)]
async fn token_expiring_between_two_calls_is_refreshed() {
    // `expires_in: 20` with a 5 s margin: the token is refreshed after 15 s.
    let tokens = TokenEndpoint::new(20);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(tokens.router().merge(api(seen.clone(), |_| StatusCode::OK))).await;
    let client = Client::builder()
        .base_url(&base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .token_refresh_margin(Duration::from_secs(5))
        .build()
        .unwrap();

    ping(&client).await;
    tokio::time::sleep(Duration::from_secs(14)).await;
    ping(&client).await;
    assert_eq!(tokens.count(), 1);
    tokio::time::sleep(Duration::from_secs(2)).await;
    ping(&client).await;

    assert_eq!(tokens.count(), 2);
    assert_eq!(*seen.lock().unwrap(), ["token-1", "token-1", "token-2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_concurrent_calls_share_one_token_request() {
    let mut tokens = TokenEndpoint::new(600);
    tokens.delay = Duration::from_millis(200);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(tokens.router().merge(api(seen.clone(), |_| StatusCode::OK))).await;
    let client = credentials_client(&base);

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let client = client.clone();
        calls.spawn(async move { ping(&client).await.status });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }

    assert_eq!(tokens.count(), 1);
    assert_eq!(seen.lock().unwrap().len(), 16);
}

#[tokio::test]
async fn a_401_triggers_one_refresh_and_one_resend() {
    let tokens = TokenEndpoint::new(600);
    let seen = Arc::new(Mutex::new(Vec::new()));
    // The first token is revoked server-side; any later one works.
    let answer = |token: &str| {
        if token == "token-1" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        }
    };
    let base = serve(tokens.router().merge(api(seen.clone(), answer))).await;
    let client = credentials_client(&base);

    let response = ping(&client).await;

    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 2);
    assert_eq!(tokens.count(), 2);
    assert_eq!(*seen.lock().unwrap(), ["token-1", "token-2"]);
}

/// A token endpoint and an API that refuses every token: (tokens, tokens seen, client).
async fn always_401() -> (TokenEndpoint, Arc<Mutex<Vec<String>>>, Client) {
    let tokens = TokenEndpoint::new(600);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(
        tokens
            .router()
            .merge(api(seen.clone(), |_| StatusCode::UNAUTHORIZED)),
    )
    .await;
    let client = credentials_client(&base);
    (tokens, seen, client)
}

#[tokio::test]
async fn an_at_most_once_call_returns_the_401_without_a_resend() {
    let (tokens, seen, client) = always_401().await;

    let response = client
        .execute(
            request(Method::GET, "/beta/ping"),
            &CallOptions::new().at_most_once(),
        )
        .await
        .expect("a response");

    assert_eq!(response.status, 401);
    assert_eq!(response.attempts, 1);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "the request reached the server once"
    );
    assert_eq!(tokens.count(), 1, "no refresh-and-resend");

    // The refused token was dropped all the same: the next (ordinary) call starts with a
    // fresh token, and refreshes once more on its own 401.
    ping(&client).await;
    assert_eq!(tokens.count(), 3);
    assert_eq!(seen.lock().unwrap()[1..], ["token-2", "token-3"]);
}

#[tokio::test]
async fn a_second_401_is_returned_not_looped() {
    let (tokens, seen, client) = always_401().await;

    let response = ping(&client).await;

    assert_eq!(response.status, 401);
    assert_eq!(response.attempts, 2);
    assert_eq!(tokens.count(), 2, "exactly one refresh");
    assert_eq!(seen.lock().unwrap().len(), 2, "exactly one re-send");
}

#[tokio::test]
async fn a_static_bearer_token_is_sent_and_a_401_is_not_retried() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(api(seen.clone(), |_| StatusCode::UNAUTHORIZED)).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token(SecretString::from("static-token"))
        .build()
        .unwrap();

    let response = ping(&client).await;

    assert_eq!(response.status, 401);
    assert_eq!(response.attempts, 1);
    assert_eq!(*seen.lock().unwrap(), ["static-token"]);
}

#[tokio::test]
async fn a_custom_token_provider_is_asked_before_every_attempt() {
    struct Counting(AtomicUsize);
    impl isc_runtime::TokenProvider for Counting {
        fn token(&self) -> isc_runtime::TokenFuture<'_> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move { Ok(SecretString::from(format!("custom-{n}"))) })
        }
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(api(seen.clone(), |_| StatusCode::OK)).await;
    let client = Client::builder()
        .base_url(&base)
        .token_provider(Arc::new(Counting(AtomicUsize::new(0))))
        .build()
        .unwrap();

    ping(&client).await;
    ping(&client).await;

    assert_eq!(*seen.lock().unwrap(), ["custom-1", "custom-2"]);
}

#[tokio::test]
async fn rejected_credentials_are_an_authentication_error_without_the_secret() {
    let tokens = TokenEndpoint::new(600);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(tokens.router().merge(api(seen.clone(), |_| StatusCode::OK))).await;
    let client = Client::builder()
        .base_url(&base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from("wrong-SECRET-value"))
        .build()
        .unwrap();

    let error = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Authentication);
    assert_eq!(error.attempts(), 0);
    assert!(!error.may_have_been_processed());
    let token_error = error
        .source()
        .and_then(|source| source.downcast_ref::<TokenError>())
        .expect("the source is a TokenError");
    assert!(matches!(
        token_error,
        TokenError::Rejected { status, oauth_error: Some(code) }
            if *status == StatusCode::UNAUTHORIZED && code == "invalid_client"
    ));
    let full = format!("{error} / {token_error} / {error:?}");
    assert!(full.contains("invalid_client"), "{full}");
    assert!(!full.contains("wrong-SECRET-value"), "{full}");
    assert_eq!(
        tokens.count(),
        1,
        "a 401 from the token endpoint is not retried"
    );
    assert!(seen.lock().unwrap().is_empty(), "the API was never called");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_concurrent_401s_cause_one_refresh() {
    let mut tokens = TokenEndpoint::new(600);
    tokens.delay = Duration::from_millis(50);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let answer = |token: &str| {
        if token == "token-1" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        }
    };
    let base = serve(tokens.router().merge(api(seen.clone(), answer))).await;
    let client = credentials_client(&base);

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let client = client.clone();
        calls.spawn(async move { ping(&client).await.status });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }

    assert_eq!(
        tokens.count(),
        2,
        "token-1, then a single refresh to token-2"
    );
    assert_eq!(seen.lock().unwrap().len(), 32);
}

/// A token endpoint that answers every grant with `body` (HTTP 200), and counts the grants;
/// plus the `/beta/ping` API recording the tokens it sees. Returns (base URL, grants, seen).
async fn scripted_token_endpoint(
    body: serde_json::Value,
) -> (String, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let grants = Arc::new(AtomicUsize::new(0));
    let counter = grants.clone();
    let token_route = Router::new().route(
        "/oauth/token",
        axum::routing::post(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            async move { axum::Json(body) }
        }),
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(token_route.merge(api(seen.clone(), |_| StatusCode::OK))).await;
    (base, grants, seen)
}

#[tokio::test]
async fn a_huge_expires_in_does_not_panic_and_the_token_is_cached() {
    for expires_in in [serde_json::json!(u64::MAX), serde_json::json!(1e300)] {
        let (base, grants, seen) = scripted_token_endpoint(serde_json::json!({
            "access_token": "long-lived", "token_type": "bearer", "expires_in": expires_in,
        }))
        .await;
        let client = credentials_client(&base);

        assert_eq!(ping(&client).await.status, 200, "{expires_in}");
        assert_eq!(ping(&client).await.status, 200, "{expires_in}");

        assert_eq!(grants.load(Ordering::SeqCst), 1, "{expires_in}");
        assert_eq!(*seen.lock().unwrap(), ["long-lived", "long-lived"]);
    }
}

#[tokio::test(start_paused = true)]
async fn an_expires_in_of_zero_does_not_cost_a_token_request_per_call() {
    for expires_in in [
        serde_json::json!(0),
        serde_json::json!(1),
        serde_json::json!(-30),
    ] {
        let (base, grants, _) = scripted_token_endpoint(serde_json::json!({
            "access_token": "short-lived", "token_type": "bearer", "expires_in": expires_in,
        }))
        .await;
        let client = credentials_client(&base);

        for _ in 0..5 {
            assert_eq!(ping(&client).await.status, 200);
        }
        assert_eq!(grants.load(Ordering::SeqCst), 1, "expires_in {expires_in}");

        // The floor is a 2 s lifetime, refreshed half-way: a new token after 1 s.
        tokio::time::sleep(Duration::from_secs(1)).await;
        ping(&client).await;
        assert_eq!(grants.load(Ordering::SeqCst), 2, "expires_in {expires_in}");
    }
}

#[tokio::test]
async fn a_fractional_or_quoted_expires_in_is_accepted() {
    for expires_in in [serde_json::json!(3599.5), serde_json::json!("3600")] {
        let (base, grants, _) = scripted_token_endpoint(serde_json::json!({
            "access_token": "tok", "expires_in": expires_in,
        }))
        .await;
        let client = credentials_client(&base);
        assert_eq!(ping(&client).await.status, 200, "{expires_in}");
        assert_eq!(ping(&client).await.status, 200, "{expires_in}");
        assert_eq!(grants.load(Ordering::SeqCst), 1, "{expires_in}");
    }
}

/// The `TokenError` behind an authentication failure of a ping.
async fn token_error(client: &Client) -> (isc_runtime::TransportError, String) {
    let error = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .expect_err("no usable token");
    assert_eq!(error.kind(), TransportErrorKind::Authentication, "{error}");
    let token_error = error
        .source()
        .and_then(|source| source.downcast_ref::<TokenError>())
        .expect("the source is a TokenError");
    let text = format!("{token_error} / {token_error:?}");
    (error, text)
}

#[tokio::test]
async fn a_token_unusable_in_a_header_is_refused_at_once_without_echoing_it() {
    for token in [
        "SECRET-line\nbreak",
        "SECRET with spaces",
        "SECRET-n\u{f6}n-ascii",
        "SECRET\u{7f}",
    ] {
        let (base, grants, seen) = scripted_token_endpoint(serde_json::json!({
            "access_token": token, "token_type": "Bearer", "expires_in": 600,
        }))
        .await;
        let client = credentials_client(&base);

        let (error, text) = token_error(&client).await;
        assert!(text.contains("InvalidResponse"), "{token:?}: {text}");
        assert!(text.contains("access_token"), "{token:?}: {text}");
        let everything = format!("{error} / {error:?} / {text}");
        assert!(!everything.contains("SECRET"), "{token:?}: {everything}");

        // Not cached: the next call asks again rather than reusing a token that cannot work.
        token_error(&client).await;
        assert_eq!(grants.load(Ordering::SeqCst), 2, "{token:?}");
        assert!(seen.lock().unwrap().is_empty(), "the API was never called");
    }
}

#[tokio::test]
async fn an_expires_in_that_is_not_a_number_is_an_invalid_response() {
    let (base, _, _) = scripted_token_endpoint(serde_json::json!({
        "access_token": "tok", "expires_in": "soon",
    }))
    .await;
    let (_, text) = token_error(&credentials_client(&base)).await;
    assert!(text.contains("`expires_in`"), "{text}");
}

/// A token route answering every grant with `answer` after `delay`, counting the grants.
fn token_route<R>(grants: Arc<AtomicUsize>, delay: Duration, answer: fn() -> R) -> Router
where
    R: axum::response::IntoResponse + Send + 'static,
{
    Router::new().route(
        "/oauth/token",
        axum::routing::post(move || {
            grants.fetch_add(1, Ordering::SeqCst);
            async move {
                tokio::time::sleep(delay).await;
                answer()
            }
        }),
    )
}

/// Runs `calls` pings at once against a client of `base`, and returns when each ended (on
/// the paused clock) with its error.
async fn concurrent_failures(
    base: &str,
    calls: usize,
) -> Vec<(Duration, isc_runtime::TransportError)> {
    let client = credentials_client(base);
    let started = tokio::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        tasks.spawn(async move {
            let error = client
                .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
                .await
                .expect_err("no token can be had");
            (started.elapsed(), error)
        });
    }
    tasks.join_all().await
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_asking_to_wait_holds_no_caller_beyond_the_request_timeout() {
    // Every grant is answered 503 with `Retry-After: 50`: waiting it out twice would take
    // 100 s, more than the 60 s request timeout that bounds a token request.
    let grants = Arc::new(AtomicUsize::new(0));
    let router = token_route(grants.clone(), Duration::ZERO, || {
        (StatusCode::SERVICE_UNAVAILABLE, [("Retry-After", "50")])
    });
    let base = serve(router).await;

    let outcomes = concurrent_failures(&base, 4).await;

    for (ended, error) in &outcomes {
        assert_eq!(error.kind(), TransportErrorKind::Authentication, "{error}");
        assert!(*ended <= Duration::from_secs(60), "a call took {ended:?}");
        let token_error = error
            .source()
            .and_then(|source| source.downcast_ref::<TokenError>())
            .expect("the source is a TokenError");
        assert!(
            token_error.to_string().contains("503"),
            "{token_error}: the waiting calls get the failure they waited for"
        );
    }
    // One token request after the other at 0 s and 50 s, shared by all four calls.
    assert_eq!(grants.load(Ordering::SeqCst), 2);
    assert_eq!(
        shared_failures(&outcomes),
        3,
        "three calls waited for the first"
    );
}

#[tokio::test(start_paused = true)]
async fn a_hanging_token_endpoint_holds_no_caller_beyond_the_request_timeout() {
    let grants = Arc::new(AtomicUsize::new(0));
    let router = token_route(grants.clone(), Duration::from_secs(3600), || StatusCode::OK);
    let base = serve(router).await;

    let outcomes = concurrent_failures(&base, 4).await;

    for (ended, error) in &outcomes {
        assert_eq!(error.kind(), TransportErrorKind::Authentication, "{error}");
        assert!(*ended <= Duration::from_secs(60), "a call took {ended:?}");
        let token_error = error
            .source()
            .and_then(|source| source.downcast_ref::<TokenError>())
            .expect("the source is a TokenError");
        assert!(
            token_error.to_string().contains("request timeout (60s)"),
            "{token_error}"
        );
    }
    assert_eq!(
        grants.load(Ordering::SeqCst),
        1,
        "one token request for all"
    );
    assert_eq!(
        shared_failures(&outcomes),
        3,
        "three calls waited for the first"
    );
}

/// How many of the calls failed with the error of a token request they waited for.
fn shared_failures(outcomes: &[(Duration, isc_runtime::TransportError)]) -> usize {
    outcomes
        .iter()
        .filter(|(_, error)| {
            matches!(
                error
                    .source()
                    .and_then(|source| source.downcast_ref::<TokenError>()),
                Some(TokenError::SharedFailure { .. })
            )
        })
        .count()
}
