//! ISC's error answers: ErrorResponseDto for 400/403/404/413/500/503, `{error}` for 401,
//! `{message}` with `Retry-After` for 429.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::ids;
use crate::wire::{ErrorMessageDto, ErrorResponseDto, TooManyRequestsBody, UnauthorizedBody};
use crate::world::Refusal;

/// An error answer.
#[derive(Debug)]
pub(crate) enum ApiError {
    BadRequest(String),
    Unauthorized(String),
    Forbidden(String),
    NotFound(String),
    PayloadTooLarge(String),
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// 429 with `Retry-After` as an HTTP-date.
    TooManyRequestsUntil(std::time::SystemTime),
    Internal(String),
    Unavailable,
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::BadRequest(text) => ApiError::BadRequest(text),
            Refusal::Forbidden(text) => ApiError::Forbidden(text),
            Refusal::NotFound(text) => ApiError::NotFound(text),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest(text) => {
                error_dto(StatusCode::BAD_REQUEST, "400.1 Bad Request Content", text)
            }
            ApiError::Forbidden(text) => error_dto(StatusCode::FORBIDDEN, "403 Forbidden", text),
            ApiError::NotFound(text) => error_dto(StatusCode::NOT_FOUND, "404 Not found", text),
            ApiError::PayloadTooLarge(text) => {
                error_dto(StatusCode::PAYLOAD_TOO_LARGE, "413 Payload Too Large", text)
            }
            ApiError::Internal(text) => error_dto(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500.0 Internal Fault",
                text,
            ),
            ApiError::Unavailable => error_dto(
                StatusCode::SERVICE_UNAVAILABLE,
                "503 Service Unavailable",
                "The service is temporarily unavailable; try again later.".into(),
            ),
            ApiError::Unauthorized(error) => {
                (StatusCode::UNAUTHORIZED, Json(UnauthorizedBody { error })).into_response()
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                too_many_requests(HeaderValue::from(retry_after_secs))
            }
            ApiError::TooManyRequestsUntil(when) => {
                let date = httpdate::fmt_http_date(when);
                match HeaderValue::from_str(&date) {
                    Ok(value) => too_many_requests(value),
                    Err(_) => too_many_requests(HeaderValue::from(1u64)),
                }
            }
        }
    }
}

/// ISC's header carrying the request's tracking ID.
pub(crate) const TRACKING_ID_HEADER: &str = "slpt-request-id";

fn error_dto(status: StatusCode, detail_code: &'static str, text: String) -> Response {
    let tracking_id = ids::hex32();
    let header = HeaderValue::from_str(&tracking_id);
    let body = ErrorResponseDto {
        detail_code,
        tracking_id,
        messages: vec![ErrorMessageDto {
            locale: "en-US",
            locale_origin: "DEFAULT",
            text,
        }],
    };
    let mut response = (status, Json(body)).into_response();
    // The header repeats the body's trackingId, as ISC's does; hex digits are always valid.
    if let Ok(header) = header {
        response.headers_mut().insert(TRACKING_ID_HEADER, header);
    }
    response
}

/// ISC's 429 with the given `Retry-After`.
fn too_many_requests(retry_after: HeaderValue) -> Response {
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(TooManyRequestsBody {
            message: " Rate Limit Exceeded ",
        }),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after);
    response
}
