//! Server-side sessions kept in the ticket database, so a restart logs nobody out.

use async_trait::async_trait;
use ticketcore::{AnyStore, Store};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// A `tower-sessions` store over the ticket database's `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessions {
    store: AnyStore,
}

impl DbSessions {
    /// Sessions in `store`.
    pub fn new(store: AnyStore) -> Self {
        DbSessions { store }
    }
}

fn backend(e: ticketcore::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessions {
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        self.store
            .session_save(
                &record.id.to_string(),
                &data,
                record.expiry_date.unix_timestamp(),
            )
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc();
        let Some(data) = self
            .store
            .session_load(&id.to_string(), now.unix_timestamp())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        // The cookie carries the real expiry; the record's is refreshed on save.
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: now + time::Duration::hours(12),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store
            .session_delete(&id.to_string())
            .await
            .map_err(backend)
    }
}
