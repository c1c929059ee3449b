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

/// Body of `POST /api/events/{event}/scan`: a typed `code`, or a `pick`
/// from the door search.
#[derive(Debug, Deserialize)]
pub struct ScanBody {
    /// The code as typed.
    #[serde(default)]
    pub code: Option<String>,
    /// A one-time pick from `GET /api/events/{event}/find` instead of a code.
    #[serde(default)]
    pub pick: Option<String>,
    /// Optional door name shown in "already used … at door-2".
    #[serde(default)]
    pub door: Option<String>,
    /// How many people of the ticket's party (default: all still to come,
    /// or for an exit all inside).
    #[serde(default)]
    pub persons: Option<u32>,
    /// `in` (default) or `out` (a door in exit mode).
    #[serde(default)]
    pub direction: Option<ticketcore::party::Direction>,
}

/// The ticket in a scan's answer: all of it for admins, the door's part for scanners.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum AnswerTicket {
    /// An admin's answer.
    Full(Box<Ticket>),
    /// A scanner's answer: only what the door shows.
    Door(ticketcore::offline::DoorEntry),
}

/// Answer of a scan.
#[derive(Debug, Serialize)]
pub struct ScanAnswer {
    /// `admitted`, `already_used`, `unknown`, `revoked` or `exited`.
    pub outcome: &'static str,
    /// The ticket, when the code matched one.
    pub ticket: Option<AnswerTicket>,
    /// When it was first used (RFC 3339).
    pub used_at: Option<ticketcore::Timestamp>,
    /// By which door or user.
    pub used_by: Option<String>,
    /// `used_at` on the event's clock as the pages show it (`21:14 CET`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_at_clock: Option<String>,
    /// For an unknown code that is a ticket of another event: that event
    /// (`{"slug", "name"}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_event: Option<serde_json::Value>,
    /// The ticket's party after the scan: `{"size", "arrived", "inside"}`.
    pub party: Option<ticketcore::party::Party>,
    /// The ticket's note for the door ("VIP", "check ID").
    pub note: Option<String>,
}

impl ScanAnswer {
    /// The answer for `role`: a scanner gets the code, the guest's name,
    /// the status and when and where it was used, never the address or mail
    /// state.
    pub fn for_role(outcome: ScanOutcome, role: ticketcore::Role) -> Self {
        let mut answer = ScanAnswer::from(outcome);
        if role != ticketcore::Role::Admin {
            answer.ticket = answer.ticket.map(|t| match t {
                AnswerTicket::Full(t) => AnswerTicket::Door((*t).into()),
                door => door,
            });
        }
        answer
    }
}

impl From<ScanOutcome> for ScanAnswer {
    fn from(o: ScanOutcome) -> Self {
        let outcome = o.kind().as_str();
        let (ticket, used_at, used_by) = match o {
            ScanOutcome::AlreadyUsed { ticket, at, by } => (Some(ticket), Some(at), Some(by)),
            ScanOutcome::Unknown => (None, None, None),
            ScanOutcome::Admitted { ticket }
            | ScanOutcome::Revoked { ticket }
            | ScanOutcome::Exited { ticket } => {
                let (at, by) = (ticket.used_at, ticket.used_by.clone());
                (Some(ticket), at, by)
            }
        };
        ScanAnswer {
            outcome,
            used_at,
            used_by,
            party: ticket.as_ref().map(Ticket::party),
            note: ticket.as_ref().and_then(|t| t.note.clone()),
            ticket: ticket.map(|t| AnswerTicket::Full(Box::new(t))),
            other_event: None,
            used_at_clock: None,
        }
    }
}

/// `POST /api/events/{event}/scan` — any logged-in role. Unknown codes
/// spend the user's and the door's guessing budget (429 when spent).
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
        ApiError::new(
            status,
            format!("send JSON like {{\"code\": \"ABC\"}}: {}", e.body_text()),
        )
    })?;
    let event = state.event(&event).await?;
    let door = user.door(body.door.as_deref());
    let picked = body.pick.is_some();
    let outcome = match (&body.code, &body.pick) {
        (_, Some(pick)) => {
            state
                .office
                .scan_pick(&event, pick, &user.name, door, body.persons)
                .await?
        }
        (Some(code), None) => {
            state
                .office
                .scan_party(
                    &event,
                    code,
                    &user.name,
                    door,
                    body.persons,
                    body.direction.unwrap_or_default(),
                )
                .await?
        }
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "send JSON like {\"code\": \"ABC\"}",
            ));
        }
    };
    state.wake_feed();
    let other = match (&outcome, &body.code) {
        (ScanOutcome::Unknown, Some(code)) => state.office.other_event_of(&event, code).await?,
        _ => None,
    };
    let mut answer = ScanAnswer::for_role(outcome, user.role);
    answer.other_event = other.map(|e| serde_json::json!({"slug": e.slug, "name": e.name}));
    answer.used_at_clock = answer
        .used_at
        .map(|t| crate::pages::door_clock(&t, &event.time_zone));
    if picked {
        answer.ticket = answer.ticket.map(|t| match t {
            AnswerTicket::Door(t) => AnswerTicket::Door(t.without_code()),
            full => full,
        });
    }
    Ok(Json(answer))
}

/// Body of `POST /api/events/{event}/walk-ins`.
#[derive(Debug, Deserialize)]
pub struct WalkInBody {
    /// The guest's name.
    pub name: String,
    /// The guest's address (optional; walk-ins are not mailed).
    #[serde(default)]
    pub email: Option<String>,
    /// How many people come in on the ticket (default 1).
    #[serde(default)]
    pub persons: Option<u32>,
    /// The door (a paired phone's own door wins).
    #[serde(default)]
    pub door: Option<String>,
}

/// `POST /api/events/{event}/walk-ins` — admins, and scanners where the
/// event lets doors add walk-ins: adds the guest and lets their party in;
/// 201 with the admitted ticket.
pub async fn walk_in(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
    body: Result<Json<WalkInBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let Json(body) = body.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "send JSON like {{\"name\": \"Anna Berg\", \"persons\": 2}}: {}",
                e.body_text()
            ),
        )
    })?;
    let event = state.event(&event).await?;
    let door = user.door(body.door.as_deref());
    let walk_in = ticketcore::door_rules::WalkIn {
        name: body.name,
        email: body.email,
        persons: body.persons,
    };
    let outcome = state
        .office
        .add_walk_in(&event, &walk_in, &user.name, user.role, door)
        .await?;
    state.wake_feed();
    match outcome {
        ScanOutcome::Admitted { ticket } => Ok((StatusCode::CREATED, Json(ticket))),
        other => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "the walk-in's ticket was not admitted: {}",
                other.kind().as_str()
            ),
        )),
    }
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
    /// `issued` (default), `name`, `status` or `check_in`.
    #[serde(default)]
    pub sort: Option<String>,
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
            sort: ticketcore::TicketSort::parse(self.sort.as_deref().unwrap_or(""))?,
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

/// Answer of `GET /api/events/{event}/people`.
#[derive(Debug, Serialize)]
pub struct People {
    /// People the tickets (not revoked) admit.
    pub people_total: u64,
    /// People who came in at least once.
    pub people_arrived: u64,
    /// People inside now.
    pub people_inside: u64,
}

/// `GET /api/events/{event}/people` — any logged-in role: how many people
/// are inside now, for the door's "inside now" line (the door sees no
/// other counts).
pub async fn people(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    Path(event): Path<String>,
) -> Result<Json<People>, ApiError> {
    let event = state.event(&event).await?;
    let stats = state.office.stats(&event).await?;
    Ok(Json(People {
        people_total: stats.people_total,
        people_arrived: stats.people_arrived,
        people_inside: stats.people_inside,
    }))
}

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.office.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
