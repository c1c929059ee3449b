//! Connection limits a LAN user cannot exhaust.
//!
//! Every open connection holds a file descriptor. Without limits, 1,100
//! idle TCP connections at the usual soft limit of 1,024 open files left no
//! descriptor for a door's scan. So:
//!
//! - at start the soft open-file limit is raised to the hard limit
//!   ([`raise_open_file_limit`]);
//! - a connection must send a complete request head within
//!   [`HEADER_READ_SECS`] of opening or of its previous answer (hyper's
//!   header-read timeout and axum-server's first-request timeout), which
//!   ends slow-loris and idle keep-alive connections;
//! - a request body must arrive within [`BODY_SECS`] (a body sent a byte at
//!   a time would keep its connection busy);
//! - at most [`max_connections`] connections are open at once, which keeps
//!   [`FD_RESERVE`] descriptors for the database, uploads and the log, and
//!   at most [`PER_ADDRESS`] from one address (a trusted proxy's excepted).
//!   When all places are taken, a new connection (the next scan) still gets
//!   in: the connection that is doing least is closed to make room
//!   (`Registry::make_room`): first one that never completed a request (a
//!   flood or a slow-loris), else the one idle longest. A connection with a
//!   request in flight or an answer still being sent is never closed; when
//!   every connection is busy, the new one is refused instead.

use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum_server::accept::Accept;
use futures_util::future::BoxFuture;
use futures_util::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Seconds a connection may take to send a request head, counted from when
/// it opened or got its previous answer.
pub const HEADER_READ_SECS: u64 = 10;
/// Seconds a request body may take to arrive (a 21 MiB guest list at
/// 200 KiB/s).
pub const BODY_SECS: u64 = 120;
/// Most connections from one address (one phone opens a handful; a venue's
/// NAT puts every door behind one address).
pub const PER_ADDRESS: usize = 256;
/// Descriptors kept free for everything but connections (database files
/// and connections, uploads, the log).
pub const FD_RESERVE: u64 = 64;
/// Most connections by default, even when the open-file limit allows more
/// (each costs memory; a party's doors and admins need a few dozen).
pub const DEFAULT_MAX_CONNECTIONS: u64 = 2048;

/// Raises the soft open-file limit to the hard one; returns the limit in
/// force afterwards (`None` where the platform has no such limit).
pub fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(e) => {
            tracing::warn!(error = %e, "cannot raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE)
                .ok()
                .map(|(soft, _)| soft)
        }
    }
}

/// The connection cap for an open-file limit: `wanted`, but never more
/// than the limit minus [`FD_RESERVE`] (at least 16).
pub fn max_connections(wanted: u64, open_file_limit: Option<u64>) -> usize {
    let by_files = open_file_limit.map_or(u64::MAX, |l| l.saturating_sub(FD_RESERVE));
    usize::try_from(wanted.min(by_files).max(16)).unwrap_or(usize::MAX)
}

/// The bit of [`Conn::state`] that marks a connection closed to make room;
/// the bits below count its requests in flight.
const CLOSED: usize = 1 << (usize::BITS - 1);

/// One open connection as the registry sees it.
#[derive(Debug)]
struct Conn {
    id: u64,
    ip: IpAddr,
    /// Milliseconds since the registry started, at the last byte read or written.
    last_active: AtomicU64,
    /// Requests in flight (answers still being sent included), and [`CLOSED`].
    state: AtomicUsize,
    served: AtomicBool,
    waker: AtomicWaker,
}

impl Conn {
    fn closed(&self) -> bool {
        self.state.load(Ordering::Acquire) & CLOSED != 0
    }

    /// Counts a new request unless the connection was closed.
    fn start_request(&self) -> bool {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            if s & CLOSED != 0 {
                return false;
            }
            match self
                .state
                .compare_exchange_weak(s, s + 1, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return true,
                Err(now) => s = now,
            }
        }
    }

    /// Closes the connection if it has nothing in flight (one atomic step,
    /// so a request cannot start in between).
    fn close_if_idle(&self) -> bool {
        let closed = self
            .state
            .compare_exchange(0, CLOSED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if closed {
            self.waker.wake();
        }
        closed
    }
}

/// The open connections of one server.
#[derive(Debug)]
pub struct Registry {
    cap: usize,
    per_address: usize,
    /// Addresses without a per-address cap (trusted proxies).
    exempt: Vec<IpAddr>,
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<Vec<Arc<Conn>>>,
    shed: AtomicU64,
    refused: AtomicU64,
}

impl Registry {
    /// A registry allowing `cap` connections at once, `per_address` from one
    /// address except from `exempt` ones.
    pub fn new(cap: usize, per_address: usize, exempt: Vec<IpAddr>) -> Arc<Registry> {
        Arc::new(Registry {
            cap,
            per_address,
            exempt: exempt.into_iter().map(|ip| ip.to_canonical()).collect(),
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::new(Vec::new()),
            shed: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.conns().len()
    }

    /// Connections closed to make room so far.
    pub fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    /// Connections refused because every place was busy, so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    fn conns(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Conn>>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A place for a new connection from `ip`, made by closing an idle one
    /// when needed; `None` when every place is busy.
    fn register(&self, ip: IpAddr) -> Option<Arc<Conn>> {
        let ip = ip.to_canonical();
        let mut conns = self.conns();
        if !self.exempt.contains(&ip)
            && conns.iter().filter(|c| c.ip == ip).count() >= self.per_address
            && !self.make_room(&mut conns, Some(ip))
        {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        if conns.len() >= self.cap && !self.make_room(&mut conns, None) {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let conn = Arc::new(Conn {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            ip,
            last_active: AtomicU64::new(self.now_ms()),
            state: AtomicUsize::new(0),
            served: AtomicBool::new(false),
            waker: AtomicWaker::new(),
        });
        conns.push(conn.clone());
        Some(conn)
    }

    /// Closes the connection doing least (of `ip`, if given): one that never
    /// completed a request, else the one idle longest; never one with a
    /// request in flight. Returns whether one was closed.
    fn make_room(&self, conns: &mut Vec<Arc<Conn>>, ip: Option<IpAddr>) -> bool {
        let mut candidates: Vec<(bool, u64, u64)> = conns
            .iter()
            .filter(|c| ip.is_none_or(|ip| c.ip == ip) && c.state.load(Ordering::Acquire) == 0)
            .map(|c| {
                (
                    c.served.load(Ordering::Relaxed),
                    c.last_active.load(Ordering::Relaxed),
                    c.id,
                )
            })
            .collect();
        candidates.sort_unstable();
        for (_, _, id) in candidates {
            if let Some(i) = conns.iter().position(|c| c.id == id)
                && conns[i].close_if_idle()
            {
                conns.swap_remove(i);
                self.shed.fetch_add(1, Ordering::Relaxed);
                return true;
            }
        }
        false
    }

    fn forget(&self, id: u64) {
        let mut conns = self.conns();
        if let Some(i) = conns.iter().position(|c| c.id == id) {
            conns.swap_remove(i);
        }
    }
}

/// Removes its connection from the registry when the connection ends.
#[derive(Debug)]
struct Registration {
    registry: Arc<Registry>,
    conn: Arc<Conn>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.forget(self.conn.id);
    }
}

/// A connection's stream: notes activity, and fails once the registry
/// closed it to make room.
#[derive(Debug)]
pub struct Tracked<S> {
    inner: S,
    registration: Registration,
}

impl<S> Tracked<S> {
    fn check(&self, cx: &mut Context<'_>) -> Result<(), io::Error> {
        let conn = &self.registration.conn;
        conn.waker.register(cx.waker());
        if conn.closed() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "closed to make room for a new connection",
            ));
        }
        Ok(())
    }

    fn active(&self) {
        let now = self.registration.registry.now_ms();
        self.registration
            .conn
            .last_active
            .store(now, Ordering::Relaxed);
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Tracked<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check(cx)?;
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.active();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Tracked<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check(cx)?;
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.active();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.check(cx)?;
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.active();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A connection's service: counts requests in flight until their answer
/// is sent, so a busy connection is never closed to make room.
#[derive(Debug, Clone)]
pub struct Counted<S> {
    inner: S,
    conn: Arc<Conn>,
}

/// One request in flight; finished when dropped (answer sent, failed or
/// cancelled).
#[derive(Debug)]
struct InFlight(Arc<Conn>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.served.store(true, Ordering::Relaxed);
        self.0.state.fetch_sub(1, Ordering::AcqRel);
    }
}

/// An answer's body that keeps its request in flight until it ends.
#[derive(Debug)]
pub struct CountedBody<B> {
    inner: Option<B>,
    in_flight: Option<InFlight>,
}

impl<B> http_body::Body for CountedBody<B>
where
    B: http_body::Body + Unpin,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) {
            self.in_flight = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(B::is_end_stream)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| http_body::SizeHint::with_exact(0), B::size_hint)
    }
}

impl<S, R, B> tower::Service<R> for Counted<S>
where
    S: tower::Service<R, Response = axum::http::Response<B>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = axum::http::Response<CountedBody<B>>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        if !self.conn.start_request() {
            // Closed to make room just now: the stream fails anyway; decide nothing.
            let mut gone = axum::http::Response::new(CountedBody {
                inner: None,
                in_flight: None,
            });
            *gone.status_mut() = axum::http::StatusCode::SERVICE_UNAVAILABLE;
            return Box::pin(std::future::ready(Ok(gone)));
        }
        let in_flight = InFlight(self.conn.clone());
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await?;
            Ok(answer.map(|body| CountedBody {
                inner: Some(body),
                in_flight: Some(in_flight),
            }))
        })
    }
}

/// Registers each accepted TCP connection, making room when the caps are
/// reached (see the module documentation); wraps the plain acceptor, and
/// sits inside the TLS one, so a connection closed to make room during its
/// handshake lets go of its socket at once.
#[derive(Debug, Clone)]
pub struct LimitedAcceptor {
    registry: Arc<Registry>,
}

impl LimitedAcceptor {
    /// An acceptor with the limits of `registry`.
    pub fn new(registry: Arc<Registry>) -> Self {
        LimitedAcceptor { registry }
    }
}

impl<S: Send + 'static> Accept<TcpStream, S> for LimitedAcceptor {
    type Stream = Tracked<TcpStream>;
    type Service = Counted<S>;
    type Future = std::future::Ready<io::Result<(Self::Stream, Self::Service)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let ip = stream
            .peer_addr()
            .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |a| a.ip());
        let Some(conn) = self.registry.register(ip) else {
            return std::future::ready(Err(io::Error::other("every connection is busy: refused")));
        };
        let registration = Registration {
            registry: self.registry.clone(),
            conn: conn.clone(),
        };
        std::future::ready(Ok((
            Tracked {
                inner: stream,
                registration,
            },
            Counted {
                inner: service,
                conn,
            },
        )))
    }
}

/// How long a connection may wait to send a request head.
pub fn header_read_timeout() -> Duration {
    Duration::from_secs(HEADER_READ_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn room_is_made_from_idle_connections_never_busy_ones() {
        let registry = Registry::new(3, 100, Vec::new());
        let busy = registry.register(A).expect("place");
        assert!(busy.start_request());
        let served = registry.register(A).expect("place");
        served.served.store(true, Ordering::Relaxed);
        let fresh = registry.register(A).expect("place");
        // Full: the connection that never completed a request goes first.
        let next = registry.register(A).expect("room made");
        assert!(fresh.closed());
        assert!(!served.closed());
        // Then, among served ones, the one idle longest; never the busy one.
        served.last_active.store(0, Ordering::Relaxed);
        next.served.store(true, Ordering::Relaxed);
        next.last_active.store(100, Ordering::Relaxed);
        let last = registry.register(A).expect("room made");
        assert!(served.closed());
        assert!(!next.closed());
        assert!(!busy.closed());
        assert_eq!(registry.shed(), 2);
        // Everything busy: the new connection is refused, the cap holds.
        assert!(next.start_request() && last.start_request());
        assert!(registry.register(B).is_none());
        assert_eq!(registry.open(), 3);
        assert_eq!(registry.refused(), 1);
        // A closed connection takes no new request.
        assert!(!fresh.start_request());
    }

    #[test]
    fn one_address_cannot_take_every_place() {
        let registry = Registry::new(100, 2, vec![B]);
        let first = registry.register(A).expect("place");
        assert!(first.start_request());
        let second = registry.register(A).expect("place");
        assert!(second.start_request());
        assert!(registry.register(A).is_none(), "per-address cap");
        assert!(registry.register(B).is_some(), "another address");
        for _ in 0..10 {
            assert!(registry.register(B).is_some(), "a trusted proxy has no cap");
        }
    }

    #[test]
    fn the_cap_keeps_a_reserve_of_descriptors() {
        assert_eq!(max_connections(2048, Some(1024)), 960);
        assert_eq!(max_connections(2048, Some(1_048_576)), 2048);
        assert_eq!(max_connections(2048, None), 2048);
        assert_eq!(max_connections(2048, Some(10)), 16);
    }
}
