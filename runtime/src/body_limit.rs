//! Reads a response body up to a size limit, so that a server declaring or streaming an
//! endless body cannot exhaust memory within the request timeout.

use bytes::{Bytes, BytesMut};

/// Why a body could not be read.
pub(crate) enum BodyError {
    /// The body is (or declares itself) longer than the limit; reading stopped there.
    TooLarge,
    /// The connection failed while reading.
    Read(reqwest::Error),
}

/// The whole body of `response`, if it is at most `limit` bytes.
///
/// A declared `Content-Length` over the limit fails before reading anything; a body without
/// one is read chunk by chunk and abandoned at the first chunk that would pass the limit.
/// Dropping the response then closes the connection rather than reading the rest.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, BodyError> {
    // The size the framing announces (not the raw header: a HEAD response's is zero).
    let declared = response.content_length();
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if declared.is_some_and(|length| length > limit_u64) {
        return Err(BodyError::TooLarge);
    }
    // Reserve what was declared, which is within the limit, to avoid copying while growing.
    let reserve = declared.map_or(0, |length| usize::try_from(length).unwrap_or(limit));
    let mut body = BytesMut::with_capacity(reserve);
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if chunk.len() > limit - body.len() {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
