//! Two `ticket-web` instances on one database: two `AppState`s from
//! `build_state` on the same URL, each with its own scan queue and change feed,
//! driven through their routers.
//!
//! On every backend (SQLite on a shared file always; PostgreSQL and
//! MySQL/MariaDB when `TICKET_TEST_POSTGRES_URL` / `TICKET_TEST_MYSQL_URL` are
//! set, each pair in its own schema or database):
//! - 64 concurrent scans of one code, half through each instance, admit exactly one;
//! - a live-events listener on instance B sees a scan made on instance A within a second.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state, state::AppState};
use ticketcore::{NewEvent, Role};
use tower::ServiceExt;

use ticketcore::testing::{mysql_url, postgres_url};

struct Instance {
    state: AppState,
    router: Router,
}

async fn instance(url: &str, dir: &std::path::Path) -> Instance {
    let mut config = Config::local(url, dir.join("outbox"));
    config.mail_from = Some("Ball <tickets@example.org>".into());
    let (state, _setup) = build_state(config).await.expect("state");
    tokio::spawn(ticket_web::live::run_feed(state.clone()));
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    Instance { state, router }
}

/// Sends one request; returns the status, the session cookie it set, and the body.
async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    auth: (&str, &str),
    content_type: &str,
    body: String,
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type);
    if !auth.1.is_empty() {
        req = req.header(auth.0, auth.1);
    }
    let resp = router
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("response");
    let status = resp.status();
    let cookie = resp
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (status, cookie, String::from_utf8_lossy(&bytes).into_owned())
}

async fn api_scan(router: &Router, bearer: &str, code: &str, door: &str) -> String {
    let (status, _, body) = send(
        router,
        Method::POST,
        "/api/events/ball/scan",
        (header::AUTHORIZATION.as_str(), &format!("Bearer {bearer}")),
        "application/json",
        serde_json::json!({"code": code, "door": door}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    v["outcome"].as_str().unwrap_or_default().to_string()
}

/// Both checks on two instances of the database at `url`.
async fn two_instances(url: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let a = instance(url, dir.path()).await;
    let b = instance(url, dir.path()).await;

    let office = &a.state.office;
    office
        .add_user("ada", Role::Admin, "admin-password")
        .await
        .expect("admin");
    office
        .add_user("sam", Role::Scanner, "scanner-password")
        .await
        .expect("scanner");
    let mut new = NewEvent::named("Ball");
    new.slug = Some("ball".into());
    let event = office.create_event(new).await.expect("event");
    let guests = ticketcore::testing::named_guests(&["Anna", "Ben"]);
    let tickets = office
        .issue_tickets(&event, &guests)
        .await
        .expect("tickets");
    let (_, secret) = office.create_token("sam", "doors").await.expect("token");

    // 64 concurrent scans of one code, alternating between the instances.
    let code = tickets[0].code.clone();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let router = if i % 2 == 0 {
            a.router.clone()
        } else {
            b.router.clone()
        };
        let (secret, code) = (secret.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            api_scan(&router, &secret, &code, &format!("door-{i}")).await
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("join"));
    }
    assert_eq!(
        outcomes.iter().filter(|o| *o == "admitted").count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|o| *o == "already_used").count(),
        63,
        "{outcomes:?}"
    );
    assert_eq!(
        b.state
            .office
            .scan_log(&event, 100)
            .await
            .expect("log")
            .len(),
        64
    );

    // A listener on B sees a scan made through A within a second.
    let (status, cookie, _) = send(
        &b.router,
        Method::POST,
        "/login",
        ("", ""),
        "application/x-www-form-urlencoded",
        "name=ada&password=admin-password&next=%2F".into(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.expect("session cookie");
    let req = Request::builder()
        .uri("/api/events/ball/stream")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    let resp = b.router.clone().oneshot(req).await.expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let outcome = api_scan(&a.router, &secret, &tickets[1].code, "door-a").await;
    assert_eq!(outcome, "admitted");
    let mut seen = String::new();
    while !(seen.contains("event: scan") && seen.contains(&tickets[1].code)) {
        let left = Duration::from_secs(1).saturating_sub(started.elapsed());
        let frame = tokio::time::timeout(left, body.frame())
            .await
            .expect("B's listener sees A's scan within a second")
            .expect("stream open")
            .expect("frame");
        if let Some(data) = frame.data_ref() {
            seen.push_str(&String::from_utf8_lossy(data));
        }
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(seen.contains("\"kind\":\"admitted\""), "{seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_instances_admit_once_and_share_live_events() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    two_instances(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_instances_admit_once_and_share_live_events() {
    let Some((url, _guard)) = postgres_url().await else {
        return;
    };
    two_instances(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mysql_two_instances_admit_once_and_share_live_events() {
    let Some((url, _guard)) = mysql_url().await else {
        return;
    };
    two_instances(&url).await;
}
