//! Why an emulator could not start.

use std::net::SocketAddr;

use crate::keys::KeyError;
use crate::seed::SeedError;

/// An emulator failed to start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The configured address is not a loopback address.
    #[error("refusing to listen on {0}: the emulator serves only loopback addresses (127.0.0.0/8 or [::1])")]
    NotLoopback(SocketAddr),
    /// The listening socket could not be opened.
    #[error("cannot listen on {address}: {source}; pick another port, or 0 for a free one")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The seed is unusable.
    #[error(transparent)]
    Seed(#[from] SeedError),
    /// A source's key pair could not be made.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Key generation stopped before it finished (its task panicked or was cancelled).
    #[error("key generation did not finish: {0}")]
    KeyTask(String),
    /// HTTPS mode could not make its certificate or TLS setup.
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// A configured user token names a user the seed does not have.
    #[error("the user token for {user_name:?} names no identity of the seed; use one of its userName values")]
    UnknownUser {
        /// The user name.
        user_name: String,
    },
    /// No source of the world has this ID or name.
    #[error("no source has the ID or name {id_or_name:?}")]
    UnknownSource {
        /// The ID or name given.
        id_or_name: String,
    },
}
