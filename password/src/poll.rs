//! How long and how often password-change-status is polled.

use std::time::Duration;

/// The polling schedule for password-change-status: wait
/// [`first_delay`](Self::first_delay), then multiply the wait by
/// [`factor`](Self::factor) after every poll, never waiting longer than
/// [`max_delay`](Self::max_delay), and give up once
/// [`deadline`](Self::deadline) has passed since polling started.
///
/// The defaults (1 s, ×2, 10 s, 3 minutes) are chosen from how ISC applies a
/// change: cloud sources usually finish within a few seconds, so the first
/// polls come quickly; a change that goes through a virtual appliance to an
/// on-premises directory can take a minute or more, so the wait grows to one
/// poll every 10 s, which stays far below ISC's rate limits. After three
/// minutes a change is usually stuck on the source side, and the caller is
/// better served by an error carrying the request id to check later.
///
/// ```
/// # use std::time::Duration;
/// # use sailpoint_password::PollConfig;
/// let quick = PollConfig::default()
///     .with_first_delay(Duration::from_millis(200))
///     .with_deadline(Duration::from_secs(30));
/// assert_eq!(quick.delay_before_poll(1), Duration::from_millis(200));
/// assert_eq!(quick.delay_before_poll(2), Duration::from_millis(400));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollConfig {
    first_delay: Duration,
    factor: f64,
    max_delay: Duration,
    deadline: Duration,
}

impl Default for PollConfig {
    fn default() -> Self {
        Self {
            first_delay: Duration::from_secs(1),
            factor: 2.0,
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(180),
        }
    }
}

impl PollConfig {
    /// The wait before the first status request.
    pub fn with_first_delay(mut self, delay: Duration) -> Self {
        self.first_delay = delay;
        self
    }

    /// The growth of the wait after each poll; values below 1 (or not a
    /// number) are treated as 1, a constant interval.
    pub fn with_factor(mut self, factor: f64) -> Self {
        self.factor = if factor.is_finite() && factor >= 1.0 {
            factor
        } else {
            1.0
        };
        self
    }

    /// The longest wait between two polls.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How long polling may last in total before giving up.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The wait before the first poll.
    pub fn first_delay(&self) -> Duration {
        self.first_delay
    }

    /// The growth factor of the wait.
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// The cap on the wait.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The overall polling deadline.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The wait before poll number `poll` (1 for the first).
    pub fn delay_before_poll(&self, poll: u32) -> Duration {
        let exponent = i32::try_from(poll.saturating_sub(1)).unwrap_or(i32::MAX);
        let seconds = self.first_delay.as_secs_f64() * self.factor.powi(exponent);
        let capped = seconds.min(self.max_delay.as_secs_f64());
        // `capped` is finite and non-negative: both inputs are, and the cap bounds it.
        Duration::try_from_secs_f64(capped).unwrap_or(self.max_delay)
    }
}
