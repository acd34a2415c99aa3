//! What `Client::execute` puts on the wire (path, query, headers, body) and what generated
//! code builds from the response (`decode_json`, `ResponseValue`, `Error`).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, post};
use axum::{Json, Router};
use common::{request, serve};
use isc_runtime::{
    decode_json, encode_path_segment, CallOptions, Client, Error, OperationRequest, RawResponse,
    RequestBody, ResponseValue, TransportErrorKind,
};
use reqwest::Method;
use secrecy::SecretString;

#[derive(Debug, Default, Clone)]
struct Seen {
    id: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Vec<u8>,
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .bearer_token(SecretString::from("wire-token"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn path_query_headers_and_body_arrive_as_built() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let recorder = seen.clone();
    let router = Router::new().route(
        "/beta/items/{id}",
        post(
            move |Path(id): Path<String>,
                  Query(query): Query<Vec<(String, String)>>,
                  headers: HeaderMap,
                  body: Bytes| async move {
                *recorder.lock().unwrap() = Seen {
                    id,
                    query,
                    headers,
                    body: body.to_vec(),
                };
                Json(serde_json::json!({"ok": true}))
            },
        ),
    );
    let base = serve(router).await;
    let id = "a/b c?d#e%f";
    let body = RequestBody::json(&serde_json::json!({"name": "x"})).unwrap();
    let request = OperationRequest {
        operation_id: "createItem",
        method: Method::POST,
        path_template: "/beta/items/{id}",
        path: format!("/beta/items/{}", encode_path_segment(id)),
        query: vec![
            ("filter".into(), "name eq \"a&b\"".to_owned()),
            ("limit".into(), "5".to_owned()),
        ],
        headers: vec![("X-SailPoint-Experimental", "true".to_owned())],
        constant_headers: &[],
        accept: "application/json",
        body: Some(body),
    };

    let response = client(&base)
        .execute(request, &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    let value: serde_json::Value = decode_json(&response).unwrap();
    assert_eq!(value["ok"], true);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.id, id, "the id stayed one path segment");
    assert_eq!(
        seen.query,
        [
            ("filter".to_owned(), "name eq \"a&b\"".to_owned()),
            ("limit".to_owned(), "5".to_owned())
        ]
    );
    assert_eq!(seen.headers["x-sailpoint-experimental"], "true");
    assert_eq!(seen.headers["accept"], "application/json");
    assert_eq!(seen.headers["content-type"], "application/json");
    assert_eq!(seen.headers["authorization"], "Bearer wire-token");
    assert_eq!(seen.body, br#"{"name":"x"}"#);
}

#[tokio::test]
async fn dot_segments_and_bad_headers_are_refused_before_sending() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().fallback(any(move || async move {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let base = serve(router).await;
    let client = client(&base);

    let mut dot = request(Method::DELETE, "/beta/items/{id}");
    dot.path = format!("/beta/items/{}", encode_path_segment(".."));
    let error = client.execute(dot, &CallOptions::new()).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert_eq!(error.attempts(), 0);
    assert!(!error.may_have_been_processed());

    let mut bad_header = request(Method::GET, "/beta/items");
    bad_header.headers = vec![("X-Value", "line\nbreak-SECRET".to_owned())];
    let error = client
        .execute(bad_header, &CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert!(!format!("{error} {error:?}").contains("SECRET"));

    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing reached the server");
}

/// What a generated operation does with a response, reduced to its essence.
#[derive(Debug)]
enum GetItemError {
    NotFound(serde_json::Value),
}

impl std::fmt::Display for GetItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not found")
    }
}

async fn get_item(client: &Client, id: &str) -> Result<ResponseValue<u32>, Error<GetItemError>> {
    let mut request = request(Method::GET, "/beta/items/{id}");
    request.path = format!("/beta/items/{}", encode_path_segment(id));
    let response: RawResponse = client.execute(request, &CallOptions::new()).await?;
    match response.status.as_u16() {
        200 => {
            let value = decode_json(&response)?;
            Ok(ResponseValue::new(value, response.status, response.headers))
        }
        404 => {
            let body = decode_json(&response)?;
            Err(Error::service(response, GetItemError::NotFound(body)))
        }
        _ => Err(Error::unexpected(response)),
    }
}

#[tokio::test]
async fn responses_map_to_values_and_errors() {
    let router = Router::new().route(
        "/beta/items/{id}",
        any(|Path(id): Path<String>| async move {
            match id.as_str() {
                "ok" => ([("SLPT-Request-ID", "trk-ok")], "42").into_response(),
                "missing" => (
                    StatusCode::NOT_FOUND,
                    [("SLPT-Request-ID", "trk-404")],
                    r#"{"detail":"no such item"}"#,
                )
                    .into_response(),
                "garbled" => "\"secret-looking-string\"".into_response(),
                _ => (StatusCode::IM_A_TEAPOT, r#"{"trackingId":"trk-418"}"#).into_response(),
            }
        }),
    );
    let base = serve(router).await;
    let client = client(&base);

    let value = get_item(&client, "ok").await.unwrap();
    assert_eq!(*value, 42);
    assert_eq!(value.status(), 200);
    assert_eq!(value.tracking_id(), Some("trk-ok"));
    assert_eq!(value.into_inner(), 42);

    let Err(Error::Service(service)) = get_item(&client, "missing").await else {
        panic!("expected a service error");
    };
    assert_eq!(service.status, 404);
    assert_eq!(service.attempts, 1);
    assert_eq!(service.tracking_id(), Some("trk-404"));
    assert!(
        matches!(&service.error, GetItemError::NotFound(body) if body["detail"] == "no such item")
    );

    let Err(error @ Error::Decode(_)) = get_item(&client, "garbled").await else {
        panic!("expected a decode error");
    };
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(
        !error.to_string().contains("secret-looking-string"),
        "{error}"
    );

    let Err(Error::UnexpectedStatus(unexpected)) = get_item(&client, "teapot").await else {
        panic!("expected an unexpected status");
    };
    assert_eq!(unexpected.status, 418);
    assert_eq!(unexpected.tracking_id().as_deref(), Some("trk-418"));
    let message = unexpected.to_string();
    assert!(
        message.contains("418") && message.contains("trk-418"),
        "{message}"
    );
}
