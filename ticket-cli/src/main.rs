//! `ticket-cli`: the ticket system from a terminal and from scripts.
//!
//! A thin layer over `ticketcore`: [`args`] parses the command line,
//! [`commands`] turns it into calls on a `TicketOffice`, [`output`] prints the
//! result, [`failure`] turns errors into one line on stderr.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod failure;
mod output;
mod tr;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors exit 1
            // (clap's default 2 would read as "already used" to a scan script).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            failure::report(&anyhow::Error::new(e).context("cannot start the async runtime"));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            failure::report(&e);
            ExitCode::from(1)
        }
    }
}
