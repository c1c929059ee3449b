//! Fault injection against the core: mail servers that are down or slow, an
//! outbox that cannot be written, a database path that cannot be created. Each
//! fault ends in a clear error in bounded time, never a panic, never a guest
//! marked as mailed who was not, and the next run or write after the fault is
//! gone finishes the job exactly once.
//!
//! - SMTP refused (nothing listens on the port): the run stops after the
//!   configured run of temporary failures; every claimed guest is `failed`
//!   with a "temporary failure … refused" reason, the rest stay `pending`;
//!   a later run against a working server mails every guest exactly once.
//! - SMTP silent (accepts the connection and never answers): each delivery
//!   gives up after the mailer's timeout ([`Mailer::smtp_with_timeout`]; the
//!   default is [`SMTP_TIMEOUT_SECS`]) instead of hanging the run forever; the
//!   connection check fails in the same bound.
//! - SMTP slow (every reply delayed): slower than the timeout counts as a
//!   temporary failure; slower but within it, every guest is mailed once.
//! - Outbox not writable (its path is a regular file; tests run as root, so
//!   permission bits would not stop a write), or one mail's file name taken by
//!   a folder: the run stops with a reason naming the outbox, nobody is marked
//!   sent who has no `.eml`, and a rerun after the fix writes the rest once.
//!   The same on a real read-only disk (a tmpfs remounted `ro`; root only).
//! - A full disk under the database, on every backend: `disk_full.rs`.
//! - A SQLite path below a regular file, or on a read-only disk: opening fails
//!   with an error that names the file and the file system's reason, no panic.

// The shared fixtures re-export helpers this file does not need.
#[allow(unused_imports)]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::smtp::{self, Script};
use ticketcore::mail::{Mailer, SendOptions, SendReport, parse_mailbox};
use ticketcore::{AnyStore, MailStatus, NewEvent, Ticket, TicketFilter, TicketOffice};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The longest any send run in this file may take.
const RUN_BOUND: Duration = Duration::from_secs(10);

struct Fixture {
    office: TicketOffice<AnyStore>,
    event: ticketcore::Event,
    _guard: common::Guard,
}

async fn fixture(guests: usize) -> Fixture {
    let (store, guard) = common::any(common::Backend::Sqlite).await.expect("sqlite");
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Summer Ball");
    new.slug = Some("ball".into());
    let event = office.create_event(new).await.expect("event");
    office
        .issue_tickets(&event, &common::guests(guests))
        .await
        .expect("issue");
    Fixture {
        office,
        event,
        _guard: guard,
    }
}

impl Fixture {
    async fn tickets(&self) -> Vec<Ticket> {
        self.office
            .tickets(&self.event, &TicketFilter::default())
            .await
            .expect("tickets")
    }

    /// A send run, bounded by [`RUN_BOUND`] (a hang fails the test).
    async fn send(&self, mailer: &Mailer, options: &SendOptions) -> (SendReport, Duration) {
        let from = parse_mailbox("Summer Ball <tickets@example.org>").expect("from");
        let start = Instant::now();
        let run = self
            .office
            .send_tickets(&self.event, mailer, Some(&from), options, &|_| {});
        let report = tokio::time::timeout(RUN_BOUND, run)
            .await
            .unwrap_or_else(|_| panic!("the send run hung for more than {RUN_BOUND:?}"))
            .expect("the run itself succeeds");
        (report, start.elapsed())
    }

    /// Nobody is marked sent; every guest is pending or failed, the failed ones
    /// with a reason containing `reason`.
    async fn nobody_sent(&self, reason: &str) {
        for t in self.tickets().await {
            assert!(t.mail_sent_at.is_none(), "{t:?}");
            match t.mail_status {
                MailStatus::Pending => {}
                MailStatus::Failed => {
                    let why = t.mail_error.as_deref().unwrap_or_default();
                    assert!(why.contains(reason), "{why}");
                }
                other => panic!("{} is {other:?}", t.email),
            }
        }
    }
}

/// Options with short backoffs, so a failing server costs milliseconds.
fn fast() -> SendOptions {
    SendOptions {
        backoff: Duration::from_millis(5),
        ..SendOptions::default()
    }
}

/// Each guest of `f` got exactly one mail from `server`, with their own code.
async fn each_mailed_once(f: &Fixture, server: &smtp::SmtpServer) {
    let received = server.received();
    let tickets = f.tickets().await;
    assert_eq!(received.len(), tickets.len(), "one mail per guest");
    for t in &tickets {
        assert_eq!(t.mail_status, MailStatus::Sent, "{t:?}");
        let mails: Vec<_> = received
            .iter()
            .filter(|r| r.rcpt.len() == 1 && r.rcpt[0] == t.email)
            .collect();
        assert_eq!(mails.len(), 1, "exactly one mail for {}", t.email);
        assert!(mails[0].data.contains(&t.code));
    }
}

// ---------------------------------------------------------------------------
// SMTP down, silent, slow.

/// An SMTP URL on which nothing listens (connection refused).
async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("smtp://{addr}")
}

/// A server that accepts connections and never says a word.
async fn silent_server() -> (String, Arc<Mutex<Vec<TcpStream>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let held: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            keep.lock().expect("lock").push(sock);
        }
    });
    (format!("smtp://{addr}"), held)
}

/// A proxy in front of `upstream` that delays everything the server says by `delay`.
async fn slow_proxy(upstream: std::net::SocketAddr, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let up = async move {
                    let _ = tokio::io::copy(&mut cr, &mut sw).await;
                };
                let down = async move {
                    let mut buf = vec![0u8; 4096];
                    loop {
                        let n = match sr.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        tokio::time::sleep(delay).await;
                        if cw.write_all(&buf[..n]).await.is_err() {
                            return;
                        }
                    }
                };
                tokio::join!(up, down);
            });
        }
    });
    format!("smtp://{addr}")
}

#[tokio::test]
async fn smtp_refused_leaves_everyone_waiting_and_a_later_run_mails_each_once() {
    let f = fixture(10).await;
    let down = Mailer::smtp(&refused_url().await).expect("mailer");
    let check = tokio::time::timeout(RUN_BOUND, down.check())
        .await
        .expect("the check does not hang");
    assert!(check.is_err(), "{check:?}");

    let (report, took) = f.send(&down, &fast()).await;
    assert_eq!(report.sent, 0, "{report:?}");
    let stopped = report.stopped.as_deref().unwrap_or_default();
    assert!(stopped.contains("keeps failing"), "{report:?}");
    assert_eq!(report.remaining, 10);
    assert!(!report.failed.is_empty());
    for m in &report.failed {
        assert!(
            m.reason.contains("temporary failure") && m.reason.contains("refused"),
            "{}",
            m.reason
        );
    }
    f.nobody_sent("refused").await;
    let counts = f.office.mail_counts(&f.event).await.expect("counts");
    assert_eq!(counts.sent + counts.sending, 0, "{counts:?}");
    assert!(counts.pending > 0, "the run stopped early: {counts:?}");
    eprintln!("refused: run ended in {took:?}: {stopped}");

    let server = smtp::start(Script::default()).await;
    let up = Mailer::smtp(&server.url()).expect("mailer");
    let (report, _) = f.send(&up, &fast()).await;
    assert_eq!((report.sent, report.remaining), (10, 0), "{report:?}");
    assert!(report.failed.is_empty() && report.stopped.is_none());
    each_mailed_once(&f, &server).await;
}

#[tokio::test]
async fn smtp_silent_server_times_out_instead_of_hanging_the_run() {
    let f = fixture(8).await;
    let (url, held) = silent_server().await;
    let timeout = Duration::from_millis(500);
    let silent = Mailer::smtp_with_timeout(&url, timeout).expect("mailer");
    let start = Instant::now();
    let check = tokio::time::timeout(RUN_BOUND, silent.check())
        .await
        .expect("the check does not hang");
    let message = check
        .expect_err("a silent server fails the check")
        .to_string();
    assert!(message.contains("did not answer"), "{message}");
    assert!(start.elapsed() < 4 * timeout, "{:?}", start.elapsed());

    let options = SendOptions {
        retries: 1,
        max_consecutive_temporary: 4,
        ..fast()
    };
    let (report, took) = f.send(&silent, &options).await;
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(report.stopped.is_some(), "{report:?}");
    assert_eq!(report.failed.len(), 4, "one chunk of 4, then it stops");
    assert!(
        report
            .failed
            .iter()
            .all(|m| m.reason.contains("did not answer within 500ms")),
        "{report:?}"
    );
    // 4 deliveries at once, 2 attempts each of at most `timeout`.
    assert!(took < 6 * timeout, "{took:?}");
    assert!(!held.lock().expect("lock").is_empty(), "it did connect");
    f.nobody_sent("did not answer").await;

    let server = smtp::start(Script::default()).await;
    let (report, _) = f
        .send(&Mailer::smtp(&server.url()).expect("mailer"), &fast())
        .await;
    assert_eq!((report.sent, report.remaining), (8, 0), "{report:?}");
    each_mailed_once(&f, &server).await;
}

#[tokio::test]
async fn smtp_slow_server_fails_past_the_timeout_and_works_within_it() {
    let f = fixture(6).await;
    let server = smtp::start(Script::default()).await;

    // Every reply 1.5 s late against a 0.5 s timeout: temporary failures.
    let too_slow = slow_proxy(server.addr, Duration::from_millis(1500)).await;
    let mailer = Mailer::smtp_with_timeout(&too_slow, Duration::from_millis(500)).expect("m");
    let options = SendOptions {
        retries: 0,
        max_consecutive_temporary: 4,
        ..fast()
    };
    let (report, took) = f.send(&mailer, &options).await;
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(report.stopped.is_some(), "{report:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(
        server.received().is_empty(),
        "the greeting never arrived in time"
    );
    f.nobody_sent("did not answer").await;

    // Every reply 50 ms late against a 5 s timeout: slow, but everyone is mailed once.
    let slow = slow_proxy(server.addr, Duration::from_millis(50)).await;
    let mailer = Mailer::smtp_with_timeout(&slow, Duration::from_secs(5)).expect("m");
    let (report, took) = f.send(&mailer, &fast()).await;
    assert_eq!((report.sent, report.remaining), (6, 0), "{report:?}");
    eprintln!("slow server: 6 mails in {took:?}");
    each_mailed_once(&f, &server).await;
}

// ---------------------------------------------------------------------------
// Outbox not writable.

#[tokio::test]
async fn outbox_that_is_a_file_stops_the_run_and_a_real_folder_finishes_it() {
    let f = fixture(5).await;
    let file = tempfile::NamedTempFile::new().expect("file");
    let blocked = Mailer::outbox(file.path());
    let check = blocked.check().await.expect_err("not a folder").to_string();
    assert!(check.contains("cannot create"), "{check}");

    let (report, _) = f.send(&blocked, &fast()).await;
    assert_eq!(report.sent, 0, "{report:?}");
    let stopped = report.stopped.as_deref().unwrap_or_default();
    assert!(stopped.contains("cannot write to the outbox"), "{stopped}");
    assert!(report.failed.is_empty(), "no guest is blamed: {report:?}");
    assert_eq!(report.remaining, 5);
    for t in f.tickets().await {
        assert_eq!(t.mail_status, MailStatus::Pending, "{t:?}");
        let why = t.mail_error.as_deref().unwrap_or_default();
        assert!(why.is_empty() || why.contains("outbox"), "{why}");
    }
    assert_eq!(std::fs::metadata(file.path()).expect("file").len(), 0);

    let dir = tempfile::tempdir().expect("dir");
    let (report, _) = f.send(&Mailer::outbox(dir.path()), &fast()).await;
    assert_eq!((report.sent, report.remaining), (5, 0), "{report:?}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 5);
}

#[tokio::test]
async fn one_unwritable_mail_file_stops_the_run_without_losing_anyone() {
    let f = fixture(5).await;
    let dir = tempfile::tempdir().expect("dir");
    let tickets = f.tickets().await;
    // The third guest's file name is taken by a folder: its rename fails.
    let third = dir
        .path()
        .join(format!("ball-{}-{}.eml", tickets[2].code, tickets[2].id));
    std::fs::create_dir(&third).expect("folder in the way");
    let mailer = Mailer::outbox(dir.path());
    let options = SendOptions {
        concurrency: 1,
        ..fast()
    };
    let (report, _) = f.send(&mailer, &options).await;
    assert_eq!(report.sent, 2, "{report:?}");
    assert!(
        report
            .stopped
            .as_deref()
            .is_some_and(|r| r.contains("outbox")),
        "{report:?}"
    );
    assert_eq!(report.remaining, 3);
    for (i, t) in f.tickets().await.iter().enumerate() {
        let expected = if i < 2 {
            MailStatus::Sent
        } else {
            MailStatus::Pending
        };
        assert_eq!(t.mail_status, expected, "{t:?}");
    }

    std::fs::remove_dir(&third).expect("remove");
    let (report, _) = f.send(&mailer, &options).await;
    assert_eq!((report.sent, report.remaining), (3, 0), "{report:?}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = tickets
        .iter()
        .map(|t| format!("ball-{}-{}.eml", t.code, t.id))
        .collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "one file per guest, no temporary leftovers"
    );
}

/// The disk under the outbox is read-only (a real one: a tmpfs remounted
/// `ro`, as the kernel does with a disk after errors; root only, otherwise
/// skipped with a note): the run stops at the first mail with a reason naming
/// the outbox and the file system's answer, nobody is marked sent, and once
/// the disk is writable again a rerun writes every guest's mail once.
#[tokio::test]
async fn outbox_on_a_read_only_disk_stops_the_run_and_a_rerun_finishes_it() {
    let name = ticketcore::testing::unique_name();
    let Some(disk) = common::tmpfs::Tmpfs::try_mount(&name, "the read-only outbox") else {
        return;
    };
    let f = fixture(5).await;
    let outbox = disk.dir.join("outbox");
    std::fs::create_dir(&outbox).expect("outbox");
    let mailer = Mailer::outbox(&outbox);

    disk.set_read_only(true);
    let (report, _) = f.send(&mailer, &fast()).await;
    let stopped = report.stopped.as_deref().unwrap_or_default();
    eprintln!("read-only outbox: {stopped}");
    assert!(stopped.contains("outbox"), "{report:?}");
    assert!(stopped.contains("Read-only file system"), "{report:?}");
    assert_eq!((report.sent, report.remaining), (0, 5), "{report:?}");
    assert!(report.failed.is_empty(), "no guest is blamed: {report:?}");
    f.nobody_sent("outbox").await;

    disk.set_read_only(false);
    let (report, _) = f.send(&mailer, &fast()).await;
    assert_eq!((report.sent, report.remaining), (5, 0), "{report:?}");
    assert_eq!(std::fs::read_dir(&outbox).expect("outbox").count(), 5);
    for t in f.tickets().await {
        assert_eq!(t.mail_status, MailStatus::Sent, "{t:?}");
    }
}

// ---------------------------------------------------------------------------
// SQLite path unusable.

#[tokio::test]
async fn sqlite_path_below_a_file_fails_to_open_with_an_error() {
    let file = tempfile::NamedTempFile::new().expect("file");
    let url = format!("sqlite://{}", file.path().join("tickets.db").display());
    let opened = tokio::time::timeout(RUN_BOUND, AnyStore::connect(&url))
        .await
        .expect("opening does not hang");
    let e = opened.expect_err("no database below a regular file");
    assert!(
        matches!(e, ticketcore::Error::DatabaseNotWritable { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("Not a directory"), "{e}");
    assert_eq!(std::fs::metadata(file.path()).expect("file").len(), 0);
}

/// The disk under a SQLite database is read-only when the store opens (a
/// tmpfs remounted `ro`, as after a reboot on a failing SD card; root only):
/// opening fails with an error that names the file and says the file system
/// is read-only (SQLite alone says "unable to open database file"), and once
/// the disk is writable the same file opens with its tickets.
///
/// A disk that turns read-only under a running store cannot be staged this
/// way (Linux refuses to remount while SQLite holds the file open for
/// writing): `ticket-web/tests/crash.rs` does it with ext4's error trigger.
#[tokio::test]
async fn sqlite_on_a_read_only_disk_fails_to_open_naming_the_cause() {
    let name = ticketcore::testing::unique_name();
    let Some(disk) = common::tmpfs::Tmpfs::try_mount(&name, "SQLite on a read-only disk") else {
        return;
    };
    let path = disk.dir.join("tickets.db");
    let url = format!("sqlite://{}", path.display());
    {
        let office = TicketOffice::new(AnyStore::connect(&url).await.expect("open"));
        let mut new = NewEvent::named("Summer Ball");
        new.slug = Some("ball".into());
        let event = office.create_event(new).await.expect("event");
        office
            .issue_tickets(&event, &common::guests(3))
            .await
            .expect("issue");
        // Closed before the remount: with connections closing on their own
        // in the background, several may close at once and none removes
        // the `-wal` and `-shm` files (see below).
        office.close().await;
    }
    // The pools close their connections in the background. The last
    // connection to close removes the `-wal` and `-shm` files, but when
    // several close at once each may see another still open and none
    // removes them; with them on a read-only disk SQLite opens a WAL
    // database read-only (the open would succeed). So one connection of the
    // test's own opens and closes once the others are gone: alone, it
    // removes them.
    let deadline = Instant::now() + RUN_BOUND;
    let side_files = |path: &std::path::Path| {
        ["-wal", "-shm"].iter().any(|ext| {
            let mut p = path.as_os_str().to_owned();
            p.push(ext);
            std::path::Path::new(&p).exists()
        })
    };
    while side_files(&path) {
        use sqlx::Connection as _;
        if let Ok(mut last) = sqlx::SqliteConnection::connect(&url).await {
            let _ = sqlx::query("SELECT 1").execute(&mut last).await;
            let _ = last.close().await;
        }
        assert!(Instant::now() < deadline, "the -wal and -shm files stay");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    while std::process::Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk.dir)
        .output()
        .is_ok_and(|o| !o.status.success())
    {
        assert!(Instant::now() < deadline, "the store keeps the file open");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let opened = tokio::time::timeout(RUN_BOUND, AnyStore::connect(&url))
        .await
        .expect("opening does not hang");
    let e = opened.expect_err("a WAL database cannot open on a read-only disk");
    let message = e.to_string();
    eprintln!("read-only disk: {message}");
    assert!(
        matches!(&e, ticketcore::Error::DatabaseNotWritable { path: p, .. } if *p == path),
        "{e:?}"
    );
    assert!(message.contains("Read-only file system"), "{message}");

    disk.set_read_only(false);
    let office = TicketOffice::new(AnyStore::connect(&url).await.expect("open again"));
    let event = office.event("ball").await.expect("event");
    assert_eq!(office.stats(&event).await.expect("stats").total, 3);
}
