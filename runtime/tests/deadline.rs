//! `CallOptions::with_deadline`: one bound on a whole call, across the rate limiter, the
//! token, every attempt and every wait between them. Measured on tokio's paused clock.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::any;
use axum::Router;
use common::{closed_port, post_request, request, serve};
use isc_runtime::{
    CallOptions, Client, ClientBuilder, RateLimit, RetryConfig, TimeoutKind, TokenFuture,
    TokenProvider, TransportError, TransportErrorKind,
};
use reqwest::Method;
use secrecy::SecretString;
use tokio::time::Instant;

fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .bearer_token(SecretString::from("t"))
}

/// Many attempts with 10 s between them, so that only the deadline can end a call early.
fn patient() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(10)
        .with_initial_backoff(Duration::from_secs(10))
        .with_max_backoff(Duration::from_secs(10))
        .with_jitter(false)
}

fn assert_deadline(error: &TransportError, after: Duration) {
    assert_eq!(
        error.kind(),
        TransportErrorKind::Timeout {
            which: TimeoutKind::Deadline,
            after
        },
        "{error}"
    );
    assert_eq!(error.timeout(), Some(TimeoutKind::Deadline));
    let message = error.to_string();
    assert!(
        message.contains(&format!("deadline ({after:?})")),
        "{message}"
    );
    assert!(message.contains("CallOptions::with_deadline"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn a_retry_whose_wait_would_pass_the_deadline_is_not_made() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().route(
        "/beta/op",
        any(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "10")]) }
        }),
    );
    let client = builder(&serve(router).await)
        .retry(patient())
        .build()
        .unwrap();

    let started = Instant::now();
    let options = CallOptions::new().with_deadline(Duration::from_secs(25));
    let response = client
        .execute(post_request("/beta/op"), &options)
        .await
        .unwrap();

    // Attempts at 0 s, 10 s and 20 s; a fourth at 30 s would be past the deadline, so the
    // last 429 is returned at 20 s rather than waited on.
    assert_eq!(response.status, 429);
    assert_eq!(response.attempts, 3);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(20) && elapsed < Duration::from_secs(21),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_attempt_running_into_the_deadline_is_cut_off_with_a_deadline_error() {
    let router = Router::new().route(
        "/beta/op",
        any(|| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }),
    );
    let client = builder(&serve(router).await)
        .request_timeout(Duration::from_secs(60))
        .retry(patient())
        .build()
        .unwrap();

    let started = Instant::now();
    let options = CallOptions::new().with_deadline(Duration::from_secs(5));
    let error = client
        .execute(request(Method::GET, "/beta/op"), &options)
        .await
        .unwrap_err();

    assert_deadline(&error, Duration::from_secs(5));
    assert_eq!(error.attempts(), 1);
    assert!(error.may_have_been_processed());
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(5) && elapsed < Duration::from_secs(6),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_the_wait_for_the_rate_limiter() {
    let router = Router::new().route("/beta/op", any(|| async { StatusCode::OK }));
    let client = builder(&serve(router).await)
        // One request ever, in effect: the second waits "forever" for a slot.
        .rate_limit(RateLimit::new(1, Duration::MAX))
        .build()
        .unwrap();
    client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    let started = Instant::now();
    let options = CallOptions::new().with_deadline(Duration::from_secs(2));
    let error = client
        .execute(request(Method::GET, "/beta/op"), &options)
        .await
        .unwrap_err();

    assert_deadline(&error, Duration::from_secs(2));
    assert_eq!(error.attempts(), 0);
    assert!(!error.may_have_been_processed());
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A token provider that never answers.
struct Stuck;

impl TokenProvider for Stuck {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_the_wait_for_a_token() {
    let client = Client::builder()
        .base_url(format!("http://{}", closed_port()))
        .token_provider(Arc::new(Stuck))
        .build()
        .unwrap();

    let started = Instant::now();
    let options = CallOptions::new().with_deadline(Duration::from_secs(3));
    let error = client
        .execute(request(Method::GET, "/beta/op"), &options)
        .await
        .unwrap_err();

    assert_deadline(&error, Duration::from_secs(3));
    assert_eq!(error.attempts(), 0);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn a_failure_is_returned_at_once_when_its_retry_would_pass_the_deadline() {
    let client = builder(&format!("http://{}", closed_port()))
        .retry(patient())
        .build()
        .unwrap();

    let started = Instant::now();
    let options = CallOptions::new().with_deadline(Duration::from_secs(5));
    let error = client
        .execute(post_request("/beta/op"), &options)
        .await
        .unwrap_err();

    // The real cause, not the deadline: nothing waited for it.
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert_eq!(error.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn call_options_report_the_deadline() {
    let options = CallOptions::new().with_deadline(Duration::from_secs(7));
    assert_eq!(options.deadline(), Some(Duration::from_secs(7)));
    assert_eq!(CallOptions::new().deadline(), None);
}
