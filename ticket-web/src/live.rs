//! Live updates: a change feed that follows the audit log in the database and
//! fans out to server-sent-event listeners.
//!
//! Following the database (not only this process's scans) means scans made by
//! `ticket-cli` or by another `ticket-web` instance on the same database reach
//! every screen too. A local scan wakes the feed at once; otherwise it polls
//! every [`POLL_MS`] milliseconds.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use ticketcore::{ScanRecord, Store};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::auth::Admin;
use crate::error::ApiError;
use crate::state::{AppState, LiveEvent};

/// How often the feed looks for changes made elsewhere, in milliseconds.
pub const POLL_MS: u64 = 500;

/// The JSON sent for one audit-log entry.
pub fn record_json(r: &ScanRecord) -> String {
    serde_json::json!({
        "id": r.id,
        "kind": r.kind,
        "code": r.code,
        "name": r.name,
        "by": r.by,
        "at": r.at,
    })
    .to_string()
}

/// Runs the change feed until the process ends.
pub async fn run_feed(state: AppState) {
    let store = state.office.store().clone();
    let mut last = loop {
        match store.last_scan_id().await {
            Ok(id) => break id,
            Err(e) => {
                tracing::warn!(error = %e, "change feed waiting for the database");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    };
    loop {
        tokio::select! {
            () = state.feed_wake.notified() => {}
            () = tokio::time::sleep(Duration::from_millis(POLL_MS)) => {}
        }
        if state.live.receiver_count() == 0 {
            // Nobody listens: skip ahead without reading.
            if let Ok(id) = store.last_scan_id().await {
                last = id;
            }
            continue;
        }
        match store.scan_log_since(last, 1000).await {
            Ok(records) => {
                for r in records {
                    last = r.id;
                    let _ = state.live.send(LiveEvent {
                        event_id: r.event_id,
                        kind: "scan",
                        data: record_json(&r),
                    });
                }
            }
            Err(e) => tracing::warn!(error = %e, "change feed cannot read the audit log"),
        }
    }
}

/// `GET /api/events/{event}/stream`: `text/event-stream`, one `scan` event per
/// audit-log entry of the event, `changed` after imports and mail runs, and
/// `reload` when this listener fell behind.
pub async fn stream(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let event = state.event(&event).await?;
    let id = event.id;
    let events = BroadcastStream::new(state.live.subscribe()).filter_map(move |item| match item {
        Ok(e) if e.event_id == id => Some(Ok(SseEvent::default().event(e.kind).data(e.data))),
        Ok(_) => None,
        Err(BroadcastStreamRecvError::Lagged(_)) => {
            Some(Ok(SseEvent::default().event("reload").data("{}")))
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
