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
use crate::tr::{t, t_with, tn};

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
        .with_context(|| t_with("cli-cannot-read-template", &[("path", &path.display())]))?;
    let template = ticketcore::template_file::parse_template_file(&text)
        .with_context(|| t_with("cli-template-file", &[("path", &path.display())]))?;
    template
        .check()
        .with_context(|| t_with("cli-template-file", &[("path", &path.display())]))?;
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
            return Err(anyhow!(t_with(
                "cli-send-no-sender",
                &[("reason", &reason.text(crate::tr::lang()))]
            )));
        }
        Err(e) => return Err(e.into()),
    };
    if event.sender.is_some() && flag_from.as_ref().is_some_and(|f| *f != sender) {
        output::note(t_with("cli-send-event-sender", &[("sender", &sender)]));
    }
    let smtp = flag_smtp.or(stored.values.smtp_url.as_deref());
    let mailer = Mailer::from_settings(smtp, &args.outbox)?;
    if !args.dry_run {
        match mailer.check().await {
            Ok(()) => {}
            Err(ticketcore::Error::InvalidInput { reason, .. }) => {
                return Err(anyhow!(t_with(
                    "cli-send-cannot-go-out",
                    &[("reason", &reason.text(crate::tr::lang()))]
                )));
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
            output::note(t("cli-send-dry-run-resend"));
        }
    } else {
        if let Some(t) = &template {
            let lang = args.language.unwrap_or(event.language);
            office.set_mail_template(&event, lang, Some(t)).await?;
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
        bar.set_message(if args.dry_run {
            t("cli-send-progress-rendering")
        } else {
            t("cli-send-progress-sending")
        });
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
                .send_tickets_with(
                    &event,
                    t,
                    Some(args.language.unwrap_or(event.language)),
                    &mailer,
                    from.as_ref(),
                    &options,
                    &on_progress,
                )
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
            "{}",
            t_with(
                if report.dry_run {
                    "cli-send-summary-rendered"
                } else {
                    "cli-send-summary-sent"
                },
                &[
                    ("sent", &report.sent),
                    ("failed", &report.failed.len()),
                    ("remaining", &report.remaining),
                    (
                        "stopped",
                        &if report.stopped.is_some() {
                            t("cli-send-summary-stopped")
                        } else {
                            String::new()
                        },
                    ),
                ],
            )
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
        crate::failure::report(&anyhow!(t_with(
            "cli-send-stopped-early",
            &[("reason", reason)]
        )));
        return Ok(1);
    }
    if !report.failed.is_empty() {
        let n = report.failed.len() as u64;
        crate::failure::report(&anyhow!(tn(
            "cli-send-mails-failed",
            n,
            &[("count", &output::count(n))]
        )));
        return Ok(1);
    }
    Ok(0)
}

fn print_report(report: &SendReport, mailer: &Mailer, template_saved: bool, requeued: u64) {
    if template_saved {
        anstream::println!("{}", t("cli-send-template-saved"));
    }
    if requeued > 0 {
        anstream::println!(
            "{}",
            tn(
                "cli-send-requeued",
                requeued,
                &[("count", &output::count(requeued))]
            )
        );
    }
    if report.dry_run {
        anstream::println!(
            "{}",
            t_with(
                "cli-send-dry-run-done",
                &[("mails", &paint(BOLD, mails(report.sent)))]
            )
        );
    } else {
        anstream::println!(
            "{}",
            t_with(
                "cli-send-sent",
                &[
                    ("mails", &paint(GREEN, mails(report.sent))),
                    ("delivery", &mailer.described().text(crate::tr::lang())),
                ],
            )
        );
    }
    if !report.failed.is_empty() {
        anstream::println!(
            "{} {}:",
            paint(RED, t("cli-send-failed-label")),
            report.failed.len()
        );
        let mut table = Table::with_headers(vec![
            t("cli-send-col-name"),
            t("cli-send-col-email"),
            t("cli-send-col-reason"),
        ]);
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
        anstream::println!("{} {reason}", paint(RED, t("cli-send-stopped-label")));
    }
    if report.interrupted > 0 {
        anstream::println!(
            "{} {}",
            paint(YELLOW, t("cli-send-interrupted-label")),
            tn(
                if report.dry_run {
                    "cli-send-interrupted-dry-run"
                } else {
                    "cli-send-interrupted"
                },
                report.interrupted,
                &[("count", &output::count(report.interrupted))],
            )
        );
    }
    if report.remaining > 0 {
        anstream::println!(
            "{}",
            tn(
                "cli-send-remaining",
                report.remaining,
                &[("count", &output::count(report.remaining))],
            )
        );
    } else if !report.dry_run {
        anstream::println!("{}", t("cli-send-remaining-none"));
    }
}

/// `1 mail`, `2 mails`.
fn mails(n: u64) -> String {
    tn("cli-mails", n, &[("count", &output::count(n))])
}
