//! Fault injection against the web app, in-process through the router: the app
//! answers every request with a clear error instead of hanging or panicking
//! while its database misbehaves, and recovers by itself afterwards.
//!
//! - Database unreachable (PostgreSQL and MySQL/MariaDB, when
//!   `TICKET_TEST_POSTGRES_URL` / `TICKET_TEST_MYSQL_URL` are set): the state
//!   reaches the server through a TCP proxy inside the test, which is cut (every
//!   connection reset, new ones refused) and later restored. While cut,
//!   `/healthz`, the scan API, an admin API route and a page answer `503` with
//!   a message within the pool's 5 s acquire timeout (a scan within two of
//!   them, see the test), a scan through the core fails with a database error,
//!   a browser session gets no data, and the change feed task keeps running.
//!   After restoring, the same state (no restart) scans again, the session
//!   still works, and nothing admitted before the cut was lost.
//! - Database full (SQLite, `PRAGMA max_page_count` on the writer connection):
//!   scans, a guest import and a revoke answer `507 Insufficient Storage`
//!   with a message that says the disk is full, nothing half-written stays
//!   behind, reads (`/healthz`, stats, the ticket list, pages) keep working, and
//!   every write works again once the limit is raised.
//! - Database read-only (SQLite, `PRAGMA query_only` on the writer connection):
//!   scans answer `503` saying the database is read-only, reads work, writes
//!   come back afterwards.
//! - Database silent mid-scan (PostgreSQL and MySQL/MariaDB, the proxy drops every byte without
//!   a reset): the scan in flight gets an answer, `/healthz` says 503, and once
//!   the network is back scans are admitted again without a restart.
//! - Database read-only on PostgreSQL (the app's role starts read-only
//!   sessions and its connections are ended, as in a failover to a standby)
//!   and MySQL/MariaDB (the server's `read_only`, for the app's own user):
//!   scans and imports answer `503` saying so and write nothing, reads keep
//!   working and the change feed task keeps running, and once writable again
//!   the same app admits and imports without a restart.
//! - SQLite path that cannot be created (below a regular file): startup fails
//!   with a message naming the database.
//! - Outbox not writable (the outbox path is a regular file; tests run as root,
//!   so permission bits would not stop a write): a mail run started from the
//!   send page stops with a reason naming the outbox, every guest stays
//!   pending, none is marked sent, and the app keeps serving.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state, state::AppState};
use ticketcore::testing::{mysql_url, postgres_url};
use ticketcore::{AnyStore, MailStatus, NewEvent, Role, Ticket, TicketFilter, TicketId};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// How long a request waits for a database connection before giving up (5 s).
const ACQUIRE: Duration = ticketcore::store::StoreOptions::DEFAULT_ACQUIRE_TIMEOUT;
/// Slack for a loaded machine.
const SLACK: Duration = Duration::from_secs(3);
/// A request that takes longer has hung: the test fails.
const REQUEST_BOUND: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// A TCP proxy the test can cut and restore.

/// Forwards `127.0.0.1:PORT` to a database server until cut. Dropping it cuts.
struct Proxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    accept: Mutex<Option<JoinHandle<()>>>,
    conns: Arc<Mutex<Vec<JoinHandle<()>>>>,
    /// While set, bytes in both directions are dropped on the floor and the
    /// sockets stay open: a host that died or a network that silently lost
    /// packets, without any reset.
    blackhole: Arc<AtomicBool>,
}

/// A listener on `addr` that may reuse a port left in `TIME_WAIT`.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(128)
}

/// Copies `from` to `to` until either side closes, discarding while `blackhole` is set.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, blackhole: Arc<AtomicBool>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if blackhole.load(Ordering::SeqCst) {
            continue;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0))).expect("proxy listens");
        let proxy = Proxy {
            addr: listener.local_addr().expect("proxy address"),
            upstream,
            accept: Mutex::new(None),
            conns: Arc::default(),
            blackhole: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let (upstream, conns, blackhole) =
            (self.upstream, self.conns.clone(), self.blackhole.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let blackhole = blackhole.clone();
                let conn = tokio::spawn(async move {
                    // RST instead of FIN when the proxy drops the socket: a crash, not a goodbye.
                    let _ = client.set_zero_linger();
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = server.set_zero_linger();
                    let (client_read, client_write) = client.into_split();
                    let (server_read, server_write) = server.into_split();
                    tokio::join!(
                        pump(client_read, server_write, blackhole.clone()),
                        pump(server_read, client_write, blackhole),
                    );
                });
                let mut conns = conns.lock().expect("lock");
                conns.retain(|c| !c.is_finished());
                conns.push(conn);
            }
        });
        *self.accept.lock().expect("lock") = Some(task);
    }

    /// Resets every open connection and refuses new ones (the listener closes).
    fn cut(&self) {
        if let Some(task) = self.accept.lock().expect("lock").take() {
            task.abort();
        }
        for conn in self.conns.lock().expect("lock").drain(..) {
            conn.abort();
        }
    }

    /// Listens on the same port again.
    async fn restore(&self) {
        // The aborted accept task drops its listener on its next poll; retry briefly.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match listen(self.addr) {
                Ok(listener) => return self.serve(listener),
                Err(e) if Instant::now() < deadline => {
                    eprintln!("proxy: rebinding {}: {e}", self.addr);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("cannot listen on {} again: {e}", self.addr),
            }
        }
    }

    /// Starts or stops dropping every byte (see [`Proxy::blackhole`]).
    fn set_blackhole(&self, on: bool) {
        self.blackhole.store(on, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // Closing the sockets ends the server's side of any stuck transaction,
        // so the test database can be dropped.
        self.cut();
    }
}

/// `url` with its `host:port` replaced by `addr`, and the server it named.
async fn through(url: &str, addr: SocketAddr, default_port: u16) -> (String, SocketAddr) {
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, host) = match authority.rsplit_once('@') {
        Some((user, host)) => (format!("{user}@"), host),
        None => (String::new(), authority),
    };
    let host = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:{default_port}")
    };
    let upstream = tokio::net::lookup_host(&host)
        .await
        .expect("resolve the database host")
        .next()
        .expect("an address");
    (format!("{scheme}://{user}{addr}{tail}"), upstream)
}

// ---------------------------------------------------------------------------
// The app and requests.

struct App {
    state: AppState,
    router: Router,
    feed: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

async fn start_app(url: &str, outbox: Option<std::path::PathBuf>) -> App {
    let dir = tempfile::tempdir().expect("dir");
    let outbox = outbox.unwrap_or_else(|| dir.path().join("outbox"));
    let mut config = Config::local(url, outbox);
    config.mail_from = Some("Ball <tickets@example.org>".into());
    let (state, _setup) = build_state(config).await.expect("state");
    let feed = tokio::spawn(ticket_web::live::run_feed(state.clone()));
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    App {
        state,
        router,
        feed,
        _dir: dir,
    }
}

/// An admin `ada` and a scanner `sam` with an API token each, and an event
/// `ball` with tickets for `n` guests. Returns (admin token, scanner token, tickets).
async fn populate(app: &App, n: usize) -> (String, String, Vec<Ticket>) {
    let office = &app.state.office;
    office
        .add_user("ada", Role::Admin, "admin-password")
        .await
        .expect("admin");
    office
        .add_user("sam", Role::Scanner, "scanner-password")
        .await
        .expect("scanner");
    let mut new = NewEvent::named("Ball");
    new.slug = Some("ball".into());
    let event = office.create_event(new).await.expect("event");
    let guests = ticketcore::testing::guests(n);
    let tickets = office
        .issue_tickets(&event, &guests)
        .await
        .expect("tickets");
    let (_, admin) = office.create_token("ada", "admin").await.expect("token");
    let (_, door) = office.create_token("sam", "doors").await.expect("token");
    (admin, door, tickets)
}

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    body: String,
    took: Duration,
}

/// One request, bounded by [`REQUEST_BOUND`] (a hang fails the test). `bearer`
/// is an API token, or `cookie:NAME=VALUE` for a browser session.
async fn request(
    router: &Router,
    method: Method,
    uri: &str,
    bearer: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = bearer {
        if let Some(cookie) = t.strip_prefix("cookie:") {
            req = req.header(header::COOKIE, cookie);
        } else {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
    }
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let req = req.body(Body::from(body)).expect("request");
    let start = Instant::now();
    let work = async {
        let resp = router.clone().oneshot(req).await.expect("response");
        let status = resp.status();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    };
    let (status, body) = tokio::time::timeout(REQUEST_BOUND, work)
        .await
        .unwrap_or_else(|_| panic!("{uri} hung for more than {REQUEST_BOUND:?}"));
    Answer {
        status,
        body,
        took: start.elapsed(),
    }
}

async fn get(router: &Router, uri: &str, bearer: Option<&str>) -> Answer {
    request(router, Method::GET, uri, bearer, None, Vec::new()).await
}

async fn scan(router: &Router, bearer: &str, code: &str) -> Answer {
    request(
        router,
        Method::POST,
        "/api/events/ball/scan",
        Some(bearer),
        Some("application/json"),
        serde_json::json!({"code": code, "door": "door-1"})
            .to_string()
            .into_bytes(),
    )
    .await
}

/// Logs `ada` in like a browser; returns `cookie:NAME=VALUE` for [`request`].
async fn browser_login(router: &Router) -> String {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("name=ada&password=admin-password&next=%2F"))
        .expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let cookie = resp
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie");
    format!("cookie:{cookie}")
}

/// The `outcome` of a successful scan answer.
fn outcome(a: &Answer) -> String {
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    v["outcome"].as_str().unwrap_or_default().to_string()
}

/// The `error` of a JSON error answer.
fn api_error(a: &Answer) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&a.body).unwrap_or_else(|_| panic!("a JSON error: {a:?}"));
    v["error"].as_str().unwrap_or_default().to_string()
}

// ---------------------------------------------------------------------------
// Database unreachable.

/// The outage drill on the server named by `url` (a fresh schema or database).
async fn database_outage(url: &str, default_port: u16) {
    let placeholder = SocketAddr::from(([127, 0, 0, 1], 1));
    let (_, upstream) = through(url, placeholder, default_port).await;
    let proxy = Proxy::start(upstream).await;
    let (proxied, _) = through(url, proxy.addr, default_port).await;
    let app = start_app(&proxied, None).await;
    let (admin, door, tickets) = populate(&app, 3).await;
    let router = &app.router;
    let event = app.state.event("ball").await.expect("event");

    assert_eq!(get(router, "/healthz", None).await.status, StatusCode::OK);
    assert_eq!(
        outcome(&scan(router, &door, &tickets[0].code).await),
        "admitted"
    );
    let browser = browser_login(router).await;

    proxy.cut();
    let start = Instant::now();
    let (health, scanned, stats, page, core, session) = tokio::join!(
        get(router, "/healthz", None),
        scan(router, &door, &tickets[1].code),
        get(router, "/api/events/ball/stats", Some(&admin)),
        get(router, "/events/ball/tickets", Some(&admin)),
        tokio::time::timeout(
            REQUEST_BOUND,
            app.state.office.scan(&event, &tickets[2].code, "door-2")
        ),
        get(router, "/api/events/ball/stats", Some(&browser)),
    );
    eprintln!(
        "while cut: healthz {:?}, scan {:?}, stats {:?}, page {:?}, session {:?}; all within {:?}",
        health.took,
        scanned.took,
        stats.took,
        page.took,
        session.took,
        start.elapsed()
    );
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE, "{health:?}");
    assert!(health.body.contains("database"), "{health:?}");
    for a in [&scanned, &stats] {
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{a:?}");
        assert!(api_error(a).contains("database"), "{a:?}");
    }
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{page:?}");
    assert!(page.body.contains("database"), "{page:?}");
    // One failed wait for a connection each...
    for a in [&health, &stats, &page] {
        assert!(a.took < ACQUIRE + SLACK, "{a:?}");
    }
    // ...and at most two for a scan: the scan writer decides one batch at a
    // time, so a scan queued behind a batch that is waiting in vain waits for
    // that batch's timeout, then for its own.
    assert!(scanned.took < 2 * ACQUIRE + SLACK, "{scanned:?}");
    let core = core.expect("a scan through the core fails instead of hanging");
    assert!(
        matches!(core, Err(ticketcore::Error::Database(_))),
        "{core:?}"
    );
    assert!(
        !app.feed.is_finished(),
        "the change feed survives the outage"
    );
    // A browser session cannot be checked either: 503, not "log in" (a door
    // phone would be sent to the login page); in time too.
    assert_eq!(
        session.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{session:?}"
    );
    assert!(session.took < 2 * ACQUIRE + SLACK, "{session:?}");

    proxy.restore().await;
    // The pool reconnects by itself: no new state, no restart.
    let deadline = Instant::now() + REQUEST_BOUND;
    loop {
        let a = get(router, "/healthz", None).await;
        if a.status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {a:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        outcome(&scan(router, &door, &tickets[1].code).await),
        "admitted"
    );
    assert_eq!(
        outcome(&scan(router, &door, &tickets[2].code).await),
        "admitted"
    );
    assert_eq!(
        outcome(&scan(router, &door, &tickets[0].code).await),
        "already_used",
        "the scan admitted before the outage stands"
    );
    let stats = get(router, "/api/events/ball/stats", Some(&admin)).await;
    assert_eq!(stats.status, StatusCode::OK, "{stats:?}");
    let v: serde_json::Value = serde_json::from_str(&stats.body).expect("json");
    assert_eq!(v["used"], 3, "{v}");
    let session = get(router, "/api/events/ball/stats", Some(&browser)).await;
    assert_eq!(
        session.status,
        StatusCode::OK,
        "the session outlived the outage"
    );
    assert!(!app.feed.is_finished());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_unreachable_answers_503_and_recovers() {
    let Some((url, _guard)) = postgres_url().await else {
        return;
    };
    database_outage(&url, 5432).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_unreachable_answers_503_and_recovers() {
    let Some((url, _guard)) = mysql_url().await else {
        return;
    };
    database_outage(&url, 3306).await;
}

/// The database host stops answering in the middle of a scan, without any
/// reset (power loss, failover to another machine): the scan must still get
/// an answer in bounded time, and scans must work again once the database is
/// reachable. Without the bound on each scan batch
/// (`ticketcore::scan::BATCH_TIMEOUT_SECS`) the scan writer waited for the
/// lost reply as long as the kernel kept the TCP connection (minutes to
/// hours), and that scan and every later scan of the instance hung.
///
/// Then the network comes back and scans work again within a few attempts.
/// Before the pools checked released connections within a bound
/// (`after_release` with a 5 s ping), a connection dropped in the middle of a
/// transaction went back to sqlx's pool, which tried to roll it back over the
/// still-silent connection and kept the pool slot until the kernel gave up on
/// it, so every later scan waited for a free connection in vain (503 after
/// 5 s each).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_silent_mid_scan_answers_and_recovers() {
    let Some((url, _guard)) = postgres_url().await else {
        return;
    };
    silent_mid_scan(&url, 5432).await;
}

/// The same outage on MySQL/MariaDB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_silent_mid_scan_answers_and_recovers() {
    let Some((url, _guard)) = mysql_url().await else {
        return;
    };
    silent_mid_scan(&url, 3306).await;
}

/// A direct connection (not through the proxy) to the test database that
/// holds a ticket's row locked until [`RowLock::release`], so a scan's
/// `UPDATE` of that row waits inside the server. The row is found by its
/// primary key, so only that row is locked (MySQL would lock every row a
/// search by code without its event scanned).
enum RowLock {
    Postgres(sqlx::PgConnection),
    MySql(sqlx::MySqlConnection),
}

impl RowLock {
    async fn take(url: &str, ticket: TicketId) -> Self {
        use sqlx::Connection;
        // `SELECT … FOR UPDATE` takes the row lock on both servers.
        if url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(url).await.expect("direct");
            sqlx::raw_sql("BEGIN").execute(&mut c).await.expect("begin");
            sqlx::query("SELECT id FROM tickets WHERE id = $1 FOR UPDATE")
                .bind(ticket.0)
                .fetch_all(&mut c)
                .await
                .expect("lock the row");
            Self::Postgres(c)
        } else {
            let mut c = sqlx::MySqlConnection::connect(url).await.expect("direct");
            sqlx::raw_sql("BEGIN").execute(&mut c).await.expect("begin");
            sqlx::query("SELECT id FROM tickets WHERE id = ? FOR UPDATE")
                .bind(ticket.0)
                .fetch_all(&mut c)
                .await
                .expect("lock the row");
            Self::MySql(c)
        }
    }

    async fn release(self) {
        match self {
            Self::Postgres(mut c) => sqlx::raw_sql("ROLLBACK").execute(&mut c).await.map(drop),
            Self::MySql(mut c) => sqlx::raw_sql("ROLLBACK").execute(&mut c).await.map(drop),
        }
        .expect("unlock");
    }
}

async fn silent_mid_scan(url: &str, default_port: u16) {
    let placeholder = SocketAddr::from(([127, 0, 0, 1], 1));
    let (_, upstream) = through(url, placeholder, default_port).await;
    let proxy = Proxy::start(upstream).await;
    let (proxied, _) = through(url, proxy.addr, default_port).await;
    let app = start_app(&proxied, None).await;
    let (_admin, door, tickets) = populate(&app, 3).await;
    let router = &app.router;

    // Hold the ticket's row from a direct connection so the scan's UPDATE
    // waits inside the server; go silent; let the UPDATE finish unheard.
    let lock = RowLock::take(url, tickets[0].id).await;
    let in_flight = {
        let (router, door, code) = (router.clone(), door.clone(), tickets[0].code.clone());
        tokio::spawn(async move { scan(&router, &door, &code).await })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    proxy.set_blackhole(true);
    lock.release().await;

    let health = get(router, "/healthz", None).await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE, "{health:?}");
    let answered = in_flight.await.expect("the scan in flight got no answer");
    // Its reply is lost: the scan writer gives up on the batch after
    // BATCH_TIMEOUT_SECS and the door is told the database did not answer.
    assert_eq!(
        answered.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{answered:?}"
    );
    assert!(
        answered.took < Duration::from_secs(ticketcore::scan::BATCH_TIMEOUT_SECS) + SLACK,
        "{answered:?}"
    );

    // The network is back (new connections work); the lost reply stays lost,
    // and connections opened before stay silent until each is given up on:
    // scans may fail (in bounded time) until the pool has replaced them.
    proxy.set_blackhole(false);
    let mut attempts = Vec::new();
    loop {
        let after = scan(router, &door, &tickets[1].code).await;
        assert!(after.took < Duration::from_secs(25), "{after:?}");
        let done = after.status == StatusCode::OK;
        attempts.push(after);
        if done {
            break;
        }
        assert!(attempts.len() < 6, "no recovery: {attempts:?}");
    }
    let last = attempts.last().expect("one attempt");
    assert_eq!(outcome(last), "admitted", "{attempts:?}");
    eprintln!("recovered after {} attempt(s)", attempts.len());
}

#[tokio::test]
async fn sqlite_path_that_cannot_be_created_fails_at_startup_with_a_message() {
    let file = tempfile::NamedTempFile::new().expect("file");
    let url = format!("sqlite://{}", file.path().join("tickets.db").display());
    let dir = tempfile::tempdir().expect("dir");
    let started = build_state(Config::local(&url, dir.path().join("outbox"))).await;
    let Err(e) = started else {
        panic!("a database below a regular file cannot open");
    };
    let message = format!("{e:#}");
    assert!(message.contains("cannot open the database"), "{message}");
    assert!(message.contains("tickets.db"), "{message}");
}

// ---------------------------------------------------------------------------
// SQLite: database full, database read-only.

/// The SQLite writer pool of a state (one connection, so a PRAGMA on it sticks).
fn writer(app: &App) -> sqlx::SqlitePool {
    match app.state.office.store() {
        AnyStore::Sqlite(s) => s.pool().clone(),
        #[allow(unreachable_patterns)]
        _ => panic!("not SQLite"),
    }
}

/// Runs `sql` on the scan writer's own connection too (it does not write
/// through the pool).
fn scan_writer_sql(app: &App, sql: &str) {
    match app.state.office.store() {
        AnyStore::Sqlite(s) => s.set_scan_writer_sql(sql),
        #[allow(unreachable_patterns)]
        _ => panic!("not SQLite"),
    }
}

async fn pragma(pool: &sqlx::SqlitePool, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_optional(pool)
        .await
        .expect("pragma")
        .unwrap_or_default()
}

/// Uploads a CSV and confirms the preview; returns the confirmation answer.
async fn import_csv(router: &Router, admin: &str, csv: &str) -> Answer {
    let boundary = "----faultsboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"guests.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(csv.as_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let preview = request(
        router,
        Method::POST,
        "/events/ball/import",
        Some(admin),
        Some(&format!("multipart/form-data; boundary={boundary}")),
        body,
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
    let token = preview
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("a confirm form: {}", preview.body))
        .to_string();
    request(
        router,
        Method::POST,
        "/events/ball/import/confirm",
        Some(admin),
        Some("application/x-www-form-urlencoded"),
        format!("token={token}").into_bytes(),
    )
    .await
}

fn csv_of(from: usize, to: usize) -> String {
    ticketcore::testing::guest_csv("New Guest", "new", from..to)
}

async fn total(app: &App) -> u64 {
    let event = app.state.event("ball").await.expect("event");
    app.state.office.stats(&event).await.expect("stats").total
}

/// A well-formed code that no ticket has (scanning it is `unknown`, and logged).
fn unused_code(tickets: &[Ticket]) -> String {
    ["ZZZ", "ZZY", "ZZX", "ZZW"]
        .into_iter()
        .find(|c| tickets.iter().all(|t| t.code != *c))
        .expect("40 tickets cannot take 4 codes")
        .to_string()
}

/// Fills the disk, as far as the writer connection can tell: no page beyond
/// the current ones. Applied before every write of the "full" phase, since the
/// store replaces a writer connection that a failed write left behind (and a
/// new connection starts without the limit, as after freeing space).
async fn disk_full(app: &App, pool: &sqlx::SqlitePool) {
    scan_writer_sql(app, "PRAGMA max_page_count = 1");
    let pages = pragma(pool, "PRAGMA max_page_count = 1").await;
    assert_eq!(pragma(pool, "PRAGMA max_page_count").await, pages);
}

async fn revoke(router: &Router, admin: &str, code: &str) -> Answer {
    request(
        router,
        Method::POST,
        &format!("/events/ball/tickets/{code}/revoke"),
        Some(admin),
        Some("application/x-www-form-urlencoded"),
        Vec::new(),
    )
    .await
}

#[tokio::test]
async fn sqlite_full_refuses_writes_clearly_keeps_reads_and_recovers() {
    let (url, _guard) = ticketcore::testing::sqlite_url();
    let app = start_app(&url, None).await;
    let (admin, door, tickets) = populate(&app, 40).await;
    let router = &app.router;
    let pool = writer(&app);

    // Scan until the audit log needs a page it cannot get.
    let unknown = unused_code(&tickets);
    disk_full(&app, &pool).await;
    let mut full = None;
    let mut admitted = 0;
    for i in 0..5000 {
        // The tickets, then already-used scans (unknown codes would run out
        // of the door's guessing budget first).
        let code = tickets[i % tickets.len()].code.as_str();
        let a = scan(router, &door, code).await;
        if a.status == StatusCode::OK {
            admitted += usize::from(outcome(&a) == "admitted");
            continue;
        }
        full = Some((i, a));
        break;
    }
    let (failed_at, a) = full.expect("the database fills up");
    assert_eq!(a.status, StatusCode::INSUFFICIENT_STORAGE, "{a:?}");
    let message = api_error(&a);
    assert!(message.contains("disk is full"), "{message}");

    // While full, every write fails with the same clear answer (not a
    // confused connection's "unavailable"), and nothing half-done stays.
    let code = tickets[failed_at % tickets.len()].code.as_str();
    for _ in 0..2 {
        disk_full(&app, &pool).await;
        let again = scan(router, &door, code).await;
        assert_eq!(again.status, StatusCode::INSUFFICIENT_STORAGE, "{again:?}");
    }
    let before = total(&app).await;
    disk_full(&app, &pool).await;
    let import = import_csv(router, &admin, &csv_of(0, 300)).await;
    assert_eq!(
        import.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{import:?}"
    );
    assert!(import.body.contains("disk is full"), "{}", import.body);
    assert_eq!(
        total(&app).await,
        before,
        "a failed import writes no ticket"
    );
    disk_full(&app, &pool).await;
    let revoked = revoke(router, &admin, &tickets[0].code).await;
    assert_eq!(
        revoked.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{revoked:?}"
    );

    // Reads keep working.
    disk_full(&app, &pool).await;
    assert_eq!(get(router, "/healthz", None).await.status, StatusCode::OK);
    let stats = get(router, "/api/events/ball/stats", Some(&admin)).await;
    assert_eq!(stats.status, StatusCode::OK, "{stats:?}");
    let v: serde_json::Value = serde_json::from_str(&stats.body).expect("json");
    assert_eq!(v["used"], admitted, "{v}");
    assert_eq!(v["revoked"], 0, "{v}");
    let list = get(router, "/api/events/ball/tickets", Some(&admin)).await;
    assert_eq!(list.status, StatusCode::OK);
    let page = get(router, "/events/ball/tickets", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!app.feed.is_finished());

    // Space is back: every write works again, on the same state.
    pragma(&pool, "PRAGMA max_page_count = 1073741823").await;
    scan_writer_sql(&app, "");
    if let Some(t) = tickets.get(failed_at) {
        let a = scan(router, &door, &t.code).await;
        assert_eq!(outcome(&a), "admitted", "ticket {failed_at}: {a:?}");
    } else {
        let a = scan(router, &door, &unknown).await;
        assert_eq!(outcome(&a), "unknown", "{a:?}");
    }
    let import = import_csv(router, &admin, &csv_of(0, 300)).await;
    assert_eq!(import.status, StatusCode::OK, "{import:?}");
    assert!(
        import.body.contains("Imported 300 guests"),
        "{}",
        import.body
    );
    assert_eq!(total(&app).await, before + 300);
    let revoked = revoke(router, &admin, &tickets[0].code).await;
    assert!(
        revoked.status.is_redirection() || revoked.status.is_success(),
        "{revoked:?}"
    );
}

#[tokio::test]
async fn sqlite_read_only_refuses_writes_clearly_and_recovers() {
    let (url, _guard) = ticketcore::testing::sqlite_url();
    let app = start_app(&url, None).await;
    let (admin, door, tickets) = populate(&app, 3).await;
    let router = &app.router;
    let pool = writer(&app);

    pragma(&pool, "PRAGMA query_only = 1").await;
    scan_writer_sql(&app, "PRAGMA query_only = 1");
    let a = scan(router, &door, &tickets[0].code).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{a:?}");
    let message = api_error(&a);
    assert!(message.contains("read-only"), "{message}");
    assert_eq!(get(router, "/healthz", None).await.status, StatusCode::OK);
    let stats = get(router, "/api/events/ball/stats", Some(&admin)).await;
    assert_eq!(stats.status, StatusCode::OK, "{stats:?}");

    pragma(&pool, "PRAGMA query_only = 0").await;
    scan_writer_sql(&app, "");
    assert_eq!(
        outcome(&scan(router, &door, &tickets[0].code).await),
        "admitted"
    );
}

// ---------------------------------------------------------------------------
// PostgreSQL and MySQL/MariaDB: database read-only.

/// A server database the test makes read-only under the running app, and
/// writable again. The app logs in as a user of its own, so nothing else on
/// the server is affected:
/// - PostgreSQL: the role's sessions start read-only
///   (`default_transaction_read_only`) and its connections are ended, as a
///   failover to a hot standby ends them; writes then fail with SQLSTATE 25006.
/// - MySQL/MariaDB: the server's `read_only`, as an operator or a replica
///   set-up sets it. It applies at once to every connection of a user without
///   the `READ_ONLY ADMIN` privilege, not to the test's admin user; writes fail
///   with error 1290.
struct ReadOnlyServer {
    /// The app's URL: the test database, as the user of its own.
    url: String,
    admin: String,
    /// PostgreSQL: the app's role; `None` on MySQL/MariaDB.
    role: Option<String>,
    /// The database first, then the user (and the server setting).
    _guards: [ticketcore::testing::Guard; 2],
}

impl ReadOnlyServer {
    async fn postgres() -> Option<Self> {
        let (scoped, database) = postgres_url().await?;
        let admin = std::env::var("TICKET_TEST_POSTGRES_URL").expect("set, as the schema exists");
        let mut conn = {
            use sqlx::Connection;
            sqlx::PgConnection::connect(&admin).await.expect("connect")
        };
        if !ticketcore::testing::postgres_superuser(&mut conn, "ending another role's connections")
            .await
        {
            return None;
        }
        let schema = scoped
            .split("options[search_path]=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .expect("the schema in the URL")
            .to_owned();
        let role = ticketcore::testing::unique_name();
        let password = ticketcore::auth::random_hex(16);
        let user_guard = ticketcore::testing::sql_on_drop(
            &admin,
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'; \
                 DROP ROLE IF EXISTS {role}"
            ),
            format!("role {role}"),
        );
        ticketcore::testing::server_sql(
            &admin,
            format!(
                "CREATE ROLE {role} LOGIN PASSWORD '{password}'; \
                 ALTER SCHEMA {schema} OWNER TO {role}"
            ),
        )
        .await
        .expect("a role that owns the test schema");
        Some(Self {
            url: as_user(&scoped, &role, &password),
            admin,
            role: Some(role),
            _guards: [database, user_guard],
        })
    }

    async fn mysql() -> Option<Self> {
        let (scoped, database) = mysql_url().await?;
        let admin = std::env::var("TICKET_TEST_MYSQL_URL").expect("set, as the database exists");
        let mut conn = {
            use sqlx::Connection;
            sqlx::MySqlConnection::connect(&admin)
                .await
                .expect("connect")
        };
        let grants: Vec<String> = sqlx::query_scalar("SHOW GRANTS")
            .fetch_all(&mut conn)
            .await
            .expect("the test user's grants");
        // `read_only` must not stop the admin's own writes (other tests).
        if !grants.iter().any(|g| {
            g.starts_with("GRANT ALL PRIVILEGES ON *.*")
                    || g.contains("READ_ONLY ADMIN") // MariaDB 10.11+
                    || g.contains("CONNECTION_ADMIN") // MySQL 8
        }) {
            eprintln!(
                "note: the test user lacks READ_ONLY ADMIN (MariaDB) or CONNECTION_ADMIN \
                 (MySQL), so read_only would stop its other tests too; skipping MySQL/MariaDB \
                 read-only"
            );
            return None;
        }
        let name = scoped
            .split('?')
            .next()
            .and_then(|base| base.rsplit('/').next())
            .expect("a database name in the URL")
            .to_owned();
        // Restored afterwards (it is 0 on a server that takes writes).
        let was: i64 = sqlx::query_scalar("SELECT @@global.read_only")
            .fetch_one(&mut conn)
            .await
            .expect("read_only");
        let user = ticketcore::testing::unique_name();
        let password = ticketcore::auth::random_hex(16);
        let user_guard = ticketcore::testing::sql_on_drop(
            &admin,
            format!("SET GLOBAL read_only = {was}; DROP USER IF EXISTS '{user}'@'%'"),
            format!("user {user}"),
        );
        ticketcore::testing::server_sql(
            &admin,
            format!(
                "CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'; \
                 GRANT ALL ON {name}.* TO '{user}'@'%'"
            ),
        )
        .await
        .expect("a user of the test database");
        Some(Self {
            url: as_user(&scoped, &user, &password),
            admin,
            role: None,
            _guards: [database, user_guard],
        })
    }

    async fn set_read_only(&self, on: bool) {
        let sql = match &self.role {
            Some(role) => {
                let setting = if on {
                    "SET default_transaction_read_only = on"
                } else {
                    "RESET default_transaction_read_only"
                };
                // Committed before the connections end, so no reconnection
                // can get the old setting.
                ticketcore::testing::server_sql(
                    &self.admin,
                    format!("ALTER ROLE {role} {setting}"),
                )
                .await
                .expect("alter the role");
                format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"
                )
            }
            None => format!(
                "SET SESSION lock_wait_timeout = 30; SET GLOBAL read_only = {}",
                u8::from(on)
            ),
        };
        ticketcore::testing::server_sql(&self.admin, sql)
            .await
            .expect("switch read-only");
    }
}

/// `url` logging in as `user` with `password` instead.
fn as_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}:{password}@{host}")
}

/// The read-only drill: writes (a scan, an import) answer 503 saying the
/// database is read-only and leave nothing behind, reads keep working and the
/// change feed task keeps running, and once the database is writable again the same app (no
/// restart) admits the ticket and imports.
async fn server_read_only(server: ReadOnlyServer) {
    let app = start_app(&server.url, None).await;
    let (admin, door, tickets) = populate(&app, 3).await;
    let router = &app.router;
    assert_eq!(
        outcome(&scan(router, &door, &tickets[0].code).await),
        "admitted"
    );

    server.set_read_only(true).await;
    let a = scan(router, &door, &tickets[1].code).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{a:?}");
    let message = api_error(&a);
    assert!(message.contains("read-only"), "{message}");
    let before = total(&app).await;
    let import = import_csv(router, &admin, &csv_of(0, 50)).await;
    assert_eq!(import.status, StatusCode::SERVICE_UNAVAILABLE, "{import:?}");
    assert!(import.body.contains("read-only"), "{}", import.body);
    assert_eq!(
        total(&app).await,
        before,
        "a failed import writes no ticket"
    );
    assert_eq!(get(router, "/healthz", None).await.status, StatusCode::OK);
    let stats = get(router, "/api/events/ball/stats", Some(&admin)).await;
    assert_eq!(stats.status, StatusCode::OK, "{stats:?}");
    let v: serde_json::Value = serde_json::from_str(&stats.body).expect("json");
    assert_eq!(v["used"], 1, "{v}");
    let page = get(router, "/events/ball/tickets", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK, "{page:?}");
    assert!(!app.feed.is_finished());

    server.set_read_only(false).await;
    assert_eq!(
        outcome(&scan(router, &door, &tickets[1].code).await),
        "admitted"
    );
    assert_eq!(
        outcome(&scan(router, &door, &tickets[0].code).await),
        "already_used",
        "the scan admitted before stands"
    );
    let import = import_csv(router, &admin, &csv_of(0, 50)).await;
    assert_eq!(import.status, StatusCode::OK, "{import:?}");
    assert_eq!(total(&app).await, before + 50);
    assert!(!app.feed.is_finished());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_read_only_refuses_writes_clearly_and_recovers() {
    let Some(server) = ReadOnlyServer::postgres().await else {
        return;
    };
    server_read_only(server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_read_only_refuses_writes_clearly_and_recovers() {
    let Some(server) = ReadOnlyServer::mysql().await else {
        return;
    };
    server_read_only(server).await;
}

// ---------------------------------------------------------------------------
// Outbox not writable.

#[tokio::test]
async fn unwritable_outbox_stops_the_send_run_and_marks_nobody_sent() {
    let (url, _guard) = ticketcore::testing::sqlite_url();
    let blocker = tempfile::NamedTempFile::new().expect("file");
    // The outbox path is a regular file: no folder can be made there, even by root.
    let app = start_app(&url, Some(blocker.path().to_path_buf())).await;
    let (admin, _door, _tickets) = populate(&app, 5).await;
    let router = &app.router;

    let start = request(
        router,
        Method::POST,
        "/events/ball/send",
        Some(&admin),
        Some("application/x-www-form-urlencoded"),
        Vec::new(),
    )
    .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{start:?}");
    let deadline = Instant::now() + REQUEST_BOUND;
    let run = loop {
        let a = get(router, "/api/events/ball/send", Some(&admin)).await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        if v["running"] == false {
            break v;
        }
        assert!(Instant::now() < deadline, "the run does not end: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let stopped = run["report"]["stopped"].as_str().unwrap_or_default();
    assert!(stopped.contains("outbox"), "{run}");
    assert_eq!(run["report"]["sent"], 0, "{run}");
    let event = app.state.event("ball").await.expect("event");
    let tickets = app
        .state
        .office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    assert!(
        tickets
            .iter()
            .all(|t| t.mail_status == MailStatus::Pending && t.mail_sent_at.is_none()),
        "{tickets:?}"
    );
    assert_eq!(
        std::fs::metadata(blocker.path()).expect("file").len(),
        0,
        "the file in the way is untouched"
    );
    let page = get(router, "/events/ball/send", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("outbox"), "the send page says why");
    assert_eq!(get(router, "/healthz", None).await.status, StatusCode::OK);
}
