//! Database maintenance for administrators: the schema version, consistent
//! backups and single SQL statements for manual repairs.
//!
//! These functions take an [`AnyStore`] and work below the domain rules: a
//! statement run through [`run_sql`] can break any invariant the rest of the
//! crate keeps. Frontends offer them to the instance's own administrator only
//! (the command line's `db` commands), never to web visitors.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sqlx::{
    AssertSqlSafe, Column, Executor, Row, SqlSafeStr, Statement, TypeInfo, ValueRef,
    sqlite::SqliteRow,
};

use crate::TicketOffice;
use crate::error::{Error, Result};
use crate::store::AnyStore;

/// The schema migrations applied to a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaInfo {
    /// The newest applied migration's version (0 if none is applied).
    pub version: i64,
    /// That migration's description, e.g. `mail`.
    pub description: String,
    /// How many migrations are applied.
    pub applied: u64,
    /// The newest migration this build knows; equal to `version` after a
    /// store was opened (opening migrates).
    pub latest_known: i64,
    /// The backend, e.g. `sqlite`.
    pub backend: &'static str,
}

/// Reports which schema migrations the database has applied.
///
/// # Errors
/// [`Error::Database`] when the database cannot be read.
pub async fn schema_info(office: &TicketOffice<AnyStore>) -> Result<SchemaInfo> {
    /// The same query text works on every backend (`_sqlx_migrations` has the
    /// same columns everywhere; `WHERE success` is a boolean test on each).
    macro_rules! info {
        ($pool:expr, $migrations:literal, $backend:literal) => {{
            let latest_known = sqlx::migrate!($migrations)
                .iter()
                .map(|m| m.version)
                .max()
                .unwrap_or(0);
            let applied: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                    .fetch_one($pool)
                    .await?;
            let newest: Option<(i64, String)> = sqlx::query_as(
                "SELECT version, description FROM _sqlx_migrations WHERE success \
                 ORDER BY version DESC LIMIT 1",
            )
            .fetch_optional($pool)
            .await?;
            let (version, description) = newest.unwrap_or((0, String::new()));
            Ok(SchemaInfo {
                version,
                description,
                applied: u64::try_from(applied).unwrap_or(0),
                latest_known,
                backend: $backend,
            })
        }};
    }
    match office.inner() {
        AnyStore::Sqlite(s) => info!(s.pool(), "./migrations/sqlite", "sqlite"),
        #[cfg(feature = "postgres")]
        AnyStore::Postgres(s) => info!(s.pool(), "./migrations/postgres", "postgres"),
        #[cfg(feature = "mysql")]
        AnyStore::MySql(s) => info!(s.pool(), "./migrations/mysql", "mysql"),
    }
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// Where the copy was written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Writes a consistent copy of the whole database to a new file at `dest`.
///
/// SQLite: `VACUUM INTO`, which reads one snapshot of the database (a read
/// transaction) and so is safe while other processes, such as the web app,
/// keep scanning; their writes simply are not in the copy. The copy is
/// compacted and opens as an ordinary SQLite database.
///
/// Database servers (PostgreSQL, MySQL/MariaDB) are backed up with their own
/// dump tools, `pg_dump` and `mysqldump` (or `mariadb-dump`), which read a
/// consistent snapshot while the app keeps running; this function then
/// refuses with an error that names the tool and gives an example command.
///
/// # Errors
/// [`Error::InvalidInput`] on PostgreSQL and MySQL/MariaDB (use their dump
/// tools, see above);
/// [`Error::Conflict`] if `dest` already exists (a backup never overwrites);
/// [`Error::InvalidInput`] if its folder does not exist or the path is not
/// valid UTF-8; [`Error::Database`] if the copy fails (nothing usable is left
/// at `dest` then).
pub async fn backup(office: &TicketOffice<AnyStore>, dest: &Path) -> Result<BackupInfo> {
    // Without the server features this match has one arm.
    #[allow(clippy::infallible_destructuring_match)]
    let sqlite = match office.inner() {
        AnyStore::Sqlite(s) => s,
        #[cfg(feature = "postgres")]
        AnyStore::Postgres(_) => {
            return Err(Error::invalid("backup", crate::msg!("backup-postgres")));
        }
        #[cfg(feature = "mysql")]
        AnyStore::MySql(_) => {
            return Err(Error::invalid("backup", crate::msg!("backup-mysql")));
        }
    };
    if tokio::fs::symlink_metadata(dest).await.is_ok() {
        return Err(Error::Conflict(crate::msg!(
            "backup-exists",
            path = dest.display().to_string()
        )));
    }
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !tokio::fs::metadata(folder)
        .await
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        return Err(Error::invalid(
            "backup file",
            crate::msg!(
                "backup-folder-missing",
                folder = folder.display().to_string()
            ),
        ));
    }
    let Some(target) = dest.to_str() else {
        return Err(Error::invalid(
            "backup file",
            crate::msg!("backup-path-not-utf8"),
        ));
    };
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(sqlite.pool())
        .await?;
    let bytes = tokio::fs::metadata(dest)
        .await
        .map(|m| m.len())
        .unwrap_or(0);
    Ok(BackupInfo {
        path: dest.to_path_buf(),
        bytes,
    })
}

/// One value of a result row, of whatever type the database holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SqlValue {
    /// SQL `NULL`.
    Null,
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Binary data, shown as lower-case hex (`x'…'` in SQL).
    Blob(String),
}

impl std::fmt::Display for SqlValue {
    /// The value as a person reads it in a table: `NULL`, `42`, `1.5`, the
    /// text itself, `x'00ff'`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SqlValue::Null => f.write_str("NULL"),
            SqlValue::Integer(i) => write!(f, "{i}"),
            SqlValue::Real(r) => write!(f, "{r}"),
            SqlValue::Text(t) => f.write_str(t),
            SqlValue::Blob(hex) => write!(f, "x'{hex}'"),
        }
    }
}

/// What a statement run by [`run_sql`] produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SqlOutput {
    /// A statement that returns rows (`SELECT`, `PRAGMA …`, `… RETURNING`).
    Rows {
        /// Column names, in order.
        columns: Vec<String>,
        /// The rows, each with one value per column.
        rows: Vec<Vec<SqlValue>>,
    },
    /// A statement that returns no rows (`UPDATE`, `DELETE`, `CREATE INDEX`, …).
    Done {
        /// Rows inserted, changed or deleted.
        rows_affected: u64,
    },
}

/// Runs exactly one SQL statement, for manual repairs, and returns its rows or
/// the number of rows it changed. Values of any type are returned as the
/// database holds them ([`SqlValue`]).
///
/// The statement runs on its own (autocommit), through the same connection
/// settings as the rest of the store, so it waits for a running web app's
/// write lock instead of failing.
///
/// # Errors
/// [`Error::InvalidInput`] for an empty text, more than one statement, or
/// `?` parameters; [`Error::Database`] when the database refuses the statement
/// (its message is the error's source).
pub async fn run_sql(office: &TicketOffice<AnyStore>, sql: &str) -> Result<SqlOutput> {
    match count_statements(sql) {
        0 => return Err(Error::invalid("SQL", crate::msg!("sql-empty"))),
        1 => {}
        n => {
            return Err(Error::invalid("SQL", crate::msg!("sql-several", count = n)));
        }
    }
    /// Prepares the statement (to learn its parameters and columns), then runs
    /// it as plain text and decodes every value with `$decode`.
    macro_rules! run {
        ($pool:expr, $decode:path, $parameters:expr) => {{
            let mut conn = $pool.acquire().await?;
            let prepared = (&mut *conn)
                .prepare(AssertSqlSafe(sql.to_string()).into_sql_str())
                .await?;
            let has_parameters = match prepared.parameters() {
                Some(either) => either.either(|types| !types.is_empty(), |n| n > 0),
                None => false,
            };
            if has_parameters {
                return Err(Error::invalid("SQL", $parameters));
            }
            let columns: Vec<String> = prepared
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect();
            if columns.is_empty() {
                let done = sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
                    .execute(&mut *conn)
                    .await?;
                Ok(SqlOutput::Done {
                    rows_affected: done.rows_affected(),
                })
            } else {
                let fetched = sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
                    .fetch_all(&mut *conn)
                    .await?;
                let rows = fetched
                    .iter()
                    .map(|row| (0..columns.len()).map(|i| $decode(row, i)).collect())
                    .collect();
                Ok(SqlOutput::Rows { columns, rows })
            }
        }};
    }
    match office.inner() {
        AnyStore::Sqlite(s) => run!(
            s.pool(),
            sqlite_value,
            crate::msg!("sql-parameters-question")
        ),
        #[cfg(feature = "postgres")]
        AnyStore::Postgres(s) => run!(s.pool(), pg_value, crate::msg!("sql-parameters-dollar")),
        #[cfg(feature = "mysql")]
        AnyStore::MySql(s) => run!(
            s.pool(),
            mysql_value,
            crate::msg!("sql-parameters-question")
        ),
    }
}

/// Decodes one SQLite value by its runtime type (SQLite columns may hold any type).
fn sqlite_value(row: &SqliteRow, i: usize) -> SqlValue {
    let Ok(raw) = row.try_get_raw(i) else {
        return SqlValue::Null;
    };
    if raw.is_null() {
        return SqlValue::Null;
    }
    let kind = raw.type_info().name().to_string();
    let as_int = || {
        row.try_get_unchecked::<i64, _>(i)
            .ok()
            .map(SqlValue::Integer)
    };
    let as_real = || row.try_get_unchecked::<f64, _>(i).ok().map(SqlValue::Real);
    let as_text = || {
        row.try_get_unchecked::<String, _>(i)
            .ok()
            .map(SqlValue::Text)
    };
    let as_blob = || {
        row.try_get_unchecked::<Vec<u8>, _>(i)
            .ok()
            .map(|b| SqlValue::Blob(b.iter().map(|x| format!("{x:02x}")).collect()))
    };
    let value = match kind.as_str() {
        "INTEGER" | "BOOLEAN" => as_int(),
        "REAL" => as_real(),
        "BLOB" => as_blob(),
        _ => as_text(),
    };
    value
        .or_else(as_text)
        .or_else(as_blob)
        .unwrap_or(SqlValue::Null)
}

/// Decodes one PostgreSQL value. [`sqlx::raw_sql`] runs over the simple query
/// protocol, which returns every value as text; the column's type says how to read it.
#[cfg(feature = "postgres")]
fn pg_value(row: &sqlx::postgres::PgRow, i: usize) -> SqlValue {
    let Ok(raw) = row.try_get_raw(i) else {
        return SqlValue::Null;
    };
    if raw.is_null() {
        return SqlValue::Null;
    }
    let kind = raw.type_info().name().to_string();
    let Ok(text) = row.try_get_unchecked::<String, _>(i) else {
        return SqlValue::Null;
    };
    match kind.as_str() {
        "INT2" | "INT4" | "INT8" | "OID" => text
            .parse()
            .map(SqlValue::Integer)
            .unwrap_or(SqlValue::Text(text)),
        "FLOAT4" | "FLOAT8" => text
            .parse()
            .map(SqlValue::Real)
            .unwrap_or(SqlValue::Text(text)),
        "BYTEA" => match text.strip_prefix("\\x") {
            Some(hex) => SqlValue::Blob(hex.to_string()),
            None => SqlValue::Text(text),
        },
        _ => SqlValue::Text(text),
    }
}

/// Decodes one MySQL/MariaDB value. [`sqlx::raw_sql`] runs over the text
/// protocol; numbers are read by the column's type, anything else as UTF-8
/// text if it is, else as bytes (binary-collated text columns are reported
/// with binary types, so the type alone cannot tell).
#[cfg(feature = "mysql")]
fn mysql_value(row: &sqlx::mysql::MySqlRow, i: usize) -> SqlValue {
    let Ok(raw) = row.try_get_raw(i) else {
        return SqlValue::Null;
    };
    if raw.is_null() {
        return SqlValue::Null;
    }
    let kind = raw.type_info().name().to_string();
    let text = row.try_get_unchecked::<String, _>(i).ok();
    let number = |t: &String| -> Option<SqlValue> {
        if kind.contains("INT") || kind == "BOOLEAN" || kind == "YEAR" {
            t.parse().ok().map(SqlValue::Integer)
        } else if kind == "FLOAT" || kind == "DOUBLE" {
            t.parse().ok().map(SqlValue::Real)
        } else {
            None
        }
    };
    if let Some(t) = text {
        return number(&t).unwrap_or(SqlValue::Text(t));
    }
    row.try_get_unchecked::<Vec<u8>, _>(i)
        .ok()
        .map(|b| SqlValue::Blob(b.iter().map(|x| format!("{x:02x}")).collect()))
        .unwrap_or(SqlValue::Null)
}

/// Counts the SQL statements in `sql`: text separated by `;` outside string
/// literals, quoted identifiers and comments, ignoring empty ones (so a
/// trailing `;` or a comment alone does not count).
///
/// A `CREATE TRIGGER … BEGIN …; …; END` counts as several statements.
///
/// ```
/// use ticketcore::maintenance::count_statements;
/// assert_eq!(count_statements("SELECT ';' -- ;\n;"), 1);
/// assert_eq!(count_statements("DELETE FROM t; DROP TABLE t"), 2);
/// assert_eq!(count_statements("  ; /* nothing */ "), 0);
/// ```
pub fn count_statements(sql: &str) -> usize {
    let mut count = 0;
    let mut content = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' | '[' => {
                content = true;
                let close = if c == '[' { ']' } else { c };
                while let Some(d) = chars.next() {
                    if d == close {
                        // A doubled quote is an escaped quote inside the literal.
                        if close != ']' && chars.peek() == Some(&close) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for d in chars.by_ref() {
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
            }
            ';' => {
                if content {
                    count += 1;
                }
                content = false;
            }
            c if c.is_whitespace() => {}
            _ => content = true,
        }
    }
    if content {
        count += 1;
    }
    count
}
