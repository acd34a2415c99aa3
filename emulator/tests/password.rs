//! The emulator's password endpoints, driven with plain `reqwest` and the `rsa` crate.

mod support;

use std::time::Duration;

use isc_emulator::{ChangeState, EmulatorConfig, UserToken};
use serde_json::json;
use support::*;

#[tokio::test]
async fn query_password_info_returns_the_key_accounts_and_policy() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    let info = api.password_info(&token, SAM, CORP_AD).await;
    assert_eq!(info["sourceId"], CORP_AD_ID);
    let accounts = info["accounts"].as_array().expect("accounts");
    assert_eq!(accounts.len(), 2, "Sam has two Corp-AD accounts: {info}");
    assert_eq!(accounts[1]["accountName"], "Sam.Rivera.admin");
    assert_eq!(
        info["policies"],
        json!([
            "passwordMinLength is 8",
            "passwordMaxLength is 64",
            "passwordMinAlpha is 1",
            "passwordMinNumeric is 1",
            "passwordRepeatedChar is 3",
            "passwordDictionary is enabled"
        ])
    );
    // The key is usable as documented (base64 DER SubjectPublicKeyInfo).
    encrypt(info["publicKey"].as_str().expect("publicKey"), "probe");

    // Each source has its own key pair and key ID.
    let hr = api.password_info(&token, JORDAN, HR_LDAP).await;
    assert_ne!(hr["publicKeyId"], info["publicKeyId"]);
    assert_ne!(hr["publicKey"], info["publicKey"]);
}

#[tokio::test]
async fn a_password_change_is_decrypted_checked_and_applied_after_the_delay() {
    let emulator = start(config().with_completion_delay(Duration::from_millis(200))).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));

    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    let reply = api
        .post(
            "/beta/set-password",
            Some(&token),
            &Api::change_request(&info, "Brand-new-pa55"),
        )
        .await;
    assert_eq!(reply.status, 202);
    let accepted = reply.json();
    assert_eq!(accepted["state"], "IN_PROGRESS");
    let request_id = accepted["requestId"].as_str().expect("requestId");

    // Not applied yet: the change is still in progress.
    assert_eq!(
        emulator.change_state(request_id),
        Some(ChangeState::InProgress)
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));
    let early = api
        .get(
            &format!("/beta/password-change-status/{request_id}"),
            Some(&token),
        )
        .await;
    assert_eq!(early.json()["state"], "IN_PROGRESS");

    let status = api.final_status(&token, request_id).await;
    assert_eq!(
        status,
        json!({
            "requestId": request_id,
            "state": "FINISHED",
            "errors": [],
            // Corp-AD is in a sync group with Corp-Mail, which the change reached too.
            "sourceIds": [CORP_AD_ID, CORP_MAIL_ID],
        })
    );
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Brand-new-pa55"));
    assert!(!emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));
}

#[tokio::test]
async fn a_password_breaking_the_policy_fails_with_errors_and_is_not_stored() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let info = api.password_info(&token, JORDAN, CORP_AD).await;

    let reply = api
        .post(
            "/beta/set-password",
            Some(&token),
            &Api::change_request(&info, "short"),
        )
        .await;
    assert_eq!(
        reply.status, 202,
        "policy is checked asynchronously, as ISC does"
    );
    let request_id = reply.json()["requestId"]
        .as_str()
        .expect("requestId")
        .to_string();

    let status = api.final_status(&token, &request_id).await;
    assert_eq!(status["state"], "FAILED");
    let errors = status["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{status}");
    assert!(errors[0]
        .as_str()
        .expect("text")
        .contains("passwordMinLength is 8"));
    assert!(errors[1]
        .as_str()
        .expect("text")
        .contains("passwordMinNumeric is 1"));
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));
    assert_eq!(
        emulator.change_state(&request_id),
        Some(ChangeState::Failed)
    );
}

#[tokio::test]
async fn invalid_set_password_requests_get_400_error_response_dtos() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    let good = Api::change_request(&info, "Valid-passw0rd");

    let not_json = api
        .post_raw(
            "/beta/set-password",
            Some(&token),
            b"{\"identityId\":".to_vec(),
        )
        .await;
    assert_eq!(not_json.status, 400);
    assert!(not_json.error_text().contains("PasswordChangeRequest"));

    let mut missing_account = good.clone();
    missing_account
        .as_object_mut()
        .expect("object")
        .remove("accountId");
    let reply = api
        .post("/beta/set-password", Some(&token), &missing_account)
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_text(), "accountId is required.");

    let mut wrong_key = good.clone();
    wrong_key["publicKeyId"] = json!("c29tZS1vdGhlci1rZXk=");
    let reply = api
        .post("/beta/set-password", Some(&token), &wrong_key)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.error_text().contains("query the password info again"));

    // Encrypted for HR-LDAP's key but sent with Corp-AD's key ID.
    let hr = api.password_info(&token, JORDAN, HR_LDAP).await;
    let mut wrong_ciphertext = good.clone();
    wrong_ciphertext["encryptedPassword"] = json!(encrypt(
        hr["publicKey"].as_str().expect("key"),
        "Valid-passw0rd"
    ));
    let reply = api
        .post("/beta/set-password", Some(&token), &wrong_ciphertext)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.error_text().contains("could not be decrypted"));

    let mut not_base64 = good.clone();
    not_base64["encryptedPassword"] = json!("***");
    let reply = api
        .post("/beta/set-password", Some(&token), &not_base64)
        .await;
    assert_eq!(reply.status, 400);

    let mut foreign_account = good.clone();
    foreign_account["accountId"] = json!("CN=Sam Rivera,OU=Sales,DC=corp,DC=example,DC=com");
    let reply = api
        .post("/beta/set-password", Some(&token), &foreign_account)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.error_text().contains("is not an account of identity"));

    let missing_user = api
        .post(
            "/beta/query-password-info",
            Some(&token),
            &json!({ "sourceName": CORP_AD }),
        )
        .await;
    assert_eq!(missing_user.status, 400);
    assert_eq!(missing_user.error_text(), "userName is required.");

    // Nothing was accepted, so nothing changed.
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Initial-Passw0rd"));
}

#[tokio::test]
async fn unknown_status_ids_get_404() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let reply = api
        .get("/beta/password-change-status/no-such-request", Some(&token))
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["detailCode"], "404 Not found");
    assert!(reply.error_text().contains("no-such-request"));
}

#[tokio::test]
async fn a_user_token_changes_its_own_password_but_not_someone_elses() {
    let emulator = start(
        config()
            .with_user_token(UserToken::new("jordan-pat", JORDAN))
            .with_user_token(UserToken::new("sam-pat", SAM)),
    )
    .await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let info = api.password_info(&token, JORDAN, CORP_AD).await;
    let request = Api::change_request(&info, "Jordans-0wn-pass");

    let by_sam = api
        .post("/beta/set-password", Some("sam-pat"), &request)
        .await;
    assert_eq!(by_sam.status, 403);

    let by_jordan = api
        .post("/beta/set-password", Some("jordan-pat"), &request)
        .await;
    assert_eq!(by_jordan.status, 202);
    let request_id = by_jordan.json()["requestId"]
        .as_str()
        .expect("id")
        .to_string();
    let status_path = format!("/beta/password-change-status/{request_id}");
    assert_eq!(api.get(&status_path, Some("sam-pat")).await.status, 403);
    let status = api.final_status("jordan-pat", &request_id).await;
    assert_eq!(status["state"], "FINISHED");
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Jordans-0wn-pass"));
}

#[tokio::test]
async fn digit_tokens_follow_the_length_and_duration_rules() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let path = "/beta/generate-password-reset-token/digit";

    let default = api
        .post(path, Some(&token), &json!({ "userId": JORDAN }))
        .await;
    assert_eq!(default.status, 200);
    let body = default.json();
    let digits = body["digitToken"].as_str().expect("digitToken");
    assert_eq!(digits.len(), 6);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()));
    assert!(body["requestId"].is_string());
    assert!(emulator.digit_token_is_valid(JORDAN, digits));
    assert!(!emulator.digit_token_is_valid(SAM, digits));

    let longest = api
        .post(
            path,
            Some(&token),
            &json!({ "userId": JORDAN, "length": 18, "durationMinutes": 1 }),
        )
        .await;
    assert_eq!(
        longest.json()["digitToken"].as_str().map(str::len),
        Some(18)
    );

    for bad in [
        json!({ "userId": JORDAN, "length": 5 }),
        json!({ "userId": JORDAN, "length": 19 }),
        json!({ "userId": JORDAN, "durationMinutes": 0 }),
        json!({ "userId": "Nobody" }),
        json!({ "length": 8 }),
        json!({ "userId": JORDAN, "length": "eight" }),
    ] {
        let reply = api.post(path, Some(&token), &bad).await;
        assert_eq!(reply.status, 400, "{bad}");
        reply.error_text();
    }
}

#[tokio::test]
async fn a_custom_seed_replaces_the_embedded_one() {
    let emulator = start(
        EmulatorConfig::default()
            .with_seed(isc_emulator::Seed::synthetic(3))
            .with_completion_delay(Duration::from_millis(10)),
    )
    .await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let info = api.password_info(&token, "user0003", "Load-AD").await;
    assert_eq!(
        info["accounts"][0]["accountId"],
        "CN=user0003,OU=Load,DC=example,DC=com"
    );
    let unknown = api
        .post(
            "/beta/query-password-info",
            Some(&token),
            &json!({ "userName": JORDAN, "sourceName": "Load-AD" }),
        )
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn the_v1_paths_serve_the_same_world_as_the_beta_paths() {
    let emulator = start(config().with_completion_delay(Duration::from_millis(50))).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let reply = api
        .post(
            "/query-password-info/v1",
            Some(&token),
            &json!({ "userName": JORDAN, "sourceName": CORP_AD }),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let info = reply.json();
    // The same source key as the beta path hands out.
    assert_eq!(
        info["publicKeyId"],
        api.password_info(&token, JORDAN, CORP_AD).await["publicKeyId"]
    );
    let accepted = api
        .post(
            "/set-password/v1",
            Some(&token),
            &Api::change_request(&info, "Versioned-pa55"),
        )
        .await;
    assert_eq!(accepted.status, 202, "{:?}", accepted.body);
    let request_id = accepted.json()["requestId"].as_str().unwrap().to_owned();
    // A change made through v1 is visible through both families.
    let status = api.final_status(&token, &request_id).await;
    assert_eq!(status["state"], "FINISHED");
    let through_v1 = api
        .get(
            &format!("/password-change-status/v1/{request_id}"),
            Some(&token),
        )
        .await;
    assert_eq!(through_v1.json()["state"], "FINISHED");
    assert!(emulator.password_matches(CORP_AD_ID, JORDAN_AD_ACCOUNT, "Versioned-pa55"));
}

#[tokio::test]
async fn the_v1_digit_token_is_experimental_and_refused_without_the_header() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let path = "/generate-password-reset-token/v1/digit";
    let refused = api
        .post(path, Some(&token), &json!({ "userId": JORDAN }))
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.error_text().contains("X-SailPoint-Experimental"),
        "{}",
        refused.error_text()
    );
    let accepted = reply(
        reqwest::Client::new()
            .post(format!("{}{path}", emulator.base_url()))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .header("X-SailPoint-Experimental", "true")
            .body(json!({ "userId": JORDAN }).to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(accepted.status, 200, "{:?}", accepted.body);
    let body = accepted.json();
    let digits = body["digitToken"].as_str().unwrap();
    assert!(emulator.digit_token_is_valid(JORDAN, digits));
}
