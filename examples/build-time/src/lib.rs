//! The beta Password Management API, generated at build time.
//!
//! `build.rs` turns the "Password Management" tag of `spec/sailpoint-api.beta.yaml` into one
//! file in `OUT_DIR` with `codegen::Generator`, and this file includes it at the crate root
//! (generated code names its models `crate::models::…`). The crate depends on what generated
//! code names (`isc-runtime`, `serde`, `serde_json`, `chrono`) and declares the `mock`
//! feature; nothing generated is committed.
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/password_management.rs"));

use apis::password_management::GetIdentityPasswordChangeStatusBuilder;

/// This crate's client for a tenant, on a runtime client built once with [`ClientBuilder`].
pub fn password_client(runtime: &runtime::Client) -> Client {
    Client::new(runtime)
}

/// The request for the status of a password change, ready to be sent with `.send().await`.
pub fn change_status<'a>(
    client: &'a Client,
    request_id: &'a str,
) -> GetIdentityPasswordChangeStatusBuilder<'a> {
    client
        .password_management()
        .get_identity_password_change_status(request_id)
}

#[cfg(test)]
mod tests {
    use super::models::{PasswordChangeState, PasswordInfoQueryDto, PasswordStatus};
    use super::*;

    #[test]
    fn the_generated_models_travel_as_the_spec_says() {
        let query = PasswordInfoQueryDto::new()
            .with_user_name("Jordan.Lee")
            .with_source_name("Active Directory");
        let json = serde_json::to_value(&query).expect("a model serializes");
        assert_eq!(
            json,
            serde_json::json!({"userName": "Jordan.Lee", "sourceName": "Active Directory"})
        );
        let status: PasswordStatus =
            serde_json::from_value(serde_json::json!({"state": "FINISHED"})).expect("decodes");
        assert_eq!(status.state, Some(PasswordChangeState::Finished));
    }

    #[test]
    fn a_client_builds_requests_on_a_runtime_client() {
        let runtime = ClientBuilder::new()
            .base_url("https://acme.api.identitynow.com")
            .bearer_token(SecretString::from("token"))
            .build()
            .expect("a valid configuration");
        let client = password_client(&runtime);
        let _request = change_status(&client, "req-1");
        assert_eq!(apis::BASE_PATH, "/beta");
    }

    #[cfg(feature = "mock")]
    #[tokio::test(flavor = "current_thread")]
    async fn the_generated_mocks_answer_the_generated_client() {
        let rule = mock::get_identity_password_change_status()
            .match_request(|request| request.id() == "req-1")
            .then_output(PasswordStatus::new().with_state(PasswordChangeState::Finished));
        let client = mock::client([rule.clone()]);
        let status = change_status(&client, "req-1")
            .send()
            .await
            .expect("answered");
        assert_eq!(
            status.into_inner().state,
            Some(PasswordChangeState::Finished)
        );
        assert_eq!(rule.num_calls(), 1);
    }
}
