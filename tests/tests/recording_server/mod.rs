//! A loopback HTTP server that records every request and answers with a canned response (or
//! one computed from the request), for tests of generated clients. Each test binary that uses
//! it declares `mod recording_server;`.

#![allow(dead_code)] // Each test binary uses a different part of it.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The answer the server gives to every request until it is changed.
#[derive(Debug, Clone)]
struct Canned {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    body: String,
}

type Responder = Arc<dyn Fn(&Recorded) -> (u16, String) + Send + Sync>;

#[derive(Clone)]
pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
    answer: Arc<Mutex<Canned>>,
    responder: Arc<Mutex<Option<Responder>>>,
}

impl Server {
    pub async fn start() -> Server {
        let server = Server {
            url: String::new(),
            seen: Arc::new(Mutex::new(Vec::new())),
            answer: Arc::new(Mutex::new(Canned {
                status: StatusCode::OK,
                headers: Vec::new(),
                body: "{}".to_owned(),
            })),
            responder: Arc::new(Mutex::new(None)),
        };
        let state = server.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move { state.respond(method, uri, headers, body) }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { url, ..server }
    }

    /// Answers each request with `respond(request)` instead of the canned answer's status and
    /// body (its headers, set with [`Server::answer`], are still sent).
    pub async fn start_with<F>(respond: F) -> Server
    where
        F: Fn(&Recorded) -> (u16, String) + Send + Sync + 'static,
    {
        let server = Server::start().await;
        *server.responder.lock().unwrap() = Some(Arc::new(respond));
        server
    }

    fn respond(
        &self,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> axum::response::Response {
        let recorded = Recorded {
            method,
            path: uri.to_string(),
            headers,
            body,
        };
        self.seen.lock().unwrap().push(recorded.clone());
        let responder = self.responder.lock().unwrap().clone();
        let canned = match responder {
            Some(respond) => {
                let (status, body) = respond(&recorded);
                Canned {
                    status: StatusCode::from_u16(status).unwrap(),
                    headers: self.answer.lock().unwrap().headers.clone(),
                    body,
                }
            }
            None => self.answer.lock().unwrap().clone(),
        };
        let mut response = (canned.status, canned.body).into_response();
        response.headers_mut().insert(
            "content-type",
            "application/json".parse().expect("valid header"),
        );
        for (name, value) in canned.headers {
            response
                .headers_mut()
                .insert(name, value.parse().expect("valid header"));
        }
        response
    }

    /// Answers every following request with this status, body and headers.
    pub fn answer(&self, status: u16, body: &str, headers: &[(&'static str, &str)]) {
        *self.answer.lock().unwrap() = Canned {
            status: StatusCode::from_u16(status).unwrap(),
            headers: headers.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            body: body.to_owned(),
        };
    }

    /// The latest request.
    pub fn last(&self) -> Recorded {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request")
    }

    /// All requests so far.
    pub fn all(&self) -> Vec<Recorded> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests arrived.
    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// A header's value as text ("" when absent).
pub fn header<'a>(recorded: &'a Recorded, name: &str) -> &'a str {
    recorded
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}
