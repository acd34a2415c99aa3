//! The route handlers: parse the request, ask the world, answer.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form, Json};

use super::errors::ApiError;
use super::Shared;
use crate::auth::{GrantFailure, Principal};
use crate::ids;
use crate::sync::lock;
use crate::wire::{self, parse_json};

/// `POST /oauth/token`.
pub(super) async fn token(
    State(shared): State<Arc<Shared>>,
    form: Result<Form<wire::TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send grant_type, client_id and client_secret form-encoded (application/x-www-form-urlencoded)",
        );
    };
    let granted = lock(&shared.tokens).grant(
        form.grant_type.as_deref(),
        form.client_id.as_deref(),
        form.client_secret.as_deref(),
        Instant::now(),
    );
    match granted {
        Ok(issued) => Json(wire::TokenResponse {
            access_token: issued.access_token,
            token_type: "bearer",
            expires_in: shared
                .announced_expires_in
                .unwrap_or(issued.lifetime.as_secs()),
            scope: issued
                .scopes
                .map_or_else(|| "sp:scopes:all".to_owned(), |scopes| scopes.join(" ")),
            jti: ids::uuid_like(),
        })
        .into_response(),
        Err(GrantFailure::InvalidRequest(field)) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("the {field} form field is required"),
        ),
        Err(GrantFailure::UnsupportedGrantType) => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the client_credentials grant is supported",
        ),
        Err(GrantFailure::InvalidClient) => oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Bad credentials",
        ),
    }
}

/// OAuth error bodies carry `error` (what ISC's 401 schema has) plus the usual description.
fn oauth_error(status: StatusCode, error: &'static str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description });
    (status, Json(body)).into_response()
}

/// `POST /beta/query-password-info`.
pub(super) async fn query_password_info(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Principal>,
    body: Bytes,
) -> Result<Json<wire::PasswordInfo>, ApiError> {
    let query = parse_json(&body, "PasswordInfoQueryDto").map_err(ApiError::BadRequest)?;
    let info = lock(&shared.world).password_info(&caller, query)?;
    Ok(Json(info))
}

/// `POST /beta/set-password`.
pub(super) async fn set_password(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Principal>,
    body: Bytes,
) -> Result<(StatusCode, Json<wire::PasswordChangeResponse>), ApiError> {
    let request = parse_json(&body, "PasswordChangeRequest").map_err(ApiError::BadRequest)?;
    let prepared = lock(&shared.world).prepare_change(&caller, request)?;
    // Decryption is the slow part, so it runs without holding the world's lock.
    let decided = prepared.decide()?;
    let accepted = lock(&shared.world).record_change(decided, Instant::now());
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// `GET /beta/password-change-status/{id}`.
pub(super) async fn password_change_status(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Principal>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<wire::PasswordStatus>, ApiError> {
    let Path(id) = id.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let status = lock(&shared.world).change_status(&caller, &id, Instant::now())?;
    Ok(Json(status))
}

/// `POST /beta/generate-password-reset-token/digit`.
pub(super) async fn digit_token(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<wire::DigitToken>, ApiError> {
    let request = parse_json(&body, "PasswordDigitTokenReset").map_err(ApiError::BadRequest)?;
    let token = lock(&shared.world).issue_digit_token(request, Instant::now())?;
    Ok(Json(token))
}

/// `POST /generate-password-reset-token/v1/digit`: experimental in v1, so ISC refuses it with
/// 400 unless `X-SailPoint-Experimental: true` is sent.
pub(super) async fn digit_token_v1(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<wire::DigitToken>, ApiError> {
    let opted_in = headers
        .get(EXPERIMENTAL_HEADER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("true"));
    if !opted_in {
        return Err(ApiError::BadRequest(format!(
            "This API is experimental; send the header {EXPERIMENTAL_HEADER}: true to use it."
        )));
    }
    digit_token(State(shared), body).await
}

/// The header ISC requires, with `true`, on experimental operations.
const EXPERIMENTAL_HEADER: &str = "X-SailPoint-Experimental";

/// Any other path.
pub(super) async fn not_found() -> ApiError {
    ApiError::NotFound(
        "The emulator serves /oauth/token and ISC's password APIs only, under /beta and as v1 \
         (/set-password/v1, ...): query-password-info, set-password, password-change-status, \
         generate-password-reset-token/digit, password-policies, password-sync-groups, \
         password-dictionary, password-org-config and custom-password-instructions."
            .into(),
    )
}
