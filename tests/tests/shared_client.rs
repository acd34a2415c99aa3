//! Two generated API crates in one process, the beta API (`sailpoint-beta`) and the versioned
//! v1 API (`sailpoint-password-v1`), built from one shared runtime client, against the
//! emulator: one token request serves both, and one rate limiter keeps their combined rate
//! under the tenant's limit.

mod e2e_support;

use std::time::Duration;

use e2e_support::*;
use isc_emulator::{Emulator, RateLimit, Route};
use sailpoint_beta::runtime;

fn query() -> sailpoint_beta::models::PasswordInfoQueryDto {
    sailpoint_beta::models::PasswordInfoQueryDto::new()
        .with_user_name(JORDAN)
        .with_source_name(CORP_AD)
}

fn v1_query() -> sailpoint_password_v1::models::PasswordInfoQueryDto {
    sailpoint_password_v1::models::PasswordInfoQueryDto::new()
        .with_user_name(JORDAN)
        .with_source_name(CORP_AD)
}

/// `calls` query-password-info calls, alternating between the two crates, all at once.
async fn query_through_both(
    beta: &sailpoint_beta::Client,
    v1: &sailpoint_password_v1::Client,
    calls: usize,
) -> usize {
    let mut tasks = tokio::task::JoinSet::new();
    for call in 0..calls {
        let (beta, v1) = (beta.clone(), v1.clone());
        tasks.spawn(async move {
            if call % 2 == 0 {
                let query = query();
                beta.password_management()
                    .query_password_info(&query)
                    .send()
                    .await
                    .is_ok()
            } else {
                let query = v1_query();
                v1.password_management()
                    .query_password_info_v1(&query)
                    .send()
                    .await
                    .is_ok()
            }
        });
    }
    let mut succeeded = 0;
    while let Some(outcome) = tasks.join_next().await {
        succeeded += usize::from(outcome.expect("the task finishes"));
    }
    succeeded
}

fn rejected_with_429(emulator: &Emulator) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|request| request.status == Some(429))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_generated_crates_share_one_token_cache() {
    let emulator = start(config()).await;
    let shared = builder(&emulator).build().expect("client builds");
    let beta = sailpoint_beta::Client::new(&shared);
    let v1 = sailpoint_password_v1::Client::new(&shared);

    assert_eq!(query_through_both(&beta, &v1, 6).await, 6);

    assert_eq!(
        emulator.count(Route::OAuthToken),
        1,
        "one token for both crates"
    );
    assert_eq!(emulator.count(Route::QueryPasswordInfo), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_generated_crates_share_one_rate_limiter() {
    let window = Duration::from_millis(600);
    // The server allows one request more per window than the client sends, so that a request
    // delayed in flight on a loaded machine cannot push a paced burst over the server's limit.
    let limit = || {
        Some(RateLimit {
            requests: 5,
            window,
        })
    };
    let calls = 12;

    // One runtime client: its limiter paces both crates together, so ISC never says 429.
    let emulator = start(config().with_rate_limit(limit())).await;
    let shared = builder(&emulator)
        .rate_limit(runtime::RateLimit::new(4, window))
        .retry(runtime::RetryConfig::disabled())
        .build()
        .expect("client builds");
    let beta = sailpoint_beta::Client::new(&shared);
    let v1 = sailpoint_password_v1::Client::new(&shared);
    // The token request counts against the emulator's limit too; fetch it before the burst.
    let _ = query_through_both(&beta, &v1, 1).await;
    tokio::time::sleep(window).await;
    emulator.clear_requests();
    assert_eq!(query_through_both(&beta, &v1, calls).await, calls);
    assert_eq!(rejected_with_429(&emulator), 0);

    // The contrast: a runtime client per crate, each with the same limit, together send twice
    // the rate, and the server refuses some.
    let emulator = start(config().with_rate_limit(limit())).await;
    let separate = |_| {
        builder(&emulator)
            .rate_limit(runtime::RateLimit::new(4, window))
            .retry(runtime::RetryConfig::disabled())
            .build()
            .expect("client builds")
    };
    let beta = sailpoint_beta::Client::from(separate(()));
    let v1 = sailpoint_password_v1::Client::from(separate(()));
    let _ = query_through_both(&beta, &v1, 2).await;
    tokio::time::sleep(window).await;
    emulator.clear_requests();
    let succeeded = query_through_both(&beta, &v1, calls).await;
    assert!(succeeded < calls, "{succeeded} of {calls} succeeded");
    assert!(rejected_with_429(&emulator) > 0);
}
