//! Custom Password Instructions: `/beta/custom-password-instructions[/{pageId}]` and
//! `/custom-password-instructions/v1[/{pageId}]`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::{json_body, path_id};
use crate::server::errors::ApiError;
use crate::server::Shared;
use crate::sync::lock;
use crate::wire::admin::CustomPasswordInstructionDto;

/// The optional `locale` of a get or delete.
#[derive(Debug, Deserialize)]
pub(in crate::server) struct LocaleQuery {
    locale: Option<String>,
}

/// `POST`: sets the instructions of one page in one locale.
pub(in crate::server) async fn create(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CustomPasswordInstructionDto>, ApiError> {
    let body = json_body(body, "CustomPasswordInstruction")?;
    let instruction = lock(&shared.world).create_instruction(body)?;
    Ok(Json(instruction))
}

/// `GET /{pageId}?locale=`.
pub(in crate::server) async fn get(
    State(shared): State<Arc<Shared>>,
    page_id: Result<Path<String>, PathRejection>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<CustomPasswordInstructionDto>, ApiError> {
    let page_id = path_id(page_id)?;
    let locale = locale(query)?;
    let instruction = lock(&shared.world).instruction(&page_id, locale.as_deref())?;
    Ok(Json(instruction))
}

/// `DELETE /{pageId}?locale=`: 204.
pub(in crate::server) async fn delete(
    State(shared): State<Arc<Shared>>,
    page_id: Result<Path<String>, PathRejection>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let page_id = path_id(page_id)?;
    let locale = locale(query)?;
    lock(&shared.world).delete_instruction(&page_id, locale.as_deref())?;
    Ok(StatusCode::NO_CONTENT)
}

fn locale(query: Result<Query<LocaleQuery>, QueryRejection>) -> Result<Option<String>, ApiError> {
    query
        .map(|Query(query)| query.locale)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}
