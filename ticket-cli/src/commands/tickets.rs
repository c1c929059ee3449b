//! `tickets`: list an event's tickets as a table, CSV or JSON.

use ticketcore::{Event, MailStatus, Ticket, TicketFilter, TicketStatus};

use super::Ctx;
use crate::args::{Format, StatusArg, TicketsArgs};
use crate::output::{self, Cell, GREEN, RED, Table, YELLOW};
use crate::tr::{t, t_with, tn};

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
        Format::Csv => csv(&event, &tickets)?,
        Format::Table => table(&tickets, &event),
        Format::Print => print(&event, &tickets)?,
    }
    Ok(0)
}

fn csv(event: &Event, tickets: &[Ticket]) -> anyhow::Result<()> {
    ticketcore::export::write_tickets_csv(std::io::stdout().lock(), event, tickets)?;
    Ok(())
}

fn print(event: &Event, tickets: &[Ticket]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let list =
        ticketcore::paper::door_list(event, tickets, &ticketcore::model::now(), crate::tr::lang());
    let mut out = std::io::stdout().lock();
    out.write_all(ticketcore::paper::door_list_html(&list, crate::tr::lang()).as_bytes())?;
    out.flush()?;
    Ok(())
}

fn table(tickets: &[Ticket], event: &Event) {
    if tickets.is_empty() {
        anstream::println!("{}", t("cli-tickets-none"));
        return;
    }
    let headers: Vec<String> = ["code", "name", "email", "status", "used-at", "by", "mail"]
        .iter()
        .map(|c| crate::tr::t(&format!("cli-tickets-col-{c}")))
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(&headers);
    for t in tickets {
        let status = match t.status {
            TicketStatus::Valid => Cell::styled(crate::tr::t("cli-status-valid"), GREEN),
            TicketStatus::Used => Cell::styled(crate::tr::t("cli-status-used"), YELLOW),
            TicketStatus::Revoked => Cell::styled(crate::tr::t("cli-status-revoked"), RED),
        };
        let mail = match (t.mail_status, &t.mail_error) {
            (MailStatus::Failed, Some(reason)) => Cell::styled(
                t_with("cli-mail-failed-because", &[("reason", reason)]),
                RED,
            ),
            (MailStatus::Pending, _) => Cell::from(crate::tr::t("cli-mail-pending")),
            (MailStatus::Sending, _) => Cell::from(crate::tr::t("cli-mail-sending")),
            (MailStatus::Sent, _) => Cell::from(crate::tr::t("cli-mail-sent")),
            (MailStatus::Failed, None) => Cell::from(crate::tr::t("cli-mail-failed")),
            (MailStatus::NotMailed, _) => Cell::from(crate::tr::t("cli-mail-none")),
        };
        table.row(vec![
            Cell::from(t.code.as_str()),
            Cell::from(t.name.as_str()),
            Cell::from(t.email.as_str()),
            status,
            Cell::from(
                t.used_at
                    .as_ref()
                    .map(|at| output::event_time(at, event))
                    .unwrap_or_default(),
            ),
            Cell::from(t.used_by.clone().unwrap_or_default()),
            mail,
        ]);
    }
    table.print();
    anstream::println!(
        "{}",
        output::paint(
            output::DIM,
            tn(
                "cli-tickets-count",
                tickets.len() as u64,
                &[("count", &output::count(tickets.len() as u64))],
            )
        )
    );
}
