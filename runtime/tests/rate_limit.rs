//! The client-side rate limiter: shared by clones, never more than the limit in any window,
//! and off by default.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use common::{request, serve};
use isc_runtime::{CallOptions, Client, RateLimit};
use reqwest::Method;
use secrecy::SecretString;

/// A server recording when each request arrived.
async fn timed_server() -> (String, Arc<Mutex<Vec<Instant>>>) {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let recorder = arrivals.clone();
    let router = Router::new().route(
        "/beta/ping",
        get(move || async move { recorder.lock().unwrap().push(Instant::now()) }),
    );
    (serve(router).await, arrivals)
}

async fn run_concurrently(client: &Client, calls: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..calls {
        // Each call uses its own clone: the limiter must be shared between them.
        let client = client.clone();
        tasks.spawn(async move {
            client
                .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
                .await
                .map(|response| response.status)
        });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.unwrap().unwrap(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_one_limit_and_no_window_exceeds_it() {
    let (base, arrivals) = timed_server().await;
    let window = Duration::from_millis(300);
    let client = Client::builder()
        .base_url(&base)
        .bearer_token(SecretString::from("t"))
        .rate_limit(RateLimit::new(3, window))
        .build()
        .unwrap();

    let started = Instant::now();
    run_concurrently(&client, 7).await;
    let elapsed = started.elapsed();

    // Slots: 3 at once, 3 after one window, 1 after two windows.
    assert!(elapsed >= 2 * window, "{elapsed:?}");
    let mut arrivals = arrivals.lock().unwrap().clone();
    arrivals.sort();
    assert_eq!(arrivals.len(), 7);
    for pair in arrivals.windows(4) {
        // Four consecutive arrivals never fit in one window (less a margin for scheduling
        // jitter between the client's start time and the server's arrival time).
        let span = pair[3] - pair[0];
        assert!(span >= window - Duration::from_millis(50), "{span:?}");
    }
}

#[tokio::test]
async fn without_a_limit_requests_are_not_delayed() {
    let (base, arrivals) = timed_server().await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token(SecretString::from("t"))
        .build()
        .unwrap();

    let started = Instant::now();
    run_concurrently(&client, 20).await;

    assert_eq!(arrivals.lock().unwrap().len(), 20);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(format!("{client:?}").contains("rate_limit: None"));
}

#[test]
fn the_isc_default_is_100_per_10_seconds() {
    let limit = RateLimit::isc_default();
    assert_eq!(limit.max_requests(), 100);
    assert_eq!(limit.per(), Duration::from_secs(10));
}
