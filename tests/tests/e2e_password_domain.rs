//! The change workflow over the whole password domain, end to end against the emulator, whose
//! policies, sync groups and dictionary make one world: a change on a source in a sync group
//! reaches and reports the other members, the structured policy and the dictionary refuse a
//! password before anything is sent, and a client without the scopes to read them falls back
//! to the `policies` lines and says so.

mod e2e_support;

use e2e_support::*;
use isc_emulator::{ClientCredentials, Route};
use sailpoint_beta::runtime;
use sailpoint_password::{
    AccountChoice, Constraint, DictionaryUse, LookupFailure, PasswordError, PasswordSharing,
    PasswordsExt as _, PolicyBasis, PolicyFallback,
};
use secrecy::SecretString;

#[tokio::test]
async fn a_change_in_a_sync_group_reaches_and_reports_every_other_member() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Fresh-passw0rd-42"),
        )
        .await
        .expect("the change completes")
        .into_result()
        .expect("FINISHED");
    assert_eq!(
        outcome.sharing,
        Some(PasswordSharing::SyncGroup {
            group_id: SYNC_GROUP_ID.to_owned(),
            group_name: Some("Corporate directory and mail".to_owned()),
            other_source_ids: vec![CORP_MAIL_ID.to_owned()],
        })
    );
    assert!(
        outcome.to_string().contains(CORP_MAIL_ID),
        "the outcome names the other member: {outcome}"
    );
    // ISC changed it on both members, and says so in the status too.
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Fresh-passw0rd-42"));
    assert!(emulator.password_matches(CORP_MAIL_ID, JORDAN_MAIL_ACCOUNT, "Fresh-passw0rd-42"));
    assert!(outcome.source_ids.iter().any(|id| id == CORP_MAIL_ID));
    let Some(PolicyBasis::Structured {
        policy_name,
        dictionary,
        ..
    }) = &outcome.policy_basis
    else {
        panic!(
            "checked against the structured policy: {:?}",
            outcome.policy_basis
        );
    };
    assert_eq!(policy_name.as_deref(), Some("corp-standard"));
    assert_eq!(dictionary, &DictionaryUse::Checked { words: 5 });
}

#[tokio::test]
async fn the_dictionary_and_the_current_policy_refuse_a_password_before_anything_is_sent() {
    let emulator = start(config()).await;
    let client = client(&emulator);
    let passwords = client.passwords().with_poll_config(quick_polls());

    // Meets every rule the `policies` lines state, but contains a dictionary word.
    let error = passwords
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Welcome-2024"),
        )
        .await
        .expect_err("refused locally");
    let PasswordError::PolicyViolated(report) = &error else {
        panic!("expected a policy violation, got {error:?}");
    };
    let broken: Vec<Constraint> = report.violations().iter().map(|v| v.constraint).collect();
    assert_eq!(broken, [Constraint::NoDictionaryWord]);

    // An administrator tightens the policy; the very next change is checked against it.
    let policies = client
        .password_policies()
        .list_password_policies()
        .send()
        .await
        .expect("policies")
        .into_inner();
    let mut standard = policies
        .into_iter()
        .find(|policy| policy.name.as_deref() == Some("corp-standard"))
        .expect("corp-standard");
    let id = standard.id.clone().expect("an id");
    standard.min_length = Some(20);
    client
        .password_policies()
        .set_password_policy(&id, &standard)
        .send()
        .await
        .expect("policy replaced");
    let error = passwords
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Fresh-passw0rd-42"),
        )
        .await
        .expect_err("refused locally");
    let PasswordError::PolicyViolated(report) = &error else {
        panic!("expected a policy violation, got {error:?}");
    };
    let broken: Vec<Constraint> = report.violations().iter().map(|v| v.constraint).collect();
    assert_eq!(broken, [Constraint::MinLength(20)]);

    assert_eq!(emulator.count(Route::SetPassword), 0, "nothing was sent");
}

#[tokio::test]
async fn without_the_scopes_to_read_the_domain_the_check_falls_back_and_says_so() {
    let narrow = ClientCredentials::new("narrow-client", "narrow-secret").with_scopes([
        "idn:password-info:read",
        "idn:password-change:manage",
        "idn:password-change:read",
    ]);
    let emulator = start(config().add_client(narrow)).await;
    let client: sailpoint_beta::Client = runtime::Client::builder()
        .base_url(emulator.base_url())
        .client_id("narrow-client")
        .client_secret(SecretString::from("narrow-secret"))
        .retry(quick_retry())
        .build()
        .expect("client builds")
        .into();

    // The lines know no dictionary, so the word gets through the local check; ISC refuses it.
    let outcome = client
        .passwords()
        .with_poll_config(quick_polls())
        .change(
            &jordan_on_corp_ad(),
            &AccountChoice::Only,
            secret("Welcome-2024"),
        )
        .await
        .expect("a final state");
    let refused = LookupFailure::Refused { status: 403 };
    assert_eq!(
        outcome.policy_basis,
        Some(PolicyBasis::Lines {
            why: PolicyFallback::PoliciesUnreadable(refused.clone())
        })
    );
    assert_eq!(outcome.sharing, Some(PasswordSharing::Unknown(refused)));
    assert!(!outcome.is_finished(), "ISC enforced the dictionary");
    assert_eq!(outcome.failed_rules(), ["passwordDictionary"]);
    let text = outcome.to_string();
    assert!(
        text.contains("the password policies could not be read"),
        "{text}"
    );
    assert!(
        text.contains("unknown whether other sources share it"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("welcome-2024"), "{text}");
}
