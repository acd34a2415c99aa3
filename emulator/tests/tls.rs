//! HTTPS mode: the certificate the emulator hands out is the one it serves, it negotiates
//! HTTP/2 or HTTP/1.1, and clients that do not speak TLS (or do not trust it) get nothing while
//! the server carries on.

mod support;

use std::time::Duration;

use isc_emulator::{Emulator, Route, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use support::{config, reply, start};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

async fn tls_emulator() -> Emulator {
    start(config().with_tls()).await
}

/// A client that trusts only the emulator's certificate.
fn trusting(emulator: &Emulator) -> reqwest::ClientBuilder {
    let pem = emulator.root_certificate_pem().expect("TLS mode has a PEM");
    let certificate = reqwest::Certificate::from_pem(pem.as_bytes()).expect("the PEM parses");
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(certificate)
        .no_proxy()
        .timeout(Duration::from_secs(5))
}

/// Asks for a token at `base_url`, answering the status.
async fn token_status(http: &reqwest::Client, base_url: &str) -> Result<u16, reqwest::Error> {
    let response = http
        .post(format!("{base_url}/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await?;
    Ok(reply(response).await.status)
}

#[tokio::test]
async fn https_answers_over_http2_with_the_certificate_it_hands_out() {
    let emulator = tls_emulator().await;
    let base = emulator.base_url().to_string();
    assert_eq!(base, format!("https://{}", emulator.address()));
    let pem = emulator.root_certificate_pem().expect("PEM");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");

    let http = trusting(&emulator).build().expect("client builds");
    assert_eq!(token_status(&http, &base).await.expect("answered"), 200);
    // The name the certificate was made for, not only the address.
    let by_name = format!("https://localhost:{}", emulator.address().port());
    assert_eq!(token_status(&http, &by_name).await.expect("answered"), 200);

    let requests = emulator.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    for request in &requests {
        assert_eq!(request.route, Some(Route::OAuthToken));
        assert_eq!(request.version, "HTTP/2.0", "ALPN chose h2: {request:?}");
    }
}

#[tokio::test]
async fn a_client_that_offers_only_http1_is_served_http1() {
    let emulator = tls_emulator().await;
    let http = trusting(&emulator)
        .http1_only()
        .build()
        .expect("client builds");
    assert_eq!(
        token_status(&http, emulator.base_url())
            .await
            .expect("answered"),
        200
    );
    let versions: Vec<String> = emulator.requests().into_iter().map(|r| r.version).collect();
    assert_eq!(versions, ["HTTP/1.1"]);
}

#[tokio::test]
async fn plain_http_and_untrusting_clients_get_nothing_and_the_server_carries_on() {
    let emulator = tls_emulator().await;
    let address = emulator.address();
    let plain = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds");
    let error = token_status(&plain, &format!("http://{address}"))
        .await
        .expect_err("plain HTTP to the HTTPS port is not answered");
    assert!(!error.is_status(), "{error:?}");

    // The default roots do not include a certificate made a moment ago.
    let untrusting = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds");
    let error = token_status(&untrusting, emulator.base_url())
        .await
        .expect_err("the certificate is not trusted");
    assert!(error.is_connect(), "{error:?}");

    // Bytes that are no TLS at all, then a hang-up in the middle of a handshake.
    let mut garbage = TcpStream::connect(address).await.expect("connects");
    garbage
        .write_all(b"\x16\x03\x01\xff\xff not a ClientHello")
        .await
        .expect("written");
    drop(garbage);
    let mut cut = TcpStream::connect(address).await.expect("connects");
    cut.write_all(b"\x16\x03\x01\x00\x80\x01\x00\x00\x7c\x03\x03")
        .await
        .expect("written");
    drop(cut);
    // A client that connects and never speaks holds a handshake open meanwhile.
    let _silent = TcpStream::connect(address).await.expect("connects");

    assert!(
        emulator.requests().is_empty(),
        "none of those reached the API"
    );
    let http = trusting(&emulator).build().expect("client builds");
    assert_eq!(
        token_status(&http, emulator.base_url())
            .await
            .expect("still serving"),
        200
    );
}

#[tokio::test]
async fn shutdown_closes_the_https_port() {
    let emulator = tls_emulator().await;
    let address = emulator.address();
    let http = trusting(&emulator).build().expect("client builds");
    assert_eq!(
        token_status(&http, emulator.base_url())
            .await
            .expect("answered"),
        200
    );
    // An open HTTP/2 connection must not keep the server from stopping.
    tokio::time::timeout(Duration::from_secs(5), emulator.shutdown())
        .await
        .expect("shutdown finishes");
    TcpStream::connect(address)
        .await
        .expect_err("nothing listens any more");
}

#[tokio::test]
async fn plain_http_stays_the_default() {
    let emulator = start(config()).await;
    assert_eq!(
        emulator.base_url(),
        format!("http://{}", emulator.address())
    );
    assert!(emulator.root_certificate_pem().is_none());
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client builds");
    assert_eq!(
        token_status(&http, emulator.base_url())
            .await
            .expect("answered"),
        200
    );
    let versions: Vec<String> = emulator.requests().into_iter().map(|r| r.version).collect();
    assert_eq!(versions, ["HTTP/1.1"]);
}
