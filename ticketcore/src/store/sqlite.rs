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
//! - Scans are written by a thread with a connection of its own (see
//!   `sqlite_scan`), while the scan writer holds the pool's writer connection:
//!   the process still writes through one connection at a time.
//! - `busy_timeout = 30 s`, `foreign_keys = ON`.
//! - After some failures (`SQLITE_FULL`, `SQLITE_IOERR`, `SQLITE_NOMEM`) SQLite
//!   rolls the open transaction back by itself; sqlx's own ROLLBACK then fails
//!   and it keeps counting the transaction as open, refusing every later
//!   `BEGIN` on that connection. The writer pool replaces such a connection
//!   before handing it out, so writes work again as soon as the cause (a full
//!   disk) is gone, without a restart.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Row, Sqlite, Transaction};

use super::rows::TicketRow;
use super::shared::prelude::*;
use super::shared::without;
pub use super::sqlite_scan::{CHECKPOINT_PAGES, WAL_LIMIT_PAGES};
use super::sqlite_scan::{ScanTarget, ScanThread};
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
    /// Held, never used: while the scan writer holds it, no other writer of
    /// this process writes (they wait for it in the pool).
    _turn: PoolConnection<Sqlite>,
    /// Which taking of the connection this is.
    generation: u64,
}

/// What the scan writer keeps between batches.
#[derive(Debug, Default)]
struct ScanSlot {
    /// The writer connection (the process's write turn) while a run of
    /// batches holds it (see [`SCAN_HOLD_MS`]).
    held: Option<HeldWriter>,
    /// The thread that writes the batches, started at the first one.
    thread: Option<ScanThread>,
}

/// Storage in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    /// The scan writer's turn and thread.
    scan: std::sync::Arc<tokio::sync::Mutex<ScanSlot>>,
    /// Counts the scan writer's takings of the writer connection.
    scan_generation: std::sync::Arc<AtomicU64>,
    /// Where the scan writer thread opens its connection.
    scan_target: ScanTarget,
}

impl SqliteStore {
    /// Closes the scan writer, then the writer, then the readers, waiting for each.
    pub(crate) async fn close(&self) {
        let thread = {
            let mut slot = self.scan.lock().await;
            slot.held.take();
            slot.thread.take()
        };
        if let Some(thread) = thread {
            thread.close().await;
        }
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
        // The scan writer's own connection finds a memory database by its
        // shared-cache name (see `sqlite_scan`).
        let options = if memory {
            options.shared_cache(true)
        } else {
            options
        };
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
                .connect_with(options.clone())
                .await?
        };
        let scan_target = ScanTarget {
            filename: options.get_filename().to_owned(),
            memory,
            extra: std::sync::Arc::default(),
            extra_version: std::sync::Arc::default(),
        };
        let store = SqliteStore {
            writer,
            reader,
            scan: std::sync::Arc::default(),
            scan_generation: std::sync::Arc::default(),
            scan_target,
        };
        store.fill_search_text().await?;
        Ok(store)
    }

    /// The underlying writer pool, for maintenance (`db sql`, `VACUUM INTO`).
    pub fn pool(&self) -> &SqlitePool {
        &self.writer
    }

    /// Runs `sql` (e.g. `PRAGMA max_page_count = 1`) on the scan writer's
    /// own connection from its next batch on, and again whenever it opens
    /// a new one, replacing what an earlier call set. For fault tests, which
    /// set the same on [`Self::pool`]: the scan writer does not write
    /// through that pool (see [`crate::store::sqlite`]).
    #[cfg(feature = "testing")]
    pub fn set_scan_writer_sql(&self, sql: &str) {
        let mut extra = self
            .scan_target
            .extra
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        extra.0 += 1;
        extra.1 = sql.to_owned();
        self.scan_target
            .extra_version
            .store(extra.0, std::sync::atomic::Ordering::Release);
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
        let mut slot = self.scan.clone().lock_owned().await;
        if slot.held.is_none() {
            let conn = self.writer.acquire().await?;
            let generation = self.scan_generation.fetch_add(1, Ordering::Relaxed);
            // Back to the pool after SCAN_HOLD_MS at the latest (once the
            // batch running then is done): a writer waiting there goes
            // before the next batch.
            let scan = self.scan.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(SCAN_HOLD_MS)).await;
                let mut slot = scan.lock().await;
                if slot
                    .held
                    .as_ref()
                    .is_some_and(|h| h.generation == generation)
                {
                    slot.held.take();
                }
            });
            slot.held = Some(HeldWriter {
                _turn: conn,
                generation,
            });
        }
        if slot.thread.as_mut().is_some_and(ScanThread::has_ended) {
            tracing::error!("the SQLite scan writer thread ended; starting a new one");
            slot.thread = None;
        }
        if slot.thread.is_none() {
            slot.thread = Some(ScanThread::start(self.scan_target.clone())?);
        }
        let at_ms = now().timestamp_millis();
        let requests = requests.to_vec();
        // A task of its own keeps the turn and the slot until the thread has
        // answered, also when this caller stops waiting (the scan writer's
        // time limit): the next batch waits for the turn instead of queueing
        // behind a batch that waits for another process's lock.
        tokio::spawn(async move {
            match &slot.thread {
                Some(thread) => thread.decide(requests, at_ms).await,
                None => Err(Error::Internal("no SQLite scan writer thread".into())),
            }
        })
        .await
        .map_err(|e| Error::Internal(format!("scan batch task failed: {e}")))?
    }

    async fn scan_idle(&self) {
        self.scan.lock().await.held.take();
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
