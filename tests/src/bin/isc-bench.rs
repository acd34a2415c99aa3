//! `isc-bench`: benchmarks the SDK against the in-process ISC emulator.
//!
//! ```text
//! cargo run --release -p isc-tests --bin isc-bench
//! ```
//!
//! 1. Overhead: the same password-change-status GETs through the SDK and through bare
//!    `reqwest` (token fetched once, body decoded with serde), interleaved in rounds so that
//!    drift affects both alike; reports the SDK/bare time ratio of each of several runs and
//!    their median (target <= 1.10). Both clients run on one current-thread runtime of their
//!    own, apart from the emulator's workers, so that neither is favoured by where the
//!    scheduler happens to put its tasks.
//! 2. Bulk: full password changes for many identities at a fixed concurrency with the rate
//!    limit on in the emulator and the SDK's client-side limiter set to the same limit;
//!    reports throughput as a fraction of the limit, p50/p99 latency per change, errors and
//!    duplicate set-password requests (targets: 0 and 0).
//!
//! This binary uses the SDK; the emulator library it drives does not.

use sailpoint_password::PasswordsExt as _;
use std::error::Error;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use isc_emulator::{Emulator, EmulatorConfig, RateLimit, Route, Seed};
use sailpoint_beta::{runtime, Client};
use sailpoint_password::{AccountChoice, PasswordTarget, PollConfig};
use secrecy::{ExposeSecret, SecretString};

type BoxError = Box<dyn Error + Send + Sync>;

/// Benchmarks the SDK against the in-process ISC emulator.
#[derive(Debug, Parser)]
struct Args {
    /// Status requests per side in the overhead run.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Rounds the overhead requests are split into, alternating which side goes first.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// How many times the whole overhead comparison runs; the median ratio is reported, since
    /// one run on a loaded 2-core machine can be off by several percent either way.
    #[arg(long, default_value_t = 5)]
    repeats: usize,
    /// Identities whose password the bulk run changes.
    #[arg(long, default_value_t = 200)]
    identities: usize,
    /// Concurrent password changes in the bulk run.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Requests per client per window in the bulk run (ISC: 100).
    #[arg(long, default_value_t = 100)]
    rate_limit: u32,
    /// Rate-limit window in milliseconds (ISC's: 10,000). A shorter window makes the run
    /// quicker but measures against a faster limit than ISC's.
    #[arg(long, default_value_t = 10_000)]
    rate_window_ms: u64,
    /// How long the emulator keeps each change IN_PROGRESS, in milliseconds.
    #[arg(long, default_value_t = 200)]
    completion_delay_ms: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("isc-bench: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("isc-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), BoxError> {
    if cfg!(debug_assertions) {
        println!("note: this is a debug build; run with --release for meaningful numbers");
    }
    overhead(&args).await?;
    println!();
    bulk(&args).await
}

/// Where the emulator listens and the client credentials it accepts, as owned values, so a
/// client can be built on another runtime than the emulator's.
#[derive(Clone)]
struct Target {
    base_url: String,
    token_url: String,
    client_id: String,
    client_secret: String,
}

impl Target {
    fn of(emulator: &Emulator) -> Target {
        let credentials = &emulator.clients()[0];
        Target {
            base_url: emulator.base_url().to_owned(),
            token_url: emulator.token_url(),
            client_id: credentials.client_id().to_owned(),
            client_secret: credentials.client_secret().expose_secret().to_owned(),
        }
    }

    fn sdk_client(&self) -> runtime::ClientBuilder {
        runtime::Client::builder()
            .base_url(&self.base_url)
            .client_id(&self.client_id)
            .client_secret(SecretString::from(self.client_secret.clone()))
    }
}

/// The fields of a status answer, decoded the way a hand-written client would.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // Decoded for a fair comparison, not read.
#[serde(rename_all = "camelCase")]
struct BareStatus {
    request_id: Option<String>,
    state: Option<String>,
    errors: Option<Vec<String>>,
    source_ids: Option<Vec<String>>,
}

/// A plain reqwest client with a token fetched once.
struct Bare {
    http: reqwest::Client,
    url: String,
    authorization: String,
}

impl Bare {
    async fn connect(target: &Target, request_id: &str) -> Result<Bare, BoxError> {
        let http = reqwest::Client::new();
        let response = http
            .post(&target.token_url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", target.client_id.as_str()),
                ("client_secret", target.client_secret.as_str()),
            ])
            .send()
            .await?
            .error_for_status()?;
        let token: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
        let token = token["access_token"]
            .as_str()
            .ok_or("the token response has no access_token")?;
        Ok(Bare {
            http,
            url: format!(
                "{}/beta/password-change-status/{request_id}",
                target.base_url
            ),
            authorization: format!("Bearer {token}"),
        })
    }

    async fn status(&self) -> Result<BareStatus, BoxError> {
        let response = self
            .http
            .get(&self.url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .send()
            .await?
            .error_for_status()?;
        Ok(serde_json::from_slice(&response.bytes().await?)?)
    }
}

async fn overhead(args: &Args) -> Result<(), BoxError> {
    println!(
        "== Overhead: {} status requests through the SDK vs bare reqwest ==",
        args.requests
    );
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .with_rate_limit(None)
            .with_completion_delay(Duration::ZERO),
    )
    .await?;
    let target = Target::of(&emulator);
    let client = Client::from(target.sdk_client().build()?);
    let outcome = client
        .passwords()
        .with_poll_config(PollConfig::default().with_first_delay(Duration::ZERO))
        .change(
            &PasswordTarget::user("Jordan.Lee", "Corp-AD"),
            &AccountChoice::Only,
            SecretString::from("Bench-passw0rd"),
        )
        .await?;
    let request_id = outcome.request_id;
    let (requests, rounds, repeats) = (args.requests, args.rounds, args.repeats);
    // The measuring side runs alone on a thread of its own, so the SDK and bare reqwest meet
    // the same scheduling; the emulator keeps this runtime's workers.
    tokio::task::spawn_blocking(move || -> Result<(), BoxError> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(compare(&target, &request_id, requests, rounds, repeats))
    })
    .await?
}

/// Status requests through the SDK and bare reqwest, interleaved, `repeats` times.
async fn compare(
    target: &Target,
    request_id: &str,
    requests: usize,
    rounds: usize,
    repeats: usize,
) -> Result<(), BoxError> {
    let client = Client::from(target.sdk_client().build()?);
    let api = client.password_management();
    let bare = Bare::connect(target, request_id).await?;

    // Warm both sides up: connections, token, allocator.
    for _ in 0..100 {
        api.get_identity_password_change_status(request_id)
            .send()
            .await?;
        bare.status().await?;
    }

    let mut ratios = Vec::new();
    for repeat in 1..=repeats.max(1) {
        let (mut sdk_times, mut bare_times) = (Vec::new(), Vec::new());
        let rounds = rounds.max(1);
        let per_round = requests.div_ceil(rounds);
        for round in 0..rounds {
            for side in [round % 2, 1 - round % 2] {
                for _ in 0..per_round {
                    let started = Instant::now();
                    if side == 0 {
                        api.get_identity_password_change_status(request_id)
                            .send()
                            .await?;
                        sdk_times.push(started.elapsed());
                    } else {
                        bare.status().await?;
                        bare_times.push(started.elapsed());
                    }
                }
            }
        }
        let sdk_total: Duration = sdk_times.iter().sum();
        let bare_total: Duration = bare_times.iter().sum();
        let ratio = sdk_total.as_secs_f64() / bare_total.as_secs_f64();
        println!("run {repeat}: SDK/bare time ratio {ratio:.3}");
        print_latencies("SDK: ", &mut sdk_times);
        print_latencies("bare:", &mut bare_times);
        ratios.push(ratio);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "SDK overhead ratio: median {:.3} of {} runs (min {:.3}, max {:.3}; target <= 1.10)",
        ratios[ratios.len() / 2],
        ratios.len(),
        ratios[0],
        ratios[ratios.len() - 1]
    );
    Ok(())
}

async fn bulk(args: &Args) -> Result<(), BoxError> {
    let window = Duration::from_millis(args.rate_window_ms);
    let limit_per_second = f64::from(args.rate_limit) / window.as_secs_f64();
    println!(
        "== Bulk: {} password changes at concurrency {}, rate limit {} per {:?} ({limit_per_second:.0}/s) ==",
        args.identities, args.concurrency, args.rate_limit, window
    );
    let completion_delay = Duration::from_millis(args.completion_delay_ms);
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .with_seed(Seed::synthetic(args.identities))
            .with_rate_limit(Some(RateLimit {
                requests: args.rate_limit,
                window,
            }))
            .with_completion_delay(completion_delay),
    )
    .await?;
    let client = Client::from(
        Target::of(&emulator)
            .sdk_client()
            .rate_limit(runtime::RateLimit::new(args.rate_limit, window))
            .build()?,
    );
    // First poll just after the change completes, so most changes need one status request.
    let poll = PollConfig::default()
        .with_first_delay(completion_delay + Duration::from_millis(20))
        .with_max_delay(Duration::from_secs(1))
        .with_deadline(Duration::from_secs(120));

    let next = Arc::new(AtomicUsize::new(1));
    let started = Instant::now();
    let workers: Vec<_> = (0..args.concurrency.max(1))
        .map(|_| {
            let client = client.clone();
            let next = Arc::clone(&next);
            let identities = args.identities;
            tokio::spawn(async move {
                let mut results = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n > identities {
                        return results;
                    }
                    let change_started = Instant::now();
                    let outcome = client
                        .passwords()
                        .with_poll_config(poll)
                        .change(
                            &PasswordTarget::user(format!("user{n:04}"), "Load-AD"),
                            &AccountChoice::Only,
                            SecretString::from(password_for(n)),
                        )
                        .await
                        .map_err(|error| error.to_string())
                        .and_then(|outcome| {
                            outcome.into_result().map_err(|error| error.to_string())
                        });
                    results.push((n, change_started.elapsed(), outcome.map(drop)));
                }
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    let mut finished = Vec::new();
    for worker in workers {
        for (n, latency, result) in worker.await? {
            latencies.push(latency);
            match result {
                Ok(()) => finished.push(n),
                Err(error) => errors.push(format!("user{n:04}: {error}")),
            }
        }
    }
    let elapsed = started.elapsed();

    let log = emulator.requests();
    let api_log: Vec<_> = log
        .iter()
        .filter(|request| {
            request
                .route
                .is_some_and(|route| route != Route::OAuthToken)
        })
        .collect();
    let throttled = api_log
        .iter()
        .filter(|request| request.status == Some(429))
        .count();
    // Admitted requests count against the limit; refused ones (429) do not.
    let admitted = api_log.len() - throttled;
    // Every identity's change is one call, so an account with more than one accepted change
    // request got a duplicate set-password.
    let set_requests = emulator.count(Route::SetPassword);
    let source_id = &emulator.seed().sources[0].id;
    let accepted: Vec<usize> = emulator
        .seed()
        .accounts
        .iter()
        .map(|account| emulator.changes_for(source_id, &account.id))
        .collect();
    let set_processed: usize = accepted.iter().sum();
    let duplicates: usize = accepted.iter().map(|count| count.saturating_sub(1)).sum();
    let stored = emulator
        .seed()
        .accounts
        .iter()
        .enumerate()
        .filter(|(index, account)| {
            emulator.password_matches(source_id, &account.id, &password_for(index + 1))
        })
        .count();
    let achieved = admitted as f64 / elapsed.as_secs_f64();
    // A sliding window admits at most `rate_limit` requests in each started window of the run
    // (a full burst at the start, then one per freed slot).
    let windows = (elapsed.as_secs_f64() / window.as_secs_f64())
        .ceil()
        .max(1.0);
    let most_allowed = f64::from(args.rate_limit) * windows;

    println!(
        "{} changes in {:.2} s: {} FINISHED, {} errors (target 0)",
        args.identities,
        elapsed.as_secs_f64(),
        finished.len(),
        errors.len()
    );
    println!(
        "latency per change: p50 {:.0} ms, p99 {:.0} ms",
        millis(percentile(&mut latencies, 0.50)),
        millis(percentile(&mut latencies, 0.99))
    );
    println!(
        "API requests admitted: {admitted} ({achieved:.1}/s) of at most {most_allowed:.0} the limit allows in {windows:.0} windows = {:.1}% of the limit; {throttled} more answered 429",
        100.0 * admitted as f64 / most_allowed
    );
    println!(
        "set-password requests: {set_requests} sent, {set_processed} accepted for {} identities, {duplicates} duplicates (target 0)",
        args.identities
    );
    println!(
        "passwords confirmed in the emulator: {stored} of {}",
        args.identities
    );
    for error in errors.iter().take(5) {
        println!("  error: {error}");
    }
    Ok(())
}

/// One side of an overhead run: count, total, mean and percentiles.
fn print_latencies(label: &str, times: &mut [Duration]) {
    let total: Duration = times.iter().sum();
    println!(
        "  {label} {} requests in {:>8.1} ms, mean {:>6.1} µs, p50 {:>6.1} µs, p99 {:>6.1} µs",
        times.len(),
        millis(total),
        micros(total / count(times)),
        micros(percentile(times, 0.50)),
        micros(percentile(times, 0.99)),
    );
}

/// A password that satisfies the synthetic seed's policy, different for every identity.
fn password_for(n: usize) -> String {
    format!("Bench-{n:04}-pw")
}

fn count(times: &[Duration]) -> u32 {
    u32::try_from(times.len().max(1)).unwrap_or(u32::MAX)
}

fn percentile(times: &mut [Duration], quantile: f64) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    times.sort_unstable();
    // Nearest-rank percentile.
    let rank = (quantile * times.len() as f64).ceil() as usize;
    times[rank.clamp(1, times.len()) - 1]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
