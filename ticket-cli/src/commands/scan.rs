//! `scan`, `undo`, `revoke`, `stats`.

use serde::Serialize;
use ticketcore::odds::{self, OddsAdvice};
use ticketcore::{MailCounts, ScanOutcome, Stats, Ticket};

use super::Ctx;
use crate::output::{self, BOLD, DIM, GREEN, RED, YELLOW, paint};

/// Exit status of `scan` for each outcome (INTERFACES.md).
fn exit_status(outcome: &ScanOutcome) -> u8 {
    match outcome {
        ScanOutcome::Admitted { .. } => 0,
        ScanOutcome::AlreadyUsed { .. } => 2,
        ScanOutcome::Unknown => 3,
        ScanOutcome::Revoked { .. } => 4,
        ScanOutcome::Exited { .. } => 0,
    }
}

/// " · party of 4: 3 arrived, 3 inside" for a party of more than one.
fn party_line(ticket: &Ticket) -> String {
    if ticket.persons <= 1 {
        return String::new();
    }
    format!(
        " · party of {}: {} arrived, {} inside",
        ticket.persons, ticket.arrived, ticket.inside
    )
}

/// The ticket's note, on a line of its own.
fn note_line(ticket: &Ticket) {
    if let Some(note) = &ticket.note {
        anstream::println!("{}  {}", paint(YELLOW, "NOTE"), note);
    }
}

fn who(ticket: &Ticket) -> String {
    format!("{} ({})", paint(BOLD, &ticket.name), ticket.code)
}

pub async fn scan(
    ctx: &Ctx,
    code: &str,
    event: &str,
    door: &str,
    persons: Option<u32>,
    exit: bool,
) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let direction = if exit {
        ticketcore::party::Direction::Out
    } else {
        ticketcore::party::Direction::In
    };
    let outcome = office
        .scan_party(&event, code, door, door, persons, direction)
        .await?;
    show(ctx, &event, code, &outcome)?;
    Ok(exit_status(&outcome))
}

/// Prints a scan's outcome as text or JSON.
fn show(
    ctx: &Ctx,
    event: &ticketcore::Event,
    code: &str,
    outcome: &ScanOutcome,
) -> anyhow::Result<()> {
    if ctx.json {
        output::json(outcome)?;
        return Ok(());
    }
    match outcome {
        ScanOutcome::Admitted { ticket } => {
            anstream::println!(
                "{}  {}{}",
                paint(GREEN, "ADMITTED"),
                who(ticket),
                party_line(ticket)
            );
            note_line(ticket);
        }
        ScanOutcome::Exited { ticket } => {
            anstream::println!(
                "{}  {}{}",
                paint(GREEN, "OUT"),
                who(ticket),
                party_line(ticket)
            );
        }
        ScanOutcome::AlreadyUsed { ticket, at, by } => anstream::println!(
            "{}  {} at {} by {}{}",
            paint(RED, "ALREADY USED"),
            who(ticket),
            output::event_time(at, event),
            by,
            party_line(ticket)
        ),
        ScanOutcome::Unknown => anstream::println!(
            "{}  no ticket of {} has the code `{}`",
            paint(RED, "UNKNOWN"),
            event.slug,
            code.trim()
        ),
        ScanOutcome::Revoked { ticket } => {
            anstream::println!("{}  {}", paint(RED, "REVOKED"), who(ticket));
        }
    }
    Ok(())
}

pub async fn walk_in(
    ctx: &Ctx,
    name: &str,
    event: &str,
    persons: u32,
    email: Option<String>,
    door: &str,
) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let walk_in = ticketcore::door_rules::WalkIn {
        name: name.to_string(),
        email,
        persons: Some(persons),
    };
    // The command line acts with an admin's rights (it reads the database).
    let outcome = office
        .add_walk_in(&event, &walk_in, door, ticketcore::Role::Admin, door)
        .await?;
    if ctx.json {
        match outcome.ticket() {
            Some(ticket) => output::json(ticket)?,
            None => output::json(&outcome)?,
        }
        return Ok(exit_status(&outcome));
    }
    if let Some(ticket) = outcome.ticket() {
        anstream::println!(
            "Walk-in added: {} (code {}).",
            paint(BOLD, &ticket.name),
            ticket.code
        );
    }
    show(ctx, &event, &walk_in.name, &outcome)?;
    Ok(exit_status(&outcome))
}

pub async fn undo(ctx: &Ctx, code: &str, event: &str, by: &str) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let ticket = office.undo(&event, code, by).await?;
    if ctx.json {
        output::json(&ticket)?;
    } else {
        if ticket.status == ticketcore::TicketStatus::Valid {
            anstream::println!("Check-in undone: {} is valid again.", who(&ticket));
        } else {
            anstream::println!("Last scan undone: {}{}", who(&ticket), party_line(&ticket));
        }
    }
    Ok(0)
}

pub async fn revoke(ctx: &Ctx, code: &str, event: &str, by: &str) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let ticket = office.revoke(&event, code, by).await?;
    if ctx.json {
        output::json(&ticket)?;
    } else {
        anstream::println!("Revoked: {}; every later scan is refused.", who(&ticket));
    }
    Ok(0)
}

#[derive(Serialize)]
struct StatsReport<'a> {
    event: &'a str,
    #[serde(flatten)]
    tickets: Stats,
    mail: MailCounts,
    odds: OddsAdvice,
}

pub async fn stats(ctx: &Ctx, event: &str, odds_floor: f64) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let tickets = office.stats(&event).await?;
    let mail = office.mail_counts(&event).await?;
    let advice = odds::advise(&event.code_spec, tickets.total, odds_floor);
    if ctx.json {
        output::json(&StatsReport {
            event: &event.slug,
            tickets,
            mail,
            odds: advice,
        })?;
        return Ok(0);
    }
    anstream::println!("{} ({})", paint(BOLD, &event.name), event.slug);
    anstream::println!(
        "tickets  {} total: {} used, {} valid, {} revoked",
        output::count(tickets.total),
        paint(YELLOW, output::count(tickets.used)),
        paint(GREEN, output::count(tickets.valid)),
        output::count(tickets.revoked)
    );
    if tickets.people_total != tickets.total - tickets.revoked || tickets.walk_ins > 0 {
        anstream::println!(
            "people   {} expected: {} arrived, {} inside now{}",
            output::count(tickets.people_total),
            output::count(tickets.people_arrived),
            output::count(tickets.people_inside),
            if tickets.walk_ins > 0 {
                format!(
                    ", {} walk-in{}",
                    output::count(tickets.walk_ins),
                    if tickets.walk_ins == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        );
    }
    let mut mail_line = format!(
        "mail     {} sent, {} pending, {} failed",
        output::count(mail.sent),
        output::count(mail.pending),
        output::count(mail.failed)
    );
    if mail.sending > 0 {
        mail_line.push_str(&format!(
            ", {} interrupted (sent again by the next `send`)",
            output::count(mail.sending)
        ));
    }
    anstream::println!("{mail_line}");
    match advice.odds {
        Some(o) => anstream::println!(
            "odds     a random guess hits 1 in {} {}",
            output::count(o.floor() as u64),
            paint(
                DIM,
                format!("({} possible codes)", output::count(advice.possible_codes))
            )
        ),
        None => anstream::println!(
            "odds     no tickets yet {}",
            paint(
                DIM,
                format!("({} possible codes)", output::count(advice.possible_codes))
            )
        ),
    }
    if advice.below_floor {
        let hint = match advice.suggested_length {
            Some(n) => format!("; for a new event of this size use --code-length {n}"),
            None => String::new(),
        };
        output::warn(format!(
            "codes are easier to guess than 1 in {}{hint}",
            advice.floor
        ));
    }
    Ok(0)
}
