//! Password Sync Groups: `/beta/password-sync-groups[/{id}]` and
//! `/password-sync-groups/v1[/{id}]`.

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
use crate::wire::admin::PasswordSyncGroupDto;

/// The schema name errors use for a request body.
const SHAPE: &str = "PasswordSyncGroup";

/// `GET`: one page of the sync groups, ordered by ID.
pub(in crate::server) async fn list(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let paging = Paging::parse(query)?;
    let groups = lock(&shared.world).sync_groups();
    Ok(paging.answer(groups))
}

/// `POST`: a new sync group, with its new ID.
pub(in crate::server) async fn create(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordSyncGroupDto>, ApiError> {
    let body = json_body(body, SHAPE)?;
    let group = lock(&shared.world).create_sync_group(body)?;
    Ok(Json(group))
}

/// `GET /{id}`.
pub(in crate::server) async fn get(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<PasswordSyncGroupDto>, ApiError> {
    let id = path_id(id)?;
    let group = lock(&shared.world).sync_group(&id)?;
    Ok(Json(group))
}

/// `PUT /{id}`: replaces the group.
pub(in crate::server) async fn replace(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordSyncGroupDto>, ApiError> {
    let id = path_id(id)?;
    let body = json_body(body, SHAPE)?;
    let group = lock(&shared.world).replace_sync_group(&id, body)?;
    Ok(Json(group))
}

/// `DELETE /{id}`: 204.
pub(in crate::server) async fn delete(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_id(id)?;
    lock(&shared.world).delete_sync_group(&id)?;
    Ok(StatusCode::NO_CONTENT)
}
