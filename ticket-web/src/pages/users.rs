//! Users: scanner accounts, password resets, API tokens.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use ticketcore::{ApiToken, Role, User};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::auth::Admin;
use crate::error::PageError;
use crate::pages::{Nav, show_time};
use crate::state::AppState;

struct UserRow {
    user: User,
    tokens: Vec<ApiToken>,
}

/// A door phone's pairing as the users page lists it.
struct PairingView {
    pairing: ticketcore::pairing::DoorPairing,
    /// `waiting`, `paired`, `revoked` or `expired`.
    state: &'static str,
    /// The state in the page's language.
    state_text: String,
    /// Until when, on the event's clock.
    until: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    rows: Vec<UserRow>,
    pairings: Vec<PairingView>,
    /// The events a phone can be paired for, as `(slug, name)`, the one
    /// taking place now (or next) first.
    events: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
    new_token: Option<(String, String)>,
}

async fn render(
    state: &AppState,
    me: &User,
    notice: Option<String>,
    error: Option<String>,
    new_token: Option<(String, String)>,
) -> Result<Response, PageError> {
    let mut rows = Vec::new();
    for user in state.office.users().await? {
        let tokens = state.office.tokens(user.id).await?;
        rows.push(UserRow { user, tokens });
    }
    let now = ticketcore::model::now();
    let events = state.office.events().await?;
    let zone_of = |id: ticketcore::EventId| {
        events
            .iter()
            .find(|e| e.id == id)
            .map_or_else(ticketcore::model::host_time_zone, |e| e.time_zone)
    };
    let pairings = state
        .office
        .pairings()
        .await?
        .into_iter()
        .map(|pairing| {
            let state = pairing.state(&now);
            PairingView {
                state: state.as_str(),
                state_text: pairing_state(state),
                until: show_time(&pairing.expires_at, &zone_of(pairing.event_id)),
                pairing,
            }
        })
        .collect();
    let current = ticketcore::model::current_event(&events, now).map(|e| e.id);
    let mut choices: Vec<&ticketcore::Event> = events.iter().collect();
    choices.sort_by_key(|e| Some(e.id) != current);
    let events = choices
        .into_iter()
        .map(|e| (e.slug.clone(), e.name.clone()))
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        UsersPage {
            nav: Nav::of(me),
            rows,
            pairings,
            events,
            notice,
            error,
            new_token,
        },
    )
        .into_response())
}

/// Shows a core error as a message on the page when the user can fix it.
async fn outcome(
    state: &AppState,
    me: &User,
    result: Result<String, ticketcore::Error>,
) -> Result<Response, PageError> {
    match result {
        Ok(notice) => render(state, me, Some(notice), None, None).await,
        Err(
            e @ (ticketcore::Error::InvalidInput { .. }
            | ticketcore::Error::Conflict(_)
            | ticketcore::Error::NotFound { .. }),
        ) => render(state, me, None, Some(crate::lang::error(&e)), None).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /users`
pub async fn page(State(state): State<AppState>, Admin(me): Admin) -> Result<Response, PageError> {
    render(&state, &me, None, None, None).await
}

/// The new-user form.
#[derive(Deserialize)]
pub struct AddForm {
    name: String,
    role: String,
    password: String,
}

/// `POST /users`
pub async fn add(
    State(state): State<AppState>,
    Admin(me): Admin,
    Form(form): Form<AddForm>,
) -> Result<Response, PageError> {
    let result = async {
        let role: Role = form.role.parse()?;
        let user = state
            .office
            .add_user(&form.name, role, &form.password)
            .await?;
        Ok(crate::lang::t2(
            "users-added",
            "name",
            &user.name,
            "role",
            role_name(user.role),
        ))
    }
    .await;
    outcome(&state, &me, result).await
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

/// `POST /users/{name}/password`
pub async fn password(
    State(state): State<AppState>,
    Admin(me): Admin,
    session: tower_sessions::Session,
    Path(name): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let result = state
        .office
        .set_password(&name, &form.password)
        .await
        .map(|()| crate::lang::t1("users-password-set", "name", &name));
    if result.is_ok() && name == me.name {
        // Every session of this user ends; this one stays, with the new stamp.
        crate::auth::restamp(&state, &session, &me).await;
    }
    outcome(&state, &me, result).await
}

/// The role form.
#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

/// `POST /users/{name}/role`
pub async fn role(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(name): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    let result = async {
        let role: Role = form.role.parse()?;
        state.office.set_role(&name, role).await?;
        state.forget_tokens();
        Ok(crate::lang::t2(
            "users-role-changed",
            "name",
            &name,
            "role",
            role_name(role),
        ))
    }
    .await;
    outcome(&state, &me, result).await
}

/// `POST /users/{name}/remove`
pub async fn remove(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let result = state
        .office
        .remove_user(&name)
        .await
        .map(|()| crate::lang::t1("users-removed", "name", &name));
    state.forget_tokens();
    outcome(&state, &me, result).await
}

/// The new-token form.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    label: String,
}

/// `POST /users/{name}/tokens`: shows the new secret once.
pub async fn create_token(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(name): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    match state.office.create_token(&name, &form.label).await {
        Ok((token, secret)) => {
            render(
                &state,
                &me,
                None,
                None,
                Some((format!("{name}: {}", token.label), secret)),
            )
            .await
        }
        Err(e) => outcome(&state, &me, Err(e)).await,
    }
}

/// `POST /tokens/{id}/revoke`
pub async fn revoke_token(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = state
        .office
        .revoke_token(id)
        .await
        .map(|()| crate::lang::t("users-token-revoked"));
    state.forget_tokens();
    outcome(&state, &me, result).await
}

/// The pairing form.
#[derive(Deserialize)]
pub struct PairingForm {
    event: String,
    door: String,
}

/// The page an admin shows to a door phone: the one-time link as a QR code.
#[derive(Template, WebTemplate)]
#[template(path = "pairing.html")]
struct PairingPage {
    nav: Nav,
    pairing: ticketcore::pairing::DoorPairing,
    link: String,
    /// The link's QR code as a `data:` URL.
    qr: String,
    until: String,
}

/// `POST /users/pairings`: makes a one-time link that pairs a phone as a
/// door of one event, and shows it as a QR code (once).
pub async fn create_pairing(
    State(state): State<AppState>,
    Admin(me): Admin,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
    Form(form): Form<PairingForm>,
) -> Result<Response, PageError> {
    let made = async {
        let event = state.event(&form.event).await?;
        let (pairing, secret) = state
            .office
            .create_pairing(&event, &form.door, &me.name)
            .await?;
        Ok((event, pairing, secret))
    }
    .await;
    let (event, pairing, secret) = match made {
        Ok(made) => made,
        Err(e) => return outcome(&state, &me, Err(e)).await,
    };
    let site = crate::pages::pairing::site(&state, &headers, &uri);
    let link = format!("{site}/pair/{secret}");
    let png = ticketcore::mail::qr::qr_png(&link)?;
    let page = PairingPage {
        nav: Nav::of(&me),
        until: show_time(&pairing.expires_at, &event.time_zone),
        qr: format!("data:image/png;base64,{}", STANDARD.encode(png)),
        link,
        pairing,
    };
    // The page holds the link's secret: never kept by a browser or proxy.
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], page).into_response())
}

/// `POST /pairings/{id}/revoke`
pub async fn revoke_pairing(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = state
        .office
        .revoke_pairing(id)
        .await
        .map(|()| crate::lang::t("users-pairing-revoked-done"));
    outcome(&state, &me, result).await
}

impl UsersPage {
    fn time(t: &ticketcore::Timestamp) -> String {
        show_time(t, &ticketcore::model::host_time_zone())
    }

    fn role(role: &Role) -> String {
        role_name(*role)
    }
}

/// A role's name in the page's language (`scanner`, `admin` in English).
fn role_name(role: Role) -> String {
    crate::lang::t(match role {
        Role::Scanner => "users-role-scanner",
        Role::Admin => "users-role-admin",
    })
}

/// A pairing's state in the page's language.
fn pairing_state(state: ticketcore::pairing::PairingState) -> String {
    use ticketcore::pairing::PairingState;
    crate::lang::t(match state {
        PairingState::Waiting => "users-pairing-waiting",
        PairingState::Paired => "users-pairing-paired",
        PairingState::Revoked => "users-pairing-revoked",
        PairingState::Expired => "users-pairing-expired",
    })
}
