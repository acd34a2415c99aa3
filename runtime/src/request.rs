//! What a generated operation hands to [`Client::execute`](crate::Client::execute):
//! [`OperationRequest`], its [`RequestBody`], and [`encode_path_segment`] for path parameters.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;

use crate::error::InvalidRequest;

/// One API call, fully described by the generated code and still independent of any tenant.
///
/// `Debug` prints header *names* and the body *length* only, because headers and bodies may
/// carry credentials or passwords.
pub struct OperationRequest {
    /// The OpenAPI `operationId`, e.g. `"setIdentityPassword"`; used in errors and traces.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path as written in the spec, API base path included, e.g.
    /// `"/beta/password-change-status/{id}"`; used in traces instead of the real path.
    pub path_template: &'static str,
    /// The path with parameters substituted and already percent-encoded, e.g.
    /// `"/beta/password-change-status/abc%2F1"`.
    pub path: String,
    /// Query parameters, not yet encoded. Names are usually the spec's (`Cow::Borrowed`); an
    /// object parameter can make its own (`filter[role]`, see [`object_query_pairs`](crate::object_query_pairs)).
    pub query: Vec<(Cow<'static, str>, String)>,
    /// Extra request headers (`Accept`, `Content-Type` and `Authorization` are set by the runtime).
    pub headers: Vec<(&'static str, String)>,
    /// Headers the spec requires with one fixed value, such as SailPoint's
    /// `X-SailPoint-Experimental: true`. The client sends them only when it was built to allow
    /// each one ([`ClientBuilder::allow_constant_header`](crate::ClientBuilder::allow_constant_header),
    /// or [`ClientBuilder::experimental`](crate::ClientBuilder::experimental)); otherwise the
    /// call fails before anything is sent.
    pub constant_headers: &'static [(&'static str, &'static str)],
    /// The media type the operation expects back, e.g. `"application/json"`.
    pub accept: &'static str,
    /// The request body, if the operation has one.
    pub body: Option<RequestBody>,
}

impl fmt::Debug for OperationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query_names: Vec<&str> = self.query.iter().map(|(name, _)| name.as_ref()).collect();
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("OperationRequest")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("path", &self.path)
            .field("query", &query_names)
            .field("headers", &header_names)
            .field("constant_headers", &self.constant_headers)
            .field("accept", &self.accept)
            .field("body", &self.body)
            .finish()
    }
}

/// A serialized request body and its media type. `Debug` prints only the length.
#[derive(Clone)]
pub struct RequestBody {
    /// The `Content-Type` sent with the body.
    pub content_type: &'static str,
    /// The encoded body.
    pub bytes: Bytes,
}

impl RequestBody {
    /// Serializes `value` as `application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<RequestBody, InvalidRequest> {
        let bytes = serde_json::to_vec(value).map_err(|source| {
            InvalidRequest::with_source("the request body could not be serialized as JSON", source)
        })?;
        Ok(RequestBody {
            content_type: "application/json",
            bytes: Bytes::from(bytes),
        })
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path parameter so that it stays exactly one path segment.
///
/// Every byte except the RFC 3986 unreserved characters is encoded, so `/`, `?`, `#` and `%`
/// in an id cannot change which endpoint is called. A value of `.` or `..` cannot be sent as a
/// segment at all (URL normalization would remove it); [`Client::execute`] refuses such paths.
///
/// [`Client::execute`]: crate::Client::execute
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unreserved_and_encodes_the_rest() {
        assert_eq!(encode_path_segment("aZ09-._~"), "aZ09-._~");
        assert_eq!(encode_path_segment("abc/1"), "abc%2F1");
        assert_eq!(encode_path_segment("a b?c#d%e"), "a%20b%3Fc%23d%25e");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn debug_hides_body_and_header_values() {
        let request = OperationRequest {
            operation_id: "op",
            method: Method::POST,
            path_template: "/x",
            path: "/x".into(),
            query: vec![("q".into(), "query-value".into())],
            headers: vec![("X-Secret", "header-value".into())],
            constant_headers: &[],
            accept: "application/json",
            body: Some(RequestBody::json(&serde_json::json!({"password": "hunter2"})).unwrap()),
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("hunter2"));
        assert!(!debug.contains("header-value"));
        assert!(!debug.contains("query-value"));
        assert!(debug.contains("X-Secret"));
        assert!(debug.contains("len"));
    }
}
