//! `tickets`: list an event's tickets as a table, CSV or JSON.

use anyhow::Context as _;
use serde::Serialize;
use ticketcore::{MailStatus, Ticket, TicketFilter, TicketStatus, Timestamp};

use super::Ctx;
use crate::args::{Format, StatusArg, TicketsArgs};
use crate::output::{self, Cell, GREEN, RED, Table, YELLOW};

pub async fn run(ctx: &Ctx, args: TicketsArgs) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(&args.event).await?;
    let filter = TicketFilter {
        status: args.status.map(|s| match s {
            StatusArg::Valid => TicketStatus::Valid,
            StatusArg::Used => TicketStatus::Used,
            StatusArg::Revoked => TicketStatus::Revoked,
        }),
        search: args.search.filter(|s| !s.trim().is_empty()),
        ..TicketFilter::default()
    };
    let tickets = office.tickets(&event, &filter).await?;
    let format = if ctx.json { Format::Json } else { args.format };
    match format {
        Format::Json => output::json(&tickets)?,
        Format::Csv => csv(&tickets)?,
        Format::Table => table(&tickets),
    }
    Ok(0)
}

/// One CSV line; times in the same RFC 3339 form as the JSON.
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

fn csv(tickets: &[Ticket]) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    if tickets.is_empty() {
        // Still write the header, so a script sees the columns.
        out.write_record([
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
        ])?;
    }
    for t in tickets {
        out.serialize(CsvRow {
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
        })?;
    }
    out.flush().context("cannot write to stdout")?;
    Ok(())
}

fn table(tickets: &[Ticket]) {
    if tickets.is_empty() {
        anstream::println!("No tickets match.");
        return;
    }
    let mut table = Table::new(&["CODE", "NAME", "EMAIL", "STATUS", "USED AT", "BY", "MAIL"]);
    for t in tickets {
        let status = match t.status {
            TicketStatus::Valid => Cell::styled("valid", GREEN),
            TicketStatus::Used => Cell::styled("used", YELLOW),
            TicketStatus::Revoked => Cell::styled("revoked", RED),
        };
        let mail = match (t.mail_status, &t.mail_error) {
            (MailStatus::Failed, Some(reason)) => Cell::styled(format!("failed: {reason}"), RED),
            (status, _) => Cell::from(status.as_str()),
        };
        table.row(vec![
            Cell::from(t.code.as_str()),
            Cell::from(t.name.as_str()),
            Cell::from(t.email.as_str()),
            status,
            Cell::from(output::time_opt(t.used_at.as_ref())),
            Cell::from(t.used_by.clone().unwrap_or_default()),
            mail,
        ]);
    }
    table.print();
    anstream::println!(
        "{}",
        output::paint(
            output::DIM,
            format!(
                "{} ticket{}",
                output::count(tickets.len() as u64),
                if tickets.len() == 1 { "" } else { "s" }
            )
        )
    );
}
