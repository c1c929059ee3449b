//! The router: every route, its role check, and the layers around them.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::{self, IDLE_TIMEOUT_SECS};
use crate::layers::SessionsUnlessTokenLayer;
use crate::pages::{guard, home, pairing, scan, send, settings, tickets, users};
use crate::session_store::DbSessions;
use crate::state::AppState;
use crate::{api, live, sync};

/// Largest request body outside uploads, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest guest-list upload, in bytes (the import's own cap is 20 MiB; the
/// rest is room for the multipart framing).
pub const UPLOAD_LIMIT: usize = 21 * 1024 * 1024;

/// Content-Security-Policy: scripts only from this site (no inline script);
/// inline styles are allowed for the mail preview. `'wasm-unsafe-eval'`
/// lets the door's QR decoder (zxing_reader.wasm, served from here) compile;
/// it allows WebAssembly only, not JavaScript `eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                   style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
                   frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Builds the application for `state`.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessions::new(state.office.sessions()))
        .with_name("ticket_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.config.https())
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            IDLE_TIMEOUT_SECS,
        )));
    let mut csrf = CsrfLayer::new();
    if let Some(url) = state.config.public_url.as_deref() {
        match csrf.clone().add_trusted_origin(url.trim_end_matches('/')) {
            Ok(layer) => csrf = layer,
            Err(e) => tracing::warn!(%url, error = %e, "public URL is not a valid origin"),
        }
    }
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/setup", get(auth::setup_page).post(auth::setup))
        .route("/events", post(home::create_event))
        .route("/events/{event}/scan", get(scan::page).post(scan::submit))
        .route("/events/{event}/tickets", get(tickets::page))
        .route("/events/{event}/tickets.csv", get(tickets::csv))
        .route("/events/{event}/door-list", get(tickets::door_list))
        .route(
            "/events/{event}/tickets/{code}/print",
            get(tickets::print_ticket),
        )
        .route("/events/{event}/tickets/{code}/undo", post(tickets::undo))
        .route(
            "/events/{event}/tickets/{code}/checkin",
            post(tickets::check_in),
        )
        .route("/events/{event}/guests", post(tickets::add_guest))
        .route("/events/{event}/door-rules", post(tickets::door_rules))
        .route("/events/{event}/walk-ins", post(tickets::walk_in))
        .route(
            "/events/{event}/tickets/{code}/restore",
            post(tickets::restore),
        )
        .route(
            "/events/{event}/tickets/{code}/guest",
            post(tickets::correct),
        )
        .route(
            "/events/{event}/tickets/{code}/revoke",
            post(tickets::revoke),
        )
        .route(
            "/events/{event}/tickets/{code}/resend",
            post(tickets::resend),
        )
        .route("/events/{event}/guard/reset", post(guard::reset))
        .route("/events/{event}/send", get(send::page).post(send::start))
        .route("/events/{event}/template", post(send::save_template))
        .route(
            "/events/{event}/import",
            post(send::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/events/{event}/import/confirm", post(send::confirm))
        .route("/settings", get(settings::page).post(settings::save))
        .route("/events/{event}/sender", post(send::set_sender))
        .route("/events/{event}/language", post(send::set_language))
        .route("/users", get(users::page).post(users::add))
        .route("/users/{name}/password", post(users::password))
        .route("/users/{name}/role", post(users::role))
        .route("/users/{name}/remove", post(users::remove))
        .route("/users/{name}/tokens", post(users::create_token))
        .route("/tokens/{id}/revoke", post(users::revoke_token))
        .route("/users/pairings", post(users::create_pairing))
        .route("/pairings/{id}/revoke", post(users::revoke_pairing))
        .route("/pair/{secret}", get(pairing::page).post(pairing::claim))
        .route("/api/events/{event}/scan", post(api::scan))
        .route("/api/events/{event}/walk-ins", post(api::walk_in))
        .route("/api/events/{event}/people", get(api::people))
        .route("/api/events/{event}/tickets", get(api::tickets))
        .route("/api/events/{event}/stats", get(api::stats))
        .route("/api/events/{event}/stream", get(live::stream))
        .route("/api/events/{event}/find", get(scan::find))
        .route("/api/events/{event}/guard", get(guard::alerts))
        .route(
            "/api/events/{event}/offline",
            post(sync::upload).layer(DefaultBodyLimit::max(sync::UPLOAD_LIMIT)),
        )
        .route("/api/events/{event}/conflicts", get(sync::conflicts))
        .route("/api/events/{event}/door-copy", get(sync::door_copy))
        .route("/api/events/{event}/door-changes", get(sync::door_changes))
        .route("/sw.js", get(service_worker))
        .route("/api/events/{event}/guard/reset", post(guard::reset_api))
        .route("/api/events/{event}/mail/preview", post(send::preview))
        .route("/api/events/{event}/send", get(send::status))
        .route("/healthz", get(api::healthz))
        .route("/language/{code}", get(crate::lang::switch))
        .route("/static/{file}", get(asset))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(crate::lang::layer))
        .layer(SessionsUnlessTokenLayer::new(sessions))
        .layer(csrf)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state)
}

/// The embedded static files.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../static/app.css"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../static/icon.svg"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    ),
    (
        "scan.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/scan.js"),
    ),
    (
        "tickets.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/tickets.js"),
    ),
    (
        "send.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/send.js"),
    ),
    (
        "camera.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/camera.js"),
    ),
    (
        "zxing_reader.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/zxing_reader.js"),
    ),
];

/// The embedded binary files: the QR decoder of the door's camera, for
/// browsers without `BarcodeDetector` (zxing-wasm; see
/// static/zxing_reader.LICENSE.txt).
const BINARY_ASSETS: &[(&str, &str, &[u8])] = &[(
    "zxing_reader.wasm",
    "application/wasm",
    include_bytes!("../static/zxing_reader.wasm"),
)];

/// `GET /sw.js`: the door's service worker, served from the root so it may
/// keep the door page for offline use (its scope is the whole site).
async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../static/sw.js"),
    )
        .into_response()
}

/// `GET /static/{file}`
async fn asset(Path(file): Path<String>) -> Response {
    let text = ASSETS
        .iter()
        .map(|(name, kind, body)| (*name, *kind, body.as_bytes()));
    match text
        .chain(BINARY_ASSETS.iter().copied())
        .find(|(name, _, _)| *name == file)
    {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Any other address: a page (or, under `/api/`, JSON) saying there is
/// nothing here, in the reader's language.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::NOT_FOUND;
    if uri.path().starts_with("/api/") {
        crate::error::ApiError::new(status, crate::lang::api_error_text("web-no-such-page", &[]))
            .into_response()
    } else {
        crate::error::PageError(status, crate::lang::error_text("web-no-such-page", &[]))
            .into_response()
    }
}
