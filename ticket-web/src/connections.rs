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
//! - at most [`max_connections`] connections are open at once, which keeps
//!   [`FD_RESERVE`] descriptors for the database, uploads and the log. When
//!   all places are taken, a new connection (the next scan) still gets in:
//!   the connection that is doing least is closed to make room
//!   ([`Registry::make_room`]): first one that never completed a request
//!   (a flood or a slow-loris), else the one idle longest. A connection
//!   with a request in flight is never closed.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum_server::accept::Accept;
use futures_util::future::BoxFuture;
use futures_util::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Seconds a connection may take to send a request head, counted from when
/// it opened or got its previous answer.
pub const HEADER_READ_SECS: u64 = 10;
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

/// One open connection as the registry sees it.
#[derive(Debug)]
struct Conn {
    id: u64,
    /// Milliseconds since the registry started, at the last byte read or written.
    last_active: AtomicU64,
    in_flight: AtomicUsize,
    served: AtomicBool,
    closed: AtomicBool,
    waker: AtomicWaker,
}

/// The open connections of one server.
#[derive(Debug)]
pub struct Registry {
    cap: usize,
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<Vec<Arc<Conn>>>,
    shed: AtomicU64,
}

impl Registry {
    /// A registry allowing `cap` connections at once.
    pub fn new(cap: usize) -> Arc<Registry> {
        Arc::new(Registry {
            cap,
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::new(Vec::new()),
            shed: AtomicU64::new(0),
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

    fn conns(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Conn>>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn register(self: &Arc<Self>) -> Arc<Conn> {
        let conn = Arc::new(Conn {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            last_active: AtomicU64::new(self.now_ms()),
            in_flight: AtomicUsize::new(0),
            served: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            waker: AtomicWaker::new(),
        });
        let mut conns = self.conns();
        if conns.len() >= self.cap {
            Self::make_room(&mut conns, &self.shed);
        }
        conns.push(conn.clone());
        conn
    }

    /// Closes the connection doing least: one that never completed a
    /// request, else the one idle longest; never one with a request in
    /// flight. Does nothing when every connection is busy.
    fn make_room(conns: &mut Vec<Arc<Conn>>, shed: &AtomicU64) {
        let victim = conns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.in_flight.load(Ordering::Relaxed) == 0 && !c.closed.load(Ordering::Relaxed)
            })
            .min_by_key(|(_, c)| {
                (
                    c.served.load(Ordering::Relaxed),
                    c.last_active.load(Ordering::Relaxed),
                )
            })
            .map(|(i, _)| i);
        if let Some(i) = victim {
            let conn = conns.swap_remove(i);
            conn.closed.store(true, Ordering::Relaxed);
            conn.waker.wake();
            shed.fetch_add(1, Ordering::Relaxed);
        }
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
        if conn.closed.load(Ordering::Relaxed) {
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

/// A connection's service: counts requests in flight, so a busy
/// connection is never closed to make room.
#[derive(Debug, Clone)]
pub struct Counted<S> {
    inner: S,
    conn: Arc<Conn>,
}

/// Marks a request finished when dropped (answered, failed or cancelled).
struct InFlight(Arc<Conn>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.served.store(true, Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl<S, R> tower::Service<R> for Counted<S>
where
    S: tower::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        self.conn.in_flight.fetch_add(1, Ordering::Relaxed);
        let guard = InFlight(self.conn.clone());
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await;
            drop(guard);
            answer
        })
    }
}

/// Wraps another acceptor (plain or TLS): registers each connection,
/// making room when the cap is reached.
#[derive(Debug, Clone)]
pub struct LimitedAcceptor<A> {
    inner: A,
    registry: Arc<Registry>,
}

impl<A> LimitedAcceptor<A> {
    /// `inner` with the limits of `registry`.
    pub fn new(inner: A, registry: Arc<Registry>) -> Self {
        LimitedAcceptor { inner, registry }
    }
}

impl<A, I, S> Accept<I, S> for LimitedAcceptor<A>
where
    A: Accept<I, S>,
    A::Future: Send + 'static,
    A::Stream: Send + 'static,
    A::Service: Send + 'static,
{
    type Stream = Tracked<A::Stream>;
    type Service = Counted<A::Service>;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, Self::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let conn = self.registry.register();
        let registration = Registration {
            registry: self.registry.clone(),
            conn: conn.clone(),
        };
        let accepted = self.inner.accept(stream, service);
        Box::pin(async move {
            let (inner, service) = accepted.await?;
            Ok((
                Tracked {
                    inner,
                    registration,
                },
                Counted {
                    inner: service,
                    conn,
                },
            ))
        })
    }
}

/// How long a connection may wait to send a request head.
pub fn header_read_timeout() -> Duration {
    Duration::from_secs(HEADER_READ_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_is_made_from_idle_connections_never_busy_ones() {
        let registry = Registry::new(3);
        let busy = registry.register();
        busy.in_flight.store(1, Ordering::Relaxed);
        let served = registry.register();
        served.served.store(true, Ordering::Relaxed);
        let fresh = registry.register();
        // Full: the connection that never completed a request goes first.
        let next = registry.register();
        assert!(fresh.closed.load(Ordering::Relaxed));
        assert!(!served.closed.load(Ordering::Relaxed));
        // Then, among served ones, the one idle longest; never the busy one.
        served.last_active.store(0, Ordering::Relaxed);
        next.served.store(true, Ordering::Relaxed);
        next.last_active.store(100, Ordering::Relaxed);
        let _another = registry.register();
        assert!(served.closed.load(Ordering::Relaxed));
        assert!(!next.closed.load(Ordering::Relaxed));
        assert!(!busy.closed.load(Ordering::Relaxed));
        assert_eq!(registry.shed(), 2);
        assert_eq!(registry.open(), 3);
    }

    #[test]
    fn the_cap_keeps_a_reserve_of_descriptors() {
        assert_eq!(max_connections(2048, Some(1024)), 960);
        assert_eq!(max_connections(2048, Some(1_048_576)), 2048);
        assert_eq!(max_connections(2048, None), 2048);
        assert_eq!(max_connections(2048, Some(10)), 16);
    }
}
