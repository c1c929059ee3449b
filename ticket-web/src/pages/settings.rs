//! Settings an admin changes while the app runs: the SMTP server, the
//! default sender and door search (stored in the database, see
//! `ticketcore::settings`; the start flags are the defaults).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use ticketcore::User;
use ticketcore::mail::Mailer;
use ticketcore::settings::{DOOR_SEARCH, EffectiveSettings, MAIL_FROM, SMTP_URL, SettingsChange};

use crate::auth::Admin;
use crate::error::PageError;
use crate::pages::{Nav, show_time};
use crate::state::AppState;

/// Where one setting's value comes from, for the page.
struct Origin {
    /// `set by ada, 2026-12-07 21:14 CET`, or `start default`.
    text: String,
    /// Whether an admin stored it.
    stored: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
struct SettingsPage {
    nav: Nav,
    /// Where mail goes now, password masked.
    mailer: String,
    smtp_origin: Origin,
    /// The default the start flags give, password masked.
    smtp_default: String,
    mail_from: String,
    mail_from_origin: Origin,
    mail_from_default: String,
    door_search: bool,
    door_search_origin: Origin,
    door_search_default: bool,
    notice: Option<String>,
    error: Option<String>,
}

fn origin(settings: &EffectiveSettings, name: &str, zone: &ticketcore::model::Tz) -> Origin {
    match settings.stored(name) {
        Some(s) => Origin {
            text: crate::lang::t2(
                "settings-set-by",
                "user",
                &s.changed_by,
                "time",
                show_time(&s.changed_at, zone),
            ),
            stored: true,
        },
        None => Origin {
            text: crate::lang::t("settings-start-default"),
            stored: false,
        },
    }
}

async fn render(
    state: &AppState,
    me: &User,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let settings = state.settings().await?;
    let zone = ticketcore::model::host_time_zone();
    let defaults = &state.defaults;
    let page = SettingsPage {
        nav: Nav::of(me),
        mailer: settings
            .mailer(&state.config.outbox)?
            .described()
            .text(crate::lang::page_lang()),
        smtp_origin: origin(&settings, SMTP_URL, &zone),
        smtp_default: Mailer::from_settings(defaults.smtp_url.as_deref(), &state.config.outbox)?
            .described()
            .text(crate::lang::page_lang()),
        mail_from: settings.values.mail_from.clone().unwrap_or_default(),
        mail_from_origin: origin(&settings, MAIL_FROM, &zone),
        mail_from_default: defaults
            .mail_from
            .clone()
            .unwrap_or_else(|| crate::lang::t("settings-none")),
        door_search: settings.values.door_search,
        door_search_origin: origin(&settings, DOOR_SEARCH, &zone),
        door_search_default: defaults.door_search,
        notice,
        error: error.clone(),
    };
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, page).into_response())
}

/// `GET /settings`
pub async fn page(State(state): State<AppState>, Admin(me): Admin) -> Result<Response, PageError> {
    render(&state, &me, None, None).await
}

/// The settings form. A field left as it is changes nothing.
#[derive(Deserialize)]
pub struct SettingsForm {
    /// A new SMTP URL; blank keeps the one in force.
    #[serde(default)]
    smtp_url: String,
    /// `default`: back to the start default (the outbox folder without one).
    #[serde(default)]
    smtp_reset: Option<String>,
    /// The default sender; blank: back to the start default.
    #[serde(default)]
    mail_from: String,
    /// `on`, `off` or `default`.
    #[serde(default)]
    door_search: String,
}

/// `POST /settings`: stores what changed; when the SMTP server changed, tries
/// it and says whether mail can go out.
pub async fn save(
    State(state): State<AppState>,
    Admin(me): Admin,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let now = state.settings().await?;
    let mut change = SettingsChange::default();
    let smtp = form.smtp_url.trim();
    if form.smtp_reset.is_some() {
        change.smtp_url = Some(None);
    } else if !smtp.is_empty() {
        change.smtp_url = Some(Some(smtp.to_string()));
    }
    let from = form.mail_from.trim();
    if now.values.mail_from.as_deref().unwrap_or("") != from {
        change.mail_from = Some(if from.is_empty() {
            None
        } else {
            Some(from.to_string())
        });
    }
    change.door_search = match form.door_search.as_str() {
        "on" if !now.values.door_search || now.stored(DOOR_SEARCH).is_none() => Some(Some(true)),
        "off" if now.values.door_search || now.stored(DOOR_SEARCH).is_none() => Some(Some(false)),
        "default" if now.stored(DOOR_SEARCH).is_some() => Some(None),
        _ => None,
    };
    if change == SettingsChange::default() {
        return render(
            &state,
            &me,
            Some(crate::lang::t("settings-nothing-changed")),
            None,
        )
        .await;
    }
    match state.office.update_settings(&change, &me.name).await {
        Ok(()) => {}
        Err(e @ ticketcore::Error::InvalidInput { .. }) => {
            return render(&state, &me, None, Some(crate::lang::error(&e))).await;
        }
        Err(e) => return Err(e.into()),
    }
    let mut notice = crate::lang::t("settings-saved");
    if change.smtp_url.is_some() {
        let mailer = state.settings().await?.mailer(&state.config.outbox)?;
        match mailer.check().await {
            Ok(()) => {
                notice.push(' ');
                notice.push_str(&crate::lang::t1(
                    "settings-mail-can-go-out",
                    "mailer",
                    mailer.described().text(crate::lang::page_lang()),
                ));
            }
            Err(e) => {
                return render(
                    &state,
                    &me,
                    Some(notice),
                    Some(crate::lang::t1(
                        "settings-mail-cannot-go-out",
                        "error",
                        crate::lang::error(&e),
                    )),
                )
                .await;
            }
        }
    }
    render(&state, &me, Some(notice), None).await
}
