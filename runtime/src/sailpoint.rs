//! Everything the runtime knows about SailPoint ISC in particular, in one place, so that the
//! rest of the crate reads as a generic OpenAPI client core:
//!
//! - where SailPoint's SDKs look for configuration (`SAIL_*` variables, `./config.json` keys);
//! - how a tenant name becomes a base URL (`acme` → `https://acme.api.identitynow.com`);
//! - how ISC reports its request tracking id (the `SLPT-Request-ID` header, or `trackingId`
//!   in an error body);
//! - ISC's published rate limit, for [`RateLimit::isc_default`](crate::RateLimit::isc_default);
//! - the header that marks a call to an experimental operation, `X-SailPoint-Experimental`,
//!   and [`ClientBuilder::experimental`], the one-time opt-in that makes the client send it.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::config::Setting;
use crate::ClientBuilder;

/// The header SailPoint requires (with the value `true`) on every call to an experimental
/// operation; ISC answers 400 without it.
pub const EXPERIMENTAL_HEADER: &str = "X-SailPoint-Experimental";

impl ClientBuilder {
    /// Opts in (`true`) to SailPoint's experimental operations, once for every call: the client
    /// then sends `X-SailPoint-Experimental: true` on the operations whose spec requires it,
    /// like the `experimental` switch of SailPoint's own SDKs. Without it (the default), such
    /// an operation fails before anything is sent, with an error that says how to opt in.
    /// Experimental operations may change or go away without notice.
    pub fn experimental(self, enabled: bool) -> Self {
        if enabled {
            self.allow_constant_header(EXPERIMENTAL_HEADER)
        } else {
            self.forbid_constant_header(EXPERIMENTAL_HEADER)
        }
    }
}

/// What to do about a constant header the client was not built to send.
pub(crate) fn opt_in_hint(header: &str) -> String {
    if header.eq_ignore_ascii_case(EXPERIMENTAL_HEADER) {
        "the operation is experimental: opt in once with `ClientBuilder::experimental(true)` \
         (in the isc-password CLI: --experimental or SAIL_EXPERIMENTAL=true)"
            .to_owned()
    } else {
        format!("allow it once with `ClientBuilder::allow_constant_header(\"{header}\")`")
    }
}

/// The header ISC uses to return its request tracking id.
pub(crate) const TRACKING_ID_HEADER: &str = "SLPT-Request-ID";

/// The header in which ISC answers a list request sent with `count=true`: the size of the
/// whole list.
pub(crate) const TOTAL_COUNT_HEADER: &str = "X-Total-Count";

/// The file SailPoint's SDKs read settings from, relative to the working directory.
pub(crate) const CONFIG_FILE: &str = "config.json";

/// ISC's rate limit: requests per window, per tenant.
pub(crate) const RATE_LIMIT_REQUESTS: u32 = 100;
/// ISC's rate limit window.
pub(crate) const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(10);

/// The environment variable SailPoint's SDKs read `setting` from.
pub(crate) fn env_var(setting: Setting) -> &'static str {
    match setting {
        Setting::BaseUrl => "SAIL_BASE_URL",
        Setting::ClientId => "SAIL_CLIENT_ID",
        Setting::ClientSecret => "SAIL_CLIENT_SECRET",
    }
}

/// The `config.json` key SailPoint's SDKs read `setting` from (matched ignoring case).
pub(crate) fn config_key(setting: Setting) -> &'static str {
    match setting {
        Setting::BaseUrl => "BaseURL",
        Setting::ClientId => "ClientId",
        Setting::ClientSecret => "ClientSecret",
    }
}

/// The API host of a tenant, when `value` is a bare tenant name (a single DNS label such as
/// `acme`) rather than a URL.
pub(crate) fn tenant_base_url(value: &str) -> Option<String> {
    let is_tenant_name = !value.is_empty()
        && value.len() <= 63
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    is_tenant_name.then(|| format!("https://{}.api.identitynow.com", value.to_ascii_lowercase()))
}

/// ISC's tracking id for a response: the `SLPT-Request-ID` header, or else, for error
/// responses, the `trackingId` field of a JSON body.
pub(crate) fn tracking_id(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if let Some(value) = headers
        .get(TRACKING_ID_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        return Some(value.to_owned());
    }
    // Only error bodies are parsed: they are small, documented to carry `trackingId`, and
    // never contain a secret, unlike some success bodies.
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct WithTrackingId {
        #[serde(rename = "trackingId")]
        tracking_id: Option<String>,
    }
    serde_json::from_slice::<WithTrackingId>(body)
        .ok()
        .and_then(|parsed| parsed.tracking_id)
}
