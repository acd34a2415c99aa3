//! The password domain beside Password Management (policies, the dictionary, custom
//! instructions), in both generated crates, driven through their typed mocks: each operation
//! reaches the documented path with the documented body, and answers decode with members the
//! spec does not describe beside the ones it does.

use sailpoint_beta::mock;
use sailpoint_beta::models::{
    CustomPasswordInstruction, PasswordPageId, PasswordPolicy, PutPasswordDictionaryRequest,
};

/// A policy as ISC sends it, with a member our spec does not describe (`dateCreated`).
fn policy_json() -> serde_json::Value {
    serde_json::json!({
        "id": "p-1",
        "name": "Corporate standard",
        "description": null,
        "sourceIds": ["source-a"],
        "minLength": 8,
        "maxLength": 0,
        "maxRepeatedChars": -1,
        "useDictionary": true,
        "dateCreated": 1639056206564_i64
    })
}

#[tokio::test]
async fn a_policy_reads_back_every_rule_beside_members_the_spec_does_not_name() {
    let policy: PasswordPolicy =
        serde_json::from_value(policy_json()).expect("a documented policy");
    let get = mock::get_password_policy_by_id()
        .match_request(|r| r.raw().url().path() == "/beta/password-policies/p-1")
        .then_output(policy);
    let client = mock::client([get.clone()]);
    let read = client
        .password_policies()
        .get_password_policy_by_id("p-1")
        .send()
        .await
        .expect("the policy")
        .into_inner();
    assert_eq!(read.min_length, Some(8));
    assert_eq!(read.max_repeated_chars, Some(-1));
    assert_eq!(read.use_dictionary, Some(true));
    // Every described member survives a round trip; `null` stays `null`.
    let mut described = policy_json();
    described
        .as_object_mut()
        .map(|members| members.remove("dateCreated"));
    assert_eq!(serde_json::to_value(&read).expect("json"), described);
    assert_eq!(get.num_calls(), 1);
}

#[tokio::test]
async fn a_new_policy_sends_only_the_rules_it_sets() {
    let create = mock::create_password_policy()
        .match_request(|r| {
            let sent: serde_json::Value = r.raw().json_body().unwrap_or_default();
            sent == serde_json::json!({"name": "Strict", "sourceIds": ["s"], "minLength": 12})
        })
        .then_output(serde_json::from_value(policy_json()).expect("policy"));
    let client = mock::client([create.clone()]);
    // Rules left unset stay out of the body, so ISC applies their switched-off values.
    let policy = PasswordPolicy::new()
        .with_name("Strict")
        .with_source_ids(vec!["s".to_owned()])
        .with_min_length(12);
    client
        .password_policies()
        .create_password_policy(&policy)
        .send()
        .await
        .expect("created");
    assert_eq!(create.num_calls(), 1);
}

#[tokio::test]
async fn the_dictionary_is_read_as_text_and_replaced_as_a_file_part() {
    let text = "# banned\nlocale=en_US\npassword\nqwerty\n";
    let get = mock::get_password_dictionary()
        .match_request(|r| r.raw().url().path() == "/beta/password-dictionary")
        .then_output(text.to_owned());
    let put = mock::put_password_dictionary()
        .match_request(|r| {
            let content_type = r.raw().header("content-type").unwrap_or_default();
            let body = r.raw().text_body();
            content_type.starts_with("multipart/form-data; boundary=")
                && body.contains("name=\"file\"")
                && body.contains("letmein\n")
        })
        .then_output(());
    let client = mock::client([get, put.clone()]);
    let api = client.password_dictionary();
    let read = api.get_password_dictionary().send().await.expect("text");
    assert_eq!(read.as_str(), text);

    let file = PutPasswordDictionaryRequest::new().with_file(b"password\nletmein\n".to_vec());
    api.put_password_dictionary(&file)
        .send()
        .await
        .expect("replaced");
    assert_eq!(put.num_calls(), 1);
}

#[tokio::test]
async fn instructions_are_addressed_by_page_and_locale() {
    let get = mock::get_custom_password_instructions()
        .match_request(|r| {
            r.raw().path_param("pageId") == Some("mfa:select")
                && r.raw().query_param("locale") == Some("fr-CA")
        })
        .then_output(
            CustomPasswordInstruction::new()
                .with_page_id(PasswordPageId::MfaSelect)
                .with_page_content("Choisissez une méthode.")
                .with_locale("fr-CA"),
        );
    let client = mock::client([get]);
    let read = client
        .custom_password_instructions()
        .get_custom_password_instructions(&PasswordPageId::MfaSelect)
        .locale("fr-CA")
        .send()
        .await
        .expect("instructions")
        .into_inner();
    assert_eq!(read.page_id, Some(PasswordPageId::MfaSelect));
    // A page ISC adds later still reads, and travels back verbatim.
    let later: PasswordPageId = serde_json::from_str("\"passkey:enroll\"").expect("unknown page");
    assert_eq!(
        serde_json::to_string(&later).expect("json"),
        "\"passkey:enroll\""
    );
}

#[tokio::test]
async fn the_v1_crate_reaches_the_versioned_paths() {
    use sailpoint_password_v1::mock as v1;
    let list = v1::list_password_policies()
        .match_request(|r| r.raw().url().path() == "/password-policies/v1")
        .then_output(vec![serde_json::from_value(policy_json()).expect("policy")]);
    let groups = v1::get_password_sync_groups()
        .match_request(|r| r.raw().url().path() == "/password-sync-groups/v1")
        .then_output(Vec::new());
    let client = v1::client([list, groups]);
    let policies = client
        .password_policies()
        .list_password_policies()
        .send()
        .await
        .expect("policies")
        .into_inner();
    assert_eq!(policies[0].name.as_deref(), Some("Corporate standard"));
    let groups = client
        .password_sync_groups()
        .get_password_sync_groups()
        .send()
        .await
        .expect("groups");
    assert!(groups.is_empty());
}
