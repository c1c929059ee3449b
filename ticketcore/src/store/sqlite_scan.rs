//! The SQLite scan writer: a thread of its own with its own connection to the
//! database, which decides each batch of scans in one go.
//!
//! # Why a thread
//! sqlx runs every SQLite connection on a worker thread and each statement is
//! a round trip to it. At a rush each round trip waited 0.3–0.6 ms for a free
//! core, and these waits, not SQLite, bounded the scan rate (about 0.42 of a
//! bare group-commit server in the same run, see the README). Here a batch is
//! one hand-over: the scan writer sends the batch to this thread, which runs
//! `BEGIN IMMEDIATE`, one prepared UPDATE per distinct code, one SELECT per
//! refused code, one audit INSERT per scan and `COMMIT` without leaving the
//! thread, and answers.
//!
//! # Taking turns with the other writers
//! The store's scan batch holds the writer connection of the sqlx pool (the
//! process's one write turn) while this thread writes, so imports, mail and
//! undo in the same process wait for their turn in the pool, as before, and
//! never meet this connection's lock. Other processes (the CLI) wait through
//! `busy_timeout`, as every connection does.
//!
//! # Failures
//! On any error the batch is rolled back and the connection closed; the next
//! batch opens a fresh one (so a disk that was full works again once there is
//! room). A caller that stops waiting does not stop the batch: it commits or
//! rolls back on this thread regardless.
//!
//! # Checkpoints
//! SQLite copies the write-ahead log back into the database file (a
//! checkpoint, with an fsync of the file) inside the COMMIT that passes
//! 1,000 pages, so every few dozen batches one batch and everything queued
//! behind it waited for that copy. Here the log's length is read after each
//! commit: past [`CHECKPOINT_PAGES`] a checkpointer thread with a connection
//! of its own copies it while scans go on (a `PASSIVE` checkpoint, which
//! neither waits for nor stops the writer); past [`WAL_LIMIT_PAGES`] the
//! scan writer checkpoints itself after answering, so the log starts over
//! even when scans never pause (it can only start over once all of it is
//! copied, which the checkpointer alone never catches up with while batches
//! follow each other). Measured with the ceiling harness
//! (`compare.sh . 32 4 3`): the p99 of a scan at 32 connections fell from
//! 15–16 ms to 8.5–9.1 ms with checkpoints out of the scan writer's way.
//!
//! # Same database, same SQLite
//! rusqlite links the same `libsqlite3-sys` as sqlx (one SQLite library in
//! the process). An in-memory database (`sqlite::memory:`) is a shared-cache
//! memory database named by sqlx, which this connection opens by that name.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

use super::rows::{TicketRow, decide, first_scans, group_by_event};
use super::sqlite::{BUSY_TIMEOUT_SECS, MMAP_SIZE_BYTES};
use crate::error::{Error, Result};
use crate::model::{ScanOutcome, ScanRequest, Ticket};

/// Pages in the write-ahead log after which the checkpointer thread copies
/// it into the database file (SQLite's own automatic checkpoint default).
pub const CHECKPOINT_PAGES: i32 = 1000;

/// Pages in the write-ahead log after which the scan writer checkpoints it
/// itself, after answering its batch, so the log can start over: it then
/// stays below about this many pages (16 MiB of 4 KiB pages) plus one batch,
/// unless a reader keeps an old snapshot open (no checkpoint can copy past
/// it, as with SQLite's own checkpoints).
pub const WAL_LIMIT_PAGES: i32 = 4000;

/// Least time between two checkpoints of the checkpointer thread (5 ms).
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(5);

thread_local! {
    /// The write-ahead log's length in pages after this thread's last
    /// commit, as SQLite reported it to [`note_wal_pages`].
    static WAL_PAGES: Cell<i32> = const { Cell::new(0) };
}

/// SQLite's write-ahead log hook: keeps the log's length for the thread's
/// loop (and, by being set, turns SQLite's own checkpoint in COMMIT off).
fn note_wal_pages(_: &rusqlite::hooks::Wal, pages: std::ffi::c_int) -> rusqlite::Result<()> {
    WAL_PAGES.set(pages);
    Ok(())
}

/// Where the scan writer's connection opens: the database sqlx opened.
#[derive(Clone, Debug)]
pub(super) struct ScanTarget {
    /// The file name as sqlx passes it to SQLite (for a memory database, its
    /// shared-cache name).
    pub(super) filename: PathBuf,
    /// A shared-cache memory database.
    pub(super) memory: bool,
    /// Statements run on the connection after the store's own settings,
    /// with a count of their changes: fault tests set `PRAGMA
    /// max_page_count` or `query_only` here as on the sqlx writer.
    pub(super) extra: std::sync::Arc<std::sync::Mutex<(u64, String)>>,
    /// The version in `extra`, read at every batch without the lock.
    pub(super) extra_version: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl ScanTarget {
    /// The extra statements' version (0 until a fault test sets some).
    fn extra_version(&self) -> u64 {
        self.extra_version
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// The extra statements.
    fn extra(&self) -> String {
        self.extra
            .lock()
            .map(|e| e.1.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().1.clone())
    }
}

/// One batch handed to the thread.
struct Job {
    requests: Vec<ScanRequest>,
    /// The time every scan of the batch is logged at, in Unix milliseconds.
    at_ms: i64,
    reply: oneshot::Sender<Result<Vec<ScanOutcome>>>,
}

/// A handle to the scan writer thread. Dropping it lets the thread finish
/// its last batch and close its connection.
#[derive(Debug)]
pub(super) struct ScanThread {
    jobs: mpsc::Sender<Job>,
    /// Fires when the thread has closed its connection and ended.
    ended: oneshot::Receiver<()>,
}

impl ScanThread {
    /// Starts the thread. It opens its connection at the first batch.
    ///
    /// # Errors
    /// [`Error::Internal`] if the operating system cannot start a thread.
    pub(super) fn start(target: ScanTarget) -> Result<Self> {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (end, ended) = oneshot::channel();
        std::thread::Builder::new()
            .name("sqlite-scan-writer".into())
            .spawn(move || {
                run(&target, &incoming);
                let _ = end.send(());
            })
            .map_err(|e| Error::Internal(format!("cannot start the scan writer thread: {e}")))?;
        Ok(ScanThread { jobs, ended })
    }

    /// Decides `requests` (scans logged at `at_ms`, Unix milliseconds) in
    /// one transaction on the thread.
    ///
    /// # Errors
    /// [`Error::Database`] when SQLite fails the batch (nothing of it was
    /// written), [`Error::Internal`] if the thread has ended.
    pub(super) async fn decide(
        &self,
        requests: Vec<ScanRequest>,
        at_ms: i64,
    ) -> Result<Vec<ScanOutcome>> {
        let gone = || Error::Internal("the SQLite scan writer thread has ended".into());
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                requests,
                at_ms,
                reply,
            })
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Whether the thread has ended (it only ends early by a bug: a panic).
    pub(super) fn has_ended(&mut self) -> bool {
        !matches!(
            self.ended.try_recv(),
            Err(oneshot::error::TryRecvError::Empty)
        )
    }

    /// Ends the thread once its queued batches are done, and waits until its
    /// connection (and its checkpointer's) is closed.
    pub(super) async fn close(self) {
        let ScanThread { jobs, ended } = self;
        drop(jobs);
        let _ = ended.await;
    }
}

/// The thread's loop: one batch at a time until every handle is gone.
fn run(target: &ScanTarget, incoming: &mpsc::Receiver<Job>) {
    let (nudge, nudged) = mpsc::sync_channel::<()>(1);
    let checkpointer = if target.memory {
        None
    } else {
        let target = target.clone();
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoints(&target, &nudged))
            .map_err(|e| tracing::warn!(error = %e, "no checkpointer thread: the scan writer checkpoints"))
            .ok()
    };
    let mut conn: Option<Connection> = None;
    let mut applied = 0;
    while let Ok(job) = incoming.recv() {
        if job.reply.is_closed() {
            // Its caller has gone (the runtime is shutting down): nothing of
            // it was written, and no one would hear the outcome.
            continue;
        }
        let version = target.extra_version();
        if version != applied {
            // Reopened below with the new statements.
            conn = None;
            applied = version;
        }
        let decided = match conn
            .take()
            .map_or_else(|| open(target, &target.extra()), Ok)
        {
            Ok(mut c) => match batch(&mut c, &job.requests, job.at_ms) {
                Ok(outcomes) => {
                    conn = Some(c);
                    Ok(outcomes)
                }
                Err(e) => {
                    // Rolled back and closed: the next batch opens a fresh
                    // connection (SQLite may have rolled back by itself).
                    if !c.is_autocommit() {
                        let _ = c.execute_batch("ROLLBACK");
                    }
                    Err(database_error(e))
                }
            },
            Err(e) => Err(database_error(e)),
        };
        let _ = job.reply.send(decided);
        let pages = WAL_PAGES.replace(0);
        if let Some(c) = &conn
            && (pages >= WAL_LIMIT_PAGES || (pages >= CHECKPOINT_PAGES && checkpointer.is_none()))
        {
            checkpoint(c);
        } else if pages >= CHECKPOINT_PAGES {
            // While it copies, one more nudge waits; the rest are dropped.
            let _ = nudge.try_send(());
        }
    }
    drop(nudge);
    drop(conn);
    if let Some(thread) = checkpointer {
        let _ = thread.join();
    }
}

/// The checkpointer thread's loop: a checkpoint at each nudge, until the scan
/// writer is gone.
fn checkpoints(target: &ScanTarget, nudged: &mpsc::Receiver<()>) {
    let mut conn: Option<Connection> = None;
    while nudged.recv().is_ok() {
        let c = match conn.take().map_or_else(|| open(target, ""), Ok) {
            Ok(c) => conn.insert(c),
            Err(e) => {
                tracing::warn!(error = %e, "the checkpointer cannot open the database");
                std::thread::sleep(CHECKPOINT_PAUSE);
                continue;
            }
        };
        checkpoint(c);
        // Nudges that came meanwhile wait: at most one checkpoint (and one
        // fsync of the database file) per pause while scans keep coming.
        std::thread::sleep(CHECKPOINT_PAUSE);
    }
}

/// Copies what it can of the write-ahead log into the database file without
/// waiting for readers or writers (`PASSIVE`). A failure is logged: the log
/// then grows until a later checkpoint works (SQLite's own does the same).
fn checkpoint(conn: &Connection) {
    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
        tracing::warn!(error = %e, "write-ahead log checkpoint failed");
    }
}

/// Opens the scan writer's connection with the store's settings (see
/// [`super::sqlite`]): `synchronous = FULL`, foreign keys, busy timeout and
/// memory mapping; the write-ahead log is the file's own setting.
fn open(target: &ScanTarget, extra: &str) -> rusqlite::Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if target.memory {
        flags |= OpenFlags::SQLITE_OPEN_MEMORY | OpenFlags::SQLITE_OPEN_SHARED_CACHE;
    } else {
        flags |= OpenFlags::SQLITE_OPEN_PRIVATE_CACHE;
    }
    let conn = Connection::open_with_flags(&target.filename, flags)?;
    conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = {MMAP_SIZE_BYTES};"
    ))?;
    if !extra.is_empty() {
        conn.execute_batch(extra)?;
    }
    conn.wal_hook(Some(note_wal_pages));
    Ok(conn)
}

/// Admits each distinct code's first valid scan, where it was neither used
/// nor revoked.
const ADMIT: &str = concat!(
    "UPDATE tickets SET ",
    enter_rest!("?1", "?2"),
    " WHERE event_id = ?3 AND code = ?4 AND ",
    enterable!(),
    " RETURNING ",
    ticket_columns!()
);

/// A refused code's ticket, to say why it was refused.
const STATE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = ?1 AND code = ?2"
);

/// One audit row per scan.
const LOG: &str = "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// Decides one batch in one transaction (see [`crate::scan`]); the
/// transaction is left open on an error (the caller rolls it back).
fn batch(
    conn: &mut Connection,
    requests: &[ScanRequest],
    at_ms: i64,
) -> rusqlite::Result<Vec<ScanOutcome>> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let mut outcomes = vec![ScanOutcome::Unknown; requests.len()];
    {
        let mut admit = conn.prepare_cached(ADMIT)?;
        let mut state = conn.prepare_cached(STATE)?;
        for (event, idxs) in group_by_event(requests) {
            let (codes, first) = first_scans(requests, &idxs);
            let mut admitted: HashMap<String, Ticket> = HashMap::new();
            let mut refused: HashMap<String, Ticket> = HashMap::new();
            for code in codes {
                let by = requests[first[code]].by.as_str();
                let row = admit
                    .query_and_then((at_ms, by, event.0, code), TicketRow::from_sqlite)?
                    .next()
                    .transpose()?;
                if let Some(row) = row {
                    admitted.insert(code.to_owned(), Ticket::from(row));
                    continue;
                }
                let row = state
                    .query_and_then((event.0, code), TicketRow::from_sqlite)?
                    .next()
                    .transpose()?;
                if let Some(row) = row {
                    refused.insert(code.to_owned(), Ticket::from(row));
                }
            }
            decide(requests, &idxs, &first, &admitted, &refused, &mut outcomes);
        }
        let mut log = conn.prepare_cached(LOG)?;
        for (req, outcome) in requests.iter().zip(&outcomes) {
            log.execute((
                req.event_id.0,
                outcome.ticket().map(|t| t.id.0),
                &req.typed,
                outcome.kind().as_str(),
                &req.by,
                at_ms,
            ))?;
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(outcomes)
}

/// A failure of the scan writer's connection, as a database error the rest
/// of the crate reads like sqlx's SQLite errors (see
/// [`crate::error::sqlite_code`]): `storage full`, `read-only` and `disk
/// failure` are told apart by SQLite's result code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct ScanWriterError {
    /// SQLite's extended result code, when SQLite failed the call.
    extended_code: Option<i32>,
    /// What failed, from rusqlite (for logs).
    message: String,
}

impl From<rusqlite::Error> for ScanWriterError {
    fn from(e: rusqlite::Error) -> Self {
        ScanWriterError {
            extended_code: e.sqlite_error().map(|f| f.extended_code),
            message: e.to_string(),
        }
    }
}

/// `e` as the crate's [`Error::Database`].
fn database_error(e: rusqlite::Error) -> Error {
    Error::from(sqlx::Error::Database(Box::new(ScanWriterError::from(e))))
}

impl sqlx::error::DatabaseError for ScanWriterError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        self.extended_code.map(|c| Cow::Owned(c.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY, _FOREIGNKEY, _NOTNULL, _CHECK
        match self.extended_code {
            Some(2067 | 1555) => sqlx::error::ErrorKind::UniqueViolation,
            Some(787) => sqlx::error::ErrorKind::ForeignKeyViolation,
            Some(1299) => sqlx::error::ErrorKind::NotNullViolation,
            Some(275) => sqlx::error::ErrorKind::CheckViolation,
            _ => sqlx::error::ErrorKind::Other,
        }
    }
}
