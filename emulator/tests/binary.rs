//! The `isc-emulator` binary: it starts, prints where it listens and what it accepts, and serves.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use support::reply;

/// Kills the child when the test ends, passing or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_url_and_credentials_and_serves_them() {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_isc-emulator"))
            .args(["--client-id", "cli-client", "--client-secret", "cli-secret"])
            .args(["--user-token", "pat-1=Sam.Rivera"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator binary runs"),
    );
    let stdout = child.0.stdout.take().expect("stdout is piped");
    let banner = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("stdout is UTF-8");
            let done = line.starts_with("Press Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    })
    .await
    .expect("banner is read");
    let text = banner.join("\n");
    assert!(text.contains("client ID:      cli-client"), "{text}");
    assert!(text.contains("client secret:  cli-secret"), "{text}");
    assert!(text.contains("pat-1 (acts for Sam.Rivera)"), "{text}");
    let base_url = banner
        .iter()
        .find_map(|line| line.strip_prefix("ISC emulator listening on "))
        .expect("base URL line")
        .to_string();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");

    let http = reqwest::Client::new();
    let token = reply(
        http.post(format!("{base_url}/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "cli-client"),
                ("client_secret", "cli-secret"),
            ])
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    let digit = reply(
        http.post(format!(
            "{base_url}/beta/generate-password-reset-token/digit"
        ))
        .bearer_auth("pat-1")
        .header("content-type", "application/json")
        .body(r#"{"userId":"Sam.Rivera","length":8}"#)
        .send()
        .await
        .expect("answered"),
    )
    .await;
    assert_eq!(digit.status, 200);
    assert_eq!(digit.json()["digitToken"].as_str().map(str::len), Some(8));
}

/// Starts the binary with `args` and reads its banner, up to "Press Ctrl-C".
async fn start_binary(args: &[&str]) -> (Running, Vec<String>) {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_isc-emulator"))
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator binary runs"),
    );
    let stdout = child.0.stdout.take().expect("stdout is piped");
    let banner = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("stdout is UTF-8");
            let done = line.starts_with("Press Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    })
    .await
    .expect("banner is read");
    (child, banner)
}

/// Gets a token over HTTPS from `base_url`, trusting only `pem`.
async fn token_over_https(base_url: &str, pem: &str) -> u16 {
    let http = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).expect("PEM"))
        .no_proxy()
        .build()
        .expect("client builds");
    let answer = http
        .post(format!("{base_url}/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", isc_emulator::DEFAULT_CLIENT_ID),
            ("client_secret", isc_emulator::DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("answered over HTTPS");
    reply(answer).await.status
}

fn base_url_of(banner: &[String]) -> String {
    banner
        .iter()
        .find_map(|line| line.strip_prefix("ISC emulator listening on "))
        .expect("base URL line")
        .to_string()
}

#[tokio::test]
async fn with_tls_the_binary_serves_https_and_prints_the_certificate_to_trust() {
    let (_child, banner) = start_binary(&["--tls"]).await;
    let text = banner.join("\n");
    let base_url = base_url_of(&banner);
    assert!(base_url.starts_with("https://127.0.0.1:"), "{text}");
    let begin = banner
        .iter()
        .position(|line| line == "-----BEGIN CERTIFICATE-----")
        .expect("the PEM is printed");
    let end = banner
        .iter()
        .position(|line| line == "-----END CERTIFICATE-----")
        .expect("the PEM is printed whole");
    let pem = banner[begin..=end].join("\n");
    assert_eq!(token_over_https(&base_url, &pem).await, 200);
}

#[tokio::test]
async fn cert_out_writes_the_certificate_to_a_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("emulator.pem");
    let file_arg = file.to_str().expect("UTF-8 path");
    let (_child, banner) = start_binary(&["--tls", "--cert-out", file_arg]).await;
    let text = banner.join("\n");
    assert!(!text.contains("BEGIN CERTIFICATE"), "not printed: {text}");
    assert!(text.contains(&format!("written to {file_arg}")), "{text}");
    let pem = std::fs::read_to_string(&file).expect("the certificate file exists");
    assert_eq!(token_over_https(&base_url_of(&banner), &pem).await, 200);
}

#[test]
fn cert_out_needs_tls() {
    let output = Command::new(env!("CARGO_BIN_EXE_isc-emulator"))
        .args(["--cert-out", "unused.pem"])
        .output()
        .expect("the emulator binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--tls"), "{stderr}");
}
