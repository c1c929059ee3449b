//! The change feed: every check-in, undo and revocation of every event, in
//! commit order, as live pages follow it.
//!
//! Entries come from the audit log, so the feed sees changes made by any
//! process or instance on the same database (the CLI beside the web app,
//! two web instances). A follower remembers the last id it saw and asks for
//! what came after ([`ChangeFeed::since`]); the backends hand out ids in
//! commit order, so no entry is skipped.

use crate::error::Result;
use crate::model::ScanRecord;
use crate::store::{AnyStore, Store};

/// The change feed of one ticket database, from
/// [`crate::TicketOffice::changes`]. Cheap to clone.
#[derive(Clone, Debug)]
pub struct ChangeFeed<S: Store = AnyStore> {
    store: S,
}

impl<S: Store> ChangeFeed<S> {
    pub(crate) fn new(store: S) -> Self {
        ChangeFeed { store }
    }

    /// The id of the newest entry (0 when there is none): where a new
    /// follower starts.
    ///
    /// # Errors
    /// A database error.
    pub async fn last_id(&self) -> Result<i64> {
        self.store.last_scan_id().await
    }

    /// Entries with ids above `after`, oldest first, at most `limit`.
    ///
    /// # Errors
    /// A database error.
    pub async fn since(&self, after: i64, limit: u32) -> Result<Vec<ScanRecord>> {
        self.store.scan_log_since(after, limit).await
    }
}
