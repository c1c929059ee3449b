//! One event of 1,000,000 tickets on a file-backed SQLite, through the core
//! (`TicketOffice`): how long importing and issuing, listing (first and last
//! page, search), statistics, scanning and the live feed take at that size.
//! Before that, the peak memory of importing a 100,000-row `.xlsx` (the
//! process's high-water mark, measured first).
//!
//! Prints one table; no criterion groups. Takes a few minutes:
//!
//! ```sh
//! cargo bench -p ticket-benches --bench scale
//! ```
//!
//! `SCALE_IMPORT_ONLY=1` runs only the 1,000,000-row import, first thing in
//! a fresh process, so its peak is the import's own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ticketcore::import::ImportOptions;
use ticketcore::{CodeSpec, NewEvent, SqliteStore, TicketFilter, TicketOffice};

#[path = "shared/guest_list.rs"]
mod guest_list;

const TICKETS: usize = 1_000_000;
const SCANS: usize = 20_000;
const CALLERS: usize = 32;

/// A memory line of this process's `/proc/self/status` (`VmHWM`, `RssAnon`,
/// `RssFile`: kB there), in MiB.
fn status_mib(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.split(':').next() == Some(name))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The process's peak resident memory so far (Linux `VmHWM`), in MiB.
fn peak_mib() -> Option<u64> {
    status_mib("VmHWM")
}

/// The largest anonymous (heap) and file-backed (mapped database pages)
/// parts of the resident memory seen since the last [`RssPeaks::take`], in MiB
/// (Linux `RssAnon`, `RssFile`; sampled every 10 ms by a thread).
#[derive(Clone, Default)]
struct RssPeaks(Arc<std::sync::Mutex<(u64, u64)>>);

impl RssPeaks {
    fn start() -> Self {
        let peaks = RssPeaks::default();
        let shared = peaks.0.clone();
        std::thread::spawn(move || {
            loop {
                let (heap, file) = (RssPeaks::heap_now(), status_mib("RssFile").unwrap_or(0));
                if let Ok(mut p) = shared.lock() {
                    p.0 = p.0.max(heap);
                    p.1 = p.1.max(file);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        peaks
    }

    /// The heap part of the resident memory now (`RssAnon`), in MiB.
    fn heap_now() -> u64 {
        status_mib("RssAnon").unwrap_or(0)
    }

    /// The peaks so far, then starts over.
    fn take(&self) -> String {
        let p = self
            .0
            .lock()
            .map(|mut shared| std::mem::take(&mut *shared))
            .unwrap_or_default();
        format!("heap peak {} MiB, mapped file peak {} MiB", p.0, p.1)
    }
}

fn row(what: &str, took: Duration, note: &str) {
    println!("{what:<44} {:>10.1} ms  {note}", took.as_secs_f64() * 1e3);
}

fn csv(rows: usize) -> Vec<u8> {
    ticketcore::testing::guest_csv("Guest", "guest", 0..rows).into_bytes()
}

/// The 100,000-row `.xlsx` import and its peak memory.
async fn xlsx_import(office: &TicketOffice<SqliteStore>, peaks: &RssPeaks) {
    let book = guest_list::workbook(100_000);
    let before = peak_mib();
    let mut memory = NewEvent::named("Memory");
    memory.code_spec = CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 5).expect("spec");
    let small = office.create_event(memory).await.expect("event");
    let t = Instant::now();
    let report = office
        .import_guests(
            &small,
            book.clone(),
            "guests.xlsx",
            &ImportOptions::default(),
        )
        .await
        .expect("import");
    assert_eq!(report.imported, 100_000);
    row(
        "import 100,000-row .xlsx + issue",
        t.elapsed(),
        &format!(
            "file {} KiB; process peak {} MiB before, {} MiB after ({})",
            book.len() / 1024,
            before.unwrap_or(0),
            peak_mib().unwrap_or(0),
            peaks.take()
        ),
    );
    drop(book);
}

async fn run() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("scale.db").display());
    let office = TicketOffice::new(SqliteStore::connect(&url).await.expect("open"));

    println!("\nScale: file-backed SQLite (WAL, synchronous=FULL), through TicketOffice");
    println!("{:<44} {:>13}", "step", "time");

    // Peak memory of a 100,000-row .xlsx import, before anything bigger ran.
    let peaks = RssPeaks::start();
    let import_only = std::env::var_os("SCALE_IMPORT_ONLY").is_some();
    if !import_only {
        xlsx_import(&office, &peaks).await;
    }

    let mut new = NewEvent::named("Festival");
    new.slug = Some("festival".into());
    new.code_spec = CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 6).expect("spec");
    let event = office.create_event(new).await.expect("event");
    let file = csv(TICKETS);
    let file_mib = file.len() >> 20;
    let options = ImportOptions {
        max_bytes: file.len() as u64 + 1,
        max_rows: TICKETS,
        ..ImportOptions::default()
    };
    let before = peak_mib();
    peaks.take();
    let heap_before = RssPeaks::heap_now();
    let t = Instant::now();
    let report = office
        .import_guests(&event, file, "guests.csv", &options)
        .await
        .expect("import");
    assert_eq!(report.imported, TICKETS);
    row(
        "import 1,000,000-row .csv + issue codes",
        t.elapsed(),
        &format!(
            "{file_mib} MiB file (in the heap before: {heap_before} MiB), codes of 6 letters; \
             process peak {} MiB before, {} MiB after ({})",
            before.unwrap_or(0),
            peak_mib().unwrap_or(0),
            peaks.take()
        ),
    );
    if import_only {
        return;
    }

    let t = Instant::now();
    let stats = office.stats(&event).await.expect("stats");
    row("stats", t.elapsed(), &format!("{} tickets", stats.total));

    let page = |offset| TicketFilter {
        limit: Some(100),
        offset,
        ..TicketFilter::default()
    };
    let t = Instant::now();
    let first = office.tickets(&event, &page(0)).await.expect("page");
    row("list first page (100)", t.elapsed(), "");
    let t = Instant::now();
    let last = office
        .tickets(&event, &page(TICKETS as u32 - 100))
        .await
        .expect("page");
    row("list last page (100, offset 999,900)", t.elapsed(), "");
    assert_eq!((first.len(), last.len()), (100, 100));
    let t = Instant::now();
    let found = office
        .tickets(
            &event,
            &TicketFilter {
                search: Some("guest987654@".into()),
                limit: Some(100),
                ..TicketFilter::default()
            },
        )
        .await
        .expect("search");
    row(
        "search by address",
        t.elapsed(),
        &format!("{} found", found.len()),
    );
    let t = Instant::now();
    let one = office.ticket(&event, &last[0].code).await.expect("ticket");
    row("one ticket by code", t.elapsed(), &one.code);

    // Scans of distinct codes from the last page onwards, 32 callers.
    let codes: Vec<String> = office
        .tickets(
            &event,
            &TicketFilter {
                limit: Some(SCANS as u32),
                offset: 400_000,
                ..TicketFilter::default()
            },
        )
        .await
        .expect("codes")
        .into_iter()
        .map(|t| t.code)
        .collect();
    let codes = Arc::new(codes);
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for caller in 0..CALLERS {
        let (office, event, codes, next) =
            (office.clone(), event.clone(), codes.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= codes.len() {
                    return lat;
                }
                let s = Instant::now();
                let outcome = office
                    .scan(&event, &codes[i], &format!("door-{caller}"))
                    .await
                    .expect("scan");
                assert_eq!(outcome.kind(), ticketcore::ScanKind::Admitted);
                lat.push(s.elapsed());
            }
        }));
    }
    let mut lat = Vec::new();
    for task in tasks {
        lat.extend(task.await.expect("join"));
    }
    let took = t.elapsed();
    lat.sort();
    row(
        "20,000 scans, 32 callers",
        took,
        &format!(
            "{:.0} scans/s, p50 {:.1} ms, p99 {:.1} ms",
            SCANS as f64 / took.as_secs_f64(),
            lat[lat.len() / 2].as_secs_f64() * 1e3,
            lat[lat.len() * 99 / 100].as_secs_f64() * 1e3
        ),
    );

    let feed = office.changes();
    let t = Instant::now();
    let last_id = feed.last_id().await.expect("last");
    let recent = feed.since(last_id - 100, 500).await.expect("feed");
    row(
        "live feed: scans since (100 new)",
        t.elapsed(),
        &format!("{} records", recent.len()),
    );
    let t = Instant::now();
    let arrivals = office.arrivals(&event, 15 * 60).await.expect("arrivals");
    row(
        "arrivals chart (15-minute buckets)",
        t.elapsed(),
        &format!("{} buckets", arrivals.len()),
    );
    let t = Instant::now();
    let used = office
        .tickets(
            &event,
            &TicketFilter {
                status: Some(ticketcore::TicketStatus::Used),
                limit: Some(100),
                ..TicketFilter::default()
            },
        )
        .await
        .expect("used");
    row(
        "list used tickets (first 100)",
        t.elapsed(),
        &format!("{} shown", used.len()),
    );
    println!("process peak memory: {} MiB", peak_mib().unwrap_or(0));
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(run());
}
