//! The one error type of `ticketcore`.
//!
//! Every variant is something a caller can act on: show the message to the user
//! (`NotFound`, `InvalidInput`, `CodeSpaceExhausted`, `Conflict`, `BadCredentials`,
//! `DatabaseNotWritable`),
//! or log the cause and answer with a generic failure (`Database`, `Internal`).
//! The `Display` text of `Database` never contains driver or schema details;
//! the cause is kept as the error's `source()` for logs.

use std::sync::Arc;

use crate::code::{CodeError, CodeSpecError};
use crate::i18n::Lang;
use crate::message::Message;
use crate::msg;

/// Result alias used across `ticketcore`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `ticketcore`.
///
/// The type is `Clone` (causes are shared through `Arc`) so one storage failure
/// can be handed to every caller of a batched scan.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A named thing (event, ticket, user, token) does not exist.
    NotFound {
        /// What kind of thing was looked up: `"event"`, `"ticket"`, `"user"`, `"token"`.
        what: &'static str,
        /// The key the caller gave (an id, slug, code or name).
        key: String,
    },
    /// The alphabet or length of a code specification is unusable.
    InvalidCodeSpec(#[from] CodeSpecError),
    /// Typed text is not a code of the event.
    InvalidCode(#[from] CodeError),
    /// More new codes were asked for than the code space has free.
    CodeSpaceExhausted {
        /// How many new codes were asked for.
        needed: u64,
        /// How many codes of the space are not yet taken.
        free: u64,
    },
    /// A value given by the caller is not acceptable (an empty name, a bad role, ...).
    InvalidInput {
        /// The field or argument at fault.
        field: &'static str,
        /// Why it was refused, in words a user understands.
        reason: Message,
    },
    /// The operation contradicts the current state (a duplicate name, undoing a
    /// ticket that is not checked in, revoking a revoked ticket).
    Conflict(Message),
    /// A login with an unknown user name or a wrong password. Deliberately does
    /// not say which of the two.
    BadCredentials,
    /// Too many login attempts for this account or from this address; try again later.
    TooManyAttempts {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// This user (or door) scanned too many codes that match no ticket: the
    /// guard against guessing short codes ([`crate::guard`]). Wait, or ask
    /// an admin to reset the budget.
    TooManyUnknownCodes {
        /// Seconds until one more unknown code is allowed.
        retry_after_secs: u64,
    },
    /// This user searched for guests by name at the door too often
    /// ([`crate::door_search`]).
    TooManySearches {
        /// Seconds until the next search is allowed.
        retry_after_secs: u64,
    },
    /// The database URL names a backend this build does not support. The
    /// message lists the URL forms this build accepts
    /// ([`crate::store::SUPPORTED_URLS`]).
    UnsupportedDatabase(String),
    /// The database failed or could not be reached. The cause (for logs) is the
    /// error's source; the message is safe to show.
    Database(#[source] Arc<sqlx::Error>),
    /// SQLite could not open its database file, and the file system says
    /// why: the disk is read-only, this user may not write the file or its
    /// folder (SQLite's write-ahead log needs files beside the database), or
    /// the folder does not exist. SQLite itself only says "unable to open
    /// database file".
    DatabaseNotWritable {
        /// The database file.
        path: std::path::PathBuf,
        /// What refused and the operating system's answer, e.g.
        /// "/srv/tickets.db: Read-only file system (os error 30)" or "the
        /// folder /srv/tickets does not exist".
        reason: String,
        /// SQLite's error (for logs).
        #[source]
        cause: Arc<sqlx::Error>,
    },
    /// Applying the schema migrations failed.
    Migrate(#[source] Arc<sqlx::migrate::MigrateError>),
    /// A bug or a failure of the runtime (a background task died). Should not happen.
    Internal(String),
    /// A guest list file cannot be imported; the message says what to do.
    Import(#[from] crate::import::ImportError),
    /// Another send run is mailing this event (one run per event at a time,
    /// across processes and instances; see [`crate::mail::MailLease`]).
    /// Nothing was sent. Try again when it has finished; a run whose process
    /// died is taken over once its lease expires.
    MailRunBusy {
        /// Who holds the event's lease, e.g. "ticket-cli (pid 4121 on door-pi)".
        holder: String,
        /// Since when (UTC).
        since: crate::model::Timestamp,
        /// When the lease ends unless its holder renews it (UTC).
        expires_at: crate::model::Timestamp,
    },
}

impl Error {
    /// For the refusals that pass with time ([`Error::TooManyAttempts`],
    /// [`Error::TooManyUnknownCodes`], [`Error::TooManySearches`]): the
    /// seconds to wait.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Error::TooManyAttempts { retry_after_secs }
            | Error::TooManyUnknownCodes { retry_after_secs }
            | Error::TooManySearches { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            key: key.into(),
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: Message) -> Self {
        Error::InvalidInput { field, reason }
    }

    /// What went wrong, as a sentence for people in any language
    /// ([`Error::text`]); `Display` writes it in English.
    pub fn message(&self) -> Message {
        match self {
            Error::NotFound { what, key } => {
                msg!(
                    "not-found",
                    what = *what,
                    what_key = what.replace(' ', "-"),
                    key = key.as_str()
                )
            }
            Error::InvalidCodeSpec(e) => msg!("invalid-code-spec", reason = e.message()),
            Error::InvalidCode(e) => msg!("invalid-code", reason = e.message()),
            Error::CodeSpaceExhausted { needed, free } => {
                msg!("code-space-exhausted", needed = *needed, free = *free)
            }
            Error::InvalidInput { field, reason } => msg!(
                "invalid-input",
                field = *field,
                field_key = field.replace(' ', "-"),
                reason = reason.clone()
            ),
            Error::Conflict(m) => m.clone(),
            Error::BadCredentials => msg!("bad-credentials"),
            Error::TooManyAttempts { retry_after_secs } => {
                msg!("too-many-attempts", seconds = *retry_after_secs)
            }
            Error::TooManyUnknownCodes { retry_after_secs } => {
                msg!("too-many-unknown-codes", seconds = *retry_after_secs)
            }
            Error::TooManySearches { retry_after_secs } => {
                msg!("too-many-searches", seconds = *retry_after_secs)
            }
            Error::UnsupportedDatabase(url) => msg!(
                "unsupported-database",
                url = url.as_str(),
                supported = crate::store::SUPPORTED_URLS
            ),
            Error::Database(_) => msg!("database-failed"),
            Error::DatabaseNotWritable { path, reason, .. } => msg!(
                "database-not-writable",
                path = path.display().to_string(),
                reason = reason.as_str()
            ),
            Error::Migrate(e) => msg!("migration-failed", detail = e.to_string()),
            Error::Internal(detail) => msg!("internal-error", detail = detail.as_str()),
            Error::Import(e) => e.message(),
            Error::MailRunBusy {
                holder,
                since,
                expires_at,
            } => msg!(
                "mail-run-busy",
                holder = holder.as_str(),
                since = since.format("%Y-%m-%d %H:%M:%S").to_string(),
                until = expires_at.format("%H:%M:%S").to_string()
            ),
        }
    }

    /// What went wrong, written in `lang` (English where `lang` ships no
    /// error texts).
    pub fn text(&self, lang: Lang) -> String {
        self.message().text(lang)
    }
}

impl Error {
    /// The database's own error behind `self`, if it is one.
    fn database_error(&self) -> Option<&dyn sqlx::error::DatabaseError> {
        match self {
            Error::Database(cause) => match cause.as_ref() {
                sqlx::Error::Database(d) => Some(d.as_ref()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a write failed because the database has no room left: SQLite's
    /// `SQLITE_FULL` (disk full, or `max_page_count` reached), PostgreSQL's
    /// `disk_full` (SQLSTATE 53100), MySQL/MariaDB's "table is full" (1114) or
    /// "disk full" (1021). Reads still work then; writes
    /// work again once there is space. Frontends use it to say so instead of
    /// "the database is unavailable".
    pub fn is_storage_full(&self) -> bool {
        self.database_error().is_some_and(|d| {
            sqlite_code(d) == Some(13)
                || d.code().as_deref() == Some("53100")
                || matches!(mysql_number(d), Some(1114 | 1021))
        })
    }

    /// Whether a write failed because the database is read-only: SQLite's
    /// `SQLITE_READONLY` (any extended code), PostgreSQL's
    /// `read_only_sql_transaction` (SQLSTATE 25006, e.g. a standby after a
    /// failover), MySQL/MariaDB's `--read-only` (1290) or read-only
    /// transaction (1792).
    pub fn is_read_only(&self) -> bool {
        self.database_error().is_some_and(|d| {
            sqlite_code(d) == Some(8)
                || d.code().as_deref() == Some("25006")
                || matches!(mysql_number(d), Some(1290 | 1792))
        })
    }

    /// Whether a write failed because the disk under the database failed it:
    /// SQLite's `SQLITE_IOERR` (any extended code, e.g. 778 for a failed
    /// write, as when the kernel remounted the disk read-only after errors
    /// under a running app), PostgreSQL's `io_error` (SQLSTATE 58030),
    /// MySQL/MariaDB's errors reading or writing a file (1030 "got error from
    /// storage engine", 1026 "error writing file", 1017 "can't find file"). Reads may still work;
    /// writes work again once the disk is fixed (for SQLite, after a restart
    /// on the remounted disk).
    pub fn is_disk_failure(&self) -> bool {
        self.database_error().is_some_and(|d| {
            sqlite_code(d) == Some(10)
                || d.code().as_deref() == Some("58030")
                || matches!(mysql_number(d), Some(1030 | 1026 | 1017))
        })
    }

    /// Whether a failed transaction was rolled back by the server to break a
    /// deadlock or a serialization conflict, so running it again is safe
    /// (SQLSTATE 40001, which MySQL/MariaDB also report for deadlocks, and
    /// PostgreSQL's 40P01).
    pub fn is_retryable(&self) -> bool {
        self.database_error()
            .is_some_and(|d| matches!(d.code().as_deref(), Some("40001" | "40P01")))
    }
}

/// Whether a statement broke a unique index.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Whether a statement referred to a row that does not exist.
pub(crate) fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
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
pub(crate) fn sqlite_code(d: &dyn sqlx::error::DatabaseError) -> Option<i32> {
    if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_none()
        && d.try_downcast_ref::<crate::store::sqlite_scan::ScanWriterError>()
            .is_none()
    {
        return None;
    }
    let extended: i32 = d.code()?.parse().ok()?;
    Some(extended & 0xff)
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Database(Arc::new(e))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Migrate(Arc::new(e))
    }
}
