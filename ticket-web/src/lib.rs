//! `ticket-web`: the self-hosted web app. Send tickets, view them, scan them
//! at the door, from any phone on the LAN or over HTTPS.
//!
//! The binary parses [`Config`] and calls [`run`]; tests build the router with
//! [`build_state`] and [`app::app`].

pub mod api;
pub mod app;
pub mod auth;
pub mod config;
pub mod connections;
pub mod error;
pub mod lang;
pub mod layers;
pub mod live;
pub mod memory;
pub mod pages;
pub mod serve;
pub mod session_store;
pub mod state;
pub mod sync;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use ticketcore::TicketOffice;
use ticketcore::auth::LoginThrottle;
use ticketcore::mail::{Mailer, parse_mailbox};
use ticketcore::settings::Settings;
use tokio::sync::{Notify, broadcast};

pub use crate::config::Config;
use crate::state::{AppState, Inner};

/// Opens the database and builds the shared state; returns it with the
/// first-run setup token when no admin exists yet.
///
/// # Errors
/// When the database cannot be opened or the mail settings are malformed.
pub async fn build_state(config: Config) -> anyhow::Result<(AppState, Option<String>)> {
    let shown_url = ticketcore::store::redact_url(&config.database_url);
    let pool = ticketcore::store::StoreOptions {
        max_connections: config.db_max_connections,
        ..Default::default()
    };
    let store = ticketcore::AnyStore::connect_with(&config.database_url, &pool)
        .await
        .with_context(|| format!("cannot open the database {shown_url}"))?;
    let office = TicketOffice::new(store);
    // Malformed defaults are refused at start, not at the first mail run.
    Mailer::from_settings(config.smtp_url.as_deref(), &config.outbox)?;
    let mail_from = config.mail_from.as_deref().map(parse_mailbox).transpose()?;
    let defaults = Settings {
        smtp_url: config.smtp_url.clone(),
        mail_from: mail_from.map(|m| m.to_string()),
        door_search: config.door_search,
    };
    let setup_token = if office.needs_setup().await? {
        Some(ticketcore::auth::random_hex(16))
    } else {
        None
    };
    let (live, _) = broadcast::channel(4096);
    let state = AppState(Arc::new(Inner {
        office,
        config,
        defaults,
        setup_token: Mutex::new(setup_token.clone()),
        throttle: LoginThrottle::new(),
        live,
        stopping: tokio::sync::watch::Sender::new(false),
        feed_wake: Notify::new(),
        events: Mutex::new(HashMap::new()),
        uploads: Mutex::new(HashMap::new()),
        sends: Mutex::new(HashMap::new()),
        tokens: Mutex::new(HashMap::new()),
        imports: Arc::new(tokio::sync::Semaphore::new(state::MAX_CONCURRENT_IMPORTS)),
    }));
    Ok((state, setup_token))
}

/// Runs the app until SIGTERM or Ctrl-C.
///
/// # Errors
/// When the database cannot be opened or the address cannot be bound.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let (state, setup_token) = build_state(config).await?;
    let settings = state.settings().await?;
    tracing::info!(
        database = %ticketcore::store::redact_url(&state.config.database_url),
        mail = %settings.mailer(&state.config.outbox)?.describe(),
        "ticket-web starting"
    );
    if settings.values.mail_from.is_none() {
        tracing::warn!(
            "no default sender set: set one on the settings page (or start with --mail-from) before sending tickets"
        );
    }
    tokio::spawn(live::run_feed(state.clone()));
    tokio::spawn(serve::purge_sessions(state.clone()));
    serve::run(state, setup_token).await
}
