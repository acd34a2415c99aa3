//! The optional client-side rate limiter, so bulk jobs stay under ISC's limit instead of
//! collecting 429s.
//!
//! It is a token bucket in which each token returns `per` (plus a small margin) after it was
//! spent: at most `max_requests` attempts start in any window of length `per`. (A classic
//! bucket that refills continuously would allow a full burst plus the refill within one window,
//! which is up to twice ISC's limit.) Callers are served in arrival order.
//!
//! The margin exists because the server counts a request when it arrives, a little after the
//! limiter let it start, and that delay varies (connection setup, a token refresh, scheduling).
//! Without it, a request that starts exactly `per` after the one whose slot it takes can
//! arrive less than `per` after it and be refused with a 429.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// A limit of `max_requests` per `per`, shared by all clones of a client.
///
/// ```
/// # use isc_runtime::RateLimit;
/// let isc = RateLimit::isc_default();
/// assert_eq!(isc.max_requests(), 100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    max_requests: u32,
    per: Duration,
}

impl RateLimit {
    /// At most `max_requests` (at least 1) requests in any window of length `per`.
    pub fn new(max_requests: u32, per: Duration) -> Self {
        RateLimit {
            max_requests: max_requests.max(1),
            per,
        }
    }

    /// ISC's documented per-client limit: 100 requests per 10 seconds.
    pub fn isc_default() -> Self {
        Self::new(
            crate::sailpoint::RATE_LIMIT_REQUESTS,
            crate::sailpoint::RATE_LIMIT_WINDOW,
        )
    }

    /// The number of requests allowed per window.
    pub fn max_requests(&self) -> u32 {
        self.max_requests
    }

    /// The window length.
    pub fn per(&self) -> Duration {
        self.per
    }

    /// How long after a request started its slot can be used again: the window plus 2%
    /// (200 ms for ISC's 10 s), for the delay between starting a request and its arrival.
    fn slot_reuse_delay(&self) -> Duration {
        self.per + self.per / 50
    }
}

/// The shared state behind a [`RateLimit`].
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    /// Start times of the last `max_requests` admitted requests (some may lie in the future:
    /// they are reservations of callers still waiting). Never longer than `max_requests`.
    starts: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            starts: Mutex::new(VecDeque::new()),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Waits until one more request may start, and returns how long that took.
    pub(crate) async fn acquire(&self) -> Duration {
        let now = Instant::now();
        let slot = {
            // A panic cannot leave the queue inconsistent, so a poisoned lock is still usable.
            let mut starts = self.starts.lock().unwrap_or_else(PoisonError::into_inner);
            let full = starts.len() >= self.limit.max_requests as usize;
            let slot = match starts.front() {
                Some(oldest) if full => (*oldest + self.limit.slot_reuse_delay()).max(now),
                _ => now,
            };
            starts.push_back(slot);
            if starts.len() > self.limit.max_requests as usize {
                starts.pop_front();
            }
            slot
        };
        tokio::time::sleep_until(slot).await;
        slot - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn admits_a_burst_then_one_per_freed_slot() {
        let limiter = RateLimiter::new(RateLimit::new(3, Duration::from_secs(10)));
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.acquire().await, Duration::ZERO);
        }
        // A slot frees up a window plus the 2% margin after it was taken.
        let first_reuse = Duration::from_millis(10_200);
        limiter.acquire().await;
        assert_eq!(start.elapsed(), first_reuse);
        // The three slots of the first window free up together, so three more start then.
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(start.elapsed(), first_reuse);
        limiter.acquire().await;
        assert_eq!(start.elapsed(), first_reuse * 2);
    }
}
