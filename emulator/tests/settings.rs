//! The password org config, custom password instructions, the scopes of the administration
//! APIs, and which route every path of both families belongs to.

mod support;

use isc_emulator::{ClientCredentials, Route, Seed};
use reqwest::Method;
use serde_json::json;
use support::*;

const ORG_CONFIG: &str = "/beta/password-org-config";
const ORG_CONFIG_V1: &str = "/password-org-config/v1";
const INSTRUCTIONS: &str = "/beta/custom-password-instructions";
const INSTRUCTIONS_V1: &str = "/custom-password-instructions/v1";
const DIGIT_TOKEN: &str = "/beta/generate-password-reset-token/digit";

#[tokio::test]
async fn the_org_config_is_read_and_updated_field_by_field_and_steers_digit_tokens() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let seeded = json!({
        "customInstructionsEnabled": false,
        "digitTokenEnabled": true,
        "digitTokenDurationMinutes": 5,
        "digitTokenLength": 6,
    });
    for path in [ORG_CONFIG, ORG_CONFIG_V1] {
        let reply = api.get(path, Some(&token)).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.json(), seeded, "{path}");
    }
    let twice = api
        .post(
            ORG_CONFIG_V1,
            Some(&token),
            &json!({ "digitTokenLength": 8 }),
        )
        .await;
    assert_eq!(twice.status, 400);
    assert!(twice.error_text().contains("already"));

    let updated = api
        .put(ORG_CONFIG, Some(&token), &json!({ "digitTokenLength": 8 }))
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(
        updated.json(),
        json!({
            "customInstructionsEnabled": false,
            "digitTokenEnabled": true,
            "digitTokenDurationMinutes": 5,
            "digitTokenLength": 8,
        })
    );
    // A token request without a length now gets the configured one.
    let digits = api
        .post(DIGIT_TOKEN, Some(&token), &json!({ "userId": JORDAN }))
        .await;
    assert_eq!(digits.json()["digitToken"].as_str().map(str::len), Some(8));

    for (body, expected) in [
        (
            json!({ "digitTokenDurationMinutes": 61 }),
            "digitTokenDurationMinutes",
        ),
        (
            json!({ "digitTokenDurationMinutes": 0 }),
            "digitTokenDurationMinutes",
        ),
        (json!({ "digitTokenLength": 5 }), "digitTokenLength"),
        (
            json!({ "digitTokenLength": 19, "digitTokenEnabled": false }),
            "digitTokenLength",
        ),
        (json!({ "digitTokenEnabled": "no" }), "PasswordOrgConfig"),
    ] {
        let reply = api.put(ORG_CONFIG_V1, Some(&token), &body).await;
        assert_eq!(reply.status, 400, "{body}");
        let text = reply.error_text();
        assert!(text.contains(expected), "{text}");
    }
    assert_eq!(
        api.get(ORG_CONFIG, Some(&token)).await.json()["digitTokenEnabled"],
        true,
        "a refused update changes nothing"
    );

    let off = api
        .put(
            ORG_CONFIG_V1,
            Some(&token),
            &json!({ "digitTokenEnabled": false }),
        )
        .await;
    assert_eq!(off.status, 200);
    assert_eq!(off.json()["digitTokenLength"], 8, "other fields kept");
    let refused = api
        .post(DIGIT_TOKEN, Some(&token), &json!({ "userId": JORDAN }))
        .await;
    assert_eq!(refused.status, 400);
    assert!(refused.error_text().contains("digitTokenEnabled"));
}

#[tokio::test]
async fn without_an_org_config_it_must_be_created_before_it_can_be_read_or_updated() {
    let mut seed = Seed::embedded().expect("seed");
    seed.org_config = None;
    let emulator = start(config().with_seed(seed)).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    assert_eq!(api.get(ORG_CONFIG_V1, Some(&token)).await.status, 404);
    let update = api
        .put(ORG_CONFIG, Some(&token), &json!({ "digitTokenLength": 8 }))
        .await;
    assert_eq!(update.status, 404);
    update.error_text();
    // Without a config, digit tokens take the API's defaults.
    let digits = api
        .post(DIGIT_TOKEN, Some(&token), &json!({ "userId": JORDAN }))
        .await;
    assert_eq!(digits.status, 200);

    let bad = api
        .post(
            ORG_CONFIG_V1,
            Some(&token),
            &json!({ "digitTokenLength": 4 }),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(api.get(ORG_CONFIG, Some(&token)).await.status, 404);

    let created = api
        .post(
            ORG_CONFIG_V1,
            Some(&token),
            &json!({ "customInstructionsEnabled": true }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let expected = json!({
        "customInstructionsEnabled": true,
        "digitTokenEnabled": false,
        "digitTokenDurationMinutes": 5,
        "digitTokenLength": 6,
    });
    assert_eq!(
        created.json(),
        expected,
        "fields left out take their defaults"
    );
    assert_eq!(api.get(ORG_CONFIG, Some(&token)).await.json(), expected);
    assert_eq!(
        api.post(ORG_CONFIG, Some(&token), &json!({})).await.status,
        400
    );
}

#[tokio::test]
async fn custom_instructions_are_kept_per_page_and_locale_in_both_families() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    let created = api
        .post(
            INSTRUCTIONS,
            Some(&token),
            &json!({ "pageId": "mfa:select", "pageContent": "Choose how to confirm it is you." }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(
        created.json(),
        json!({
            "pageId": "mfa:select",
            "pageContent": "Choose how to confirm it is you.",
            "locale": "default",
        })
    );
    let french = json!({
        "pageId": "mfa:select",
        "pageContent": "Choisissez comment confirmer votre identité.",
        "locale": "fr-CA",
    });
    let reply = api.post(INSTRUCTIONS_V1, Some(&token), &french).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), french);

    let default = api
        .get(&format!("{INSTRUCTIONS_V1}/mfa:select"), Some(&token))
        .await;
    assert_eq!(default.status, 200);
    assert_eq!(default.json(), created.json());
    let read = api
        .get(
            &format!("{INSTRUCTIONS}/mfa:select?locale=fr-CA"),
            Some(&token),
        )
        .await;
    assert_eq!(read.json(), french);
    assert_eq!(
        api.get(
            &format!("{INSTRUCTIONS}/mfa:select?locale=de"),
            Some(&token)
        )
        .await
        .status,
        404
    );

    // Posting again replaces the page's text in that locale.
    let replaced = api
        .post(
            INSTRUCTIONS,
            Some(&token),
            &json!({ "pageId": "mfa:select", "pageContent": "New text", "locale": "default" }),
        )
        .await;
    assert_eq!(replaced.status, 200);
    assert_eq!(
        api.get(&format!("{INSTRUCTIONS}/mfa:select"), Some(&token))
            .await
            .json()["pageContent"],
        "New text"
    );

    let deleted = api
        .delete(
            &format!("{INSTRUCTIONS}/mfa:select?locale=fr-CA"),
            Some(&token),
        )
        .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        api.get(
            &format!("{INSTRUCTIONS_V1}/mfa:select?locale=fr-CA"),
            Some(&token)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        api.delete(&format!("{INSTRUCTIONS_V1}/mfa:select"), Some(&token))
            .await
            .status,
        204
    );
    let gone = api
        .delete(&format!("{INSTRUCTIONS_V1}/mfa:select"), Some(&token))
        .await;
    assert_eq!(gone.status, 404);
    gone.error_text();
}

#[tokio::test]
async fn bad_custom_instructions_get_400() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;

    let longest = "é".repeat(1000);
    let fits = api
        .post(
            INSTRUCTIONS,
            Some(&token),
            &json!({ "pageId": "reset-password:finish", "pageContent": longest }),
        )
        .await;
    assert_eq!(fits.status, 200, "1000 characters are allowed");

    for (body, expected) in [
        (
            json!({ "pageId": "login:main", "pageContent": "x" }),
            "login:main",
        ),
        (json!({ "pageContent": "x" }), "pageId is required"),
        (json!({ "pageId": "mfa:select" }), "pageContent is required"),
        (
            json!({ "pageId": "mfa:select", "pageContent": "x".repeat(1001) }),
            "1001",
        ),
        (
            json!({ "pageId": "mfa:select", "pageContent": "x", "locale": "en US" }),
            "locale",
        ),
        (
            json!({ "pageId": 7, "pageContent": "x" }),
            "CustomPasswordInstruction",
        ),
    ] {
        let reply = api.post(INSTRUCTIONS_V1, Some(&token), &body).await;
        assert_eq!(reply.status, 400, "{body}");
        let text = reply.error_text();
        assert!(text.contains(expected), "{text}");
    }
    let unknown_page = api
        .get(&format!("{INSTRUCTIONS}/login:main"), Some(&token))
        .await;
    assert_eq!(unknown_page.status, 400);
    assert!(
        unknown_page.error_text().contains("mfa:select"),
        "lists the pages"
    );
    let bad_locale = api
        .delete(
            &format!("{INSTRUCTIONS_V1}/mfa:select?locale=%20"),
            Some(&token),
        )
        .await;
    assert_eq!(bad_locale.status, 400);
}

#[tokio::test]
async fn scopes_guard_the_administration_apis() {
    let emulator = start(
        config()
            .with_client(
                ClientCredentials::new("info-only", "secret-1")
                    .with_scopes(["idn:password-info:read"]),
            )
            .add_client(ClientCredentials::new("reader", "secret-2").with_scopes([
                "idn:password-policy:read",
                "idn:password-sync-group:read",
                "idn:password-dictionary:read",
                "idn:password-org-config:read",
            ]))
            .add_client(
                ClientCredentials::new("policy-writer", "secret-3")
                    .with_scopes(["idn:password-policy:write"]),
            ),
    )
    .await;
    let api = Api::new(&emulator);
    let info_only = api.client_token("info-only", "secret-1").await;
    let reader = api.client_token("reader", "secret-2").await;
    let writer = api.client_token("policy-writer", "secret-3").await;
    let reads = [
        "/beta/password-policies",
        "/password-sync-groups/v1",
        "/beta/password-dictionary",
        "/password-org-config/v1",
    ];

    for path in reads {
        let refused = api.get(path, Some(&info_only)).await;
        assert_eq!(refused.status, 403, "{path}");
        let text = refused.error_text();
        assert!(text.contains(":read") && text.contains("one of"), "{text}");
        assert_eq!(api.get(path, Some(&reader)).await.status, 200, "{path}");
    }

    let policy = json!({ "name": "nope" });
    let refused = api
        .post("/password-policies/v1", Some(&reader), &policy)
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.error_text().contains("idn:password-policy:write"));
    let writes = [
        (
            Method::PUT,
            format!("/beta/password-sync-groups/{SYNC_GROUP_ID}"),
        ),
        (
            Method::DELETE,
            format!("/password-sync-groups/v1/{SYNC_GROUP_ID}"),
        ),
        (Method::PUT, "/beta/password-dictionary".to_owned()),
        (Method::PUT, "/password-org-config/v1".to_owned()),
        (Method::POST, "/beta/password-org-config".to_owned()),
    ];
    for (method, path) in &writes {
        let reply = api
            .send(
                method.clone(),
                path,
                Some(&reader),
                Some(("application/json", b"{}".to_vec())),
            )
            .await;
        assert_eq!(reply.status, 403, "{method} {path}");
        assert!(
            reply.error_text().contains(":manage"),
            "{method} {path}: {}",
            reply.error_text()
        );
    }
    assert_eq!(
        emulator.sync_group_of_source(CORP_AD).as_deref(),
        Some(SYNC_GROUP_ID),
        "refused writes change nothing"
    );
    assert_eq!(
        api.get("/beta/password-policies", Some(&reader))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // The write scope also reads; it does not reach the other APIs.
    assert_eq!(
        api.get("/password-policies/v1", Some(&writer)).await.status,
        200
    );
    let created = api
        .post("/beta/password-policies", Some(&writer), &policy)
        .await;
    assert_eq!(created.status, 200);
    assert_eq!(
        api.get("/beta/password-sync-groups", Some(&writer))
            .await
            .status,
        403
    );

    // Custom instructions need no scope, only a valid token.
    let instruction = json!({ "pageId": "mfa:select", "pageContent": "Hello" });
    assert_eq!(
        api.post(INSTRUCTIONS, Some(&info_only), &instruction)
            .await
            .status,
        200
    );
    assert_eq!(api.post(INSTRUCTIONS, None, &instruction).await.status, 401);
}

#[tokio::test]
async fn every_operation_of_both_families_is_served_and_logged_under_its_route() {
    let emulator = start(config()).await;
    let api = Api::new(&emulator);
    let token = api.token().await;
    let hr_strict = emulator.policy_of_source(HR_LDAP).expect("hr-strict");
    let policy_body = json!({ "name": "p", "sourceIds": [HR_LDAP_ID] }).to_string();
    let group_body =
        json!({ "name": "g", "passwordPolicyId": hr_strict, "sourceIds": [HR_LDAP_ID] })
            .to_string();
    let instruction = json!({ "pageId": "mfa:select", "pageContent": "x" }).to_string();
    let (dictionary_type, dictionary) = multipart_file(b"word\n");

    let families: [fn(&str, &str) -> String; 2] = [
        |name, rest| format!("/beta/{name}{rest}"),
        |name, rest| format!("/{name}/v1{rest}"),
    ];
    for path in families {
        emulator.clear_requests();
        // Created first, so that their ids are known to the requests after them.
        let created = api
            .send(
                Method::POST,
                &path("password-policies", ""),
                Some(&token),
                Some(("application/json", policy_body.clone().into_bytes())),
            )
            .await;
        assert_eq!(created.status, 200, "{:?}", created.body);
        let policy_id = created.json()["id"].as_str().unwrap().to_owned();
        let group = api
            .send(
                Method::POST,
                &path("password-sync-groups", ""),
                Some(&token),
                Some(("application/json", group_body.clone().into_bytes())),
            )
            .await;
        assert_eq!(group.status, 200, "{:?}", group.body);
        let group_id = group.json()["id"].as_str().unwrap().to_owned();

        let json_body = |text: &str| Some(("application/json", text.as_bytes().to_vec()));
        let operations = [
            (
                Method::GET,
                path("password-policies", ""),
                None,
                200,
                Route::PasswordPolicies,
            ),
            (
                Method::GET,
                path("password-policies", &format!("/{policy_id}")),
                None,
                200,
                Route::PasswordPolicy,
            ),
            (
                Method::PUT,
                path("password-policies", &format!("/{policy_id}")),
                json_body(&policy_body),
                200,
                Route::PasswordPolicy,
            ),
            (
                Method::GET,
                path("password-sync-groups", ""),
                None,
                200,
                Route::PasswordSyncGroups,
            ),
            (
                Method::GET,
                path("password-sync-groups", &format!("/{group_id}")),
                None,
                200,
                Route::PasswordSyncGroup,
            ),
            (
                Method::PUT,
                path("password-sync-groups", &format!("/{group_id}")),
                json_body(&json!({ "name": "g2", "passwordPolicyId": policy_id }).to_string()),
                200,
                Route::PasswordSyncGroup,
            ),
            (
                Method::DELETE,
                path("password-sync-groups", &format!("/{group_id}")),
                None,
                204,
                Route::PasswordSyncGroup,
            ),
            (
                Method::DELETE,
                path("password-policies", &format!("/{policy_id}")),
                None,
                204,
                Route::PasswordPolicy,
            ),
            (
                Method::PUT,
                path("password-dictionary", ""),
                Some((dictionary_type.as_str(), dictionary.clone())),
                200,
                Route::PasswordDictionary,
            ),
            (
                Method::GET,
                path("password-dictionary", ""),
                None,
                200,
                Route::PasswordDictionary,
            ),
            (
                Method::GET,
                path("password-org-config", ""),
                None,
                200,
                Route::PasswordOrgConfig,
            ),
            (
                Method::PUT,
                path("password-org-config", ""),
                json_body("{}"),
                200,
                Route::PasswordOrgConfig,
            ),
            (
                Method::POST,
                path("password-org-config", ""),
                json_body("{}"),
                400,
                Route::PasswordOrgConfig,
            ),
            (
                Method::POST,
                path("custom-password-instructions", ""),
                json_body(&instruction),
                200,
                Route::CustomPasswordInstructions,
            ),
            (
                Method::GET,
                path("custom-password-instructions", "/mfa:select"),
                None,
                200,
                Route::CustomPasswordInstruction,
            ),
            (
                Method::DELETE,
                path("custom-password-instructions", "/mfa:select"),
                None,
                204,
                Route::CustomPasswordInstruction,
            ),
        ];
        for (method, url, body, status, route) in operations {
            let reply = api.send(method.clone(), &url, Some(&token), body).await;
            assert_eq!(reply.status, status, "{method} {url}: {:?}", reply.body);
            let logged = emulator.requests().pop().expect("logged");
            assert_eq!(
                (logged.method.as_str(), logged.path.as_str(), logged.route),
                (method.as_str(), url.as_str(), Some(route))
            );
        }
        assert_eq!(emulator.dictionary_words(), ["word"]);
    }
}
