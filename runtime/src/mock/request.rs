//! [`MockRequest`]: one request as a mock rule sees it, with the path parameters read back
//! from the URL by the operation's path template.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use reqwest::Method;
use url::Url;

use crate::transport::{HttpRequest, Purpose};

/// One request that reached a mock: what the client put on the wire, readable by name.
///
/// The generated crates wrap it in a typed view per operation (`r.id()`, `r.body()`); it is
/// also reachable from there (`r.raw()`) for what the view does not name. `Debug` shows
/// header names and the body's length only.
pub struct MockRequest {
    http: HttpRequest,
    operation_id: &'static str,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl MockRequest {
    pub(crate) fn new(http: HttpRequest) -> Self {
        let (operation_id, path_params) = match http.purpose {
            Purpose::Operation {
                operation_id,
                path_template,
            } => (
                operation_id,
                path_parameters(path_template, http.url.path()).unwrap_or_default(),
            ),
            Purpose::Token => ("", Vec::new()),
        };
        let query = http
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        MockRequest {
            http,
            operation_id,
            path_params,
            query,
        }
    }

    /// The operation's `operationId`, e.g. `"getIdentityPasswordChangeStatus"`.
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.http.method
    }

    /// The full URL.
    pub fn url(&self) -> &Url {
        &self.http.url
    }

    /// The path parameter `name` (as the path template spells it), percent-decoded.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        find(&self.path_params, name)
    }

    /// The first value of the query parameter `name`, decoded.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        find(&self.query, name)
    }

    /// Every value of the query parameter `name`, in order.
    pub fn query_params<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.query
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The header `name` (any case), if it is present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.http.headers.get(name)?.to_str().ok()
    }

    /// The body as sent (empty without one).
    pub fn body_bytes(&self) -> &[u8] {
        self.http.body.as_ref().map_or(&[], Bytes::as_ref)
    }

    /// The body read as JSON into `T`, or `None` if there is none or it does not decode.
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(self.http.body.as_deref()?).ok()
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text_body(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.body_bytes())
    }
}

impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRequest")
            .field("operation_id", &self.operation_id)
            .field("request", &self.http)
            .finish()
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The values of `template`'s `{name}` variables in `path`, decoded; `None` if the path does
/// not have the template's shape. A base URL with a path of its own puts segments before the
/// template, so those are skipped.
fn path_parameters(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let mut start = Some(path);
    while let Some(candidate) = start {
        if let Some(found) = match_template(template, candidate) {
            return Some(found);
        }
        start = candidate
            .get(1..)
            .and_then(|rest| rest.find('/').map(|slash| &rest[slash..]));
    }
    None
}

/// Matches `path` against all of `template`. A variable's value runs to the next occurrence
/// of the literal text after it: encoded values hold no `/`, and literals between two
/// variables are rare and distinctive (`{a}.{b}`).
fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut template = template;
    let mut path = path;
    loop {
        let Some(open) = template.find('{') else {
            return (template == path).then_some(found);
        };
        path = path.strip_prefix(&template[..open])?;
        let close = open + template[open..].find('}')?;
        let name = &template[open + 1..close];
        template = &template[close + 1..];
        let literal = &template[..template.find('{').unwrap_or(template.len())];
        let end = if literal.is_empty() {
            if template.is_empty() {
                path.len()
            } else {
                // Two variables side by side cannot be told apart; give the first one segment.
                path.find('/').unwrap_or(path.len())
            }
        } else {
            path.find(literal)?
        };
        let value = percent_decode_str(&path[..end])
            .decode_utf8_lossy()
            .into_owned();
        found.push((name.to_owned(), value));
        path = &path[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(found: Option<Vec<(String, String)>>) -> Vec<(String, String)> {
        found.expect("the path matches")
    }

    #[test]
    fn variables_are_read_back_and_decoded() {
        let found = pairs(path_parameters(
            "/beta/sources/{sourceId}/accounts/{accountId}",
            "/beta/sources/s%2F1/accounts/a%20b",
        ));
        assert_eq!(
            found,
            [
                ("sourceId".to_owned(), "s/1".to_owned()),
                ("accountId".to_owned(), "a b".to_owned())
            ]
        );
    }

    #[test]
    fn a_base_path_before_the_template_is_skipped_and_literals_between_variables_split() {
        let found = pairs(path_parameters(
            "/v1/files/{name}.{ext}",
            "/tenant/v1/files/report.csv",
        ));
        assert_eq!(found[0].1, "report");
        assert_eq!(found[1].1, "csv");
        assert!(path_parameters("/v1/files/{name}", "/v1/other/x").is_none());
    }
}
