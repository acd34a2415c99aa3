//! Constant headers (SailPoint's `X-SailPoint-Experimental: true`): sent only after a one-time
//! opt-in on the builder, refused before anything is sent otherwise.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use common::{post_request, serve};
use isc_runtime::{CallOptions, Client, SecretString, TransportErrorKind, EXPERIMENTAL_HEADER};

fn recorder(seen: Arc<Mutex<Vec<HeaderMap>>>) -> Router {
    Router::new().route(
        "/v1/digit",
        post(move |headers: HeaderMap| async move {
            seen.lock().unwrap().push(headers);
        }),
    )
}

fn experimental_request() -> isc_runtime::OperationRequest {
    let mut request = post_request("/v1/digit");
    request.constant_headers = &[(EXPERIMENTAL_HEADER, "true")];
    request
}

fn builder(base: &str) -> isc_runtime::ClientBuilder {
    Client::builder()
        .base_url(base)
        .bearer_token(SecretString::from("t"))
}

#[tokio::test]
async fn without_the_opt_in_nothing_is_sent_and_the_error_says_how_to_opt_in() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(recorder(seen.clone())).await;
    let client = builder(&base).build().unwrap();
    assert!(!client.allows_constant_header(EXPERIMENTAL_HEADER));
    let error = client
        .execute(experimental_request(), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        TransportErrorKind::OptInRequired { header } if header == EXPERIMENTAL_HEADER
    ));
    assert!(!error.may_have_been_processed());
    let message = error.to_string();
    assert!(
        message.contains("ClientBuilder::experimental(true)"),
        "{message}"
    );
    assert!(message.contains("not sent"), "{message}");
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing reached the server"
    );
}

#[tokio::test]
async fn with_the_opt_in_the_header_is_sent() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(recorder(seen.clone())).await;
    let client = builder(&base).experimental(true).build().unwrap();
    let response = client
        .execute(experimental_request(), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0][EXPERIMENTAL_HEADER], "true");
}

#[tokio::test]
async fn any_constant_header_can_be_allowed_by_name_and_taken_back() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = serve(recorder(seen.clone())).await;
    let mut request = post_request("/v1/digit");
    request.constant_headers = &[("X-Api-Preview", "2024-01")];
    let allowed = builder(&base)
        .allow_constant_header("x-api-preview")
        .build()
        .unwrap();
    allowed.execute(request, &CallOptions::new()).await.unwrap();
    assert_eq!(seen.lock().unwrap()[0]["x-api-preview"], "2024-01");

    let taken_back = builder(&base)
        .experimental(true)
        .experimental(false)
        .build()
        .unwrap();
    let error = taken_back
        .execute(experimental_request(), &CallOptions::new())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("experimental"), "{error}");
}
