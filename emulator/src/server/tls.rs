//! HTTPS mode: a self-signed certificate made at start, and a listener that hands axum only
//! connections whose TLS handshake succeeded.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::error::EmulatorError;

/// How long a client may take over its handshake: one that stalls (or never speaks TLS) must
/// not hold a socket and a task for ever.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections past their handshake that axum has not taken yet. axum takes them as they come,
/// so this only bounds a burst.
const READY_CONNECTIONS: usize = 64;

/// The certificate the emulator serves, and the TLS setup that serves it.
pub(super) struct Identity {
    /// The certificate, PEM-encoded: what a client must trust.
    pub(super) certificate_pem: String,
    acceptor: TlsAcceptor,
}

/// Makes a fresh self-signed certificate for `localhost`, `127.0.0.1`, `::1` and `bind_ip`,
/// and a TLS setup that offers HTTP/2 and HTTP/1.1 through ALPN.
pub(super) fn self_signed(bind_ip: IpAddr) -> Result<Identity, EmulatorError> {
    let mut names = vec![
        "localhost".to_string(),
        Ipv4Addr::LOCALHOST.to_string(),
        Ipv6Addr::LOCALHOST.to_string(),
    ];
    // Another loopback address (127.0.0.2, ...) is what the base URL names, so it must be
    // covered too.
    if !names.contains(&bind_ip.to_string()) {
        names.push(bind_ip.to_string());
    }
    let mut params = CertificateParams::new(names).map_err(tls_error)?;
    let mut subject = DistinguishedName::new();
    subject.push(
        DnType::CommonName,
        "ISC emulator (self-signed, loopback only)",
    );
    params.distinguished_name = subject;
    // ECDSA P-256, made with ring: quick, and every rustls client accepts it.
    let key = KeyPair::generate().map_err(tls_error)?;
    let certificate = params.self_signed(&key).map_err(tls_error)?;

    let mut config = ServerConfig::builder_with_provider(ring_provider())
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_no_client_auth()
        .with_single_cert(
            vec![certificate.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .map_err(tls_error)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Identity {
        certificate_pem: certificate.pem(),
        acceptor: TlsAcceptor::from(Arc::new(config)),
    })
}

/// The ring provider, named explicitly: relying on the process-wide default
/// (`ServerConfig::builder()`) would panic whenever a build links more than one provider, as a
/// user's project does once anything in it enables rustls's default `aws-lc-rs` feature.
///
/// rustls 0.23.48 deprecates `ring::default_provider` ("no support for post-quantum
/// algorithms") with no replacement that keeps ring: the way out is aws-lc-rs, a C build added
/// to every user's dev-dependencies for a loopback-only server with a throwaway certificate, to
/// which post-quantum key exchange is irrelevant. So the deprecation is allowed here, on this
/// one call: `allow`, not `expect`, since the rustls our `Cargo.lock` pins (0.23.46) does not
/// deprecate it and an unmet expectation would itself warn.
#[allow(deprecated)]
fn ring_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_error(error: impl std::fmt::Display) -> EmulatorError {
    EmulatorError::Tls(error.to_string())
}

/// What axum serves from in HTTPS mode: connections whose handshake is done.
pub(super) struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    address: SocketAddr,
}

/// Accepts TCP connections on `tcp` and shakes hands on each in its own task, so a slow or
/// hostile client delays nobody else. The returned task ends once the listener is dropped.
pub(super) fn listen(
    tcp: TcpListener,
    address: SocketAddr,
    identity: &Identity,
) -> (TlsListener, JoinHandle<()>) {
    let (ready_tx, ready) = mpsc::channel(READY_CONNECTIONS);
    let accepting = tokio::spawn(accept_loop(tcp, identity.acceptor.clone(), ready_tx));
    (TlsListener { ready, address }, accepting)
}

async fn accept_loop(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let accepted = tokio::select! {
            // axum dropped the listener: the server is stopping, so stop listening.
            () = ready.closed() => return,
            accepted = tcp.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                if !is_connection_error(&error) {
                    // Out of file descriptors, most likely: wait for some to be freed rather
                    // than spin (as axum's own listener does).
                    tracing::error!(%error, "the ISC emulator cannot accept connections");
                    tokio::select! {
                        () = ready.closed() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
                continue;
            }
        };
        // HTTP/2 writes small frames; waiting on Nagle for each would slow every exchange.
        let _ = stream.set_nodelay(true);
        let acceptor = acceptor.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            // A failed or stalled handshake is the client's problem: drop the connection and
            // carry on, never fail the server.
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(connection)) => {
                    // Fails only when the server is stopping; the connection is then dropped.
                    let _ = ready.send((connection, peer)).await;
                }
                Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// Errors about one connection (it went away before it was accepted), not the listener.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // Only if the accept loop is gone, which it never is while this receiver lives
            // (unless it panicked): no connection will ever come, so wait for shutdown.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.address)
    }
}
