//! Password Policies: `/beta/password-policies[/{id}]` and `/password-policies/v1[/{id}]`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

use super::paging::{PageQuery, Paging};
use super::{json_body, path_id};
use crate::server::errors::ApiError;
use crate::server::Shared;
use crate::sync::lock;
use crate::wire::admin::PasswordPolicyDto;

/// The schema name errors use for a request body.
const SHAPE: &str = "PasswordPolicy";

/// `GET`: one page of the policies, ordered by ID.
pub(in crate::server) async fn list(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let paging = Paging::parse(query)?;
    let policies = lock(&shared.world).policies();
    Ok(paging.answer(policies))
}

/// `POST`: a new policy, with its new ID.
pub(in crate::server) async fn create(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordPolicyDto>, ApiError> {
    let body = json_body(body, SHAPE)?;
    let policy = lock(&shared.world).create_policy(body)?;
    Ok(Json(policy))
}

/// `GET /{id}`.
pub(in crate::server) async fn get(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<PasswordPolicyDto>, ApiError> {
    let id = path_id(id)?;
    let policy = lock(&shared.world).policy(&id)?;
    Ok(Json(policy))
}

/// `PUT /{id}`: replaces the policy.
pub(in crate::server) async fn replace(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordPolicyDto>, ApiError> {
    let id = path_id(id)?;
    let body = json_body(body, SHAPE)?;
    let policy = lock(&shared.world).replace_policy(&id, body)?;
    Ok(Json(policy))
}

/// `DELETE /{id}`: 204.
pub(in crate::server) async fn delete(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    lock(&shared.world).delete_policy(&id)?;
    Ok(StatusCode::NO_CONTENT)
}
