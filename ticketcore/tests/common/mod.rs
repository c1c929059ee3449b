//! Shared fixtures: store factories per backend and the conformance suite,
//! written once, generic over [`Store`].

#![allow(dead_code)]

use std::any::Any;

use ticketcore::{CodeSpec, NewEvent, NewGuest, SqliteStore, Store};

/// Keeps a test database alive (a temp dir, a schema to drop, ...).
pub type Guard = Box<dyn Any + Send>;

/// Pool settings for test stores: small pools, short timeouts.
fn test_options() -> ticketcore::store::StoreOptions {
    ticketcore::store::StoreOptions {
        max_connections: Some(4),
        ..Default::default()
    }
}

/// A unique, random name for a test schema or database (`t_` + 16 hex digits),
/// so parallel tests never collide.
pub fn unique_name() -> String {
    format!("t_{}", ticketcore::auth::random_hex(8))
}

/// The URL in the environment variable `var`, if set and not empty.
fn url_from(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("note: {var} is not set; skipping this backend");
            None
        }
    }
}

/// Runs `job` on a fresh runtime in its own thread: usable from `Drop`, even
/// inside a tokio runtime.
fn cleanup(what: String, job: impl std::future::Future<Output = ()> + Send + 'static) {
    let done = std::thread::spawn(move || {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            // Never hang a test run on cleanup: give up (and leak the test
            // database) after a while.
            Ok(rt) => {
                if rt
                    .block_on(async {
                        tokio::time::timeout(std::time::Duration::from_secs(20), job).await
                    })
                    .is_err()
                {
                    eprintln!("gave up cleaning up {what}");
                }
            }
            Err(e) => eprintln!("cannot clean up {what}: {e}"),
        }
    })
    .join();
    if done.is_err() {
        eprintln!("cleaning up a test database panicked");
    }
}

/// Drops a PostgreSQL test schema (best effort) when dropped.
#[cfg(feature = "postgres")]
struct PgSchema {
    url: String,
    schema: String,
}

#[cfg(feature = "postgres")]
impl Drop for PgSchema {
    fn drop(&mut self) {
        let (url, schema) = (self.url.clone(), self.schema.clone());
        cleanup(schema.clone(), async move {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::PgConnection::connect(&url).await {
                let sql =
                    format!("SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {schema} CASCADE");
                if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                {
                    eprintln!("cannot drop test schema {schema}: {e}");
                }
                let _ = conn.close().await;
            }
        });
    }
}

/// A fresh PostgreSQL schema `t_<random>` on `TICKET_TEST_POSTGRES_URL`; returns
/// a URL whose connections use it (through `search_path`) and the guard that
/// drops it. `None` when the variable is not set.
#[cfg(feature = "postgres")]
pub async fn postgres_url() -> Option<(String, Guard)> {
    use sqlx::Connection;
    let url = url_from("TICKET_TEST_POSTGRES_URL")?;
    let schema = unique_name();
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .expect("connect to TICKET_TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .expect("create schema");
    let _ = conn.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{sep}options[search_path]={schema}");
    Some((scoped, Box::new(PgSchema { url, schema })))
}

/// A fresh PostgreSQL store in its own schema (see [`postgres_url`]).
#[cfg(feature = "postgres")]
pub async fn postgres() -> Option<(ticketcore::store::PgStore, Guard)> {
    let (url, guard) = postgres_url().await?;
    let store = ticketcore::store::PgStore::connect_with(&url, &test_options())
        .await
        .expect("open postgres");
    Some((store, guard))
}

/// Without the `postgres` feature there is nothing to test.
#[cfg(not(feature = "postgres"))]
pub async fn postgres() -> Option<(SqliteStore, Guard)> {
    eprintln!("note: built without the `postgres` feature; skipping PostgreSQL");
    None
}

/// Drops a MySQL test database (best effort) when dropped.
#[cfg(feature = "mysql")]
struct MySqlDatabase {
    url: String,
    database: String,
}

#[cfg(feature = "mysql")]
impl Drop for MySqlDatabase {
    fn drop(&mut self) {
        let (url, database) = (self.url.clone(), self.database.clone());
        cleanup(database.clone(), async move {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::MySqlConnection::connect(&url).await {
                let sql = format!(
                    "SET SESSION lock_wait_timeout = 10; DROP DATABASE IF EXISTS {database}"
                );
                if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                {
                    eprintln!("cannot drop test database {database}: {e}");
                }
                let _ = conn.close().await;
            }
        });
    }
}

/// A fresh MySQL/MariaDB database `t_<random>` on the server of
/// `TICKET_TEST_MYSQL_URL`; returns its URL and the guard that drops it.
/// `None` when the variable is not set.
#[cfg(feature = "mysql")]
pub async fn mysql_url() -> Option<(String, Guard)> {
    use sqlx::Connection;
    let url = url_from("TICKET_TEST_MYSQL_URL")?;
    let database = unique_name();
    let mut conn = sqlx::MySqlConnection::connect(&url)
        .await
        .expect("connect to TICKET_TEST_MYSQL_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    )))
    .execute(&mut conn)
    .await
    .expect("create database");
    let _ = conn.close().await;
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url.as_str(), String::new()),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base.trim_end_matches('/'),
    };
    let scoped = format!("{server}/{database}{query}");
    Some((scoped, Box::new(MySqlDatabase { url, database })))
}

/// A fresh MySQL/MariaDB store in its own database (see [`mysql_url`]).
#[cfg(feature = "mysql")]
pub async fn mysql() -> Option<(ticketcore::store::MySqlStore, Guard)> {
    let (url, guard) = mysql_url().await?;
    let store = ticketcore::store::MySqlStore::connect_with(&url, &test_options())
        .await
        .expect("open mysql");
    Some((store, guard))
}

/// Without the `mysql` feature there is nothing to test.
#[cfg(not(feature = "mysql"))]
pub async fn mysql() -> Option<(SqliteStore, Guard)> {
    eprintln!("note: built without the `mysql` feature; skipping MySQL/MariaDB");
    None
}

/// A fresh store of the given backend as an [`ticketcore::AnyStore`], for
/// fixtures that are not generic. `None` when the backend is not configured.
pub async fn any(backend: Backend) -> Option<(ticketcore::AnyStore, Guard)> {
    match backend {
        Backend::Sqlite => sqlite()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::Sqlite(s), g)),
        #[cfg(feature = "postgres")]
        Backend::Postgres => postgres()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::Postgres(s), g)),
        #[cfg(feature = "mysql")]
        Backend::MySql => mysql()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::MySql(s), g)),
        #[allow(unreachable_patterns)]
        _ => {
            eprintln!("note: built without {backend:?} support; skipping");
            None
        }
    }
}

/// The backends a test can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file-backed SQLite store (always available).
    Sqlite,
    /// PostgreSQL, when `TICKET_TEST_POSTGRES_URL` is set.
    Postgres,
    /// MySQL/MariaDB, when `TICKET_TEST_MYSQL_URL` is set.
    MySql,
}

/// A fresh file-backed SQLite store in its own temp dir.
pub async fn sqlite() -> Option<(SqliteStore, Guard)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("tickets.db").display());
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    Some((store, Box::new(dir)))
}

/// `n` guests named `Guest i` with addresses `guest{i}@example.org`.
pub fn guests(n: usize) -> Vec<NewGuest> {
    (0..n)
        .map(|i| NewGuest {
            name: format!("Guest {i}"),
            email: format!("guest{i}@example.org"),
            salutation: None,
        })
        .collect()
}

/// An event with the default codes and a unique slug.
pub async fn event<S: Store>(store: &S, slug: &str) -> ticketcore::Event {
    event_with(store, slug, CodeSpec::default()).await
}

/// An event with the given code spec.
pub async fn event_with<S: Store>(store: &S, slug: &str, spec: CodeSpec) -> ticketcore::Event {
    let mut new = NewEvent::named(format!("Event {slug}"));
    new.code_spec = spec;
    store.create_event(slug, &new).await.expect("create event")
}

pub mod smtp;
pub mod suite;
