//! Web sessions kept in the ticket database, so a restart logs nobody out.
//!
//! A frontend's session layer (e.g. `tower-sessions` in `ticket-web`) stores
//! each session as opaque text with an expiry; [`Sessions`] is its handle,
//! from [`crate::TicketOffice::sessions`].

use crate::error::{Error, Result};
use crate::store::{AnyStore, Store};

/// Longest session id accepted, in bytes.
pub const MAX_SESSION_ID_BYTES: usize = 255;

/// The sessions of one ticket database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Sessions<S: Store = AnyStore> {
    store: S,
}

fn check_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_SESSION_ID_BYTES {
        return Err(Error::invalid(
            "session id",
            crate::msg!("session-id-length", max = MAX_SESSION_ID_BYTES),
        ));
    }
    Ok(())
}

impl<S: Store> Sessions<S> {
    pub(crate) fn new(store: S) -> Self {
        Sessions { store }
    }

    /// A session's data and its expiry (seconds since the Unix epoch, as
    /// saved), unless it is missing or expired at `now` (seconds).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or overlong id; a database error.
    pub async fn load(&self, id: &str, now: i64) -> Result<Option<(String, i64)>> {
        check_id(id)?;
        self.store.session_load(id, now).await
    }

    /// Creates or replaces a session, valid until `expires_at` (seconds since
    /// the Unix epoch).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or overlong id; a database error.
    pub async fn save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        check_id(id)?;
        self.store.session_save(id, data, expires_at).await
    }

    /// Creates a session under a new id, valid until `expires_at` (seconds
    /// since the Unix epoch); `false` when the id is taken (nothing is
    /// written, so another session is never overwritten: draw another id).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or overlong id; a database error.
    pub async fn create(&self, id: &str, data: &str, expires_at: i64) -> Result<bool> {
        check_id(id)?;
        self.store.session_create(id, data, expires_at).await
    }

    /// Deletes a session (no error when it does not exist).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty or overlong id; a database error.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_id(id)?;
        self.store.session_delete(id).await
    }

    /// Deletes the sessions that expired before `now` (seconds since the Unix
    /// epoch); returns how many.
    ///
    /// # Errors
    /// A database error.
    pub async fn purge(&self, now: i64) -> Result<u64> {
        self.store.session_purge(now).await
    }
}
