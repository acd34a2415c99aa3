//! Reading a response into a generated operation's result, one call per documented status.
//!
//! A generated `read` function is a `match` on the status whose arms call these: each decodes
//! the body (when JSON) and wraps it in the value or error variant it is given. Written out in
//! every arm (a `let` whose type is inferred from the variant, then `?`), the same work was a
//! fifth of a generated crate's compile time.

// Each returns the call's public `Result`, whose `Error` is what the user gets; boxing it here
// would change that type for every operation.
#![allow(clippy::result_large_err)]

use serde::de::DeserializeOwned;

use crate::{decode_json, Error, RawResponse, ResponseValue, RetryAfter};

/// A success whose JSON body is the result.
pub fn json_value<T: DeserializeOwned, E>(
    response: RawResponse,
) -> Result<ResponseValue<T>, Error<E>> {
    json_success(response, std::convert::identity)
}

/// A success whose JSON body is one variant of the operation's success enum.
pub fn json_success<B: DeserializeOwned, T, E>(
    response: RawResponse,
    variant: fn(B) -> T,
) -> Result<ResponseValue<T>, Error<E>> {
    let body = decode_json(&response)?;
    Ok(ResponseValue::new(
        variant(body),
        response.status,
        response.headers,
    ))
}

/// A success without a body to read: `value` is the result.
pub fn bare_success<T, E>(response: RawResponse, value: T) -> Result<ResponseValue<T>, Error<E>> {
    Ok(ResponseValue::new(value, response.status, response.headers))
}

/// A documented error status whose JSON body is the error variant's.
pub fn json_error<B: DeserializeOwned, T, E>(
    response: RawResponse,
    variant: fn(B) -> E,
) -> Result<ResponseValue<T>, Error<E>> {
    let body = decode_json(&response)?;
    Err(Error::service(response, variant(body)))
}

/// A documented error status with a JSON body and a `Retry-After` header (a 429).
pub fn json_error_retry<B: DeserializeOwned, T, E>(
    response: RawResponse,
    variant: fn(B, Option<RetryAfter>) -> E,
) -> Result<ResponseValue<T>, Error<E>> {
    let body = decode_json(&response)?;
    let retry_after = RetryAfter::from_headers(&response.headers);
    Err(Error::service(response, variant(body, retry_after)))
}

/// A documented error status without a body to read.
pub fn bare_error<T, E>(response: RawResponse, error: E) -> Result<ResponseValue<T>, Error<E>> {
    Err(Error::service(response, error))
}
