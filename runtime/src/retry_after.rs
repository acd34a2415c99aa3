//! [`RetryAfter`]: the parsed `Retry-After` header of a 429 or 503 response.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How long the server asked the client to wait before trying again.
///
/// `Retry-After` is either a number of seconds (`Retry-After: 5`) or an HTTP date
/// (`Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`); both forms are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter {
    kind: RetryAfterKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RetryAfterKind {
    Delay(Duration),
    Date(SystemTime),
}

impl RetryAfter {
    /// Parses the `Retry-After` header, or returns `None` when it is absent or malformed.
    pub fn from_headers(headers: &HeaderMap) -> Option<RetryAfter> {
        let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Self::from_delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(value)
            .ok()
            .map(|date| RetryAfter {
                kind: RetryAfterKind::Date(date),
            })
    }

    /// A `Retry-After` of a fixed delay.
    pub fn from_delay(delay: Duration) -> Self {
        RetryAfter {
            kind: RetryAfterKind::Delay(delay),
        }
    }

    /// How long to wait from now; zero when the date has already passed.
    pub fn delay(&self) -> Duration {
        match self.kind {
            RetryAfterKind::Delay(delay) => delay,
            RetryAfterKind::Date(date) => date
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn parses_seconds() {
        let parsed = RetryAfter::from_headers(&headers("7"));
        assert_eq!(parsed.map(|r| r.delay()), Some(Duration::from_secs(7)));
    }

    #[test]
    fn parses_http_date_in_the_future() {
        let in_one_minute = SystemTime::now() + Duration::from_secs(60);
        let mut map = HeaderMap::new();
        let text = httpdate::fmt_http_date(in_one_minute);
        map.insert(RETRY_AFTER, HeaderValue::from_str(&text).unwrap());
        let delay = RetryAfter::from_headers(&map).unwrap().delay();
        // HTTP dates have one-second resolution.
        assert!(delay > Duration::from_secs(58) && delay <= Duration::from_secs(60));
    }

    #[test]
    fn past_date_means_no_wait() {
        let parsed = RetryAfter::from_headers(&headers("Wed, 21 Oct 2015 07:28:00 GMT")).unwrap();
        assert_eq!(parsed.delay(), Duration::ZERO);
    }

    #[test]
    fn garbage_and_absence_are_none() {
        assert_eq!(RetryAfter::from_headers(&headers("soon")), None);
        assert_eq!(RetryAfter::from_headers(&HeaderMap::new()), None);
    }
}
