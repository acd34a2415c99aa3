//! The `isc-password` binary, run as a user would: passwords on standard input, settings in
//! the environment, the ISC emulator on loopback, and the documented exit codes.

mod support;

use std::sync::OnceLock;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use isc_emulator::default_seed::*;
use isc_emulator::{Emulator, Fault, Route, UserToken};
use rsa::pkcs8::EncodePublicKey as _;
use rsa::PrivateKey;
use serde_json::Value;
use support::*;

const PASSWORD: &str = "Tr0ub4dor&3-ünïcode";

/// A key of our own for `encrypt`, which needs no server.
struct TestKey {
    private: PrivateKey,
    spki_base64: String,
    pem_file: std::path::PathBuf,
}

fn key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let private = PrivateKey::new(&mut getrandom::SysRng, 2048).expect("key generates");
        let public = private.to_public_key();
        let der = public.to_public_key_der().expect("DER");
        let pem = public
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .expect("PEM");
        let pem_file = tempfile::tempdir()
            .expect("temp dir")
            .keep()
            .join("public.pem");
        std::fs::write(&pem_file, pem).expect("PEM written");
        TestKey {
            private,
            spki_base64: BASE64.encode(der.as_bytes()),
            pem_file,
        }
    })
}

impl TestKey {
    fn decrypt(&self, ciphertext_base64: &str) -> Vec<u8> {
        let ciphertext = BASE64.decode(ciphertext_base64).expect("base64");
        self.private
            .pkcs1v15_decrypt(&ciphertext)
            .expect("decrypts")
            .to_vec()
    }
}

fn assert_no_password(output: &std::process::Output) {
    assert!(
        !stdout(output).contains(PASSWORD),
        "stdout leaks the password"
    );
    assert!(
        !stderr(output).contains(PASSWORD),
        "stderr leaks the password"
    );
}

fn set_jordan<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "set",
        "--user",
        JORDAN,
        "--source",
        CORP_AD,
        "--first-poll-ms",
        "20",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let output = run_with_env(&["--help"], &[], "");
    assert_eq!(code(&output), 0);
    let help = stdout(&output);
    for expected in [
        "encrypt",
        "info",
        "set",
        "status",
        "digit-token",
        "policy",
        "sync-groups",
        "dictionary",
        "Exit codes:",
        "6    the password MAY have changed",
        "SAIL_CLIENT_SECRET",
        "--client-secret-file",
        "--api",
        "--experimental",
    ] {
        assert!(help.contains(expected), "help lacks {expected:?}:\n{help}");
    }
}

#[test]
fn policy_show_requires_the_source_id_and_groups_require_an_action() {
    let output = run_with_env(&["policy", "show"], &[], "");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--source <SOURCE_ID>"),
        "{}",
        stderr(&output)
    );
    let output = run_with_env(&["policy", "show", "--help"], &[], "");
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).contains("idn:password-policy:read"),
        "{}",
        stdout(&output)
    );
    for group in ["policy", "sync-groups", "dictionary"] {
        let output = run_with_env(&[group], &[], "");
        assert_eq!(code(&output), 2, "{group} without an action");
    }
    let output = run_with_env(&["sync-groups", "list", "extra"], &[], "");
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}

#[test]
fn dictionary_check_takes_no_password_argument_and_never_echoes_one() {
    let help = run_with_env(&["dictionary", "check", "--help"], &[], "");
    assert_eq!(code(&help), 0);
    let usage = stdout(&help);
    assert!(
        usage.contains("Usage: isc-password dictionary check [OPTIONS]\n"),
        "no argument shown: {usage}"
    );
    assert!(usage.contains("standard input"), "{usage}");

    // A password given anyway is refused (exit 2) before anything else, never echoed.
    for args in [
        &["dictionary", "check", PASSWORD][..],
        &["dictionary", "check", PASSWORD, "second"],
        &["dictionary", "check", "--json", PASSWORD],
        &["dictionary", "check", "--password", PASSWORD],
    ] {
        let output = run_with_env(args, &[], "");
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert_no_password(&output);
    }
    let output = run_with_env(&["dictionary", "check", PASSWORD], &[], "");
    assert!(
        stderr(&output).contains("`dictionary check` takes no argument"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn domain_commands_without_configuration_exit_3() {
    for (args, stdin) in [
        (
            &[
                "policy",
                "show",
                "--source",
                "e16b5ace853f4758a95fc82632ddb38e",
            ][..],
            "",
        ),
        (&["sync-groups", "list"], ""),
        // Configuration is checked before the password is read.
        (&["dictionary", "check"], ""),
    ] {
        let output = run_with_env(args, &[], stdin);
        assert_eq!(code(&output), 3, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("SAIL_BASE_URL"),
            "{}",
            stderr(&output)
        );
        assert_no_password(&output);
    }
}

#[test]
fn encrypt_reads_the_password_from_stdin_and_the_key_from_a_file() {
    let key = key();
    let key_arg = format!("@{}", key.pem_file.display());
    let output = run_with_env(
        &["encrypt", "--public-key", &key_arg],
        &[],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        key.decrypt(stdout(&output).trim_end()),
        PASSWORD.as_bytes(),
        "the trailing newline is not part of the password"
    );
    assert_no_password(&output);

    let output = run_with_env(
        &["encrypt", "--json", "--public-key", &key.spki_base64],
        &[],
        PASSWORD,
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = stdout_json(&output);
    assert_eq!(value["keyBits"], 2048);
    let ciphertext = value["encryptedPassword"].as_str().unwrap();
    assert_eq!(key.decrypt(ciphertext), PASSWORD.as_bytes());
}

#[test]
fn encrypt_input_errors_exit_with_2_and_say_what_is_wrong() {
    let output = run_with_env(&["encrypt", "--public-key", "not-a-key!"], &[], PASSWORD);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("not valid base64"),
        "{}",
        stderr(&output)
    );

    let output = run_with_env(&["encrypt", "--public-key", &key().spki_base64], &[], "\n");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("the password is empty"),
        "{}",
        stderr(&output)
    );

    let too_long = "x".repeat(246);
    let output = run_with_env(
        &["encrypt", "--public-key", &key().spki_base64],
        &[],
        &too_long,
    );
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("246 bytes"), "{}", stderr(&output));
    assert!(!stderr(&output).contains(&too_long));

    let output = run_with_env(
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

/// The most a secret or key file may hold (`MAX_FILE_BYTES` in `src/input.rs`).
const MAX_FILE_BYTES: usize = 64 * 1024;

/// A message saying a file is over the bound.
fn too_large(output: &std::process::Output) -> bool {
    stderr(output).contains(&format!("is larger than {MAX_FILE_BYTES} bytes"))
}

/// `encrypt --public-key @/dev/zero` must stop reading after the bound and exit with 2 at once.
/// The run is watched: it fails if it takes more than 10 s or its resident memory ever passes
/// 256 MiB (then it is killed), as reading on until memory runs out would.
#[cfg(target_os = "linux")]
#[test]
fn a_public_key_file_that_never_ends_is_refused_quickly_in_bounded_memory() {
    use std::io::Read as _;
    use std::time::Instant;

    const MAX_RSS_KIB: u64 = 256 * 1024;
    let mut child = command(&["encrypt", "--public-key", "@/dev/zero"], &[])
        .spawn()
        .expect("isc-password starts");
    drop(child.stdin.take());
    let status_file = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        let rss_kib = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            })
            .unwrap_or(0);
        peak_kib = peak_kib.max(rss_kib);
        if rss_kib > MAX_RSS_KIB || started.elapsed() > Duration::from_secs(10) {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "still reading /dev/zero after {:?}, at {rss_kib} KiB resident",
                started.elapsed()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut message = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut message)
        .expect("stderr is read");
    assert_eq!(status.code(), Some(2), "{message}");
    assert!(
        message.contains(&format!("is larger than {MAX_FILE_BYTES} bytes")),
        "{message}"
    );
    assert!(message.contains("/dev/zero"), "{message}");
    assert!(peak_kib <= MAX_RSS_KIB);
}

#[test]
fn a_public_key_file_over_the_bound_is_refused_and_one_at_the_bound_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.pem");
    std::fs::write(&big, "A".repeat(MAX_FILE_BYTES + 1)).expect("written");
    let output = run_with_env(
        &["encrypt", "--public-key", &format!("@{}", big.display())],
        &[],
        PASSWORD,
    );
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(too_large(&output), "{}", stderr(&output));
    assert!(!stderr(&output).contains("AAAA"), "never echoed");

    // The real key padded with blank lines to exactly the bound is still a key.
    let pem = std::fs::read_to_string(&key().pem_file).expect("PEM");
    let padded = dir.path().join("padded.pem");
    std::fs::write(
        &padded,
        format!("{pem}{}", "\n".repeat(MAX_FILE_BYTES - pem.len())),
    )
    .expect("written");
    let output = run_with_env(
        &["encrypt", "--public-key", &format!("@{}", padded.display())],
        &[],
        PASSWORD,
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        key().decrypt(stdout(&output).trim_end()),
        PASSWORD.as_bytes()
    );
}

#[test]
fn secret_files_over_the_bound_are_refused_without_their_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = "s3cret-in-a-file";
    let path = dir.path().join("secret.txt");
    let mut content = secret.repeat(MAX_FILE_BYTES / secret.len() + 1);
    content.push('\n');
    std::fs::write(&path, &content).expect("written");
    let path = path.display().to_string();
    let env = [("SAIL_BASE_URL", "http://127.0.0.1:9")];
    for flags in [
        &["--client-id", "cli", "--client-secret-file", &path][..],
        &["--access-token-file", &path][..],
    ] {
        let mut args = vec!["info", "--user", JORDAN, "--source", CORP_AD];
        args.extend_from_slice(flags);
        let output = run_with_env(&args, &env, "");
        assert_eq!(code(&output), 2, "{flags:?}: {}", stderr(&output));
        assert!(too_large(&output), "{flags:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(&path), "{}", stderr(&output));
        assert!(!stderr(&output).contains(secret), "never echoed");
        assert!(!stdout(&output).contains(secret), "never echoed");
    }

    // An empty file is still refused.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n").expect("written");
    let output = run_with_env(
        &[
            "info",
            "--user",
            JORDAN,
            "--source",
            CORP_AD,
            "--access-token-file",
            &empty.display().to_string(),
        ],
        &env,
        "",
    );
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("is empty"), "{}", stderr(&output));
}

#[test]
fn missing_configuration_exits_with_3_and_names_the_settings() {
    let output = run_with_env(&["info", "--user", JORDAN, "--source", CORP_AD], &[], "");
    assert_eq!(code(&output), 3);
    let message = stderr(&output);
    assert!(message.contains("SAIL_BASE_URL"), "{message}");
    assert!(message.contains("hint:"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_changes_the_password_and_shows_progress() {
    let emulator = start(config()).await;
    let output = run(&emulator, &set_jordan(&[]), &format!("{PASSWORD}\n")).await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("FINISHED after"),
        "{}",
        stdout(&output)
    );
    let progress = stderr(&output);
    for expected in [
        "Querying password info",
        &format!("accountId \"{JORDAN_AD_ACCOUNT}\""),
        "Accepted as request",
        "status #1",
    ] {
        assert!(
            progress.contains(expected),
            "progress lacks {expected:?}:\n{progress}"
        );
    }
    assert_no_password(&output);
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, PASSWORD));
    assert_eq!(emulator.count(Route::SetPassword), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_with_an_unknown_outcome_exits_with_6_and_json_says_so() {
    let emulator = start(config()).await;
    emulator
        .faults()
        .set(Route::SetPassword, Fault::DropConnection { times: 1 });
    let output = run(&emulator, &set_jordan(&["--json"]), PASSWORD).await;
    assert_eq!(code(&output), 6, "{}", stderr(&output));
    let value = stdout_json(&output);
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
    assert_eq!(emulator.count(Route::SetPassword), 1, "sent exactly once");
    assert_no_password(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_refused_locally_or_for_an_ambiguous_account_exits_with_4() {
    let emulator = start(config()).await;
    // Too short for Corp-AD's policy: refused before anything is sent.
    let output = run(&emulator, &set_jordan(&["--json"]), "abc").await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    assert_eq!(
        stdout_json(&output)["error"]["passwordMayHaveChanged"],
        false
    );
    assert_eq!(emulator.count(Route::SetPassword), 0);

    // Sam has two accounts on Corp-AD: one must be chosen.
    let sam = [
        "set",
        "--user",
        SAM,
        "--source",
        CORP_AD,
        "--first-poll-ms",
        "20",
    ];
    let output = run(&emulator, &sam, PASSWORD).await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    assert!(stderr(&output).contains("--account"), "{}", stderr(&output));
    let output = run(
        &emulator,
        &[&sam[..], &["--account", "Sam.Rivera.admin"]].concat(),
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let posted: Vec<String> = emulator
        .requests()
        .into_iter()
        .filter(|request| request.route == Some(Route::SetPassword))
        .map(|request| request.path)
        .collect();
    assert_eq!(posted.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_that_fails_in_isc_exits_with_5() {
    let emulator = start(config()).await;
    // Past the local check, ISC's own policy check fails the change.
    let output = run(&emulator, &set_jordan(&["--skip-policy-check"]), "aaaa1").await;
    assert_eq!(code(&output), 5, "{}", stderr(&output));
    assert!(stderr(&output).contains("FAILED"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("passwordMinLength"),
        "{}",
        stderr(&output)
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, INITIAL_PASSWORD));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_prints_the_policy_and_a_user_token_exits_with_3() {
    let emulator = start(config().with_user_token(UserToken::new("jordan-pat", JORDAN))).await;
    let output = run(
        &emulator,
        &["info", "--user", JORDAN, "--source", CORP_AD],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Identity id:",
        JORDAN_AD_ACCOUNT,
        "at least 8 characters",
        "2048-bit RSA",
    ] {
        assert!(text.contains(expected), "info lacks {expected:?}:\n{text}");
    }

    let output = run(
        &emulator,
        &["info", "--json", "--user", JORDAN, "--source", CORP_AD],
        "",
    )
    .await;
    let value = stdout_json(&output);
    assert_eq!(value["keyBits"], 2048);
    assert!(value["checkedLocally"]
        .as_array()
        .is_some_and(|rules| !rules.is_empty()));

    // query-password-info refuses user-context tokens (a personal access token).
    let env = vec![
        ("SAIL_BASE_URL".to_owned(), emulator.base_url().to_owned()),
        ("SAIL_ACCESS_TOKEN".to_owned(), "jordan-pat".to_owned()),
    ];
    let output = run_with(env, &["info", "--user", JORDAN, "--source", CORP_AD], "").await;
    assert_eq!(code(&output), 3);
    assert!(
        stderr(&output).contains("hint: use the client id and secret of an API client"),
        "{}",
        stderr(&output)
    );
}

/// A change submitted through the CLI that was still IN_PROGRESS when `set` gave up waiting
/// (exit 6); its request id.
async fn submitted(emulator: &Emulator) -> String {
    let output = run(
        emulator,
        &set_jordan(&["--json", "--timeout", "1"]),
        PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 6, "{}", stderr(&output));
    let value = stdout_json(&output);
    value["error"]["requestId"]
        .as_str()
        .expect("a request id")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_exit_code_follows_the_state() {
    let emulator = start(config().with_completion_delay(Duration::from_secs(3))).await;
    let request_id = submitted(&emulator).await;

    let output = run(&emulator, &["status", "--json", &request_id], "").await;
    assert_eq!(code(&output), 6, "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["state"], "IN_PROGRESS");

    let output = run(
        &emulator,
        &[
            "status",
            &request_id,
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
    let check = format!("isc-password status {request_id} --wait");
    assert!(stderr(&output).contains(&check), "{}", stderr(&output));

    let output = run(
        &emulator,
        &["status", &request_id, "--wait", "--first-poll-ms", "200"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("FINISHED"), "{}", stdout(&output));
    assert!(stdout(&output).contains(&request_id), "{}", stdout(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digit_token_prints_only_the_token_and_checks_options_first() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &[
            "digit-token",
            "--user",
            JORDAN,
            "--length",
            "8",
            "--duration",
            "10",
        ],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let token = stdout(&output);
    assert_eq!(token.len(), 9, "8 digits and a line break: {token:?}");
    assert!(emulator.digit_token_is_valid(JORDAN, token.trim_end()));

    // Checked before anything else, even without any configuration.
    let output = run_with_env(&["digit-token", "--user", JORDAN, "--length", "5"], &[], "");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("6 to 18 digits"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_waiting_exits_with_130_and_names_the_request() {
    let emulator = start(config().with_completion_delay(Duration::from_secs(30))).await;
    let env = emulator_env(&emulator);
    let output = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let mut child = command(&set_jordan(&["--json"]), &env)
            .spawn()
            .expect("the isc-password binary runs");
        std::io::Write::write_all(
            &mut child.stdin.take().expect("piped stdin"),
            PASSWORD.as_bytes(),
        )
        .expect("write stdin");
        // Let it submit and poll a few times, then interrupt it like Ctrl-C does.
        std::thread::sleep(Duration::from_millis(800));
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        child.wait_with_output().expect("isc-password finishes")
    })
    .await
    .expect("the runner thread finishes");
    assert_eq!(code(&output), 130, "{}", stderr(&output));
    let value: Value = stdout_json(&output);
    let request_id = value["error"]["requestId"]
        .as_str()
        .expect("the request id")
        .to_owned();
    let message = stderr(&output);
    assert!(
        message.contains(&format!("password change {request_id} was submitted")),
        "{message}"
    );
    assert!(
        message.contains(&format!("isc-password status {request_id} --wait")),
        "{message}"
    );
    // The change was accepted, so it may complete: the JSON must say so.
    assert_eq!(value["error"]["passwordMayHaveChanged"], true, "{value}");
}
