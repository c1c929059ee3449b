//! One mail run per event at a time, across processes: two `ticket-cli send`
//! processes started together, then a rerun, mail each of 200 guests exactly
//! once; so do a `ticket-cli send` and the web app's send button at once. The
//! run that finds the event busy says who holds it and since when, exits 1
//! and mails nobody. On every backend (SQLite always; PostgreSQL and
//! MySQL/MariaDB when `TICKET_TEST_POSTGRES_URL` / `TICKET_TEST_MYSQL_URL` are
//! set).

mod common;
#[allow(dead_code)]
#[path = "../../ticketcore/tests/common/smtp.rs"]
mod smtp;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use common::Sandbox;
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state};
use ticketcore::testing::{Backend, database_url};
use tower::ServiceExt;

const GUESTS: usize = 200;
const FROM: &str = "Ball <t@example.org>";

/// A sandbox on `backend` with an event of 200 guests; `None` when the
/// backend is not configured.
async fn ball(backend: Backend) -> Option<(Sandbox, String, ticketcore::testing::Guard)> {
    let (url, guard) = database_url(backend).await?;
    let sandbox = Sandbox::on(url);
    let slug = sandbox.event("Send Once Ball");
    sandbox.issue_numbered(&slug, GUESTS).await;
    Some((sandbox, slug, guard))
}

/// Starts `ticket-cli send` mailing through `smtp_url` at `per_minute`.
fn send(sandbox: &Sandbox, slug: &str, smtp_url: &str, per_minute: u32) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin!("ticket-cli"))
        .current_dir(sandbox.dir.path())
        .env("TICKET_DATABASE_URL", &sandbox.url)
        .env("NO_COLOR", "1")
        .args(["send", "--event", slug, "--smtp-url", smtp_url])
        .args(["--mail-from", FROM, "--per-minute", &per_minute.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ticket-cli send")
}

/// Every guest got exactly one mail.
fn each_guest_once(server: &smtp::SmtpServer) {
    let mut per_guest: HashMap<String, usize> = HashMap::new();
    for mail in server.received() {
        for rcpt in mail.rcpt {
            *per_guest.entry(rcpt).or_default() += 1;
        }
    }
    let twice: Vec<_> = per_guest.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mailed more than once: {twice:?}");
    assert_eq!(per_guest.len(), GUESTS, "every guest got a mail");
}

/// The refusal of a run that found the event busy.
fn says_busy(text: &str) {
    assert!(
        text.contains("another send run is mailing this event")
            && text.contains("ticket-cli (pid")
            && text.contains("since")
            && text.contains("nothing was sent"),
        "{text}"
    );
}

async fn two_cli_runs_and_a_rerun(backend: Backend) {
    let Some((sandbox, slug, _guard)) = ball(backend).await else {
        eprintln!("skipped: {backend:?} not configured");
        return;
    };
    let server = smtp::start(smtp::Script::default()).await;
    // 100 mails a second: the runs overlap for about two seconds.
    let runs = [
        send(&sandbox, &slug, &server.url(), 6000),
        send(&sandbox, &slug, &server.url(), 6000),
    ];
    let outs: Vec<_> = runs
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    let codes: Vec<_> = outs.iter().map(|o| o.status.code()).collect();
    let mut codes_sorted = codes.clone();
    codes_sorted.sort();
    assert_eq!(
        codes_sorted,
        vec![Some(0), Some(1)],
        "one run mails, one is refused"
    );
    let loser = outs
        .iter()
        .find(|o| o.status.code() == Some(1))
        .expect("refused run");
    let stderr = String::from_utf8_lossy(&loser.stderr);
    says_busy(&stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    let winner = outs.iter().find(|o| o.status.success()).expect("run");
    let stdout = String::from_utf8_lossy(&winner.stdout);
    assert!(stdout.contains(&format!("Sent {GUESTS} mails")), "{stdout}");
    each_guest_once(&server);

    // The rerun finds nothing to send.
    let rerun = send(&sandbox, &slug, &server.url(), 6000)
        .wait_with_output()
        .expect("rerun");
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    each_guest_once(&server);
    assert_eq!(server.received().len(), GUESTS);
}

async fn cli_and_web_at_once(backend: Backend) {
    let Some((sandbox, slug, _guard)) = ball(backend).await else {
        eprintln!("skipped: {backend:?} not configured");
        return;
    };
    let server = smtp::start(smtp::Script::default()).await;
    let mut config = Config::local(&sandbox.url, sandbox.path("outbox"));
    config.smtp_url = Some(server.url());
    config.mail_from = Some(FROM.into());
    let (state, _setup) = build_state(config).await.expect("web app");
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    state
        .office
        .add_user("ada", ticketcore::Role::Admin, "correct horse battery")
        .await
        .expect("admin");
    let (_, token) = state
        .office
        .create_token("ada", "send")
        .await
        .expect("token");
    let web_send = || {
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("/events/{slug}/send"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        router.clone().oneshot(req)
    };
    let web_status = || async {
        let req = Request::builder()
            .uri(format!("/api/events/{slug}/send"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        let res = router.clone().oneshot(req).await.expect("status");
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.into_body().collect().await.expect("body").to_bytes();
        serde_json::from_slice::<serde_json::Value>(&body).expect("json")
    };
    let finished = || async {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = web_status().await;
            if status["running"] == false {
                return status;
            }
            assert!(Instant::now() < deadline, "the web run never ended");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };

    // The CLI is mailing (slowly) when the organiser presses Send.
    let cli = send(&sandbox, &slug, &server.url(), 6000);
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.received().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the CLI run never started mailing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let res = web_send().await.expect("send");
    assert!(res.status().is_redirection(), "{:?}", res.status());
    let status = finished().await;
    says_busy(status["error"].as_str().unwrap_or_default());
    let out = cli.wait_with_output().expect("cli");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    each_guest_once(&server);

    // Everyone mailed: the web run now sends nothing, and the CLI run
    // started while it runs is refused or finds nothing either.
    let res = web_send().await.expect("send");
    assert!(res.status().is_redirection());
    let status = finished().await;
    assert_eq!(status["error"], serde_json::Value::Null, "{status}");
    assert_eq!(status["report"]["sent"], 0, "{status}");
    assert_eq!(server.received().len(), GUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_cli_runs_mail_each_guest_once_sqlite() {
    two_cli_runs_and_a_rerun(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_cli_runs_mail_each_guest_once_postgres() {
    two_cli_runs_and_a_rerun(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_cli_runs_mail_each_guest_once_mysql() {
    two_cli_runs_and_a_rerun(Backend::MySql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_web_at_once_mail_each_guest_once_sqlite() {
    cli_and_web_at_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_web_at_once_mail_each_guest_once_postgres() {
    cli_and_web_at_once(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_web_at_once_mail_each_guest_once_mysql() {
    cli_and_web_at_once(Backend::MySql).await;
}
