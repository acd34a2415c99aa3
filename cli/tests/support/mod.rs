//! Running `isc-password` as a user would, against the ISC emulator: settings in the
//! environment, the password on standard input, nothing else inherited.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use isc_emulator::{Emulator, EmulatorConfig};
use secrecy::ExposeSecret;
use serde_json::Value;

/// Changes complete after 50 ms.
pub fn config() -> EmulatorConfig {
    EmulatorConfig::default().with_completion_delay(Duration::from_millis(50))
}

pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config).await.expect("emulator starts")
}

/// The binary with only `env` (plus PATH) in an empty working directory, so neither the
/// developer's `SAIL_*` variables nor a stray `./config.json` are picked up.
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let work_dir = tempfile::tempdir().expect("temp dir").keep();
    let mut command = Command::new(env!("CARGO_BIN_EXE_isc-password"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .current_dir(work_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs the binary to the end with `stdin` piped in.
pub fn run_with_env(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = command(args, env).spawn().expect("isc-password starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child.wait_with_output().expect("isc-password finishes")
}

/// The environment that points the binary at `emulator` with its first API client.
pub fn emulator_env(emulator: &Emulator) -> Vec<(String, String)> {
    let credentials = &emulator.clients()[0];
    vec![
        ("SAIL_BASE_URL".to_owned(), emulator.base_url().to_owned()),
        (
            "SAIL_CLIENT_ID".to_owned(),
            credentials.client_id().to_owned(),
        ),
        (
            "SAIL_CLIENT_SECRET".to_owned(),
            credentials.client_secret().expose_secret().to_owned(),
        ),
    ]
}

/// Runs `isc-password args...` against `emulator`, off the async runtime (the emulator answers
/// on it meanwhile).
pub async fn run(emulator: &Emulator, args: &[&str], stdin: &str) -> Output {
    run_with(emulator_env(emulator), args, stdin).await
}

/// Runs `isc-password args...` with `env`, off the async runtime.
pub async fn run_with(env: Vec<(String, String)>, args: &[&str], stdin: &str) -> Output {
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        run_with_env(&args, &env, &stdin)
    })
    .await
    .expect("the blocking task finishes")
}

pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not one JSON object ({error}); stdout: {} stderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}
