//! The `isc-password` binary, run as a user would: passwords on standard input, settings in
//! the environment, a scripted ISC on loopback, and the documented exit codes.

// The scripted ISC and test key the SDK's own password tests use; one copy serves both crates.
#[path = "../../sdk/tests/password_support/mod.rs"]
mod password_support;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use password_support::isc::{error_body, status_reply, MockIsc, Reply, Script};
use password_support::TestKey;
use serde_json::{json, Value};

const PASSWORD: &str = "Tr0ub4dor&3-ünïcode";

fn key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| TestKey::generate(2048))
}

/// Runs the binary with only the given environment (plus PATH), in an empty directory so no
/// `config.json` is found, feeding `stdin`.
fn run(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let workdir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_isc-password"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .current_dir(workdir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the isc-password binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("isc-password finishes")
}

/// Runs the binary against a mock ISC without blocking the mock's runtime.
async fn run_against(isc: &MockIsc, args: &[&str], stdin: &str) -> Output {
    let base_url = isc.base_url.clone();
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(
            &args,
            &[
                ("SAIL_BASE_URL", base_url.as_str()),
                ("SAIL_ACCESS_TOKEN", "cli-test-token"),
            ],
            &stdin,
        )
    })
    .await
    .expect("the runner thread finishes")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_no_password(output: &Output) {
    assert!(
        !stdout(output).contains(PASSWORD),
        "stdout leaks the password"
    );
    assert!(
        !stderr(output).contains(PASSWORD),
        "stderr leaks the password"
    );
}

async fn mock() -> MockIsc {
    MockIsc::start(Script::new(&key().spki_base64)).await
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let output = run(&["--help"], &[], "");
    assert_eq!(code(&output), 0);
    let help = stdout(&output);
    for expected in [
        "encrypt",
        "info",
        "set",
        "status",
        "digit-token",
        "Exit codes:",
        "6    the password MAY have changed",
        "SAIL_BASE_URL",
        "SAIL_ACCESS_TOKEN",
    ] {
        assert!(help.contains(expected), "help lacks {expected:?}:\n{help}");
    }
}

#[test]
fn encrypt_reads_the_password_from_stdin_and_the_key_from_a_file() {
    let key = key();
    let key_file = key.dir.path().join("public.pem");
    let key_arg = format!("@{}", key_file.display());
    let output = run(
        &["encrypt", "--public-key", &key_arg],
        &[],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let ciphertext = stdout(&output);
    assert_eq!(
        key.decrypt_with_openssl(ciphertext.trim_end()),
        PASSWORD.as_bytes(),
        "the trailing newline is not part of the password"
    );
    assert_no_password(&output);

    let output = run(
        &["encrypt", "--json", "--public-key", &key.spki_base64],
        &[],
        PASSWORD,
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(value["keyBits"], 2048);
    let ciphertext = value["encryptedPassword"].as_str().unwrap();
    assert_eq!(key.decrypt_with_rsa_crate(ciphertext), PASSWORD.as_bytes());
}

#[test]
fn encrypt_input_errors_exit_with_2_and_say_what_is_wrong() {
    let output = run(&["encrypt", "--public-key", "not-a-key!"], &[], PASSWORD);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("not valid base64"),
        "{}",
        stderr(&output)
    );

    let output = run(&["encrypt", "--public-key", &key().spki_base64], &[], "\n");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("the password is empty"),
        "{}",
        stderr(&output)
    );

    let too_long = "x".repeat(246);
    let output = run(
        &["encrypt", "--public-key", &key().spki_base64],
        &[],
        &too_long,
    );
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("246 bytes"), "{}", stderr(&output));
    assert!(!stderr(&output).contains(&too_long));

    let output = run(
        &["encrypt", "--public-key", "@/nonexistent/key.pem"],
        &[],
        PASSWORD,
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("/nonexistent/key.pem"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn missing_configuration_exits_with_3_and_names_the_settings() {
    let output = run(
        &["info", "--user", "Abby.Smith", "--source", "Corp-AD"],
        &[],
        "",
    );
    assert_eq!(code(&output), 3);
    let message = stderr(&output);
    assert!(message.contains("SAIL_BASE_URL"), "{message}");
    assert!(message.contains("hint:"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_changes_the_password_and_shows_progress() {
    let isc = mock().await;
    isc.script
        .set_statuses(vec![status_reply("IN_PROGRESS"), status_reply("FINISHED")]);
    let output = run_against(
        &isc,
        &[
            "set",
            "--user",
            "Abby.Smith",
            "--source",
            "Corp-AD",
            "--first-poll-ms",
            "5",
        ],
        &format!("{PASSWORD}\n"),
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("req-1 FINISHED after 2 status requests"),
        "{}",
        stdout(&output)
    );
    let progress = stderr(&output);
    for expected in [
        "Querying password info",
        "Submitting the new password (identityId id-1, sourceId src-1, accountId \"CN=Abby,DC=corp\")",
        "Accepted as request req-1",
        "status #1",
        "IN_PROGRESS",
        "status #2",
    ] {
        assert!(progress.contains(expected), "progress lacks {expected:?}:\n{progress}");
    }
    assert_no_password(&output);
    let posts = isc.script.set_password_posts();
    assert_eq!(posts.len(), 1);
    let encrypted = posts[0]["encryptedPassword"].as_str().unwrap();
    assert_eq!(key().decrypt_with_openssl(encrypted), PASSWORD.as_bytes());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_with_an_unknown_outcome_exits_with_6_and_json_says_so() {
    let isc = mock().await;
    isc.script
        .set_set_password(vec![Reply::new(500, error_body("boom"))]);
    let output = run_against(
        &isc,
        &[
            "set",
            "--json",
            "--user",
            "Abby.Smith",
            "--source",
            "Corp-AD",
        ],
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 6, "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(value["error"]["kind"], "outcome_unknown");
    assert_eq!(value["error"]["exitCode"], 6);
    assert_eq!(value["error"]["passwordMayHaveChanged"], true);
    assert!(
        value["error"]["message"]
            .as_str()
            .unwrap()
            .contains("NOT sent again"),
        "{value}"
    );
    assert_eq!(isc.script.set_password_posts().len(), 1);
    assert_no_password(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_refused_locally_exits_with_4() {
    let isc = mock().await;
    let output = run_against(
        &isc,
        &["set", "--user", "Abby.Smith", "--source", "Corp-AD"],
        "abc",
    )
    .await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("needs at least 5 characters, but it has 3"),
        "{message}"
    );
    assert!(isc.script.set_password_posts().is_empty());

    isc.script.set_info(Reply::ok(json!({
        "identityId": "id-1", "sourceId": "src-1", "publicKeyId": "key-1",
        "publicKey": key().spki_base64,
        "accounts": [
            {"accountId": "CN=A", "accountName": "a"},
            {"accountId": "CN=B", "accountName": "b"}
        ]
    })));
    let output = run_against(
        &isc,
        &["set", "--user", "Abby.Smith", "--source", "Corp-AD"],
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    assert!(stderr(&output).contains("--account"), "{}", stderr(&output));

    let output = run_against(
        &isc,
        &[
            "set",
            "--user",
            "Abby.Smith",
            "--source",
            "Corp-AD",
            "--account",
            "b",
            "--first-poll-ms",
            "5",
        ],
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(isc.script.set_password_posts()[0]["accountId"], "CN=B");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_that_fails_in_isc_exits_with_5() {
    let isc = mock().await;
    isc.script.set_statuses(vec![Reply::ok(json!({
        "requestId": "req-1", "state": "FAILED", "errors": ["password in history"]
    }))]);
    let output = run_against(
        &isc,
        &[
            "set",
            "--user",
            "Abby.Smith",
            "--source",
            "Corp-AD",
            "--first-poll-ms",
            "5",
        ],
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 5, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("FAILED: password in history"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_prints_the_policy_and_a_forbidden_token_exits_with_3() {
    let isc = mock().await;
    let output = run_against(
        &isc,
        &["info", "--user", "Abby.Smith", "--source", "Corp-AD"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Identity id: id-1",
        "Abby.Smith [CN=Abby,DC=corp]",
        "no character repeated more than 3 times in a row",
        "at least 5 characters",
        "2048-bit RSA, id key-1",
    ] {
        assert!(text.contains(expected), "info lacks {expected:?}:\n{text}");
    }

    let output = run_against(
        &isc,
        &[
            "info",
            "--json",
            "--user",
            "Abby.Smith",
            "--source",
            "Corp-AD",
        ],
        "",
    )
    .await;
    let value: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(value["identityId"], "id-1");
    assert_eq!(value["keyBits"], 2048);
    assert_eq!(value["checkedLocally"].as_array().unwrap().len(), 4);

    isc.script
        .set_info(Reply::new(403, error_body("Forbidden")));
    let output = run_against(
        &isc,
        &["info", "--user", "Abby.Smith", "--source", "Corp-AD"],
        "",
    )
    .await;
    assert_eq!(code(&output), 3);
    let message = stderr(&output);
    assert!(message.contains("client_credentials"), "{message}");
    assert!(
        message.contains("hint: use the client id and secret of an API client"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_exit_code_follows_the_state() {
    let isc = mock().await;
    let output = run_against(&isc, &["status", "req-1"], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("password change req-1: FINISHED"));

    isc.script.set_statuses(vec![status_reply("IN_PROGRESS")]);
    let output = run_against(&isc, &["status", "--json", "req-1"], "").await;
    assert_eq!(code(&output), 6);
    let value: Value = serde_json::from_str(&stdout(&output)).expect("exactly one JSON object");
    assert_eq!(value["state"], "IN_PROGRESS");

    isc.script.set_statuses(vec![
        status_reply("IN_PROGRESS"),
        Reply::ok(json!({"requestId": "req-1", "state": "FAILED", "errors": ["locked"]})),
    ]);
    let output = run_against(
        &isc,
        &["status", "req-1", "--wait", "--first-poll-ms", "5"],
        "",
    )
    .await;
    assert_eq!(code(&output), 5, "{}", stderr(&output));
    assert!(stderr(&output).contains("status #2"), "{}", stderr(&output));

    isc.script.set_statuses(vec![status_reply("IN_PROGRESS")]);
    let output = run_against(
        &isc,
        &[
            "status",
            "req-1",
            "--wait",
            "--timeout",
            "1",
            "--first-poll-ms",
            "50",
        ],
        "",
    )
    .await;
    assert_eq!(code(&output), 6, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("isc-password status req-1 --wait"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digit_token_prints_only_the_token_and_checks_options_first() {
    let isc = mock().await;
    let output = run_against(
        &isc,
        &[
            "digit-token",
            "--user",
            "Abby.Smith",
            "--length",
            "8",
            "--duration",
            "10",
        ],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "09087713\n");
    assert_eq!(
        *isc.script.digit_token_bodies.lock().unwrap(),
        [json!({"userId": "Abby.Smith", "length": 8, "durationMinutes": 10})]
    );

    // Checked before anything else, even without any configuration.
    let output = run(
        &["digit-token", "--user", "Abby.Smith", "--length", "5"],
        &[],
        "",
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("6 to 18 digits"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_waiting_exits_with_130_and_names_the_request() {
    let isc = mock().await;
    isc.script.set_statuses(vec![status_reply("IN_PROGRESS")]);
    let base_url = isc.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        let workdir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_isc-password"))
            .args([
                "set",
                "--json",
                "--user",
                "Abby.Smith",
                "--source",
                "Corp-AD",
                "--first-poll-ms",
                "20",
            ])
            .env_clear()
            .env("SAIL_BASE_URL", &base_url)
            .env("SAIL_ACCESS_TOKEN", "cli-test-token")
            .current_dir(workdir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the isc-password binary runs");
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(PASSWORD.as_bytes())
            .expect("write stdin");
        // Let it submit and poll a few times, then interrupt it like Ctrl-C does.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        child.wait_with_output().expect("isc-password finishes")
    })
    .await
    .expect("the runner thread finishes");
    assert_eq!(code(&output), 130, "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("password change req-1 was submitted"),
        "{message}"
    );
    assert!(
        message.contains("isc-password status req-1 --wait"),
        "{message}"
    );
    // The change was accepted, so it may complete: the JSON must say so.
    let value: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    assert_eq!(value["error"]["passwordMayHaveChanged"], true, "{value}");
    assert_eq!(value["error"]["requestId"], "req-1", "{value}");
}
