//! Live updates: a change feed that follows the audit log in the database and
//! fans out to server-sent-event listeners.
//!
//! Following the database (not only this process's scans) means scans made by
//! `ticket-cli` or by another `ticket-web` instance on the same database reach
//! every screen too. While someone listens, a local scan wakes the feed at
//! once; otherwise it polls every [`POLL_MS`] milliseconds. After each read it
//! rests [`COALESCE_MS`] milliseconds, so a rush of scans costs a few reads a
//! second instead of one per scan. While nobody listens it reads nothing but
//! the newest audit-log id, once per poll.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use ticketcore::ScanRecord;
use tokio::time::MissedTickBehavior;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::auth::Admin;
use crate::error::ApiError;
use crate::state::{AppState, LiveEvent};

/// How often the feed looks for changes made elsewhere, in milliseconds.
pub const POLL_MS: u64 = 500;

/// How long the feed rests after a read before the next one, in milliseconds:
/// scans made meanwhile are read together. Listeners see a scan at most this
/// much later than without the rest.
pub const COALESCE_MS: u64 = 20;

/// Most audit-log entries read at once; a full read is followed by the next
/// one without rest.
const READ_LIMIT: u32 = 1000;

/// The JSON sent for one audit-log entry. `clock` and `when` are its time
/// on the event's clock as the server-rendered rows show it (`9:14 PM CET`,
/// `2026-12-07, 9:14 PM CET`), so a row updated live reads like the others
/// whatever the browser's language and zone.
pub fn record_json(r: &ScanRecord, zone: &ticketcore::model::Tz) -> String {
    serde_json::json!({
        "id": r.id,
        "kind": r.kind,
        "code": r.code,
        "name": r.name,
        "by": r.by,
        "at": r.at,
        "clock": crate::pages::show_clock(&r.at, zone),
        "when": crate::pages::show_time(&r.at, zone),
        // Each language's clock and date: the feed is one message for every
        // page, whatever its language (see tickets.js).
        "clocks": ticketcore::i18n::Lang::shipping(ticketcore::i18n::Area::Pages)
            .into_iter()
            .map(|l| (l.code().to_string(), serde_json::Value::String(l.clock(&r.at, zone))))
            .collect::<serde_json::Map<_, _>>(),
        "whens": ticketcore::i18n::Lang::shipping(ticketcore::i18n::Area::Pages)
            .into_iter()
            .map(|l| (l.code().to_string(), serde_json::Value::String(l.date_time(&r.at, zone))))
            .collect::<serde_json::Map<_, _>>(),
    })
    .to_string()
}

/// Sends each guessing alert (a user ran out of unknown codes, see
/// `ticketcore::guard`) to the event's live listeners as a `guard` event.
async fn forward_guard_alerts(state: AppState) {
    use tokio::sync::broadcast::error::RecvError;
    let mut alerts = state.office.subscribe_guess_alerts();
    loop {
        match alerts.recv().await {
            Ok(alert) => {
                let _ = state.live.send(LiveEvent {
                    event_id: alert.event_id,
                    kind: "guard",
                    data: serde_json::to_string(&alert).unwrap_or_else(|_| "{}".into()),
                });
            }
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => break,
        }
    }
}

/// Runs the change feed (and the forwarding of guessing alerts) until the
/// process ends.
pub async fn run_feed(state: AppState) {
    tokio::spawn(forward_guard_alerts(state.clone()));
    let feed = state.office.changes();
    let mut last = loop {
        match feed.last_id().await {
            Ok(id) => break id,
            Err(e) => {
                tracing::warn!(error = %e, "change feed waiting for the database");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    };
    let mut poll = tokio::time::interval(Duration::from_millis(POLL_MS));
    poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        let polled = tokio::select! {
            () = state.feed_wake.notified() => false,
            _ = poll.tick() => true,
        };
        if state.live.receiver_count() == 0 {
            // Nobody listens: skip ahead without reading the entries, once per
            // poll (a wake from a local scan needs no read of its own).
            if polled && let Ok(id) = feed.last_id().await {
                last = id;
            }
            continue;
        }
        let mut full = false;
        match feed.since(last, READ_LIMIT).await {
            Ok(records) => {
                full = records.len() >= READ_LIMIT as usize;
                // One event's zone, looked up once for its run of records.
                let mut zone_of: Option<(ticketcore::EventId, ticketcore::model::Tz)> = None;
                for r in records {
                    last = r.id;
                    // Nobody watches a tickets page: no message to write
                    // (the feed runs for every scan at the door).
                    if state.live.receiver_count() == 0 {
                        continue;
                    }
                    let zone = match zone_of {
                        Some((id, zone)) if id == r.event_id => zone,
                        _ => {
                            let zone = state
                                .event(&r.event_id.to_string())
                                .await
                                .map_or(ticketcore::model::Tz::UTC, |e| e.time_zone);
                            zone_of = Some((r.event_id, zone));
                            zone
                        }
                    };
                    let _ = state.live.send(LiveEvent {
                        event_id: r.event_id,
                        kind: "scan",
                        data: record_json(&r, &zone),
                    });
                }
            }
            Err(e) => tracing::warn!(error = %e, "change feed cannot read the audit log"),
        }
        if !full {
            tokio::time::sleep(Duration::from_millis(COALESCE_MS)).await;
        }
    }
}

/// `GET /api/events/{event}/stream`: `text/event-stream`, one `scan` event per
/// audit-log entry of the event, `changed` after imports and mail runs,
/// `guard` when a user ran out of unknown codes (the alert as JSON), and
/// `reload` when this listener fell behind. The stream ends when the server
/// shuts down.
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
    // At shutdown the stream ends, so the server need not wait for the page
    // (its EventSource retries and finds the restarted server).
    let mut stopping = state.stopping.subscribe();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let events = futures_util::StreamExt::take_until(events, stopped);
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
