//! `ticket-web`: the self-hosted web app.

use std::io::IsTerminal;

use clap::Parser;

/// mimalloc instead of the C library's allocator, which kept most of what a
/// large guest list had taken (see [`ticket_web::memory`]).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let restart = ticket_web::memory::give_memory_back();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(restart))
}

async fn serve(restart: Result<(), String>) -> anyhow::Result<()> {
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
    if let Err(why) = restart {
        tracing::warn!(%why, "could not restart with mimalloc's memory settings; running with its defaults");
    }
    ticket_web::run(ticket_web::Config::parse()).await
}
