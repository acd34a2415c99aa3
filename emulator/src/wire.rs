//! The emulator's own JSON shapes for ISC's requests and responses.
//!
//! They are written from the API description, independently of the SDK's generated models, so
//! that a test against the emulator checks the SDK rather than agreeing with it by construction.
//! Request fields are all optional here: the handlers say which one is missing, as ISC does,
//! instead of failing on the first absent field.
//!
//! The administration APIs (policies, sync groups, org config, instructions) have their shapes
//! in [`admin`].

pub(crate) mod admin;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Body of `POST /beta/query-password-info`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordInfoQuery {
    pub user_name: Option<String>,
    pub source_name: Option<String>,
}

/// Answer of `POST /beta/query-password-info`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordInfo {
    pub identity_id: String,
    pub source_id: String,
    pub public_key_id: String,
    pub public_key: String,
    pub accounts: Vec<PasswordInfoAccount>,
    pub policies: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordInfoAccount {
    pub account_id: String,
    pub account_name: String,
}

/// Body of `POST /beta/set-password`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordChangeRequest {
    pub identity_id: Option<String>,
    pub encrypted_password: Option<String>,
    pub public_key_id: Option<String>,
    pub account_id: Option<String>,
    pub source_id: Option<String>,
}

/// Answer of `POST /beta/set-password`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordChangeResponse {
    pub request_id: String,
    pub state: &'static str,
}

/// Answer of `GET /beta/password-change-status/{id}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PasswordStatus {
    pub request_id: String,
    pub state: &'static str,
    pub errors: Vec<String>,
    pub source_ids: Vec<String>,
}

/// Body of `POST /beta/generate-password-reset-token/digit`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DigitTokenRequest {
    pub user_id: Option<String>,
    pub length: Option<i64>,
    pub duration_minutes: Option<i64>,
}

/// Answer of `POST /beta/generate-password-reset-token/digit`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DigitToken {
    pub digit_token: String,
    pub request_id: String,
}

/// Form fields of `POST /oauth/token`.
#[derive(Deserialize)]
pub(crate) struct TokenForm {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// Answer of `POST /oauth/token`.
#[derive(Serialize)]
pub(crate) struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
    pub scope: String,
    pub jti: String,
}

/// ISC's error body for 400, 403, 404 and 500.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorResponseDto {
    pub detail_code: &'static str,
    pub tracking_id: String,
    pub messages: Vec<ErrorMessageDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorMessageDto {
    pub locale: &'static str,
    pub locale_origin: &'static str,
    pub text: String,
}

/// ISC's 401 body, also used by the token endpoint.
#[derive(Debug, Serialize)]
pub(crate) struct UnauthorizedBody {
    pub error: String,
}

/// ISC's 429 body.
#[derive(Debug, Serialize)]
pub(crate) struct TooManyRequestsBody {
    pub message: &'static str,
}

/// Parses a JSON request body, naming the expected shape in the error.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8], shape: &str) -> Result<T, String> {
    if body.is_empty() {
        return Err(format!("The request body is empty; send a JSON {shape}."));
    }
    serde_json::from_slice(body)
        .map_err(|error| format!("The request body is not a valid {shape}: {error}."))
}
