//! Durable scans per second on a file-backed SQLite: the core's group-committed
//! scan (`TicketOffice::scan`) against one bare sqlx transaction per scan
//! (`BEGIN IMMEDIATE; UPDATE … RETURNING; INSERT audit; COMMIT`) on the same
//! schema, both with WAL and `synchronous = FULL`, both with 32 concurrent callers.
//!
//! Before the criterion groups, a fixed run prints scans/s and p50/p99 latency
//! for both, so the ratio is measured in the same run.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use ticketcore::{CodeSpec, Event, NewEvent, ScanOutcome, SqliteStore, TicketOffice};
use tokio::runtime::Runtime;

const CALLERS: usize = 32;
const TICKETS: usize = 100_000;

struct Setup {
    _dir: tempfile::TempDir,
    office: TicketOffice<SqliteStore>,
    bare: SqlitePool,
    event: Event,
    codes: Arc<Vec<String>>,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::connect(&url).await.expect("open");
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Bench");
    new.code_spec = CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 4).expect("spec");
    let event = office.create_event(new).await.expect("event");
    let guests = ticketcore::testing::guests(TICKETS);
    let codes = office
        .issue_tickets(&event, &guests)
        .await
        .expect("issue")
        .into_iter()
        .map(|t| t.code)
        .collect();
    let options = SqliteConnectOptions::from_str(&url)
        .expect("url")
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(30));
    let bare = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("pool");
    Setup {
        _dir: dir,
        office,
        bare,
        event,
        codes: Arc::new(codes),
    }
}

/// The naive baseline: one transaction per scan.
async fn bare_scan(pool: &SqlitePool, event: i64, code: &str, by: &str) -> bool {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
    let now = chrono_now_ms();
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE tickets SET used_at = ?, used_by = ? WHERE event_id = ? AND code = ? \
         AND used_at IS NULL AND revoked_at IS NULL RETURNING id",
    )
    .bind(now)
    .bind(by)
    .bind(event)
    .bind(code)
    .fetch_optional(&mut *tx)
    .await
    .expect("update");
    sqlx::query("INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(event)
        .bind(row.map(|r| r.0))
        .bind(code)
        .bind(if row.is_some() { "admitted" } else { "already_used" })
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("audit");
    tx.commit().await.expect("commit");
    row.is_some()
}

fn chrono_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

async fn reset(s: &Setup) {
    sqlx::query("UPDATE tickets SET used_at = NULL, used_by = NULL")
        .execute(&s.bare)
        .await
        .expect("reset");
}

#[derive(Clone, Copy)]
enum Path {
    Core,
    Bare,
}

/// Runs `total` scans of distinct codes with `CALLERS` concurrent callers; returns
/// the elapsed time and every scan's latency.
async fn run(s: &Setup, path: Path, total: usize) -> (Duration, Vec<Duration>) {
    reset(s).await;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for caller in 0..CALLERS {
        let (office, bare, event, codes, next) = (
            s.office.clone(),
            s.bare.clone(),
            s.event.clone(),
            s.codes.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let door = format!("door-{caller}");
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return lat;
                }
                let code = &codes[i % codes.len()];
                let t = Instant::now();
                let admitted = match path {
                    Path::Core => matches!(
                        office.scan(&event, code, &door).await.expect("scan"),
                        ScanOutcome::Admitted { .. }
                    ),
                    Path::Bare => bare_scan(&bare, event.id.0, code, &door).await,
                };
                lat.push(t.elapsed());
                assert!(admitted || total > codes.len());
            }
        }));
    }
    let mut all = Vec::with_capacity(total);
    for t in tasks {
        all.extend(t.await.expect("join"));
    }
    (start.elapsed(), all)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(rt: &Runtime, s: &Setup) {
    println!(
        "\nDurable scans, file-backed SQLite, WAL + synchronous=FULL, {CALLERS} concurrent callers"
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "path", "scans/s", "p50 ms", "p99 ms"
    );
    let mut rates = Vec::new();
    for (name, path, total) in [
        ("bare sqlx transaction per scan", Path::Bare, 4_000),
        ("TicketOffice::scan (group commit)", Path::Core, 40_000),
    ] {
        let (elapsed, mut lat) = rt.block_on(run(s, path, total));
        lat.sort();
        let rate = total as f64 / elapsed.as_secs_f64();
        rates.push(rate);
        println!(
            "{:<34} {:>10.0} {:>10.2} {:>10.2}",
            name,
            rate,
            pct(&lat, 0.5).as_secs_f64() * 1e3,
            pct(&lat, 0.99).as_secs_f64() * 1e3
        );
    }
    println!("ratio core / bare: {:.1}x\n", rates[1] / rates[0]);
}

fn scans(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let s = rt.block_on(setup());
    report(&rt, &s);
    let mut group = c.benchmark_group("scan_32_callers");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("bare sqlx transaction per scan", |b| {
        b.iter_custom(|iters| rt.block_on(run(&s, Path::Bare, iters as usize)).0)
    });
    group.bench_function("TicketOffice::scan", |b| {
        b.iter_custom(|iters| rt.block_on(run(&s, Path::Core, iters as usize)).0)
    });
    group.finish();
}

criterion_group!(benches, scans);

fn main() {
    // `SCAN_REPORT_ONLY=1`: only the fixed run (scans/s, p50, p99 of both
    // paths), e.g. as the core baseline of `benches/load/run.sh`.
    if std::env::var_os("SCAN_REPORT_ONLY").is_some() {
        let rt = Runtime::new().expect("runtime");
        let s = rt.block_on(setup());
        report(&rt, &s);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
