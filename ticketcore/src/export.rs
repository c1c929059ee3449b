//! Ticket lists as CSV, the one format both frontends export.
//!
//! Columns: `code, name, email, salutation, status, used_at, used_by,
//! revoked_at, mail_status, mail_sent_at, mail_error, mail_attempts,
//! created_at, id`. The file starts with a UTF-8 byte-order mark (so Excel
//! reads umlauts right). Instants are RFC 3339 to the second on the event's
//! clock with its offset (`2026-12-07T21:14:03+01:00`), as the screens show
//! them. The header is written even for an empty list, so scripts always
//! see the columns.
//!
//! Text that a spreadsheet would run as a formula (a cell starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return: OWASP's rule for CSV
//! injection) is written with a leading `'`, so a guest name or a door name
//! such as `=HYPERLINK(…)` stays text when the organiser opens the file in
//! LibreOffice or Excel ([`neutralise`]).

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Event, MailStatus, Ticket, TicketStatus, Timestamp};

/// The column titles, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "code",
    "name",
    "email",
    "salutation",
    "status",
    "used_at",
    "used_by",
    "revoked_at",
    "mail_status",
    "mail_sent_at",
    "mail_error",
    "mail_attempts",
    "created_at",
    "id",
    "persons",
    "arrived",
    "inside",
    "note",
    "walk_in",
];

#[derive(Serialize)]
struct CsvRow<'a> {
    code: Cow<'a, str>,
    name: Cow<'a, str>,
    email: Cow<'a, str>,
    salutation: Option<Cow<'a, str>>,
    status: TicketStatus,
    used_at: Option<String>,
    used_by: Option<Cow<'a, str>>,
    revoked_at: Option<String>,
    mail_status: MailStatus,
    mail_sent_at: Option<String>,
    mail_error: Option<Cow<'a, str>>,
    mail_attempts: u32,
    created_at: String,
    id: i64,
    persons: u32,
    arrived: u32,
    inside: u32,
    note: Option<Cow<'a, str>>,
    /// `yes` or `no`.
    walk_in: &'static str,
}

/// `text` as a spreadsheet shows it as text: with a `'` in front when it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return (which
/// spreadsheets read as the start of a formula), else unchanged.
///
/// ```
/// use ticketcore::export::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise("Anna Berg"), "Anna Berg");
/// ```
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes `tickets` of `event` as CSV (RFC 4180, via the `csv` crate) to
/// `out`, with a byte-order mark and times on the event's clock; free
/// text goes through [`neutralise`].
///
/// # Errors
/// [`Error::Internal`] when writing to `out` fails (e.g. a closed pipe).
pub fn write_tickets_csv<W: Write>(mut out: W, event: &Event, tickets: &[Ticket]) -> Result<()> {
    let fail = |e: csv::Error| Error::Internal(format!("cannot write CSV: {e}"));
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))?;
    let local = |t: &Timestamp| {
        t.with_timezone(&event.time_zone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    };
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    w.write_record(CSV_COLUMNS).map_err(fail)?;
    for t in tickets {
        w.serialize(CsvRow {
            code: neutralise(&t.code),
            name: neutralise(&t.name),
            email: neutralise(&t.email),
            salutation: t.salutation.as_deref().map(neutralise),
            status: t.status,
            used_at: t.used_at.as_ref().map(local),
            used_by: t.used_by.as_deref().map(neutralise),
            revoked_at: t.revoked_at.as_ref().map(local),
            mail_status: t.mail_status,
            mail_sent_at: t.mail_sent_at.as_ref().map(local),
            mail_error: t.mail_error.as_deref().map(neutralise),
            mail_attempts: t.mail_attempts,
            created_at: local(&t.created_at),
            id: t.id.0,
            persons: t.persons,
            arrived: t.arrived,
            inside: t.inside,
            note: t.note.as_deref().map(neutralise),
            walk_in: if t.walk_in { "yes" } else { "no" },
        })
        .map_err(fail)?;
    }
    w.flush()
        .map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))
}
