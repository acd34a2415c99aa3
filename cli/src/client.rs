//! Building the API client from flags, `SAIL_*` variables and `./config.json`.

use sailpoint_beta::{Client, ClientBuilder};

use crate::cli::GlobalArgs;
use crate::exit::Failure;

/// Flags (with clap's `SAIL_*` fallbacks) win; `ClientBuilder::from_env` then fills gaps from
/// `./config.json`. An access token replaces client credentials.
pub fn build_client(global: &GlobalArgs) -> Result<Client, Failure> {
    let mut builder = ClientBuilder::from_env()
        .user_agent_suffix(concat!("isc-password/", env!("CARGO_PKG_VERSION")))
        .experimental(global.experimental);
    if let Some(base_url) = &global.base_url {
        builder = builder.base_url(base_url);
    }
    match &global.access_token {
        Some(token) => builder = builder.bearer_token(token.clone()),
        None => {
            if let Some(client_id) = &global.client_id {
                builder = builder.client_id(client_id);
            }
            if let Some(secret) = &global.client_secret {
                builder = builder.client_secret(secret.clone());
            }
        }
    }
    Ok(builder.build()?.into())
}
