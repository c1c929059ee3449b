//! `send`: mail every guest who has not got their ticket yet.

use std::io::IsTerminal as _;

use anyhow::{Context as _, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use ticketcore::mail::{self, MailTemplate, Mailer, SendOptions, SendProgress, SendReport};
use ticketcore::settings::Settings;

use super::Ctx;
use crate::args::SendArgs;
use crate::output::{self, BOLD, Cell, GREEN, RED, Table, YELLOW, paint};

#[derive(Serialize)]
struct Report<'a> {
    event: &'a str,
    delivery: String,
    template_saved: bool,
    requeued: u64,
    #[serde(flatten)]
    report: &'a SendReport,
}

/// Reads and checks a template file (see `send --help`).
fn read_template(path: &std::path::Path) -> anyhow::Result<MailTemplate> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the template file `{}`", path.display()))?;
    let template = ticketcore::template_file::parse_template_file(&text)
        .with_context(|| format!("template file `{}`", path.display()))?;
    template
        .check()
        .with_context(|| format!("template file `{}`", path.display()))?;
    Ok(template)
}

pub async fn run(ctx: &Ctx, args: SendArgs) -> anyhow::Result<u8> {
    // Everything that can be checked without the database comes first, so a
    // mistake changes nothing.
    let flag_from = args
        .mail_from
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(mail::parse_mailbox)
        .transpose()?;
    let template = args.template.as_deref().map(read_template).transpose()?;
    let flag_smtp = args
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = flag_smtp {
        Mailer::check_url(url)?;
    }
    let office = ctx.office().await?;
    let event = office.event(&args.event).await?;
    // The flags given for this run win over the settings stored by an
    // admin (the settings page of ticket-web); the event's own sender wins
    // over both.
    let stored = office.settings(&Settings::default()).await?;
    let from = match &flag_from {
        Some(from) => Some(from.clone()),
        None => stored.mail_from()?,
    };
    let sender = match ticketcore::settings::sender_for(&event, from.as_ref()) {
        Ok(sender) => sender,
        Err(ticketcore::Error::InvalidInput { reason, .. }) => {
            return Err(anyhow!(
                "{reason}: give --mail-from (or TICKET_MAIL_FROM), e.g. --mail-from \"Summer Ball <tickets@example.org>\""
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if event.sender.is_some() && flag_from.as_ref().is_some_and(|f| *f != sender) {
        output::note(format!(
            "mails go out as {sender}, the event's own sender (--mail-from is for events without one)"
        ));
    }
    let smtp = flag_smtp.or(stored.values.smtp_url.as_deref());
    let mailer = Mailer::from_settings(smtp, &args.outbox)?;
    if !args.dry_run {
        match mailer.check().await {
            Ok(()) => {}
            Err(ticketcore::Error::InvalidInput { reason, .. }) => {
                return Err(anyhow!("mail cannot go out: {reason}"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let options = SendOptions {
        concurrency: usize::from(args.concurrency),
        per_minute: args.per_minute,
        dry_run: args.dry_run,
        ..SendOptions::default()
    };

    let mut template_saved = false;
    let mut requeued = 0;
    if args.dry_run {
        if args.resend {
            output::note(
                "dry run: nothing is queued again, so only mails still waiting are rendered",
            );
        }
    } else {
        if let Some(t) = &template {
            office.set_mail_template(&event, Some(t)).await?;
            template_saved = true;
        }
        if args.resend {
            requeued = office.resend(&event, None).await?;
        }
    }

    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(if args.dry_run { "rendering" } else { "sending" });
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Some(bar)
    } else {
        None
    };
    let on_progress = {
        let bar = bar.clone();
        move |p: SendProgress| {
            if let Some(bar) = &bar {
                bar.set_length(p.total);
                bar.set_position(p.done);
            }
        }
    };
    let result = match (&template, args.dry_run) {
        // A dry run with a new template renders with it without saving it.
        (Some(t), true) => {
            office
                .send_tickets_with(&event, t, &mailer, from.as_ref(), &options, &on_progress)
                .await
        }
        _ => {
            office
                .send_tickets(&event, &mailer, from.as_ref(), &options, &on_progress)
                .await
        }
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result?;
    if bar.is_none() {
        anstream::eprintln!(
            "send: {} {}, {} failed, {} remaining{}",
            report.sent,
            if report.dry_run { "rendered" } else { "sent" },
            report.failed.len(),
            report.remaining,
            if report.stopped.is_some() {
                ", stopped"
            } else {
                ""
            }
        );
    }

    if ctx.json {
        output::json(&Report {
            event: &event.slug,
            delivery: mailer.describe(),
            template_saved,
            requeued,
            report: &report,
        })?;
    } else {
        print_report(&report, &mailer, template_saved, requeued);
    }
    if let Some(reason) = &report.stopped {
        crate::failure::report(&anyhow!("the run stopped early: {reason}"));
        return Ok(1);
    }
    if !report.failed.is_empty() {
        crate::failure::report(&anyhow!(
            "{} failed",
            plural(report.failed.len() as u64, "mail")
        ));
        return Ok(1);
    }
    Ok(0)
}

fn print_report(report: &SendReport, mailer: &Mailer, template_saved: bool, requeued: u64) {
    if template_saved {
        anstream::println!("Template saved as the event's mail template.");
    }
    if requeued > 0 {
        anstream::println!("{} queued to be mailed again.", plural(requeued, "ticket"));
    }
    if report.dry_run {
        anstream::println!(
            "Dry run: {} rendered, none sent.",
            paint(BOLD, plural(report.sent, "mail"))
        );
    } else {
        anstream::println!(
            "Sent {} to the {}.",
            paint(GREEN, plural(report.sent, "mail")),
            mailer.describe()
        );
    }
    if !report.failed.is_empty() {
        anstream::println!("{} {}:", paint(RED, "Failed"), report.failed.len());
        let mut table = Table::new(&["NAME", "EMAIL", "REASON"]);
        for f in &report.failed {
            table.row(vec![
                Cell::from(f.name.as_str()),
                Cell::from(f.email.as_str()),
                Cell::from(f.reason.as_str()),
            ]);
        }
        table.print();
    }
    if let Some(reason) = &report.stopped {
        anstream::println!("{} {reason}", paint(RED, "Stopped:"));
    }
    if report.interrupted > 0 {
        anstream::println!(
            "{} {} of an earlier, interrupted run {}; those guests may get the mail twice.",
            paint(YELLOW, "Interrupted:"),
            plural(report.interrupted, "mail"),
            if report.dry_run {
                "would be sent again"
            } else {
                "were sent again"
            }
        );
    }
    if report.remaining > 0 {
        anstream::println!(
            "Remaining: {} waiting for mail; run `send` again to retry.",
            plural(report.remaining, "ticket")
        );
    } else if !report.dry_run {
        anstream::println!("Remaining: none, every guest has their mail.");
    }
}

/// `1 mail`, `2 mails`.
fn plural(n: u64, word: &str) -> String {
    format!(
        "{} {word}{}",
        output::count(n),
        if n == 1 { "" } else { "s" }
    )
}
