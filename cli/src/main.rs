//! `isc-password`: change ISC passwords, encrypt them, follow changes and create digit tokens
//! from the command line, and inspect the rest of the password domain.
//!
//! # Commands
//!
//! | command | what it does |
//! |---------|--------------|
//! | `info --user U --source NAME` | what query-password-info knows: ids, accounts, policy lines, key |
//! | `set --user U --source NAME` | change a password and wait until ISC reports FINISHED or FAILED |
//! | `status REQUEST_ID [--wait]` | the state of a password change |
//! | `encrypt --public-key KEY` | encrypt a password for set-password, locally |
//! | `digit-token --user U` | a numeric one-time token for a help-desk reset |
//! | `policy show --source SOURCE_ID` | the structured policy that governs a source (through its sync group, or listing it), the rules checked locally and the dictionary (`idn:password-policy:read`) |
//! | `sync-groups list` | every password sync group: ID, name, policy, member sources (`idn:password-sync-group:read`) |
//! | `dictionary check` | whether a password contains words of the tenant's password dictionary: exit 0 if none, 4 if some; prints the count only, never the words (`idn:password-dictionary:read`) |
//!
//! Passwords are never taken from the command line (other users can read it in the process
//! list): they come from standard input when it is not a terminal, else from a no-echo prompt.
//!
//! Configuration: `--base-url` / `SAIL_BASE_URL`, and either `--client-id` +
//! `--client-secret-file` (`SAIL_CLIENT_ID` / `SAIL_CLIENT_SECRET`, a client-credentials API
//! client) or `--access-token-file` / `SAIL_ACCESS_TOKEN`. Secrets are never arguments:
//! `--client-secret VALUE` and `--access-token VALUE` are refused. Values missing there are read from `./config.json`
//! (`BaseURL`, `ClientId`, `ClientSecret`) like SailPoint's own SDKs.
//!
//! Output is human-readable by default; `--json` prints one JSON object on standard output
//! (also for errors, as `{"error": {...}}`; when the result itself is the failure, as for a
//! `status` that is not final or a `dictionary check` that finds words, only the result
//! object). Progress and error messages go to standard error.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success (for `set` and `status`: the change is FINISHED; for `dictionary check`: no dictionary word) |
//! | 1 | an API, network or unexpected error; nothing is known to have changed (also: no policy governs the source, for `policy show`) |
//! | 2 | invalid command line or input (unusable key, empty password, bad length...) |
//! | 3 | configuration or authorization problem (missing settings, 401, 403; the hint names the scope a read needs) |
//! | 4 | refused before any change: policy violation, account ambiguous or unknown, set-password rejected; for `dictionary check`: the password contains a dictionary word |
//! | 5 | ISC reports the password change FAILED |
//! | 6 | the password MAY have changed: outcome unknown, or still in progress at the deadline |
//! | 130 | interrupted (Ctrl-C) |

mod cli;
mod client;
mod commands;
mod exit;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let json = cli.global.json;
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            output::print_failure(&failure, json);
            ExitCode::from(failure.code.as_u8())
        }
    }
}

/// Traces go to standard error, and only when `RUST_LOG` asks for them. The runtime never
/// puts secrets in traces.
fn init_tracing() {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
}
