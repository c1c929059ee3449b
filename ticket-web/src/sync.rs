//! The offline door's side of the API: uploading check-ins decided without
//! the server, and the conflicts they leave (see `ticketcore::offline`).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use ticketcore::offline::{Conflict, OfflineCheckIn, Synced};

use crate::auth::{Admin, CurrentUser};
use crate::error::ApiError;
use crate::state::AppState;

/// Largest upload of check-ins, in bytes (500 check-ins with long door names).
pub const UPLOAD_LIMIT: usize = 512 * 1024;

/// Body of `POST /api/events/{event}/offline`.
#[derive(Debug, Deserialize)]
pub struct Upload {
    /// The queued check-ins, oldest first (at most 500).
    pub checkins: Vec<OfflineCheckIn>,
}

/// Answer of an upload: one result per check-in, in order.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    /// What became of each check-in.
    pub results: Vec<Synced>,
}

/// `POST /api/events/{event}/offline` — any logged-in role: check-ins a
/// door decided offline, each exactly once per id.
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
    body: Result<Json<Upload>, JsonRejection>,
) -> Result<Json<Uploaded>, ApiError> {
    let Json(mut body) = body.map_err(|e| {
        ApiError::new(
            e.status().max(StatusCode::BAD_REQUEST),
            format!(
                "send JSON like {{\"checkins\": [{{\"id\": \"…\", \"code\": \"ABC\", \"at\": \"2026-12-07T21:14:03Z\", \"door\": \"door-1\"}}]}}: {}",
                e.body_text()
            ),
        )
    })?;
    let event = state.event(&event).await?;
    // A paired door phone's check-ins are its door's, whatever they say.
    if let Some(door) = user.paired_door() {
        for checkin in &mut body.checkins {
            checkin.door = door.to_string();
        }
    }
    let results = state
        .office
        .sync_offline(&event, &user.name, &body.checkins)
        .await?;
    state.wake_feed();
    Ok(Json(Uploaded { results }))
}

/// `GET /api/events/{event}/conflicts` — admin: double entries and revoked
/// tickets admitted offline, in the order they arrived.
pub async fn conflicts(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Json<Vec<Conflict>>, ApiError> {
    let event = state.event(&event).await?;
    Ok(Json(state.office.conflicts(&event).await?))
}

/// A conflict as the tickets page shows it.
pub struct ConflictView {
    /// "double entry" or "revoked, admitted offline".
    pub kind: String,
    /// The ticket's code.
    pub code: String,
    /// The guest.
    pub name: String,
    /// "21:05 CET at door-2", for a double entry.
    pub first: String,
    /// "21:00 CET at door-1 (sam)".
    pub offline: String,
}

/// The conflicts of `event`, ready to show.
pub async fn views(
    state: &AppState,
    event: &ticketcore::Event,
) -> Result<Vec<ConflictView>, ticketcore::Error> {
    use crate::pages::show_clock;
    Ok(state
        .office
        .conflicts(event)
        .await?
        .into_iter()
        .map(|c| ConflictView {
            kind: match c.kind {
                ticketcore::offline::ConflictKind::DoubleEntry => {
                    crate::lang::t("tickets-conflict-double-entry")
                }
                ticketcore::offline::ConflictKind::Revoked => {
                    crate::lang::t("tickets-conflict-revoked")
                }
            },
            first: match (&c.first_at, &c.first_by) {
                (Some(at), Some(by)) => crate::lang::t2(
                    "tickets-conflict-at",
                    "time",
                    show_clock(at, &event.time_zone),
                    "door",
                    by,
                ),
                _ => String::new(),
            },
            offline: crate::lang::t3(
                "tickets-conflict-at-by",
                "time",
                show_clock(&c.offline_at, &event.time_zone),
                "door",
                &c.offline_door,
                "user",
                &c.offline_user,
            ),
            code: c.code,
            name: c.name,
        })
        .collect())
}

/// `GET /api/events/{event}/door-copy` — any logged-in role: the door's
/// copy of the event for deciding scans offline, compact:
/// `{"cursor": N, "tickets": [[code, name, status, used_at, used_by,
/// persons, arrived, note], …]}`
/// (no addresses; see `ticketcore::offline::DoorCopy`).
pub async fn door_copy(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let event = state.event(&event).await?;
    let copy = state.office.door_copy(&event, &user.name).await?;
    let tickets: Vec<serde_json::Value> = copy
        .tickets
        .into_iter()
        .map(|t| {
            serde_json::json!([
                t.code, t.name, t.status, t.used_at, t.used_by, t.persons, t.arrived, t.note
            ])
        })
        .collect();
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({
            "event": event.slug,
            "cursor": copy.cursor,
            "tickets": tickets,
        })),
    )
        .into_response())
}

/// `?since=` of the door's changes.
#[derive(Debug, Deserialize)]
pub struct Since {
    /// The cursor of the copy (or of the last changes).
    pub since: i64,
}

/// `GET /api/events/{event}/door-changes?since=N` — any logged-in role:
/// check-ins, undos and revocations after `N`, to keep a door copy current.
pub async fn door_changes(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    Path(event): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Since>,
) -> Result<Json<ticketcore::offline::DoorChanges>, ApiError> {
    let event = state.event(&event).await?;
    Ok(Json(state.office.door_changes(&event, q.since).await?))
}
