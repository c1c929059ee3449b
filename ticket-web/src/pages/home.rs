//! The landing page: pick or create an event; Send, View, Scan.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use ticketcore::{CodeSpec, Event, NewEvent, Stats};

use crate::auth::{Admin, CurrentUser};
use crate::error::PageError;
use crate::pages::Nav;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    events: Vec<Event>,
    selected: Option<Event>,
    stats: Stats,
    odds: String,
    /// Default of the new-event form: the server's time zone.
    host_zone: String,
    /// Every time zone name, offered by the form (admins only).
    zones: Vec<&'static str>,
}

impl HomePage {
    /// "Codes: 3 characters from A–Z; guessing odds: …; times in …".
    fn codes_line(&self, event: &Event) -> String {
        crate::lang::t_with(
            "home-codes",
            &[
                ("length", &event.code_spec.length().to_string()),
                ("alphabet", &event.code_spec.alphabet()),
                ("odds", &self.odds),
                ("zone", event.time_zone.name()),
            ],
        )
    }
}

/// `?event=` on the landing page.
#[derive(Deserialize)]
pub struct HomeQuery {
    event: Option<String>,
}

/// `GET /`
pub async fn home(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<HomeQuery>,
) -> Result<Response, PageError> {
    let events = state.office.events().await?;
    let selected = match q.event.as_deref() {
        Some(key) => Some(state.page_event(key).await?),
        // Tonight's event, by date (not the newest created).
        None => ticketcore::model::current_event(&events, chrono::Utc::now()).cloned(),
    };
    let (stats, odds) = match &selected {
        Some(e) => {
            let stats = state.office.stats(e).await?;
            let odds = e.code_spec.guessing_odds(stats.total);
            let refill = state.office.guess_policy().refill.as_secs_f64().max(0.001);
            let odds = if odds.is_finite() {
                crate::lang::t3(
                    "home-odds",
                    "tickets",
                    stats.total,
                    "odds",
                    format!("{odds:.0}"),
                    "tries",
                    format!("{:.0}", 60.0 / refill),
                )
            } else {
                crate::lang::t("home-odds-none")
            };
            (stats, odds)
        }
        None => (Stats::default(), String::new()),
    };
    let nav = Nav::of(&user);
    let zones = if nav.is_admin {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
    } else {
        Vec::new()
    };
    Ok(HomePage {
        nav,
        events,
        selected,
        stats,
        odds,
        host_zone: ticketcore::model::host_time_zone().name().to_string(),
        zones,
    }
    .into_response())
}

/// The new-event form.
#[derive(Deserialize)]
pub struct NewEventForm {
    name: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    code_length: Option<String>,
    #[serde(default)]
    alphabet: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    /// The mails' language (`en`, `de`, …; blank: the page's).
    #[serde(default)]
    language: Option<String>,
}

/// `POST /events` (admin)
pub async fn create_event(
    State(state): State<AppState>,
    _admin: Admin,
    Form(form): Form<NewEventForm>,
) -> Result<Redirect, PageError> {
    let length = match form.code_length.as_deref().map(str::trim) {
        None | Some("") => ticketcore::code::DEFAULT_LENGTH,
        Some(n) => n.parse().map_err(|_| {
            ticketcore::Error::invalid("code length", ticketcore::msg!("web-whole-number"))
        })?,
    };
    let alphabet = match form.alphabet.as_deref().map(str::trim) {
        None | Some("") => ticketcore::code::DEFAULT_ALPHABET.to_string(),
        Some(a) => a.to_string(),
    };
    let spec = CodeSpec::new(&alphabet, length).map_err(ticketcore::Error::from)?;
    let time_zone = ticketcore::model::time_zone_or_host(form.time_zone.as_deref())?;
    let language = match form.language.as_deref().map(str::trim) {
        None | Some("") => crate::lang::page_lang(),
        Some(l) => ticketcore::i18n::Lang::parse(l).ok_or_else(|| {
            ticketcore::Error::invalid("language", ticketcore::msg!("web-language-unknown"))
        })?,
    };
    let event = state
        .office
        .create_event(NewEvent {
            name: form.name,
            slug: None,
            date: Some(form.date.trim().to_string()).filter(|d| !d.is_empty()),
            code_spec: spec,
            time_zone,
            language,
        })
        .await?;
    Ok(Redirect::to(&format!("/?event={}", event.slug)))
}
