//! The door: type a code, see green or red.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use ticketcore::door_search::DoorMatch;
use ticketcore::i18n::{Area, Arg};
use ticketcore::{Event, ScanOutcome};

use crate::auth::CurrentUser;
use crate::error::{ApiError, PageError};
use crate::pages::{Nav, door_clock};
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

    /// A door text with one variable, for the template:
    /// `{{ self.door_text("admitted-here", "count", "0") }}`.
    fn door_text(&self, id: &str, name: &str, value: &str) -> String {
        door_text(id, &[(name, value)])
    }
}

/// A door text (`ticketcore/locales/*/door.ftl`) in the request's language,
/// its `{ $variables }` filled from `args` (name, text).
fn door_text(id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg<'_>)> = args.iter().map(|(n, v)| (*n, Arg::Text(v))).collect();
    crate::lang::current().text(Area::Door, id, &args)
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
    Ok(crate::lang::door_page(
        ScanPage {
            nav: Nav::of(&user),
            event,
            door_search: state.settings().await?.values.door_search,
            result: None,
        }
        .into_response(),
    ))
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
    // The same words as the door's script (door.ftl), in the request's language.
    let result = match outcome {
        ScanOutcome::Admitted { ticket } => ScanResult {
            green: true,
            headline: door_text("welcome", &[]),
            detail: ticket.name,
        },
        ScanOutcome::AlreadyUsed { ticket, at, by } => {
            let clock = door_clock(&at, &event.time_zone);
            let used = door_text("used-at", &[("time", &clock), ("door", &by)]);
            ScanResult {
                green: false,
                headline: door_text("already-used", &[]),
                detail: format!("{} — {used}", ticket.name),
            }
        }
        ScanOutcome::Unknown => match state.office.other_event_of(&event, &form.code).await? {
            Some(other) => ScanResult {
                green: false,
                headline: door_text("other-event", &[]),
                detail: door_text("other-event-page", &[("event", &other.name)]),
            },
            None => ScanResult {
                green: false,
                headline: door_text("unknown-code", &[]),
                detail: door_text("unknown-code-page", &[]),
            },
        },
        ScanOutcome::Revoked { ticket } => ScanResult {
            green: false,
            headline: door_text("revoked", &[]),
            // The script's line, ended as a sentence here.
            detail: format!("{}.", door_text("revoked-name", &[("name", &ticket.name)])),
        },
        ScanOutcome::Exited { ticket } => ScanResult {
            green: true,
            headline: door_text("out", &[]),
            detail: ticket.name,
        },
    };
    // The scan is decided: a settings read that fails must not turn its
    // answer into an error page (staff would scan again and see red).
    let door_search = state
        .settings()
        .await
        .map_or(state.defaults.door_search, |s| s.values.door_search);
    Ok(crate::lang::door_page(
        ScanPage {
            nav: Nav::of(&user),
            event,
            door_search,
            result: Some(result),
        }
        .into_response(),
    ))
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
            crate::lang::api_error_text("web-door-search-off", &[]),
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
