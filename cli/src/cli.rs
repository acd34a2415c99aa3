//! The command line: flags, subcommands and the help text (exit codes included).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use sailpoint_password::PasswordApi;
use secrecy::SecretString;

const EXIT_CODES: &str = "\
Exit codes:
  0    success (set, status: the change is FINISHED)
  1    API, network or unexpected error; nothing is known to have changed
  2    invalid command line or input (unusable key, empty password, bad length...)
  3    configuration or authorization problem (missing settings, HTTP 401 or 403)
  4    refused before any change (policy violation, account ambiguous or unknown,
       set-password rejected); `dictionary check`: the password contains a word
       of the tenant's password dictionary
  5    ISC reports the password change FAILED
  6    the password MAY have changed: outcome unknown, or still in progress at the
       deadline; check with `isc-password status <requestId>`
  130  interrupted (Ctrl-C)

Passwords are never read from the command line: pipe them on standard input
(one line; a trailing newline is removed) or type them at the no-echo prompt.";

/// Change SailPoint Identity Security Cloud passwords safely from the command line.
#[derive(Debug, Parser)]
#[command(name = "isc-password", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Settings shared by every subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Tenant name (`acme`) or API base URL (`https://acme.api.identitynow.com`). Without it,
    /// `SAIL_BASE_URL` or `./config.json` supply it: the URL and the credentials found there
    /// must come from the same one, so that a stray config file cannot redirect a secret.
    #[arg(long, global = true)]
    pub base_url: Option<String>,
    /// Client id of an API client (client-credentials grant); else `SAIL_CLIENT_ID` or
    /// `./config.json`.
    #[arg(long, global = true)]
    pub client_id: Option<String>,
    /// A file holding the client secret (one line). Without it, `SAIL_CLIENT_SECRET` or
    /// `./config.json` supply it. A secret is never taken as an argument: arguments show in
    /// the process list (`/proc/*/cmdline`) and in shell history.
    #[arg(long, value_name = "FILE", global = true)]
    pub client_secret_file: Option<PathBuf>,
    /// A file holding a ready access token (one line), instead of client id and secret; or set
    /// `SAIL_ACCESS_TOKEN`.
    #[arg(long, value_name = "FILE", global = true)]
    pub access_token_file: Option<PathBuf>,
    /// Refused: a secret on the command line is visible to other users. Use
    /// `--client-secret-file` or `SAIL_CLIENT_SECRET`.
    #[arg(long = "client-secret", hide = true, global = true, value_parser = refused_secret)]
    pub client_secret_argument: Option<SecretString>,
    /// Refused: use `--access-token-file` or `SAIL_ACCESS_TOKEN`.
    #[arg(long = "access-token", hide = true, global = true, value_parser = refused_secret)]
    pub access_token_argument: Option<SecretString>,
    /// Which Password Management API to call: `beta` (`/beta/set-password`, ...) or the
    /// versioned `v1` (`/set-password/v1`, ...). Beta is the default so that scripts keep
    /// calling what they called before; SailPoint keeps it until 2028.
    #[arg(long, env = "SAIL_PASSWORD_API", value_enum, default_value_t = Api::Beta, global = true)]
    pub api: Api,
    /// Opt in to SailPoint's experimental operations (sends `X-SailPoint-Experimental: true`
    /// where the API requires it); `digit-token --api v1` needs it.
    #[arg(long, env = "SAIL_EXPERIMENTAL", global = true)]
    pub experimental: bool,
    /// Print one JSON object on standard output instead of human-readable text.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The `--api` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Api {
    /// The beta endpoints.
    Beta,
    /// The versioned v1 endpoints.
    V1,
}

impl From<Api> for PasswordApi {
    fn from(api: Api) -> Self {
        match api {
            Api::Beta => PasswordApi::Beta,
            Api::V1 => PasswordApi::V1,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Encrypt a password (read from stdin or a prompt) for set-password; prints base64.
    Encrypt(EncryptArgs),
    /// Show what query-password-info knows: ids, accounts, policy, key.
    Info(InfoArgs),
    /// Change a password and wait until ISC reports FINISHED or FAILED.
    Set(SetArgs),
    /// Show the status of a password change request.
    Status(StatusArgs),
    /// Generate a numeric one-time token for a help-desk password reset.
    DigitToken(DigitTokenArgs),
    /// Inspect the structured password policies (Password Policies API).
    Policy(PolicyArgs),
    /// Inspect the password sync groups (sources that share one password).
    SyncGroups(SyncGroupsArgs),
    /// Use the tenant's password dictionary (words no password may contain).
    Dictionary(DictionaryArgs),
}

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// The public key: the base64 `publicKey` of query-password-info, a PEM block, or @FILE.
    #[arg(long, value_name = "BASE64|PEM|@FILE")]
    pub public_key: String,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The user's login name (userName).
    #[arg(long)]
    pub user: String,
    /// The source's display name (sourceName).
    #[arg(long)]
    pub source: String,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The user's login name (userName).
    #[arg(long)]
    pub user: String,
    /// The source's display name (sourceName).
    #[arg(long)]
    pub source: String,
    /// The account's accountId or accountName; defaults to the user's only account there.
    #[arg(long)]
    pub account: Option<String>,
    /// Skip the local policy check (ISC still enforces its policy).
    #[arg(long)]
    pub skip_policy_check: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The requestId returned by set-password.
    pub request_id: String,
    /// Poll until the change is FINISHED or FAILED.
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub timing: WaitArgs,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Give up waiting after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 180, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Wait this many milliseconds before the first status request (then doubling, up to 10 s).
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 1000)]
    pub first_poll_ms: u64,
}

impl WaitArgs {
    pub fn deadline(&self) -> Duration {
        Duration::from_secs(self.timeout)
    }

    pub fn first_delay(&self) -> Duration {
        Duration::from_millis(self.first_poll_ms)
    }
}

#[derive(Debug, Args)]
pub struct DigitTokenArgs {
    /// The user's login name (uid).
    #[arg(long)]
    pub user: String,
    /// Number of digits, 6 to 18 (ISC's default: 6).
    #[arg(long)]
    pub length: Option<u32>,
    /// Minutes the token stays valid, at least 1 (ISC's default: 5).
    #[arg(long, value_name = "MINUTES")]
    pub duration: Option<u32>,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub action: PolicyAction,
}

#[derive(Debug, Subcommand)]
pub enum PolicyAction {
    /// Show the policy that governs a source: its rules, and which are checked locally.
    ///
    /// The policy is the one of the source's sync group if it is in one, else the policy that
    /// lists the source. Needs the idn:password-policy:read scope, and
    /// idn:password-sync-group:read and idn:password-dictionary:read to see the group and
    /// the dictionary. Exit 1 when no policy governs the source.
    Show(PolicyShowArgs),
}

#[derive(Debug, Args)]
pub struct PolicyShowArgs {
    /// The source's ID (not its display name; `isc-password info` shows it as "Source id").
    #[arg(long, value_name = "SOURCE_ID")]
    pub source: String,
}

#[derive(Debug, Args)]
pub struct SyncGroupsArgs {
    #[command(subcommand)]
    pub action: SyncGroupsAction,
}

#[derive(Debug, Subcommand)]
pub enum SyncGroupsAction {
    /// List every password sync group: ID, name, policy and member sources.
    ///
    /// One line per group: `ID  NAME  policy POLICY_ID  sources: A, B`. Needs the
    /// idn:password-sync-group:read scope.
    List,
}

#[derive(Debug, Args)]
pub struct DictionaryArgs {
    #[command(subcommand)]
    pub action: DictionaryAction,
}

#[derive(Debug, Subcommand)]
pub enum DictionaryAction {
    /// Check whether a password contains a word of the tenant's password dictionary.
    ///
    /// The password is read from standard input or a no-echo prompt, never from an argument.
    /// Exit 0 when it contains no word (or the tenant has no dictionary), 4 when it contains
    /// some; only how many is printed, never the words nor the password. Needs the
    /// idn:password-dictionary:read scope.
    Check(DictionaryCheckArgs),
}

#[derive(Debug, Args)]
pub struct DictionaryCheckArgs {
    /// Refused: a password given as an argument is visible to other users. Taken (without
    /// echoing it, which clap would do for an unexpected argument) only to refuse it.
    #[arg(hide = true, value_parser = refused_secret)]
    pub password_argument: Vec<SecretString>,
}

/// A secret given as an argument is refused without echoing it (clap would print the value of
/// an argument it rejects, so this parser accepts it into a `SecretString` and the command
/// then fails; see `client::build_client`).
fn refused_secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}
