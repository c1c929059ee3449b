//! `ticket-web`: the self-hosted web app.

use std::io::IsTerminal;

use clap::Parser;

/// mimalloc instead of the C library's allocator, which kept most of what a
/// large guest list had taken: after sixteen simultaneous 20 MiB uploads
/// (`benches/load/uploads.sh 16`) the web app stayed at 342 MB 15 s later
/// with it and came back to 101 MB with mimalloc (53 MB idle against 18).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Colours only on a terminal: a log file or the system journal gets
    // plain text.
    let ansi = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_ansi(ansi)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    ticket_web::run(ticket_web::Config::parse()).await
}
