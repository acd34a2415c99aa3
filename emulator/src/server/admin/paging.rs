//! The paging of ISC's list operations: `limit`, `offset` and `count` in the query, the
//! total in `X-Total-Count`.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::server::errors::ApiError;

/// Most items on one page, and the page size when `limit` is left out.
const MAX_LIMIT: u64 = 250;
/// The header with the total when `count=true`.
const TOTAL_COUNT_HEADER: &str = "X-Total-Count";

/// The paging parameters as sent; parsed by hand so that a bad value gets ISC's 400 naming it.
#[derive(Debug, Deserialize)]
pub(in crate::server) struct PageQuery {
    limit: Option<String>,
    offset: Option<String>,
    count: Option<String>,
}

/// Which page to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Paging {
    limit: usize,
    offset: usize,
    count: bool,
}

impl Paging {
    /// The paging a query asks for, or a 400 naming the bad parameter.
    pub(super) fn parse(query: Result<Query<PageQuery>, QueryRejection>) -> Result<Self, ApiError> {
        let Query(query) =
            query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
        let limit = number("limit", query.limit.as_deref(), MAX_LIMIT)?;
        if limit > MAX_LIMIT {
            return Err(ApiError::BadRequest(format!(
                "limit must be from 0 to {MAX_LIMIT}, not {limit}."
            )));
        }
        let offset = number("offset", query.offset.as_deref(), 0)?;
        let count = match query.count.as_deref() {
            None => false,
            Some(value) if value.eq_ignore_ascii_case("true") => true,
            Some(value) if value.eq_ignore_ascii_case("false") => false,
            Some(_) => return Err(ApiError::BadRequest("count must be true or false.".into())),
        };
        Ok(Paging {
            // Both fit: limit is at most 250, and an offset past the end is just empty.
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
            count,
        })
    }

    /// The page of `items` as a JSON array, with the total when it was asked for.
    pub(super) fn answer<T: Serialize>(self, items: Vec<T>) -> Response {
        let total = items.len();
        let page: Vec<T> = items
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .collect();
        let mut response = Json(page).into_response();
        if self.count {
            response
                .headers_mut()
                .insert(TOTAL_COUNT_HEADER, HeaderValue::from(total));
        }
        response
    }
}

/// A non-negative whole number parameter, `default` when absent.
fn number(name: &str, value: Option<&str>, default: u64) -> Result<u64, ApiError> {
    match value {
        None => Ok(default),
        Some(text) => text.parse::<u64>().map_err(|_| {
            ApiError::BadRequest(format!("{name} must be a whole number of at least 0."))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(
        limit: Option<&str>,
        offset: Option<&str>,
        count: Option<&str>,
    ) -> Result<Paging, ApiError> {
        Paging::parse(Ok(Query(PageQuery {
            limit: limit.map(str::to_owned),
            offset: offset.map(str::to_owned),
            count: count.map(str::to_owned),
        })))
    }

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            parse(None, None, None).ok(),
            Some(Paging {
                limit: 250,
                offset: 0,
                count: false
            })
        );
        assert!(parse(Some("0"), Some("99999999999"), Some("TRUE")).is_ok());
        assert!(parse(Some("251"), None, None).is_err());
        assert!(parse(Some("-1"), None, None).is_err());
        assert!(parse(None, Some("x"), None).is_err());
        assert!(parse(None, None, Some("yes")).is_err());
    }
}
