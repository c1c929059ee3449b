//! Who is asking: session or API token, and what their role allows.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use ticketcore::{Role, User, UserId};
use tower_sessions::Session;

use crate::error::{ApiError, PageError};
use crate::state::AppState;

const USER_KEY: &str = "user_id";
/// A paired door phone's session holds its pairing's id instead of a user's
/// (see `ticketcore::pairing`).
const PAIRING_KEY: &str = "pairing_id";
const LOGIN_AT: &str = "login_at";
const SEEN_AT: &str = "seen_at";
/// The user's credential stamp at login: a session ends when the password
/// changes (see `ticketcore::User::credential_stamp`).
const STAMP: &str = "stamp";
/// A session ends this long after login, whatever happens (seconds).
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
/// A session ends after this long without requests (seconds).
pub const IDLE_TIMEOUT_SECS: i64 = 12 * 3600;
/// How often the idle clock is written back (seconds).
const TOUCH_SECS: i64 = 600;

/// The logged-in user (session cookie or `Authorization: Bearer` token).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// A logged-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub User);

/// Why a request was refused before reaching its handler.
#[derive(Debug)]
pub enum AuthRejection {
    /// Not logged in: 401 for the API, a redirect to `/login` for pages.
    Anonymous { api: bool, next: String },
    /// Logged in without the needed role: 403.
    Forbidden { api: bool },
    /// The check itself failed (database down).
    Failed { api: bool, error: ticketcore::Error },
    /// The session could not be read from the database: 503, never a
    /// redirect to the login page (a door phone would lose its session).
    SessionsUnavailable { api: bool },
    /// A paired door phone asked for the home page: its door page instead.
    DoorPage(String),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Anonymous { api: true, .. } => {
                let mut r = ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    crate::lang::api_error_text("web-log-in-or-token", &[]),
                )
                .into_response();
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                r
            }
            AuthRejection::Anonymous { api: false, next } => {
                Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
            }
            AuthRejection::Forbidden { api: true } => ApiError::new(
                StatusCode::FORBIDDEN,
                crate::lang::api_error_text("web-role-forbids", &[]),
            )
            .into_response(),
            AuthRejection::Forbidden { api: false } => PageError(
                StatusCode::FORBIDDEN,
                crate::lang::error_text("web-scanner-only", &[]),
            )
            .into_response(),
            AuthRejection::Failed { api: true, error } => ApiError::from(error).into_response(),
            AuthRejection::Failed { api: false, error } => PageError::from(error).into_response(),
            AuthRejection::DoorPage(to) => Redirect::to(&to).into_response(),
            AuthRejection::SessionsUnavailable { api } => {
                if api {
                    let message = crate::lang::api_error_text("server-database-away", &[]);
                    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message).into_response()
                } else {
                    let message = crate::lang::error_text("server-database-away", &[]);
                    PageError(StatusCode::SERVICE_UNAVAILABLE, message).into_response()
                }
            }
        }
    }
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let next = parts
            .uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.as_str().to_string());
        let anonymous = || AuthRejection::Anonymous {
            api,
            next: next.clone(),
        };
        // With this header the session is never read: API calls that carry it
        // skip the session layer (`layers::is_token_api_call`).
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or_else(anonymous)?;
            return match state.user_for_token(token).await {
                Ok(Some(user)) => Ok(CurrentUser(user)),
                Ok(None) => Err(anonymous()),
                Err(error) => Err(AuthRejection::Failed { api, error }),
            };
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| anonymous())?;
        let id: Option<i64> = match session.get(USER_KEY).await {
            Ok(id) => id,
            Err(tower_sessions::session::Error::Store(e)) => {
                tracing::warn!(error = %e, "cannot read the session");
                return Err(AuthRejection::SessionsUnavailable { api });
            }
            // Unreadable session data: as if logged out.
            Err(_) => None,
        };
        let pairing: Option<i64> = match id {
            Some(_) => None,
            None => session.get(PAIRING_KEY).await.ok().flatten(),
        };
        if id.is_none() && pairing.is_none() {
            return Err(anonymous());
        }
        let now = now_secs();
        let login_at: i64 = session.get(LOGIN_AT).await.ok().flatten().unwrap_or(0);
        let seen_at: i64 = session.get(SEEN_AT).await.ok().flatten().unwrap_or(0);
        // A paired door phone's session lasts as long as its pairing (its
        // end is checked below), not the login limits: it has no password
        // to log in again with.
        if id.is_some()
            && (now - login_at > ABSOLUTE_TIMEOUT_SECS || now - seen_at > IDLE_TIMEOUT_SECS)
        {
            let _ = session.flush().await;
            return Err(anonymous());
        }
        if now - seen_at > TOUCH_SECS {
            let _ = session.insert(SEEN_AT, now).await;
        }
        let id = match (id, pairing) {
            (Some(id), _) => id,
            (None, None) => return Err(anonymous()),
            (None, Some(pairing)) => return paired(state, &session, pairing, parts, api).await,
        };
        match state.office.user(UserId(id)).await {
            Ok(Some(user)) => {
                let stamp: Option<String> = session.get(STAMP).await.ok().flatten();
                if stamp.as_deref() == Some(user.credential_stamp()) {
                    Ok(CurrentUser(user))
                } else {
                    // The password changed since this session logged in.
                    let _ = session.flush().await;
                    Err(anonymous())
                }
            }
            Ok(None) => {
                let _ = session.flush().await;
                Err(anonymous())
            }
            Err(error) => Err(AuthRejection::Failed { api, error }),
        }
    }
}

/// The door phone paired as `pairing`, on a path of its own event; a
/// redirect to its door page for the home page; 403 elsewhere; logged out
/// when the pairing was revoked or has ended.
async fn paired(
    state: &AppState,
    session: &Session,
    pairing: i64,
    parts: &Parts,
    api: bool,
) -> Result<CurrentUser, AuthRejection> {
    match state.office.paired_door(pairing).await {
        Ok(Some(door)) => match paired_path(parts.uri.path(), &door) {
            PairedPath::Allowed => Ok(CurrentUser(door.scanner())),
            PairedPath::Home => Err(AuthRejection::DoorPage(format!(
                "/events/{}/scan",
                door.event_slug
            ))),
            PairedPath::Elsewhere => Err(AuthRejection::Forbidden { api }),
        },
        // Revoked, or the event is over.
        Ok(None) => {
            let _ = session.flush().await;
            Err(AuthRejection::Anonymous {
                api,
                next: parts.uri.path().to_string(),
            })
        }
        Err(error) => Err(AuthRejection::Failed { api, error }),
    }
}

/// Where a paired door phone may go.
#[derive(Debug, PartialEq, Eq)]
enum PairedPath {
    /// A page or API call of its own event.
    Allowed,
    /// The home page: it is sent to its door page.
    Home,
    /// Anything else (another event, the users page …): 403.
    Elsewhere,
}

/// Whether `path` belongs to the event of the paired phone `door`:
/// `/events/{event}/…` or `/api/events/{event}/…`, with the event named by
/// its slug or id. The role check (scanner) keeps it out of admin routes of
/// its own event.
fn paired_path(path: &str, door: &ticketcore::pairing::DoorPairing) -> PairedPath {
    if path == "/" {
        return PairedPath::Home;
    }
    let rest = path
        .strip_prefix("/api/events/")
        .or_else(|| path.strip_prefix("/events/"));
    let key = rest.and_then(|r| r.split('/').next());
    match key {
        Some(k) if k == door.event_slug || k == door.event_id.0.to_string() => PairedPath::Allowed,
        _ => PairedPath::Elsewhere,
    }
}

/// Starts a paired door phone's session on a fresh session id: any login
/// the phone had before ends.
pub async fn start_paired_session(
    session: &Session,
    pairing: &ticketcore::pairing::DoorPairing,
) -> Result<(), ticketcore::Error> {
    let fail =
        |e: tower_sessions::session::Error| ticketcore::Error::Internal(format!("session: {e}"));
    session.cycle_id().await.map_err(fail)?;
    session.clear().await;
    let now = now_secs();
    session
        .insert(PAIRING_KEY, pairing.id)
        .await
        .map_err(fail)?;
    session.insert(LOGIN_AT, now).await.map_err(fail)?;
    session.insert(SEEN_AT, now).await.map_err(fail)?;
    Ok(())
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        if user.role == Role::Admin {
            Ok(Admin(user))
        } else {
            Err(AuthRejection::Forbidden { api })
        }
    }
}

/// Only a path on this site is a safe place to go after login: it starts
/// with one `/`, and has no backslash, white space or control character
/// anywhere (browsers drop tabs and line breaks from a URL, so `/\t/evil`
/// would lead to `//evil`, another site; a line break would break the
/// `Location` header).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    next: String,
    error: Option<String>,
    /// A word on why the login page shows (e.g. an old setup link).
    notice: Option<String>,
    name: String,
    needs_setup: bool,
}

/// `?next=` after login.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`
pub async fn login_page(State(state): State<AppState>, Query(q): Query<NextQuery>) -> Response {
    let needs_setup = state.office.needs_setup().await.unwrap_or(false);
    LoginPage {
        next: safe_next(q.next.as_deref()),
        error: None,
        notice: None,
        name: String::new(),
        needs_setup,
    }
    .into_response()
}

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let fail = |status: StatusCode, error: String| {
        (
            status,
            LoginPage {
                next: next.clone(),
                error: Some(error),
                notice: None,
                name: form.name.clone(),
                needs_setup: false,
            },
        )
            .into_response()
    };
    let client = state.config.client_ip(peer.ip(), &headers);
    match state.throttle.check(&form.name, Some(client)) {
        Err(ticketcore::Error::TooManyAttempts { retry_after_secs }) => {
            let wait = crate::lang::tn("login-too-many", "n", retry_after_secs);
            return fail(StatusCode::TOO_MANY_REQUESTS, wait);
        }
        Err(e) => return fail(StatusCode::TOO_MANY_REQUESTS, crate::lang::error(&e)),
        Ok(delay) if !delay.is_zero() => tokio::time::sleep(delay).await,
        Ok(_) => {}
    }
    let attempt = state.office.login(&form.name, &form.password).await;
    if let Err(ticketcore::Error::BadCredentials) = attempt {
        state.throttle.failed(&form.name);
        tracing::info!(user = %form.name.chars().take(64).collect::<String>(), client = %client, "failed login");
    }
    match attempt {
        Ok(user) => match start_session(&session, &user).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(e) => PageError::from(e).into_response(),
        },
        Err(ticketcore::Error::BadCredentials) => {
            fail(StatusCode::UNAUTHORIZED, crate::lang::t("login-wrong"))
        }
        Err(e) => PageError::from(e).into_response(),
    }
}

/// Logs `user` in on a fresh session id (a session id seen before login is never reused).
async fn start_session(session: &Session, user: &User) -> Result<(), ticketcore::Error> {
    let fail =
        |e: tower_sessions::session::Error| ticketcore::Error::Internal(format!("session: {e}"));
    session.cycle_id().await.map_err(fail)?;
    let now = now_secs();
    session.insert(USER_KEY, user.id.0).await.map_err(fail)?;
    session.insert(LOGIN_AT, now).await.map_err(fail)?;
    session.insert(SEEN_AT, now).await.map_err(fail)?;
    session
        .insert(STAMP, user.credential_stamp())
        .await
        .map_err(fail)?;
    Ok(())
}

/// Keeps `session` logged in after its own user's password changed (every
/// other session of the user ends).
pub async fn restamp(state: &AppState, session: &Session, user: &User) {
    if let Ok(Some(fresh)) = state.office.user(user.id).await {
        let _ = session.insert(STAMP, fresh.credential_stamp()).await;
    }
}

/// `POST /logout`
pub async fn logout(State(state): State<AppState>, session: Session) -> Redirect {
    // A paired door phone that logs out cannot log in again: its pairing
    // ends, so the users page shows it as revoked.
    if let Ok(Some(pairing)) = session.get::<i64>(PAIRING_KEY).await
        && let Err(e) = state.office.revoke_pairing(pairing).await
    {
        tracing::warn!(error = %e, "cannot end the pairing of a door phone that logged out");
    }
    let _ = session.flush().await;
    Redirect::to("/login")
}

#[derive(Template, WebTemplate)]
#[template(path = "setup.html")]
struct SetupPage {
    token: String,
    token_ok: bool,
    error: Option<String>,
}

/// `?token=` of the setup link.
#[derive(Deserialize)]
pub struct SetupQuery {
    token: Option<String>,
}

fn token_matches(state: &AppState, token: &str) -> bool {
    state
        .setup_token
        .lock()
        .ok()
        .and_then(|t| t.clone())
        .is_some_and(|t| {
            !token.is_empty()
                && t.len() == token.len()
                && t.bytes()
                    .zip(token.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// `GET /setup`: the first admin (only while none exists, only with the logged token).
pub async fn setup_page(
    State(state): State<AppState>,
    visitor: Result<CurrentUser, AuthRejection>,
    Query(q): Query<SetupQuery>,
) -> Response {
    match state.office.needs_setup().await {
        // The link of a setup already done: say so rather than show a bare
        // login page.
        Ok(false) => {
            let notice = match visitor {
                Ok(CurrentUser(user)) => {
                    crate::lang::t1("setup-done-logged-in", "user", &user.name)
                }
                Err(_) => crate::lang::t("setup-done"),
            };
            return LoginPage {
                next: "/".into(),
                error: None,
                notice: Some(notice),
                name: String::new(),
                needs_setup: false,
            }
            .into_response();
        }
        Ok(true) => {}
        Err(e) => return PageError::from(e).into_response(),
    }
    let token = q.token.unwrap_or_default();
    let token_ok = token_matches(&state, &token);
    SetupPage {
        token,
        token_ok,
        error: None,
    }
    .into_response()
}

/// The setup form.
#[derive(Deserialize)]
pub struct SetupForm {
    token: String,
    name: String,
    password: String,
    password2: String,
}

/// `POST /setup`
pub async fn setup(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<SetupForm>,
) -> Response {
    match state.office.needs_setup().await {
        Ok(false) => return Redirect::to("/login").into_response(),
        Ok(true) => {}
        Err(e) => return PageError::from(e).into_response(),
    }
    if !token_matches(&state, &form.token) {
        return PageError(
            StatusCode::FORBIDDEN,
            crate::lang::error_text("web-setup-link-invalid", &[]),
        )
        .into_response();
    }
    let again = |error: String| {
        (
            StatusCode::BAD_REQUEST,
            SetupPage {
                token: form.token.clone(),
                token_ok: true,
                error: Some(error),
            },
        )
            .into_response()
    };
    if form.password != form.password2 {
        return again(crate::lang::t("setup-passwords-differ"));
    }
    match state
        .office
        .add_user(&form.name, Role::Admin, &form.password)
        .await
    {
        Ok(user) => {
            if let Ok(mut t) = state.setup_token.lock() {
                *t = None;
            }
            tracing::info!(user = %user.name, "first admin created");
            match start_session(&session, &user).await {
                Ok(()) => Redirect::to("/").into_response(),
                Err(e) => PageError::from(e).into_response(),
            }
        }
        Err(e @ (ticketcore::Error::InvalidInput { .. } | ticketcore::Error::Conflict(_))) => {
            again(crate::lang::error(&e))
        }
        Err(e) => PageError::from(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_a_path_on_this_site_is_a_place_to_go() {
        for good in [
            "/",
            "/events/ball/tickets",
            "/events/ball/tickets?status=used#x",
        ] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=y",
            "/ /evil.example",
            "/\u{0}",
            "https://evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
