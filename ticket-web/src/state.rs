//! What every handler shares.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ticketcore::auth::LoginThrottle;
use ticketcore::mail::{SendProgress, SendReport};
use ticketcore::settings::{EffectiveSettings, Settings};
use ticketcore::{Event, EventId, TicketOffice, User};
use tokio::sync::{Notify, broadcast};

use crate::config::Config;
use crate::error::PageError;

/// One change pushed to live pages (server-sent events).
#[derive(Debug, Clone)]
pub struct LiveEvent {
    /// The event it concerns.
    pub event_id: EventId,
    /// The SSE event name: `scan` or `changed`.
    pub kind: &'static str,
    /// JSON payload.
    pub data: String,
}

/// The state of an event's mail run, for the send page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SendState {
    /// A run is going on.
    pub running: bool,
    /// Its progress.
    pub progress: SendProgress,
    /// The last finished run's report.
    pub report: Option<SendReport>,
    /// Why the last run could not start or failed (written in each
    /// reader's language).
    #[serde(serialize_with = "error_text")]
    pub error: Option<ticketcore::Error>,
}

/// An error in the JSON of a status, in the language asked for.
fn error_text<S: serde::Serializer>(
    e: &Option<ticketcore::Error>,
    out: S,
) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => out.serialize_some(&e.text(crate::lang::current())),
        None => out.serialize_none(),
    }
}

/// A guest list uploaded for preview, waiting for the organiser's confirmation.
#[derive(Debug, Clone)]
pub struct PendingUpload {
    /// The event it is for.
    pub event_id: EventId,
    /// The original file name (decides the format).
    pub file_name: String,
    /// The file, kept on disk (removed when the last copy of this is dropped).
    pub file: Arc<tempfile::TempPath>,
    /// Import the good rows even when some are bad.
    pub skip_invalid: bool,
    /// When it was uploaded; previews expire after an hour.
    pub at: std::time::Instant,
}

/// Shared application state.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

/// The fields of [`AppState`].
pub struct Inner {
    /// The core.
    pub office: TicketOffice,
    /// Settings.
    pub config: Config,
    /// The settings' defaults (start flags and variables); an admin's
    /// stored settings win over them (see [`AppState::settings`]).
    pub defaults: Settings,
    /// The one-time first-run token (while no admin exists).
    pub setup_token: Mutex<Option<String>>,
    /// Login slow-down.
    pub throttle: LoginThrottle,
    /// Live changes for SSE listeners.
    pub live: broadcast::Sender<LiveEvent>,
    /// Set at shutdown: live streams end at once, so the process does not
    /// wait for open pages (see `serve`).
    pub stopping: tokio::sync::watch::Sender<bool>,
    /// Wakes the change feed right after a local scan (see [`AppState::wake_feed`]).
    pub feed_wake: Notify,
    /// Events by id and slug, each with when it was read: kept
    /// [`EVENT_CACHE_SECS`], so door rules or a sender changed on another
    /// instance or with `ticket-cli` apply within that time (a mail run
    /// reads its event anew).
    pub events: Mutex<HashMap<String, (Event, Instant)>>,
    /// Guest lists waiting for confirmation, by a random token.
    pub uploads: Mutex<HashMap<String, PendingUpload>>,
    /// Mail runs by event.
    pub sends: Mutex<HashMap<EventId, SendState>>,
    /// Recently verified API tokens: user and when checked, by token hash.
    pub tokens: Mutex<HashMap<String, (User, Instant)>>,
    /// Guest lists being read or imported at once (see [`MAX_CONCURRENT_IMPORTS`]).
    pub imports: Arc<tokio::sync::Semaphore>,
}

/// Guest lists loaded into memory (previewed or imported) at the same time:
/// one being read (the core reads lists one at a time, on one thread) and
/// the next one waiting for it. A 20 MiB list takes about five times its
/// size while it is read; uploads beyond these wait on disk, not in memory.
pub const MAX_CONCURRENT_IMPORTS: usize = 2;

/// How long an upload waits for its turn to be read before the organiser is
/// told to try again, in seconds.
pub const IMPORT_WAIT_SECS: u64 = 60;

/// How long a verified API token is trusted without asking the database
/// again, in seconds: saves a query on every scan a script or door app sends.
/// Revoking a token, removing its user or changing their role through this
/// instance takes effect at once; through another instance or the CLI,
/// within this time.
pub const TOKEN_CACHE_SECS: u64 = 5;

/// How long an event read from the database is used before it is read
/// again, in seconds.
pub const EVENT_CACHE_SECS: u64 = 5;

/// Most tokens remembered at once (the cache starts over when full).
const TOKEN_CACHE_MAX: usize = 1024;

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Finds an event by id or slug, cached.
    pub async fn event(&self, key: &str) -> Result<Event, ticketcore::Error> {
        let fresh = Duration::from_secs(EVENT_CACHE_SECS);
        if let Some(e) = self.events.lock().ok().and_then(|m| {
            m.get(key)
                .filter(|(_, at)| at.elapsed() < fresh)
                .map(|(e, _)| e.clone())
        }) {
            return Ok(e);
        }
        let event = self.office.event(key).await?;
        self.remember_event(&event);
        Ok(event)
    }

    /// The user an API token belongs to, from the cache when it was checked
    /// within [`TOKEN_CACHE_SECS`]. Unknown tokens are never cached.
    ///
    /// # Errors
    /// When the database cannot be asked.
    pub async fn user_for_token(&self, secret: &str) -> Result<Option<User>, ticketcore::Error> {
        let key = ticketcore::auth::token_hash(secret.trim());
        let fresh = Duration::from_secs(TOKEN_CACHE_SECS);
        let cached = self.tokens.lock().ok().and_then(|m| {
            m.get(&key)
                .filter(|(_, at)| at.elapsed() < fresh)
                .map(|(user, _)| user.clone())
        });
        if cached.is_some() {
            return Ok(cached);
        }
        let user = self.office.user_for_token(secret).await?;
        if let Some(user) = &user
            && let Ok(mut m) = self.tokens.lock()
        {
            if m.len() >= TOKEN_CACHE_MAX {
                m.clear();
            }
            m.insert(key, (user.clone(), Instant::now()));
        }
        Ok(user)
    }

    /// Forgets every cached token check (after a token, user or role change).
    pub fn forget_tokens(&self) {
        if let Ok(mut m) = self.tokens.lock() {
            m.clear();
        }
    }

    /// The settings in force: those an admin stored over the start flags.
    /// Read from the database each time, so a change made on another
    /// instance or with `ticket-cli` applies at once.
    ///
    /// # Errors
    /// When the database cannot be asked.
    pub async fn settings(&self) -> Result<EffectiveSettings, ticketcore::Error> {
        self.office.settings(&self.defaults).await
    }

    /// Replaces the cached copy of `event` (after its sender changed).
    pub fn remember_event(&self, event: &Event) {
        if let Ok(mut m) = self.events.lock() {
            let now = Instant::now();
            m.insert(event.slug.clone(), (event.clone(), now));
            m.insert(event.id.to_string(), (event.clone(), now));
        }
    }

    /// Waits (up to [`IMPORT_WAIT_SECS`]) for a turn to read a guest list,
    /// then reads the file at `path` and imports it into `event` (a preview
    /// with `options.dry_run`). The import runs in a task of its own that
    /// keeps the turn until it is done, also when the organiser's browser
    /// goes away meanwhile.
    ///
    /// # Errors
    /// 503 when other lists kept every turn for that long; 500 when the
    /// spooled file cannot be read or the import task failed. The import's
    /// own outcome is the inner result.
    pub async fn import_spooled(
        &self,
        event: &Event,
        path: &std::path::Path,
        file_name: &str,
        options: ticketcore::import::ImportOptions,
    ) -> Result<Result<ticketcore::ImportReport, ticketcore::Error>, PageError> {
        let busy = || {
            PageError(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                crate::lang::error_text("web-imports-busy", &[]),
            )
        };
        let turn = tokio::time::timeout(
            Duration::from_secs(IMPORT_WAIT_SECS),
            self.imports.clone().acquire_owned(),
        )
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
        let bytes = tokio::fs::read(path).await.map_err(|e| {
            PageError(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                crate::lang::error_text("web-upload-unreadable", &[("detail", &e.to_string())]),
            )
        })?;
        let (office, event, file_name) = (self.office.clone(), event.clone(), file_name.to_owned());
        tokio::spawn(async move {
            let report = office
                .import_guests(&event, bytes, &file_name, &options)
                .await;
            drop(turn);
            report
        })
        .await
        .map_err(|e| {
            PageError(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                crate::lang::error_text("web-import-failed", &[("detail", &e.to_string())]),
            )
        })
    }

    /// As [`AppState::event`], with a page error.
    pub async fn page_event(&self, key: &str) -> Result<Event, PageError> {
        Ok(self.event(key).await?)
    }

    /// Wakes the change feed after a local scan, undo or revocation, so live
    /// pages show it at once. Without listeners there is nothing to hurry: the
    /// feed's own poll keeps its place in the audit log.
    pub fn wake_feed(&self) {
        if self.live.receiver_count() > 0 {
            self.feed_wake.notify_one();
        }
    }

    /// Tells live pages that an event's tickets changed (import, mail, undo).
    pub fn changed(&self, event: EventId) {
        let _ = self.live.send(LiveEvent {
            event_id: event,
            kind: "changed",
            data: "{}".into(),
        });
    }
}
