//! The handlers of the password administration APIs: policies, sync groups, the dictionary,
//! the org config and custom instructions. Each module serves one API in both path families;
//! this one holds what they share: reading a path ID and a JSON body.

pub(super) mod dictionary;
pub(super) mod instructions;
pub(super) mod org_config;
mod paging;
pub(super) mod policies;
pub(super) mod sync_groups;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::Path;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::errors::ApiError;
use crate::wire::parse_json;

/// The `{id}` of the path, or a 400.
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}

/// A JSON body of the shape `shape`; bodies over the server's limit get 413, in ISC's error
/// shape like every other refusal.
fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    shape: &str,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(format!(
                "The request body is larger than the emulator accepts for a {shape}."
            ))
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    })?;
    parse_json(&body, shape).map_err(ApiError::BadRequest)
}
