//! Durable scans per second through `TicketOffice::scan` (group commit) on
//! every backend: SQLite (a temp file, always, as the baseline of the same
//! run), PostgreSQL when `TICKET_TEST_POSTGRES_URL` is set and MySQL/MariaDB
//! when `TICKET_TEST_MYSQL_URL` is set (each in a fresh schema / database that
//! is dropped afterwards), with 1 and 32 concurrent callers.
//!
//! Every scan admits a distinct ticket (the deciding write, the audit row and
//! the COMMIT all happen). Prints one table; no criterion groups, so
//! `cargo bench --bench scan_backends` takes about a minute.
//!
//! ```text
//! TICKET_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! TICKET_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//! cargo bench -p ticket-benches --bench scan_backends
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::Connection;
use ticketcore::store::StoreOptions;
use ticketcore::{AnyStore, CodeSpec, Event, NewEvent, ScanOutcome, TicketOffice};

const TICKETS: usize = 20_000;
/// Scans per measurement, by number of callers.
const RUNS: [(usize, usize); 2] = [(1, 1_500), (32, 15_000)];

struct Setup {
    office: TicketOffice<AnyStore>,
    event: Event,
    codes: Arc<Vec<String>>,
}

async fn setup(url: &str) -> Setup {
    let options = StoreOptions {
        max_connections: Some(10),
        ..Default::default()
    };
    let store = AnyStore::connect_with(url, &options)
        .await
        .expect("open store");
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
    Setup {
        office,
        event,
        codes: Arc::new(codes),
    }
}

/// `total` scans of distinct codes by `callers` concurrent callers: elapsed time
/// and every scan's latency.
async fn run(s: &Setup, callers: usize, total: usize) -> (Duration, Vec<Duration>) {
    ticketcore::maintenance::run_sql(
        &s.office,
        "UPDATE tickets SET used_at = NULL, used_by = NULL",
    )
    .await
    .expect("reset");
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for caller in 0..callers {
        let (office, event, codes, next) = (
            s.office.clone(),
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
                let t = Instant::now();
                let outcome = office.scan(&event, &codes[i], &door).await.expect("scan");
                lat.push(t.elapsed());
                assert!(matches!(outcome, ScanOutcome::Admitted { .. }));
            }
        }));
    }
    let mut all = Vec::with_capacity(total);
    for t in tasks {
        all.extend(t.await.expect("join"));
    }
    (start.elapsed(), all)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

/// A fresh schema (PostgreSQL) or database (MySQL) for the run, and the
/// statement that drops it again.
async fn scratch(kind: &str, base: &str) -> (String, String) {
    let name = format!("bench_{}", ticketcore::auth::random_hex(6));
    if kind == "postgres" {
        let mut conn = sqlx::PgConnection::connect(base).await.expect("connect");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .execute(&mut conn)
            .await
            .expect("create schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        (
            format!("{base}{sep}options[search_path]={name}"),
            format!("DROP SCHEMA {name} CASCADE"),
        )
    } else {
        let mut conn = sqlx::MySqlConnection::connect(base).await.expect("connect");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        )))
        .execute(&mut conn)
        .await
        .expect("create database");
        let server = base
            .split('?')
            .next()
            .and_then(|b| b.rsplit_once('/'))
            .map_or(base, |(server, _)| server);
        (format!("{server}/{name}"), format!("DROP DATABASE {name}"))
    }
}

async fn drop_scratch(kind: &str, base: &str, sql: String) {
    let result = if kind == "postgres" {
        match sqlx::PgConnection::connect(base).await {
            Ok(mut c) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .map(drop),
            Err(e) => Err(e),
        }
    } else {
        match sqlx::MySqlConnection::connect(base).await {
            Ok(mut c) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .map(drop),
            Err(e) => Err(e),
        }
    };
    if let Err(e) = result {
        eprintln!("cleanup failed: {e}");
    }
}

async fn measure(name: &str, url: &str) {
    let s = setup(url).await;
    // Warm up connections and statement caches.
    let _ = run(&s, 8, 500).await;
    for (callers, total) in RUNS {
        let (elapsed, mut lat) = run(&s, callers, total).await;
        lat.sort();
        println!(
            "{:<12} {:>8} {:>10.0} {:>9.2} {:>9.2}",
            name,
            callers,
            total as f64 / elapsed.as_secs_f64(),
            pct(&lat, 0.5),
            pct(&lat, 0.99)
        );
    }
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        println!(
            "\nDurable scans through TicketOffice::scan (group commit), {TICKETS} tickets, \
             each scan admits a distinct ticket"
        );
        println!(
            "{:<12} {:>8} {:>10} {:>9} {:>9}",
            "backend", "callers", "scans/s", "p50 ms", "p99 ms"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
        measure("sqlite", &sqlite).await;
        for (kind, var) in [
            ("postgres", "TICKET_TEST_POSTGRES_URL"),
            ("mysql", "TICKET_TEST_MYSQL_URL"),
        ] {
            let Some(base) = std::env::var(var).ok().filter(|u| !u.is_empty()) else {
                println!("{kind:<12} skipped: {var} is not set");
                continue;
            };
            let (url, drop_sql) = scratch(kind, &base).await;
            measure(kind, &url).await;
            drop_scratch(kind, &base, drop_sql).await;
        }
    });
}
