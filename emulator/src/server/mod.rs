//! The running emulator: starting the HTTP(S) server and the handle tests use to steer and
//! inspect it.

mod admin;
mod errors;
mod handlers;
mod inject;
mod pipeline;
mod rewrite;
mod tls;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::auth::TokenStore;
use crate::config::{ClientCredentials, EmulatorConfig, UserToken};
use crate::error::EmulatorError;
use crate::faults::{Faults, Route};
use crate::keys::SourceKey;
use crate::observe::{LoggedRequest, Observations};
use crate::rate_limit::RateLimiter;
use crate::seed::Seed;
use crate::sync::lock;
use crate::world::{ChangeState, World};

pub use rewrite::UNKNOWN_STATE;

/// State shared by the handlers and the [`Emulator`] handle.
pub(crate) struct Shared {
    world: Mutex<World>,
    tokens: Mutex<TokenStore>,
    limiter: Option<Mutex<RateLimiter>>,
    faults: Faults,
    observations: Observations,
    /// See [`EmulatorConfig::with_announced_expires_in`].
    announced_expires_in: Option<u64>,
}

impl Shared {
    fn new(
        config: &EmulatorConfig,
        seed: &Seed,
        keys: &HashMap<String, Arc<SourceKey>>,
    ) -> Result<Shared, EmulatorError> {
        let world = World::new(
            seed,
            keys,
            config.completion_delay,
            config.status_visibility_delay,
        )
        .map_err(EmulatorError::KeyTask)?;
        // Static user tokens act for an identity, so resolve their user names once, here.
        let mut user_tokens = Vec::new();
        for token in &config.user_tokens {
            let identity_id = world.identity_id_of(token.user_name()).ok_or_else(|| {
                EmulatorError::UnknownUser {
                    user_name: token.user_name().to_string(),
                }
            })?;
            user_tokens.push((token.clone(), identity_id.to_string()));
        }
        Ok(Shared {
            world: Mutex::new(world),
            tokens: Mutex::new(TokenStore::new(
                config.clients.clone(),
                user_tokens,
                config.token_lifetime,
            )),
            limiter: config
                .rate_limit
                .map(|limit| Mutex::new(RateLimiter::new(limit))),
            faults: Faults::default(),
            observations: Observations::default(),
            announced_expires_in: config.announced_expires_in,
        })
    }
}

/// A running emulator. Dropping it stops the server (gracefully, in the background).
pub struct Emulator {
    base_url: String,
    address: SocketAddr,
    root_certificate_pem: Option<String>,
    seed: Seed,
    clients: Vec<ClientCredentials>,
    user_tokens: Vec<UserToken>,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Generates the sources' keys (once per process), binds the listener and starts serving
    /// in the background on the current Tokio runtime.
    pub async fn start(mut config: EmulatorConfig) -> Result<Emulator, EmulatorError> {
        if !config.bind.ip().is_loopback() {
            return Err(EmulatorError::NotLoopback(config.bind));
        }
        let seed = match config.seed.take() {
            Some(seed) => {
                seed.validate()?;
                seed
            }
            None => Seed::embedded()?,
        };
        let keys = generate_keys(&seed).await?;
        let shared = Arc::new(Shared::new(&config, &seed, &keys)?);
        let identity = if config.tls {
            Some(tls::self_signed(config.bind.ip())?)
        } else {
            None
        };

        let bind_error = |source| EmulatorError::Bind {
            address: config.bind,
            source,
        };
        let listener = TcpListener::bind(config.bind).await.map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let (shutdown, shutdown_signal) = oneshot::channel::<()>();
        let app = router(Arc::clone(&shared));
        // Either a shutdown request or the handle being dropped ends the server.
        let stop = async {
            let _ = shutdown_signal.await;
        };
        let server = match &identity {
            None => tokio::spawn(async move {
                let serving = axum::serve(listener, app).with_graceful_shutdown(stop);
                report(serving.await);
            }),
            Some(identity) => {
                let (listener, accepting) = tls::listen(listener, address, identity);
                tokio::spawn(async move {
                    let serving = axum::serve(listener, app).with_graceful_shutdown(stop);
                    report(serving.await);
                    // axum has dropped the listener, so the accept loop is ending: waiting
                    // for it means the port is closed once `shutdown` returns, as in plain mode.
                    let _ = accepting.await;
                })
            }
        };
        let scheme = if identity.is_some() { "https" } else { "http" };
        Ok(Emulator {
            base_url: format!("{scheme}://{address}"),
            address,
            root_certificate_pem: identity.map(|identity| identity.certificate_pem),
            seed,
            clients: config.clients,
            user_tokens: config.user_tokens,
            shared,
            shutdown: Some(shutdown),
            server,
        })
    }

    /// The tenant base URL, e.g. `http://127.0.0.1:41234`, or `https://127.0.0.1:41234` with
    /// [`EmulatorConfig::with_tls`] (API paths start with `/beta`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Replaces the RSA key of the source with this ID or name, as an ISC administrator's key
    /// rotation does: query-password-info hands out the new key and its new `publicKeyId`, and
    /// set-password refuses the old one with 400.
    pub async fn rotate_key(&self, source: &str) -> Result<(), EmulatorError> {
        let source_id = lock(&self.shared.world)
            .source_id_of(source)
            .ok_or_else(|| EmulatorError::UnknownSource {
                id_or_name: source.to_owned(),
            })?
            .to_owned();
        let id = source_id.clone();
        let key = tokio::task::spawn_blocking(move || SourceKey::rotated(&id))
            .await
            .map_err(|error| EmulatorError::KeyTask(error.to_string()))??;
        lock(&self.shared.world).replace_key(&source_id, key);
        Ok(())
    }

    /// With [`EmulatorConfig::with_tls`], the PEM of the self-signed certificate the emulator
    /// serves: what a client must trust as a root (for reqwest,
    /// `Certificate::from_pem(pem.as_bytes())`). `None` in plain HTTP mode.
    pub fn root_certificate_pem(&self) -> Option<&str> {
        self.root_certificate_pem.as_deref()
    }

    /// The listening address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The OAuth token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.base_url)
    }

    /// The world the emulator started from.
    pub fn seed(&self) -> &Seed {
        &self.seed
    }

    /// The API clients that may use the client-credentials grant.
    pub fn clients(&self) -> &[ClientCredentials] {
        &self.clients
    }

    /// The static user-context tokens accepted.
    pub fn user_tokens(&self) -> &[UserToken] {
        &self.user_tokens
    }

    /// The fault switchboard; changes take effect on the next request.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.observations.requests()
    }

    /// How many requests `route` received (whatever their outcome).
    pub fn count(&self, route: Route) -> usize {
        self.shared.observations.count(route)
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.observations.clear();
    }

    /// Whether the account's password is now `candidate`. Changes that are due are applied
    /// first, exactly as a status request would.
    pub fn password_matches(&self, source_id: &str, account_id: &str, candidate: &str) -> bool {
        lock(&self.shared.world).password_matches(source_id, account_id, candidate, Instant::now())
    }

    /// How many set-password requests the emulator accepted (answered 202) for the account:
    /// more than one for a single change is a duplicate.
    pub fn changes_for(&self, source_id: &str, account_id: &str) -> usize {
        lock(&self.shared.world).changes_for(source_id, account_id)
    }

    /// The state of a password change request, `None` for an unknown ID.
    pub fn change_state(&self, request_id: &str) -> Option<ChangeState> {
        lock(&self.shared.world).change_state(request_id, Instant::now())
    }

    /// Whether `token` is a digit token issued for `user_name` that has not expired.
    pub fn digit_token_is_valid(&self, user_name: &str, token: &str) -> bool {
        lock(&self.shared.world).digit_token_is_valid(user_name, token, Instant::now())
    }

    /// The ID of the password policy that governs the source with this ID or name: its sync
    /// group's policy, else the policy that lists it; `None` when no policy does (any password
    /// is accepted) or there is no such source.
    pub fn policy_of_source(&self, source: &str) -> Option<String> {
        let world = lock(&self.shared.world);
        let source_id = world.source_id_of(source)?;
        world.effective_policy_id(source_id).map(str::to_owned)
    }

    /// The ID of the password sync group the source with this ID or name belongs to, if any.
    pub fn sync_group_of_source(&self, source: &str) -> Option<String> {
        let world = lock(&self.shared.world);
        let source_id = world.source_id_of(source)?;
        world.sync_group_of(source_id).map(|group| group.id.clone())
    }

    /// The words of the password dictionary as last uploaded (or seeded), in file order;
    /// empty when there is none.
    pub fn dictionary_words(&self) -> Vec<String> {
        lock(&self.shared.world).dictionary_words()
    }

    /// Expires every access token issued so far, as if a client had held its token too long.
    pub fn expire_tokens(&self) {
        lock(&self.shared.tokens).expire_all(Instant::now());
    }

    /// Stops accepting connections and waits for requests in flight to finish.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        // The task ends when serving ends; a panic in it has already been reported.
        let _ = (&mut self.server).await;
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Graceful: open connections finish their request and close, so a client never sees
        // an answer cut short just because a test dropped its emulator.
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new().route("/oauth/token", post(handlers::token));
    // Every API under both families: `/beta/{path}`, and `/{name}/v1{rest}` for the versioned
    // one, over the same handlers and so the same world.
    for (name, rest, methods) in apis() {
        router = router
            .route(&format!("/beta/{name}{rest}"), methods.clone())
            .route(&format!("/{name}/v1{rest}"), methods);
    }
    router
        // The v1 digit token differs: it is experimental there.
        .route(
            "/beta/generate-password-reset-token/digit",
            post(handlers::digit_token),
        )
        .route(
            "/generate-password-reset-token/v1/digit",
            post(handlers::digit_token_v1),
        )
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            pipeline::front,
        ))
        .with_state(shared)
}

/// The APIs served alike in both families: the first path segment, the rest of the path, and
/// the handlers by method.
fn apis() -> Vec<(&'static str, &'static str, MethodRouter<Arc<Shared>>)> {
    vec![
        (
            "query-password-info",
            "",
            post(handlers::query_password_info),
        ),
        ("set-password", "", post(handlers::set_password)),
        (
            "password-change-status",
            "/{id}",
            get(handlers::password_change_status),
        ),
        (
            "password-policies",
            "",
            get(admin::policies::list).post(admin::policies::create),
        ),
        (
            "password-policies",
            "/{id}",
            get(admin::policies::get)
                .put(admin::policies::replace)
                .delete(admin::policies::delete),
        ),
        (
            "password-sync-groups",
            "",
            get(admin::sync_groups::list).post(admin::sync_groups::create),
        ),
        (
            "password-sync-groups",
            "/{id}",
            get(admin::sync_groups::get)
                .put(admin::sync_groups::replace)
                .delete(admin::sync_groups::delete),
        ),
        (
            "password-dictionary",
            "",
            get(admin::dictionary::get)
                .put(admin::dictionary::replace)
                .layer(DefaultBodyLimit::max(admin::dictionary::MAX_UPLOAD_BYTES)),
        ),
        (
            "password-org-config",
            "",
            get(admin::org_config::get)
                .post(admin::org_config::create)
                .put(admin::org_config::update),
        ),
        (
            "custom-password-instructions",
            "",
            post(admin::instructions::create),
        ),
        (
            "custom-password-instructions",
            "/{pageId}",
            get(admin::instructions::get).delete(admin::instructions::delete),
        ),
    ]
}

fn report(served: std::io::Result<()>) {
    if let Err(error) = served {
        tracing::error!(%error, "the ISC emulator stopped serving");
    }
}

/// One key per source, generated in parallel on the blocking pool.
async fn generate_keys(seed: &Seed) -> Result<HashMap<String, Arc<SourceKey>>, EmulatorError> {
    let tasks: Vec<_> = seed
        .sources
        .iter()
        .map(|source| {
            let id = source.id.clone();
            tokio::task::spawn_blocking(move || SourceKey::for_source(&id).map(|key| (id, key)))
        })
        .collect();
    let mut keys = HashMap::new();
    for task in tasks {
        let (id, key) = task
            .await
            .map_err(|error| EmulatorError::KeyTask(error.to_string()))??;
        keys.insert(id, key);
    }
    Ok(keys)
}
