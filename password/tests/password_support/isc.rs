//! A scripted stand-in for ISC's password endpoints on 127.0.0.1, recording every request.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sailpoint_beta::runtime::{ClientBuilder, RetryConfig};
use sailpoint_beta::Client;
use secrecy::SecretString;
use serde_json::{json, Value};

/// One scripted answer: a status, a JSON body and extra headers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, &'static str)>,
}

impl Reply {
    pub fn new(status: u16, body: Value) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("valid status"),
            body,
            headers: Vec::new(),
        }
    }

    pub fn ok(body: Value) -> Self {
        Self::new(200, body)
    }

    pub fn with_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        match self.body {
            // A string body is a text answer (the password dictionary), not JSON.
            Value::String(text) => (self.status, headers, text).into_response(),
            body => (self.status, headers, Json(body)).into_response(),
        }
    }
}

/// An ISC error body as the spec documents it.
pub fn error_body(message: &str) -> Value {
    json!({
        "detailCode": "400.1 Bad Request Content",
        "trackingId": "e7eab60924f64aa284175b9fa3309599",
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": message}]
    })
}

/// A status answer with the given state.
pub fn status_reply(state: &str) -> Reply {
    Reply::ok(json!({
        "requestId": "req-1",
        "state": state,
        "errors": [],
        "sourceIds": ["src-1"]
    }))
}

/// The scripted answers and everything the server saw.
#[derive(Debug)]
pub struct Script {
    pub info: Mutex<Reply>,
    pub set_password: Mutex<Vec<Reply>>,
    pub statuses: Mutex<Vec<Reply>>,
    pub digit_token: Mutex<Reply>,
    pub info_bodies: Mutex<Vec<Value>>,
    pub set_password_bodies: Mutex<Vec<Value>>,
    pub digit_token_bodies: Mutex<Vec<Value>>,
    pub status_ids: Mutex<Vec<String>>,
    /// Answers of the password-domain reads by path (sync groups, policies, dictionary);
    /// a path without one answers 404.
    pub domain: Mutex<std::collections::HashMap<String, Reply>>,
    /// The paths of the domain reads received, in order.
    pub domain_paths: Mutex<Vec<String>>,
}

impl Script {
    /// A well-behaved ISC: one account, the example policy, accepted, then FINISHED.
    pub fn new(public_key: &str) -> Self {
        Self {
            info: Mutex::new(Reply::ok(json!({
                "identityId": "id-1",
                "sourceId": "src-1",
                "publicKeyId": "key-1",
                "publicKey": public_key,
                "accounts": [{"accountId": "CN=Abby,DC=corp", "accountName": "Abby.Smith"}],
                "policies": [
                    "passwordRepeatedChar is 3",
                    "passwordMinAlpha is 1",
                    "passwordMinLength is 5",
                    "passwordMinNumeric is 1"
                ]
            }))),
            set_password: Mutex::new(vec![Reply::new(
                202,
                json!({"requestId": "req-1", "state": "IN_PROGRESS"}),
            )]),
            statuses: Mutex::new(vec![status_reply("FINISHED")]),
            digit_token: Mutex::new(Reply::ok(
                json!({"digitToken": "09087713", "requestId": "tok-1"}),
            )),
            info_bodies: Mutex::default(),
            set_password_bodies: Mutex::default(),
            digit_token_bodies: Mutex::default(),
            status_ids: Mutex::default(),
            domain: Mutex::default(),
            domain_paths: Mutex::default(),
        }
    }

    pub fn set_info(&self, reply: Reply) {
        *self.info.lock().unwrap() = reply;
    }

    pub fn set_set_password(&self, replies: Vec<Reply>) {
        *self.set_password.lock().unwrap() = replies;
    }

    /// Scripts the status answers; numbering restarts with the next status request.
    pub fn set_statuses(&self, replies: Vec<Reply>) {
        *self.statuses.lock().unwrap() = replies;
        self.status_ids.lock().unwrap().clear();
    }

    pub fn set_password_posts(&self) -> Vec<Value> {
        self.set_password_bodies.lock().unwrap().clone()
    }

    pub fn info_posts(&self) -> Vec<Value> {
        self.info_bodies.lock().unwrap().clone()
    }

    /// Scripts the answer of a domain read, e.g. `/beta/password-policies`.
    pub fn set_domain(&self, path: &str, reply: Reply) {
        self.domain.lock().unwrap().insert(path.to_owned(), reply);
    }

    pub fn domain_reads(&self) -> Vec<String> {
        self.domain_paths.lock().unwrap().clone()
    }

    pub fn status_polls(&self) -> usize {
        self.status_ids.lock().unwrap().len()
    }
}

/// The `n`-th scripted reply (0-based); the last one repeats.
fn nth(replies: &Mutex<Vec<Reply>>, n: usize) -> Reply {
    let replies = replies.lock().unwrap();
    replies
        .get(n)
        .or_else(|| replies.last())
        .cloned()
        .expect("at least one scripted reply")
}

/// A running mock with its base URL.
pub struct MockIsc {
    pub base_url: String,
    pub script: Arc<Script>,
    requests: Arc<AtomicU32>,
}

impl MockIsc {
    pub async fn start(script: Script) -> Self {
        let script = Arc::new(script);
        let requests = Arc::new(AtomicU32::new(0));
        let router = Router::new()
            .route("/beta/query-password-info", post(query_info))
            .route("/beta/set-password", post(set_password))
            .route("/beta/password-change-status/{id}", get(status))
            .route(
                "/beta/generate-password-reset-token/digit",
                post(digit_token),
            )
            .route("/beta/password-sync-groups", get(domain))
            .route("/beta/password-policies", get(domain))
            .route("/beta/password-dictionary", get(domain))
            .with_state((script.clone(), requests.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self {
            base_url: format!("http://{address}"),
            script,
            requests,
        }
    }

    /// Every HTTP request the server answered.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::SeqCst)
    }

    /// A client with a static token and quick retries.
    pub fn client(&self) -> Client {
        client_for(&self.base_url)
    }
}

pub fn client_for(base_url: &str) -> Client {
    ClientBuilder::new()
        .base_url(base_url)
        .bearer_token(SecretString::from("test-access-token"))
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_jitter(false),
        )
        .build()
        .expect("client builds")
        .into()
}

type Shared = (Arc<Script>, Arc<AtomicU32>);

async fn query_info(State((script, requests)): State<Shared>, Json(body): Json<Value>) -> Reply {
    requests.fetch_add(1, Ordering::SeqCst);
    script.info_bodies.lock().unwrap().push(body);
    script.info.lock().unwrap().clone()
}

async fn set_password(State((script, requests)): State<Shared>, Json(body): Json<Value>) -> Reply {
    requests.fetch_add(1, Ordering::SeqCst);
    let n = {
        let mut bodies = script.set_password_bodies.lock().unwrap();
        bodies.push(body);
        bodies.len() - 1
    };
    nth(&script.set_password, n)
}

async fn status(State((script, requests)): State<Shared>, Path(id): Path<String>) -> Reply {
    requests.fetch_add(1, Ordering::SeqCst);
    let n = {
        let mut ids = script.status_ids.lock().unwrap();
        ids.push(id);
        ids.len() - 1
    };
    nth(&script.statuses, n)
}

async fn digit_token(State((script, requests)): State<Shared>, Json(body): Json<Value>) -> Reply {
    requests.fetch_add(1, Ordering::SeqCst);
    script.digit_token_bodies.lock().unwrap().push(body);
    script.digit_token.lock().unwrap().clone()
}

/// A password-domain read: its scripted answer, or 404. Not counted in `requests()`, so that
/// the counts of the password-management calls stay what they were.
/// The scripted lists are one page: a later page (`offset` past 0) is empty.
async fn domain(State((script, _)): State<Shared>, uri: axum::http::Uri) -> Reply {
    let path = uri.path().to_owned();
    let later_page = uri.query().is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.starts_with("offset=") && pair != "offset=0")
    });
    if later_page {
        return Reply::ok(json!([]));
    }
    script.domain_paths.lock().unwrap().push(path.clone());
    script
        .domain
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Reply::new(404, error_body("not scripted")))
}
