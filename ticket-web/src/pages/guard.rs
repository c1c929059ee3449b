//! The door guard for admins: who ran out of unknown codes, and the reset.

use axum::Form;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;
use ticketcore::Event;
use ticketcore::guard::GuessAlert;

use crate::auth::Admin;
use crate::error::{ApiError, PageError};
use crate::pages::show_clock;
use crate::state::AppState;

/// An alert as the tickets page shows it.
pub struct AlertView {
    /// The user whose budget ran out.
    pub user: String,
    /// The latest door names refused, comma-separated.
    pub doors: String,
    /// Scans refused so far.
    pub refused: u64,
    /// Since when, on the event's clock.
    pub since: String,
    /// Latest refusal, on the event's clock.
    pub last: String,
}

/// The alerts of `event`, ready to show.
pub fn views(state: &AppState, event: &Event) -> Vec<AlertView> {
    state
        .office
        .guess_alerts(event)
        .into_iter()
        .map(|a| AlertView {
            doors: a.doors.join(", "),
            refused: a.refused,
            since: show_clock(&a.since, &event.time_zone),
            last: show_clock(&a.last, &event.time_zone),
            user: a.user,
        })
        .collect()
}

/// `GET /api/events/{event}/guard` — admin: the users whose guessing budget
/// ran out; each alert adds `since_clock` and `last_clock`, its times on the
/// event's clock as the page shows them (`21:14 CET`).
pub async fn alerts(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    let event = state.event(&event).await?;
    let zone = event.time_zone;
    Ok(Json(
        state
            .office
            .guess_alerts(&event)
            .into_iter()
            .map(|a: GuessAlert| {
                let mut v = serde_json::to_value(&a).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("since_clock".into(), show_clock(&a.since, &zone).into());
                    o.insert("last_clock".into(), show_clock(&a.last, &zone).into());
                }
                v
            })
            .collect(),
    ))
}

/// Whose budget to reset.
#[derive(Debug, Deserialize)]
pub struct ResetBody {
    /// The user's login name.
    pub user: String,
}

/// `POST /api/events/{event}/guard/reset` `{"user": "door"}` — admin:
/// clears the alert and refills the budget; `{"reset": false}` when there was none.
pub async fn reset_api(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(event): Path<String>,
    Json(body): Json<ResetBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let event = state.event(&event).await?;
    let reset = state.office.reset_guess_budget(&event, &body.user);
    if reset {
        tracing::info!(admin = %admin.name, user = %body.user, event = %event.slug, "door guard reset");
    }
    Ok(Json(serde_json::json!({ "reset": reset })))
}

/// `POST /events/{event}/guard/reset` (form with `user`) — admin.
pub async fn reset(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(event): Path<String>,
    Form(body): Form<ResetBody>,
) -> Result<Redirect, PageError> {
    let event = state.page_event(&event).await?;
    if state.office.reset_guess_budget(&event, &body.user) {
        tracing::info!(admin = %admin.name, user = %body.user, event = %event.slug, "door guard reset");
    }
    Ok(Redirect::to(&format!("/events/{}/tickets", event.slug)))
}
