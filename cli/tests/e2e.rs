//! End to end through the `isc-password` command-line tool against the emulator.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use isc_emulator::default_seed::*;
use isc_emulator::{Emulator, Fault, Route};
use secrecy::ExposeSecret;
use support::*;

const SET_JORDAN: [&str; 7] = [
    "set",
    "--user",
    JORDAN,
    "--source",
    CORP_AD,
    "--first-poll-ms",
    "50",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_changes_the_password_and_the_emulator_confirms_it() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &[&SET_JORDAN[..], &["--json"]].concat(),
        "Cli-passw0rd\n",
    )
    .await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    let result = stdout_json(&output);
    assert_eq!(result["state"], "FINISHED");
    assert_eq!(result["accountId"], JORDAN_AD_ACCOUNT);
    assert!(stderr.contains("Querying password info"), "{stderr}");
    assert!(
        !stderr.contains("Cli-passw0rd"),
        "the password is never printed"
    );
    // The trailing newline of standard input is not part of the password.
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Cli-passw0rd"));
    assert_eq!(emulator.count(Route::SetPassword), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_on_set_password_exits_6_and_says_how_to_check() {
    let emulator = start(config()).await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::Status500 { times: 1 });
    let output = run(
        &emulator,
        &[&SET_JORDAN[..], &["--json"]].concat(),
        "Cli-passw0rd\n",
    )
    .await;
    assert_eq!(output.status.code(), Some(6));
    let error = &stdout_json(&output)["error"];
    assert_eq!(error["passwordMayHaveChanged"], true);
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|message| message.contains("Check before retrying")),
        "{error}"
    );
    assert_eq!(emulator.count(Route::SetPassword), 1, "sent exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_violation_exits_4_without_sending() {
    let emulator = start(config()).await;
    let output = run(&emulator, &SET_JORDAN, "short\n").await;
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(emulator.count(Route::SetPassword), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_and_digit_token_commands() {
    let emulator = start(config().with_completion_delay(Duration::from_millis(10))).await;
    let set = run(
        &emulator,
        &[&SET_JORDAN[..], &["--json"]].concat(),
        "Cli-passw0rd\n",
    )
    .await;
    assert_eq!(set.status.code(), Some(0));
    let request_id = stdout_json(&set)["requestId"]
        .as_str()
        .expect("requestId")
        .to_owned();

    let status = run(&emulator, &["status", &request_id, "--json"], "").await;
    assert_eq!(status.status.code(), Some(0));
    assert_eq!(stdout_json(&status)["state"], "FINISHED");

    let unknown = run(&emulator, &["status", "no-such-request"], "").await;
    assert_eq!(
        unknown.status.code(),
        Some(1),
        "an API error, nothing changed"
    );
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        message.contains("ISC knows no password change request no-such-request (HTTP 404)")
            && message.contains("check the requestId"),
        "{message}"
    );

    let token = run(
        &emulator,
        &["digit-token", "--user", JORDAN, "--length", "9"],
        "",
    )
    .await;
    assert_eq!(token.status.code(), Some(0));
    let digits = String::from_utf8(token.stdout).expect("UTF-8");
    let digits = digits.trim();
    assert_eq!(digits.len(), 9);
    assert!(emulator.digit_token_is_valid(JORDAN, digits));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_client_secret_exits_3() {
    let emulator = start(config()).await;
    let env = vec![
        ("SAIL_BASE_URL".to_owned(), emulator.base_url().to_owned()),
        ("SAIL_CLIENT_ID".to_owned(), "emulator-client".to_owned()),
        ("SAIL_CLIENT_SECRET".to_owned(), "wrong".to_owned()),
    ];
    let output = run_with(env, &["info", "--user", JORDAN, "--source", CORP_AD], "").await;
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid_client"), "{stderr}");
    assert!(
        !stderr.contains("wrong"),
        "the secret is never printed: {stderr}"
    );
}

/// The paths the emulator saw for `route`.
fn paths(emulator: &Emulator, route: Route) -> Vec<String> {
    emulator
        .requests()
        .into_iter()
        .filter(|request| request.route == Some(route))
        .map(|request| request.path)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_with_api_v1_changes_the_password_through_the_v1_paths() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &[&SET_JORDAN[..], &["--api", "v1"]].concat(),
        "Versioned-passw0rd\n",
    )
    .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Versioned-passw0rd"));
    assert_eq!(
        paths(&emulator, Route::QueryPasswordInfo),
        ["/query-password-info/v1"]
    );
    assert_eq!(paths(&emulator, Route::SetPassword), ["/set-password/v1"]);
    let polls = paths(&emulator, Route::PasswordChangeStatus);
    assert!(!polls.is_empty());
    assert!(
        polls
            .iter()
            .all(|path| path.starts_with("/password-change-status/v1/")),
        "{polls:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digit_token_with_api_v1_needs_the_experimental_opt_in() {
    let emulator = start(config()).await;
    let refused = run(
        &emulator,
        &["digit-token", "--api", "v1", "--user", JORDAN],
        "",
    )
    .await;
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--experimental") && stderr.contains("SAIL_EXPERIMENTAL"),
        "{stderr}"
    );
    assert_eq!(emulator.count(Route::DigitToken), 0, "nothing was sent");

    let token = run(
        &emulator,
        &[
            "digit-token",
            "--api",
            "v1",
            "--experimental",
            "--user",
            JORDAN,
        ],
        "",
    )
    .await;
    assert_eq!(
        token.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let digits = String::from_utf8(token.stdout).expect("UTF-8");
    assert!(emulator.digit_token_is_valid(JORDAN, digits.trim()));
    assert_eq!(
        paths(&emulator, Route::DigitToken),
        ["/generate-password-reset-token/v1/digit"]
    );
}

/// Finding: set-password was accepted, then the status could not be read (a client without
/// `idn:password-change:read` gets 403). The password may well have changed: exit 6, and the
/// JSON says so, never "check the client id and secret" with `passwordMayHaveChanged: false`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_while_polling_after_an_accepted_change_says_the_password_may_have_changed() {
    let emulator = start(
        config().with_client(
            isc_emulator::ClientCredentials::new(
                isc_emulator::DEFAULT_CLIENT_ID,
                isc_emulator::DEFAULT_CLIENT_SECRET,
            )
            .with_scopes(["idn:password-info:read", "idn:password-change:manage"]),
        ),
    )
    .await;
    let output = run(
        &emulator,
        &[&SET_JORDAN[..], &["--json"]].concat(),
        "Scoped-passw0rd\n",
    )
    .await;
    assert_eq!(emulator.count(Route::SetPassword), 1);
    assert_eq!(
        output.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let error = &stdout_json(&output)["error"];
    assert_eq!(error["passwordMayHaveChanged"], true, "{error}");
    assert!(error["requestId"].is_string(), "{error}");
    assert!(
        error["hint"]
            .as_str()
            .is_some_and(|hint| hint.contains("idn:password-change:read")),
        "{error}"
    );
    // The change did go through.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Scoped-passw0rd"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_come_from_files_never_from_arguments() {
    let emulator = start(config()).await;
    let credentials = emulator.clients()[0].clone();
    let base_url = emulator.base_url().to_owned();
    let secret_file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("client-secret.txt");
    std::fs::write(
        &secret_file,
        format!("{}\n", credentials.client_secret().expose_secret()),
    )
    .unwrap();
    let secret_path = secret_file.display().to_string();
    let (info, refused) = tokio::task::spawn_blocking(move || {
        let info = run_with_env(
            &[
                "info",
                "--user",
                JORDAN,
                "--source",
                CORP_AD,
                "--client-id",
                credentials.client_id(),
                "--client-secret-file",
                &secret_path,
            ],
            &[("SAIL_BASE_URL", &base_url)],
            "",
        );
        let refused = run_with_env(
            &[
                "info",
                "--user",
                JORDAN,
                "--source",
                CORP_AD,
                "--client-secret",
                "s3cret-on-argv",
            ],
            &[("SAIL_BASE_URL", &base_url)],
            "",
        );
        (info, refused)
    })
    .await
    .unwrap();
    assert_eq!(
        info.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--client-secret-file"), "{stderr}");
    assert!(!stderr.contains("s3cret-on-argv"), "never echoed: {stderr}");
    // Refused before anything was sent: only the first run's requests reached the emulator.
    assert_eq!(emulator.count(Route::OAuthToken), 1);
}
