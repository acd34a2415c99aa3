//! Fault injection: the routes the emulator serves and the misbehaviour a test can arm on each.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::sync::lock;

/// A resource the emulator serves: one path, with every method it takes (a [`Route`] is what
/// faults are armed on and requests are counted by). Each is served under two path families
/// with the same world behind them, the beta one and the versioned v1 one; a route is the
/// resource whichever family and method a request used ([`LoggedRequest`](crate::LoggedRequest)
/// has the path and the method).
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
    /// `GET` (paged) and `POST /beta/password-policies`, `/password-policies/v1`
    PasswordPolicies,
    /// `GET`, `PUT` and `DELETE /beta/password-policies/{id}`, `/password-policies/v1/{id}`
    PasswordPolicy,
    /// `GET` (paged) and `POST /beta/password-sync-groups`, `/password-sync-groups/v1`
    PasswordSyncGroups,
    /// `GET`, `PUT` and `DELETE /beta/password-sync-groups/{id}`,
    /// `/password-sync-groups/v1/{id}`
    PasswordSyncGroup,
    /// `GET` (text) and `PUT` (multipart upload) `/beta/password-dictionary`,
    /// `/password-dictionary/v1`
    PasswordDictionary,
    /// `GET`, `POST` and `PUT /beta/password-org-config`, `/password-org-config/v1`
    PasswordOrgConfig,
    /// `POST /beta/custom-password-instructions`, `/custom-password-instructions/v1`
    CustomPasswordInstructions,
    /// `GET` and `DELETE /beta/custom-password-instructions/{pageId}`,
    /// `/custom-password-instructions/v1/{pageId}`
    CustomPasswordInstruction,
}

/// The scopes of the password administration APIs, read and write.
const POLICY_SCOPES: Scopes =
    Scopes::read_write("idn:password-policy:read", "idn:password-policy:write");
const SYNC_GROUP_SCOPES: Scopes = Scopes::read_write(
    "idn:password-sync-group:read",
    "idn:password-sync-group:manage",
);
const DICTIONARY_SCOPES: Scopes = Scopes::read_write(
    "idn:password-dictionary:read",
    "idn:password-dictionary:manage",
);
const ORG_CONFIG_SCOPES: Scopes = Scopes::read_write(
    "idn:password-org-config:read",
    "idn:password-org-config:manage",
);

/// The scopes of an API with a read scope and a write (or manage) scope: reading takes either,
/// since ISC lets a token that may change something also read it; writing takes the write one.
struct Scopes {
    read: [&'static str; 2],
    write: [&'static str; 1],
}

impl Scopes {
    const fn read_write(read: &'static str, write: &'static str) -> Scopes {
        Scopes {
            read: [read, write],
            write: [write],
        }
    }

    fn for_method(&'static self, method: &str) -> &'static [&'static str] {
        if is_read(method) {
            &self.read
        } else {
            &self.write
        }
    }
}

/// Whether a method only reads.
fn is_read(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "OPTIONS")
}

impl Route {
    /// Every route.
    pub const ALL: [Route; 13] = [
        Route::OAuthToken,
        Route::QueryPasswordInfo,
        Route::SetPassword,
        Route::PasswordChangeStatus,
        Route::DigitToken,
        Route::PasswordPolicies,
        Route::PasswordPolicy,
        Route::PasswordSyncGroups,
        Route::PasswordSyncGroup,
        Route::PasswordDictionary,
        Route::PasswordOrgConfig,
        Route::CustomPasswordInstructions,
        Route::CustomPasswordInstruction,
    ];

    /// The route a request path belongs to, whatever its method.
    pub fn of_path(path: &str) -> Option<Route> {
        let exact = match path {
            "/oauth/token" => Some(Route::OAuthToken),
            "/beta/query-password-info" | "/query-password-info/v1" => {
                Some(Route::QueryPasswordInfo)
            }
            "/beta/set-password" | "/set-password/v1" => Some(Route::SetPassword),
            "/beta/generate-password-reset-token/digit"
            | "/generate-password-reset-token/v1/digit" => Some(Route::DigitToken),
            "/beta/password-policies" | "/password-policies/v1" => Some(Route::PasswordPolicies),
            "/beta/password-sync-groups" | "/password-sync-groups/v1" => {
                Some(Route::PasswordSyncGroups)
            }
            "/beta/password-dictionary" | "/password-dictionary/v1" => {
                Some(Route::PasswordDictionary)
            }
            "/beta/password-org-config" | "/password-org-config/v1" => {
                Some(Route::PasswordOrgConfig)
            }
            "/beta/custom-password-instructions" | "/custom-password-instructions/v1" => {
                Some(Route::CustomPasswordInstructions)
            }
            _ => None,
        };
        exact.or_else(|| {
            [
                ("password-change-status", Route::PasswordChangeStatus),
                ("password-policies", Route::PasswordPolicy),
                ("password-sync-groups", Route::PasswordSyncGroup),
                (
                    "custom-password-instructions",
                    Route::CustomPasswordInstruction,
                ),
            ]
            .into_iter()
            .find(|(collection, _)| is_item_of(path, collection))
            .map(|(_, route)| route)
        })
    }

    /// The OAuth scopes an API client's token may have for a request with `method` (`"GET"`,
    /// `"PUT"`, ...) on the route, as ISC documents them: any one of them will do. Empty when
    /// none is needed (the token endpoint, and custom password instructions, which ISC
    /// limits to administrators instead). Reading a password setting takes its read scope or
    /// its write (manage) scope; changing it takes the write scope.
    pub fn accepted_scopes(self, method: &str) -> &'static [&'static str] {
        match self {
            Route::OAuthToken
            | Route::CustomPasswordInstructions
            | Route::CustomPasswordInstruction => &[],
            Route::QueryPasswordInfo => &["idn:password-info:read"],
            Route::SetPassword => &["idn:password-change:manage"],
            Route::PasswordChangeStatus => &["idn:password-change:read"],
            Route::DigitToken => &["idn:password-digit-token:create"],
            Route::PasswordPolicies | Route::PasswordPolicy => POLICY_SCOPES.for_method(method),
            Route::PasswordSyncGroups | Route::PasswordSyncGroup => {
                SYNC_GROUP_SCOPES.for_method(method)
            }
            Route::PasswordDictionary => DICTIONARY_SCOPES.for_method(method),
            Route::PasswordOrgConfig => ORG_CONFIG_SCOPES.for_method(method),
        }
    }

    /// Whether the route needs a bearer token (all but the token endpoint).
    pub fn needs_bearer_token(self) -> bool {
        self != Route::OAuthToken
    }
}

/// Whether `path` is one item of `collection` in either family: `/beta/{collection}/{id}` or
/// `/{collection}/v1/{id}`, with a non-empty single-segment ID.
fn is_item_of(path: &str, collection: &str) -> bool {
    let id = path
        .strip_prefix("/beta/")
        .and_then(|rest| rest.strip_prefix(collection))
        .and_then(|rest| rest.strip_prefix('/'))
        .or_else(|| {
            path.strip_prefix('/')
                .and_then(|rest| rest.strip_prefix(collection))
                .and_then(|rest| rest.strip_prefix("/v1/"))
        });
    id.is_some_and(|id| !id.is_empty() && !id.contains('/'))
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
        assert_eq!(
            Route::of_path("/beta/password-policies"),
            Some(Route::PasswordPolicies)
        );
        assert_eq!(
            Route::of_path("/password-policies/v1/abc"),
            Some(Route::PasswordPolicy)
        );
        assert_eq!(Route::of_path("/password-policies/v1/"), None);
        assert_eq!(Route::of_path("/password-policies/v2/abc"), None);
        assert_eq!(
            Route::of_path("/beta/password-sync-groups/abc"),
            Some(Route::PasswordSyncGroup)
        );
        assert_eq!(
            Route::of_path("/password-dictionary/v1"),
            Some(Route::PasswordDictionary)
        );
        assert_eq!(
            Route::of_path("/beta/password-org-config"),
            Some(Route::PasswordOrgConfig)
        );
        assert_eq!(
            Route::of_path("/custom-password-instructions/v1/mfa:select"),
            Some(Route::CustomPasswordInstruction)
        );
        assert_eq!(
            Route::of_path("/beta/custom-password-instructions/a/b"),
            None
        );
    }

    #[test]
    fn reads_take_the_read_or_the_write_scope_and_writes_the_write_scope() {
        assert_eq!(
            Route::PasswordPolicy.accepted_scopes("GET"),
            ["idn:password-policy:read", "idn:password-policy:write"]
        );
        assert_eq!(
            Route::PasswordPolicy.accepted_scopes("DELETE"),
            ["idn:password-policy:write"]
        );
        assert_eq!(
            Route::PasswordDictionary.accepted_scopes("PUT"),
            ["idn:password-dictionary:manage"]
        );
        assert_eq!(
            Route::SetPassword.accepted_scopes("POST"),
            ["idn:password-change:manage"]
        );
        assert!(Route::CustomPasswordInstruction
            .accepted_scopes("DELETE")
            .is_empty());
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
