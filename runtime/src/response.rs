//! What comes back from [`Client::execute`](crate::Client::execute) ([`RawResponse`]),
//! how generated code decodes it ([`decode_json`]), and what it hands to callers
//! ([`ResponseValue`]).

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::DecodeError;
use crate::sailpoint::{tracking_id, TOTAL_COUNT_HEADER, TRACKING_ID_HEADER};

/// A complete HTTP response, before the generated code interprets its status.
///
/// `Debug` prints the status, body length and attempt count only: a body may hold a secret
/// (a generated password reset token, for instance).
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status of the final attempt.
    pub status: StatusCode,
    /// The response headers of the final attempt.
    pub headers: HeaderMap,
    /// The complete response body.
    pub body: Bytes,
    /// How many times the request was sent, retries and the re-send after a token refresh included.
    pub attempts: u32,
    /// Whether the server may have acted on the request in any attempt: `false` only when
    /// every answer was a refusal (4xx) and no attempt was lost after it was sent.
    pub may_have_been_processed: bool,
}

impl RawResponse {
    /// ISC's tracking id for this request: the `SLPT-Request-ID` header, or else, for error
    /// responses, the `trackingId` field of a JSON body. Quote it when contacting SailPoint support.
    pub fn tracking_id(&self) -> Option<String> {
        tracking_id(self.status, &self.headers, &self.body)
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Decodes a JSON response body into `T`.
///
/// An empty body decodes as JSON `null`, so `()` and `Option<T>` work for bodiless responses.
pub fn decode_json<T: serde::de::DeserializeOwned>(
    response: &RawResponse,
) -> Result<T, DecodeError> {
    let body: &[u8] = if response.body.is_empty() {
        b"null"
    } else {
        &response.body
    };
    serde_json::from_slice(body).map_err(|source| DecodeError::new(response, source))
}

/// A successfully decoded response body together with the status and headers it came with.
///
/// Derefs to the body, so `response.field` works; use [`ResponseValue::into_inner`] to take it.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> ResponseValue<T> {
    /// Wraps a decoded body.
    pub fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            value,
            status,
            headers,
        }
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// ISC's tracking id (`SLPT-Request-ID` header), if the response carried one.
    pub fn tracking_id(&self) -> Option<&str> {
        self.headers
            .get(TRACKING_ID_HEADER)
            .and_then(|value| value.to_str().ok())
    }

    /// The total number of items a list operation has (its `X-Total-Count` header), which
    /// ISC sends when the request asked for it (`count=true`). `None` when the header is
    /// missing or is not a whole number.
    pub fn total_count(&self) -> Option<u64> {
        self.headers
            .get(TOTAL_COUNT_HEADER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse().ok())
    }
}

impl<T> ResponseValue<Vec<T>> {
    /// The list as one page of a paginated stream, with the total [`Self::total_count`] reads.
    pub fn into_page(self) -> crate::Page<T> {
        let total = self.total_count();
        crate::Page::with_total(self.into_inner(), total)
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn response(status: u16, body: &'static str) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
            attempts: 1,
            may_have_been_processed: true,
        }
    }

    #[test]
    fn total_count_reads_the_header_when_it_is_a_number() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert("X-Total-Count", HeaderValue::from_static(value));
            ResponseValue::new((), StatusCode::OK, headers)
        };
        assert_eq!(with("1234").total_count(), Some(1234));
        assert_eq!(with(" 7 ").total_count(), Some(7));
        assert_eq!(with("-1").total_count(), None);
        assert_eq!(with("many").total_count(), None);
        assert_eq!(
            ResponseValue::new((), StatusCode::OK, HeaderMap::new()).total_count(),
            None
        );
    }

    #[test]
    fn tracking_id_prefers_header_then_error_body() {
        let mut with_header = response(400, r#"{"trackingId":"from-body"}"#);
        with_header
            .headers
            .insert(TRACKING_ID_HEADER, HeaderValue::from_static("from-header"));
        assert_eq!(with_header.tracking_id().as_deref(), Some("from-header"));
        let body_only = response(400, r#"{"trackingId":"from-body"}"#);
        assert_eq!(body_only.tracking_id().as_deref(), Some("from-body"));
        let success = response(200, r#"{"trackingId":"ignored"}"#);
        assert_eq!(success.tracking_id(), None);
    }

    #[test]
    fn decode_json_reads_body_and_empty_is_null() {
        let value: serde_json::Value = decode_json(&response(200, r#"{"a":1}"#)).unwrap();
        assert_eq!(value["a"], 1);
        let nothing: Option<u32> = decode_json(&response(204, "")).unwrap();
        assert_eq!(nothing, None);
    }

    #[test]
    fn decode_error_never_quotes_the_body() {
        let error = decode_json::<u32>(&response(200, r#""s3cret-token""#)).unwrap_err();
        assert!(!error.to_string().contains("s3cret"));
        assert!(!format!("{error:?}").contains("s3cret"));
        assert_eq!(error.status(), StatusCode::OK);
    }
}
