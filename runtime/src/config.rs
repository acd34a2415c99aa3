//! Configuration discovery compatible with SailPoint's own SDKs, and [`ConfigError`].
//!
//! Each setting is taken from the first place that has it:
//! 1. the value set on the [`ClientBuilder`](crate::ClientBuilder);
//! 2. the environment: `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`;
//! 3. `./config.json`: the keys `BaseURL`, `ClientId`, `ClientSecret`, matched
//!    case-insensitively.
//!
//! Steps 2 and 3 only happen when discovery is switched on ([`ConfigSources::process`], used
//! by `ClientBuilder::from_env`). Both sources are injectable through [`ConfigSources::new`],
//! so tests never touch the process environment. Empty values count as unset.
//!
//! The settings discovery supplies must all come from one source: the environment or the
//! file, never some from each ([`ConfigError::MixedSources`]). Otherwise a `config.json` in an
//! untrusted working directory could name the base URL that a secret from the environment is
//! sent to. Builder values combine with either source: the caller chose them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A setting that discovery can supply.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// The tenant name or base URL.
    BaseUrl,
    /// The OAuth2 client id.
    ClientId,
    /// The OAuth2 client secret.
    ClientSecret,
}

impl Setting {
    /// The environment variable SailPoint's SDKs read it from.
    pub fn env_var(self) -> &'static str {
        crate::sailpoint::env_var(self)
    }

    /// The `config.json` key SailPoint's SDKs read it from.
    pub fn config_key(self) -> &'static str {
        crate::sailpoint::config_key(self)
    }

    /// The `ClientBuilder` method that sets it.
    pub fn builder_method(self) -> &'static str {
        match self {
            Setting::BaseUrl => "base_url",
            Setting::ClientId => "client_id",
            Setting::ClientSecret => "client_secret",
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Setting::BaseUrl => "base URL",
            Setting::ClientId => "client id",
            Setting::ClientSecret => "client secret",
        })
    }
}

type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where settings not given on the builder are looked up.
#[derive(Clone, Default)]
pub struct ConfigSources {
    env: Option<Arc<EnvLookup>>,
    config_file: Option<PathBuf>,
}

impl ConfigSources {
    /// No discovery: only builder values count. This is what `ClientBuilder::new` uses.
    pub fn none() -> Self {
        Self::default()
    }

    /// The process environment and `./config.json` in the current directory, like
    /// SailPoint's SDKs.
    pub fn process() -> Self {
        Self::new(
            |name| std::env::var(name).ok(),
            Some(PathBuf::from(crate::sailpoint::CONFIG_FILE)),
        )
    }

    /// A custom environment lookup and config file (`None`: no file).
    pub fn new(
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
        config_file: Option<PathBuf>,
    ) -> Self {
        ConfigSources {
            env: Some(Arc::new(env)),
            config_file,
        }
    }

    /// The config file consulted, if any.
    pub(crate) fn config_file(&self) -> Option<&Path> {
        self.config_file.as_deref()
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.env.is_some() || self.config_file.is_some()
    }

    /// Starts a lookup; the config file is read at most once, and only if a setting needs it.
    pub(crate) fn lookup(&self) -> Lookup<'_> {
        Lookup {
            sources: self,
            file: None,
        }
    }
}

impl fmt::Debug for ConfigSources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigSources")
            .field("env", &self.env.is_some())
            .field("config_file", &self.config_file)
            .finish()
    }
}

/// Where a discovered setting was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Environment,
    ConfigFile,
}

/// One discovery pass over [`ConfigSources`].
pub(crate) struct Lookup<'a> {
    sources: &'a ConfigSources,
    /// `Some(None)`: the file was looked for and does not exist.
    file: Option<Option<HashMap<String, String>>>,
}

impl Lookup<'_> {
    /// The setting from the environment, else from the config file, and where it was found.
    pub(crate) fn get(
        &mut self,
        setting: Setting,
    ) -> Result<Option<(String, Source)>, ConfigError> {
        if let Some(env) = &self.sources.env {
            if let Some(value) = env(setting.env_var()).filter(|value| !value.is_empty()) {
                return Ok(Some((value, Source::Environment)));
            }
        }
        let Some(path) = &self.sources.config_file else {
            return Ok(None);
        };
        if self.file.is_none() {
            self.file = Some(read_config_file(path)?);
        }
        let value = self
            .file
            .as_ref()
            .and_then(Option::as_ref)
            .and_then(|keys| keys.get(&setting.config_key().to_ascii_lowercase()))
            .filter(|value| !value.is_empty())
            .map(|value| (value.clone(), Source::ConfigFile));
        Ok(value)
    }
}

/// Reads the string values of a SailPoint `config.json`, keyed by lower-cased key.
fn read_config_file(path: &Path) -> Result<Option<HashMap<String, String>>, ConfigError> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ConfigError::ConfigFile {
                path: path.to_owned(),
                source,
            })
        }
    };
    let invalid = |reason: String| ConfigError::ConfigFileFormat {
        path: path.to_owned(),
        reason,
    };
    // Parse into `Value` first: a typed parse would quote offending values (secrets) in
    // its error messages.
    let value: serde_json::Value = serde_json::from_slice(&text).map_err(|error| {
        invalid(format!(
            "not valid JSON (line {}, column {})",
            error.line(),
            error.column()
        ))
    })?;
    let serde_json::Value::Object(object) = value else {
        return Err(invalid("the top level is not a JSON object".to_owned()));
    };
    let mut keys = HashMap::new();
    for (key, value) in object {
        match value {
            serde_json::Value::String(text) => {
                keys.insert(key.to_ascii_lowercase(), text);
            }
            // Keys we use must be strings; other keys (SailPoint's tools store more) are ignored.
            _ if is_known_key(&key) => {
                return Err(invalid(format!("`{key}` must be a string")));
            }
            _ => {}
        }
    }
    Ok(Some(keys))
}

fn is_known_key(key: &str) -> bool {
    [Setting::BaseUrl, Setting::ClientId, Setting::ClientSecret]
        .iter()
        .any(|setting| setting.config_key().eq_ignore_ascii_case(key))
}

/// Why a [`Client`](crate::Client) could not be built.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Required settings were found nowhere.
    #[error("{}", describe_missing(missing, *discovery))]
    Missing {
        /// The settings that are missing.
        missing: Vec<Setting>,
        /// Whether the environment and `config.json` were consulted.
        discovery: bool,
    },
    /// The base URL is neither a tenant name nor a usable URL.
    #[error(
        "invalid base URL `{value}`: {reason}; use a tenant name such as `acme` or a full \
         URL such as `https://acme.api.identitynow.com`"
    )]
    InvalidBaseUrl {
        /// The value given (with any user name or password removed).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The token URL is not a usable URL.
    #[error("invalid token URL `{value}`: {reason}")]
    InvalidTokenUrl {
        /// The value given (with any user name or password removed).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A URL uses plain HTTP for a host that is not loopback.
    #[error(
        "refusing the plain-HTTP {role} `{url}`: client secrets and tokens would cross the \
         network unencrypted; use https:// (plain http is only allowed for loopback hosts: \
         localhost, 127.0.0.1, [::1])"
    )]
    InsecureUrl {
        /// Which URL: "base URL" or "token URL".
        role: &'static str,
        /// The URL.
        url: String,
    },
    /// A proxy was configured although the base or token URL is plain HTTP (loopback).
    #[error(
        "refusing to send the plain-HTTP {role} `{url}` through a proxy: the client secret \
         and tokens would reach the proxy unencrypted (and a proxy would resolve a loopback \
         host on its own machine); use https://, drop the proxy, or hand in your own client \
         with ClientBuilder::http_client"
    )]
    ProxyWithPlainHttp {
        /// Which URL: "base URL" or "token URL".
        role: &'static str,
        /// The URL.
        url: String,
    },
    /// Discovery found some settings in the environment and others in the config file.
    #[error("{}", describe_mixed(from_env, from_file, config_file))]
    MixedSources {
        /// The settings found in the environment.
        from_env: Vec<Setting>,
        /// The settings found in the config file.
        from_file: Vec<Setting>,
        /// The config file.
        config_file: PathBuf,
    },
    /// The config file exists but could not be read.
    #[error("could not read the config file {}", path.display())]
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The config file is not a JSON object of strings.
    #[error("{} is not a valid SailPoint config file: {reason}", path.display())]
    ConfigFileFormat {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Settings of the HTTP layer were given together with a caller's own HTTP client or
    /// transport, which already fixes them, or both of those were given.
    #[error(
        "`{setting}` cannot be combined with `{with}`: the caller's own HTTP layer already \
         fixes its TLS roots, proxies, default headers, user agent and connect timeout; \
         configure them there instead"
    )]
    HttpClientConflict {
        /// The `ClientBuilder` method that conflicts.
        setting: &'static str,
        /// The method that handed in the caller's HTTP layer: `http_client` or `transport`.
        with: &'static str,
    },
    /// The user-agent suffix is not a valid header value.
    #[error("the user-agent suffix contains characters not allowed in an HTTP header (use visible ASCII)")]
    InvalidUserAgent,
    /// The HTTP client could not be created (for instance, no TLS backend).
    #[error("could not create the HTTP client")]
    HttpClient(#[source] reqwest::Error),
}

fn describe_mixed(from_env: &[Setting], from_file: &[Setting], config_file: &Path) -> String {
    let list = |settings: &[Setting], name: fn(Setting) -> &'static str| {
        settings
            .iter()
            .map(|setting| name(*setting))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "refusing to combine settings from the environment ({}) with settings from {} ({}): \
         a config file in the working directory must not decide where credentials from the \
         environment are sent, nor the other way round; keep the base URL, client id and \
         secret in one place, or set the ones you mean on the ClientBuilder",
        list(from_env, Setting::env_var),
        config_file.display(),
        list(from_file, Setting::config_key),
    )
}

fn describe_missing(missing: &[Setting], discovery: bool) -> String {
    let join = |f: fn(Setting) -> &'static str| {
        missing
            .iter()
            .map(|setting| f(*setting))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let methods = join(Setting::builder_method);
    let vars = join(Setting::env_var);
    let keys = join(Setting::config_key);
    if discovery {
        format!(
            "missing configuration: {names}; set it with ClientBuilder::{{{methods}}}, the \
             environment ({vars}) or ./config.json ({keys})"
        )
    } else {
        format!(
            "missing configuration: {names}; set it with ClientBuilder::{{{methods}}}, or use \
             ClientBuilder::from_env() to read {vars} and ./config.json"
        )
    }
}
