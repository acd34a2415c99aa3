//! Response bodies are read up to a limit: a server declaring or streaming more than that is
//! cut off with a clear error instead of filling memory, for the API and the token endpoint.

mod common;

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use common::{request, serve, CLIENT_ID, CLIENT_SECRET};
use isc_runtime::{
    CallOptions, Client, ClientBuilder, TokenError, TransportErrorKind, DEFAULT_MAX_RESPONSE_BODY,
};
use reqwest::Method;
use secrecy::SecretString;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How much the streaming server sends at most: far more than any limit in these tests, but
/// small enough that a client without a limit would read it all and succeed.
const STREAM_TOTAL: usize = 32 * 1024 * 1024;

/// A raw HTTP/1.1 server answering every request with a chunked 200 body of up to
/// `STREAM_TOTAL` bytes and no `Content-Length`. Returns its URL and the number of body bytes
/// it managed to write before the client hung up (known once the connection is over).
async fn streaming_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (written_tx, written_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let written_tx = written_tx.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                let mut written = 0;
                if socket.write_all(head.as_bytes()).await.is_ok() {
                    let chunk = [b' '; 8192];
                    while written < STREAM_TOTAL {
                        let framed = [b"2000\r\n".as_slice(), &chunk, b"\r\n"].concat();
                        if socket.write_all(&framed).await.is_err() {
                            break;
                        }
                        written += chunk.len();
                    }
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                }
                let _ = written_tx.send(written);
            });
        }
    });
    (format!("http://{address}"), written_rx)
}

/// A raw HTTP/1.1 server answering every request with a 200 that declares a terabyte of body,
/// sends one byte of it, and then keeps the connection open without sending more.
async fn huge_content_length_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = socket.read(&mut request).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                        content-length: 1099511627776\r\n\r\n{";
            let _ = socket.write_all(head.as_bytes()).await;
            held.push(socket);
        }
    });
    format!("http://{address}")
}

fn bearer_client(base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .bearer_token(SecretString::from("t"))
        // Long enough never to fire in these tests, so a timeout means the limit did not work.
        .request_timeout(Duration::from_secs(20))
}

#[tokio::test]
async fn a_declared_content_length_over_the_limit_fails_before_reading() {
    let base = huge_content_length_server().await;
    let client = bearer_client(&base).build().unwrap();

    let error = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge {
            limit: DEFAULT_MAX_RESPONSE_BODY
        },
        "{error}"
    );
    assert_eq!(error.attempts(), 1, "a too-large response is not retried");
    assert!(error.may_have_been_processed(), "the server answered 200");
    let message = error.to_string();
    assert!(message.contains("16777216 bytes"), "{message}");
    assert!(message.contains("max_response_body"), "{message}");
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_cut_off_while_reading() {
    let (base, mut written) = streaming_server().await;
    let client = bearer_client(&base)
        .max_response_body(64 * 1024)
        .build()
        .unwrap();

    let error = client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap_err();

    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge { limit: 64 * 1024 },
        "{error}"
    );
    // The client hung up: the server could not write everything (at most what the socket
    // buffers took beyond the limit).
    let sent = tokio::time::timeout(Duration::from_secs(30), written.recv())
        .await
        .expect("the server noticed the hang-up")
        .unwrap();
    assert!(sent < STREAM_TOTAL, "the server wrote all {sent} bytes");
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_and_a_call_may_raise_the_limit() {
    let router = Router::new()
        .route("/beta/exact", get(|| async { "x".repeat(1024) }))
        .route("/beta/over", get(|| async { "x".repeat(1025) }));
    let base = serve(router).await;
    let client = bearer_client(&base)
        .max_response_body(1024)
        .build()
        .unwrap();

    let exact = client
        .execute(request(Method::GET, "/beta/exact"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(exact.body.len(), 1024);

    let over = client
        .execute(request(Method::GET, "/beta/over"), &CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(
        over.kind(),
        TransportErrorKind::ResponseTooLarge { limit: 1024 }
    );

    let raised = CallOptions::new().with_max_response_body(2048);
    let response = client
        .execute(request(Method::GET, "/beta/over"), &raised)
        .await
        .unwrap();
    assert_eq!(response.body.len(), 1025);
}

/// The `TokenError` of a call whose token endpoint is at `base`.
async fn token_failure(base: &str) -> isc_runtime::TransportError {
    let client = Client::builder()
        .base_url(base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .request_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    client
        .execute(request(Method::GET, "/beta/op"), &CallOptions::new())
        .await
        .unwrap_err()
}

fn assert_token_too_large(error: &isc_runtime::TransportError) {
    assert_eq!(error.kind(), TransportErrorKind::Authentication, "{error}");
    let token_error = error
        .source()
        .and_then(|source| source.downcast_ref::<TokenError>())
        .expect("the source is a TokenError");
    assert!(
        matches!(token_error, TokenError::ResponseTooLarge { limit: 65536 }),
        "{token_error:?}"
    );
    assert!(
        token_error.to_string().contains("65536 bytes"),
        "{token_error}"
    );
}

#[tokio::test]
async fn a_token_response_over_64_kib_is_refused() {
    // Declared up front.
    let base = huge_content_length_server().await;
    let error = token_failure(&base).await;
    assert_token_too_large(&error);

    // Streamed without a length.
    let (base, mut written) = streaming_server().await;
    let error = token_failure(&base).await;
    assert_token_too_large(&error);
    let sent = tokio::time::timeout(Duration::from_secs(30), written.recv())
        .await
        .expect("the server noticed the hang-up")
        .unwrap();
    assert!(sent < STREAM_TOTAL, "the server wrote all {sent} bytes");

    // Fetched once: a response that large is not retried.
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().route(
        "/oauth/token",
        axum::routing::post(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { "x".repeat(65537) }
        }),
    );
    let error = token_failure(&serve(router).await).await;
    assert_token_too_large(&error);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
