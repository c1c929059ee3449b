//! The door: type a code, see green or red.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use ticketcore::door_search::DoorMatch;
use ticketcore::{Event, ScanOutcome};

use crate::auth::CurrentUser;
use crate::error::{ApiError, PageError};
use crate::pages::{Nav, show_clock};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "scan.html")]
struct ScanPage {
    nav: Nav,
    event: Event,
    door_search: bool,
    result: Option<ScanResult>,
}

impl ScanPage {
    /// Whether this door may add walk-ins (the event's rule and the role).
    fn walk_ins_here(&self) -> bool {
        let role = if self.nav.is_admin {
            ticketcore::Role::Admin
        } else {
            ticketcore::Role::Scanner
        };
        self.event.walk_ins.allows(role)
    }
}

/// A scan's answer as the no-JavaScript page shows it.
struct ScanResult {
    green: bool,
    headline: String,
    detail: String,
}

/// `GET /events/{event}/scan`
pub async fn page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    Ok(ScanPage {
        nav: Nav::of(&user),
        event,
        door_search: state.settings().await?.values.door_search,
        result: None,
    }
    .into_response())
}

/// The no-JavaScript scan form.
#[derive(Deserialize)]
pub struct ScanForm {
    code: String,
    #[serde(default)]
    door: Option<String>,
}

/// `POST /events/{event}/scan` (works without JavaScript)
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
    Form(form): Form<ScanForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let door = user.door(form.door.as_deref());
    let outcome = state
        .office
        .scan_as(&event, &form.code, &user.name, door)
        .await?;
    state.wake_feed();
    let result = match outcome {
        ScanOutcome::Admitted { ticket } => ScanResult {
            green: true,
            headline: "Welcome".into(),
            detail: ticket.name,
        },
        ScanOutcome::AlreadyUsed { ticket, at, by } => ScanResult {
            green: false,
            headline: "Already used".into(),
            detail: format!(
                "{} — used at {} at {}",
                ticket.name,
                show_clock(&at, &event.time_zone),
                by
            ),
        },
        ScanOutcome::Unknown => ScanResult {
            green: false,
            headline: "Unknown code".into(),
            detail: match state.office.other_event_of(&event, &form.code).await? {
                Some(other) => format!("This is a ticket of {}, not of this event.", other.name),
                None => "No ticket of this event has this code.".into(),
            },
        },
        ScanOutcome::Revoked { ticket } => ScanResult {
            green: false,
            headline: "Revoked".into(),
            detail: format!("{}'s ticket was revoked.", ticket.name),
        },
        ScanOutcome::Exited { ticket } => ScanResult {
            green: true,
            headline: "Out".into(),
            detail: ticket.name,
        },
    };
    // The scan is decided: a settings read that fails must not turn its
    // answer into an error page (staff would scan again and see red).
    let door_search = state
        .settings()
        .await
        .map_or(state.defaults.door_search, |s| s.values.door_search);
    Ok(ScanPage {
        nav: Nav::of(&user),
        event,
        door_search,
        result: Some(result),
    }
    .into_response())
}

/// `?name=` of the door search.
#[derive(Deserialize)]
pub struct FindQuery {
    name: String,
}

/// `GET /api/events/{event}/find?name=` — door search by name (when
/// enabled): at least 3 letters, at most 5 guests, name and status only,
/// each with a one-time `pick` to check them in (see
/// `ticketcore::door_search`).
pub async fn find(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(event): Path<String>,
    Query(q): Query<FindQuery>,
) -> Result<Json<Vec<DoorMatch>>, ApiError> {
    if !state.settings().await?.values.door_search {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "door search is off (an admin turns it on on the settings page)",
        ));
    }
    let event = state.event(&event).await?;
    Ok(Json(
        state
            .office
            .door_search(&event, &q.name, &user.name)
            .await?,
    ))
}
