//! `conflicts`: double entries and offline admissions of revoked tickets.

use ticketcore::offline::ConflictKind;

use super::Ctx;
use crate::output::{self, Cell, RED, Table, YELLOW};
use crate::tr::{t, t_with};

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
            "{}",
            t_with("cli-conflicts-none", &[("event", &event.slug)])
        );
        return Ok(0);
    }
    let mut table = Table::with_headers(vec![
        t("cli-conflicts-col-kind"),
        t("cli-conflicts-col-code"),
        t("cli-conflicts-col-name"),
        t("cli-conflicts-col-first"),
        t("cli-conflicts-col-offline"),
        t("cli-conflicts-col-received"),
    ]);
    for c in &conflicts {
        let (kind, style) = match c.kind {
            ConflictKind::DoubleEntry => (t("cli-conflict-double-entry"), YELLOW),
            ConflictKind::Revoked => (t("cli-conflict-revoked"), RED),
        };
        let first = match (&c.first_at, &c.first_by) {
            (Some(at), Some(by)) => t_with(
                "cli-conflict-first",
                &[("time", &output::event_time(at, &event)), ("door", by)],
            ),
            _ => String::new(),
        };
        table.row(vec![
            Cell::styled(kind, style),
            c.code.clone().into(),
            c.name.clone().into(),
            first.into(),
            t_with(
                "cli-conflict-offline",
                &[
                    ("time", &output::event_time(&c.offline_at, &event)),
                    ("door", &c.offline_door),
                    ("user", &c.offline_user),
                ],
            )
            .into(),
            output::event_time(&c.received_at, &event).into(),
        ]);
    }
    table.print();
    Ok(0)
}
