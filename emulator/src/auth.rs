//! Access tokens: issuing client-credentials tokens, recognising static user-context tokens,
//! and telling who a bearer token belongs to.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use secrecy::ExposeSecret;

use crate::config::{ClientCredentials, UserToken};
use crate::ids;

/// What kind of bearer token a request carried, as the request log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// No `Authorization: Bearer` header (normal for `/oauth/token`).
    None,
    /// A token the emulator never issued.
    Invalid,
    /// A token the emulator issued that has expired.
    Expired,
    /// A token issued through the client-credentials grant ("API authority").
    ClientCredentials,
    /// A configured static token acting for a user (personal access token or authorization code).
    UserContext,
}

/// Who a valid token acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    /// An API client, with no user context, and its scopes (`None`: every scope).
    Client {
        client_id: String,
        scopes: Option<Vec<String>>,
    },
    /// A user, through a personal access token or an authorization-code token.
    User { identity_id: String },
}

impl Principal {
    /// Rate limits are counted per client: per API client, or per user for user tokens.
    pub(crate) fn rate_limit_key(&self) -> String {
        match self {
            Principal::Client { client_id, .. } => format!("client:{client_id}"),
            Principal::User { identity_id } => format!("user:{identity_id}"),
        }
    }

    /// Whether the token carries `scope`. User tokens act with the user's own rights, which
    /// the world checks; their scopes are not modelled.
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        match self {
            Principal::Client {
                scopes: Some(scopes),
                ..
            } => scopes.iter().any(|granted| granted == scope),
            Principal::Client { scopes: None, .. } | Principal::User { .. } => true,
        }
    }

    pub(crate) fn token_kind(&self) -> TokenKind {
        match self {
            Principal::Client { .. } => TokenKind::ClientCredentials,
            Principal::User { .. } => TokenKind::UserContext,
        }
    }
}

/// Why a bearer token was refused; the messages are ISC's 401 `error` texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthFailure {
    Missing,
    Invalid,
    Expired,
}

impl AuthFailure {
    pub(crate) fn message(self) -> &'static str {
        match self {
            AuthFailure::Missing => "Missing or malformed Authorization header; send 'Authorization: Bearer <access token>'",
            AuthFailure::Invalid => "JWT validation failed: the token is not recognised",
            AuthFailure::Expired => "JWT validation failed: JWT is expired",
        }
    }

    pub(crate) fn token_kind(self) -> TokenKind {
        match self {
            AuthFailure::Missing => TokenKind::None,
            AuthFailure::Invalid => TokenKind::Invalid,
            AuthFailure::Expired => TokenKind::Expired,
        }
    }
}

/// Why the token endpoint refused to issue a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantFailure {
    /// A required form field is missing.
    InvalidRequest(&'static str),
    /// Only `client_credentials` is supported.
    UnsupportedGrantType,
    /// Unknown client or wrong secret.
    InvalidClient,
}

/// A freshly issued access token.
pub(crate) struct IssuedToken {
    pub(crate) access_token: String,
    pub(crate) lifetime: Duration,
    /// The scopes granted; `None` for every scope.
    pub(crate) scopes: Option<Vec<String>>,
}

struct Issued {
    client_id: String,
    scopes: Option<Vec<String>>,
    expires_at: Instant,
}

/// All tokens the emulator accepts.
pub(crate) struct TokenStore {
    clients: Vec<ClientCredentials>,
    /// Static user tokens, keyed by token text, resolved to their identity at start.
    user_tokens: HashMap<String, Principal>,
    issued: HashMap<String, Issued>,
    lifetime: Duration,
}

impl fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenStore")
            .field("clients", &self.clients.len())
            .field("user_tokens", &self.user_tokens.len())
            .field("issued", &self.issued.len())
            .field("lifetime", &self.lifetime)
            .finish()
    }
}

/// How long an expired token is remembered, so that it is answered "expired" rather than
/// "not recognised".
const REMEMBER_EXPIRED: Duration = Duration::from_secs(3600);

impl TokenStore {
    /// `user_tokens` pairs each configured token with the ID of the identity it acts for.
    pub(crate) fn new(
        clients: Vec<ClientCredentials>,
        user_tokens: Vec<(UserToken, String)>,
        lifetime: Duration,
    ) -> Self {
        TokenStore {
            clients,
            user_tokens: user_tokens
                .into_iter()
                .map(|(token, identity_id)| {
                    (
                        token.token().expose_secret().to_string(),
                        Principal::User { identity_id },
                    )
                })
                .collect(),
            issued: HashMap::new(),
            lifetime,
        }
    }

    /// Runs the client-credentials grant.
    pub(crate) fn grant(
        &mut self,
        grant_type: Option<&str>,
        client_id: Option<&str>,
        client_secret: Option<&str>,
        now: Instant,
    ) -> Result<IssuedToken, GrantFailure> {
        let grant_type = grant_type.ok_or(GrantFailure::InvalidRequest("grant_type"))?;
        if grant_type != "client_credentials" {
            return Err(GrantFailure::UnsupportedGrantType);
        }
        let client_id = client_id.ok_or(GrantFailure::InvalidRequest("client_id"))?;
        let client_secret = client_secret.ok_or(GrantFailure::InvalidRequest("client_secret"))?;
        let known = self.clients.iter().find(|client| {
            client.client_id() == client_id
                && client.client_secret().expose_secret() == client_secret
        });
        let Some(known) = known else {
            return Err(GrantFailure::InvalidClient);
        };
        let scopes = known.scopes().map(<[String]>::to_vec);

        self.issued.retain(|_, issued| {
            now.saturating_duration_since(issued.expires_at) < REMEMBER_EXPIRED
        });
        let access_token = format!("emu.{}{}", ids::hex32(), ids::hex32());
        self.issued.insert(
            access_token.clone(),
            Issued {
                client_id: client_id.to_string(),
                scopes: scopes.clone(),
                expires_at: now + self.lifetime,
            },
        );
        Ok(IssuedToken {
            access_token,
            lifetime: self.lifetime,
            scopes,
        })
    }

    /// Resolves an `Authorization` header value to the principal it acts for.
    pub(crate) fn authenticate(
        &self,
        authorization: Option<&str>,
        now: Instant,
    ) -> Result<Principal, AuthFailure> {
        let token = authorization
            .and_then(bearer_token)
            .ok_or(AuthFailure::Missing)?;
        if let Some(principal) = self.user_tokens.get(token) {
            return Ok(principal.clone());
        }
        let issued = self.issued.get(token).ok_or(AuthFailure::Invalid)?;
        if now >= issued.expires_at {
            return Err(AuthFailure::Expired);
        }
        Ok(Principal::Client {
            client_id: issued.client_id.clone(),
            scopes: issued.scopes.clone(),
        })
    }

    /// Makes every issued token expire now, as if the client had held them past their lifetime.
    pub(crate) fn expire_all(&mut self, now: Instant) {
        for issued in self.issued.values_mut() {
            issued.expires_at = issued.expires_at.min(now);
        }
    }
}

/// The token of a `Bearer` authorization header; the scheme name is case-insensitive.
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> TokenStore {
        TokenStore::new(
            vec![ClientCredentials::new("id", "secret")],
            vec![(UserToken::new("pat", "Jordan.Lee"), "identity-1".into())],
            Duration::from_secs(60),
        )
    }

    #[test]
    fn issued_tokens_work_until_they_expire() {
        let mut store = store();
        let now = Instant::now();
        let token = store
            .grant(Some("client_credentials"), Some("id"), Some("secret"), now)
            .map_err(|e| format!("{e:?}"))
            .expect("granted");
        let header = format!("Bearer {}", token.access_token);
        assert_eq!(
            store.authenticate(Some(&header), now),
            Ok(Principal::Client {
                client_id: "id".into(),
                scopes: None,
            })
        );
        assert_eq!(
            store.authenticate(Some(&header), now + Duration::from_secs(60)),
            Err(AuthFailure::Expired)
        );
    }

    #[test]
    fn wrong_secret_and_wrong_grant_are_refused() {
        let mut store = store();
        let now = Instant::now();
        assert!(matches!(
            store.grant(Some("client_credentials"), Some("id"), Some("nope"), now),
            Err(GrantFailure::InvalidClient)
        ));
        assert!(matches!(
            store.grant(Some("password"), Some("id"), Some("secret"), now),
            Err(GrantFailure::UnsupportedGrantType)
        ));
        assert!(matches!(
            store.grant(Some("client_credentials"), None, Some("secret"), now),
            Err(GrantFailure::InvalidRequest("client_id"))
        ));
    }

    #[test]
    fn user_tokens_and_bad_headers() {
        let store = store();
        let now = Instant::now();
        assert_eq!(
            store.authenticate(Some("bearer pat"), now),
            Ok(Principal::User {
                identity_id: "identity-1".into()
            })
        );
        assert_eq!(store.authenticate(None, now), Err(AuthFailure::Missing));
        assert_eq!(
            store.authenticate(Some("Basic abc"), now),
            Err(AuthFailure::Missing)
        );
        assert_eq!(
            store.authenticate(Some("Bearer unknown"), now),
            Err(AuthFailure::Invalid)
        );
    }
}
