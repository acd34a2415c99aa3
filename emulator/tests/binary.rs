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
