//! `ticket-cli`: the ticket system from a terminal and from scripts.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ticketcore::{CodeSpec, NewEvent, ScanOutcome, TicketOffice};

/// Issue event tickets and check guests in, from the command line.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Database URL.
    #[arg(
        long,
        global = true,
        env = "TICKET_DATABASE_URL",
        default_value = "sqlite://tickets.db"
    )]
    database_url: String,
    /// Print one JSON document on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create and list events.
    #[command(subcommand)]
    Event(EventCommand),
    /// Scan a code at the door: exit 0 admitted, 2 already used, 3 unknown, 4 revoked.
    Scan {
        /// The code as typed.
        code: String,
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// Door name written to the audit log.
        #[arg(long, default_value = "cli")]
        door: String,
    },
}

#[derive(Subcommand, Debug)]
enum EventCommand {
    /// Create an event.
    Create {
        /// Display name.
        name: String,
        /// Date (free text).
        #[arg(long)]
        date: Option<String>,
        /// Letters per code.
        #[arg(long, default_value_t = ticketcore::code::DEFAULT_LENGTH)]
        code_length: u32,
        /// Characters codes are made of.
        #[arg(long, default_value = ticketcore::code::DEFAULT_ALPHABET)]
        alphabet: String,
    },
    /// List events.
    List,
}

async fn run(cli: Cli) -> anyhow::Result<u8> {
    let office = TicketOffice::open(&cli.database_url).await?;
    match cli.command {
        Command::Event(EventCommand::Create {
            name,
            date,
            code_length,
            alphabet,
        }) => {
            let event = office
                .create_event(NewEvent {
                    name,
                    slug: None,
                    date,
                    code_spec: CodeSpec::new(&alphabet, code_length)?,
                })
                .await?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&event)?);
            } else {
                println!("created event {} ({})", event.slug, event.id);
            }
        }
        Command::Event(EventCommand::List) => {
            let events = office.events().await?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&events)?);
            } else {
                for e in events {
                    println!("{}\t{}\t{}", e.id, e.slug, e.name);
                }
            }
        }
        Command::Scan { code, event, door } => {
            let event = office.event(&event).await?;
            let outcome = office.scan(&event, &code, &door).await?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
            }
            return Ok(match outcome {
                ScanOutcome::Admitted { ticket } => {
                    if !cli.json {
                        println!("ADMITTED {} ({})", ticket.name, ticket.code);
                    }
                    0
                }
                ScanOutcome::AlreadyUsed { ticket, at, by } => {
                    if !cli.json {
                        println!(
                            "ALREADY USED {} at {} by {}",
                            ticket.name,
                            at.to_rfc3339(),
                            by
                        );
                    }
                    2
                }
                ScanOutcome::Unknown => {
                    if !cli.json {
                        println!("UNKNOWN code");
                    }
                    3
                }
                ScanOutcome::Revoked { ticket } => {
                    if !cli.json {
                        println!("REVOKED {}", ticket.name);
                    }
                    4
                }
            });
        }
    }
    Ok(0)
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
