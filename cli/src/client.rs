//! Building the API client from flags, `SAIL_*` variables and `./config.json`.

use std::path::Path;

use anyhow::anyhow;
use sailpoint_beta::{Client, ClientBuilder, SecretString};

use crate::cli::GlobalArgs;
use crate::exit::Failure;
use crate::input::read_secret_file;

/// The variable that can hold a ready access token.
const ACCESS_TOKEN_VARIABLE: &str = "SAIL_ACCESS_TOKEN";

/// Flags win; `ClientBuilder::from_env` then fills gaps from the `SAIL_*` variables and
/// `./config.json`. An access token (from `--access-token-file` or `SAIL_ACCESS_TOKEN`)
/// replaces client credentials. Secrets are read from files or the environment, never from
/// arguments.
pub fn build_client(global: &GlobalArgs) -> Result<Client, Failure> {
    let mut builder = ClientBuilder::from_env()
        .user_agent_suffix(concat!("isc-password/", env!("CARGO_PKG_VERSION")))
        .experimental(global.experimental);
    if let Some(base_url) = &global.base_url {
        builder = builder.base_url(base_url);
    }
    match access_token(global.access_token_file.as_deref())? {
        Some(token) => builder = builder.bearer_token(token),
        None => {
            if let Some(client_id) = &global.client_id {
                builder = builder.client_id(client_id);
            }
            if let Some(path) = &global.client_secret_file {
                builder = builder.client_secret(read_secret_file(path, "client secret")?);
            }
        }
    }
    Ok(builder.build()?.into())
}

/// `--client-secret VALUE` and `--access-token VALUE` are refused before anything else runs.
pub fn refuse_secret_arguments(global: &GlobalArgs) -> Result<(), Failure> {
    let refused = if global.client_secret_argument.is_some() {
        Some((
            "--client-secret",
            "--client-secret-file FILE or SAIL_CLIENT_SECRET",
        ))
    } else if global.access_token_argument.is_some() {
        Some((
            "--access-token",
            "--access-token-file FILE or SAIL_ACCESS_TOKEN",
        ))
    } else {
        None
    };
    match refused {
        Some((flag, instead)) => Err(Failure::input(anyhow!(
            "{flag} is not accepted: a secret on the command line is visible to other users \
             (/proc/*/cmdline) and stays in shell history; use {instead}"
        ))),
        None => Ok(()),
    }
}

/// The access token from `--access-token-file`, else `SAIL_ACCESS_TOKEN`.
fn access_token(file: Option<&Path>) -> Result<Option<SecretString>, Failure> {
    if let Some(path) = file {
        return read_secret_file(path, "access token").map(Some);
    }
    Ok(std::env::var(ACCESS_TOKEN_VARIABLE)
        .ok()
        .filter(|token| !token.is_empty())
        .map(SecretString::from))
}
