//! Serde round trips of the generated models on real JSON: the examples in `spec/`, values
//! this SDK does not know yet, `null`s and extra fields.

use std::path::Path;

use sailpoint_beta::models::{
    ErrorMessageDto, ErrorResponseDto, LocaleOrigin, PasswordChangeRequest, PasswordChangeResponse,
    PasswordChangeState, PasswordDigitToken, PasswordDigitTokenReset, PasswordInfo,
    PasswordInfoQueryDto, PasswordStatus,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// The value at `pointer` in a spec file.
fn spec_example(file: &str, pointer: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let document = codegen::parse_yaml(&text).unwrap();
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no example at {file}#{pointer}"))
        .clone()
}

/// Decodes `value` as `T` and checks that encoding it again gives the same JSON.
fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, value, "round trip changed the JSON");
    decoded
}

const JSON: &str = "/content/application~1json";

#[test]
fn spec_examples_round_trip() {
    let query: PasswordInfoQueryDto = round_trip(&spec_example(
        "beta/paths/query-password-info.yaml",
        &format!("/post/requestBody{JSON}/example"),
    ));
    assert!(query.user_name.is_some());
    let info: PasswordInfo = round_trip(&spec_example(
        "beta/paths/query-password-info.yaml",
        &format!("/post/responses/200{JSON}/example"),
    ));
    assert!(!info.accounts.unwrap().is_empty());
    let change: PasswordChangeRequest = round_trip(&spec_example(
        "beta/paths/set-password.yaml",
        &format!("/post/requestBody{JSON}/example"),
    ));
    assert!(change.encrypted_password.is_some());
    let reset: PasswordDigitTokenReset = round_trip(&spec_example(
        "beta/paths/password-reset-digit-token.yaml",
        &format!("/post/requestBody{JSON}/example"),
    ));
    assert!(!reset.user_id.is_empty());
    let token: PasswordDigitToken = round_trip(&spec_example(
        "beta/paths/password-reset-digit-token.yaml",
        &format!("/post/responses/200{JSON}/example"),
    ));
    assert!(token
        .digit_token
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_digit()));
    let status: PasswordStatus = round_trip(&spec_example(
        "beta/paths/password-change-status.yaml",
        &format!("/get/responses/200{JSON}/example"),
    ));
    assert_eq!(status.state, Some(PasswordChangeState::Finished));
    for code in ["400", "403", "404", "500"] {
        let error: ErrorResponseDto = round_trip(&spec_example(
            &format!("v3/responses/{code}.yaml"),
            &format!("{JSON}/example"),
        ));
        assert_eq!(error.tracking_id.as_deref().map(str::len), Some(32));
    }
}

#[test]
fn set_password_response_example_round_trips() {
    let examples = spec_example(
        "beta/paths/set-password.yaml",
        &format!("/post/responses/202{JSON}"),
    );
    let example = examples
        .get("example")
        .cloned()
        .or_else(|| {
            examples
                .pointer("/examples")
                .and_then(|all| all.as_object()?.values().next()?.get("value").cloned())
        })
        .expect("an example of the 202 body");
    let accepted: PasswordChangeResponse = round_trip(&example);
    assert_eq!(accepted.state, Some(PasswordChangeState::InProgress));
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back_unchanged() {
    let value = json!({"requestId": "r1", "state": "CANCELLED", "errors": [], "sourceIds": ["s1"]});
    let status: PasswordStatus = round_trip(&value);
    let state = status.state.unwrap();
    assert_eq!(state.as_str(), "CANCELLED");
    assert_eq!(state.to_string(), "CANCELLED");
    assert!(matches!(state, PasswordChangeState::Unknown(_)));
    assert_eq!(
        PasswordChangeState::from("FAILED"),
        PasswordChangeState::Failed
    );
    assert_eq!(
        PasswordChangeState::VALUES,
        ["IN_PROGRESS", "FINISHED", "FAILED"]
    );
}

#[test]
fn enum_values_are_ordered_by_wire_value_known_or_not() {
    // Declared order would put IN_PROGRESS first; the wire order does not depend on which
    // values this SDK happens to know, so it survives a regeneration that adds one.
    let mut states = [
        PasswordChangeState::InProgress,
        PasswordChangeState::from("CANCELLED"),
        PasswordChangeState::Finished,
        PasswordChangeState::Failed,
    ];
    states.sort();
    let order: Vec<&str> = states.iter().map(PasswordChangeState::as_str).collect();
    assert_eq!(order, ["CANCELLED", "FAILED", "FINISHED", "IN_PROGRESS"]);
}

#[test]
fn an_explicit_null_is_told_from_an_absent_member_in_responses_too() {
    // `requestId` is optional and nullable in a response type: a client sees the `null` a
    // server sends, and writes it back (it read as absent, and was dropped, before).
    let status: PasswordStatus =
        serde_json::from_value(json!({"requestId": null, "state": "FAILED"})).unwrap();
    assert_eq!(status.request_id, Some(None));
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        json!({"requestId": null, "state": "FAILED"})
    );
    let absent: PasswordStatus = serde_json::from_value(json!({"state": "FAILED"})).unwrap();
    assert_eq!(absent.request_id, None);
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        json!({"state": "FAILED"})
    );
    let message: ErrorMessageDto =
        serde_json::from_value(json!({"locale": null, "localeOrigin": null, "text": "t"})).unwrap();
    assert_eq!(message.locale, Some(None));
    assert_eq!(message.locale_origin, Some(None));
    let message: ErrorMessageDto =
        serde_json::from_value(json!({"localeOrigin": "REQUEST"})).unwrap();
    assert_eq!(message.locale, None);
    assert_eq!(message.locale_origin, Some(Some(LocaleOrigin::Request)));
}

#[test]
fn unknown_fields_are_accepted() {
    let token: PasswordDigitToken = serde_json::from_value(
        json!({"digitToken": "123456", "requestId": "r", "issuedAt": "2026-01-01", "nested": {"a": 1}}),
    )
    .unwrap();
    assert_eq!(token.digit_token.as_deref(), Some("123456"));
}

#[test]
fn required_fields_are_required() {
    let missing = serde_json::from_value::<PasswordDigitTokenReset>(json!({"length": 8}));
    assert!(missing.unwrap_err().to_string().contains("userId"));
}

/// Every model field that holds a secret (a password, even encrypted, or a one-time token) is
/// redacted in `Debug`, in both API crates.
#[test]
fn secret_fields_never_show_in_debug_output() {
    let request: PasswordChangeRequest = serde_json::from_value(json!({
        "identityId": "id-1",
        "encryptedPassword": "Q0lQSEVSVEVYVA==",
        "publicKeyId": "key-1",
        "accountId": "acct",
        "sourceId": "src"
    }))
    .unwrap();
    let token: PasswordDigitToken =
        serde_json::from_value(json!({"digitToken": "09087713", "requestId": "r"})).unwrap();
    let v1_request: sailpoint_password_v1::models::PasswordChangeRequest =
        serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
    for debug in [
        format!("{request:?}"),
        format!("{request:#?}"),
        format!("{v1_request:?}"),
    ] {
        assert!(!debug.contains("Q0lQSEVSVEVYVA=="), "{debug}");
        assert!(debug.contains("acct"), "other fields still show: {debug}");
    }
    assert!(!format!("{token:?}").contains("09087713"));
}
