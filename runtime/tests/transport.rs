//! The transport seam: a caller's `Transport` carries API calls and token requests, while
//! authentication, retries, timeouts and the body limit still run above it.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{fast_retry, post_request, request, CLIENT_ID, CLIENT_SECRET};
use isc_runtime::reqwest::{self, Method, StatusCode};
use isc_runtime::{
    BoxFuture, CallOptions, Client, ConfigError, HttpRequest, HttpResponse, Purpose, SecretString,
    Transport, TransportErrorKind, TransportFailure,
};

/// What a scripted transport does for one request.
enum Step {
    Answer(u16, &'static str),
    NotSent,
    Interrupted,
    Hang,
}

/// Answers token requests with a token and API requests from a script, recording both.
#[derive(Clone, Default)]
struct Scripted {
    steps: Arc<Mutex<VecDeque<Step>>>,
    seen: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        let scripted = Scripted::default();
        scripted.steps.lock().unwrap().extend(steps);
        scripted
    }

    fn seen(&self) -> Vec<HttpRequest> {
        self.seen.lock().unwrap().clone()
    }
}

impl Transport for Scripted {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportFailure>> {
        let purpose = request.purpose;
        self.seen.lock().unwrap().push(request);
        let step = match purpose {
            Purpose::Token => Step::Answer(
                200,
                r#"{"access_token":"seam-token","token_type":"bearer","expires_in":600}"#,
            ),
            _ => self
                .steps
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Step::Answer(200, "{}")),
        };
        Box::pin(async move {
            match step {
                Step::Answer(status, body) => Ok(HttpResponse::new(
                    StatusCode::from_u16(status).unwrap(),
                    body.as_bytes().to_vec(),
                )),
                Step::NotSent => Err(TransportFailure::NotSent("refused".into())),
                Step::Interrupted => Err(TransportFailure::Interrupted("reset".into())),
                Step::Hang => std::future::pending().await,
            }
        })
    }
}

fn client(transport: Scripted) -> Client {
    Client::builder()
        .base_url("https://tenant.example.com")
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .retry(fast_retry(3))
        .transport(transport)
        .build()
        .unwrap()
}

#[tokio::test]
async fn token_and_api_requests_go_through_the_transport_with_the_token() {
    let transport = Scripted::new([Step::Answer(200, r#"{"ok":true}"#)]);
    let mut ping = request(Method::GET, "/beta/ping");
    ping.query.push(("filter".into(), "query-secret".into()));
    let response = client(transport.clone())
        .execute(ping, &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(&response.body[..], br#"{"ok":true}"#);
    let seen = transport.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].purpose, Purpose::Token);
    assert_eq!(
        seen[0].url.as_str(),
        "https://tenant.example.com/oauth/token"
    );
    let form = String::from_utf8(seen[0].body.clone().unwrap().to_vec()).unwrap();
    assert!(form.contains("grant_type=client_credentials"), "{form}");
    assert_eq!(
        seen[1].purpose,
        Purpose::Operation {
            operation_id: "testOperation",
            path_template: "/beta/ping"
        }
    );
    assert_eq!(
        seen[1].url.as_str(),
        "https://tenant.example.com/beta/ping?filter=query-secret"
    );
    assert_eq!(seen[1].headers["authorization"], "Bearer seam-token");
    // What the runtime's own client would have sent as a default, a transport gets too.
    for request in &seen {
        let agent = request.headers["user-agent"].to_str().unwrap();
        assert!(agent.starts_with("isc-runtime/"), "{agent}");
    }
    assert!(seen[1].headers["authorization"].is_sensitive());
    // Debug of a request shows header and query names, never their values.
    let debug = format!("{:?}", seen[1]);
    assert!(
        debug.contains("authorization") && !debug.contains("seam-token"),
        "{debug}"
    );
    assert!(
        debug.contains("filter") && !debug.contains("query-secret"),
        "{debug}"
    );
}

#[tokio::test]
async fn retries_run_above_the_transport() {
    // A GET is retried after a 503 and after a broken exchange.
    let transport = Scripted::new([
        Step::Answer(503, ""),
        Step::Interrupted,
        Step::Answer(200, "{}"),
    ]);
    let response = client(transport.clone())
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.attempts, 3);

    // A POST whose exchange broke may have been processed: it is not sent again ...
    let transport = Scripted::new([Step::Interrupted, Step::Answer(200, "{}")]);
    let error = client(transport.clone())
        .execute(post_request("/beta/set"), &CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Connection);
    assert!(error.may_have_been_processed());
    assert_eq!(transport.seen().len(), 2, "one token request, one attempt");

    // ... but one that was never sent is.
    let transport = Scripted::new([Step::NotSent, Step::Answer(200, "{}")]);
    let response = client(transport)
        .execute(post_request("/beta/set"), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
}

#[tokio::test]
async fn timeouts_and_the_body_limit_still_apply() {
    let transport = Scripted::new([Step::Hang]);
    let error = client(transport)
        .execute(
            post_request("/beta/set"),
            &CallOptions::new().with_timeout(Duration::from_millis(50)),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), TransportErrorKind::Timeout { .. }),
        "{error:?}"
    );

    let transport = Scripted::new([Step::Answer(200, "0123456789")]);
    let error = client(transport)
        .execute(
            request(Method::GET, "/beta/ping"),
            &CallOptions::new().with_max_response_body(4),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge { limit: 4 }
    );
}

#[test]
fn a_transport_beside_other_http_settings_is_refused_by_name() {
    let base = || {
        Client::builder()
            .base_url("https://tenant.example.com")
            .bearer_token(SecretString::from("t"))
            .transport(Scripted::default())
    };
    let cases = [
        (base().http_client(reqwest::Client::new()), "http_client"),
        (base().no_proxy(), "no_proxy"),
        (base().platform_trust_store(true), "platform_trust_store"),
    ];
    for (builder, name) in cases {
        let error = builder.build().unwrap_err();
        assert!(
            matches!(
                error,
                ConfigError::HttpClientConflict { setting, with: "transport" } if setting == name
            ),
            "{name}: {error}"
        );
    }
    // The HTTPS rule still holds: a transport does not make plain HTTP to a remote host fine.
    let error = Client::builder()
        .base_url("http://tenant.example.com")
        .bearer_token(SecretString::from("t"))
        .transport(Scripted::default())
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::InsecureUrl { .. }), "{error}");
}
