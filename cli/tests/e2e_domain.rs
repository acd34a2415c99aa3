//! End to end through `policy show`, `sync-groups list` and `dictionary check` against the
//! emulator's password-domain APIs (policies, sync groups, dictionary).

mod support;

use isc_emulator::default_seed::*;
use isc_emulator::{
    ClientCredentials, Emulator, Route, Seed, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
};
use serde_json::Value;
use support::*;

/// `HR-LDAP`: under the policy `hr-strict`, in no sync group.
const HR_LDAP_ID: &str = "2c9180857a3c5f0e017a3d1b2c4d0001";
const GROUP_NAME: &str = "Corporate directory and mail";
/// Contains the dictionary word "qwerty".
const DICTIONARY_PASSWORD: &str = "Qwerty123!";
const GOOD_PASSWORD: &str = "Tr0ub4dor&3";

/// An emulator whose only client is granted just `scopes`.
async fn start_with_scopes(scopes: &[&str]) -> Emulator {
    start(
        config().with_client(
            ClientCredentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
                .with_scopes(scopes.iter().copied()),
        ),
    )
    .await
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|item| item.as_str().expect("a string"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_show_for_corp_ad_shows_corp_standard_through_the_sync_group() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &["policy", "show", "--source", CORP_AD_ID, "--json"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = stdout_json(&output);
    assert_eq!(value["sourceId"], CORP_AD_ID);
    assert_eq!(value["policy"]["name"], "corp-standard", "{value}");
    assert_eq!(value["policy"]["minLength"], 8, "{value}");
    assert_eq!(value["policy"]["useDictionary"], true, "{value}");
    assert_eq!(value["syncGroup"]["id"], SYNC_GROUP_ID, "{value}");
    assert_eq!(value["syncGroup"]["name"], GROUP_NAME, "{value}");
    assert_eq!(
        value["syncGroup"]["passwordPolicyId"], value["policy"]["id"],
        "{value}"
    );
    assert_eq!(value["syncGroupsUnreadable"], Value::Null, "{value}");
    let checked = strings(&value["checkedLocally"]);
    for rule in [
        "at least 8 characters",
        "at most 64 characters",
        "no word of the tenant's password dictionary",
    ] {
        assert!(checked.contains(&rule), "{rule:?} not in {checked:?}");
    }
    assert!(
        !strings(&value["notCheckedLocally"]).contains(&"useDictionary is true"),
        "the dictionary was read, so its rule is checked: {value}"
    );
    assert_eq!(
        value["dictionary"],
        serde_json::json!({ "used": true, "words": DICTIONARY.len(), "unreadable": null })
    );

    let output = run(&emulator, &["policy", "show", "--source", CORP_MAIL_ID], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "corp-standard (",
        &format!("through sync group {GROUP_NAME} ({SYNC_GROUP_ID})"),
        "  - at least 8 characters",
        "  - at least 1 digit",
        &format!("used, checked locally ({} words)", DICTIONARY.len()),
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_show_for_hr_ldap_shows_hr_strict_and_no_group() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &["policy", "show", "--source", HR_LDAP_ID, "--json"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = stdout_json(&output);
    assert_eq!(value["policy"]["name"], "hr-strict", "{value}");
    assert_eq!(value["syncGroup"], Value::Null, "{value}");
    assert_eq!(value["syncGroupsUnreadable"], Value::Null, "{value}");
    assert!(strings(&value["checkedLocally"]).contains(&"at least 12 characters"));
    assert_eq!(
        value["dictionary"],
        serde_json::json!({ "used": false, "words": null, "unreadable": null })
    );

    let output = run(&emulator, &["policy", "show", "--source", HR_LDAP_ID], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "hr-strict (",
        "the source is in no sync group",
        "  - at least 1 special character",
        "Dictionary:  not used",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains(GROUP_NAME), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_show_for_a_source_name_or_unknown_id_exits_1_and_hints_at_the_id() {
    let emulator = start(config()).await;
    for source in [CORP_AD, "2c9180857a3c5f0e017a3d1b2c4dffff"] {
        let output = run(
            &emulator,
            &["policy", "show", "--source", source, "--json"],
            "",
        )
        .await;
        assert_eq!(code(&output), 1, "{}", stderr(&output));
        let error = &stdout_json(&output)["error"];
        assert_eq!(error["kind"], "no_policy", "{error}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("no password policy governs source {source}")),
            "{message}"
        );
        assert!(
            message.contains("--source takes the source's ID")
                && message.contains("isc-password info"),
            "{message}"
        );
    }
}

/// Without the sync-group scope, "no policy" must not claim the source is in no group: the
/// groups were not read (the message said "it is in no sync group with a policy" before).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_policy_without_readable_groups_claims_nothing_about_groups() {
    let emulator = start_with_scopes(&["idn:password-policy:read"]).await;
    let output = run(
        &emulator,
        &[
            "policy",
            "show",
            "--source",
            "2c9180857a3c5f0e017a3d1b2c4dffff",
        ],
        "",
    )
    .await;
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let message = stderr(&output);
    assert!(!message.contains("in no sync group"), "{message}");
    assert!(
        message.contains("no sync group that could be read gives it one"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_show_says_what_it_could_not_read() {
    // The policy scope only: the group and the dictionary cannot be read.
    let emulator = start_with_scopes(&["idn:password-policy:read"]).await;
    let output = run(
        &emulator,
        &["policy", "show", "--source", CORP_AD_ID, "--json"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = stdout_json(&output);
    // Corp-AD is also listed by corp-standard itself.
    assert_eq!(value["policy"]["name"], "corp-standard", "{value}");
    assert_eq!(value["syncGroup"], Value::Null, "{value}");
    assert!(
        value["syncGroupsUnreadable"]
            .as_str()
            .is_some_and(|why| why.contains("403")),
        "{value}"
    );
    assert_eq!(value["dictionary"]["used"], true, "{value}");
    assert_eq!(value["dictionary"]["words"], Value::Null, "{value}");
    assert!(
        value["dictionary"]["unreadable"]
            .as_str()
            .is_some_and(|why| why.contains("403")),
        "{value}"
    );
    assert!(strings(&value["notCheckedLocally"]).contains(&"useDictionary is true"));

    let output = run(&emulator, &["policy", "show", "--source", CORP_AD_ID], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "the sync groups could not be read",
        "used, but not checked locally: the dictionary could not be read",
        "useDictionary is true",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_without_a_read_scope_exits_3_and_the_hint_names_it() {
    let emulator = start_with_scopes(&["idn:password-info:read"]).await;
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["policy", "show", "--source", CORP_AD_ID, "--json"],
            "",
            "idn:password-policy:read",
        ),
        (
            &["sync-groups", "list", "--json"],
            "",
            "idn:password-sync-group:read",
        ),
        (
            &["dictionary", "check", "--json"],
            GOOD_PASSWORD,
            "idn:password-dictionary:read",
        ),
    ];
    for (args, stdin, scope) in cases {
        let output = run(&emulator, args, stdin).await;
        assert_eq!(code(&output), 3, "{args:?}: {}", stderr(&output));
        let error = &stdout_json(&output)["error"];
        assert_eq!(error["exitCode"], 3, "{error}");
        assert_eq!(error["kind"], "forbidden", "{error}");
        assert!(
            error["hint"]
                .as_str()
                .is_some_and(|hint| hint.contains(scope)),
            "{args:?}: {error}"
        );
        assert!(
            stderr(&output).contains(&format!("hint: the client lacks the {scope} scope")),
            "{}",
            stderr(&output)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_client_secret_exits_3_for_the_domain_commands() {
    let emulator = start(config()).await;
    let env = vec![
        ("SAIL_BASE_URL".to_owned(), emulator.base_url().to_owned()),
        ("SAIL_CLIENT_ID".to_owned(), DEFAULT_CLIENT_ID.to_owned()),
        ("SAIL_CLIENT_SECRET".to_owned(), "wrong".to_owned()),
    ];
    let output = run_with(env, &["sync-groups", "list"], "").await;
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("check the client id and secret"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_groups_list_shows_the_group_with_both_sources() {
    let emulator = start(config()).await;
    let output = run(&emulator, &["sync-groups", "list", "--json"], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value = stdout_json(&output);
    let groups = value["syncGroups"].as_array().expect("syncGroups");
    assert_eq!(groups.len(), 1, "{value}");
    let group = &groups[0];
    assert_eq!(group["id"], SYNC_GROUP_ID);
    assert_eq!(group["name"], GROUP_NAME);
    assert!(group["passwordPolicyId"].is_string(), "{group}");
    let mut sources = strings(&group["sourceIds"]);
    sources.sort_unstable();
    let mut expected = vec![CORP_AD_ID, CORP_MAIL_ID];
    expected.sort_unstable();
    assert_eq!(sources, expected);
    let policy_id = group["passwordPolicyId"].as_str().unwrap().to_owned();

    let output = run(&emulator, &["sync-groups", "list"], "").await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "{SYNC_GROUP_ID}  {GROUP_NAME}  policy {policy_id}  sources: "
        )),
        "{text}"
    );
    assert!(
        lines[0].contains(CORP_AD_ID) && lines[0].contains(CORP_MAIL_ID),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_groups_list_with_api_v1_calls_the_v1_path() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &["--api", "v1", "sync-groups", "list", "--json"],
        "",
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["syncGroups"][0]["id"], SYNC_GROUP_ID);
    let paths: Vec<String> = emulator
        .requests()
        .into_iter()
        .filter(|request| request.route == Some(Route::PasswordSyncGroups))
        .map(|request| request.path)
        .collect();
    assert!(!paths.is_empty());
    assert!(
        paths
            .iter()
            .all(|path| path.starts_with("/password-sync-groups/v1")),
        "{paths:?}"
    );
}

/// Neither the password nor the dictionary word it contains appears anywhere in the output.
fn assert_nothing_revealed(output: &std::process::Output) {
    for text in [stdout(output), stderr(output)] {
        assert!(
            !text.contains(DICTIONARY_PASSWORD),
            "leaks the password: {text}"
        );
        assert!(
            !text.to_lowercase().contains("qwerty"),
            "leaks the dictionary word: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dictionary_check_refuses_a_password_with_a_word_and_never_names_it() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &["dictionary", "check", "--json"],
        &format!("{DICTIONARY_PASSWORD}\n"),
    )
    .await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    // One JSON object: the result, not a second error object.
    assert_eq!(
        stdout_json(&output),
        serde_json::json!({
            "dictionaryWords": DICTIONARY.len(),
            "wordsFound": 1,
            "acceptable": false,
        })
    );
    assert_nothing_revealed(&output);

    let output = run(&emulator, &["dictionary", "check"], DICTIONARY_PASSWORD).await;
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    assert!(
        stdout(&output)
            .contains("the password contains 1 word of the tenant's password dictionary"),
        "{}",
        stdout(&output)
    );
    assert_nothing_revealed(&output);
    assert_eq!(emulator.count(Route::PasswordDictionary), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dictionary_check_accepts_a_password_without_words() {
    let emulator = start(config()).await;
    let output = run(
        &emulator,
        &["dictionary", "check"],
        &format!("{GOOD_PASSWORD}\n"),
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output).trim_end(),
        format!(
            "the password contains no word of the tenant's password dictionary ({} words)",
            DICTIONARY.len()
        )
    );
    assert!(!stdout(&output).contains(GOOD_PASSWORD));
    assert!(!stderr(&output).contains(GOOD_PASSWORD));

    let output = run(&emulator, &["dictionary", "check", "--json"], GOOD_PASSWORD).await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["acceptable"], true);
    assert_eq!(stdout_json(&output)["wordsFound"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dictionary_check_without_a_dictionary_accepts_and_says_so() {
    let mut seed = Seed::embedded().expect("the embedded seed loads");
    seed.dictionary = None;
    let emulator = start(config().with_seed(seed)).await;
    let output = run(
        &emulator,
        &["dictionary", "check", "--json"],
        DICTIONARY_PASSWORD,
    )
    .await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout_json(&output),
        serde_json::json!({ "dictionaryWords": 0, "wordsFound": 0, "acceptable": true })
    );
    let output = run(&emulator, &["dictionary", "check"], DICTIONARY_PASSWORD).await;
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("the tenant has no password dictionary"),
        "{}",
        stdout(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dictionary_check_with_an_empty_password_exits_2_before_any_call() {
    let emulator = start(config()).await;
    let output = run(&emulator, &["dictionary", "check"], "\n").await;
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(emulator.count(Route::PasswordDictionary), 0);
}
