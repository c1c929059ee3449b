//! The send run: mail every pending ticket of an event, durably.
//!
//! The run claims tickets in chunks of `concurrency` (marking them `sending`
//! in one transaction), delivers the chunk concurrently, then records every
//! result in one transaction. So:
//! - a rerun never mails a `sent` ticket again;
//! - a crash or kill loses nothing: the next run mails every ticket still
//!   `pending`, `failed` or `sending`;
//! - at most one chunk (`concurrency` mails) can have been delivered without
//!   its result recorded; the next run finds them still `sending`, sends them
//!   again, and says so in [`SendReport::interrupted`] (they may arrive twice).
//!
//! One run per event mails at a time, whichever process or instance starts
//! it: a run holds the event's [`crate::mail::MailLease`] (see
//! [`crate::mail::lease`]); a second run stops with [`Error::MailRunBusy`]
//! before mailing anyone.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{Quota, RateLimiter};
use serde::Serialize;
use tokio::task::JoinSet;

use crate::error::{Error, Result};
use crate::mail::{Delivery, MailTemplates, Mailbox, Mailer, build_message};
use crate::model::{Event, MailResult, Ticket, TicketId, now};
use crate::store::Store;

/// How a send run behaves.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// Mails delivered at once (default 4; at least 1).
    pub concurrency: usize,
    /// At most this many mails per minute (`None`: as fast as the server takes them).
    /// Gmail, for example, allows about 20 per minute from one account.
    pub per_minute: Option<NonZeroU32>,
    /// Also retry tickets whose last attempt failed (default true).
    pub retry_failed: bool,
    /// Retries of a temporary failure within the run (default 3).
    pub retries: u32,
    /// First backoff before a retry; doubles each time (default 2 s).
    pub backoff: Duration,
    /// Stop the run after this many temporary failures in a row that retries
    /// did not cure (default 5): the server is down, not the guests.
    pub max_consecutive_temporary: u32,
    /// Render every mail but deliver none.
    pub dry_run: bool,
}

impl Default for SendOptions {
    fn default() -> Self {
        SendOptions {
            concurrency: 4,
            per_minute: None,
            retry_failed: true,
            retries: 3,
            backoff: Duration::from_secs(2),
            max_consecutive_temporary: 5,
            dry_run: false,
        }
    }
}

/// Progress of a run, reported after every chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SendProgress {
    /// Mails this run set out to send.
    pub total: u64,
    /// Mails attempted so far.
    pub done: u64,
    /// Delivered so far.
    pub sent: u64,
    /// Failed so far.
    pub failed: u64,
}

/// A guest whose mail failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedMail {
    /// The ticket.
    pub ticket_id: TicketId,
    /// Its code.
    pub code: String,
    /// Guest name.
    pub name: String,
    /// Guest address.
    pub email: String,
    /// Why it failed (the server's reply).
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SendReport {
    /// Mails delivered (or, in a dry run, rendered).
    pub sent: u64,
    /// Mails refused for their recipient, or given up after temporary failures.
    pub failed: Vec<FailedMail>,
    /// Why the run stopped early (a quota, login or policy refusal, an outbox
    /// that cannot be written, a server that keeps failing); the remaining
    /// guests stay pending for the next run.
    pub stopped: Option<String>,
    /// Mails an earlier, interrupted run had handed to the server without
    /// recording the result; this run sent them again, so they may arrive twice.
    pub interrupted: u64,
    /// Tickets still waiting for mail after this run (pending, or failed and not retried).
    pub remaining: u64,
    /// Nothing was delivered: only rendered.
    pub dry_run: bool,
}

/// Mails every pending ticket of `event` (and failed ones when
/// `options.retry_failed`), calling `progress` after every chunk.
///
/// Holds the event's mail lease for the whole run (not for a dry run, which
/// sends nothing), so two runs never mail one event at once.
///
/// # Errors
/// [`Error::InvalidInput`] for a broken template (nothing is sent);
/// [`Error::MailRunBusy`] when another run is mailing the event (nothing is
/// sent); or a database error (results recorded so far stay recorded).
pub async fn send_tickets<S: Store>(
    store: &S,
    event: &Event,
    mailer: &Mailer,
    from: &Mailbox,
    templates: &MailTemplates,
    options: &SendOptions,
    progress: &(dyn Fn(SendProgress) + Send + Sync),
) -> Result<SendReport> {
    let compiled = Arc::new(templates.compile()?);
    templates.check()?;
    if options.dry_run {
        return dry_run(store, event, from, &compiled, options).await;
    }
    let lease = super::lease::take(store, event.id).await?;
    let result = deliver_all(
        store, event, mailer, from, compiled, options, progress, &lease,
    )
    .await;
    lease.release().await;
    result
}

/// Renders every waiting mail to find template problems; delivers nothing.
async fn dry_run<S: Store>(
    store: &S,
    event: &Event,
    from: &Mailbox,
    compiled: &crate::mail::template::CompiledTemplates,
    options: &SendOptions,
) -> Result<SendReport> {
    let counts = store.mail_counts(event.id).await?;
    let mut report = SendReport {
        interrupted: counts.sending,
        dry_run: true,
        ..SendReport::default()
    };
    let tickets = store
        .tickets(event.id, &crate::model::TicketFilter::default())
        .await?;
    for t in tickets.iter().filter(|t| waiting(t, options.retry_failed)) {
        let mail = compiled.render(event, t)?;
        if build_message(from, &t.name, &t.email, &t.code, &mail).is_err() {
            report.failed.push(failed(t, "not a valid address"));
        } else {
            report.sent += 1;
        }
    }
    report.remaining = waiting_total(&counts, options);
    Ok(report)
}

/// Tickets a run sets out to mail, from the event's mail counts.
fn waiting_total(counts: &crate::model::MailCounts, options: &SendOptions) -> u64 {
    counts.pending
        + counts.sending
        + if options.retry_failed {
            counts.failed
        } else {
            0
        }
}

/// The run itself, while `lease` is held.
#[allow(clippy::too_many_arguments)]
async fn deliver_all<S: Store>(
    store: &S,
    event: &Event,
    mailer: &Mailer,
    from: &Mailbox,
    compiled: Arc<crate::mail::template::CompiledTemplates>,
    options: &SendOptions,
    progress: &(dyn Fn(SendProgress) + Send + Sync),
    lease: &super::lease::Held<S>,
) -> Result<SendReport> {
    let counts = store.mail_counts(event.id).await?;
    let mut report = SendReport {
        interrupted: counts.sending,
        ..SendReport::default()
    };
    let mut status = SendProgress {
        total: waiting_total(&counts, options),
        ..SendProgress::default()
    };
    progress(status);
    let limiter = options.per_minute.map(|n| {
        let period = Duration::from_secs(60) / n.get();
        Arc::new(RateLimiter::direct(
            Quota::with_period(period).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN)),
        ))
    });
    let concurrency = options.concurrency.max(1);
    let mut cursor = TicketId(0);
    let mut consecutive_temporary = 0u32;
    let standing = lease.standing();
    loop {
        // In memory: the lease is renewed in the background (see `lease`).
        if !standing.may_deliver() {
            report.stopped = Some(LAPSED.into());
            break;
        }
        let chunk = store
            .claim_mail(event.id, cursor, options.retry_failed, concurrency as u32)
            .await?;
        let Some(last) = chunk.last() else { break };
        cursor = last.id;
        let mut jobs = JoinSet::new();
        for (slot, ticket) in chunk.iter().cloned().enumerate() {
            let (mailer, from, compiled, event, limiter, options, standing) = (
                mailer.clone(),
                from.clone(),
                compiled.clone(),
                event.clone(),
                limiter.clone(),
                options.clone(),
                standing.clone(),
            );
            jobs.spawn(async move {
                if let Some(l) = &limiter {
                    l.until_ready().await;
                }
                // No mail once the hold on the event may have lapsed: another
                // run may be mailing these guests by now.
                if !standing.may_deliver() {
                    return (slot, None);
                }
                let outcome =
                    deliver_one(&mailer, &from, &compiled, &event, &ticket, &options).await;
                (slot, Some(outcome))
            });
        }
        // `Some(None)`: not attempted because the hold lapsed.
        let mut outcomes: Vec<Option<Option<Result<(), Delivery>>>> = vec![None; chunk.len()];
        while let Some(joined) = jobs.join_next().await {
            let (slot, outcome) =
                joined.map_err(|e| Error::Internal(format!("mail task failed: {e}")))?;
            outcomes[slot] = Some(outcome);
        }
        let mut results = Vec::with_capacity(chunk.len());
        for (ticket, outcome) in chunk.iter().zip(outcomes) {
            let Some(outcome) =
                outcome.unwrap_or_else(|| Some(Err(Delivery::Temporary("not attempted".into()))))
            else {
                // Left `sending`: the run that takes the event over mails it
                // (and counts it as interrupted).
                report.stopped.get_or_insert_with(|| LAPSED.into());
                continue;
            };
            status.done += 1;
            let result = match outcome {
                Ok(()) => {
                    consecutive_temporary = 0;
                    status.sent += 1;
                    report.sent += 1;
                    MailResult::Sent(now())
                }
                Err(Delivery::Recipient(reason)) => {
                    consecutive_temporary = 0;
                    status.failed += 1;
                    report.failed.push(failed(ticket, &reason));
                    MailResult::Failed(reason)
                }
                Err(Delivery::Temporary(reason)) => {
                    consecutive_temporary += 1;
                    status.failed += 1;
                    let reason = format!("temporary failure, will be retried: {reason}");
                    report.failed.push(failed(ticket, &reason));
                    if consecutive_temporary >= options.max_consecutive_temporary {
                        report.stopped.get_or_insert_with(|| {
                            format!("the mail server keeps failing ({reason}); try again later")
                        });
                    }
                    MailResult::Failed(reason)
                }
                Err(Delivery::Account(reason)) => {
                    status.done -= 1;
                    report.stopped.get_or_insert(reason.clone());
                    MailResult::Pending(format!("not sent: {reason}"))
                }
            };
            results.push((ticket.id, result));
        }
        store.record_mail(&results).await?;
        progress(status);
        if report.stopped.is_some() {
            break;
        }
    }
    let after = store.mail_counts(event.id).await?;
    report.remaining = after.pending + after.sending + after.failed;
    Ok(report)
}

/// Why a run stopped delivering although nothing failed.
const LAPSED: &str = "this run could not renew its hold on the event in time (the database \
     was away or the process paused); it stopped so that no guest gets two mails. Run the \
     send again to mail the rest";

fn waiting(t: &Ticket, retry_failed: bool) -> bool {
    t.revoked_at.is_none()
        && match t.mail_status {
            crate::model::MailStatus::Pending | crate::model::MailStatus::Sending => true,
            crate::model::MailStatus::Failed => retry_failed,
            crate::model::MailStatus::Sent | crate::model::MailStatus::NotMailed => false,
        }
}

fn failed(t: &Ticket, reason: &str) -> FailedMail {
    FailedMail {
        ticket_id: t.id,
        code: t.code.clone(),
        name: t.name.clone(),
        email: t.email.clone(),
        reason: reason.to_string(),
    }
}

async fn deliver_one(
    mailer: &Mailer,
    from: &Mailbox,
    compiled: &crate::mail::template::CompiledTemplates,
    event: &Event,
    ticket: &Ticket,
    options: &SendOptions,
) -> Result<(), Delivery> {
    let mail = compiled
        .render(event, ticket)
        .map_err(|e| Delivery::Account(e.to_string()))?;
    let message = build_message(from, &ticket.name, &ticket.email, &ticket.code, &mail)
        .map_err(|e| Delivery::Recipient(e.to_string()))?;
    let stem = format!("{}-{}-{}", event.slug, ticket.code, ticket.id);
    let mut backoff = options.backoff;
    let mut attempt = 0;
    loop {
        match mailer.deliver(&message, &stem).await {
            Err(Delivery::Temporary(reason)) if attempt < options.retries => {
                tracing::warn!(ticket = %ticket.id, %reason, "temporary mail failure, retrying");
                tokio::time::sleep(backoff).await;
                backoff *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}
