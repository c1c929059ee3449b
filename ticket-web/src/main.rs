//! `ticket-web`: the self-hosted web app.

use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use clap::Parser;
use ticketcore::TicketOffice;

/// Serve the ticket system over HTTP.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Database URL.
    #[arg(
        long,
        env = "TICKET_DATABASE_URL",
        default_value = "sqlite://tickets.db"
    )]
    database_url: String,
    /// Address and port to listen on.
    #[arg(long, env = "TICKET_LISTEN", default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
}

async fn healthz(State(office): State<TicketOffice>) -> (StatusCode, &'static str) {
    match office.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let office = TicketOffice::open(&args.database_url)
        .await
        .with_context(|| {
            format!(
                "cannot open {}",
                ticketcore::store::redact_url(&args.database_url)
            )
        })?;
    let app = Router::new()
        .route("/healthz", get(healthz))
        .with_state(office);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    tracing::info!("listening on http://{}", args.listen);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
