//! `scan`, `undo`, `revoke`, `stats`.

use serde::Serialize;
use ticketcore::odds::{self, OddsAdvice};
use ticketcore::{MailCounts, ScanOutcome, Stats, Ticket};

use super::Ctx;
use crate::output::{self, BOLD, DIM, GREEN, RED, YELLOW, paint};
use crate::tr::{t, t_with, tn};

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
        " {}",
        t_with(
            "cli-scan-party",
            &[
                ("persons", &ticket.persons),
                ("arrived", &ticket.arrived),
                ("inside", &ticket.inside),
            ],
        )
    )
}

/// The ticket's note, on a line of its own.
fn note_line(ticket: &Ticket) {
    if let Some(note) = &ticket.note {
        anstream::println!("{}  {}", paint(YELLOW, t("cli-scan-note")), note);
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
                paint(GREEN, t("cli-scan-admitted")),
                who(ticket),
                party_line(ticket)
            );
            note_line(ticket);
        }
        ScanOutcome::Exited { ticket } => {
            anstream::println!(
                "{}  {}{}",
                paint(GREEN, t("cli-scan-out")),
                who(ticket),
                party_line(ticket)
            );
        }
        ScanOutcome::AlreadyUsed { ticket, at, by } => anstream::println!(
            "{}  {}{}",
            paint(RED, t("cli-scan-already-used")),
            t_with(
                "cli-scan-used-at",
                &[
                    ("who", &who(ticket)),
                    ("time", &output::event_time(at, event)),
                    ("by", by),
                ],
            ),
            party_line(ticket)
        ),
        ScanOutcome::Unknown => anstream::println!(
            "{}  {}",
            paint(RED, t("cli-scan-unknown")),
            t_with(
                "cli-scan-unknown-code",
                &[("event", &event.slug), ("code", &code.trim())],
            )
        ),
        ScanOutcome::Revoked { ticket } => {
            anstream::println!("{}  {}", paint(RED, t("cli-scan-revoked")), who(ticket));
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
            "{}",
            t_with(
                "cli-walk-in-added",
                &[("name", &paint(BOLD, &ticket.name)), ("code", &ticket.code)],
            )
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
            anstream::println!(
                "{}",
                t_with("cli-undo-valid-again", &[("who", &who(&ticket))])
            );
        } else {
            anstream::println!(
                "{}{}",
                t_with("cli-undo-last-scan", &[("who", &who(&ticket))]),
                party_line(&ticket)
            );
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
        anstream::println!("{}", t_with("cli-revoked", &[("who", &who(&ticket))]));
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
    // The labels in a column of their own: as wide as the widest, plus two.
    let labels = [
        t("cli-stats-tickets"),
        t("cli-stats-people"),
        t("cli-stats-mail"),
        t("cli-stats-odds"),
    ];
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let [tickets_label, people_label, mail_label, odds_label] = &labels;
    anstream::println!(
        "{tickets_label:<width$}{}",
        t_with(
            "cli-stats-tickets-line",
            &[
                ("total", &output::count(tickets.total)),
                ("used", &paint(YELLOW, output::count(tickets.used))),
                ("valid", &paint(GREEN, output::count(tickets.valid))),
                ("revoked", &output::count(tickets.revoked)),
            ],
        )
    );
    if tickets.people_total != tickets.total - tickets.revoked || tickets.walk_ins > 0 {
        anstream::println!(
            "{people_label:<width$}{}{}",
            t_with(
                "cli-stats-people-line",
                &[
                    ("expected", &output::count(tickets.people_total)),
                    ("arrived", &output::count(tickets.people_arrived)),
                    ("inside", &output::count(tickets.people_inside)),
                ],
            ),
            if tickets.walk_ins > 0 {
                tn(
                    "cli-stats-walk-ins",
                    tickets.walk_ins,
                    &[("count", &output::count(tickets.walk_ins))],
                )
            } else {
                String::new()
            }
        );
    }
    let mut mail_line = t_with(
        "cli-stats-mail-line",
        &[
            ("sent", &output::count(mail.sent)),
            ("pending", &output::count(mail.pending)),
            ("failed", &output::count(mail.failed)),
        ],
    );
    if mail.sending > 0 {
        mail_line.push_str(&t_with(
            "cli-stats-mail-interrupted",
            &[("count", &output::count(mail.sending))],
        ));
    }
    anstream::println!("{mail_label:<width$}{mail_line}");
    let possible = paint(
        DIM,
        t_with(
            "cli-stats-possible-codes",
            &[("count", &output::count(advice.possible_codes))],
        ),
    );
    match advice.odds {
        Some(o) => anstream::println!(
            "{odds_label:<width$}{}",
            t_with(
                "cli-stats-odds-line",
                &[
                    ("odds", &output::count(o.floor() as u64)),
                    ("possible", &possible),
                ],
            )
        ),
        None => anstream::println!(
            "{odds_label:<width$}{}",
            t_with("cli-stats-odds-none", &[("possible", &possible)])
        ),
    }
    if advice.below_floor {
        let hint = match advice.suggested_length {
            Some(n) => t_with("cli-stats-hint-code-length", &[("length", &n)]),
            None => String::new(),
        };
        output::warn(t_with(
            "cli-stats-weak-codes",
            &[("floor", &advice.floor), ("hint", &hint)],
        ));
    }
    Ok(0)
}
