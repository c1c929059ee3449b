//! Throw-away databases for tests of ticketcore and of the programs built on it
//! (feature `testing`; not for production use).
//!
//! Each call makes a database of its own, so tests run in parallel:
//! - SQLite: a file in a fresh temporary directory;
//! - PostgreSQL: a schema `t_<random>` on the server named by
//!   `TICKET_TEST_POSTGRES_URL`, reached through `search_path`;
//! - MySQL/MariaDB: a database `t_<random>` on the server named by
//!   `TICKET_TEST_MYSQL_URL`.
//!
//! The returned [`Guard`] removes it when dropped (best effort, at most 20
//! seconds; a database that cannot be dropped is left behind with a note on
//! stderr). A server backend whose variable is unset or empty gives `None`, so
//! the test is skipped with a note.

use std::any::Any;

/// Keeps a test database alive (a temporary directory, a schema or a database
/// to drop).
pub type Guard = Box<dyn Any + Send>;

/// The backends a test can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file-backed SQLite database (always available).
    Sqlite,
    /// PostgreSQL, when `TICKET_TEST_POSTGRES_URL` is set.
    Postgres,
    /// MySQL/MariaDB, when `TICKET_TEST_MYSQL_URL` is set.
    MySql,
}

impl Backend {
    /// Every backend, SQLite first.
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::MySql];
}

/// `n` guests: `Guest i` at `guest{i}@example.org`, for `i` in `0..n`.
pub fn guests(n: usize) -> Vec<crate::NewGuest> {
    guests_from(0, n)
}

/// Guests numbered `first..first + n` (addresses distinct from an earlier
/// batch's).
pub fn guests_from(first: usize, n: usize) -> Vec<crate::NewGuest> {
    (first..first + n)
        .map(|i| crate::NewGuest::new(format!("Guest {i}"), format!("guest{i}@example.org")))
        .collect()
}

/// Guests with these names and addresses, without salutation.
pub fn guests_at(people: &[(&str, &str)]) -> Vec<crate::NewGuest> {
    people
        .iter()
        .map(|(name, email)| crate::NewGuest::new(*name, *email))
        .collect()
}

/// Guests with these names, at `guest{i}@example.org` by position.
pub fn named_guests(names: &[&str]) -> Vec<crate::NewGuest> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| crate::NewGuest::new(*name, format!("guest{i}@example.org")))
        .collect()
}

/// A guest list as CSV text with a `Name,Email` header: `{name} {i}` at
/// `{mailbox}{i}@example.org` for each `i` in `numbers`.
pub fn guest_csv(name: &str, mailbox: &str, numbers: std::ops::Range<usize>) -> String {
    use std::fmt::Write as _;
    let mut csv = String::with_capacity(16 + numbers.len() * (name.len() + mailbox.len() + 32));
    csv.push_str("Name,Email\n");
    for i in numbers {
        // Writing to a String cannot fail.
        let _ = writeln!(csv, "{name} {i},{mailbox}{i}@example.org");
    }
    csv
}

/// A unique, random name for a test schema or database (`t_` + 16 hex digits).
pub fn unique_name() -> String {
    format!("t_{}", crate::auth::random_hex(8))
}

/// A URL of a fresh, empty database of `backend`, and the guard that removes it.
/// `None` when the backend is not configured or not built in.
///
/// # Panics
/// When the configured server refuses the connection or the `CREATE`: a test
/// that was asked to run there must not pass silently.
pub async fn database_url(backend: Backend) -> Option<(String, Guard)> {
    match backend {
        Backend::Sqlite => Some(sqlite_url()),
        Backend::Postgres => postgres_url().await,
        Backend::MySql => mysql_url().await,
    }
}

/// A `sqlite://` URL of a file in a fresh temporary directory.
///
/// # Panics
/// When no temporary directory can be made.
pub fn sqlite_url() -> (String, Guard) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("tickets.db").display());
    (url, Box::new(dir))
}

/// The URL in the environment variable `var`, if set and not empty.
#[cfg(any(feature = "postgres", feature = "mysql"))]
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
/// inside a tokio runtime. Gives up after 20 seconds.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn cleanup(what: String, job: impl std::future::Future<Output = ()> + Send + 'static) {
    let done = std::thread::spawn(move || {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
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

/// Runs `sql` on a fresh connection to `url`.
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

/// Runs one statement against a URL (the driver depends on the backend).
#[cfg(any(feature = "postgres", feature = "mysql"))]
type AdminSql =
    fn(
        String,
        String,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send>>;

#[cfg(feature = "postgres")]
fn run_postgres(
    url: String,
    sql: String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send>> {
    Box::pin(async move { admin_sql::<sqlx::PgConnection>(&url, sql).await })
}

#[cfg(feature = "mysql")]
fn run_mysql(
    url: String,
    sql: String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send>> {
    Box::pin(async move { admin_sql::<sqlx::MySqlConnection>(&url, sql).await })
}

/// Ends every other connection to the database of `url`, then runs `sql`
/// there: a test that failed half-way may leave its pool's connections inside
/// a transaction (its runtime is unwinding, not running them), and
/// `DROP DATABASE` would wait for their metadata locks, then leave the tables
/// behind. Nothing to do when the database is gone already.
#[cfg(feature = "mysql")]
fn run_mysql_alone(
    url: String,
    sql: String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send>> {
    Box::pin(async move {
        use sqlx::Connection;
        let mut conn = match sqlx::MySqlConnection::connect(&url).await {
            Ok(conn) => conn,
            // ER_BAD_DB_ERROR: the database does not exist (any more).
            Err(sqlx::Error::Database(e))
                if e.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                    .is_some_and(|e| e.number() == 1049) =>
            {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        // The id is signed on MariaDB and unsigned on MySQL 8.
        let others: Vec<i64> = sqlx::query_scalar(
            "SELECT CAST(id AS SIGNED) FROM information_schema.processlist \
             WHERE db = DATABASE() AND id <> CONNECTION_ID()",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        for id in others {
            // It may have ended by itself meanwhile.
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("KILL CONNECTION {id}")))
                .execute(&mut conn)
                .await;
        }
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await?;
        conn.close().await
    })
}

/// How to run admin SQL on the server that `url` names, by its scheme.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn runner(url: &str) -> AdminSql {
    #[cfg(feature = "postgres")]
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return run_postgres;
    }
    #[cfg(feature = "mysql")]
    if url.starts_with("mysql:") {
        return run_mysql;
    }
    panic!("no backend built in for {url}");
}

/// Runs `sql` (one or more statements; results are discarded) on a fresh
/// connection to the PostgreSQL (`postgres:`, `postgresql:`) or MySQL/MariaDB
/// (`mysql:`) server at `url`: for a test's set-up beside its database.
/// PostgreSQL runs several statements sent at once as one transaction: their
/// changes are visible to others only after the last one, so send a change
/// that others must see first (`ALTER ROLE`) in a call of its own.
///
/// # Errors
/// The driver's error when the server refuses the connection or a statement.
///
/// # Panics
/// When the scheme names no backend that is built in.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub async fn server_sql(url: &str, sql: impl Into<String>) -> Result<(), sqlx::Error> {
    runner(url)(url.to_owned(), sql.into()).await
}

/// A guard that runs `sql` like [`server_sql`] when dropped: for what a test
/// makes beside its database (a role, a tablespace, a server setting to
/// restore). Best effort, at most 20 seconds; a failure is noted on stderr,
/// naming `what`. Fields of a struct drop in the order they are declared, so
/// declare the guard of the database first when `sql` needs the database
/// gone (e.g. `DROP ROLE` of its owner).
///
/// # Panics
/// When the scheme names no backend that is built in.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn sql_on_drop(url: &str, sql: impl Into<String>, what: impl Into<String>) -> Guard {
    Box::new(DropOnExit {
        url: url.to_owned(),
        sql: sql.into(),
        what: what.into(),
        run: runner(url),
    })
}

/// Runs `sql` against `url` when dropped.
#[cfg(any(feature = "postgres", feature = "mysql"))]
struct DropOnExit {
    url: String,
    sql: String,
    what: String,
    run: AdminSql,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl Drop for DropOnExit {
    fn drop(&mut self) {
        let (url, sql, run) = (self.url.clone(), self.sql.clone(), self.run);
        let what = self.what.clone();
        cleanup(what.clone(), async move {
            if let Err(e) = run(url, sql).await {
                eprintln!("cannot clean up {what}: {e}");
            }
        });
    }
}

/// A fresh PostgreSQL schema on `TICKET_TEST_POSTGRES_URL`.
#[cfg(feature = "postgres")]
pub async fn postgres_url() -> Option<(String, Guard)> {
    let url = url_from("TICKET_TEST_POSTGRES_URL")?;
    let schema = unique_name();
    admin_sql::<sqlx::PgConnection>(&url, format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create a schema on TICKET_TEST_POSTGRES_URL");
    let sep = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{sep}options[search_path]={schema}");
    let guard = DropOnExit {
        url,
        // A test that failed half-way may leave its pool's connections inside
        // a transaction (its runtime is unwinding, not running them), and the
        // drop would wait for their locks: end those connections first.
        sql: format!(
            "SET lock_timeout = '10s'; \
             SELECT pg_terminate_backend(l.pid) FROM pg_locks l \
             JOIN pg_class c ON c.oid = l.relation \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = '{schema}' AND l.pid <> pg_backend_pid() \
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()); \
             DROP SCHEMA IF EXISTS {schema} CASCADE"
        ),
        what: schema,
        run: run_postgres,
    };
    Some((scoped, Box::new(guard)))
}

/// Whether the user of `conn` is a PostgreSQL superuser, as `what` needs
/// (e.g. "creating a tablespace"); when not, prints a note that the test is
/// skipped, as for a server whose URL variable is unset.
///
/// # Panics
/// When the server does not answer the query.
#[cfg(feature = "postgres")]
pub async fn postgres_superuser(conn: &mut sqlx::PgConnection, what: &str) -> bool {
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(conn)
            .await
            .expect("the test user's role");
    if !superuser {
        eprintln!("note: {what} needs a PostgreSQL superuser; skipping");
    }
    superuser
}

/// Without the `postgres` feature there is nothing to test.
#[cfg(not(feature = "postgres"))]
pub async fn postgres_url() -> Option<(String, Guard)> {
    eprintln!("note: built without the `postgres` feature; skipping PostgreSQL");
    None
}

/// A fresh MySQL/MariaDB database on the server of `TICKET_TEST_MYSQL_URL`.
#[cfg(feature = "mysql")]
pub async fn mysql_url() -> Option<(String, Guard)> {
    let url = url_from("TICKET_TEST_MYSQL_URL")?;
    let database = unique_name();
    admin_sql::<sqlx::MySqlConnection>(
        &url,
        format!("CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
    )
    .await
    .expect("create a database on TICKET_TEST_MYSQL_URL");
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
        url: scoped.clone(),
        sql: format!("SET SESSION lock_wait_timeout = 10; DROP DATABASE IF EXISTS {database}"),
        what: database,
        run: run_mysql_alone,
    };
    Some((scoped, Box::new(guard)))
}

/// Without the `mysql` feature there is nothing to test.
#[cfg(not(feature = "mysql"))]
pub async fn mysql_url() -> Option<(String, Guard)> {
    eprintln!("note: built without the `mysql` feature; skipping MySQL/MariaDB");
    None
}
