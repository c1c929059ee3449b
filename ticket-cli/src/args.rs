//! The command line: every command, flag and environment fallback.

use std::num::NonZeroU32;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
EVENT is an event's id or slug (see `ticket-cli event list`).
Every command accepts --json and then prints exactly one JSON document on stdout.
Exit status: 0 success, 1 error; `scan`: 0 admitted (or let out), 2 already used, 3 unknown, 4 revoked.";

/// Issue event tickets by email and check guests in at the door.
///
/// Typical flow: `event create`, import the guest list, `send`, then `scan`
/// at the door and `stats` to follow along.
#[derive(Parser, Debug)]
#[command(name = "ticket-cli", version, about, long_about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Database URL: `sqlite://PATH` (created if missing), `postgres://…` or
    /// `mysql://…` (also `mariadb://`).
    #[arg(
        long,
        global = true,
        env = "TICKET_DATABASE_URL",
        default_value = "sqlite://tickets.db",
        hide_env_values = true
    )]
    pub database_url: String,
    /// Most connections to a PostgreSQL or MySQL/MariaDB server (default 10;
    /// SQLite ignores it).
    #[arg(
        long,
        global = true,
        env = "TICKET_DB_MAX_CONNECTIONS",
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub db_max_connections: Option<u32>,
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create and list events.
    #[command(subcommand)]
    Event(EventCommand),
    /// Import a guest list (.xlsx .xlsm .xls .xlsb .ods .csv) and issue a
    /// ticket per guest. Strict: a file with any bad row changes nothing
    /// (exit 1) unless --skip-invalid. Every bad row is listed with the row
    /// number your spreadsheet program shows.
    Import(ImportArgs),
    /// Mail every guest who has not got their ticket yet.
    Send(SendArgs),
    /// List an event's tickets as a table, CSV or JSON.
    Tickets(TicketsArgs),
    /// Scan a code at the door: exit 0 admitted (or let out), 2 already used, 3 unknown, 4 revoked.
    Scan {
        /// The code as the guest says or shows it (case, spaces and dashes do not matter).
        code: String,
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// Door name written to the audit log.
        #[arg(long, default_value = "cli")]
        door: String,
        /// How many of the ticket's party (default: all still to come; with
        /// --exit, all inside).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
        persons: Option<u32>,
        /// An exit scan: the guests go out (they may come in again when the
        /// event allows re-entry, see `event rules`).
        #[arg(long)]
        exit: bool,
    },
    /// Add a guest who is not on the list at the door and let them in, in
    /// one step (a walk-in: marked as such, not mailed).
    WalkIn {
        /// The guest's name.
        name: String,
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// How many people come in on the ticket.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        persons: u32,
        /// The guest's address (optional; nothing is mailed).
        #[arg(long, value_name = "ADDR")]
        email: Option<String>,
        /// Door name written to the audit log.
        #[arg(long, default_value = "cli")]
        door: String,
    },
    /// Take back a ticket's latest scan: a checked-in guest is valid again
    /// (can enter again); for a party, only the latest scan's people.
    Undo {
        /// The ticket's code.
        code: String,
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// Name written to the audit log.
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// Revoke a ticket: every later scan of it is refused.
    Revoke {
        /// The ticket's code.
        code: String,
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// Name written to the audit log.
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// Show an event's ticket and mail counts and how guessable its codes are.
    Stats {
        /// Event id or slug.
        #[arg(long)]
        event: String,
        /// Warn when a random guess hits more often than once in this many tries.
        #[arg(long, default_value_t = ticketcore::odds::DEFAULT_ODDS_FLOOR)]
        odds_floor: f64,
    },
    /// List double entries (a ticket admitted at two doors while one was
    /// offline) and revoked tickets admitted offline.
    Conflicts {
        /// Event id or slug.
        #[arg(long)]
        event: String,
    },
    /// Manage the people who may log in to the web app.
    #[command(subcommand)]
    User(UserCommand),
    /// Create API tokens for scripts.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Database maintenance: migrate, back up, run one SQL statement.
    #[command(subcommand)]
    Db(DbCommand),
    /// Print a shell completion script, e.g. `ticket-cli completions bash > ~/.local/share/bash-completion/completions/ticket-cli`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `event …`
#[derive(Subcommand, Debug)]
pub enum EventCommand {
    /// Create an event.
    Create {
        /// Display name, e.g. "Summer Ball 2026".
        name: String,
        /// When it takes place (free text, shown in the mail), e.g. "2026-07-04 19:00".
        #[arg(long)]
        date: Option<String>,
        /// Characters per code. Longer codes are harder to guess.
        #[arg(long, value_name = "N", default_value_t = ticketcore::code::DEFAULT_LENGTH)]
        code_length: u32,
        /// The characters codes are made of (case does not matter).
        #[arg(long, value_name = "CHARS", default_value = ticketcore::code::DEFAULT_ALPHABET)]
        alphabet: String,
        /// Short name for URLs and --event (derived from the name if not given).
        #[arg(long)]
        slug: Option<String>,
        /// Guessing odds to plan for (one hit in this many random guesses).
        #[arg(long, default_value_t = ticketcore::odds::DEFAULT_ODDS_FLOOR)]
        odds_floor: f64,
        /// Where the event takes place, as an IANA time zone (e.g. Europe/Berlin);
        /// pages show check-in times in it. Default: this machine's time zone.
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        /// The language of the tickets' mails: en, de, fr or es (a guest-list
        /// column `Language` can choose per guest).
        #[arg(long, value_name = "en|de|fr|es", default_value = "en", value_parser = language)]
        language: ticketcore::i18n::Lang,
    },
    /// List events, newest first.
    List,
    /// Show or set an event's door rules: re-entry and walk-ins.
    Rules {
        /// Event id or slug.
        event: String,
        /// Whether guests who went out may come in again.
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        reentry: Option<bool>,
        /// Who may add walk-ins at the door: off, admins (default) or doors
        /// (scanners too).
        #[arg(long, value_name = "off|admins|doors")]
        walk_ins: Option<String>,
        /// At most this many walk-ins; `none` for no cap.
        #[arg(long, value_name = "N|none")]
        walk_in_limit: Option<String>,
    },
}

/// `on`/`off` (also yes/no, true/false).
fn on_off(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" | "1" => Ok(true),
        "off" | "no" | "false" | "0" => Ok(false),
        other => Err(format!("`{other}` is not on or off")),
    }
}

/// The template file format, shown in `send --help`.
const TEMPLATE_HELP: &str = "\
Template file (--template FILE): header lines, one blank line, then the text of the mail:

  Subject: Your ticket for {{ event }}: {{ code }}
  Message: Doors open at 19:00.

  {{ greeting }},

  your code for {{ event }} ({{ date }}) is {{ code }}.
  {{ message }}

`Subject:` is required, `Message:` (the note shown by {{ message }}) optional.
Optionally a line `--- html ---` followed by an HTML body; without it the HTML
mail shows the text in a simple layout with the code large.
Placeholders: {{ name }}, {{ first_name }}, {{ greeting }} (the salutation, or
\"Dear\" and the first name), {{ salutation }}, {{ code }}, {{ event }}, {{ date }},
{{ message }}, {{ persons }} (how many people the ticket admits). An unknown
placeholder is an error; nothing is sent then.
The file is saved as the event's template and replaces the previous one.

Without --smtp-url, mails are written as .eml files to --outbox.
Mails already sent are never sent again unless --resend is given.";

/// `send …`
#[derive(Args, Debug)]
#[command(after_long_help = TEMPLATE_HELP)]
pub struct SendArgs {
    /// Event id or slug.
    #[arg(long)]
    pub event: String,
    /// Use this template file (see `send --help`) and save it as the event's template.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The language whose mails --template writes (en, de, fr, es; default:
    /// the event's). Other languages keep their own templates.
    #[arg(long, value_name = "en|de|fr|es", value_parser = language, requires = "template")]
    pub language: Option<ticketcore::i18n::Lang>,
    /// Send to every guest again, also those already mailed.
    #[arg(long)]
    pub resend: bool,
    /// Render every mail but send none and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Mails delivered at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Send at most N mails per minute (Gmail allows about 20).
    #[arg(long, value_name = "N")]
    pub per_minute: Option<NonZeroU32>,
    /// SMTP server, e.g. smtps://user:app-password@smtp.gmail.com (default: the
    /// one stored on the web app's settings page, else the outbox folder).
    #[arg(long, env = "TICKET_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Folder for .eml files when no SMTP server is set.
    #[arg(long, env = "TICKET_OUTBOX", default_value = "outbox/")]
    pub outbox: PathBuf,
    /// Sender, e.g. "Summer Ball <tickets@example.org>" (default: the sender
    /// stored on the web app's settings page; an event's own sender wins).
    #[arg(long, env = "TICKET_MAIL_FROM")]
    pub mail_from: Option<String>,
}

/// Output format of `tickets`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array.
    Json,
    /// The printable door list as one HTML file, alphabetical by last name
    /// on numbered pages with a box to tick: save it (`> door-list.html`),
    /// open it in a browser and print it.
    Print,
}

/// A ticket state on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusArg {
    /// Not checked in yet.
    Valid,
    /// Checked in.
    Used,
    /// Revoked.
    Revoked,
}

/// `tickets …`
#[derive(Args, Debug)]
pub struct TicketsArgs {
    /// Event id or slug.
    #[arg(long)]
    pub event: String,
    /// Only tickets in this state.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only tickets whose name, email or code contains this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Output format (--json is the same as --format json).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A user role on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleArg {
    /// Everything: events, guests, mail, users.
    Admin,
    /// Scanning at the door only.
    Scanner,
}

/// `user …`
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; asks for the password twice (or reads one line with --password-stdin).
    Add {
        /// Login name.
        name: String,
        /// What the user may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Read the password from the first line of stdin instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Set a new password.
    Passwd {
        /// Login name.
        name: String,
        /// Read the password from the first line of stdin instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change a user's role (the last admin cannot be demoted).
    Role {
        /// Login name.
        name: String,
        /// The new role.
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Remove a user and their API tokens (the last admin cannot be removed).
    Remove {
        /// Login name.
        name: String,
    },
}

/// `token …`
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token acting as user NAME; the secret is printed once on stdout.
    Create {
        /// The user the token acts as.
        name: String,
        /// What the token is for, e.g. "door script".
        #[arg(long, value_name = "TEXT", default_value = "api")]
        label: String,
    },
}

/// `db …`
#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Bring the schema up to date and show its version (any command does this on start).
    Migrate,
    /// Write a consistent copy of the database to a new FILE, safe while the web app runs.
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Run one SQL statement for manual repairs; prints its rows or the rows it changed.
    Sql {
        /// The statement, e.g. "SELECT code, name FROM tickets LIMIT 5".
        statement: String,
    },
}

/// `import FILE --event EVENT`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The guest list: a workbook or CSV with a header row naming the columns
    /// (e.g. Name or First name + Last name, and Email; optional Salutation).
    pub file: std::path::PathBuf,
    /// Event id or slug.
    #[arg(long)]
    pub event: String,
    /// Import the good rows even when some rows are bad.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Only report what would be imported.
    #[arg(long)]
    pub dry_run: bool,
    /// Sheet to read (default: the first sheet with a header row).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Title of the column holding full names, when it is unusual.
    #[arg(long, value_name = "TITLE")]
    pub name_column: Option<String>,
    /// Title of the first-name column.
    #[arg(long, value_name = "TITLE")]
    pub first_name_column: Option<String>,
    /// Title of the last-name column.
    #[arg(long, value_name = "TITLE")]
    pub last_name_column: Option<String>,
    /// Title of the email column.
    #[arg(long, value_name = "TITLE")]
    pub email_column: Option<String>,
    /// Title of the salutation column.
    #[arg(long, value_name = "TITLE")]
    pub salutation_column: Option<String>,
    /// Title of the party-size column (how many people a ticket admits;
    /// found by itself when titled Persons, Party size, Guests, +1, …).
    #[arg(long, value_name = "TITLE")]
    pub persons_column: Option<String>,
    /// Title of the note column shown at the door (found by itself when
    /// titled Note, Notes, Remarks, Bemerkung, …).
    #[arg(long, value_name = "TITLE")]
    pub note_column: Option<String>,
}

/// A language the mails are written in: `en`, `de`, `fr`, `es` (or its
/// name, `Deutsch`).
fn language(s: &str) -> Result<ticketcore::i18n::Lang, String> {
    ticketcore::i18n::Lang::parse(s).ok_or_else(|| {
        let codes: Vec<&str> = ticketcore::i18n::Lang::ALL
            .iter()
            .map(|l| l.code())
            .collect();
        format!("mails are written in {}", codes.join(", "))
    })
}
