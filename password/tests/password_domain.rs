//! The change workflow over the rest of the password domain, against a scripted ISC: the
//! structured policy and the dictionary refuse a password before anything is sent, a refused
//! lookup falls back to the `policies` lines and says so, the sync group's other sources are
//! reported, and a FAILED change names the rule ISC names.

mod password_support;

use std::sync::{Arc, Mutex};

use password_support::isc::{MockIsc, Reply, Script};
use password_support::{abby, key, quick_poll};
use sailpoint_password::{
    AccountChoice, Constraint, DictionaryUse, LookupFailure, PasswordError, PasswordSharing,
    PasswordsExt as _, PolicyBasis, PolicyFallback, Progress,
};
use secrecy::SecretString;
use serde_json::json;

/// An ISC whose `src-1` shares its password with `src-2` under policy `p-group`, a strict
/// policy that uses the dictionary.
async fn domain_isc() -> MockIsc {
    let isc = MockIsc::start(Script::new(&key().spki_base64)).await;
    isc.script.set_domain(
        "/beta/password-sync-groups",
        Reply::ok(json!([
            {"id": "g-0", "name": "Elsewhere", "passwordPolicyId": "p-other", "sourceIds": ["src-9"]},
            {"id": "g-1", "name": "Directory and mail", "passwordPolicyId": "p-group",
             "sourceIds": ["src-1", "src-2"]}
        ])),
    );
    isc.script.set_domain(
        "/beta/password-policies",
        Reply::ok(json!([
            // Lists src-1, but the sync group's policy governs it.
            {"id": "p-other", "name": "Lenient", "sourceIds": ["src-1"], "minLength": 1},
            {"id": "p-group", "name": "Strict", "sourceIds": ["src-2"], "minLength": 12,
             "maxLength": 0, "maxRepeatedChars": -1, "useDictionary": true, "dateCreated": 1639056206564_i64}
        ])),
    );
    isc.script.set_domain(
        "/beta/password-dictionary",
        Reply::ok(json!("# banned\nlocale=en_US\nqwerty\nsailpoint\n")),
    );
    isc
}

#[tokio::test]
async fn the_structured_policy_and_its_dictionary_refuse_a_password_before_anything_is_sent() {
    let isc = domain_isc().await;
    // Meets the `policies` lines (5 characters, a letter, a digit), not the group's policy.
    let error = isc
        .client()
        .passwords()
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Qwerty-2024"),
        )
        .await
        .unwrap_err();
    let PasswordError::PolicyViolated(report) = &error else {
        panic!("expected a policy violation, got {error:?}");
    };
    let broken: Vec<Constraint> = report.violations().iter().map(|v| v.constraint).collect();
    assert_eq!(
        broken,
        [Constraint::MinLength(12), Constraint::NoDictionaryWord]
    );
    assert_eq!(
        report.basis(),
        Some(&PolicyBasis::Structured {
            policy_id: "p-group".to_owned(),
            policy_name: Some("Strict".to_owned()),
            dictionary: DictionaryUse::Checked { words: 2 },
        })
    );
    let text = error.to_string();
    assert!(text.contains("\"Strict\""), "{text}");
    assert!(!text.to_lowercase().contains("qwerty"), "{text}");
    assert!(isc.script.set_password_posts().is_empty(), "nothing sent");
    assert_eq!(
        isc.script.domain_reads(),
        [
            "/beta/password-sync-groups",
            "/beta/password-policies",
            "/beta/password-dictionary"
        ]
    );
}

#[tokio::test]
async fn a_change_reports_the_other_sources_of_its_sync_group() {
    let isc = domain_isc().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .on_progress({
            let seen = seen.clone();
            move |progress| seen.lock().unwrap().push(progress.clone())
        })
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Tr0ub4dor&3-horse"),
        )
        .await
        .unwrap();
    assert!(outcome.is_finished());
    assert_eq!(
        outcome.sharing,
        Some(PasswordSharing::SyncGroup {
            group_id: "g-1".to_owned(),
            group_name: Some("Directory and mail".to_owned()),
            other_source_ids: vec!["src-2".to_owned()],
        })
    );
    let text = outcome.to_string();
    assert!(
        text.contains("shared through sync group \"Directory and mail\" (g-1) with src-2"),
        "{text}"
    );
    assert!(matches!(
        outcome.policy_basis,
        Some(PolicyBasis::Structured { .. })
    ));
    assert!(seen.lock().unwrap().iter().any(|p| matches!(
        p,
        Progress::PolicyChecked {
            basis: PolicyBasis::Structured { .. }
        }
    )));
}

#[tokio::test]
async fn without_the_scopes_the_check_falls_back_to_the_policy_lines_and_says_so() {
    let isc = MockIsc::start(Script::new(&key().spki_base64)).await;
    let refused = Reply::new(403, json!({"error": "insufficient scope"}));
    isc.script
        .set_domain("/beta/password-sync-groups", refused.clone());
    isc.script.set_domain("/beta/password-policies", refused);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = isc.client();
    let passwords = client
        .passwords()
        .with_poll_config(quick_poll())
        .on_progress({
            let seen = seen.clone();
            move |progress| seen.lock().unwrap().push(progress.clone())
        });

    // The lines still refuse what they can tell (at least 5 characters).
    let error = passwords
        .change(&abby(), &AccountChoice::Only, SecretString::from("ab1"))
        .await
        .unwrap_err();
    let PasswordError::PolicyViolated(report) = &error else {
        panic!("expected a policy violation, got {error:?}");
    };
    let fallback = PolicyBasis::Lines {
        why: PolicyFallback::PoliciesUnreadable(LookupFailure::Refused { status: 403 }),
    };
    assert_eq!(report.basis(), Some(&fallback));
    assert!(
        error
            .to_string()
            .contains("policy lines of query-password-info only"),
        "{error}"
    );

    // A password the lines accept goes through; the outcome says what was not known.
    let outcome = passwords
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Qwerty-2024"),
        )
        .await
        .unwrap();
    assert!(outcome.is_finished());
    assert_eq!(outcome.policy_basis.as_ref(), Some(&fallback));
    assert_eq!(
        outcome.sharing,
        Some(PasswordSharing::Unknown(LookupFailure::Refused {
            status: 403
        }))
    );
    let text = outcome.to_string();
    assert!(
        text.contains("unknown whether other sources share it"),
        "{text}"
    );
    assert!(
        text.contains("the password policies could not be read"),
        "{text}"
    );
    assert!(seen
        .lock()
        .unwrap()
        .contains(&Progress::PolicyChecked { basis: fallback }));
}

#[tokio::test]
async fn an_unreadable_dictionary_leaves_its_rule_to_isc_and_says_so() {
    let isc = domain_isc().await;
    isc.script.set_domain(
        "/beta/password-dictionary",
        Reply::new(403, json!({"error": "insufficient scope"})),
    );
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Qwerty-2024-long"),
        )
        .await
        .unwrap();
    let Some(PolicyBasis::Structured { dictionary, .. }) = &outcome.policy_basis else {
        panic!(
            "expected the structured policy, got {:?}",
            outcome.policy_basis
        );
    };
    assert_eq!(
        dictionary,
        &DictionaryUse::Unreadable(LookupFailure::Refused { status: 403 })
    );
}

#[tokio::test]
async fn domain_lookups_can_be_switched_off() {
    let isc = domain_isc().await;
    let outcome = isc
        .client()
        .passwords()
        .with_domain_lookups(false)
        .with_poll_config(quick_poll())
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Qwerty-2024"),
        )
        .await
        .unwrap();
    assert!(isc.script.domain_reads().is_empty());
    assert_eq!(outcome.sharing, None);
    assert_eq!(
        outcome.policy_basis,
        Some(PolicyBasis::Lines {
            why: PolicyFallback::NotLookedUp
        })
    );
}

#[tokio::test]
async fn a_failed_change_names_the_rules_isc_names() {
    let isc = domain_isc().await;
    isc.script.set_statuses(vec![Reply::ok(json!({
        "requestId": "req-1",
        "state": "FAILED",
        "errors": [
            "The password has 13 characters, fewer than the 14 required (passwordMinLength is 14).",
            "The password was used before (passwordHistory is 5)."
        ],
        "sourceIds": ["src-1", "src-2"]
    }))]);
    let outcome = isc
        .client()
        .passwords()
        .with_poll_config(quick_poll())
        .change(
            &abby(),
            &AccountChoice::Only,
            SecretString::from("Tr0ub4dor&3-x"),
        )
        .await
        .unwrap();
    assert!(!outcome.is_finished());
    assert_eq!(
        outcome.failed_rules(),
        ["passwordMinLength", "passwordHistory"]
    );
    let error = outcome.into_result().unwrap_err().to_string();
    assert!(
        error.contains("failed rules: passwordMinLength, passwordHistory"),
        "{error}"
    );
}
