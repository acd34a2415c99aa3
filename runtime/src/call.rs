//! The one `async` body every generated operation runs.
//!
//! A generated builder's `send` builds its request synchronously and hands it, with a plain
//! function that reads the response, to [`__private::start`](crate::__private::start). So the
//! only `async` code is this generic function, checked once here, instead of one state machine
//! per operation: those made most of the borrow-checking time of a generated crate.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::{CallOptions, Client, Error, OperationRequest, RawResponse, ResponseValue};

/// A call on its way: the future a generated builder's `send()` returns. Await it for the
/// result. It is `Send` and `'static`: it holds its own handle on the client (a shared
/// reference count, the same client) and an owned request, never a borrow, so it can be
/// spawned (`tokio::spawn(api.operation(..).send())`) while the client it came from is local.
#[must_use = "a call does nothing until it is awaited"]
pub struct Pending<T, E> {
    future: crate::BoxFuture<'static, Result<ResponseValue<T>, Error<E>>>,
}

impl<T, E> Future for Pending<T, E> {
    type Output = Result<ResponseValue<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(context)
    }
}

impl<T, E> fmt::Debug for Pending<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

/// A request ready to send, with the client and options it goes through, or the error that
/// stopped it from being built (a body that could not be encoded, say).
pub type Prepared<'a, E> = Result<(&'a Client, CallOptions, OperationRequest), Error<E>>;

/// Sends a prepared request and reads the response with `read`.
pub fn start<T, E>(
    prepared: Prepared<'_, E>,
    read: fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>,
) -> Pending<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    // The future owns a clone of the client (one more reference to the same inner state:
    // token cache, rate limiter and connections are shared), so it borrows nothing.
    let prepared = prepared.map(|(client, options, request)| (client.clone(), options, request));
    Pending {
        future: Box::pin(async move {
            let (client, options, request) = prepared?;
            let response = client.execute(request, &options).await?;
            read(response)
        }),
    }
}
