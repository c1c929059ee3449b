//! The SQLite backend (the zero-configuration default).
//!
//! # Durability and locking
//! - `journal_mode = WAL`: readers never block the writer and vice versa.
//! - `synchronous = FULL`: in WAL mode SQLite fsyncs the WAL at every COMMIT, so
//!   a committed transaction survives a crash of the process *and* of the
//!   machine. (`NORMAL` would only survive a process crash: the last commits can
//!   roll back after a power cut.) Group commit (see [`crate::scan`]) pays this
//!   one fsync per batch of scans, not per scan.
//! - One writer connection per process (a pool of size 1) and every write
//!   transaction starts with `BEGIN IMMEDIATE`, so a transaction takes the write
//!   lock before it reads; two processes on one file (web app and CLI) then
//!   wait for each other through `busy_timeout` instead of failing with
//!   `SQLITE_BUSY` on a lock upgrade.
//! - `busy_timeout = 30 s`, `foreign_keys = ON`.
//! - After some failures (`SQLITE_FULL`, `SQLITE_IOERR`, `SQLITE_NOMEM`) SQLite
//!   rolls the open transaction back by itself; sqlx's own ROLLBACK then fails
//!   and it keeps counting the transaction as open, refusing every later
//!   `BEGIN` on that connection. The writer pool replaces such a connection
//!   before handing it out, so writes work again as soon as the cause (a full
//!   disk) is gone, without a restart.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, FromRow, QueryBuilder, Sqlite, Transaction};

use crate::code::CodeSpec;
use crate::error::{Error, Result};
use crate::mail::MailTemplate;
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailResult, NewEvent, NewGuest, Role, ScanKind,
    ScanOutcome, ScanRecord, ScanRequest, Stats, Ticket, TicketFilter, TicketId, TicketStatus,
    User, UserId, from_millis, now,
};
use crate::store::Store;

/// How long a connection waits for another process's write lock, in seconds.
pub const BUSY_TIMEOUT_SECS: u64 = 30;

/// Storage in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

/// The columns of a [`TicketRow`], as a literal for `concat!`.
macro_rules! ticket_columns {
    () => {
        "id, event_id, code, name, email, salutation, used_at, used_by, \
         revoked_at, mail_status, mail_sent_at, mail_error, mail_attempts, created_at"
    };
}

const SELECT_TICKET: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = ? AND code = ?"
);

#[derive(FromRow)]
pub(super) struct TicketRow {
    id: i64,
    event_id: i64,
    code: String,
    name: String,
    email: String,
    salutation: Option<String>,
    used_at: Option<i64>,
    used_by: Option<String>,
    revoked_at: Option<i64>,
    mail_status: String,
    mail_sent_at: Option<i64>,
    mail_error: Option<String>,
    mail_attempts: i64,
    created_at: i64,
}

impl From<TicketRow> for Ticket {
    fn from(r: TicketRow) -> Self {
        let status = if r.revoked_at.is_some() {
            TicketStatus::Revoked
        } else if r.used_at.is_some() {
            TicketStatus::Used
        } else {
            TicketStatus::Valid
        };
        Ticket {
            id: TicketId(r.id),
            event_id: EventId(r.event_id),
            code: r.code,
            name: r.name,
            email: r.email,
            salutation: r.salutation,
            status,
            used_at: r.used_at.map(from_millis),
            used_by: r.used_by,
            revoked_at: r.revoked_at.map(from_millis),
            mail_status: crate::model::MailStatus::parse(&r.mail_status),
            mail_sent_at: r.mail_sent_at.map(from_millis),
            mail_error: r.mail_error,
            mail_attempts: u32::try_from(r.mail_attempts).unwrap_or(0),
            created_at: from_millis(r.created_at),
        }
    }
}

#[derive(FromRow)]
pub(super) struct EventRow {
    id: i64,
    slug: String,
    name: String,
    date: Option<String>,
    alphabet: String,
    code_length: i64,
    created_at: i64,
    time_zone: String,
}

impl TryFrom<EventRow> for Event {
    type Error = Error;
    fn try_from(r: EventRow) -> Result<Self> {
        let length = u32::try_from(r.code_length)
            .map_err(|_| Error::Internal(format!("event {} has a bad code length", r.id)))?;
        Ok(Event {
            id: EventId(r.id),
            slug: r.slug,
            name: r.name,
            date: r.date,
            // Checked as stored, so an alphabet an earlier build accepted
            // still loads (see `CodeSpec::stored`).
            code_spec: CodeSpec::stored(&r.alphabet, length)?,
            // A name this build's tz database lacks (written by a newer one)
            // shows times in UTC rather than hiding the event.
            time_zone: crate::model::parse_time_zone(&r.time_zone).unwrap_or(chrono_tz::Tz::UTC),
            created_at: from_millis(r.created_at),
        })
    }
}

#[derive(FromRow)]
pub(super) struct UserRow {
    id: i64,
    name: String,
    role: String,
    created_at: i64,
}

impl TryFrom<UserRow> for User {
    type Error = Error;
    fn try_from(r: UserRow) -> Result<Self> {
        Ok(User {
            id: UserId(r.id),
            name: r.name,
            role: r.role.parse()?,
            created_at: from_millis(r.created_at),
        })
    }
}

#[derive(FromRow)]
pub(super) struct TokenRow {
    id: i64,
    user_id: i64,
    label: String,
    created_at: i64,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: UserId(r.user_id),
            label: r.label,
            created_at: from_millis(r.created_at),
        }
    }
}

pub(super) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// The database's own error behind `e`, if `e` is one.
fn database_error(e: &Error) -> Option<&dyn sqlx::error::DatabaseError> {
    match e {
        Error::Database(cause) => match cause.as_ref() {
            sqlx::Error::Database(d) => Some(d.as_ref()),
            _ => None,
        },
        _ => None,
    }
}

/// The MySQL/MariaDB error number behind `d`, if it is a MySQL error.
#[cfg(feature = "mysql")]
fn mysql_number(d: &dyn sqlx::error::DatabaseError) -> Option<u16> {
    d.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
        .map(sqlx::mysql::MySqlDatabaseError::number)
}

#[cfg(not(feature = "mysql"))]
fn mysql_number(_: &dyn sqlx::error::DatabaseError) -> Option<u16> {
    None
}

/// SQLite's primary result code behind `d`, if it is a SQLite error.
fn sqlite_code(d: &dyn sqlx::error::DatabaseError) -> Option<i32> {
    d.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    let extended: i32 = d.code()?.parse().ok()?;
    Some(extended & 0xff)
}

/// Whether a write failed because the database has no room left: SQLite's
/// `SQLITE_FULL` (disk full, or `max_page_count` reached), PostgreSQL's
/// `disk_full` (SQLSTATE 53100), MySQL/MariaDB's "table is full" (1114) or
/// "disk full" (1021). Reads still work then; writes work again once there is
/// space. Frontends use it to say so instead of "the database is unavailable".
pub fn is_storage_full(e: &Error) -> bool {
    database_error(e).is_some_and(|d| {
        sqlite_code(d) == Some(13)
            || d.code().as_deref() == Some("53100")
            || matches!(mysql_number(d), Some(1114 | 1021))
    })
}

/// Whether a write failed because the database is read-only: SQLite's
/// `SQLITE_READONLY` (any extended code), PostgreSQL's
/// `read_only_sql_transaction` (SQLSTATE 25006, e.g. a standby after a
/// failover), MySQL/MariaDB's `--read-only` (1290) or read-only transaction (1792).
pub fn is_read_only(e: &Error) -> bool {
    database_error(e).is_some_and(|d| {
        sqlite_code(d) == Some(8)
            || d.code().as_deref() == Some("25006")
            || matches!(mysql_number(d), Some(1290 | 1792))
    })
}

/// Whether a write failed because the disk under the database failed it:
/// SQLite's `SQLITE_IOERR` (any extended code, e.g. 778 for a failed write,
/// as when the kernel remounted the disk read-only after errors under a
/// running app), PostgreSQL's `io_error` (SQLSTATE 58030). Reads may still
/// work; writes work again once the disk is fixed (for SQLite, after a
/// restart on the remounted disk).
pub fn is_disk_failure(e: &Error) -> bool {
    database_error(e)
        .is_some_and(|d| sqlite_code(d) == Some(10) || d.code().as_deref() == Some("58030"))
}

/// Why the database file at `path` cannot be written, when the file system
/// says so: the file and its write-ahead log files (`-wal`, `-shm`) opened
/// for writing, then a new file created (and removed) beside them, as
/// SQLite's write-ahead log needs. `None` when all of that works, or fails
/// for a reason that is not about writing there (then SQLite's own error
/// stands).
fn not_writable(path: &Path) -> Option<String> {
    use std::io::ErrorKind::{
        IsADirectory, NotADirectory, NotFound, PermissionDenied, ReadOnlyFilesystem,
    };
    let about_writing = |e: &std::io::Error| {
        matches!(
            e.kind(),
            PermissionDenied | ReadOnlyFilesystem | NotFound | NotADirectory | IsADirectory
        )
    };
    let mut files = vec![path.to_owned()];
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(name.into());
    }
    for file in files.iter().filter(|f| f.exists()) {
        if let Err(e) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(file)
        {
            return about_writing(&e).then(|| {
                if file == path {
                    e.to_string()
                } else {
                    format!("{}: {e}", file.display())
                }
            });
        }
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.exists() {
        return Some(format!("the folder {} does not exist", folder.display()));
    }
    let probe = folder.join(format!(".write-check-{}", crate::auth::random_hex(8)));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            if let Err(e) = std::fs::remove_file(&probe) {
                tracing::warn!(file = %probe.display(), error = %e, "cannot remove a write check");
            }
            None
        }
        Err(e) => about_writing(&e).then(|| format!("the folder {}: {e}", folder.display())),
    }
}

/// An error opening the database file at `path`: SQLite's "unable to open
/// database file" (`SQLITE_CANTOPEN`) or `SQLITE_READONLY` becomes
/// [`Error::DatabaseNotWritable`] when the file system says why.
fn open_error(e: sqlx::Error, path: &Path, memory: bool) -> Error {
    let code = match &e {
        sqlx::Error::Database(d) => sqlite_code(d.as_ref()),
        _ => None,
    };
    if memory || !matches!(code, Some(14 | 8)) {
        return e.into();
    }
    match not_writable(path) {
        Some(reason) => Error::DatabaseNotWritable {
            path: path.to_owned(),
            reason,
            cause: std::sync::Arc::new(e),
        },
        None => e.into(),
    }
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `url`
    /// (`sqlite://PATH`, `sqlite:PATH` or `sqlite::memory:`).
    ///
    /// # Errors
    /// [`Error::DatabaseNotWritable`] if the file cannot be opened because the
    /// file system refuses to write it or its folder (read-only disk, missing
    /// permission or folder), [`Error::Database`] if it cannot be opened
    /// otherwise, [`Error::Migrate`] if the schema cannot be brought up to date.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS));
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            // A connection still counting a transaction that SQLite already rolled
            // back (see the module docs) is closed and replaced. (Not for an
            // in-memory database: its only connection holds all the data.)
            .before_acquire(move |conn, _| {
                Box::pin(async move {
                    if memory || !conn.is_in_transaction() {
                        return Ok(true);
                    }
                    tracing::warn!(
                        "replacing the SQLite writer connection: SQLite rolled back its \
                         transaction after an error (disk full or I/O error?)"
                    );
                    Ok(false)
                })
            })
            .connect_with(options.clone())
            .await
            .map_err(|e| open_error(e, options.get_filename(), memory))?;
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        let reader = if memory {
            writer.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(60))
                .connect_with(options)
                .await?
        };
        Ok(SqliteStore { writer, reader })
    }

    /// Starts a write transaction holding the database's write lock.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The underlying writer pool, for maintenance (`db sql`, `VACUUM INTO`).
    pub fn pool(&self) -> &SqlitePool {
        &self.writer
    }

    async fn ticket_in(
        tx: &mut Transaction<'static, Sqlite>,
        event: EventId,
        code: &str,
    ) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, TicketRow>(SELECT_TICKET)
            .bind(event.0)
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?
            .map(Ticket::from))
    }

    async fn log(
        tx: &mut Transaction<'static, Sqlite>,
        event: EventId,
        ticket: Option<TicketId>,
        typed: &str,
        kind: ScanKind,
        by: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(event.0)
        .bind(ticket.map(|t| t.0))
        .bind(typed)
        .bind(kind.as_str())
        .bind(by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// The audit-log columns with the ticket's code and name, for [`AuditRow`].
macro_rules! audit_select {
    () => {
        "SELECT s.id, s.event_id, s.ticket_id, t.code, t.name, s.typed, s.outcome, s.by_whom, s.at \
         FROM scans s LEFT JOIN tickets t ON t.id = s.ticket_id"
    };
}

#[derive(FromRow)]
pub(super) struct AuditRow {
    id: i64,
    event_id: i64,
    ticket_id: Option<i64>,
    code: Option<String>,
    name: Option<String>,
    typed: String,
    outcome: String,
    by_whom: String,
    at: i64,
}

impl TryFrom<AuditRow> for ScanRecord {
    type Error = Error;
    fn try_from(r: AuditRow) -> Result<Self> {
        Ok(ScanRecord {
            id: r.id,
            event_id: EventId(r.event_id),
            ticket_id: r.ticket_id.map(TicketId),
            code: r.code,
            name: r.name,
            typed: r.typed,
            kind: ScanKind::parse(&r.outcome)
                .ok_or_else(|| Error::Internal(format!("unknown audit outcome `{}`", r.outcome)))?,
            by: r.by_whom,
            at: from_millis(r.at),
        })
    }
}

/// Claims the next pending (or interrupted) tickets of an event; see [`Store::claim_mail`].
const CLAIM_PENDING: &str = concat!(
    "UPDATE tickets SET mail_status = 'sending' WHERE id IN (SELECT id FROM tickets \
     WHERE event_id = ? AND id > ? AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending') ORDER BY id LIMIT ?) RETURNING ",
    ticket_columns!()
);

/// As [`CLAIM_PENDING`], failed tickets included.
const CLAIM_WITH_FAILED: &str = concat!(
    "UPDATE tickets SET mail_status = 'sending' WHERE id IN (SELECT id FROM tickets \
     WHERE event_id = ? AND id > ? AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending', 'failed') ORDER BY id LIMIT ?) RETURNING ",
    ticket_columns!()
);

/// Rows per multi-row audit insert (6 parameters each; SQLite allows 32,766).
const AUDIT_CHUNK: usize = 1000;

impl Store for SqliteStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn create_event(&self, slug: &str, new: &NewEvent) -> Result<Event> {
        let created = now();
        let result = sqlx::query(
            "INSERT INTO events (slug, name, date, alphabet, code_length, created_at, time_zone) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(slug)
        .bind(new.name.trim())
        .bind(new.date.as_deref())
        .bind(new.code_spec.alphabet())
        .bind(i64::from(new.code_spec.length()))
        .bind(created.timestamp_millis())
        .bind(new.time_zone.name())
        .execute(&self.writer)
        .await;
        match result {
            Ok(done) => Ok(Event {
                id: EventId(done.last_insert_rowid()),
                slug: slug.to_string(),
                name: new.name.trim().to_string(),
                date: new.date.clone(),
                code_spec: new.code_spec.clone(),
                time_zone: new.time_zone,
                created_at: created,
            }),
            Err(e) if is_unique_violation(&e) => Err(Error::Conflict(format!(
                "an event with the slug `{slug}` already exists"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    async fn event_by_id(&self, id: EventId) -> Result<Option<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .map(Event::try_from)
            .transpose()
    }

    async fn event_by_slug(&self, slug: &str) -> Result<Option<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE slug = ?")
            .bind(slug)
            .fetch_optional(&self.reader)
            .await?
            .map(Event::try_from)
            .transpose()
    }

    async fn events(&self) -> Result<Vec<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events ORDER BY id DESC")
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(Event::try_from)
            .collect()
    }

    async fn issue(&self, event: &Event, guests: &[NewGuest]) -> Result<super::Issued> {
        let mut tx = self.write().await?;
        let tickets: Vec<(String, String)> =
            sqlx::query_as("SELECT code, email FROM tickets WHERE event_id = ?")
                .bind(event.id.0)
                .fetch_all(&mut *tx)
                .await?;
        let codes = super::codes_for(event, tickets, guests)?;
        let created = now();
        // Multi-row inserts: one statement per round trip to SQLite's worker
        // thread instead of one per ticket (100,000 tickets: 8.7 s before).
        let mut ids = Vec::with_capacity(guests.len());
        for (n, chunk) in guests.chunks(super::INSERT_CHUNK).enumerate() {
            let chunk_codes = super::chunk_codes(&codes, n, chunk.len());
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO tickets (event_id, code, name, email, salutation, created_at) ",
            );
            q.push_values(chunk.iter().zip(&chunk_codes), |mut b, (guest, code)| {
                b.push_bind(event.id.0)
                    .push_bind(*code)
                    .push_bind(&guest.name)
                    .push_bind(&guest.email)
                    .push_bind(guest.salutation.as_deref())
                    .push_bind(created.timestamp_millis());
            });
            q.push(" RETURNING id, code");
            let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
            ids.extend(super::Issued::ids_in_order(rows, &chunk_codes)?);
        }
        tx.commit().await?;
        Ok(super::Issued {
            ids,
            codes,
            created,
        })
    }

    async fn ticket(&self, event: EventId, code: &str) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, TicketRow>(SELECT_TICKET)
            .bind(event.0)
            .bind(code)
            .fetch_optional(&self.reader)
            .await?
            .map(Ticket::from))
    }

    async fn tickets(&self, event: EventId, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE event_id = "
        ));
        q.push_bind(event.0);
        match filter.status {
            Some(TicketStatus::Valid) => q.push(" AND used_at IS NULL AND revoked_at IS NULL"),
            Some(TicketStatus::Used) => q.push(" AND used_at IS NOT NULL AND revoked_at IS NULL"),
            Some(TicketStatus::Revoked) => q.push(" AND revoked_at IS NOT NULL"),
            None => &mut q,
        };
        if let Some(search) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let pattern = format!("%{}%", like_escape(search));
            q.push(" AND (name LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR email LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR code LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        q.push(" ORDER BY id LIMIT ")
            .push_bind(filter.limit.map_or(-1, i64::from))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));
        Ok(q.build_query_as::<TicketRow>()
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(Ticket::from)
            .collect())
    }

    async fn arrivals(
        &self,
        event: EventId,
        bucket_secs: u32,
    ) -> Result<Vec<(crate::model::Timestamp, u64)>> {
        let width = i64::from(bucket_secs.max(1)) * 1000;
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT (used_at / ?) * ? AS bucket, COUNT(*) FROM tickets \
             WHERE event_id = ? AND used_at IS NOT NULL AND revoked_at IS NULL \
             GROUP BY bucket ORDER BY bucket",
        )
        .bind(width)
        .bind(width)
        .bind(event.0)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(b, n)| (from_millis(b), n as u64))
            .collect())
    }

    async fn stats(&self, event: EventId) -> Result<Stats> {
        let (total, used, revoked): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), \
                    COUNT(CASE WHEN used_at IS NOT NULL AND revoked_at IS NULL THEN 1 END), \
                    COUNT(revoked_at) \
             FROM tickets WHERE event_id = ?",
        )
        .bind(event.0)
        .fetch_one(&self.reader)
        .await?;
        let (total, used, revoked) = (total as u64, used as u64, revoked as u64);
        Ok(Stats {
            total,
            used,
            valid: total - used - revoked,
            revoked,
        })
    }

    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let at = now();
        let at_ms = at.timestamp_millis();
        let mut tx = self.write().await?;
        let mut outcomes: Vec<ScanOutcome> = vec![ScanOutcome::Unknown; requests.len()];
        // Requests grouped by event, each group in arrival order.
        let mut groups: Vec<(EventId, Vec<usize>)> = Vec::new();
        for (i, r) in requests.iter().enumerate() {
            match groups.iter_mut().find(|(e, _)| *e == r.event_id) {
                Some((_, idxs)) => idxs.push(i),
                None => groups.push((r.event_id, vec![i])),
            }
        }
        for (event, idxs) in groups {
            // The first request for each code decides who admits it.
            let mut first: HashMap<&str, usize> = HashMap::new();
            let mut codes: Vec<&str> = Vec::new();
            for &i in &idxs {
                if let Some(code) = requests[i].code.as_deref()
                    && !first.contains_key(code)
                {
                    first.insert(code, i);
                    codes.push(code);
                }
            }
            if codes.is_empty() {
                continue;
            }
            // The deciding write: one conditional UPDATE for every distinct code;
            // only valid tickets match, each is set used by its first scanner.
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("UPDATE tickets SET used_at = ");
            q.push_bind(at_ms).push(", used_by = CASE code");
            for code in &codes {
                q.push(" WHEN ")
                    .push_bind(*code)
                    .push(" THEN ")
                    .push_bind(requests[first[code]].by.as_str());
            }
            q.push(" END WHERE event_id = ")
                .push_bind(event.0)
                .push(" AND used_at IS NULL AND revoked_at IS NULL AND code IN (");
            push_list(&mut q, &codes);
            q.push(concat!(") RETURNING ", ticket_columns!()));
            let admitted: HashMap<String, Ticket> = q
                .build_query_as::<TicketRow>()
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|row| (row.code.clone(), Ticket::from(row)))
                .collect();
            // Why the others were refused: their current state.
            let rest: Vec<&str> = codes
                .iter()
                .copied()
                .filter(|c| !admitted.contains_key(*c))
                .collect();
            let mut refused_tickets: HashMap<String, Ticket> = HashMap::new();
            if !rest.is_empty() {
                let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(concat!(
                    "SELECT ",
                    ticket_columns!(),
                    " FROM tickets WHERE event_id = "
                ));
                q.push_bind(event.0).push(" AND code IN (");
                push_list(&mut q, &rest);
                q.push(")");
                refused_tickets = q
                    .build_query_as::<TicketRow>()
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|row| (row.code.clone(), Ticket::from(row)))
                    .collect();
            }
            for &i in &idxs {
                let Some(code) = requests[i].code.as_deref() else {
                    continue;
                };
                outcomes[i] = if let Some(ticket) = admitted.get(code) {
                    if first[code] == i {
                        ScanOutcome::Admitted {
                            ticket: ticket.clone(),
                        }
                    } else {
                        refused(ticket.clone())
                    }
                } else if let Some(ticket) = refused_tickets.get(code) {
                    refused(ticket.clone())
                } else {
                    ScanOutcome::Unknown
                };
            }
        }
        for chunk in requests
            .chunks(AUDIT_CHUNK)
            .zip(outcomes.chunks(AUDIT_CHUNK))
        {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) ",
            );
            q.push_values(chunk.0.iter().zip(chunk.1), |mut b, (req, outcome)| {
                b.push_bind(req.event_id.0)
                    .push_bind(outcome.ticket().map(|t| t.id.0))
                    .push_bind(&req.typed)
                    .push_bind(outcome.kind().as_str())
                    .push_bind(&req.by)
                    .push_bind(at_ms);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    async fn undo(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        let mut tx = self.write().await?;
        let ticket = Self::ticket_in(&mut tx, event, code)
            .await?
            .ok_or_else(|| Error::not_found("ticket", code))?;
        match ticket.status {
            TicketStatus::Used => {}
            TicketStatus::Valid => {
                return Err(Error::Conflict(format!("ticket {code} is not checked in")));
            }
            TicketStatus::Revoked => {
                return Err(Error::Conflict(format!("ticket {code} is revoked")));
            }
        }
        sqlx::query("UPDATE tickets SET used_at = NULL, used_by = NULL WHERE id = ?")
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
        let at = now().timestamp_millis();
        Self::log(
            &mut tx,
            event,
            Some(ticket.id),
            code,
            ScanKind::Undone,
            by,
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(Ticket {
            status: TicketStatus::Valid,
            used_at: None,
            used_by: None,
            ..ticket
        })
    }

    async fn revoke(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        let mut tx = self.write().await?;
        let ticket = Self::ticket_in(&mut tx, event, code)
            .await?
            .ok_or_else(|| Error::not_found("ticket", code))?;
        if ticket.status == TicketStatus::Revoked {
            return Err(Error::Conflict(format!("ticket {code} is already revoked")));
        }
        let at = now();
        sqlx::query("UPDATE tickets SET revoked_at = ? WHERE id = ?")
            .bind(at.timestamp_millis())
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
        let kind = ScanKind::RevokedByAdmin;
        Self::log(
            &mut tx,
            event,
            Some(ticket.id),
            code,
            kind,
            by,
            at.timestamp_millis(),
        )
        .await?;
        tx.commit().await?;
        Ok(Ticket {
            status: TicketStatus::Revoked,
            revoked_at: Some(at),
            ..ticket
        })
    }

    async fn scan_log(&self, event: EventId, limit: u32) -> Result<Vec<ScanRecord>> {
        sqlx::query_as::<_, AuditRow>(concat!(
            audit_select!(),
            " WHERE s.event_id = ? ORDER BY s.id DESC LIMIT ?"
        ))
        .bind(event.0)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(ScanRecord::try_from)
        .collect()
    }

    async fn scan_log_since(&self, after: i64, limit: u32) -> Result<Vec<ScanRecord>> {
        sqlx::query_as::<_, AuditRow>(concat!(
            audit_select!(),
            " WHERE s.id > ? ORDER BY s.id LIMIT ?"
        ))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(ScanRecord::try_from)
        .collect()
    }

    async fn last_scan_id(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM scans")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = ? AND expires_at > ?")
                .bind(id)
                .bind(now)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session_delete(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn session_purge(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(now)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }

    async fn create_user(&self, name: &str, role: Role, password_hash: &str) -> Result<User> {
        let created = now();
        let result = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(created.timestamp_millis())
        .execute(&self.writer)
        .await;
        match result {
            Ok(done) => Ok(User {
                id: UserId(done.last_insert_rowid()),
                name: name.to_string(),
                role,
                created_at: created,
            }),
            Err(e) if is_unique_violation(&e) => Err(Error::Conflict(format!(
                "a user named `{name}` already exists"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>> {
        let row: Option<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?",
        )
        .bind(name)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|(id, name, role, hash, created_at)| {
            let user = User::try_from(UserRow {
                id,
                name,
                role,
                created_at,
            })?;
            Ok((user, hash))
        })
        .transpose()
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        sqlx::query_as::<_, UserRow>("SELECT id, name, role, created_at FROM users WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .map(User::try_from)
            .transpose()
    }

    async fn users(&self) -> Result<Vec<User>> {
        sqlx::query_as::<_, UserRow>("SELECT id, name, role, created_at FROM users ORDER BY name")
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(User::try_from)
            .collect()
    }

    async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET password_hash = ? WHERE name = ?")
            .bind(password_hash)
            .bind(name)
            .execute(&self.writer)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn set_role(&self, name: &str, role: Role) -> Result<()> {
        let done = sqlx::query("UPDATE users SET role = ? WHERE name = ?")
            .bind(role.as_str())
            .bind(name)
            .execute(&self.writer)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn remove_user(&self, name: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM users WHERE name = ?")
            .bind(name)
            .execute(&self.writer)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn create_token(&self, user: UserId, label: &str, token_hash: &str) -> Result<ApiToken> {
        let created = now();
        let done = sqlx::query(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(user.0)
        .bind(label)
        .bind(token_hash)
        .bind(created.timestamp_millis())
        .execute(&self.writer)
        .await?;
        Ok(ApiToken {
            id: done.last_insert_rowid(),
            user_id: user,
            label: label.to_string(),
            created_at: created,
        })
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT u.id, u.name, u.role, u.created_at FROM users u \
             JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?
        .map(User::try_from)
        .transpose()
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as::<_, TokenRow>(
            "SELECT id, user_id, label, created_at FROM api_tokens WHERE user_id = ? ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(ApiToken::from)
        .collect())
    }

    async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await?;
        found(done.rows_affected(), "token", id.to_string())
    }

    async fn mail_template(&self, event: EventId) -> Result<Option<MailTemplate>> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT mail_subject, mail_text, mail_html, mail_message FROM events WHERE id = ?",
        )
        .bind(event.0)
        .fetch_optional(&self.reader)
        .await?;
        let (subject, text, html, message) =
            row.ok_or_else(|| Error::not_found("event", event.to_string()))?;
        Ok(match (subject, text) {
            (Some(subject), Some(text)) => Some(MailTemplate {
                subject,
                text,
                html,
                message: message.unwrap_or_default(),
            }),
            _ => None,
        })
    }

    async fn set_mail_template(
        &self,
        event: EventId,
        template: Option<&MailTemplate>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE events SET mail_subject = ?, mail_text = ?, mail_html = ?, mail_message = ? \
             WHERE id = ?",
        )
        .bind(template.map(|t| t.subject.as_str()))
        .bind(template.map(|t| t.text.as_str()))
        .bind(template.and_then(|t| t.html.as_deref()))
        .bind(template.map(|t| t.message.as_str()))
        .bind(event.0)
        .execute(&self.writer)
        .await?;
        found(done.rows_affected(), "event", event.to_string())
    }

    async fn guest_emails(&self, event: EventId) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT email FROM tickets WHERE event_id = ?")
                .bind(event.0)
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn claim_mail(
        &self,
        event: EventId,
        after: TicketId,
        retry_failed: bool,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        let mut tx = self.write().await?;
        let sql = if retry_failed {
            CLAIM_WITH_FAILED
        } else {
            CLAIM_PENDING
        };
        let mut tickets: Vec<Ticket> = sqlx::query_as::<_, TicketRow>(sql)
            .bind(event.0)
            .bind(after.0)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(Ticket::from)
            .collect();
        tx.commit().await?;
        tickets.sort_by_key(|t| t.id);
        Ok(tickets)
    }

    async fn record_mail(&self, results: &[(TicketId, MailResult)]) -> Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for (id, result) in results {
            let q = match result {
                MailResult::Sent(at) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'sent', mail_sent_at = ?, mail_error = NULL, \
                     mail_attempts = mail_attempts + 1 WHERE id = ?",
                )
                .bind(at.timestamp_millis()),
                MailResult::Failed(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'failed', mail_error = ?, \
                     mail_attempts = mail_attempts + 1 WHERE id = ?",
                )
                .bind(reason.as_str()),
                MailResult::Pending(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = ? WHERE id = ?",
                )
                .bind(reason.as_str()),
            };
            q.bind(id.0).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mail_counts(&self, event: EventId) -> Result<MailCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT mail_status, COUNT(*) FROM tickets \
             WHERE event_id = ? AND revoked_at IS NULL GROUP BY mail_status",
        )
        .bind(event.0)
        .fetch_all(&self.reader)
        .await?;
        let mut counts = MailCounts::default();
        for (status, n) in rows {
            let n = n as u64;
            match crate::model::MailStatus::parse(&status) {
                crate::model::MailStatus::Pending => counts.pending += n,
                crate::model::MailStatus::Sending => counts.sending += n,
                crate::model::MailStatus::Sent => counts.sent += n,
                crate::model::MailStatus::Failed => counts.failed += n,
            }
        }
        Ok(counts)
    }

    async fn requeue_mail(&self, event: EventId, ticket: Option<TicketId>) -> Result<u64> {
        let done = match ticket {
            Some(id) => {
                sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                     WHERE event_id = ? AND id = ?",
                )
                .bind(event.0)
                .bind(id.0)
                .execute(&self.writer)
                .await?
            }
            None => {
                sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                     WHERE event_id = ? AND revoked_at IS NULL",
                )
                .bind(event.0)
                .execute(&self.writer)
                .await?
            }
        };
        Ok(done.rows_affected())
    }
}

/// The red outcome for a ticket the conditional write did not admit.
pub(super) fn refused(ticket: Ticket) -> ScanOutcome {
    match (ticket.status, ticket.used_at) {
        (TicketStatus::Revoked, _) => ScanOutcome::Revoked { ticket },
        (_, Some(at)) => {
            let by = ticket.used_by.clone().unwrap_or_default();
            ScanOutcome::AlreadyUsed { ticket, at, by }
        }
        // Not reachable: a valid ticket would have matched the UPDATE. Treat as used
        // "now" rather than admit twice.
        (_, None) => ScanOutcome::AlreadyUsed {
            at: now(),
            by: String::new(),
            ticket,
        },
    }
}

pub(super) fn found(rows: u64, what: &'static str, key: impl Into<String>) -> Result<()> {
    if rows == 0 {
        Err(Error::not_found(what, key))
    } else {
        Ok(())
    }
}

/// Pushes `?, ?, …` binding each value.
fn push_list(q: &mut QueryBuilder<Sqlite>, values: &[&str]) {
    let mut list = q.separated(", ");
    for v in values {
        list.push_bind(*v);
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(super) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
