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
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, FromRow, QueryBuilder, Row, Sqlite, SqliteConnection, Transaction};

use super::rows::{TicketRow, decide, first_scans, group_by_event};
use super::shared::prelude::*;
use super::shared::without;
use crate::error::sqlite_code;
use crate::model::{ScanOutcome, ScanRequest};
use crate::store::Store;

/// How long a connection waits for another process's write lock, in seconds.
pub const BUSY_TIMEOUT_SECS: u64 = 30;

/// Largest part of the database file each connection reads through memory
/// mapping instead of `read` calls, in bytes (256 MiB). Mapped pages are the
/// operating system's file cache, shared and given back under memory
/// pressure; they show in a process's resident size (`RssFile`) only while
/// mapped. A scan looks tickets up by code all over the file, and without
/// mapping every page it misses in SQLite's own 2 MiB cache costs a system
/// call (about a tenth of the scan API's rate, measured).
pub const MMAP_SIZE_BYTES: u64 = 256 * 1024 * 1024;

/// Longest time the scan writer keeps the writer connection between batches
/// while scans keep coming, in milliseconds (it gives it back at once when
/// no scan waits). Handing it back to the pool and
/// taking it again costs two round trips to the connection's thread (the
/// pool tests a returned connection), which at a rush took about a tenth of
/// the scan rate; after this time other writers (imports, mail, undo, log
/// ins) get their turn before the next batch.
pub const SCAN_HOLD_MS: u64 = 20;

/// The writer connection as the scan writer holds it between batches.
#[derive(Debug)]
struct HeldWriter {
    conn: PoolConnection<Sqlite>,
    /// Which taking of the connection this is.
    generation: u64,
}

/// Storage in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    /// The writer connection while a run of scan batches holds it (see
    /// [`SCAN_HOLD_MS`]).
    scan_writer: std::sync::Arc<tokio::sync::Mutex<Option<HeldWriter>>>,
    /// Counts the scan writer's takings of the writer connection.
    scan_generation: std::sync::Arc<AtomicU64>,
    /// An in-memory database: its one connection holds all the data and is
    /// never closed while the store lives.
    memory: bool,
}

impl SqliteStore {
    /// Closes the writer, then the readers, waiting for each.
    pub(crate) async fn close(&self) {
        self.scan_writer.lock().await.take();
        self.writer.close().await;
        self.reader.close().await;
    }
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
            .busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
            .pragma("mmap_size", MMAP_SIZE_BYTES.to_string());
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .test_before_acquire(false)
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
        let store = SqliteStore {
            writer,
            reader,
            scan_writer: std::sync::Arc::default(),
            scan_generation: std::sync::Arc::default(),
            memory,
        };
        store.fill_search_text().await?;
        Ok(store)
    }

    /// The underlying writer pool, for maintenance (`db sql`, `VACUUM INTO`).
    pub fn pool(&self) -> &SqlitePool {
        &self.writer
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Starts a write transaction holding the database's write lock.
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A write transaction: SQLite has one writer at a time, so the audit log
    /// is appended in commit order anyway.
    async fn begin_audited(&self) -> Result<Transaction<'static, Sqlite>> {
        self.begin_write().await
    }

    /// `sql` for SQLite: `?` placeholders as written; a final `FOR UPDATE`
    /// dropped (a write transaction here holds the database's write lock
    /// from `BEGIN IMMEDIATE` on).
    fn sql(sql: &'static str) -> &'static str {
        without(sql, " FOR UPDATE")
    }

    /// Runs an `INSERT … RETURNING id`.
    async fn insert_id(
        &self,
        q: sqlx::query::Query<'_, Sqlite, <Sqlite as sqlx::Database>::Arguments>,
    ) -> std::result::Result<i64, sqlx::Error> {
        q.fetch_one(&self.writer).await?.try_get(0)
    }

    /// The name order of a ticket listing: byte order of the folded text, so every
    /// backend sorts alike.
    const FOLDED_ORDER: &str = " ORDER BY search_text, id";

    /// A search by folded text through the FTS5 trigram index (migration
    /// 0009), then the pattern, then [`Self::INDEXED_SEARCH_END`].
    const INDEXED_SEARCH: &str =
        " AND id IN (SELECT rowid FROM ticket_search_fts WHERE search_text LIKE ";
    /// The end of [`Self::INDEXED_SEARCH`].
    const INDEXED_SEARCH_END: &str = ")";

    const UPSERT_SESSION: &str = "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at";

    /// Inserts one chunk of [`Store::issue`]; returns `(id, code)` per row.
    async fn insert_tickets(
        tx: &mut Transaction<'static, Sqlite>,
        event: EventId,
        guests: &[NewGuest],
        codes: &[&str],
        created: i64,
    ) -> Result<Vec<(i64, String)>> {
        let mut q = Self::ticket_rows(event, guests, codes, created);
        q.push(" RETURNING id, code");
        Ok(q.build_query_as().fetch_all(&mut **tx).await?)
    }

    backend_helpers!(Sqlite);
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

impl super::Sealed for SqliteStore {}

impl Store for SqliteStore {
    store_methods!();

    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let mut slot = self.scan_writer.clone().lock_owned().await;
        let held = match slot.take() {
            Some(held) => held,
            None => {
                let conn = self.writer.acquire().await?;
                let generation = self.scan_generation.fetch_add(1, Ordering::Relaxed);
                // Back to the pool after SCAN_HOLD_MS at the latest (once the
                // batch running then is done): a writer waiting there goes
                // before the next batch.
                let slot = self.scan_writer.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(SCAN_HOLD_MS)).await;
                    let mut slot = slot.lock().await;
                    if slot.as_ref().is_some_and(|h| h.generation == generation) {
                        slot.take();
                    }
                });
                HeldWriter { conn, generation }
            }
        };
        // The batch runs in a task of its own that owns the connection and
        // the slot: a caller that stops waiting (the writer's time limit)
        // cannot leave the batch's transaction open on a connection the pool
        // hands out again; the task commits or rolls back, and after any
        // error closes the connection (the pool cannot see this transaction).
        let requests = requests.to_vec();
        let memory = self.memory;
        tokio::spawn(async move {
            let mut held = held;
            match scan_batch_on(&mut held.conn, &requests).await {
                Ok(outcomes) => {
                    *slot = Some(held);
                    Ok(outcomes)
                }
                Err(e) => {
                    if !memory {
                        held.conn.close_on_drop();
                    }
                    Err(e)
                }
            }
        })
        .await
        .map_err(|e| Error::Internal(format!("scan batch task failed: {e}")))?
    }

    async fn scan_idle(&self) {
        self.scan_writer.lock().await.take();
    }

    async fn claim_mail(
        &self,
        event: EventId,
        after: TicketId,
        retry_failed: bool,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        let sql = if retry_failed {
            CLAIM_WITH_FAILED
        } else {
            CLAIM_PENDING
        };
        let mut tx = self.begin_write().await?;
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
}

/// Decides a batch of scans on the writer connection in two round trips to
/// its thread, where a transaction of separate statements takes five: at a
/// rush every round trip waits for a free core, and these waits, not SQLite,
/// bounded the scan rate.
///
/// 1. `BEGIN IMMEDIATE`, then per event one conditional UPDATE deciding every
///    distinct code (only valid tickets match; each is set used by its first
///    scanner) and one SELECT of each code's state after it (why the others
///    were refused);
/// 2. the audit rows, then `COMMIT`.
///
/// On an error the transaction is rolled back. A batch of
/// [`crate::scan::MAX_BATCH`] scans binds at most 4 × 512 + 3 parameters per
/// event in the first round trip and 6 × 512 in the second (SQLite allows
/// 32,766).
async fn scan_batch_on(
    conn: &mut SqliteConnection,
    requests: &[ScanRequest],
) -> Result<Vec<ScanOutcome>> {
    let at_ms = now().timestamp_millis();
    let groups = group_by_event(requests);
    let firsts: Vec<_> = groups
        .iter()
        .map(|(_, idxs)| first_scans(requests, idxs))
        .collect();
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("BEGIN IMMEDIATE;");
    for ((event, _), (codes, first)) in groups.iter().zip(&firsts) {
        if codes.is_empty() {
            continue;
        }
        q.push(" UPDATE tickets SET used_at = ")
            .push_bind(at_ms)
            .push(", used_by = CASE code");
        for code in codes {
            q.push(" WHEN ")
                .push_bind(*code)
                .push(" THEN ")
                .push_bind(requests[first[code]].by.as_str());
        }
        q.push(" END WHERE event_id = ")
            .push_bind(event.0)
            .push(" AND used_at IS NULL AND revoked_at IS NULL AND code IN (");
        push_list(&mut q, codes);
        q.push(concat!(
            ") RETURNING ",
            ticket_columns!(),
            "; SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE event_id = "
        ));
        q.push_bind(event.0).push(" AND code IN (");
        push_list(&mut q, codes);
        q.push(");");
    }
    // Each statement's rows, in order (BEGIN's empty set first).
    let sets = match statement_rows(conn, q).await {
        Ok(sets) => sets,
        Err(e) => {
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            return Err(e.into());
        }
    };
    let mut outcomes: Vec<ScanOutcome> = vec![ScanOutcome::Unknown; requests.len()];
    let mut sets = sets.into_iter().skip(1);
    for ((_, idxs), (codes, first)) in groups.iter().zip(&firsts) {
        if codes.is_empty() {
            continue;
        }
        let admitted = by_code(sets.next().unwrap_or_default());
        let states = by_code(sets.next().unwrap_or_default());
        decide(requests, idxs, first, &admitted, &states, &mut outcomes);
    }
    let mut q: QueryBuilder<Sqlite> =
        QueryBuilder::new("INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) ");
    q.push_values(requests.iter().zip(&outcomes), |mut b, (req, outcome)| {
        b.push_bind(req.event_id.0)
            .push_bind(outcome.ticket().map(|t| t.id.0))
            .push_bind(&req.typed)
            .push_bind(outcome.kind().as_str())
            .push_bind(&req.by)
            .push_bind(at_ms);
    });
    q.push("; COMMIT;");
    if let Err(e) = q.build().execute(&mut *conn).await {
        // After a failed COMMIT SQLite may have rolled back already; this
        // ROLLBACK then fails harmlessly.
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
        return Err(e.into());
    }
    Ok(outcomes)
}

/// Runs every statement of `q` in one round trip and returns each
/// statement's rows as tickets, in order.
async fn statement_rows(
    conn: &mut SqliteConnection,
    mut q: QueryBuilder<Sqlite>,
) -> std::result::Result<Vec<Vec<TicketRow>>, sqlx::Error> {
    use futures_util::TryStreamExt;
    // Several statements in one query: the SQLite driver runs them in order
    // and ends each with its result; this is the one place that relies on it.
    #[allow(deprecated)]
    let mut stream = q.build().fetch_many(&mut *conn);
    let mut sets: Vec<Vec<TicketRow>> = vec![Vec::new()];
    while let Some(item) = stream.try_next().await? {
        match item {
            sqlx::Either::Left(_) => sets.push(Vec::new()),
            sqlx::Either::Right(row) => {
                if let Some(set) = sets.last_mut() {
                    set.push(TicketRow::from_row(&row)?);
                }
            }
        }
    }
    Ok(sets)
}

/// Tickets by code.
fn by_code(rows: Vec<TicketRow>) -> HashMap<String, Ticket> {
    rows.into_iter()
        .map(|row| (row.code.clone(), Ticket::from(row)))
        .collect()
}

/// Pushes `?, ?, …` binding each value.
fn push_list(q: &mut QueryBuilder<Sqlite>, values: &[&str]) {
    let mut list = q.separated(", ");
    for v in values {
        list.push_bind(*v);
    }
}
