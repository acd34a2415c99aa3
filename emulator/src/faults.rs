//! Fault injection: the routes the emulator serves and the misbehaviour a test can arm on each.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::sync::lock;

/// An operation of the emulator. The password operations are served under two path families
/// with the same world behind them, the beta one and the versioned v1 one; a route is the
/// operation, whichever family a request used ([`LoggedRequest::path`](crate::LoggedRequest)
/// tells them apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// `POST /oauth/token`
    OAuthToken,
    /// `POST /beta/query-password-info`, `POST /query-password-info/v1`
    QueryPasswordInfo,
    /// `POST /beta/set-password`, `POST /set-password/v1`
    SetPassword,
    /// `GET /beta/password-change-status/{id}`, `GET /password-change-status/v1/{id}`
    PasswordChangeStatus,
    /// `POST /beta/generate-password-reset-token/digit`,
    /// `POST /generate-password-reset-token/v1/digit` (experimental: needs
    /// `X-SailPoint-Experimental: true`)
    DigitToken,
}

impl Route {
    /// Every route.
    pub const ALL: [Route; 5] = [
        Route::OAuthToken,
        Route::QueryPasswordInfo,
        Route::SetPassword,
        Route::PasswordChangeStatus,
        Route::DigitToken,
    ];

    /// The route a request path belongs to, whatever its method.
    pub fn of_path(path: &str) -> Option<Route> {
        match path {
            "/oauth/token" => Some(Route::OAuthToken),
            "/beta/query-password-info" | "/query-password-info/v1" => {
                Some(Route::QueryPasswordInfo)
            }
            "/beta/set-password" | "/set-password/v1" => Some(Route::SetPassword),
            "/beta/generate-password-reset-token/digit"
            | "/generate-password-reset-token/v1/digit" => Some(Route::DigitToken),
            _ => path
                .strip_prefix("/beta/password-change-status/")
                .or_else(|| path.strip_prefix("/password-change-status/v1/"))
                .filter(|id| !id.is_empty() && !id.contains('/'))
                .map(|_| Route::PasswordChangeStatus),
        }
    }

    /// The OAuth scope an API client's token needs for the route, as ISC documents it.
    pub fn required_scope(self) -> Option<&'static str> {
        match self {
            Route::OAuthToken => None,
            Route::QueryPasswordInfo => Some("idn:password-info:read"),
            Route::SetPassword => Some("idn:password-change:manage"),
            Route::PasswordChangeStatus => Some("idn:password-change:read"),
            Route::DigitToken => Some("idn:password-digit-token:create"),
        }
    }

    /// Whether the route needs a bearer token (all but the token endpoint).
    pub fn needs_bearer_token(self) -> bool {
        self != Route::OAuthToken
    }
}

/// Misbehaviour for the next `times` requests on a route (use `u32::MAX` for "always").
///
/// Faults apply after authentication and rate limiting, so a refused request never uses one up.
/// Faults that answer instead of the handler (`Status*`) leave the world unchanged; faults that
/// change the answer (`DropConnection` and the body rewrites) run the handler first, so the
/// request takes effect and only its answer is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer 500 with an ErrorResponseDto without handling the request.
    Status500 {
        /// How many requests.
        times: u32,
    },
    /// Answer 503 without handling the request.
    Status503 {
        /// How many requests.
        times: u32,
    },
    /// Answer 429 with `Retry-After: retry_after_secs`, as if the rate limit had been hit.
    Status429 {
        /// How many requests.
        times: u32,
        /// The `Retry-After` value, in seconds.
        retry_after_secs: u64,
    },
    /// Answer 429 with `Retry-After` as an HTTP-date `retry_after` from now (RFC 9110 allows
    /// both forms; ISC's gateways send either).
    Status429Date {
        /// How many requests.
        times: u32,
        /// How far in the future the date lies.
        retry_after: Duration,
    },
    /// Handle the request, then answer with a body of `bytes` bytes streamed in chunks without
    /// a `Content-Length`, as a misbehaving server or proxy might; a client must stop reading.
    OversizedBody {
        /// How many requests.
        times: u32,
        /// The body's length.
        bytes: u64,
    },
    /// Wait before handling the request.
    Delay {
        /// How many requests.
        times: u32,
        /// How long to wait.
        delay: Duration,
    },
    /// Handle the request, send the status line, headers (with the full `Content-Length`) and
    /// half the body, then close the connection.
    DropConnection {
        /// How many requests.
        times: u32,
    },
    /// Handle the request, then send only the first half of its JSON body.
    MalformedJson {
        /// How many requests.
        times: u32,
    },
    /// Handle the request, then answer with `state` set to `"CANCELLED"`, a value the API
    /// description does not list.
    UnknownEnumValue {
        /// How many requests.
        times: u32,
    },
    /// Handle the request, then add fields the API description does not list, at the top level
    /// and inside nested objects.
    ExtraFields {
        /// How many requests.
        times: u32,
    },
    /// Handle the request, then send every top-level array or object field as `null`.
    Nulls {
        /// How many requests.
        times: u32,
    },
}

impl Fault {
    fn times(self) -> u32 {
        match self {
            Fault::Status500 { times }
            | Fault::Status503 { times }
            | Fault::Status429 { times, .. }
            | Fault::Status429Date { times, .. }
            | Fault::OversizedBody { times, .. }
            | Fault::Delay { times, .. }
            | Fault::DropConnection { times }
            | Fault::MalformedJson { times }
            | Fault::UnknownEnumValue { times }
            | Fault::ExtraFields { times }
            | Fault::Nulls { times } => times,
        }
    }

    fn with_times(self, times: u32) -> Fault {
        match self {
            Fault::Status500 { .. } => Fault::Status500 { times },
            Fault::Status503 { .. } => Fault::Status503 { times },
            Fault::Status429 {
                retry_after_secs, ..
            } => Fault::Status429 {
                times,
                retry_after_secs,
            },
            Fault::Status429Date { retry_after, .. } => Fault::Status429Date { times, retry_after },
            Fault::OversizedBody { bytes, .. } => Fault::OversizedBody { times, bytes },
            Fault::Delay { delay, .. } => Fault::Delay { times, delay },
            Fault::DropConnection { .. } => Fault::DropConnection { times },
            Fault::MalformedJson { .. } => Fault::MalformedJson { times },
            Fault::UnknownEnumValue { .. } => Fault::UnknownEnumValue { times },
            Fault::ExtraFields { .. } => Fault::ExtraFields { times },
            Fault::Nulls { .. } => Fault::Nulls { times },
        }
    }
}

/// The faults armed on each route; cheap to clone, shared with the running server.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    armed: Arc<Mutex<HashMap<Route, Fault>>>,
}

impl Faults {
    /// Arms `fault` on `route`, replacing whatever was armed there.
    pub fn set(&self, route: Route, fault: Fault) {
        let mut armed = lock(&self.armed);
        if fault.times() == 0 {
            armed.remove(&route);
        } else {
            armed.insert(route, fault);
        }
    }

    /// Disarms `route`.
    pub fn clear(&self, route: Route) {
        lock(&self.armed).remove(&route);
    }

    /// Disarms every route.
    pub fn clear_all(&self) {
        lock(&self.armed).clear();
    }

    /// What is still armed on `route`, with the remaining count.
    pub fn armed(&self, route: Route) -> Option<Fault> {
        lock(&self.armed).get(&route).copied()
    }

    /// Uses up one occurrence of the fault armed on `route`.
    pub(crate) fn take(&self, route: Route) -> Option<Fault> {
        let mut armed = lock(&self.armed);
        let fault = armed.get(&route).copied()?;
        match fault.times() {
            0 | 1 => {
                armed.remove(&route);
            }
            u32::MAX => {}
            times => {
                armed.insert(route, fault.with_times(times - 1));
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_recognised_by_path() {
        assert_eq!(
            Route::of_path("/beta/password-change-status/abc"),
            Some(Route::PasswordChangeStatus)
        );
        assert_eq!(Route::of_path("/beta/password-change-status/"), None);
        assert_eq!(
            Route::of_path("/beta/set-password"),
            Some(Route::SetPassword)
        );
        assert_eq!(Route::of_path("/v3/set-password"), None);
        assert_eq!(
            Route::of_path("/password-change-status/v1/abc"),
            Some(Route::PasswordChangeStatus)
        );
        assert_eq!(
            Route::of_path("/generate-password-reset-token/v1/digit"),
            Some(Route::DigitToken)
        );
        assert_eq!(Route::of_path("/set-password/v2"), None);
    }

    #[test]
    fn a_fault_fires_the_given_number_of_times() {
        let faults = Faults::default();
        faults.set(Route::SetPassword, Fault::Status500 { times: 2 });
        assert_eq!(
            faults.take(Route::SetPassword),
            Some(Fault::Status500 { times: 2 })
        );
        assert_eq!(
            faults.armed(Route::SetPassword),
            Some(Fault::Status500 { times: 1 })
        );
        assert!(faults.take(Route::SetPassword).is_some());
        assert_eq!(faults.take(Route::SetPassword), None);
        assert_eq!(faults.take(Route::OAuthToken), None);
    }

    #[test]
    fn max_times_means_always() {
        let faults = Faults::default();
        faults.set(Route::DigitToken, Fault::Nulls { times: u32::MAX });
        for _ in 0..3 {
            assert!(faults.take(Route::DigitToken).is_some());
        }
        faults.clear(Route::DigitToken);
        assert_eq!(faults.take(Route::DigitToken), None);
    }
}
