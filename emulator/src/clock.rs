//! Wall-clock timestamps, for the `created` and `modified` fields ISC writes.

use std::time::SystemTime;

use chrono::{DateTime, SecondsFormat, Utc};

/// Now, in RFC 3339 with milliseconds in UTC (`2024-05-02T09:30:00.123Z`).
pub(crate) fn timestamp() -> String {
    DateTime::<Utc>::from(SystemTime::now()).to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        let now = timestamp();
        assert!(DateTime::parse_from_rfc3339(&now).is_ok(), "{now}");
        assert!(now.ends_with('Z'), "{now}");
    }
}
