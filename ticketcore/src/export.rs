//! Ticket lists as CSV, the one format both frontends export.
//!
//! Columns: `code, name, email, salutation, status, used_at, used_by,
//! revoked_at, mail_status, mail_sent_at, mail_error, mail_attempts,
//! created_at, id`. Instants are RFC 3339 in UTC, as in JSON. The header is
//! written even for an empty list, so scripts always see the columns.

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{MailStatus, Ticket, TicketStatus, Timestamp};

/// The column titles, in order.
pub const CSV_COLUMNS: [&str; 14] = [
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
];

#[derive(Serialize)]
struct CsvRow<'a> {
    code: &'a str,
    name: &'a str,
    email: &'a str,
    salutation: Option<&'a str>,
    status: TicketStatus,
    used_at: Option<&'a Timestamp>,
    used_by: Option<&'a str>,
    revoked_at: Option<&'a Timestamp>,
    mail_status: MailStatus,
    mail_sent_at: Option<&'a Timestamp>,
    mail_error: Option<&'a str>,
    mail_attempts: u32,
    created_at: &'a Timestamp,
    id: i64,
}

/// Writes `tickets` as CSV (RFC 4180, via the `csv` crate) to `out`.
///
/// # Errors
/// [`Error::Internal`] when writing to `out` fails (e.g. a closed pipe).
pub fn write_tickets_csv<W: Write>(out: W, tickets: &[Ticket]) -> Result<()> {
    let fail = |e: csv::Error| Error::Internal(format!("cannot write CSV: {e}"));
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    w.write_record(CSV_COLUMNS).map_err(fail)?;
    for t in tickets {
        w.serialize(CsvRow {
            code: &t.code,
            name: &t.name,
            email: &t.email,
            salutation: t.salutation.as_deref(),
            status: t.status,
            used_at: t.used_at.as_ref(),
            used_by: t.used_by.as_deref(),
            revoked_at: t.revoked_at.as_ref(),
            mail_status: t.mail_status,
            mail_sent_at: t.mail_sent_at.as_ref(),
            mail_error: t.mail_error.as_deref(),
            mail_attempts: t.mail_attempts,
            created_at: &t.created_at,
            id: t.id.0,
        })
        .map_err(fail)?;
    }
    w.flush()
        .map_err(|e| Error::Internal(format!("cannot write CSV: {e}")))
}
