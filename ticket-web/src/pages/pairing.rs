//! The door phone's side of pairing: the one-time link an admin shows as a
//! QR code opens a page that asks to start; starting claims the link and
//! logs this phone in as that door, for that event only (see
//! `ticketcore::pairing`). Opening the link changes nothing, so a messenger
//! that previews links cannot use it up.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::error::PageError;
use crate::pages::show_time;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "pair.html")]
struct PairPage {
    /// The door and event, while the link waits for a phone.
    pairing: Option<ticketcore::pairing::DoorPairing>,
    until: String,
    /// Why the link cannot be used.
    problem: Option<String>,
    secret: String,
}

/// This site's address as a phone reaches it: `--public-url` when set,
/// else the scheme and host of the admin's own request (its `Host` header,
/// or over HTTP/2, which has none, the request's `:authority`).
pub fn site(state: &AppState, headers: &HeaderMap, uri: &axum::http::Uri) -> String {
    if let Some(url) = state.config.public_url.as_deref() {
        return url.trim_end_matches('/').to_string();
    }
    let scheme = if state.config.https() {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}

/// Why a link that is not known cannot be used, and what to do.
fn unknown_link() -> String {
    format!(
        "{} {}",
        crate::lang::t("pairing-link-unknown"),
        crate::lang::t("pairing-ask-admin")
    )
}

fn problem_page(status: StatusCode, problem: String, secret: &str) -> Response {
    (
        status,
        PairPage {
            pairing: None,
            until: String::new(),
            problem: Some(problem),
            secret: secret.to_string(),
        },
    )
        .into_response()
}

/// `GET /pair/{secret}`: what the link pairs, and a button to start.
pub async fn page(
    State(state): State<AppState>,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let pairing = match state.office.pairing_link(&secret).await {
        Ok(p) => p,
        Err(ticketcore::Error::NotFound { .. }) => {
            return Ok(problem_page(StatusCode::NOT_FOUND, unknown_link(), &secret));
        }
        Err(e) => return Err(e.into()),
    };
    let now = ticketcore::model::now();
    let state_now = pairing.state(&now);
    if state_now != ticketcore::pairing::PairingState::Waiting {
        let why = crate::lang::t(match state_now {
            ticketcore::pairing::PairingState::Revoked => "pairing-link-revoked",
            ticketcore::pairing::PairingState::Expired => "pairing-link-expired",
            _ => "pairing-link-used",
        });
        let ask = crate::lang::t("pairing-ask-admin");
        return Ok(problem_page(
            StatusCode::GONE,
            format!("{why} {ask}"),
            &secret,
        ));
    }
    let zone = state.event(&pairing.event_slug).await?.time_zone;
    Ok(PairPage {
        until: show_time(&pairing.expires_at, &zone),
        pairing: Some(pairing),
        problem: None,
        secret,
    }
    .into_response())
}

/// `POST /pair/{secret}`: claims the link and opens the door page.
pub async fn claim(
    State(state): State<AppState>,
    session: Session,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    match state.office.claim_pairing(&secret).await {
        Ok(pairing) => {
            crate::auth::start_paired_session(&session, &pairing).await?;
            tracing::info!(door = %pairing.door, event = %pairing.event_slug, "door phone paired");
            Ok(Redirect::to(&format!("/events/{}/scan", pairing.event_slug)).into_response())
        }
        Err(ticketcore::Error::NotFound { .. }) => {
            Ok(problem_page(StatusCode::NOT_FOUND, unknown_link(), &secret))
        }
        Err(ticketcore::Error::Conflict(why)) => {
            let mut why = why.text(crate::lang::page_lang());
            if let Some(first) = why.get(..1) {
                why = first.to_uppercase() + why.get(1..).unwrap_or_default();
            }
            Ok(problem_page(StatusCode::GONE, format!("{why}."), &secret))
        }
        Err(e) => Err(e.into()),
    }
}
