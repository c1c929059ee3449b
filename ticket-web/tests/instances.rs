//! Two `ticket-web` instances on one database: two `AppState`s from
//! `build_state` on the same URL, each with its own scan queue and change feed,
//! driven through their routers.
//!
//! On every backend (SQLite on a shared file always; PostgreSQL and
//! MySQL/MariaDB when `TICKET_TEST_POSTGRES_URL` / `TICKET_TEST_MYSQL_URL` are
//! set, each pair in its own schema or database):
//! - 64 concurrent scans of one code, half through each instance, admit exactly one;
//! - a live-events listener on instance B sees a scan made on instance A within a second.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state, state::AppState};
use ticketcore::{NewEvent, NewGuest, Role};
use tower::ServiceExt;

/// Keeps a test database alive; drops it at the end (best effort).
type Guard = Box<dyn std::any::Any + Send>;

struct Instance {
    state: AppState,
    router: Router,
}

async fn instance(url: &str, dir: &std::path::Path) -> Instance {
    let config = Config {
        database_url: url.to_string(),
        db_max_connections: Some(4),
        listen: "127.0.0.1:0".parse().expect("addr"),
        smtp_url: None,
        outbox: dir.join("outbox"),
        mail_from: Some("Ball <tickets@example.org>".into()),
        tls_cert: None,
        tls_key: None,
        public_url: None,
        door_search: false,
    };
    let (state, _setup) = build_state(config).await.expect("state");
    tokio::spawn(ticket_web::live::run_feed(state.clone()));
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    Instance { state, router }
}

/// Sends one request; returns the status, the session cookie it set, and the body.
async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    auth: (&str, &str),
    content_type: &str,
    body: String,
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type);
    if !auth.1.is_empty() {
        req = req.header(auth.0, auth.1);
    }
    let resp = router
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("response");
    let status = resp.status();
    let cookie = resp
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (status, cookie, String::from_utf8_lossy(&bytes).into_owned())
}

async fn api_scan(router: &Router, bearer: &str, code: &str, door: &str) -> String {
    let (status, _, body) = send(
        router,
        Method::POST,
        "/api/events/ball/scan",
        (header::AUTHORIZATION.as_str(), &format!("Bearer {bearer}")),
        "application/json",
        serde_json::json!({"code": code, "door": door}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    v["outcome"].as_str().unwrap_or_default().to_string()
}

/// Both checks on two instances of the database at `url`.
async fn two_instances(url: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let a = instance(url, dir.path()).await;
    let b = instance(url, dir.path()).await;

    let office = &a.state.office;
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
    let guests: Vec<NewGuest> = ["Anna", "Ben"]
        .iter()
        .enumerate()
        .map(|(i, n)| NewGuest {
            name: n.to_string(),
            email: format!("g{i}@example.org"),
            salutation: None,
        })
        .collect();
    let tickets = office
        .issue_tickets(&event, &guests)
        .await
        .expect("tickets");
    let (_, secret) = office.create_token("sam", "doors").await.expect("token");

    // 64 concurrent scans of one code, alternating between the instances.
    let code = tickets[0].code.clone();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let router = if i % 2 == 0 {
            a.router.clone()
        } else {
            b.router.clone()
        };
        let (secret, code) = (secret.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            api_scan(&router, &secret, &code, &format!("door-{i}")).await
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("join"));
    }
    assert_eq!(
        outcomes.iter().filter(|o| *o == "admitted").count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|o| *o == "already_used").count(),
        63,
        "{outcomes:?}"
    );
    assert_eq!(
        b.state
            .office
            .scan_log(&event, 100)
            .await
            .expect("log")
            .len(),
        64
    );

    // A listener on B sees a scan made through A within a second.
    let (status, cookie, _) = send(
        &b.router,
        Method::POST,
        "/login",
        ("", ""),
        "application/x-www-form-urlencoded",
        "name=ada&password=admin-password&next=%2F".into(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.expect("session cookie");
    let req = Request::builder()
        .uri("/api/events/ball/stream")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    let resp = b.router.clone().oneshot(req).await.expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let outcome = api_scan(&a.router, &secret, &tickets[1].code, "door-a").await;
    assert_eq!(outcome, "admitted");
    let mut seen = String::new();
    while !(seen.contains("event: scan") && seen.contains(&tickets[1].code)) {
        let left = Duration::from_secs(1).saturating_sub(started.elapsed());
        let frame = tokio::time::timeout(left, body.frame())
            .await
            .expect("B's listener sees A's scan within a second")
            .expect("stream open")
            .expect("frame");
        if let Some(data) = frame.data_ref() {
            seen.push_str(&String::from_utf8_lossy(data));
        }
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(seen.contains("\"kind\":\"admitted\""), "{seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_instances_admit_once_and_share_live_events() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    two_instances(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_instances_admit_once_and_share_live_events() {
    let Some((url, _guard)) = postgres_url().await else {
        return;
    };
    two_instances(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mysql_two_instances_admit_once_and_share_live_events() {
    let Some((url, _guard)) = mysql_url().await else {
        return;
    };
    two_instances(&url).await;
}

/// The URL in the environment variable `var`, if set and not empty.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn url_from(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("note: {var} is not set; skipped");
            None
        }
    }
}

/// Runs `job` to completion on a runtime of its own thread (usable from `Drop`).
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn cleanup(job: impl std::future::Future<Output = ()> + Send + 'static) {
    let _ = std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            // Never hang the test run on cleanup (the database is then leaked).
            let _ = rt.block_on(async { tokio::time::timeout(Duration::from_secs(20), job).await });
        }
    })
    .join();
}

/// Runs one statement on a fresh connection to `url` and reports failures.
#[cfg(any(feature = "postgres", feature = "mysql"))]
async fn admin_sql<C: sqlx::Connection>(url: &str, sql: String) -> Result<(), sqlx::Error>
where
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
{
    let mut conn = C::connect(url).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await?;
    conn.close().await
}

/// Drops a named schema or database when dropped.
#[cfg(any(feature = "postgres", feature = "mysql"))]
struct DropOnExit {
    url: String,
    sql: String,
    postgres: bool,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl Drop for DropOnExit {
    fn drop(&mut self) {
        let (url, sql, postgres) = (self.url.clone(), self.sql.clone(), self.postgres);
        cleanup(async move {
            let result = if postgres {
                #[cfg(feature = "postgres")]
                {
                    admin_sql::<sqlx::PgConnection>(&url, sql.clone()).await
                }
                #[cfg(not(feature = "postgres"))]
                {
                    Ok(())
                }
            } else {
                #[cfg(feature = "mysql")]
                {
                    admin_sql::<sqlx::MySqlConnection>(&url, sql.clone()).await
                }
                #[cfg(not(feature = "mysql"))]
                {
                    Ok(())
                }
            };
            if let Err(e) = result {
                eprintln!("cleanup `{sql}` failed: {e}");
            }
        });
    }
}

/// A new schema `t_<random>` on `TICKET_TEST_POSTGRES_URL` and a URL that uses it.
#[cfg(feature = "postgres")]
async fn postgres_url() -> Option<(String, Guard)> {
    let url = url_from("TICKET_TEST_POSTGRES_URL")?;
    let schema = format!("t_{}", ticketcore::auth::random_hex(8));
    admin_sql::<sqlx::PgConnection>(&url, format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{sep}options[search_path]={schema}");
    let guard = DropOnExit {
        url,
        sql: format!("SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {schema} CASCADE"),
        postgres: true,
    };
    Some((scoped, Box::new(guard)))
}

#[cfg(not(feature = "postgres"))]
async fn postgres_url() -> Option<(String, Guard)> {
    eprintln!("note: built without the `postgres` feature; skipped");
    None
}

/// A new database `t_<random>` on the server of `TICKET_TEST_MYSQL_URL` and its URL.
#[cfg(feature = "mysql")]
async fn mysql_url() -> Option<(String, Guard)> {
    let url = url_from("TICKET_TEST_MYSQL_URL")?;
    let database = format!("t_{}", ticketcore::auth::random_hex(8));
    admin_sql::<sqlx::MySqlConnection>(
        &url,
        format!("CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
    )
    .await
    .expect("create database");
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url.as_str(), String::new()),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base.trim_end_matches('/'),
    };
    let scoped = format!("{server}/{database}{query}");
    let guard = DropOnExit {
        url,
        sql: format!("SET SESSION lock_wait_timeout = 10; DROP DATABASE IF EXISTS {database}"),
        postgres: false,
    };
    Some((scoped, Box::new(guard)))
}

#[cfg(not(feature = "mysql"))]
async fn mysql_url() -> Option<(String, Guard)> {
    eprintln!("note: built without the `mysql` feature; skipped");
    None
}
