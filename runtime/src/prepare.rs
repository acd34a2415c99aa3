//! Turns an [`OperationRequest`] into a [`PreparedRequest`] for one client: the full URL and
//! the fixed headers, built once per call. Anything that could not be sent faithfully is
//! refused here, before any attempt.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use url::Url;

use crate::request::OperationRequest;
use crate::transport_error::{TransportError, TransportErrorKind};

/// A request ready to be sent any number of times.
pub(crate) struct PreparedRequest {
    pub(crate) operation_id: &'static str,
    pub(crate) path_template: &'static str,
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
}

/// Builds the URL and fixed headers once, so that each attempt only adds the token.
pub(crate) fn prepare(
    base_url: &str,
    request: OperationRequest,
) -> Result<PreparedRequest, TransportError> {
    let invalid = |message: String| {
        TransportError::new(
            request.operation_id,
            TransportErrorKind::InvalidRequest,
            0,
            false,
            Some(message.into()),
        )
    };
    if !request.path.starts_with('/') {
        return Err(invalid(format!(
            "the path `{}` does not start with `/`",
            request.path
        )));
    }
    if request.path.split('/').any(is_dot_segment) {
        return Err(invalid(
            "a path parameter is `.` or `..`, which cannot be sent as a path segment".to_owned(),
        ));
    }
    let mut url = Url::parse(&format!("{}{}", base_url, request.path))
        .map_err(|error| invalid(format!("the path does not form a valid URL: {error}")))?;
    if !request.query.is_empty() {
        url.query_pairs_mut().extend_pairs(
            request
                .query
                .iter()
                .map(|(name, value)| (name.as_ref(), value.as_str())),
        );
    }

    let mut headers = HeaderMap::new();
    let accept = HeaderValue::from_str(request.accept)
        .map_err(|_| invalid("the Accept value is not a valid header value".to_owned()))?;
    headers.insert(ACCEPT, accept);
    if let Some(body) = &request.body {
        let content_type = HeaderValue::from_str(body.content_type)
            .map_err(|_| invalid("the Content-Type is not a valid header value".to_owned()))?;
        headers.insert(CONTENT_TYPE, content_type);
    }
    for (name, value) in &request.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid(format!("`{name}` is not a valid header name")))?;
        // The value is not quoted: it may be a credential.
        let value = HeaderValue::from_str(value)
            .map_err(|_| invalid(format!("the value of header `{name}` is not valid")))?;
        headers.append(name, value);
    }
    Ok(PreparedRequest {
        operation_id: request.operation_id,
        path_template: request.path_template,
        method: request.method,
        url,
        headers,
        body: request.body.map(|body| body.bytes),
    })
}

/// Whether a path segment is `.` or `..`, literally or percent-encoded; URL parsing would
/// resolve it and send the request to a different endpoint.
fn is_dot_segment(segment: &str) -> bool {
    // Checked without allocating: this runs for every segment of every request.
    [".", "..", "%2e", "%2e%2e", ".%2e", "%2e."]
        .iter()
        .any(|dots| segment.eq_ignore_ascii_case(dots))
}
