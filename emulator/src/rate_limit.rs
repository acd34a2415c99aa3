//! A sliding-window rate limiter, counted per client.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::config::RateLimit;

/// Remembers when each client's recent requests were admitted.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    admitted: HashMap<String, VecDeque<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            admitted: HashMap::new(),
        }
    }

    /// Admits a request from `client` at `now`, or says how long until it would be admitted.
    /// Refused requests do not count against the limit.
    pub(crate) fn admit(&mut self, client: &str, now: Instant) -> Result<(), Duration> {
        let window = self.limit.window;
        let admitted = self.admitted.entry(client.to_string()).or_default();
        while admitted
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= window)
        {
            admitted.pop_front();
        }
        if admitted.len() < self.limit.requests as usize {
            admitted.push_back(now);
            return Ok(());
        }
        // The oldest request in the window leaves it first, freeing one slot. With a limit of
        // zero nothing is ever admitted; a full window is the honest answer then.
        let wait = admitted.front().map_or(window, |oldest| {
            (*oldest + window).saturating_duration_since(now)
        });
        Err(wait)
    }
}

/// `Retry-After` is in whole seconds: round up, so a client that waits that long gets in, and
/// never say 0.
pub(crate) fn retry_after_seconds(wait: Duration) -> u64 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_the_limit_per_client_then_says_when_to_return() {
        let mut limiter = RateLimiter::new(RateLimit {
            requests: 2,
            window: Duration::from_secs(10),
        });
        let start = Instant::now();
        assert_eq!(limiter.admit("a", start), Ok(()));
        assert_eq!(limiter.admit("a", start + Duration::from_secs(4)), Ok(()));
        assert_eq!(limiter.admit("b", start + Duration::from_secs(4)), Ok(()));
        assert_eq!(
            limiter.admit("a", start + Duration::from_secs(5)),
            Err(Duration::from_secs(5))
        );
        // The first request has left the window.
        assert_eq!(limiter.admit("a", start + Duration::from_secs(10)), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up_and_is_at_least_one_second() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(2001)), 3);
        assert_eq!(retry_after_seconds(Duration::from_secs(4)), 4);
    }
}
