//! [`ClientBuilder`]: collects settings, fills gaps by discovery, validates everything, and
//! builds a [`Client`]. All validation happens here, so a built client cannot be misconfigured.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::SecretString;

use crate::runtime::auth::{StaticToken, TokenProvider};
use crate::runtime::client::{AuthKind, Client, ClientInner};
use crate::runtime::config::{ConfigError, ConfigSources, Setting};
use crate::runtime::oauth::{ClientCredentials, ClientCredentialsConfig};
use crate::runtime::rate_limit::{RateLimit, RateLimiter};
use crate::runtime::retry::RetryConfig;
use crate::runtime::transport_safety::{default_token_url, resolve_base_url, resolve_token_url};

/// Default time allowed to establish a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the last byte of the body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time before a token's expiry at which it is refreshed.
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The user agent: this crate's name and version, e.g. `sailpoint-beta/0.1.0`.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How requests are authenticated.
#[derive(Clone, Default)]
enum AuthSetting {
    /// OAuth2 client credentials, from the builder or discovery.
    #[default]
    ClientCredentials,
    Bearer(SecretString),
    Provider(Arc<dyn TokenProvider>),
}

/// Builds a [`Client`]. Obtain one from [`Client::builder`] (builder values only) or
/// [`ClientBuilder::from_env`] (builder values, then environment, then `./config.json`).
#[derive(Clone, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    auth: AuthSetting,
    token_url: Option<String>,
    token_refresh_margin: Option<Duration>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    rate_limit: Option<RateLimit>,
    user_agent_suffix: Option<String>,
    sources: ConfigSources,
}

impl ClientBuilder {
    /// A builder that uses only the values set on it.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that falls back to `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`
    /// and then `./config.json` for anything not set on it, like SailPoint's SDKs.
    pub fn from_env() -> Self {
        Self::new().config_sources(ConfigSources::process())
    }

    /// Where to look up settings not set on the builder (see [`ConfigSources`]).
    pub fn config_sources(mut self, sources: ConfigSources) -> Self {
        self.sources = sources;
        self
    }

    /// The tenant name (`acme` → `https://acme.api.identitynow.com`) or full base URL,
    /// without the API version path, which the generated operations add.
    pub fn base_url(mut self, tenant_or_url: impl Into<String>) -> Self {
        self.base_url = Some(tenant_or_url.into());
        self
    }

    /// The OAuth2 client id of a personal access token or API client.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The OAuth2 client secret.
    pub fn client_secret(mut self, client_secret: SecretString) -> Self {
        self.client_secret = Some(client_secret);
        self
    }

    /// Authenticates with this fixed bearer token instead of client credentials. It is never
    /// refreshed: a 401 is returned to the caller. Replaces an earlier `token_provider`.
    pub fn bearer_token(mut self, token: SecretString) -> Self {
        self.auth = AuthSetting::Bearer(token);
        self
    }

    /// Authenticates with tokens from `provider` instead of client credentials. Replaces an
    /// earlier `bearer_token`.
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.auth = AuthSetting::Provider(provider);
        self
    }

    /// The OAuth2 token endpoint; defaults to `{base_url}/oauth/token`.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Refresh a client-credentials token this long before it expires (default 60 s, and at
    /// most half the token's lifetime), so it does not expire in flight.
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = Some(margin);
        self
    }

    /// Time allowed to establish a connection, TLS included (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt, from sending to the last body byte (default 60 s).
    /// Override per call with [`CallOptions::with_timeout`](crate::runtime::CallOptions::with_timeout).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// The retry policy (default [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Turns on the client-side rate limiter (off by default), e.g.
    /// [`RateLimit::isc_default`]. All clones of the client share it.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Appended to the user agent after a space: `sailpoint-beta/0.1.0 {suffix}`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Validates the settings and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let (base_url, auth) = self.resolve()?;
        let base_url = resolve_base_url(&base_url)?;

        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT} {suffix}"),
            None => USER_AGENT.to_owned(),
        };
        let user_agent_header =
            HeaderValue::from_str(&user_agent).map_err(|_| ConfigError::InvalidUserAgent)?;
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let request_timeout = self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT);
        let retry = self.retry.unwrap_or_default();
        let http = reqwest::Client::builder()
            .user_agent(user_agent_header)
            .connect_timeout(connect_timeout)
            // An API never redirects; following one could carry the request (and its token)
            // somewhere unchecked.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ConfigError::HttpClient)?;

        let (auth, auth_kind): (Arc<dyn TokenProvider>, AuthKind) = match auth {
            ResolvedAuth::Bearer(token) => {
                (Arc::new(StaticToken::new(token)), AuthKind::BearerToken)
            }
            ResolvedAuth::Provider(provider) => (provider, AuthKind::TokenProvider),
            ResolvedAuth::ClientCredentials {
                client_id,
                client_secret,
            } => {
                let token_url = match &self.token_url {
                    Some(url) => resolve_token_url(url)?,
                    None => default_token_url(&base_url)?,
                };
                let provider = ClientCredentials::new(ClientCredentialsConfig {
                    http: http.clone(),
                    token_url: token_url.clone(),
                    client_id: client_id.clone(),
                    client_secret,
                    refresh_margin: self
                        .token_refresh_margin
                        .unwrap_or(DEFAULT_TOKEN_REFRESH_MARGIN),
                    request_timeout,
                    retry: retry.clone(),
                });
                let kind = AuthKind::ClientCredentials {
                    client_id,
                    token_url,
                };
                (Arc::new(provider), kind)
            }
        };

        Ok(Client::from_inner(ClientInner {
            http,
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
            auth,
            auth_kind,
            connect_timeout,
            request_timeout,
            retry,
            rate_limiter: self.rate_limit.map(RateLimiter::new),
            user_agent,
        }))
    }

    /// Finds the base URL and credentials: builder first, then discovery. Reports every
    /// missing setting at once rather than one per attempt.
    fn resolve(&self) -> Result<(String, ResolvedAuth), ConfigError> {
        let mut lookup = self.sources.lookup();
        let base_url = match &self.base_url {
            Some(value) => Some(value.clone()),
            None => lookup.get(Setting::BaseUrl)?,
        };
        let mut missing = Vec::new();
        if base_url.is_none() {
            missing.push(Setting::BaseUrl);
        }
        let auth = match &self.auth {
            AuthSetting::Bearer(token) => Some(ResolvedAuth::Bearer(token.clone())),
            AuthSetting::Provider(provider) => Some(ResolvedAuth::Provider(provider.clone())),
            AuthSetting::ClientCredentials => {
                let client_id = match &self.client_id {
                    Some(value) => Some(value.clone()),
                    None => lookup.get(Setting::ClientId)?,
                };
                let client_secret = match &self.client_secret {
                    Some(value) => Some(value.clone()),
                    None => lookup.get(Setting::ClientSecret)?.map(SecretString::from),
                };
                if client_id.is_none() {
                    missing.push(Setting::ClientId);
                }
                if client_secret.is_none() {
                    missing.push(Setting::ClientSecret);
                }
                client_id
                    .zip(client_secret)
                    .map(
                        |(client_id, client_secret)| ResolvedAuth::ClientCredentials {
                            client_id,
                            client_secret,
                        },
                    )
            }
        };
        match (base_url, auth) {
            (Some(base_url), Some(auth)) => Ok((base_url, auth)),
            _ => Err(ConfigError::Missing {
                missing,
                discovery: self.sources.is_enabled(),
            }),
        }
    }
}

/// Authentication with every value found.
enum ResolvedAuth {
    ClientCredentials {
        client_id: String,
        client_secret: SecretString,
    },
    Bearer(SecretString),
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            AuthSetting::ClientCredentials => "client credentials",
            AuthSetting::Bearer(_) => "bearer token",
            AuthSetting::Provider(_) => "token provider",
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("auth", &auth)
            .field("token_url", &self.token_url)
            .field("token_refresh_margin", &self.token_refresh_margin)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("sources", &self.sources)
            .finish()
    }
}
