//! Password Configuration: `/beta/password-org-config` and `/password-org-config/v1`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::Json;

use super::json_body;
use crate::server::errors::ApiError;
use crate::server::Shared;
use crate::sync::lock;
use crate::wire::admin::PasswordOrgConfigDto;

/// The schema name errors use for a request body.
const SHAPE: &str = "PasswordOrgConfig";

/// `GET`: the config, 404 when the tenant has none.
pub(in crate::server) async fn get(
    State(shared): State<Arc<Shared>>,
) -> Result<Json<PasswordOrgConfigDto>, ApiError> {
    let config = lock(&shared.world).org_config()?;
    Ok(Json(config))
}

/// `POST`: creates the config, 400 when there is one already.
pub(in crate::server) async fn create(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordOrgConfigDto>, ApiError> {
    let body = json_body(body, SHAPE)?;
    let config = lock(&shared.world).create_org_config(body)?;
    Ok(Json(config))
}

/// `PUT`: changes the fields given, 404 when there is no config.
pub(in crate::server) async fn update(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PasswordOrgConfigDto>, ApiError> {
    let body = json_body(body, SHAPE)?;
    let config = lock(&shared.world).update_org_config(body)?;
    Ok(Json(config))
}
