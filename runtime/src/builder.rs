//! [`ClientBuilder`]: collects settings, fills gaps by discovery, validates everything, and
//! builds a [`Client`]. All validation happens here, so a built client cannot be misconfigured.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::SecretString;

use crate::auth::{StaticToken, TokenProvider};
use crate::client::{AuthKind, Client, ClientInner};
use crate::config::{ConfigError, ConfigSources, Setting, Source};
use crate::oauth::{ClientCredentials, ClientCredentialsConfig};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::retry::RetryConfig;
use crate::transport::{Http, Transport};
use crate::transport_safety::{
    default_token_url, proxy_use, resolve_base_url, resolve_token_url, ProxyUse, UrlRole,
};

/// Default time allowed to establish a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the last byte of the body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit on the size of a response body: 16 MiB, far above any JSON response of the
/// API (a page of 250 identities is well under a megabyte), yet small enough that a server
/// streaming without end cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;
/// Default time before a token's expiry at which it is refreshed.
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The user agent: this crate's name and version, e.g. `isc-runtime/0.1.0`.
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
    max_response_body: Option<usize>,
    retry: Option<RetryConfig>,
    rate_limit: Option<RateLimit>,
    user_agent_suffix: Option<String>,
    sources: ConfigSources,
    http: HttpSettings,
    /// Lower-cased names of the constant headers the client may send.
    allowed_constant_headers: Vec<String>,
}

/// How the HTTP layer is set up: the runtime's own `reqwest::Client`, adjusted by these
/// settings, or one the caller hands in.
#[derive(Clone, Default)]
struct HttpSettings {
    own_client: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    root_certificates: Vec<reqwest::Certificate>,
    platform_trust_store: bool,
    default_headers: HeaderMap,
    proxies: Vec<reqwest::Proxy>,
    no_proxy: bool,
}

impl HttpSettings {
    /// The first setting given beside `own_client` or `transport` (which already fix them
    /// all), with the one it conflicts with, if any.
    fn conflict(&self) -> Option<(&'static str, &'static str)> {
        let with = if self.transport.is_some() {
            "transport"
        } else if self.own_client.is_some() {
            "http_client"
        } else {
            return None;
        };
        [
            (
                self.transport.is_some() && self.own_client.is_some(),
                "http_client",
            ),
            (!self.root_certificates.is_empty(), "add_root_certificate"),
            (self.platform_trust_store, "platform_trust_store"),
            (!self.default_headers.is_empty(), "default_header"),
            (!self.proxies.is_empty(), "proxy"),
            (self.no_proxy, "no_proxy"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some((name, with)))
    }
}

impl ClientBuilder {
    /// A builder that uses only the values set on it.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that falls back to `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`
    /// and then `./config.json` for anything not set on it, like SailPoint's SDKs.
    ///
    /// Unlike them, the settings found this way must all come from the environment or all
    /// from the file: `build` refuses a mix ([`ConfigError::MixedSources`]), so that a
    /// `config.json` in an untrusted working directory cannot redirect a secret taken from
    /// the environment. Values set on the builder combine with either.
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
    /// most half the token's lifetime), so it does not expire in flight. The lifetime is the
    /// token endpoint's `expires_in`, taken as at least 10 s (so a server announcing `0` does
    /// not cost a token request per call) and at most a day.
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
    /// Override per call with [`CallOptions::with_timeout`](crate::CallOptions::with_timeout).
    ///
    /// It also bounds getting a client-credentials token: a token request with all its
    /// retries and their waits, and a call's wait for a token request another call is making.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BODY`],
    /// 16 MiB). A longer body (declared by `Content-Length`, or streamed) ends the call with
    /// [`TransportErrorKind::ResponseTooLarge`](crate::TransportErrorKind::ResponseTooLarge)
    /// as soon as the limit is passed, without reading the rest. Override per call with
    /// [`CallOptions::with_max_response_body`](crate::CallOptions::with_max_response_body).
    /// Token responses have their own fixed limit of 64 KiB.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
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

    /// Appended to the user agent after a space: `isc-runtime/0.1.0 {suffix}`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Lets the client send the constant header `name` on the operations whose spec requires
    /// it (see [`OperationRequest::constant_headers`](crate::OperationRequest::constant_headers));
    /// such an operation fails before sending anything until its headers are allowed. For
    /// SailPoint's experimental operations, use [`experimental`](Self::experimental).
    pub fn allow_constant_header(mut self, name: &str) -> Self {
        let name = name.to_ascii_lowercase();
        if !self.allowed_constant_headers.contains(&name) {
            self.allowed_constant_headers.push(name);
        }
        self
    }

    /// Undoes [`allow_constant_header`](Self::allow_constant_header).
    pub(crate) fn forbid_constant_header(mut self, name: &str) -> Self {
        self.allowed_constant_headers
            .retain(|allowed| !allowed.eq_ignore_ascii_case(name));
        self
    }

    /// Sends every request through `client`, the caller's own `reqwest::Client` (use the
    /// re-exported [`reqwest`](crate::reqwest) so the versions match).
    ///
    /// The runtime then no longer controls what that client fixes: TLS roots, proxies,
    /// default headers, the `User-Agent`, the connect timeout, and redirects (the runtime's
    /// own client follows none, so a token is never carried to an unchecked host; set
    /// `redirect(Policy::none())` on yours to keep that). Proxies are then your
    /// responsibility too: reqwest uses the `*_PROXY` environment variables by default, also
    /// for a plain-HTTP loopback URL, where the secret and tokens would reach the proxy
    /// unencrypted; call `no_proxy()` on yours for such URLs. It still applies its per-attempt
    /// timeout, retries, authentication, rate limiting and the HTTPS rule for the base and
    /// token URLs. Combined with [`add_root_certificate`](Self::add_root_certificate),
    /// [`platform_trust_store`](Self::platform_trust_store), [`default_header`](Self::default_header),
    /// [`proxy`](Self::proxy) or [`no_proxy`](Self::no_proxy), `build` fails with
    /// [`ConfigError::HttpClientConflict`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http.own_client = Some(client);
        self
    }

    /// Sends every request, token requests included, through `transport` instead of an HTTP
    /// client: an in-process fake for tests (see the generated crates' `mock` module), or a
    /// caller's own HTTP stack.
    ///
    /// Everything above the exchange still runs: authentication, retries, the rate limiter,
    /// timeouts, the response size limit and the HTTPS rule for the base and token URLs. As
    /// with [`http_client`](Self::http_client), the settings of the runtime's own HTTP client
    /// (TLS roots, proxies, default headers) do not apply: `build` fails with
    /// [`ConfigError::HttpClientConflict`] if any of them, or `http_client`, is also given.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.http.transport = Some(Arc::new(transport));
        self
    }

    /// Also trusts `certificate` as a root for TLS, for example a corporate TLS-inspection
    /// proxy's CA or a test server's (`reqwest::Certificate::from_pem`).
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.http.root_certificates.push(certificate);
        self
    }

    /// Also trusts the operating system's certificate store (off by default: the built-in
    /// Mozilla roots are used, the same on every machine).
    pub fn platform_trust_store(mut self, enabled: bool) -> Self {
        self.http.platform_trust_store = enabled;
        self
    }

    /// Sends `name: value` with every request (the request's own headers, such as
    /// `Authorization`, take precedence).
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.http.default_headers.insert(name, value);
        self
    }

    /// Sends requests through `proxy` (several may be added; the first that matches a URL is
    /// used). Without one, the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`
    /// environment variables apply, unless [`no_proxy`](Self::no_proxy) is set.
    ///
    /// Plain HTTP never goes through a proxy: with a plain-HTTP (loopback) base or token URL
    /// the environment variables are ignored, and `build` refuses an explicit proxy with
    /// [`ConfigError::ProxyWithPlainHttp`], because the client secret and tokens would reach
    /// the proxy unencrypted (and a proxy would resolve `localhost` on its own machine). To
    /// inspect such traffic with a local proxy anyway, hand in your own client with
    /// [`http_client`](Self::http_client).
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.http.proxies.push(proxy);
        self
    }

    /// Uses no proxy at all, not even one named by the environment.
    pub fn no_proxy(mut self) -> Self {
        self.http.no_proxy = true;
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
        // Only client credentials use a token URL.
        let token_url = match (&auth, &self.token_url) {
            (ResolvedAuth::ClientCredentials { .. }, Some(url)) => Some(resolve_token_url(url)?),
            (ResolvedAuth::ClientCredentials { .. }, None) => Some(default_token_url(&base_url)?),
            _ => None,
        };
        let mut urls = vec![(UrlRole::Base, &base_url)];
        urls.extend(token_url.iter().map(|url| (UrlRole::Token, url)));
        let http = self.http_client_for(user_agent_header, connect_timeout, &urls)?;
        let retry = self.retry.unwrap_or_default();

        let (auth, auth_kind): (Arc<dyn TokenProvider>, AuthKind) = match auth {
            ResolvedAuth::Bearer(token) => {
                (Arc::new(StaticToken::new(token)), AuthKind::BearerToken)
            }
            ResolvedAuth::Provider(provider) => (provider, AuthKind::TokenProvider),
            ResolvedAuth::ClientCredentials {
                client_id,
                client_secret,
            } => {
                // Resolved above for client credentials; the fallback is never taken.
                let token_url = match token_url {
                    Some(url) => url,
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
            max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
            retry,
            rate_limiter: self.rate_limit.map(RateLimiter::new),
            user_agent,
            allowed_constant_headers: self.allowed_constant_headers,
        }))
    }

    /// The caller's own transport or HTTP client, or the runtime's, built from the settings for `urls`
    /// (the base and token URLs).
    fn http_client_for(
        &self,
        user_agent: HeaderValue,
        connect_timeout: Duration,
        urls: &[(UrlRole, &url::Url)],
    ) -> Result<Http, ConfigError> {
        if let Some((setting, with)) = self.http.conflict() {
            return Err(ConfigError::HttpClientConflict { setting, with });
        }
        if let Some(transport) = &self.http.transport {
            return Ok(Http::Custom(transport.clone(), user_agent));
        }
        if let Some(client) = &self.http.own_client {
            return Ok(Http::Reqwest(client.clone()));
        }
        let proxies = proxy_use(urls, !self.http.proxies.is_empty())?;
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(connect_timeout)
            // An API never redirects; following one could carry the request (and its token)
            // somewhere unchecked.
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(self.http.default_headers.clone())
            .tls_built_in_native_certs(self.http.platform_trust_store);
        for certificate in &self.http.root_certificates {
            builder = builder.add_root_certificate(certificate.clone());
        }
        if self.http.no_proxy || proxies == ProxyUse::Never {
            builder = builder.no_proxy();
        }
        for proxy in &self.http.proxies {
            builder = builder.proxy(proxy.clone());
        }
        builder
            .build()
            .map(Http::Reqwest)
            .map_err(ConfigError::HttpClient)
    }

    /// Finds the base URL and credentials: builder first, then discovery. Reports every
    /// missing setting at once rather than one per attempt, and refuses discovered settings
    /// that come from different sources (see [`ConfigError::MixedSources`]).
    fn resolve(&self) -> Result<(String, ResolvedAuth), ConfigError> {
        let mut lookup = self.sources.lookup();
        let mut discovered = Vec::new();
        let mut discover = |setting| -> Result<Option<String>, ConfigError> {
            Ok(lookup.get(setting)?.map(|(value, source)| {
                discovered.push((setting, source));
                value
            }))
        };
        let base_url = match &self.base_url {
            Some(value) => Some(value.clone()),
            None => discover(Setting::BaseUrl)?,
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
                    None => discover(Setting::ClientId)?,
                };
                let client_secret = match &self.client_secret {
                    Some(value) => Some(value.clone()),
                    None => discover(Setting::ClientSecret)?.map(SecretString::from),
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
        let (Some(base_url), Some(auth)) = (base_url, auth) else {
            return Err(ConfigError::Missing {
                missing,
                discovery: self.sources.is_enabled(),
            });
        };
        let found_in = |wanted: Source| -> Vec<Setting> {
            discovered
                .iter()
                .filter(|(_, source)| *source == wanted)
                .map(|(setting, _)| *setting)
                .collect()
        };
        let (from_env, from_file) = (found_in(Source::Environment), found_in(Source::ConfigFile));
        let mixed = !from_env.is_empty() && !from_file.is_empty();
        // A setting found in the file means there is a file.
        if let Some(config_file) = self.sources.config_file().filter(|_| mixed) {
            return Err(ConfigError::MixedSources {
                from_env,
                from_file,
                config_file: config_file.to_owned(),
            });
        }
        Ok((base_url, auth))
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
            .field("max_response_body", &self.max_response_body)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("allowed_constant_headers", &self.allowed_constant_headers)
            .field("sources", &self.sources)
            .field("own_http_client", &self.http.own_client.is_some())
            .field("own_transport", &self.http.transport.is_some())
            .field("root_certificates", &self.http.root_certificates.len())
            .field("platform_trust_store", &self.http.platform_trust_store)
            // Header values may be credentials (an API key, say): only the names.
            .field(
                "default_headers",
                &self.http.default_headers.keys().collect::<Vec<_>>(),
            )
            .field("proxies", &self.http.proxies.len())
            .field("no_proxy", &self.http.no_proxy)
            .finish()
    }
}
