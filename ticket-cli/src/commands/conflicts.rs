//! `conflicts`: double entries and offline admissions of revoked tickets.

use ticketcore::offline::ConflictKind;

use super::Ctx;
use crate::output::{self, Cell, RED, Table, YELLOW};

/// Lists an event's conflicts (see `ticketcore::offline`); exit 0 either way.
pub async fn run(ctx: &Ctx, event: &str) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(event).await?;
    let conflicts = office.conflicts(&event).await?;
    if ctx.json {
        output::json(&conflicts)?;
        return Ok(0);
    }
    if conflicts.is_empty() {
        anstream::println!(
            "no conflicts in {}: no double entries, no revoked ticket admitted offline",
            event.slug
        );
        return Ok(0);
    }
    let mut table = Table::new(&["kind", "code", "name", "first", "offline", "received"]);
    for c in &conflicts {
        let (kind, style) = match c.kind {
            ConflictKind::DoubleEntry => ("double entry", YELLOW),
            ConflictKind::Revoked => ("revoked", RED),
        };
        let first = match (&c.first_at, &c.first_by) {
            (Some(at), Some(by)) => format!("{} at {by}", output::event_time(at, &event)),
            _ => String::new(),
        };
        table.row(vec![
            Cell::styled(kind, style),
            c.code.clone().into(),
            c.name.clone().into(),
            first.into(),
            format!(
                "{} at {} ({})",
                output::event_time(&c.offline_at, &event),
                c.offline_door,
                c.offline_user
            )
            .into(),
            output::event_time(&c.received_at, &event).into(),
        ]);
    }
    table.print();
    Ok(0)
}
