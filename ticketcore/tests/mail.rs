//! Mail: outbox files, a real SMTP conversation, refusals sorted by what they
//! concern, reruns without duplicates, interrupted runs. Every test runs on
//! every configured backend (see `on_every_backend!` at the end).

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use common::Backend;
use common::smtp::{self, Script};
use ticketcore::mail::{Mailer, SendOptions, SendReport, parse_mailbox};
use ticketcore::store::Store;
use ticketcore::{AnyStore, MailStatus, NewEvent, NewGuest, TicketFilter, TicketOffice};

struct Fixture {
    office: TicketOffice<AnyStore>,
    event: ticketcore::Event,
    _guard: common::Guard,
}

/// An event with tickets for `guests` on `backend`; `None` when the backend
/// is not configured (the test is then skipped).
async fn fixture(backend: Backend, guests: &[NewGuest]) -> Option<Fixture> {
    let (store, guard) = common::any(backend).await?;
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Summer Ball");
    new.date = Some("2026-07-04".into());
    let event = office.create_event(new).await.expect("event");
    office.issue_tickets(&event, guests).await.expect("issue");
    Some(Fixture {
        office,
        event,
        _guard: guard,
    })
}

fn fast() -> SendOptions {
    SendOptions {
        backoff: Duration::from_millis(5),
        ..SendOptions::default()
    }
}

async fn send(f: &Fixture, mailer: &Mailer, options: &SendOptions) -> SendReport {
    let from = parse_mailbox("Summer Ball <tickets@example.org>").expect("from");
    f.office
        .send_tickets(&f.event, mailer, Some(&from), options, &|_| {})
        .await
        .expect("send run")
}

/// The outbox file of `ticket`'s mail for the event `slug`.
fn outbox_eml(dir: &std::path::Path, slug: &str, ticket: &ticketcore::Ticket) -> Vec<u8> {
    let path = dir.join(format!("{slug}-{}-{}.eml", ticket.code, ticket.id));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A mail as the parser reads it.
fn parsed(eml: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(eml)
        .expect("a mail")
}

/// Every received message's recipient → its raw data.
fn by_recipient(received: &[smtp::Received]) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for r in received {
        assert_eq!(r.rcpt.len(), 1, "exactly one envelope recipient");
        map.entry(r.rcpt[0].clone())
            .or_default()
            .push(r.data.clone());
    }
    map
}

async fn outbox_gets_one_eml_per_guest_and_reruns_send_nothing(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(5)).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let mailer = Mailer::outbox(dir.path());
    let report = send(&f, &mailer, &fast()).await;
    assert_eq!(report.sent, 5);
    assert!(report.failed.is_empty() && report.stopped.is_none());
    assert_eq!(report.remaining, 0);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read")
        .flatten()
        .collect();
    assert_eq!(files.len(), 5);
    let tickets = f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("tickets");
    for t in &tickets {
        assert_eq!(t.mail_status, MailStatus::Sent);
        assert!(t.mail_sent_at.is_some());
        let path = dir
            .path()
            .join(format!("summer-ball-{}-{}.eml", t.code, t.id));
        let eml = std::fs::read_to_string(&path).expect("eml");
        assert!(eml.contains(&t.code));
        assert!(
            eml.contains(&format!("To: \"{}\" <{}>", t.name, t.email))
                || eml.contains(&format!("To: {} <{}>", t.name, t.email)),
            "{eml}"
        );
        let first = t.name.split(' ').next().expect("name");
        assert!(eml.contains(&format!("Dear {first},")));
    }
    let again = send(&f, &mailer, &fast()).await;
    assert_eq!(again.sent, 0);
    assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 5);
}

async fn smtp_every_guest_gets_exactly_their_own_mail(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(20)).await else {
        return;
    };
    let server = smtp::start(Script::default()).await;
    let mailer = Mailer::smtp(&server.url()).expect("mailer");
    mailer.check().await.expect("server answers");
    let report = send(&f, &mailer, &fast()).await;
    assert_eq!(report.sent, 20, "{report:?}");
    let got = by_recipient(&server.received());
    assert_eq!(got.len(), 20);
    for t in f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("tickets")
    {
        let mails = &got[&t.email];
        assert_eq!(mails.len(), 1, "exactly one mail for {}", t.email);
        assert!(mails[0].contains(&t.code));
        assert!(mails[0].contains(&t.name));
    }
    assert!(
        server
            .received()
            .iter()
            .all(|r| r.from == "tickets@example.org")
    );
}

async fn unknown_recipient_fails_only_that_guest(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(6)).await else {
        return;
    };
    let server = smtp::start(Script {
        rcpt: Some(Arc::new(|a: &str| {
            (a == "guest3@example.org")
                .then(|| "550 5.1.1 <guest3@example.org>: user unknown".to_string())
        })),
        data: None,
    })
    .await;
    let mailer = Mailer::smtp(&server.url()).expect("mailer");
    let report = send(&f, &mailer, &fast()).await;
    assert_eq!(report.sent, 5);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].email, "guest3@example.org");
    assert!(report.failed[0].reason.contains("user unknown"));
    assert!(report.stopped.is_none());
    let counts = f.office.mail_counts(&f.event).await.expect("counts");
    assert_eq!((counts.sent, counts.failed), (5, 1));
}

async fn quota_refusal_stops_the_run_and_rerun_finishes_without_duplicates(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(12)).await else {
        return;
    };
    let server = smtp::start(Script {
        rcpt: None,
        data: Some(Arc::new(|accepted| {
            (accepted >= 5).then(|| "550 5.4.5 Daily user sending quota exceeded".to_string())
        })),
    })
    .await;
    let mailer = Mailer::smtp(&server.url()).expect("mailer");
    let options = SendOptions {
        concurrency: 1,
        ..fast()
    };
    let report = send(&f, &mailer, &options).await;
    assert_eq!(report.sent, 5);
    assert!(
        report
            .stopped
            .as_deref()
            .is_some_and(|r| r.contains("quota")),
        "{report:?}"
    );
    assert!(report.failed.is_empty(), "no guest is blamed for a quota");
    assert_eq!(report.remaining, 7);
    let tickets = f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("tickets");
    assert_eq!(
        tickets
            .iter()
            .filter(|t| t.mail_status == MailStatus::Pending)
            .count(),
        7
    );
    assert!(tickets.iter().all(|t| t.mail_status != MailStatus::Failed));

    server.set_script(Script::default());
    let rerun = send(&f, &mailer, &fast()).await;
    assert_eq!(rerun.sent, 7);
    assert_eq!(rerun.remaining, 0);
    let got = by_recipient(&server.received());
    assert_eq!(got.len(), 12);
    assert!(got.values().all(|m| m.len() == 1), "no duplicates");
}

async fn temporary_failures_are_retried_then_left_for_the_next_run(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(10)).await else {
        return;
    };
    let server = smtp::start(Script {
        rcpt: None,
        data: Some(Arc::new(|accepted| {
            (accepted >= 4).then(|| "451 4.3.0 Try again later".to_string())
        })),
    })
    .await;
    let mailer = Mailer::smtp(&server.url()).expect("mailer");
    let options = SendOptions {
        concurrency: 1,
        retries: 2,
        max_consecutive_temporary: 3,
        ..fast()
    };
    let report = send(&f, &mailer, &options).await;
    assert_eq!(report.sent, 4);
    assert!(
        report.stopped.is_some(),
        "a server that keeps failing stops the run"
    );
    assert_eq!(report.failed.len(), 3);
    assert!(
        report
            .failed
            .iter()
            .all(|m| m.reason.contains("451") || m.reason.contains("Try again"))
    );
    server.set_script(Script::default());
    let rerun = send(&f, &mailer, &fast()).await;
    assert_eq!(rerun.sent, 6);
    let got = by_recipient(&server.received());
    assert_eq!(got.len(), 10);
    assert!(got.values().all(|m| m.len() == 1));
}

async fn interrupted_run_is_reported_and_finished(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(8)).await else {
        return;
    };
    // A run that claimed 3 tickets and died before recording anything.
    let claimed = f
        .office
        .store()
        .claim_mail(f.event.id, ticketcore::TicketId(0), true, 3)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 3);
    let dir = tempfile::tempdir().expect("dir");
    let report = send(&f, &Mailer::outbox(dir.path()), &fast()).await;
    assert_eq!(report.interrupted, 3);
    assert_eq!(report.sent, 8);
    assert_eq!(
        f.office.mail_counts(&f.event).await.expect("counts").sent,
        8
    );
}

async fn unwritable_outbox_stops_with_a_clear_reason(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(3)).await else {
        return;
    };
    let file = tempfile::NamedTempFile::new().expect("file");
    // A path below a regular file cannot be created.
    let mailer = Mailer::outbox(file.path().join("outbox"));
    assert!(mailer.check().await.is_err());
    let report = send(&f, &mailer, &fast()).await;
    assert_eq!(report.sent, 0);
    assert!(
        report
            .stopped
            .as_deref()
            .is_some_and(|r| r.contains("outbox")),
        "{report:?}"
    );
    assert_eq!(
        f.office
            .mail_counts(&f.event)
            .await
            .expect("counts")
            .pending,
        3
    );
}

async fn resend_is_explicit(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(3)).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let mailer = Mailer::outbox(dir.path());
    assert_eq!(send(&f, &mailer, &fast()).await.sent, 3);
    let t = &f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("t")[1];
    assert_eq!(
        f.office
            .resend(&f.event, Some(&t.code.to_lowercase()))
            .await
            .expect("resend"),
        1
    );
    assert_eq!(send(&f, &mailer, &fast()).await.sent, 1);
    assert_eq!(
        f.office.resend(&f.event, None).await.expect("resend all"),
        3
    );
    assert_eq!(send(&f, &mailer, &fast()).await.sent, 3);
}

async fn hostile_names_cannot_add_recipients_or_headers(backend: Backend) {
    let names = [
        "Berg, Anna",
        "\"The Boss\" Smith",
        "Eve\r\nBcc: victim@example.net",
        "Mallory <mallory@evil.example>",
        "=?utf-8?q?Bcc=3A_x=40evil=2Eexample?=",
        "مريم الحسيني",
        &"Αλέξανδρος ".repeat(8),
        "<script>alert(1)</script>",
    ];
    let guests = ticketcore::testing::named_guests(&names);
    let Some(f) = fixture(backend, &guests).await else {
        return;
    };
    let server = smtp::start(Script::default()).await;
    let report = send(&f, &Mailer::smtp(&server.url()).expect("mailer"), &fast()).await;
    assert_eq!(report.sent, names.len() as u64, "{report:?}");
    for r in server.received() {
        assert_eq!(r.rcpt.len(), 1);
        let headers = r.data.split("\r\n\r\n").next().expect("headers");
        for line in r.data.split("\r\n") {
            assert!(line.len() <= 998, "line of {} octets", line.len());
        }
        let lower = headers.to_ascii_lowercase();
        assert!(
            !lower.contains("\r\nbcc:") && !lower.starts_with("bcc:"),
            "{headers}"
        );
        assert!(!lower.contains("\r\ncc:"), "{headers}");
        assert_eq!(
            lower.matches("\r\nto:").count() + usize::from(lower.starts_with("to:")),
            1,
            "{headers}"
        );
        let msg = mail_parser::MessageParser::default()
            .parse(r.data.as_bytes())
            .expect("parse");
        let html = msg.body_html(0).expect("an HTML part");
        assert!(!html.contains("<script>"), "the HTML part escapes names");
    }
}

async fn broken_template_sends_nothing(backend: Backend) {
    let Some(f) = fixture(backend, &common::guests(2)).await else {
        return;
    };
    let bad = ticketcore::mail::MailTemplate {
        subject: "{{ nope }}".into(),
        ..Default::default()
    };
    assert!(
        f.office
            .set_mail_template(&f.event, f.event.language, Some(&bad))
            .await
            .is_err()
    );
    f.office
        .store()
        .set_mail_template(f.event.id, f.event.language, Some(&bad))
        .await
        .expect("store raw");
    let from = parse_mailbox("t@example.org").expect("from");
    let dir = tempfile::tempdir().expect("dir");
    let r = f
        .office
        .send_tickets(
            &f.event,
            &Mailer::outbox(dir.path()),
            Some(&from),
            &fast(),
            &|_| {},
        )
        .await;
    assert!(r.is_err());
    assert_eq!(
        f.office
            .mail_counts(&f.event)
            .await
            .expect("counts")
            .pending,
        2
    );
}

/// A run dropped midway (its future cancelled) gives the event's lease back,
/// so the next run starts at once; while a run of this process holds it, a
/// second one is refused with who holds it.
async fn a_cancelled_run_gives_the_event_back(backend: Backend) {
    let Some(f) = fixture(backend, &ticketcore::testing::guests(20)).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let mailer = Mailer::outbox(dir.path());
    let slow = SendOptions {
        per_minute: std::num::NonZeroU32::new(600),
        ..fast()
    };
    let from = parse_mailbox("Summer Ball <tickets@example.org>").expect("from");
    let office = f.office.clone();
    let (event, mailer2, from2, slow2) =
        (f.event.clone(), mailer.clone(), from.clone(), slow.clone());
    let running = tokio::spawn(async move {
        office
            .send_tickets(&event, &mailer2, Some(&from2), &slow2, &|_| {})
            .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let busy = f
        .office
        .send_tickets(&f.event, &mailer, Some(&from), &fast(), &|_| {})
        .await;
    match busy {
        Err(ticketcore::Error::MailRunBusy { holder, .. }) => {
            assert!(
                holder.contains(&format!("pid {}", std::process::id())),
                "{holder}"
            );
        }
        other => panic!("expected MailRunBusy, got {other:?}"),
    }
    running.abort();
    assert!(running.await.expect_err("aborted").is_cancelled());
    // The lease goes back in the background: the next run starts at once.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let report = loop {
        match f
            .office
            .send_tickets(&f.event, &mailer, Some(&from), &fast(), &|_| {})
            .await
        {
            Err(ticketcore::Error::MailRunBusy { .. }) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => break other.expect("the next run"),
        }
    };
    let files = std::fs::read_dir(dir.path()).expect("outbox").count();
    assert_eq!(files, 20, "every guest mailed");
    assert_eq!(report.remaining, 0);
}

/// A lease left by a process of this machine that is gone is taken over at
/// once; one held by a live process is not.
async fn a_dead_holder_on_this_machine_is_taken_over(backend: Backend) {
    let Some(f) = fixture(backend, &ticketcore::testing::guests(3)).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let mailer = Mailer::outbox(dir.path());
    // A process that has ended: its pid is free.
    let mut child = std::process::Command::new("true").spawn().expect("true");
    let dead = child.id();
    child.wait().expect("wait");
    let mut left = ticketcore::mail::MailLease::for_this_process();
    // Same machine and pid namespace, another process.
    let mut parts: Vec<&str> = left.owner.rsplitn(3, ':').collect();
    parts[1] = "0000000000000000";
    left.owner = format!("{}:{}:{}", parts[2], parts[1], parts[0]);
    left.pid = dead;
    left.holder = format!("ticket-cli (pid {dead} on this machine)");
    let live = ticketcore::mail::MailLease {
        pid: 1,
        holder: "ticket-web (pid 1)".into(),
        ..left.clone()
    };
    f.office
        .store()
        .take_mail_lease(f.event.id, &live, None)
        .await
        .expect("plant");
    let busy = f
        .office
        .send_tickets(
            &f.event,
            &mailer,
            Some(&parse_mailbox("B <b@example.org>").expect("from")),
            &fast(),
            &|_| {},
        )
        .await;
    assert!(
        matches!(busy, Err(ticketcore::Error::MailRunBusy { .. })),
        "{busy:?}"
    );
    f.office
        .store()
        .release_mail_lease(f.event.id, &live.owner)
        .await
        .expect("release");
    f.office
        .store()
        .take_mail_lease(f.event.id, &left, None)
        .await
        .expect("plant");
    let report = send(&f, &mailer, &fast()).await;
    assert_eq!(report.sent, 3, "the dead run's hold was taken over");
}

/// One `#[tokio::test]` per test function and backend, in modules named after the backend.
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Backend::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Backend::Postgres).await
            })*
        }
        mod mysql {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Backend::MySql).await
            })*
        }
    };
}

on_every_backend!(
    outbox_gets_one_eml_per_guest_and_reruns_send_nothing,
    smtp_every_guest_gets_exactly_their_own_mail,
    unknown_recipient_fails_only_that_guest,
    quota_refusal_stops_the_run_and_rerun_finishes_without_duplicates,
    temporary_failures_are_retried_then_left_for_the_next_run,
    interrupted_run_is_reported_and_finished,
    unwritable_outbox_stops_with_a_clear_reason,
    resend_is_explicit,
    hostile_names_cannot_add_recipients_or_headers,
    broken_template_sends_nothing,
    a_cancelled_run_gives_the_event_back,
    a_dead_holder_on_this_machine_is_taken_over,
);

/// Every mail from the outbox shows its code's QR image inline: the HTML
/// part refers to `cid:ticket-qr`, a PNG part carries that Content-ID inside
/// the message (no remote image), and zbar reads the ticket's code from it.
/// The text part keeps the letters.
#[tokio::test]
async fn every_mail_carries_a_qr_image_that_reads_as_its_code() {
    use mail_parser::MimeHeaders;
    let Some(f) = fixture(Backend::Sqlite, &common::guests(3)).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let report = send(&f, &Mailer::outbox(dir.path()), &fast()).await;
    assert_eq!(report.sent, 3);
    let tickets = f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("tickets");
    for t in &tickets {
        let eml = outbox_eml(dir.path(), "summer-ball", t);
        let msg = parsed(&eml);
        let html = msg.body_html(0).expect("an HTML part");
        assert!(html.contains("src=\"cid:ticket-qr\""), "{html}");
        assert!(html.contains(&t.code));
        let text = msg.body_text(0).expect("a text part");
        assert!(text.contains(&t.code));
        let image = msg
            .parts
            .iter()
            .find(|p| {
                p.content_type()
                    .is_some_and(|c| c.c_type == "image" && c.subtype() == Some("png"))
            })
            .expect("a PNG part");
        assert_eq!(image.content_id(), Some("ticket-qr"));
        let png = dir.path().join(format!("{}.png", t.code));
        std::fs::write(&png, image.contents()).expect("png");
        let read = std::process::Command::new("zbarimg")
            .args(["--raw", "-q"])
            .arg(&png)
            .output()
            .expect("zbarimg runs (apt-get install zbar-tools; scripts/test installs it)");
        assert!(read.status.success(), "{read:?}");
        assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), t.code);
    }
}

/// The preview shows the QR image without the mail around it: the `cid:`
/// reference becomes a `data:` URL of the same PNG.
#[tokio::test]
async fn the_preview_shows_the_qr_image_inline() {
    let Some(f) = fixture(Backend::Sqlite, &common::guests(1)).await else {
        return;
    };
    let mail = f
        .office
        .preview_mail(&f.event, None, None, None)
        .await
        .expect("preview");
    assert!(!mail.html.contains("cid:ticket-qr"), "{}", mail.html);
    assert!(
        mail.html
            .contains("src=\"data:image/png;base64,iVBORw0KGgo"),
        "{}",
        mail.html
    );
}

/// A party's ticket mail says how many people it admits, in both parts; a
/// guest alone's does not (the default template, through a real send run).
#[tokio::test]
async fn a_party_of_four_is_told_so_and_a_guest_alone_is_not() {
    let guests = [
        NewGuest {
            persons: 4,
            ..NewGuest::new("Jonas Weber", "jonas@example.org")
        },
        NewGuest::new("Anna Berg", "anna@example.org"),
    ];
    let Some(f) = fixture(Backend::Sqlite, &guests).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let report = send(&f, &Mailer::outbox(dir.path()), &fast()).await;
    assert_eq!(report.sent, 2);
    let tickets = f
        .office
        .tickets(&f.event, &TicketFilter::default())
        .await
        .expect("tickets");
    for t in &tickets {
        let eml = outbox_eml(dir.path(), "summer-ball", t);
        let msg = parsed(&eml);
        let text = msg.body_text(0).expect("a text part");
        let html = msg.body_html(0).expect("an HTML part");
        if t.persons == 4 {
            assert!(text.contains("This ticket admits 4 people."), "{text}");
            assert!(html.contains("This ticket admits 4 people."), "{html}");
        } else {
            assert!(!text.contains("This ticket admits"), "{text}");
            assert!(!html.contains("This ticket admits"), "{html}");
            assert!(text.contains("The code admits one person once."), "{text}");
        }
    }
}

/// An event in German mails German with `Content-Language: de`; a guest
/// whose guest-list row says `fr` gets French, one saying `Español` Spanish,
/// in the same run; the subject, greeting, text and HTML follow the guest.
#[tokio::test]
async fn each_guest_gets_the_mail_in_their_language() {
    let (store, _guard) = common::any(Backend::Sqlite).await.expect("sqlite");
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Sommerball");
    new.language = ticketcore::i18n::Lang::De;
    let event = office.create_event(new).await.expect("event");
    let csv = "Name,Email,Sprache,Personen\n\
               Anna Berg,anna@example.org,,1\n\
               Jean Dupont,jean@example.org,fr,2\n\
               Lucía Pérez,lucia@example.org,Español,1\n\
               Tom Baker,tom@example.org,EN,1\n";
    let report = office
        .import_guests(
            &event,
            csv.as_bytes().to_vec(),
            "gäste.csv",
            &ticketcore::import::ImportOptions::default(),
        )
        .await
        .expect("import");
    assert_eq!(report.imported, 4, "{report:?}");
    let dir = tempfile::tempdir().expect("dir");
    let from = parse_mailbox("Sommerball <tickets@example.org>").expect("from");
    let sent = office
        .send_tickets(
            &event,
            &Mailer::outbox(dir.path()),
            Some(&from),
            &fast(),
            &|_| {},
        )
        .await
        .expect("send");
    assert_eq!(sent.sent, 4);
    let tickets = office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    for t in &tickets {
        let eml = outbox_eml(dir.path(), "sommerball", t);
        let raw = String::from_utf8_lossy(&eml).into_owned();
        let msg = parsed(&eml);
        let subject = msg.subject().expect("subject").to_string();
        let text = msg.body_text(0).expect("text").into_owned();
        let html = msg.body_html(0).expect("html").into_owned();
        let (lang, subject_start, greeting, words) = match t.name.as_str() {
            "Anna Berg" => (
                "de",
                "Dein Ticket für Sommerball",
                "Hallo Anna,",
                "Dein Ticket-Code",
            ),
            "Jean Dupont" => ("fr", "", "Bonjour Jean,", ""),
            "Lucía Pérez" => ("es", "", "Hola Lucía,", ""),
            _ => (
                "en",
                "Your ticket for Sommerball",
                "Dear Tom,",
                "Your ticket code",
            ),
        };
        assert!(
            raw.contains(&format!("\r\nContent-Language: {lang}\r\n")),
            "{}: {raw}",
            t.name
        );
        assert!(subject.starts_with(subject_start), "{subject}");
        assert!(text.starts_with(greeting), "{text}");
        assert!(html.contains(greeting), "{html}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(text.contains(words) && html.contains(words), "{text}");
        assert!(text.contains(&t.code), "{text}");
        // No English sentence in another language's mail.
        if lang != "en" {
            assert!(!text.contains("here is your ticket"), "{text}");
            assert!(!subject.contains("Your ticket"), "{subject}");
        }
    }
    let jean = tickets
        .iter()
        .find(|t| t.name == "Jean Dupont")
        .expect("Jean");
    assert_eq!(jean.language, Some(ticketcore::i18n::Lang::Fr));
    let anna = tickets
        .iter()
        .find(|t| t.name == "Anna Berg")
        .expect("Anna");
    assert_eq!(anna.language, None, "a blank cell: the event's language");
}

/// A language the mails are not written in is the row's problem, named.
#[tokio::test]
async fn an_unknown_language_is_a_row_problem() {
    let (store, _guard) = common::any(Backend::Sqlite).await.expect("sqlite");
    let office = TicketOffice::new(store);
    let event = office
        .create_event(NewEvent::named("Ball"))
        .await
        .expect("event");
    let csv = "Name,Email,Language\nAnna Berg,anna@example.org,Klingon\n";
    let report = office
        .import_guests(
            &event,
            csv.as_bytes().to_vec(),
            "guests.csv",
            &ticketcore::import::ImportOptions::default(),
        )
        .await
        .expect("import");
    assert_eq!(report.imported, 0);
    let problem = &report.invalid[0];
    assert_eq!(problem.row, 2);
    assert!(
        problem
            .problem
            .contains("\"Klingon\" is no language the mails are written in (en, de, fr, es)"),
        "{problem:?}"
    );
}

/// Each language may have its own template: the German guests get the
/// organiser's German text, the French guest the built-in French mail, and
/// a preview in a language renders a sample guest in it.
#[tokio::test]
async fn each_language_has_its_own_template() {
    use ticketcore::i18n::Lang;
    let (store, _guard) = common::any(Backend::Sqlite).await.expect("sqlite");
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Sommerball");
    new.language = Lang::De;
    let event = office.create_event(new).await.expect("event");
    let guests = [
        NewGuest::new("Anna Berg", "anna@example.org"),
        NewGuest {
            language: Some(Lang::Fr),
            ..NewGuest::new("Jean Dupont", "jean@example.org")
        },
    ];
    office.issue_tickets(&event, &guests).await.expect("issue");
    let german = ticketcore::mail::MailTemplate::from_text(
        "Karte für {{ event }}",
        "Servus {{ first_name }}! Dein Code: {{ code }}. {{ texts.see_you }}",
        "",
    );
    office
        .set_mail_template(&event, Lang::De, Some(&german))
        .await
        .expect("save");
    let preview = office
        .preview_mail(&event, None, None, Some(Lang::Fr))
        .await
        .expect("preview");
    assert!(preview.text.starts_with("Bonjour"), "{}", preview.text);
    assert_eq!(preview.language, Lang::Fr);
    let preview = office
        .preview_mail(&event, None, None, None)
        .await
        .expect("preview");
    assert!(preview.text.starts_with("Servus"), "{}", preview.text);

    let dir = tempfile::tempdir().expect("dir");
    let from = parse_mailbox("Sommerball <tickets@example.org>").expect("from");
    let sent = office
        .send_tickets(
            &event,
            &Mailer::outbox(dir.path()),
            Some(&from),
            &fast(),
            &|_| {},
        )
        .await
        .expect("send");
    assert_eq!(sent.sent, 2);
    for t in office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets")
    {
        let eml = outbox_eml(dir.path(), "sommerball", &t);
        let msg = parsed(&eml);
        let text = msg.body_text(0).expect("text").into_owned();
        if t.name == "Anna Berg" {
            assert_eq!(msg.subject(), Some("Karte für Sommerball"));
            assert!(
                text.starts_with("Servus Anna! Dein Code:") && text.contains("Bis bald!"),
                "{text}"
            );
        } else {
            assert!(text.starts_with("Bonjour Jean,"), "{text}");
        }
    }
}
