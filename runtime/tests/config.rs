//! Client configuration: discovery precedence (builder > environment > config.json),
//! case-insensitive config keys, errors naming what is missing, transport safety, the user
//! agent, and `Debug` output free of secrets.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use common::{request, serve, TokenEndpoint, CLIENT_ID, CLIENT_SECRET};
use isc_runtime::{CallOptions, Client, ClientBuilder, ConfigError, ConfigSources, Setting};
use reqwest::Method;
use secrecy::SecretString;

/// An environment made of the given variables only.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

/// A config file with `contents`, removed when dropped.
struct ConfigFile(PathBuf);

impl ConfigFile {
    fn new(name: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "sailpoint-runtime-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&path, contents).expect("write the config file");
        ConfigFile(path)
    }

    fn path(&self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

impl Drop for ConfigFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn discovering(env_vars: &[(&str, &str)], config_file: Option<PathBuf>) -> ClientBuilder {
    Client::builder().config_sources(ConfigSources::new(env(env_vars), config_file))
}

#[test]
fn builder_beats_environment_beats_config_file() {
    let file = ConfigFile::new(
        "precedence",
        r#"{"BaseURL": "from-file", "ClientId": "file-id", "ClientSecret": "file-secret"}"#,
    );
    let vars = [
        ("SAIL_BASE_URL", "from-env"),
        ("SAIL_CLIENT_ID", "env-id"),
        ("SAIL_CLIENT_SECRET", "env-secret"),
    ];

    let from_builder = discovering(&vars, file.path())
        .base_url("from-builder")
        .build()
        .unwrap();
    assert_eq!(
        from_builder.base_url(),
        "https://from-builder.api.identitynow.com"
    );
    // The client id is not on the builder, so it comes from the environment.
    assert!(format!("{from_builder:?}").contains("env-id"));

    let from_env = discovering(&vars, file.path()).build().unwrap();
    assert_eq!(from_env.base_url(), "https://from-env.api.identitynow.com");
    assert!(format!("{from_env:?}").contains("env-id"));

    let from_file = discovering(&[], file.path()).build().unwrap();
    assert_eq!(
        from_file.base_url(),
        "https://from-file.api.identitynow.com"
    );
    assert!(format!("{from_file:?}").contains("file-id"));
}

#[test]
fn empty_environment_values_count_as_unset() {
    let file = ConfigFile::new(
        "empty-env",
        r#"{"BaseURL": "from-file", "ClientId": "id", "ClientSecret": "secret"}"#,
    );
    let client = discovering(&[("SAIL_BASE_URL", "")], file.path())
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://from-file.api.identitynow.com");
}

#[tokio::test]
async fn config_file_keys_are_case_insensitive_and_its_credentials_are_used() {
    let tokens = TokenEndpoint::new(600);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let api = Router::new().route(
        "/beta/ping",
        get(move |headers: HeaderMap| async move {
            recorder
                .lock()
                .unwrap()
                .push(common::bearer(&headers).unwrap_or_default());
        }),
    );
    let base = serve(tokens.router().merge(api)).await;
    let file = ConfigFile::new(
        "case",
        &format!(
            r#"{{"baseurl": "{base}", "CLIENTID": "{CLIENT_ID}", "clientSecret": "{CLIENT_SECRET}", "Other": 1}}"#
        ),
    );

    let client = discovering(&[], file.path()).build().unwrap();
    let response = client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(
        tokens.count(),
        1,
        "the token endpoint accepted the file's credentials"
    );
    assert_eq!(*seen.lock().unwrap(), ["token-1"]);
}

#[test]
fn missing_settings_are_all_named_with_where_to_set_them() {
    let error = discovering(&[], None).build().unwrap_err();
    let ConfigError::Missing { missing, discovery } = &error else {
        panic!("expected Missing, got {error:?}");
    };
    assert_eq!(
        missing,
        &[Setting::BaseUrl, Setting::ClientId, Setting::ClientSecret]
    );
    assert!(discovery);
    let message = error.to_string();
    for expected in [
        "base URL",
        "client id",
        "client secret",
        "SAIL_BASE_URL",
        "SAIL_CLIENT_SECRET",
        "ClientSecret",
        "config.json",
    ] {
        assert!(message.contains(expected), "{expected} not in: {message}");
    }

    let only_secret = discovering(&[("SAIL_BASE_URL", "acme"), ("SAIL_CLIENT_ID", "id")], None)
        .build()
        .unwrap_err();
    assert!(matches!(
        &only_secret,
        ConfigError::Missing { missing, .. } if missing == &[Setting::ClientSecret]
    ));
}

#[test]
fn without_discovery_the_error_points_to_from_env() {
    let error = Client::builder().base_url("acme").build().unwrap_err();
    assert!(matches!(
        &error,
        ConfigError::Missing {
            discovery: false,
            ..
        }
    ));
    assert!(error.to_string().contains("from_env"), "{error}");
}

#[test]
fn a_bearer_token_needs_no_client_credentials() {
    let client = discovering(&[], None)
        .base_url("acme")
        .bearer_token(SecretString::from("t"))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://acme.api.identitynow.com");
    let debug = format!("{client:?}");
    assert!(debug.contains(r#"auth: "static bearer token""#), "{debug}");
    assert!(!debug.contains("client_id"), "{debug}");
}

#[test]
fn a_malformed_config_file_is_an_error_that_does_not_quote_values() {
    let broken = ConfigFile::new("broken", r#"{"BaseURL": "acme", "#);
    let error = discovering(&[], broken.path()).build().unwrap_err();
    assert!(
        matches!(error, ConfigError::ConfigFileFormat { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("not valid JSON"), "{error}");

    let wrong_type = ConfigFile::new(
        "wrong-type",
        r#"{"BaseURL": "acme", "ClientId": "id", "ClientSecret": ["s3cr3t-in-array"]}"#,
    );
    let error = discovering(&[], wrong_type.path()).build().unwrap_err();
    let message = format!("{error} {error:?}");
    assert!(
        message.contains("`ClientSecret` must be a string"),
        "{message}"
    );
    assert!(!message.contains("s3cr3t-in-array"), "{message}");
}

#[test]
fn a_missing_config_file_is_not_an_error() {
    let nowhere = std::env::temp_dir().join("sailpoint-runtime-does-not-exist.json");
    let client = discovering(
        &[
            ("SAIL_BASE_URL", "acme"),
            ("SAIL_CLIENT_ID", "env-client-id"),
            ("SAIL_CLIENT_SECRET", "secret"),
        ],
        Some(nowhere),
    )
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://acme.api.identitynow.com");
    let debug = format!("{client:?}");
    assert!(debug.contains(r#"client_id: "env-client-id""#), "{debug}");
    assert!(
        debug.contains("https://acme.api.identitynow.com/oauth/token"),
        "{debug}"
    );
}

#[test]
fn a_secret_from_the_environment_is_never_sent_to_a_base_url_from_the_config_file() {
    // A config.json in an untrusted working directory must not decide where the secret goes.
    let file = ConfigFile::new(
        "mixed-secret",
        r#"{"BaseURL": "https://attacker.example", "ClientId": "file-id"}"#,
    );
    for vars in [
        &[("SAIL_CLIENT_SECRET", "env-SECRET")][..],
        &[
            ("SAIL_CLIENT_ID", "env-id"),
            ("SAIL_CLIENT_SECRET", "env-SECRET"),
        ][..],
    ] {
        let error = discovering(vars, file.path()).build().unwrap_err();
        let ConfigError::MixedSources {
            from_env,
            from_file,
            config_file,
        } = &error
        else {
            panic!("expected MixedSources, got {error:?}");
        };
        assert!(from_env.contains(&Setting::ClientSecret), "{error:?}");
        assert!(from_file.contains(&Setting::BaseUrl), "{error:?}");
        assert_eq!(Some(config_file.clone()), file.path());
        let message = error.to_string();
        for expected in [
            "SAIL_CLIENT_SECRET",
            "BaseURL",
            "one place",
            "ClientBuilder",
        ] {
            assert!(message.contains(expected), "{expected}: {message}");
        }
        assert!(!message.contains("env-SECRET"), "{message}");
    }
}

#[test]
fn credentials_from_the_config_file_are_not_sent_to_a_base_url_from_the_environment() {
    let file = ConfigFile::new(
        "mixed-credentials",
        r#"{"ClientId": "file-id", "ClientSecret": "file-secret"}"#,
    );
    let error = discovering(&[("SAIL_BASE_URL", "acme")], file.path())
        .build()
        .unwrap_err();
    assert!(
        matches!(
            &error,
            ConfigError::MixedSources { from_env, from_file, .. }
                if from_env == &[Setting::BaseUrl]
                    && from_file == &[Setting::ClientId, Setting::ClientSecret]
        ),
        "{error:?}"
    );
}

#[test]
fn builder_values_combine_with_either_source() {
    let file = ConfigFile::new(
        "builder-mix",
        r#"{"BaseURL": "from-file", "ClientId": "file-id", "ClientSecret": "file-secret"}"#,
    );
    // The caller chose the base URL; the credentials come from the file alone.
    let with_file = discovering(&[], file.path())
        .base_url("chosen")
        .build()
        .unwrap();
    assert_eq!(with_file.base_url(), "https://chosen.api.identitynow.com");
    assert!(format!("{with_file:?}").contains(r#"client_id: "file-id""#));

    // The caller chose the base URL; the credentials come from the environment alone, and
    // the file is not consulted at all.
    let vars = [
        ("SAIL_CLIENT_ID", "env-id"),
        ("SAIL_CLIENT_SECRET", "env-secret"),
    ];
    let with_env = discovering(&vars, file.path())
        .base_url("chosen")
        .build()
        .unwrap();
    assert_eq!(with_env.base_url(), "https://chosen.api.identitynow.com");
    assert!(format!("{with_env:?}").contains(r#"client_id: "env-id""#));

    // The caller chose the secret; discovery still may not mix the rest.
    let error = discovering(&[("SAIL_BASE_URL", "acme")], file.path())
        .client_secret(SecretString::from("chosen-secret"))
        .build()
        .unwrap_err();
    assert!(
        matches!(
            &error,
            ConfigError::MixedSources { from_env, from_file, .. }
                if from_env == &[Setting::BaseUrl] && from_file == &[Setting::ClientId]
        ),
        "{error:?}"
    );
}

#[test]
fn plain_http_to_a_remote_host_is_refused_with_the_reason() {
    let error = Client::builder()
        .base_url("http://acme.api.identitynow.com")
        .bearer_token(SecretString::from("t"))
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        ConfigError::InsecureUrl {
            role: "base URL",
            ..
        }
    ));
    let message = error.to_string();
    assert!(message.contains("plain-HTTP base URL"), "{message}");
    assert!(message.contains("unencrypted"), "{message}");
    assert!(message.contains("https://"), "{message}");

    let token_error = Client::builder()
        .base_url("acme")
        .client_id("id")
        .client_secret(SecretString::from("secret"))
        .token_url("http://auth.example.com/oauth/token")
        .build()
        .unwrap_err();
    assert!(matches!(
        token_error,
        ConfigError::InsecureUrl {
            role: "token URL",
            ..
        }
    ));
}

#[test]
fn loopback_http_and_remote_https_are_accepted() {
    for base in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:2",
        "https://acme.api.identitynow.com",
    ] {
        let built = Client::builder()
            .base_url(base)
            .bearer_token(SecretString::from("t"))
            .build();
        assert_eq!(
            built
                .map(|client| client.base_url().to_owned())
                .ok()
                .as_deref(),
            Some(base)
        );
    }
}

#[test]
fn debug_output_never_contains_secrets_or_tokens() {
    let with_credentials = Client::builder()
        .base_url("acme")
        .client_id("visible-client-id")
        .client_secret(SecretString::from("hidden-client-SECRET"));
    let builder_debug = format!("{with_credentials:?}");
    let client_debug = format!("{:?}", with_credentials.build().unwrap());
    let bearer = Client::builder()
        .base_url("acme")
        .bearer_token(SecretString::from("hidden-bearer-TOKEN"));
    let bearer_debug = format!("{bearer:?} {:?}", bearer.clone().build().unwrap());

    for debug in [&builder_debug, &client_debug, &bearer_debug] {
        assert!(!debug.contains("hidden-client-SECRET"), "{debug}");
        assert!(!debug.contains("hidden-bearer-TOKEN"), "{debug}");
    }
    assert!(client_debug.contains("visible-client-id"), "{client_debug}");
    assert!(client_debug.contains("https://acme.api.identitynow.com"));
}

#[tokio::test]
async fn debug_after_a_token_was_fetched_has_no_token() {
    let tokens = TokenEndpoint::new(600);
    let base = serve(tokens.router().route("/beta/ping", get(|| async {}))).await;
    let client = Client::builder()
        .base_url(&base)
        .client_id(CLIENT_ID)
        .client_secret(SecretString::from(CLIENT_SECRET))
        .build()
        .unwrap();
    client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();

    let debug = format!("{client:?}");
    assert_eq!(tokens.count(), 1);
    assert!(!debug.contains("token-1"), "{debug}");
    assert!(!debug.contains(CLIENT_SECRET), "{debug}");
}

#[tokio::test]
async fn the_user_agent_names_the_crate_version_and_the_suffix() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = seen.clone();
    let api = Router::new().route(
        "/beta/ping",
        get(move |headers: HeaderMap| async move {
            let agent = headers
                .get("user-agent")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            recorder.lock().unwrap().push(agent);
        }),
    );
    let base = serve(api).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token(SecretString::from("t"))
        .user_agent_suffix("password-sync/2.0")
        .build()
        .unwrap();

    client
        .execute(request(Method::GET, "/beta/ping"), &CallOptions::new())
        .await
        .unwrap();

    let expected = format!(
        "isc-runtime/{} password-sync/2.0",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        std::slice::from_ref(&expected)
    );
    assert_eq!(client.user_agent(), expected);
}

#[test]
fn an_invalid_user_agent_suffix_is_a_config_error() {
    let error = Client::builder()
        .base_url("acme")
        .bearer_token(SecretString::from("t"))
        .user_agent_suffix("bad\nsuffix")
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::InvalidUserAgent));
}

#[test]
fn defaults_are_the_documented_ones() {
    use isc_runtime::{
        RetryConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_TOKEN_REFRESH_MARGIN,
    };
    use std::time::Duration;
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(DEFAULT_REQUEST_TIMEOUT, Duration::from_secs(60));
    assert_eq!(DEFAULT_TOKEN_REFRESH_MARGIN, Duration::from_secs(60));
    assert_eq!(DEFAULT_MAX_RESPONSE_BODY, 16 * 1024 * 1024);
    let retry = RetryConfig::default();
    assert_eq!(retry.max_attempts(), 3);
    assert_eq!(retry.initial_backoff(), Duration::from_millis(500));
    assert_eq!(retry.max_backoff(), Duration::from_secs(10));
    assert!(retry.jitter());
    let debug = format!(
        "{:?}",
        Client::builder()
            .base_url("acme")
            .bearer_token(SecretString::from("t"))
            .build()
            .unwrap()
    );
    assert!(debug.contains("connect_timeout: 10s"), "{debug}");
    assert!(debug.contains("request_timeout: 60s"), "{debug}");
    assert!(debug.contains("max_response_body: 16777216"), "{debug}");
    assert!(debug.contains("rate_limit: None"), "{debug}");
}
