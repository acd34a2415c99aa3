//! Retries and timeouts through `Client::execute`: 429 with `Retry-After`, 5xx for idempotent
//! methods only, connect failures for every method, dropped connections, and which timeout
//! fired.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{any, post};
use axum::Router;
use common::{closed_port, fast_retry, post_request, request, serve, serve_on};
use isc_runtime::{
    CallOptions, Client, RetryConfig, TimeoutKind, TokenFuture, TokenProvider, TransportErrorKind,
};
use reqwest::Method;
use secrecy::SecretString;
use tokio::io::AsyncReadExt;

/// A route at `/beta/op` (any method) answering the n-th request (from 1) with `answer(n)`.
fn counted_route<R>(
    hits: Arc<AtomicUsize>,
    answer: impl Fn(usize) -> R + Clone + Send + Sync + 'static,
) -> Router
where
    R: IntoResponse + Send + 'static,
{
    Router::new().route(
        "/beta/op",
        any(move || {
            let n = hits.fetch_add(1, Ordering::SeqCst) + 1;
            let response = answer(n);
            async move { response }
        }),
    )
}

fn client(base: &str, retry: RetryConfig) -> Client {
    Client::builder()
        .base_url(base)
        .bearer_token(SecretString::from("t"))
        .retry(retry)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_succeeds_even_for_post() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |n| {
        if n == 1 {
            (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "1")]).into_response()
        } else {
            StatusCode::OK.into_response()
        }
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let started = Instant::now();
    let response = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

/// Retries after a backoff of exactly 1 s, then 2 s, ... (no jitter), for measured waits.
fn one_second_backoff(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_secs(1))
        .with_jitter(false)
}

/// Asserts that `elapsed` (on tokio's paused clock) is `expected`, give or take the few
/// milliseconds the clock may move while sockets are served.
fn assert_waited(elapsed: Duration, expected: Duration) {
    assert!(
        elapsed >= expected && elapsed < expected + Duration::from_millis(100),
        "waited {elapsed:?}, expected {expected:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_without_retry_after_uses_the_backoff_and_stops_at_max_attempts() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |_| {
        StatusCode::TOO_MANY_REQUESTS
    }))
    .await;
    let client = client(&base, one_second_backoff(3));

    let started = tokio::time::Instant::now();
    let response = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 429);
    assert_eq!(response.attempts, 3);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    // Two backoffs: 1 s, then doubled to 2 s.
    assert_waited(started.elapsed(), Duration::from_secs(3));
}

/// The time a POST takes against a server answering 429 with `Retry-After: {retry_after}`
/// once and 200 after that, and the attempts it took.
async fn wait_after_429(retry_after: &'static str, retry: RetryConfig) -> (Duration, u32) {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), move |n| {
        if n == 1 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [("Retry-After", retry_after)],
            )
                .into_response()
        } else {
            StatusCode::OK.into_response()
        }
    }))
    .await;
    let client = client(&base, retry);
    let started = tokio::time::Instant::now();
    let response = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap();
    (started.elapsed(), response.attempts)
}

#[tokio::test(start_paused = true)]
async fn a_fractional_retry_after_is_rounded_up_to_whole_seconds() {
    let (waited, attempts) = wait_after_429("1.5", fast_retry(3)).await;
    assert_eq!(attempts, 2);
    assert_waited(waited, Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn a_past_zero_or_unusable_retry_after_never_shortens_the_backoff() {
    for value in ["Wed, 21 Oct 2015 07:28:00 GMT", "0", "soon", "-5", "1e3"] {
        let (waited, attempts) = wait_after_429(value, one_second_backoff(3)).await;
        assert_eq!(attempts, 2, "{value}");
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_millis(1100),
            "Retry-After: {value}: waited {waited:?} instead of the 1 s backoff"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_too_large_for_a_number_is_beyond_the_cap_and_returned_at_once() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |_| {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [("Retry-After", "99999999999999999999999")],
        )
    }))
    .await;
    let client = client(&base, one_second_backoff(3));

    let started = tokio::time::Instant::now();
    let response = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 429);
    assert_eq!(response.attempts, 1);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_waited(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_up_to_the_cap_is_waited_out_exactly() {
    let retry = one_second_backoff(3).with_max_retry_after(Duration::from_secs(30));
    let (waited, attempts) = wait_after_429("30", retry).await;
    assert_eq!(attempts, 2);
    assert_waited(waited, Duration::from_secs(30));
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |_| {
        (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "3600")])
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let started = Instant::now();
    let response = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 429);
    assert_eq!(response.attempts, 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_503_is_retried_for_get() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |n| {
        if n < 3 {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        }
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let response = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 3);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_503_is_not_retried_for_post() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |_| {
        StatusCode::SERVICE_UNAVAILABLE
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let response = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 1);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "the server saw exactly one POST"
    );
}

#[tokio::test]
async fn call_options_override_the_client_retry_policy() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |_| StatusCode::BAD_GATEWAY)).await;
    let client = client(&base, fast_retry(3));

    let options = CallOptions::new().with_retry(RetryConfig::disabled());
    let response = client
        .execute(request(Method::GET, "/beta/op"), &options)
        .await
        .unwrap();

    assert_eq!(response.status, 502);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// Hands out a token, and on its second call brings the API server up on `port`, so the
/// first attempt is refused and the second (after the backoff) connects.
struct StartServerOnSecondAttempt {
    calls: AtomicUsize,
    address: std::net::SocketAddr,
    hits: Arc<AtomicUsize>,
}

impl TokenProvider for StartServerOnSecondAttempt {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            if self.calls.fetch_add(1, Ordering::SeqCst) == 1 {
                let hits = self.hits.clone();
                let router = Router::new().route(
                    "/beta/op",
                    post(move || async move {
                        hits.fetch_add(1, Ordering::SeqCst);
                        StatusCode::OK
                    }),
                );
                serve_on(self.address, router).await;
            }
            Ok(SecretString::from("t"))
        })
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post_and_even_at_most_once() {
    // Nothing reached the server, so even a call that must reach it at most once is retried.
    for options in [CallOptions::new(), CallOptions::new().at_most_once()] {
        let address = closed_port();
        let hits = Arc::new(AtomicUsize::new(0));
        let provider = StartServerOnSecondAttempt {
            calls: AtomicUsize::new(0),
            address,
            hits: hits.clone(),
        };
        let client = Client::builder()
            .base_url(format!("http://{address}"))
            .token_provider(Arc::new(provider))
            .retry(fast_retry(3))
            .build()
            .unwrap();

        let response = client
            .execute(post_request("/beta/op"), &options)
            .await
            .unwrap();

        assert_eq!(response.status, 200, "{options:?}");
        assert_eq!(response.attempts, 2, "one refused attempt, then success");
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }
}

#[tokio::test]
async fn a_post_refused_every_time_reports_attempts_and_that_nothing_was_processed() {
    let address = closed_port();
    let client = client(&format!("http://{address}"), fast_retry(3));

    let error = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connect);
    assert_eq!(error.attempts(), 3);
    assert!(!error.may_have_been_processed());
    let message = error.to_string();
    assert!(message.contains("after 3 attempts"), "{message}");
    assert!(message.contains("did not process"), "{message}");
}

/// A raw TCP server that reads each request and then closes the connection without answering.
async fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            drop(socket);
        }
    });
    (format!("http://{address}"), connections)
}

#[tokio::test]
async fn a_post_whose_connection_drops_after_sending_is_never_retried() {
    let (base, connections) = hang_up_server().await;
    let client = client(&base, fast_retry(3));

    let error = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connection);
    assert_eq!(error.attempts(), 1);
    assert!(error.may_have_been_processed());
    assert!(error.to_string().contains("may have processed"));
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_get_whose_connection_drops_is_retried() {
    let (base, connections) = hang_up_server().await;
    let client = client(&base, fast_retry(3));

    let error = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connection);
    assert_eq!(error.attempts(), 3);
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_request_timeout_says_it_was_the_request_timeout() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let slow = Router::new().route(
        "/beta/op",
        any(move || async move {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK
        }),
    );
    let base = serve(slow).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token(SecretString::from("t"))
        .request_timeout(Duration::from_millis(200))
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let error = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.timeout(), Some(TimeoutKind::Request));
    assert_eq!(
        error.kind(),
        TransportErrorKind::Timeout {
            which: TimeoutKind::Request,
            after: Duration::from_millis(200)
        }
    );
    assert!(
        error.to_string().contains("request timeout (200ms)"),
        "{error}"
    );
    assert!(error.may_have_been_processed());
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a timed-out POST is not re-sent"
    );

    // The per-call timeout overrides the client's.
    let options = CallOptions::new()
        .with_timeout(Duration::from_millis(100))
        .with_retry(RetryConfig::disabled());
    let started = Instant::now();
    let error = client
        .execute(request(Method::GET, "/beta/op"), &options)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("request timeout (100ms)"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_millis(190));
}

#[tokio::test]
async fn a_connect_timeout_says_it_was_the_connect_timeout_and_is_retried() {
    // The kernel completes the TCP handshake, but nobody answers the TLS ClientHello, so the
    // connection is never established from the client's point of view.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            keep.lock().unwrap().push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("https://{address}"))
        .bearer_token(SecretString::from("t"))
        .connect_timeout(Duration::from_millis(200))
        .request_timeout(Duration::from_secs(5))
        .retry(fast_retry(2))
        .build()
        .unwrap();

    let error = client
        .execute(post_request("/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(error.timeout(), Some(TimeoutKind::Connect));
    assert!(
        error.to_string().contains("connect timeout (200ms)"),
        "{error}"
    );
    assert_eq!(
        error.attempts(),
        2,
        "nothing was sent, so even a POST is retried"
    );
    assert!(!error.may_have_been_processed());
}

#[tokio::test]
async fn an_at_most_once_call_is_not_retried_after_a_429() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |n| {
        if n == 1 {
            (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "0")]).into_response()
        } else {
            StatusCode::OK.into_response()
        }
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let response = client
        .execute(post_request("/beta/op"), &CallOptions::new().at_most_once())
        .await
        .unwrap();

    assert_eq!(response.status, 429, "the 429 goes to the caller");
    assert_eq!(response.attempts, 1);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_at_most_once_get_whose_connection_drops_is_not_retried() {
    let (base, connections) = hang_up_server().await;
    let client = client(&base, fast_retry(3));

    let error = client
        .execute(
            request(Method::GET, "/beta/op"),
            &CallOptions::new().at_most_once(),
        )
        .await
        .unwrap_err();

    assert_eq!(error.kind(), TransportErrorKind::Connection);
    assert_eq!(error.attempts(), 1);
    assert!(error.may_have_been_processed());
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_refusal_after_a_retried_504_still_may_have_been_processed() {
    // The first DELETE may have deleted the resource before the gateway timed out; the retry's
    // 404 does not undo that.
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(counted_route(hits.clone(), |n| {
        if n == 1 {
            StatusCode::GATEWAY_TIMEOUT
        } else {
            StatusCode::NOT_FOUND
        }
    }))
    .await;
    let client = client(&base, fast_retry(3));

    let response = client
        .execute(request(Method::DELETE, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 404);
    assert_eq!(response.attempts, 2);
    assert!(response.may_have_been_processed);

    // A refusal on the only attempt is known to have done nothing.
    hits.store(1, Ordering::SeqCst);
    let response = client
        .execute(request(Method::DELETE, "/beta/op"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!((response.status.as_u16(), response.attempts), (404, 1));
    assert!(!response.may_have_been_processed);
}
