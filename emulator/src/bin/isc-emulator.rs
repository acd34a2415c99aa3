//! `isc-emulator`: runs the ISC password-endpoint emulator on loopback until Ctrl-C.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use isc_emulator::{
    ClientCredentials, Emulator, EmulatorConfig, RateLimit, Seed, UserToken, DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
};
use secrecy::ExposeSecret;

/// A local emulator of SailPoint ISC's password endpoints (beta and v1), for testing offline.
///
/// It listens on 127.0.0.1 only, serves POST /oauth/token (client credentials) and the beta
/// Password Management API under /beta and as v1 (/set-password/v1, ...), and prints the base
/// URL and the credentials it accepts. With --tls it serves HTTPS (HTTP/2 and HTTP/1.1) with a
/// self-signed certificate made at start, and prints that certificate for clients to trust.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seed file (JSON: policies, sources, identities, accounts); the built-in seed otherwise.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Client ID accepted by the client-credentials grant.
    #[arg(long, env = "ISC_EMULATOR_CLIENT_ID", default_value = DEFAULT_CLIENT_ID)]
    client_id: String,
    /// Client secret accepted by the client-credentials grant.
    #[arg(long, env = "ISC_EMULATOR_CLIENT_SECRET", default_value = DEFAULT_CLIENT_SECRET, hide_default_value = false)]
    client_secret: String,
    /// Static user-context token, as TOKEN=USER_NAME (repeatable). Without any, the token
    /// `emulator-user-token` acts for the seed's first identity.
    #[arg(long = "user-token", value_name = "TOKEN=USER_NAME")]
    user_tokens: Vec<String>,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 720)]
    token_lifetime_secs: u64,
    /// How long a password change stays IN_PROGRESS, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    completion_delay_ms: u64,
    /// Requests allowed per client per rate-limit window.
    #[arg(long, default_value_t = RateLimit::ISC.requests)]
    rate_limit: u32,
    /// Length of the rate-limit window, in seconds.
    #[arg(long, default_value_t = RateLimit::ISC.window.as_secs())]
    rate_window_secs: u64,
    /// Turn rate limiting off.
    #[arg(long)]
    no_rate_limit: bool,
    /// Serve HTTPS with a new self-signed certificate (for localhost and 127.0.0.1), printed
    /// as PEM for clients to trust.
    #[arg(long)]
    tls: bool,
    /// With --tls, write the certificate's PEM to FILE instead of printing it.
    #[arg(long, value_name = "FILE", requires = "tls")]
    cert_out: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("isc-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let seed = match &args.seed {
        Some(path) => Seed::from_file(path),
        None => Seed::embedded(),
    }
    .map_err(|error| error.to_string())?;
    let user_tokens = user_tokens(&args.user_tokens, &seed)?;
    let mut config = EmulatorConfig::default()
        .with_port(args.port)
        .with_seed(seed)
        .with_client(ClientCredentials::new(&args.client_id, &args.client_secret))
        .with_token_lifetime(Duration::from_secs(args.token_lifetime_secs))
        .with_completion_delay(Duration::from_millis(args.completion_delay_ms))
        .with_rate_limit((!args.no_rate_limit).then_some(RateLimit {
            requests: args.rate_limit,
            window: Duration::from_secs(args.rate_window_secs),
        }));
    for token in user_tokens {
        config = config.with_user_token(token);
    }
    if args.tls {
        config = config.with_tls();
    }

    println!("Starting (generating one RSA key per source)...");
    let emulator = Emulator::start(config)
        .await
        .map_err(|error| error.to_string())?;
    print_banner(&emulator);
    if let Some(pem) = emulator.root_certificate_pem() {
        print_certificate(pem, args.cert_out.as_deref())?;
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c()
        .await
        .map_err(|error| format!("cannot wait for Ctrl-C: {error}"))?;
    println!("Stopping.");
    emulator.shutdown().await;
    Ok(())
}

/// Parses `TOKEN=USER_NAME` pairs, defaulting to one token for the seed's first identity.
fn user_tokens(specs: &[String], seed: &Seed) -> Result<Vec<UserToken>, String> {
    if specs.is_empty() {
        return Ok(seed
            .identities
            .first()
            .map(|identity| UserToken::new("emulator-user-token", identity.user_name.clone()))
            .into_iter()
            .collect());
    }
    specs
        .iter()
        .map(|spec| {
            spec.split_once('=')
                .filter(|(token, user)| !token.is_empty() && !user.is_empty())
                .map(|(token, user)| UserToken::new(token, user))
                .ok_or_else(|| {
                    "--user-token takes TOKEN=USER_NAME, e.g. --user-token my-pat=Jordan.Lee"
                        .to_string()
                })
        })
        .collect()
}

/// What a user needs to point a client at the emulator. The credentials are printed on
/// purpose: they are the emulator's own, guard only fake data, and are useless elsewhere.
fn print_banner(emulator: &Emulator) {
    let base = emulator.base_url();
    println!("ISC emulator listening on {base}");
    println!("  token URL:      {}", emulator.token_url());
    println!("  beta API:       {base}/beta (e.g. {base}/beta/set-password)");
    println!("  v1 API:         {base} (e.g. {base}/set-password/v1)");
    for client in emulator.clients() {
        println!("  client ID:      {}", client.client_id());
        println!(
            "  client secret:  {}",
            client.client_secret().expose_secret()
        );
    }
    for token in emulator.user_tokens() {
        println!(
            "  user token:     {} (acts for {})",
            token.token().expose_secret(),
            token.user_name()
        );
    }
    let seed = emulator.seed();
    println!("Users and their accounts:");
    const SHOWN: usize = 20;
    for identity in seed.identities.iter().take(SHOWN) {
        let sources: Vec<&str> = seed
            .accounts
            .iter()
            .filter(|account| account.identity_id == identity.id)
            .filter_map(|account| {
                seed.sources
                    .iter()
                    .find(|source| source.id == account.source_id)
                    .map(|source| source.name.as_str())
            })
            .collect();
        println!("  {:<14} on {}", identity.user_name, sources.join(", "));
    }
    if seed.identities.len() > SHOWN {
        println!("  ... and {} more", seed.identities.len() - SHOWN);
    }
}

/// Hands out the certificate clients must trust: to `file`, or on stdout. It is public (only
/// its private key, which never leaves the process, matters).
fn print_certificate(pem: &str, file: Option<&Path>) -> Result<(), String> {
    match file {
        Some(file) => {
            std::fs::write(file, pem)
                .map_err(|error| format!("cannot write {}: {error}", file.display()))?;
            println!("TLS root certificate (PEM) written to {}", file.display());
        }
        None => {
            println!("TLS root certificate (trust it to connect):");
            print!("{pem}");
        }
    }
    Ok(())
}
