//! The password administration APIs that shape set-password: policies, sync groups and the
//! dictionary, over the same world the password operations use.

mod support;

use isc_emulator::Emulator;
use serde_json::{json, Value};
use support::*;

const POLICIES: &str = "/beta/password-policies";
const POLICIES_V1: &str = "/password-policies/v1";
const GROUPS: &str = "/beta/password-sync-groups";
const GROUPS_V1: &str = "/password-sync-groups/v1";
const DICTIONARY: &str = "/beta/password-dictionary";
const DICTIONARY_V1: &str = "/password-dictionary/v1";

/// The ID of the policy that governs `source` now.
fn policy_id(emulator: &Emulator, source: &str) -> String {
    emulator
        .policy_of_source(source)
        .unwrap_or_else(|| panic!("{source} has a policy"))
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn the_seeded_policies_are_listed_with_every_rule_and_their_sources() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    let reply = api.get(POLICIES, Some(&token)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let list = reply.json();
    let listed = ids(&list);
    assert_eq!(listed.len(), 2, "{list}");
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "ordered by id");

    let corp_id = policy_id(&emulator, CORP_AD);
    let corp = list
        .as_array()
        .unwrap()
        .iter()
        .find(|policy| policy["id"] == corp_id.as_str())
        .expect("corp-standard is listed");
    let created = corp["created"].as_str().expect("created").to_owned();
    assert!(
        chrono::DateTime::parse_from_rfc3339(&created).is_ok(),
        "{created}"
    );
    assert_eq!(
        corp,
        &json!({
            "id": corp_id,
            "name": "corp-standard",
            "description": null,
            "sourceIds": [CORP_AD_ID],
            "minLength": 8,
            "maxLength": 64,
            "minAlpha": 1,
            "minUpper": 0,
            "minLower": 0,
            "minNumeric": 1,
            "minSpecial": 0,
            "minCharacterTypes": -1,
            "maxRepeatedChars": 3,
            "accountIdMinWordLength": -1,
            "accountNameMinWordLength": -1,
            "useDictionary": true,
            "useAccountAttributes": false,
            "useIdentityAttributes": false,
            "validateAgainstAccountId": false,
            "validateAgainstAccountName": false,
            "defaultPolicy": false,
            "enablePasswdExpiration": false,
            "passwordExpiration": 0,
            "firstExpirationReminder": 0,
            "requireStrongAuthn": false,
            "requireStrongAuthOffNetwork": false,
            "requireStrongAuthUntrustedGeographies": false,
            "created": created,
            "modified": created,
        })
    );
    // The v1 family serves the same world.
    assert_eq!(api.get(POLICIES_V1, Some(&token)).await.json(), list);
}

#[tokio::test]
async fn policies_are_created_read_replaced_and_deleted_in_both_families() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let hr_strict = policy_id(&emulator, HR_LDAP);

    // Creating a policy for HR-LDAP takes the source over from hr-strict.
    let created = api
        .post(
            POLICIES_V1,
            Some(&token),
            &json!({
                "name": "hr-relaxed",
                "description": "For the HR directory",
                "sourceIds": [HR_LDAP_ID],
                "minLength": 10,
                "minCharacterTypes": 3,
                "enablePasswdExpiration": true,
                "passwordExpiration": 90,
                "id": "ignored",
                "someFieldIscAdded": { "later": true },
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let created = created.json();
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(id.len(), 32, "{created}");
    assert_ne!(id, "ignored");
    assert_eq!(created["name"], "hr-relaxed");
    assert_eq!(created["description"], "For the HR directory");
    assert_eq!(created["sourceIds"], json!([HR_LDAP_ID]));
    assert_eq!(
        (&created["minLength"], &created["minCharacterTypes"]),
        (&json!(10), &json!(3))
    );
    assert_eq!(created["maxRepeatedChars"], -1, "unset rules are off");
    assert_eq!(created["passwordExpiration"], 90);
    assert_eq!(emulator.policy_of_source(HR_LDAP), Some(id.clone()));
    let old = api
        .get(&format!("{POLICIES}/{hr_strict}"), Some(&token))
        .await;
    assert_eq!(old.status, 200);
    assert_eq!(old.json()["sourceIds"], json!([]), "HR-LDAP moved away");

    for path in [format!("{POLICIES}/{id}"), format!("{POLICIES_V1}/{id}")] {
        let read = api.get(&path, Some(&token)).await;
        assert_eq!(read.status, 200, "{path}");
        assert_eq!(read.json(), created, "{path}");
    }

    // PUT replaces the whole policy (the body's id is ignored), in both families.
    let replaced = api
        .put(
            &format!("{POLICIES}/{id}"),
            Some(&token),
            &json!({ "id": "other", "name": "hr-renamed", "minLength": 12 }),
        )
        .await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    let replaced = replaced.json();
    assert_eq!(replaced["id"], id.as_str());
    assert_eq!(replaced["name"], "hr-renamed");
    assert_eq!(replaced["description"], Value::Null);
    assert_eq!(replaced["sourceIds"], json!([]));
    assert_eq!(replaced["minCharacterTypes"], -1);
    assert_eq!(replaced["created"], created["created"]);
    assert_eq!(
        emulator.policy_of_source(HR_LDAP),
        None,
        "nothing governs it"
    );
    let again = api
        .put(
            &format!("{POLICIES_V1}/{id}"),
            Some(&token),
            &json!({ "name": "hr-v1", "sourceIds": [HR_LDAP_ID, HR_LDAP_ID] }),
        )
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.json()["sourceIds"], json!([HR_LDAP_ID]), "no repeats");
    assert_eq!(emulator.policy_of_source(HR_LDAP), Some(id.clone()));

    let unknown = api
        .put(
            &format!("{POLICIES}/no-such-policy"),
            Some(&token),
            &json!({ "name": "x" }),
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.error_text().contains("no-such-policy"));

    let deleted = api
        .delete(&format!("{POLICIES_V1}/{id}"), Some(&token))
        .await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    assert_eq!(
        api.get(&format!("{POLICIES}/{id}"), Some(&token))
            .await
            .status,
        404
    );
    assert_eq!(
        api.delete(&format!("{POLICIES}/{id}"), Some(&token))
            .await
            .status,
        404
    );
    let deleted = api
        .delete(&format!("{POLICIES}/{hr_strict}"), Some(&token))
        .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(ids(&api.get(POLICIES, Some(&token)).await.json()).len(), 1);

    // The sync group uses corp-standard, so it cannot go.
    let corp = policy_id(&emulator, CORP_AD);
    let refused = api
        .delete(&format!("{POLICIES}/{corp}"), Some(&token))
        .await;
    assert_eq!(refused.status, 400);
    assert!(refused.error_text().contains("sync group"));
}

#[tokio::test]
async fn lists_are_paged_and_counted() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    for n in 0..3 {
        let reply = api
            .post(
                POLICIES,
                Some(&token),
                &json!({ "name": format!("extra-{n}") }),
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    let all = ids(&api.get(POLICIES, Some(&token)).await.json());
    assert_eq!(all.len(), 5);

    let page = api
        .get(
            &format!("{POLICIES_V1}?limit=2&offset=1&count=true"),
            Some(&token),
        )
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(ids(&page.json()), all[1..3]);
    assert_eq!(
        page.headers.get("x-total-count").map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );
    let uncounted = api.get(&format!("{POLICIES}?offset=4"), Some(&token)).await;
    assert_eq!(ids(&uncounted.json()), all[4..]);
    assert!(uncounted.headers.get("x-total-count").is_none());
    let past_the_end = api
        .get(&format!("{POLICIES}?offset=99&count=true"), Some(&token))
        .await;
    assert_eq!(past_the_end.json(), json!([]));
    assert_eq!(
        past_the_end
            .headers
            .get("x-total-count")
            .map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );

    let groups = api
        .get(&format!("{GROUPS_V1}?limit=0&count=true"), Some(&token))
        .await;
    assert_eq!(groups.status, 200);
    assert_eq!(groups.json(), json!([]));
    assert_eq!(
        groups.headers.get("x-total-count").map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );

    for query in [
        "limit=251",
        "limit=-1",
        "limit=ten",
        "offset=-5",
        "count=yes",
    ] {
        for base in [POLICIES, GROUPS] {
            let reply = api.get(&format!("{base}?{query}"), Some(&token)).await;
            assert_eq!(reply.status, 400, "{base}?{query}");
            reply.error_text();
        }
    }
}

#[tokio::test]
async fn malformed_policy_bodies_get_400_and_change_nothing() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let corp = policy_id(&emulator, CORP_AD);
    let before = api.get(POLICIES, Some(&token)).await.json();

    for (body, expected) in [
        (json!({ "minLength": "eight" }), "PasswordPolicy"),
        (json!({ "minLength": 8.5 }), "PasswordPolicy"),
        (json!({ "useDictionary": "yes" }), "PasswordPolicy"),
        (json!({ "sourceIds": CORP_AD_ID }), "PasswordPolicy"),
        (json!({ "sourceIds": ["no-such-source"] }), "no-such-source"),
        (json!({ "minLength": -3 }), "minLength"),
        (json!({ "maxRepeatedChars": -2 }), "maxRepeatedChars"),
        (json!({ "minLength": 8, "maxLength": 4 }), "maxLength"),
        (json!({ "minCharacterTypes": 5 }), "minCharacterTypes"),
        (json!({ "passwordExpiration": -1 }), "passwordExpiration"),
        (json!({ "name": "x".repeat(1001) }), "name"),
        (json!([1, 2]), "PasswordPolicy"),
    ] {
        for (path, put) in [
            (POLICIES.to_owned(), false),
            (format!("{POLICIES_V1}/{corp}"), true),
        ] {
            let reply = if put {
                api.put(&path, Some(&token), &body).await
            } else {
                api.post(&path, Some(&token), &body).await
            };
            assert_eq!(reply.status, 400, "{path} {body}");
            let text = reply.error_text();
            assert!(text.contains(expected), "{text}");
        }
    }
    let not_json = api
        .post_raw(POLICIES, Some(&token), b"{\"name\":".to_vec())
        .await;
    assert_eq!(not_json.status, 400);
    let empty = api.post_raw(POLICIES, Some(&token), Vec::new()).await;
    assert_eq!(empty.status, 400);
    assert!(empty.error_text().contains("empty"));

    // Bodies past the server's limit (2 MiB) get 413 in ISC's error shape. Only just past it:
    // the server stops reading at the limit, and a client still sending much more could see
    // the connection reset before it reads the answer.
    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let too_large = api
        .post_raw(POLICIES, Some(&token), huge.into_bytes())
        .await;
    assert_eq!(too_large.status, 413);
    too_large.error_text();

    assert_eq!(api.get(POLICIES, Some(&token)).await.json(), before);
}

#[tokio::test]
async fn a_replaced_policy_decides_the_next_set_password() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let hr_strict = policy_id(&emulator, HR_LDAP);
    let account = "uid=jlee,ou=people,dc=hr,dc=example,dc=com";

    // hr-strict wants 12 characters of four kinds.
    let status = api
        .change_and_wait(&token, JORDAN, HR_LDAP, "Short-1a")
        .await;
    assert_eq!(status["state"], "FAILED", "{status}");
    assert!(
        status["errors"]
            .to_string()
            .contains("passwordMinLength is 12"),
        "{status}"
    );
    assert_eq!(status["sourceIds"], json!([HR_LDAP_ID]));
    assert!(!emulator.password_matches(HR_LDAP_ID, account, "Short-1a"));

    let relaxed = api
        .put(
            &format!("{POLICIES}/{hr_strict}"),
            Some(&token),
            &json!({ "name": "hr-strict", "sourceIds": [HR_LDAP_ID], "minLength": 8 }),
        )
        .await;
    assert_eq!(relaxed.status, 200, "{:?}", relaxed.body);
    let info = api.password_info(&token, JORDAN, HR_LDAP).await;
    assert_eq!(info["policies"], json!(["passwordMinLength is 8"]));
    let status = api
        .change_and_wait(&token, JORDAN, HR_LDAP, "Short-1a")
        .await;
    assert_eq!(status["state"], "FINISHED", "{status}");
    assert!(emulator.password_matches(HR_LDAP_ID, account, "Short-1a"));

    // minCharacterTypes is enforced and named.
    let mixed = api
        .put(
            &format!("{POLICIES_V1}/{hr_strict}"),
            Some(&token),
            &json!({ "name": "hr-strict", "sourceIds": [HR_LDAP_ID], "minCharacterTypes": 3 }),
        )
        .await;
    assert_eq!(mixed.status, 200);
    let info = api.password_info(&token, JORDAN, HR_LDAP).await;
    assert_eq!(info["policies"], json!(["passwordMinCharType is 3"]));
    let status = api
        .change_and_wait(&token, JORDAN, HR_LDAP, "lowercase1")
        .await;
    assert_eq!(status["state"], "FAILED");
    assert!(
        status["errors"]
            .to_string()
            .contains("passwordMinCharType is 3"),
        "{status}"
    );
    let status = api
        .change_and_wait(&token, JORDAN, HR_LDAP, "Lowercase1")
        .await;
    assert_eq!(status["state"], "FINISHED", "{status}");
}

#[tokio::test]
async fn a_change_on_a_synced_source_changes_every_member_source() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    assert_eq!(
        emulator.sync_group_of_source(CORP_MAIL).as_deref(),
        Some(SYNC_GROUP_ID)
    );
    // Corp-Mail lists no policy of its own: its group's policy governs it.
    let corp = policy_id(&emulator, CORP_AD);
    assert_eq!(emulator.policy_of_source(CORP_MAIL_ID), Some(corp));
    assert_eq!(
        api.password_info(&token, JORDAN, CORP_MAIL).await["policies"],
        api.password_info(&token, JORDAN, CORP_AD).await["policies"]
    );

    let status = api
        .change_and_wait(&token, JORDAN, CORP_AD, "Synced-pa55w0rd")
        .await;
    assert_eq!(status["state"], "FINISHED", "{status}");
    assert_eq!(status["sourceIds"], json!([CORP_AD_ID, CORP_MAIL_ID]));
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Synced-pa55w0rd"));
    assert!(emulator.password_matches(CORP_MAIL_ID, JORDAN_MAIL_ACCOUNT, "Synced-pa55w0rd"));
    let hr_account = "uid=jlee,ou=people,dc=hr,dc=example,dc=com";
    assert!(
        !emulator.password_matches(HR_LDAP_ID, hr_account, "Synced-pa55w0rd"),
        "HR-LDAP is not in the group"
    );

    // From the other side, the changed source comes first.
    let status = api
        .change_and_wait(&token, JORDAN, CORP_MAIL, "From-the-ma1l")
        .await;
    assert_eq!(status["sourceIds"], json!([CORP_MAIL_ID, CORP_AD_ID]));
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "From-the-ma1l"));

    // A failed change reaches no member.
    let status = api
        .change_and_wait(&token, JORDAN, CORP_MAIL, "short")
        .await;
    assert_eq!(status["state"], "FAILED");
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "From-the-ma1l"));
    assert!(emulator.password_matches(CORP_MAIL_ID, JORDAN_MAIL_ACCOUNT, "From-the-ma1l"));
}

#[tokio::test]
async fn sync_groups_are_created_read_replaced_and_deleted_in_both_families() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let corp = policy_id(&emulator, CORP_AD);
    let hr_strict = policy_id(&emulator, HR_LDAP);

    let list = api.get(GROUPS, Some(&token)).await;
    assert_eq!(list.status, 200);
    let seeded = list.json()[0].clone();
    assert_eq!(seeded["id"], SYNC_GROUP_ID);
    assert_eq!(seeded["name"], "Corporate directory and mail");
    assert_eq!(seeded["passwordPolicyId"], corp.as_str());
    assert_eq!(seeded["sourceIds"], json!([CORP_AD_ID, CORP_MAIL_ID]));
    assert!(seeded["created"].is_string() && seeded["modified"].is_string());
    assert_eq!(
        api.get(&format!("{GROUPS_V1}/{SYNC_GROUP_ID}"), Some(&token))
            .await
            .json(),
        seeded
    );

    let created = api
        .post(
            GROUPS_V1,
            Some(&token),
            &json!({ "name": "HR", "passwordPolicyId": hr_strict, "sourceIds": [HR_LDAP_ID] }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let created = created.json();
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(id.matches('-').count(), 4, "uuid-shaped: {id}");
    assert_eq!(emulator.sync_group_of_source(HR_LDAP), Some(id.clone()));
    assert_eq!(
        api.get(&format!("{GROUPS}/{id}"), Some(&token))
            .await
            .json(),
        created
    );

    for (body, expected) in [
        (
            json!({ "name": "Twice", "passwordPolicyId": corp, "sourceIds": [CORP_AD_ID] }),
            "already belongs",
        ),
        (
            json!({ "name": "Lost", "passwordPolicyId": "no-such-policy" }),
            "no-such-policy",
        ),
        (
            json!({ "name": "Lost", "passwordPolicyId": corp, "sourceIds": ["nope"] }),
            "nope",
        ),
        (json!({ "passwordPolicyId": corp }), "name is required"),
        (
            json!({ "name": "No policy" }),
            "passwordPolicyId is required",
        ),
        (
            json!({ "name": "Bad", "passwordPolicyId": corp, "sourceIds": "x" }),
            "PasswordSyncGroup",
        ),
    ] {
        let reply = api.post(GROUPS, Some(&token), &body).await;
        assert_eq!(reply.status, 400, "{body}");
        let text = reply.error_text();
        assert!(text.contains(expected), "{text}");
    }

    // Corp-AD leaves the seeded group, which now puts Corp-Mail under hr-strict.
    let replaced = api
        .put(
            &format!("{GROUPS}/{SYNC_GROUP_ID}"),
            Some(&token),
            &json!({ "name": "Mail only", "passwordPolicyId": hr_strict, "sourceIds": [CORP_MAIL_ID] }),
        )
        .await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_eq!(replaced.json()["created"], seeded["created"]);
    assert_eq!(emulator.sync_group_of_source(CORP_AD), None);
    assert_eq!(
        emulator.policy_of_source(CORP_MAIL),
        Some(hr_strict.clone())
    );
    let status = api
        .change_and_wait(&token, JORDAN, CORP_AD, "Alone-again-1")
        .await;
    assert_eq!(status["sourceIds"], json!([CORP_AD_ID]));
    assert!(!emulator.password_matches(CORP_MAIL_ID, JORDAN_MAIL_ACCOUNT, "Alone-again-1"));
    let status = api
        .change_and_wait(&token, JORDAN, CORP_MAIL, "Mail-only-1")
        .await;
    assert_eq!(status["state"], "FAILED", "{status}");
    assert!(
        status["errors"]
            .to_string()
            .contains("passwordMinLength is 12"),
        "hr-strict governs Corp-Mail now: {status}"
    );

    let renamed = api
        .put(
            &format!("{GROUPS_V1}/{id}"),
            Some(&token),
            &json!({ "name": "HR v1", "passwordPolicyId": hr_strict, "sourceIds": [HR_LDAP_ID] }),
        )
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    assert_eq!(renamed.json()["name"], "HR v1");

    assert_eq!(
        api.delete(&format!("{GROUPS_V1}/{id}"), Some(&token))
            .await
            .status,
        204
    );
    assert_eq!(
        api.delete(&format!("{GROUPS}/{SYNC_GROUP_ID}"), Some(&token))
            .await
            .status,
        204
    );
    assert_eq!(
        api.delete(&format!("{GROUPS}/{id}"), Some(&token))
            .await
            .status,
        404
    );
    assert_eq!(
        api.get(&format!("{GROUPS_V1}/{SYNC_GROUP_ID}"), Some(&token))
            .await
            .status,
        404
    );
    assert_eq!(emulator.policy_of_source(CORP_MAIL), None);
    assert_eq!(api.get(GROUPS, Some(&token)).await.json(), json!([]));
}

#[tokio::test]
async fn an_uploaded_dictionary_is_served_back_and_enforced_case_insensitively() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    let seeded = api.get(DICTIONARY, Some(&token)).await;
    assert_eq!(seeded.status, 200);
    assert_eq!(
        seeded.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/plain; charset=utf-8"[..])
    );
    assert_eq!(
        std::str::from_utf8(&seeded.body).unwrap(),
        "password\nqwerty\nletmein\nsailpoint\nwelcome\n"
    );

    let file = "# Banned on every corporate system\nlocale=en_US\n\nHunter2\nTr0ub4dor\n";
    let uploaded = api
        .upload(DICTIONARY_V1, Some(&token), file.as_bytes())
        .await;
    assert_eq!(uploaded.status, 200, "{:?}", uploaded.body);
    assert!(uploaded.body.is_empty());
    assert_eq!(emulator.dictionary_words(), ["Hunter2", "Tr0ub4dor"]);
    let served = api.get(DICTIONARY_V1, Some(&token)).await;
    assert_eq!(std::str::from_utf8(&served.body).unwrap(), file);

    // Corp-AD's policy uses the dictionary: a password containing a word, in any case, fails.
    let status = api
        .change_and_wait(&token, JORDAN, CORP_AD, "my-HUNTER2-key")
        .await;
    assert_eq!(status["state"], "FAILED", "{status}");
    let errors = status["errors"].to_string();
    assert!(errors.contains("passwordDictionary is enabled"), "{errors}");
    let lower = errors.to_lowercase();
    assert!(
        !lower.contains("hunter2") && !lower.contains("my-"),
        "neither the word nor the password is echoed: {errors}"
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));
    // The upload replaced the seeded words, so "password" is allowed again.
    let status = api
        .change_and_wait(&token, JORDAN, CORP_AD, "Password-2024")
        .await;
    assert_eq!(status["state"], "FINISHED", "{status}");
}

#[tokio::test]
async fn the_dictionary_applies_only_where_the_policy_uses_it() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let banned = "Welcome-2-the-jungle";

    // hr-strict does not use the dictionary.
    let status = api.change_and_wait(&token, JORDAN, HR_LDAP, banned).await;
    assert_eq!(status["state"], "FINISHED", "{status}");
    let status = api.change_and_wait(&token, JORDAN, CORP_AD, banned).await;
    assert_eq!(status["state"], "FAILED", "{status}");
    assert!(status["errors"].to_string().contains("passwordDictionary"));

    let corp = policy_id(&emulator, CORP_AD);
    let mut policy = api
        .get(&format!("{POLICIES}/{corp}"), Some(&token))
        .await
        .json();
    policy["useDictionary"] = json!(false);
    let reply = api
        .put(&format!("{POLICIES}/{corp}"), Some(&token), &policy)
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.json()["sourceIds"], json!([CORP_AD_ID]), "round trip");
    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    assert!(!info["policies"].to_string().contains("passwordDictionary"));
    let status = api.change_and_wait(&token, JORDAN, CORP_AD, banned).await;
    assert_eq!(status["state"], "FINISHED", "{status}");
}

#[tokio::test]
async fn bad_dictionary_uploads_get_400_or_413_and_keep_the_old_words() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let seeded = emulator.dictionary_words();

    let too_long = format!("fine\n{}\n", "x".repeat(129));
    let too_many = "w\n".repeat(2_501);
    for (file, expected) in [
        (&b"fine\n# comment\ntwo words\n"[..], "Line 3"),
        (too_long.as_bytes(), "Line 2"),
        (too_many.as_bytes(), "2500"),
        (&b"fine\n\xff\xfe\n"[..], "line 2"),
    ] {
        let reply = api.upload(DICTIONARY, Some(&token), file).await;
        assert_eq!(reply.status, 400);
        let text = reply.error_text();
        assert!(text.contains(expected), "{text}");
    }

    let not_multipart = api
        .send(
            reqwest::Method::PUT,
            DICTIONARY,
            Some(&token),
            Some(("application/json", b"[\"password\"]".to_vec())),
        )
        .await;
    assert_eq!(not_multipart.status, 400);
    assert!(not_multipart.error_text().contains("multipart/form-data"));

    let (content_type, body) = multipart_file(b"word\n");
    let renamed = String::from_utf8(body)
        .unwrap()
        .replace("name=\"file\"", "name=\"upload\"");
    let no_file_part = api
        .send(
            reqwest::Method::PUT,
            DICTIONARY_V1,
            Some(&token),
            Some((&content_type, renamed.into_bytes())),
        )
        .await;
    assert_eq!(no_file_part.status, 400);
    assert!(no_file_part.error_text().contains("\"file\""));

    let truncated = api
        .send(
            reqwest::Method::PUT,
            DICTIONARY,
            Some(&token),
            Some((
                &content_type,
                b"--emulator-test-boundary-7f3a\r\nContent-Dispo".to_vec(),
            )),
        )
        .await;
    assert_eq!(truncated.status, 400);
    truncated.error_text();

    // Just past the 1 MiB limit, once the form's own lines are counted.
    let huge = "a\n".repeat(512 * 1024);
    let too_large = api
        .upload(DICTIONARY_V1, Some(&token), huge.as_bytes())
        .await;
    assert_eq!(too_large.status, 413);
    too_large.error_text();

    assert_eq!(emulator.dictionary_words(), seeded);
}

#[tokio::test]
async fn without_a_seeded_dictionary_reading_it_is_404() {
    let mut seed = isc_emulator::Seed::embedded().expect("seed");
    seed.dictionary = None;
    let emulator = start(config().with_seed(seed)).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let reply = api.get(DICTIONARY_V1, Some(&token)).await;
    assert_eq!(reply.status, 404);
    assert!(reply.error_text().contains("no password dictionary"));
    assert!(emulator.dictionary_words().is_empty());
    // corp-standard uses the dictionary, but there is none: nothing is banned.
    let status = api
        .change_and_wait(&token, JORDAN, CORP_AD, "Password-2024")
        .await;
    assert_eq!(status["state"], "FINISHED", "{status}");
}
