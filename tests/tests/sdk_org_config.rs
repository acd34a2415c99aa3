//! The Password Configuration API of the beta crate, through its typed mocks: a partial update
//! sends only the settings it names (the others keep their values on the server).

use sailpoint_beta::mock;
use sailpoint_beta::models::PasswordOrgConfig;

#[tokio::test]
async fn a_partial_update_sends_only_what_it_changes() {
    let update = mock::put_password_org_config()
        .match_request(|r| {
            let sent: serde_json::Value =
                serde_json::from_slice(r.raw().body_bytes()).unwrap_or_default();
            sent == serde_json::json!({"digitTokenEnabled": true, "digitTokenDurationMinutes": 15})
        })
        .then_output(
            PasswordOrgConfig::new()
                .with_custom_instructions_enabled(true)
                .with_digit_token_enabled(true)
                .with_digit_token_duration_minutes(15)
                .with_digit_token_length(8),
        );
    let read = mock::get_password_org_config().then_output(PasswordOrgConfig::new());
    let client = mock::client([update.clone(), read]);
    let api = client.password_configuration();

    let change = PasswordOrgConfig::new()
        .with_digit_token_enabled(true)
        .with_digit_token_duration_minutes(15);
    let now = api
        .put_password_org_config(&change)
        .send()
        .await
        .expect("updated")
        .into_inner();
    assert_eq!(now.digit_token_length, Some(8));
    assert_eq!(now.custom_instructions_enabled, Some(true));
    assert_eq!(update.num_calls(), 1);

    // Settings the server leaves out read as unset, not as their documented defaults.
    let current = api.get_password_org_config().send().await.expect("read");
    assert_eq!(current.digit_token_enabled, None);
}
