//! [`RetryAfter`]: the parsed `Retry-After` header of a 429 or 503 response.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How long the server asked the client to wait before trying again.
///
/// `Retry-After` is either a number of seconds (`Retry-After: 5`) or an HTTP date
/// (`Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`); both forms are accepted. Beyond the
/// standard, fractional seconds (`1.5`) are rounded up to whole seconds, and a number too
/// large to represent counts as the longest possible delay rather than as no header at all.
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
        if let Some(delay) = parse_seconds(value) {
            return Some(Self::from_delay(delay));
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

/// `5`, or `1.5` rounded up to `2`: digits with an optional fraction, nothing else (no sign,
/// no exponent). Rounding up, because waiting less than asked earns another 429.
fn parse_seconds(value: &str) -> Option<Duration> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, "0"));
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    // Only digits, so parsing fails only on overflow: the server asked for "very long", which
    // must not be mistaken for no `Retry-After` (and a short backoff).
    let seconds = whole.parse::<u64>().unwrap_or(u64::MAX);
    let round_up = fraction.bytes().any(|b| b != b'0');
    Some(Duration::from_secs(
        seconds.saturating_add(u64::from(round_up)),
    ))
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
    fn fractions_round_up_to_whole_seconds() {
        for (value, seconds) in [
            ("1.5", 2),
            ("0.001", 1),
            ("2.0", 2),
            ("3.000", 3),
            ("0.0", 0),
        ] {
            let parsed = RetryAfter::from_headers(&headers(value)).map(|r| r.delay());
            assert_eq!(parsed, Some(Duration::from_secs(seconds)), "{value}");
        }
    }

    #[test]
    fn a_number_too_large_for_u64_is_the_longest_delay_not_absent() {
        let parsed = RetryAfter::from_headers(&headers("99999999999999999999999")).unwrap();
        assert_eq!(parsed.delay(), Duration::from_secs(u64::MAX));
        let parsed = RetryAfter::from_headers(&headers("18446744073709551615.5")).unwrap();
        assert_eq!(parsed.delay(), Duration::from_secs(u64::MAX));
    }

    #[test]
    fn garbage_and_absence_are_none() {
        for garbage in ["soon", "-5", "+5", "1e3", "1.", ".5", "1.5.2", "1,5", ""] {
            assert_eq!(
                RetryAfter::from_headers(&headers(garbage)),
                None,
                "{garbage}"
            );
        }
        assert_eq!(RetryAfter::from_headers(&HeaderMap::new()), None);
    }
}
