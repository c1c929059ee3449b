//! The JSON API (session cookie or `Authorization: Bearer TOKEN`).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use ticketcore::{ScanOutcome, Stats, Ticket, TicketFilter, TicketStatus};

use crate::auth::{Admin, CurrentUser};
use crate::error::ApiError;
use crate::state::AppState;

/// Body of `POST /api/events/{event}/scan`.
#[derive(Debug, Deserialize)]
pub struct ScanBody {
    /// The code as typed.
    pub code: String,
    /// Optional door name shown in "already used … at door-2".
    #[serde(default)]
    pub door: Option<String>,
}

/// Answer of a scan.
#[derive(Debug, Serialize)]
pub struct ScanAnswer {
    /// `admitted`, `already_used`, `unknown` or `revoked`.
    pub outcome: &'static str,
    /// The ticket, when the code matched one.
    pub ticket: Option<Ticket>,
    /// When it was first used (RFC 3339).
    pub used_at: Option<ticketcore::Timestamp>,
    /// By which door or user.
    pub used_by: Option<String>,
}

impl From<ScanOutcome> for ScanAnswer {
    fn from(o: ScanOutcome) -> Self {
        match o {
            ScanOutcome::Admitted { ticket } => ScanAnswer {
                outcome: "admitted",
                used_at: ticket.used_at,
                used_by: ticket.used_by.clone(),
                ticket: Some(ticket),
            },
            ScanOutcome::AlreadyUsed { ticket, at, by } => ScanAnswer {
                outcome: "already_used",
                ticket: Some(ticket),
                used_at: Some(at),
                used_by: Some(by),
            },
            ScanOutcome::Unknown => ScanAnswer {
                outcome: "unknown",
                ticket: None,
                used_at: None,
                used_by: None,
            },
            ScanOutcome::Revoked { ticket } => ScanAnswer {
                outcome: "revoked",
                used_at: ticket.used_at,
                used_by: ticket.used_by.clone(),
                ticket: Some(ticket),
            },
        }
    }
}

/// The name a scan is logged under: the door if given, else the user.
pub fn door_name(door: Option<&str>, user: &ticketcore::User) -> String {
    match door.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => d.to_string(),
        None => user.name.clone(),
    }
}

/// `POST /api/events/{event}/scan` — any logged-in role.
pub async fn scan(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
    body: Result<Json<ScanBody>, JsonRejection>,
) -> Result<Json<ScanAnswer>, ApiError> {
    let Json(body) = body.map_err(|e| {
        let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError(
            status,
            format!("send JSON like {{\"code\": \"ABC\"}}: {}", e.body_text()),
        )
    })?;
    let event = state.event(&event).await?;
    let by = door_name(body.door.as_deref(), &user);
    let outcome = state.office.scan(&event, &body.code, &by).await?;
    state.wake_feed();
    Ok(Json(outcome.into()))
}

/// Query of `GET /api/events/{event}/tickets`.
#[derive(Debug, Deserialize, Default)]
pub struct TicketQuery {
    /// `valid`, `used` or `revoked`.
    pub status: Option<String>,
    /// Text in name, email or code.
    pub search: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// Page start.
    pub offset: Option<u32>,
}

impl TicketQuery {
    /// The filter this query asks for.
    pub fn filter(&self) -> Result<TicketFilter, ticketcore::Error> {
        let status = match self.status.as_deref().map(str::trim) {
            None | Some("") | Some("all") => None,
            Some(s) => Some(s.parse::<TicketStatus>()?),
        };
        Ok(TicketFilter {
            status,
            search: self.search.clone().filter(|s| !s.trim().is_empty()),
            limit: self.limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// `GET /api/events/{event}/tickets` — admin.
pub async fn tickets(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
    Query(q): Query<TicketQuery>,
) -> Result<Json<Vec<Ticket>>, ApiError> {
    let event = state.event(&event).await?;
    Ok(Json(state.office.tickets(&event, &q.filter()?).await?))
}

/// `GET /api/events/{event}/stats` — admin.
pub async fn stats(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Json<Stats>, ApiError> {
    let event = state.event(&event).await?;
    Ok(Json(state.office.stats(&event).await?))
}

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.office.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
