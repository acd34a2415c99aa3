//! Carrying out an armed fault around the handler.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt as _};

use super::errors::ApiError;
use super::rewrite;
use crate::faults::Fault;

/// How long the connection stays open after the partial body, so the client has received it
/// before the connection drops.
const PAUSE_BEFORE_DROP: Duration = Duration::from_millis(20);

/// Handles `request`, misbehaving as `fault` says.
pub(super) async fn run(fault: Option<Fault>, request: Request, next: Next) -> Response {
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    match fault {
        Fault::Status500 { .. } => {
            ApiError::Internal("An internal fault occurred (injected by the emulator).".into())
                .into_response()
        }
        Fault::Status503 { .. } => ApiError::Unavailable.into_response(),
        Fault::Status429 {
            retry_after_secs, ..
        } => ApiError::TooManyRequests { retry_after_secs }.into_response(),
        Fault::Status429Date { retry_after, .. } => {
            ApiError::TooManyRequestsUntil(std::time::SystemTime::now() + retry_after)
                .into_response()
        }
        Fault::OversizedBody { bytes, .. } => oversized(next.run(request).await, bytes),
        Fault::Delay { delay, .. } => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::DropConnection { .. } => drop_mid_body(next.run(request).await).await,
        Fault::MalformedJson { .. } => {
            rewrite_body(next.run(request).await, |body| {
                Some(body.slice(..body.len() / 2))
            })
            .await
        }
        Fault::UnknownEnumValue { .. } => {
            rewrite_json(next.run(request).await, rewrite::unknown_enum_value).await
        }
        Fault::ExtraFields { .. } => {
            rewrite_json(next.run(request).await, rewrite::extra_fields).await
        }
        Fault::Nulls { .. } => rewrite_json(next.run(request).await, rewrite::nulls).await,
    }
}

/// The response's status and headers with a body of `bytes` bytes (a JSON string of spaces),
/// streamed in 64 KiB chunks with no `Content-Length`. Produced lazily: the emulator never
/// holds it whole.
fn oversized(response: Response, bytes: u64) -> Response {
    const CHUNK: u64 = 64 * 1024;
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    let chunk = Bytes::from(vec![b' '; CHUNK as usize]);
    let chunks = stream::iter((0..bytes.div_ceil(CHUNK)).map(move |index| {
        let length = CHUNK.min(bytes - index * CHUNK) as usize;
        Ok::<Bytes, std::io::Error>(chunk.slice(..length))
    }));
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Sends the head with the full `Content-Length` and half the body, then fails the body so the
/// server closes the connection.
async fn drop_mid_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::Internal("The emulator could not buffer its own answer.".into())
            .into_response();
    };
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    let first_half = body.slice(..body.len() / 2);
    let chunks = stream::once(async move { Ok::<Bytes, std::io::Error>(first_half) }).chain(
        stream::once(async {
            tokio::time::sleep(PAUSE_BEFORE_DROP).await;
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "connection dropped by an injected fault",
            ))
        }),
    );
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Replaces the body with `edit(body)`, or leaves the response alone when `edit` declines.
async fn rewrite_body(response: Response, edit: impl FnOnce(Bytes) -> Option<Bytes>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::Internal("The emulator could not buffer its own answer.".into())
            .into_response();
    };
    let body = edit(body.clone()).unwrap_or(body);
    // The length changed; let the server compute it again.
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// Edits a JSON body in place; non-JSON bodies pass through unchanged.
async fn rewrite_json(response: Response, edit: fn(&mut serde_json::Value)) -> Response {
    rewrite_body(response, |body| {
        let mut value: serde_json::Value = serde_json::from_slice(&body).ok()?;
        edit(&mut value);
        serde_json::to_vec(&value).ok().map(Bytes::from)
    })
    .await
}
