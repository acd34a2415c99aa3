//! How an emulator is set up: address, seed, accepted credentials, timings and rate limit.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use secrecy::SecretString;

use crate::seed::Seed;

/// The client ID the default configuration accepts.
pub const DEFAULT_CLIENT_ID: &str = "emulator-client";
/// The client secret the default configuration accepts. It protects nothing but fake data on
/// loopback; pass your own with [`EmulatorConfig::with_client`] if you prefer.
pub const DEFAULT_CLIENT_SECRET: &str = "emulator-secret";

/// An API client allowed to use the client-credentials grant.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: SecretString,
    /// `None`: every scope (`sp:scopes:all`).
    scopes: Option<Vec<String>>,
}

impl ClientCredentials {
    /// A client with this ID and secret, granted every scope.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            scopes: None,
        }
    }

    /// Grants only these scopes (such as `idn:password-change:manage`): a call to an operation
    /// that needs another one is answered 403, as ISC does.
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The scopes granted; `None` for every scope.
    pub fn scopes(&self) -> Option<&[String]> {
        self.scopes.as_deref()
    }

    /// The client ID.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret.
    pub fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// A static bearer token that acts for one user, like a personal access token or a token from
/// the authorization-code flow.
#[derive(Clone)]
pub struct UserToken {
    token: SecretString,
    user_name: String,
}

impl UserToken {
    /// `token` acts for the identity whose `userName` is `user_name`.
    pub fn new(token: impl Into<String>, user_name: impl Into<String>) -> Self {
        UserToken {
            token: SecretString::from(token.into()),
            user_name: user_name.into(),
        }
    }

    /// The token text.
    pub fn token(&self) -> &SecretString {
        &self.token
    }

    /// The user it acts for.
    pub fn user_name(&self) -> &str {
        &self.user_name
    }
}

impl fmt::Debug for UserToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserToken")
            .field("token", &"<redacted>")
            .field("user_name", &self.user_name)
            .finish()
    }
}

/// At most `requests` per client within any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// The sliding window.
    pub window: Duration,
}

impl RateLimit {
    /// ISC's documented limit: 100 requests per client per 10 seconds.
    pub const ISC: RateLimit = RateLimit {
        requests: 100,
        window: Duration::from_secs(10),
    };
}

/// Everything an emulator needs to start; [`Default`] is a loopback server on a free port with
/// the embedded seed, one API client ([`DEFAULT_CLIENT_ID`] / [`DEFAULT_CLIENT_SECRET`]) and
/// ISC's rate limit.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    pub(crate) bind: SocketAddr,
    pub(crate) seed: Option<Seed>,
    pub(crate) clients: Vec<ClientCredentials>,
    pub(crate) user_tokens: Vec<UserToken>,
    pub(crate) token_lifetime: Duration,
    pub(crate) completion_delay: Duration,
    pub(crate) rate_limit: Option<RateLimit>,
    /// What token responses say in `expires_in`, whatever the real lifetime.
    pub(crate) announced_expires_in: Option<u64>,
    /// How long an accepted change stays invisible to password-change-status (404).
    pub(crate) status_visibility_delay: Duration,
    pub(crate) tls: bool,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            seed: None,
            clients: vec![ClientCredentials::new(
                DEFAULT_CLIENT_ID,
                DEFAULT_CLIENT_SECRET,
            )],
            user_tokens: Vec::new(),
            // ISC's access tokens live about 12 minutes.
            token_lifetime: Duration::from_secs(12 * 60),
            completion_delay: Duration::from_millis(500),
            rate_limit: Some(RateLimit::ISC),
            announced_expires_in: None,
            status_visibility_delay: Duration::ZERO,
            tls: false,
        }
    }
}

impl EmulatorConfig {
    /// Token responses announce `expires_in: seconds` (0, or up to `u64::MAX`) whatever the
    /// tokens' real lifetime, as a broken or hostile token endpoint might.
    pub fn with_announced_expires_in(mut self, seconds: u64) -> Self {
        self.announced_expires_in = Some(seconds);
        self
    }

    /// A change accepted by set-password is unknown to password-change-status (404) for this
    /// long, as ISC's status store catches up with its change queue (eventual visibility).
    pub fn with_status_visibility_delay(mut self, delay: Duration) -> Self {
        self.status_visibility_delay = delay;
        self
    }

    /// Listens on this loopback port (0, the default, picks a free one).
    pub fn with_port(mut self, port: u16) -> Self {
        self.bind.set_port(port);
        self
    }

    /// Listens on this address; it must be a loopback address or the emulator refuses to start.
    pub fn with_bind_address(mut self, bind: SocketAddr) -> Self {
        self.bind = bind;
        self
    }

    /// Starts from this world instead of the embedded seed.
    pub fn with_seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Accepts only this API client (replacing the default one).
    pub fn with_client(mut self, client: ClientCredentials) -> Self {
        self.clients = vec![client];
        self
    }

    /// Accepts this API client too.
    pub fn add_client(mut self, client: ClientCredentials) -> Self {
        self.clients.push(client);
        self
    }

    /// Accepts this static user-context token.
    pub fn with_user_token(mut self, token: UserToken) -> Self {
        self.user_tokens.push(token);
        self
    }

    /// How long issued access tokens stay valid (`expires_in` is this in whole seconds).
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How long a password change stays `IN_PROGRESS` before it finishes or fails.
    pub fn with_completion_delay(mut self, delay: Duration) -> Self {
        self.completion_delay = delay;
        self
    }

    /// Sets the per-client rate limit; `None` turns rate limiting off.
    pub fn with_rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Serves HTTPS instead of plain HTTP (the default), offering HTTP/2 and HTTP/1.1 through
    /// ALPN, like ISC itself.
    ///
    /// At start the emulator makes a new self-signed certificate for `localhost`, `127.0.0.1`,
    /// `::1` and the address it listens on; clients must trust
    /// [`Emulator::root_certificate_pem`](crate::Emulator::root_certificate_pem), and
    /// [`Emulator::base_url`](crate::Emulator::base_url) starts with `https://`.
    pub fn with_tls(mut self) -> Self {
        self.tls = true;
        self
    }
}
