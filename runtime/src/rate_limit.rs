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

/// The longest window a [`RateLimit`] keeps: 365 days. Longer ones are shortened to it, so
/// the time arithmetic of the limiter can never overflow (and a year is "never" for a client).
const MAX_WINDOW: Duration = Duration::from_secs(365 * 24 * 60 * 60);

impl RateLimit {
    /// At most `max_requests` (at least 1) requests in any window of length `per` (at most
    /// 365 days; a longer window is shortened to that).
    pub fn new(max_requests: u32, per: Duration) -> Self {
        RateLimit {
            max_requests: max_requests.max(1),
            per: per.min(MAX_WINDOW),
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

    /// The window length (at most 365 days).
    pub fn per(&self) -> Duration {
        self.per
    }

    /// How long after a request started its slot can be used again: the window plus 2%
    /// (200 ms for ISC's 10 s), for the delay between starting a request and its arrival.
    fn slot_reuse_delay(&self) -> Duration {
        self.per.saturating_add(self.per / 50)
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
                // `per` is capped at a year, so overflowing would take billions of waiting
                // callers; should it ever happen, the slot is the oldest one's, never a panic.
                Some(oldest) if full => oldest
                    .checked_add(self.limit.slot_reuse_delay())
                    .unwrap_or(*oldest)
                    .max(now),
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

    #[tokio::test(start_paused = true)]
    async fn a_huge_window_does_not_overflow() {
        for per in [Duration::MAX, Duration::from_secs(u64::MAX / 2)] {
            let limit = RateLimit::new(1, per);
            assert_eq!(limit.per(), MAX_WINDOW);
            let limiter = RateLimiter::new(limit);
            assert_eq!(limiter.acquire().await, Duration::ZERO);
            // The second request waits (a long time) instead of panicking.
            let second = tokio::time::timeout(Duration::from_secs(3600), limiter.acquire()).await;
            assert!(second.is_err(), "{per:?}: the second request was admitted");
        }
    }
}
