//! Case c11: the same codes scanned at once from two `ticket-web` instances
//! and `ticket-cli` processes on one database, on every backend (SQLite file
//! always; PostgreSQL and MySQL/MariaDB when `TICKET_TEST_POSTGRES_URL` /
//! `TICKET_TEST_MYSQL_URL` are set).
//!
//! For each of the five guests of `c11_five_guests.csv`: exactly one attempt
//! is admitted, every other one is `already_used` with the admission's time
//! and door; every attempt is in the audit log; each instance's live stream
//! carries exactly one admission per ticket. While the doors race, the CLI
//! imports another list into the same event (and, on SQLite, writes a backup):
//! nobody sees "database is locked", no scan is lost or doubled.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use common::Sandbox;
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state, state::AppState};
use ticketcore::testing::{Backend, database_url};
use ticketcore::{Role, TicketFilter};
use tower::ServiceExt;

/// Scans of each code through each web instance.
const WEB_SCANS: usize = 6;
/// `ticket-cli scan` processes per code.
const CLI_SCANS: usize = 2;

const CASE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ticketcore/tests/fixtures/cases/c11_five_guests.csv"
);

struct Web {
    state: AppState,
    router: Router,
}

async fn web(url: &str, dir: &std::path::Path) -> Web {
    let (state, _setup) = build_state(Config::local(url, dir.join("outbox")))
        .await
        .expect("web instance");
    tokio::spawn(ticket_web::live::run_feed(state.clone()));
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    Web { state, router }
}

/// One attempt's answer: outcome, time and door of the check-in (if any), and
/// the ticket's code.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    outcome: String,
    at: String,
    by: String,
    code: String,
}

fn text(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

async fn web_scan(
    router: Router,
    token: String,
    code: String,
    door: String,
    delay: Duration,
) -> Answer {
    tokio::time::sleep(delay).await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/events/race/scan")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"code": code.to_lowercase(), "door": door}).to_string(),
        ))
        .expect("request");
    let resp = router.oneshot(req).await.expect("response");
    let status = resp.status();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    Answer {
        outcome: text(&v["outcome"]),
        at: text(&v["used_at"]),
        by: text(&v["used_by"]),
        code: text(&v["ticket"]["code"]),
    }
}

fn cli_answer(out: &std::process::Output) -> Answer {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "ticket-cli scan: {:?} {stderr} {stdout}",
        out.status
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("scan --json");
    let (at, by) = match text(&v["outcome"]).as_str() {
        "admitted" => (text(&v["ticket"]["used_at"]), text(&v["ticket"]["used_by"])),
        _ => (text(&v["at"]), text(&v["by"])),
    };
    Answer {
        outcome: text(&v["outcome"]),
        at,
        by,
        code: text(&v["ticket"]["code"]),
    }
}

/// Reads `event: scan` frames from an instance's live stream until `deadline`;
/// returns how many admissions it carried per code.
async fn admissions_seen(mut body: Body, deadline: Instant) -> HashMap<String, usize> {
    let mut text = String::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    text.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => break,
        }
    }
    let mut seen = HashMap::new();
    for block in text.split("\n\n") {
        if !block.lines().any(|l| l == "event: scan") {
            continue;
        }
        for data in block.lines().filter_map(|l| l.strip_prefix("data: ")) {
            let v: serde_json::Value = serde_json::from_str(data).expect("event data");
            if v["kind"] == "admitted" {
                *seen.entry(text_of(&v["code"])).or_default() += 1;
            }
        }
    }
    seen
}

fn text_of(v: &serde_json::Value) -> String {
    text(v)
}

async fn stream(router: &Router, token: &str) -> Body {
    let req = Request::builder()
        .uri("/api/events/race/stream")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.into_body()
}

async fn race(backend: Backend) {
    let Some((url, _guard)) = database_url(backend).await else {
        return;
    };
    let s = Sandbox::on(url.clone());
    let created = s.json(&["event", "create", "Race", "--slug", "race"]);
    assert_eq!(created["slug"], "race");
    let imported = s.json(&["import", CASE, "--event", "race"]);
    assert_eq!(imported["imported"], 5, "{imported}");

    let a = web(&url, s.dir.path()).await;
    let b = web(&url, s.dir.path()).await;
    let office = &a.state.office;
    office
        .add_user("ada", Role::Admin, "admin-password")
        .await
        .expect("admin");
    let (_, token) = office.create_token("ada", "race").await.expect("token");
    let event = office.event("race").await.expect("event");
    let tickets = office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    assert_eq!(tickets.len(), 5);

    let streams = [
        stream(&a.router, &token).await,
        stream(&b.router, &token).await,
    ];
    tokio::time::sleep(Duration::from_millis(100)).await;

    // A second guest list, imported by the CLI while the doors race.
    let more = s.path("more.csv");
    let csv = ticketcore::testing::guest_csv("Late Guest", "late", 0..200);
    std::fs::write(&more, csv).expect("write csv");

    let mut web_tasks = Vec::new();
    let mut cli_tasks = Vec::new();
    for t in &tickets {
        for i in 0..WEB_SCANS {
            for (name, w) in [("a", &a), ("b", &b)] {
                web_tasks.push(tokio::spawn(web_scan(
                    w.router.clone(),
                    token.clone(),
                    t.code.clone(),
                    format!("web-{name}-{i}"),
                    // Spread over the time a `ticket-cli` process takes to start,
                    // so web and CLI attempts overlap.
                    Duration::from_millis(60 * i as u64),
                )));
            }
        }
        for i in 0..CLI_SCANS {
            let mut cmd = s.cmd();
            cmd.args(["scan", &t.code, "--event", "race", "--door"])
                .arg(format!("cli-{i}"))
                .arg("--json");
            cli_tasks.push(tokio::task::spawn_blocking(move || cmd.output()));
        }
    }
    let mut side = s.cmd();
    side.args(["import"])
        .arg(&more)
        .args(["--event", "race", "--json"]);
    let side_import = tokio::task::spawn_blocking(move || side.output());
    let side_backup = (backend == Backend::Sqlite).then(|| {
        let mut cmd = s.cmd();
        cmd.args(["db", "backup"]).arg(s.path("backup.db"));
        tokio::task::spawn_blocking(move || cmd.output())
    });

    let mut answers = Vec::new();
    for t in web_tasks {
        answers.push(t.await.expect("join"));
    }
    for t in cli_tasks {
        answers.push(cli_answer(&t.await.expect("join").expect("run ticket-cli")));
    }
    let out = side_import.await.expect("join").expect("run import");
    assert!(
        out.status.success(),
        "import during the race: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(backup) = side_backup {
        let out = backup.await.expect("join").expect("run backup");
        assert!(
            out.status.success(),
            "backup during the race: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let attempts_per_code = 2 * WEB_SCANS + CLI_SCANS;
    for t in &tickets {
        let mine: Vec<&Answer> = answers.iter().filter(|x| x.code == t.code).collect();
        assert_eq!(mine.len(), attempts_per_code, "{}: {mine:?}", t.code);
        let admitted: Vec<&&Answer> = mine.iter().filter(|x| x.outcome == "admitted").collect();
        assert_eq!(admitted.len(), 1, "{}: {mine:?}", t.code);
        let first = admitted[0];
        eprintln!("{backend:?}: {} admitted at {}", t.code, first.by);
        assert!(!first.at.is_empty() && !first.by.is_empty(), "{first:?}");
        for other in mine.iter().filter(|x| x.outcome != "admitted") {
            assert_eq!(other.outcome, "already_used", "{other:?}");
            assert_eq!(
                (&other.at, &other.by),
                (&first.at, &first.by),
                "{}: every refusal names the one admission",
                t.code
            );
        }
    }

    // Every attempt is in the audit log, and nothing else.
    let log = office.scan_log(&event, 10_000).await.expect("log");
    assert_eq!(log.len(), tickets.len() * attempts_per_code);
    let stats = office.stats(&event).await.expect("stats");
    assert_eq!(stats.used, 5, "{stats:?}");
    assert_eq!(stats.total, 205, "{stats:?}");

    // Each instance's live stream carried one admission per ticket.
    let deadline = Instant::now() + Duration::from_millis(1500);
    let [sa, sb] = streams;
    let (seen_a, seen_b) =
        tokio::join!(admissions_seen(sa, deadline), admissions_seen(sb, deadline));
    for seen in [seen_a, seen_b] {
        for t in &tickets {
            assert_eq!(seen.get(&t.code), Some(&1), "{}: {seen:?}", t.code);
        }
        assert_eq!(seen.len(), tickets.len(), "{seen:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_web_instances_and_the_cli_admit_each_code_once() {
    race(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_web_instances_and_the_cli_admit_each_code_once() {
    race(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mysql_two_web_instances_and_the_cli_admit_each_code_once() {
    race(Backend::MySql).await;
}
