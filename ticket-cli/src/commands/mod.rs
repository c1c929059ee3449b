//! One module per command group; [`run`] dispatches.

use anyhow::Context as _;
use ticketcore::TicketOffice;

use crate::args::{Cli, Command};
use crate::tr::{t, t_with};

mod conflicts;
mod db;
mod event;
mod import;
mod scan;
mod send;
mod tickets;
mod user;

/// What every command gets: the parsed global flags and a way to the database.
pub struct Ctx {
    /// `--json` was given.
    pub json: bool,
    database_url: String,
    db_max_connections: Option<u32>,
}

impl Ctx {
    /// Opens (creating and migrating if needed) the database.
    pub async fn office(&self) -> anyhow::Result<TicketOffice> {
        let pool = ticketcore::store::StoreOptions {
            max_connections: self.db_max_connections,
            ..Default::default()
        };
        match ticketcore::AnyStore::connect_with(&self.database_url, &pool).await {
            Ok(store) => Ok(TicketOffice::new(store)),
            Err(
                e @ (ticketcore::Error::Database(_)
                | ticketcore::Error::DatabaseNotWritable { .. }
                | ticketcore::Error::Migrate(_)),
            ) => Err(anyhow::Error::new(e).context(t_with(
                "cli-cannot-open-database",
                &[("url", &self.shown_url())],
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// The database URL with any password masked.
    pub fn shown_url(&self) -> String {
        ticketcore::store::redact_url(&self.database_url)
    }
}

/// Runs the command; returns the exit status (non-zero only for `scan`
/// outcomes and failed mail runs; errors come back as `Err`).
pub async fn run(cli: Cli) -> anyhow::Result<u8> {
    let ctx = Ctx {
        json: cli.json,
        database_url: cli.database_url,
        db_max_connections: cli.db_max_connections,
    };
    match cli.command {
        Command::Event(cmd) => event::run(&ctx, cmd).await,
        Command::Import(args) => import::run(&ctx, args).await,
        Command::Send(args) => send::run(&ctx, args).await,
        Command::Tickets(args) => tickets::run(&ctx, args).await,
        Command::Scan {
            code,
            event,
            door,
            persons,
            exit,
        } => scan::scan(&ctx, &code, &event, &door, persons, exit).await,
        Command::WalkIn {
            name,
            event,
            persons,
            email,
            door,
        } => scan::walk_in(&ctx, &name, &event, persons, email, &door).await,
        Command::Undo { code, event, by } => scan::undo(&ctx, &code, &event, &by).await,
        Command::Revoke { code, event, by } => scan::revoke(&ctx, &code, &event, &by).await,
        Command::Stats { event, odds_floor } => scan::stats(&ctx, &event, odds_floor).await,
        Command::Conflicts { event } => conflicts::run(&ctx, &event).await,
        Command::User(cmd) => user::run(&ctx, cmd).await,
        Command::Token(cmd) => user::token(&ctx, cmd).await,
        Command::Db(cmd) => db::run(&ctx, cmd).await,
        Command::Completions { shell } => completions(&ctx, shell),
    }
}

fn completions(ctx: &Ctx, shell: clap_complete::Shell) -> anyhow::Result<u8> {
    use clap::CommandFactory as _;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ticket-cli", &mut script);
    let script = String::from_utf8(script).with_context(|| t("cli-completion-not-utf8"))?;
    if ctx.json {
        crate::output::json(&serde_json::json!({ "shell": shell.to_string(), "script": script }))?;
    } else {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(script.as_bytes())
            .with_context(|| t("cli-cannot-write-stdout"))?;
    }
    Ok(0)
}
