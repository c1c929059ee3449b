//! Guest import and ticket mail, each against a baseline measured in the same run:
//!
//! - importing a 100,000-row `.xlsx` with `read_guest_list` against calamine
//!   merely reading every cell of the same file;
//! - importing a CSV whose header row comes after 49 rows of 16,384 cells
//!   each (the most columns and rows the header search looks at) against the
//!   `csv` crate merely splitting the same text into records;
//! - rendering 10,000 mails with the default template against `format!`
//!   building strings of the same size;
//! - sending 1,000 mails through the pooled SMTP transport to a small SMTP
//!   server in this process and to a local `aiosmtpd` sink (when `python3 -m
//!   aiosmtpd` is available) against writing them to the outbox folder. The
//!   in-process server answers at once, so its row shows what the sending side
//!   can do; `aiosmtpd` (Python) is closer to a real relay.

use std::io::Cursor;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use criterion::{Criterion, criterion_group};
use std::hint::black_box;
use ticketcore::import::{ImportOptions, read_guest_list};
use ticketcore::mail::{MailTemplate, Mailer, SendOptions, parse_mailbox};
use ticketcore::{NewEvent, SqliteStore, TicketFilter, TicketOffice};

#[path = "../../ticketcore/tests/common/smtp.rs"]
#[allow(dead_code)] // Only the server's start is used here.
mod smtp;

#[path = "shared/guest_list.rs"]
mod guest_list;

const ROWS: u32 = 100_000;

fn import(c: &mut Criterion) {
    let bytes = guest_list::workbook(ROWS);
    let mut group = c.benchmark_group("import_100k_xlsx");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("calamine reads every cell (baseline)", |b| {
        b.iter(|| {
            let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice())).expect("open");
            let range = book.worksheet_range_at(0).expect("sheet").expect("range");
            black_box(range.rows().map(|r| r.len()).sum::<usize>())
        })
    });
    group.bench_function("read_guest_list", |b| {
        b.iter(|| {
            let list =
                read_guest_list(&bytes, "guests.xlsx", &ImportOptions::default()).expect("import");
            assert_eq!(list.guests.len(), ROWS as usize);
            black_box(list)
        })
    });
    group.finish();
}

/// A CSV of 49 rows of `WIDE_CELLS` cells, then the header and one guest.
fn wide_csv() -> Vec<u8> {
    let junk = vec!["Notes"; WIDE_CELLS].join(",");
    let mut text = String::new();
    for _ in 0..49 {
        text.push_str(&junk);
        text.push('\n');
    }
    text.push_str("Name,Email\nAda Lovelace,ada@example.org\n");
    text.into_bytes()
}

/// Columns of a record that the header search looks at.
const WIDE_CELLS: usize = 16_384;

fn import_wide_csv(c: &mut Criterion) {
    let bytes = wide_csv();
    let mut group = c.benchmark_group("import_wide_csv");
    group.sample_size(10);
    group.bench_function("csv splits every record (baseline)", |b| {
        b.iter(|| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            black_box(
                reader
                    .records()
                    .map(|r| r.map_or(0, |r| r.len()))
                    .sum::<usize>(),
            )
        })
    });
    group.bench_function("read_guest_list", |b| {
        b.iter(|| {
            let list =
                read_guest_list(&bytes, "guests.csv", &ImportOptions::default()).expect("import");
            assert_eq!(list.guests.len(), 1);
            black_box(list)
        })
    });
    group.finish();
}

fn render(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (office, event, _dir) = rt.block_on(setup(10_000));
    let tickets = rt
        .block_on(office.tickets(&event, &TicketFilter::default()))
        .expect("tickets");
    let compiled = MailTemplate::default().compile().expect("template");
    let mut group = c.benchmark_group("render_10k_mails");
    group.sample_size(10);
    group.bench_function("format! of the same size (baseline)", |b| {
        b.iter(|| {
            for t in &tickets {
                black_box(format!(
                    "Dear {},\n\nhere is your ticket for {}.\n\n    Your ticket code:  {}\n{}",
                    t.name,
                    event.name,
                    t.code,
                    " ".repeat(1800)
                ));
            }
        })
    });
    group.bench_function("MailTemplate (text + HTML)", |b| {
        b.iter(|| {
            for t in &tickets {
                black_box(compiled.render(&event, t).expect("render"));
            }
        })
    });
    group.finish();
}

async fn setup(
    n: usize,
) -> (
    TicketOffice<SqliteStore>,
    ticketcore::Event,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("dir");
    let store = SqliteStore::connect(&format!("sqlite://{}", dir.path().join("b.db").display()))
        .await
        .expect("db");
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Bench Ball");
    new.code_spec = ticketcore::CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 4).expect("spec");
    let event = office.create_event(new).await.expect("event");
    let guests = ticketcore::testing::guests(n);
    office.issue_tickets(&event, &guests).await.expect("issue");
    (office, event, dir)
}

struct Sink(Child);

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn smtp_sink(port: u16) -> Option<Sink> {
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Sink",
        ])
        .spawn()
        .ok()?;
    let sink = Sink(child);
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(sink);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// Sends 1,000 mails once per transport and prints mails/s (a criterion loop
/// would only find every ticket already sent after the first pass).
fn send_report() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    // The SMTP pool spawns its tasks on the runtime it is built in.
    let _inside = rt.enter();
    let from = parse_mailbox("Bench <bench@example.org>").expect("from");
    let options = SendOptions {
        concurrency: 8,
        ..SendOptions::default()
    };
    let outbox = tempfile::tempdir().expect("outbox");
    let mut rows = vec![("outbox folder (baseline)", Mailer::outbox(outbox.path()))];
    let server = rt.block_on(smtp::start(smtp::Script::default()));
    rows.push((
        "SMTP, pooled, in-process server",
        Mailer::smtp(&server.url()).expect("url"),
    ));
    let sink = smtp_sink(2599);
    if sink.is_some() {
        rows.push((
            "SMTP, pooled, local aiosmtpd",
            Mailer::smtp("smtp://127.0.0.1:2599").expect("url"),
        ));
    } else {
        println!("(python3 -m aiosmtpd not available: SMTP row skipped; pip install aiosmtpd)");
    }
    println!("\nSending 1,000 ticket mails, concurrency 8");
    for (name, mailer) in rows {
        let (office, event, _dir) = rt.block_on(setup(1000));
        let start = Instant::now();
        let report = rt
            .block_on(office.send_tickets(&event, &mailer, Some(&from), &options, &|_| {}))
            .expect("send");
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(report.sent, 1000, "{report:?}");
        println!("{name:<32} {:>8.0} mails/s", 1000.0 / secs);
    }
    drop(sink);
}

criterion_group!(benches, import, import_wide_csv, render);

fn main() {
    send_report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
