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
    #[error("{what} `{key}` not found")]
    NotFound {
        /// What kind of thing was looked up: `"event"`, `"ticket"`, `"user"`, `"token"`.
        what: &'static str,
        /// The key the caller gave (an id, slug, code or name).
        key: String,
    },
    /// The alphabet or length of a code specification is unusable.
    #[error("invalid code settings: {0}")]
    InvalidCodeSpec(#[from] CodeSpecError),
    /// Typed text is not a code of the event.
    #[error("invalid code: {0}")]
    InvalidCode(#[from] CodeError),
    /// More new codes were asked for than the code space has free.
    #[error(
        "code space exhausted: {needed} new codes needed but only {free} are free; \
         use a longer code or a larger alphabet"
    )]
    CodeSpaceExhausted {
        /// How many new codes were asked for.
        needed: u64,
        /// How many codes of the space are not yet taken.
        free: u64,
    },
    /// A value given by the caller is not acceptable (an empty name, a bad role, ...).
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field or argument at fault.
        field: &'static str,
        /// Why it was refused, in words a user understands.
        reason: String,
    },
    /// The operation contradicts the current state (a duplicate name, undoing a
    /// ticket that is not checked in, revoking a revoked ticket).
    #[error("{0}")]
    Conflict(String),
    /// A login with an unknown user name or a wrong password. Deliberately does
    /// not say which of the two.
    #[error("wrong user name or password")]
    BadCredentials,
    /// Too many login attempts for this account or from this address; try again later.
    #[error("too many login attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// The database URL names a backend this build does not support. The
    /// message lists the URL forms this build accepts
    /// ([`crate::store::SUPPORTED_URLS`]).
    #[error("unsupported database URL `{0}`: use {supported}", supported = crate::store::SUPPORTED_URLS)]
    UnsupportedDatabase(String),
    /// The database failed or could not be reached. The cause (for logs) is the
    /// error's source; the message is safe to show.
    #[error("the database is unavailable or failed; see the server log")]
    Database(#[source] Arc<sqlx::Error>),
    /// SQLite could not open its database file, and the file system says
    /// why: the disk is read-only, this user may not write the file or its
    /// folder (SQLite's write-ahead log needs files beside the database), or
    /// the folder does not exist. SQLite itself only says "unable to open
    /// database file".
    #[error("cannot write the database file {}: {reason}", path.display())]
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
    #[error("database migration failed: {0}")]
    Migrate(#[source] Arc<sqlx::migrate::MigrateError>),
    /// A bug or a failure of the runtime (a background task died). Should not happen.
    #[error("internal error: {0}")]
    Internal(String),
    /// A guest list file cannot be imported; the message says what to do.
    #[error("{0}")]
    Import(#[from] crate::import::ImportError),
}

impl Error {
    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            key: key.into(),
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
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
