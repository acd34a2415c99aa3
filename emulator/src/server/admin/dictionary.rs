//! Password Dictionary: `/beta/password-dictionary` and `/password-dictionary/v1`, read as text
//! and replaced by a `multipart/form-data` upload whose `file` part is the dictionary file.

use std::sync::Arc;

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::dictionary::Dictionary;
use crate::server::errors::ApiError;
use crate::server::Shared;
use crate::sync::lock;

/// The most an upload may carry, the whole form included; the router enforces it. A full
/// dictionary (2,500 words of up to 128 characters) fits unless most of its characters take
/// four UTF-8 bytes, and comments still leave plenty of room.
pub(in crate::server) const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// The form part that holds the file.
const FILE_PART: &str = "file";

/// `GET`: the file as last uploaded.
pub(in crate::server) async fn get(
    State(shared): State<Arc<Shared>>,
) -> Result<Response, ApiError> {
    let file = lock(&shared.world).dictionary_file()?;
    Ok(([(CONTENT_TYPE, "text/plain; charset=utf-8")], file).into_response())
}

/// `PUT`: replaces the dictionary with the uploaded file; 200 with no body.
pub(in crate::server) async fn replace(
    State(shared): State<Arc<Shared>>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<StatusCode, ApiError> {
    let mut form = form.map_err(|rejection| {
        ApiError::BadRequest(format!(
            "Send the dictionary as multipart/form-data with a part named {FILE_PART:?} ({}).",
            rejection.body_text()
        ))
    })?;
    let file = loop {
        let Some(part) = form.next_field().await.map_err(upload_error)? else {
            return Err(ApiError::BadRequest(format!(
                "The form has no part named {FILE_PART:?}; put the dictionary file there."
            )));
        };
        if part.name() == Some(FILE_PART) {
            break part.bytes().await.map_err(upload_error)?;
        }
    };
    // Parsing is bounded by the upload limit, and runs without the world's lock.
    let dictionary = Dictionary::parse(&file).map_err(ApiError::BadRequest)?;
    lock(&shared.world).replace_dictionary(dictionary);
    Ok(StatusCode::OK)
}

/// A broken or oversized form: 413 past the limit, 400 otherwise.
fn upload_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(format!(
            "The upload is larger than {MAX_UPLOAD_BYTES} bytes, more than a dictionary of \
             2,500 words needs."
        ))
    } else {
        ApiError::BadRequest(format!(
            "The multipart form could not be read: {}.",
            error.body_text()
        ))
    }
}
