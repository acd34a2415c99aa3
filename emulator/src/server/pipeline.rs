//! What happens to every request before its handler: logging, authentication, rate limiting,
//! fault injection, in that order.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::{ApiError, TRACKING_ID_HEADER};
use super::{inject, Shared};
use crate::auth::{AuthFailure, Principal, TokenKind};
use crate::faults::Route;
use crate::ids;
use crate::observe::LoggedRequest;
use crate::rate_limit::retry_after_seconds;
use crate::sync::lock;

/// The middleware in front of every route.
pub(super) async fn front(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let now = Instant::now();
    let route = Route::of_path(request.uri().path());
    let authentication = route.filter(|route| route.needs_bearer_token()).map(|_| {
        let header = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok());
        lock(&shared.tokens).authenticate(header, now)
    });
    let token = match &authentication {
        None => TokenKind::None,
        Some(Ok(principal)) => principal.token_kind(),
        Some(Err(failure)) => failure.token_kind(),
    };
    // Logged on arrival, so a request whose client hangs up is still counted.
    let ticket = shared.observations.begin(LoggedRequest {
        method: request.method().to_string(),
        // `http::Version` has no Display; its Debug form is the protocol name ("HTTP/1.1").
        version: format!("{:?}", request.version()),
        path: request.uri().path().to_string(),
        route,
        token,
        status: None,
    });
    let mut response = admit(&shared, route, authentication, request, next, now).await;
    if !response.headers().contains_key(TRACKING_ID_HEADER) {
        if let Ok(id) = HeaderValue::from_str(&ids::hex32()) {
            response.headers_mut().insert(TRACKING_ID_HEADER, id);
        }
    }
    shared
        .observations
        .finish(ticket, response.status().as_u16());
    response
}

async fn admit(
    shared: &Shared,
    route: Option<Route>,
    authentication: Option<Result<Principal, AuthFailure>>,
    mut request: Request,
    next: Next,
    now: Instant,
) -> Response {
    if let Some(authentication) = authentication {
        let principal = match authentication {
            Ok(principal) => principal,
            Err(failure) => {
                return ApiError::Unauthorized(failure.message().into()).into_response()
            }
        };
        let scopes = route.map_or(&[][..], |route| {
            route.accepted_scopes(request.method().as_str())
        });
        if !scopes.is_empty() && !scopes.iter().any(|scope| principal.has_scope(scope)) {
            return ApiError::Forbidden(missing_scope_message(scopes)).into_response();
        }
        if let Some(limiter) = &shared.limiter {
            if let Err(wait) = lock(limiter).admit(&principal.rate_limit_key(), now) {
                return ApiError::TooManyRequests {
                    retry_after_secs: retry_after_seconds(wait),
                }
                .into_response();
            }
        }
        request.extensions_mut().insert(principal);
    }
    let fault = route.and_then(|route| shared.faults.take(route));
    inject::run(fault, request, next).await
}

/// Why a token without any of `scopes` is refused.
fn missing_scope_message(scopes: &[&str]) -> String {
    match scopes {
        [scope] => format!("The token lacks the scope {scope}, which this operation requires."),
        _ => format!(
            "The token lacks a scope this operation accepts; it needs one of {}.",
            scopes.join(", ")
        ),
    }
}
