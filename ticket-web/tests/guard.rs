//! The door guard over HTTP: a guessing sweep is refused and alerts the
//! admin, an honest door never notices, the real admin logs in while other
//! addresses hammer the account, door search cannot harvest the list, and
//! sessions end when the password changes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode, header};
use rand::seq::SliceRandom;
use ticketcore::Ticket;

mod common;

use common::{Client, Fixture, fixture_with, populate, populated};

/// Every code of the event's code space, shuffled.
fn every_code(event: &ticketcore::Event) -> Vec<String> {
    let alphabet: Vec<char> = event.code_spec.alphabet().chars().collect();
    let length = event.code_spec.length();
    let mut codes = vec![String::new()];
    for _ in 0..length {
        codes = codes
            .iter()
            .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
            .collect();
    }
    codes.shuffle(&mut rand::rng());
    codes
}

async fn scanner_token(f: &Fixture) -> String {
    f.state
        .office
        .create_token("sam", "door phone")
        .await
        .expect("token")
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guessing_sweep_finds_almost_nothing_and_alerts_the_admin() {
    let (f, _) = populated(&[]).await;
    let event = f.state.office.event("ball").await.expect("event");
    f.state
        .office
        .issue_tickets(&event, &ticketcore::testing::guests(200))
        .await
        .expect("200 tickets");
    let token = scanner_token(&f).await;
    let codes = Arc::new(every_code(&event));
    assert_eq!(codes.len(), 17_576);

    // 16 connections sweep every code, a new door name on every guess, at
    // most 500 guesses a second in all, for 40 s.
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let window = Duration::from_secs(40);
    let mut workers = Vec::new();
    for _ in 0..16 {
        let (codes, next) = (codes.clone(), next.clone());
        let mut c = Client::new(&f);
        c.bearer = Some(token.clone());
        workers.push(tokio::spawn(async move {
            // (seconds since start, status, outcome) of every answer
            let mut answers = Vec::new();
            let mut retry_after_seen = false;
            while start.elapsed() < window {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(code) = codes.get(i) else { break };
                let a = c
                    .json(
                        "/api/events/ball/scan",
                        serde_json::json!({"code": code, "door": format!("door-{i}")}),
                    )
                    .await;
                if a.status == StatusCode::TOO_MANY_REQUESTS {
                    retry_after_seen |= a.headers.contains_key(header::RETRY_AFTER)
                        && a.body.contains("too many unknown codes");
                }
                let outcome = serde_json::from_str::<serde_json::Value>(&a.body)
                    .ok()
                    .and_then(|v| v["outcome"].as_str().map(str::to_string))
                    .unwrap_or_default();
                answers.push((start.elapsed().as_secs_f64(), a.status, outcome));
                tokio::time::sleep(Duration::from_millis(32)).await;
            }
            (answers, retry_after_seen)
        }));
    }
    let mut answers = Vec::new();
    let mut retry_after_seen = false;
    for w in workers {
        let (a, seen) = w.await.expect("worker");
        answers.extend(a);
        retry_after_seen |= seen;
    }
    let guesses = answers.len();
    let answered: Vec<_> = answers
        .iter()
        .filter(|(_, s, _)| *s == StatusCode::OK)
        .collect();
    let found = answered.iter().filter(|(_, _, o)| o == "admitted").count();
    let late = answered.iter().filter(|(t, _, _)| *t >= 10.0).count();
    eprintln!(
        "{guesses} guesses in {:.1} s: {} answered ({late} after the first 10 s), {found} tickets found",
        start.elapsed().as_secs_f64(),
        answered.len()
    );
    assert!(guesses > 10_000, "the sweep ran: {guesses} guesses");
    assert!(found <= 3, "{found} tickets found");
    assert!(late <= 12 * 30 / 60, "{late} answered after the first 10 s");
    assert!(retry_after_seen, "429 with Retry-After and a clear message");

    // The admin sees the alert on the tickets page and in the API, and resets it.
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let page = admin.get("/events/ball/tickets").await;
    assert!(page.body.contains("Guessing alert"), "{}", page.body);
    assert!(page.body.contains("<b>sam</b>"), "{}", page.body);
    let alerts = admin.get("/api/events/ball/guard").await;
    let list: serde_json::Value = serde_json::from_str(&alerts.body).expect("json");
    assert_eq!(list[0]["user"], "sam");
    assert!(list[0]["refused"].as_u64().unwrap_or(0) > 1000, "{list}");
    let reset = admin
        .form("/events/ball/guard/reset", &[("user", "sam")])
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(admin.get("/api/events/ball/guard").await.body, "[]");
    let tickets = f
        .state
        .office
        .tickets(&event, &ticketcore::TicketFilter::default())
        .await
        .expect("tickets");
    let nobodys = codes
        .iter()
        .find(|c| tickets.iter().all(|t| &&t.code != c))
        .expect("a free code");
    let mut door = Client::new(&f);
    door.bearer = Some(token);
    let after = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": nobodys}),
        )
        .await;
    assert_eq!(after.status, StatusCode::OK, "refilled: {}", after.body);
    assert!(after.body.contains("unknown"), "{}", after.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_alert_reaches_the_admins_live_stream() {
    let (f, tickets) = populated(&["Anna"]).await;
    let event = f.state.office.event("ball").await.expect("event");
    let mut live = f.state.live.subscribe();
    let mut door = Client::new(&f);
    door.bearer = Some(scanner_token(&f).await);
    let mut refused = 0;
    let unknown = every_code(&event)
        .into_iter()
        .filter(|c| c != &tickets[0].code)
        .take(40);
    for code in unknown {
        let a = door
            .json("/api/events/ball/scan", serde_json::json!({"code": code}))
            .await;
        refused += usize::from(a.status == StatusCode::TOO_MANY_REQUESTS);
    }
    assert!(refused > 0);
    let alert = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match live.recv().await {
                Ok(e) if e.kind == "guard" => break e,
                Ok(_) => {}
                Err(e) => panic!("live channel: {e}"),
            }
        }
    })
    .await
    .expect("a guard event within 5 s");
    assert!(alert.data.contains("\"user\":\"sam\""), "{}", alert.data);
}

#[tokio::test]
async fn an_honest_door_with_two_typos_admits_all_forty() {
    let names: Vec<String> = (0..40).map(|i| format!("Guest {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (f, tickets) = populated(&names).await;
    let event = f.state.office.event("ball").await.expect("event");
    let mut door = Client::new(&f);
    door.bearer = Some(scanner_token(&f).await);
    let mut admitted = 0;
    for (i, t) in tickets.iter().enumerate() {
        if i == 7 || i == 23 {
            // A typo first: a well-formed code that is nobody's.
            let typo = every_code(&event)
                .into_iter()
                .find(|c| tickets.iter().all(|t: &Ticket| &t.code != c))
                .expect("a free code");
            let a = door
                .json(
                    "/api/events/ball/scan",
                    serde_json::json!({"code": typo, "door": "door-1"}),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            assert!(a.body.contains("unknown"), "{}", a.body);
        }
        let a = door
            .json(
                "/api/events/ball/scan",
                serde_json::json!({"code": t.code, "door": "door-1"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        admitted += usize::from(a.body.contains("\"admitted\""));
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert_eq!(admitted, 40);
}

#[tokio::test]
async fn scanners_get_only_what_the_door_needs() {
    let (f, t) = populated(&["Anna Berg"]).await;
    let mut door = Client::new(&f);
    door.bearer = Some(scanner_token(&f).await);
    let a = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": t[0].code}),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    let mut keys: Vec<&str> = v["ticket"]
        .as_object()
        .expect("ticket")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "name", "status", "used_at", "used_by"]);
    assert!(!a.body.contains("example.org"), "{}", a.body);
}

#[tokio::test]
async fn door_search_cannot_harvest_the_list() {
    let names: Vec<String> = (0..30).map(|i| format!("Anna Test{i:02}")).collect();
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.push("Jürgen Weiß");
    let (f, _) = populated(&names).await;
    let mut door = Client::new(&f);
    assert_eq!(
        door.login("sam", "scanner-password").await.status,
        StatusCode::SEE_OTHER
    );
    let short = door.get("/api/events/ball/find?name=an").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST, "{}", short.body);
    assert!(short.body.contains("at least 3"), "{}", short.body);

    let many = door.get("/api/events/ball/find?name=anna").await;
    let found: serde_json::Value = serde_json::from_str(&many.body).expect("json");
    let found = found.as_array().expect("array");
    assert_eq!(found.len(), 5, "a few results only");
    for g in found {
        let mut keys: Vec<&str> = g
            .as_object()
            .expect("obj")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["name", "party", "pick", "status"],
            "no code, no address"
        );
    }
    // Addresses are not searched (guests' addresses contain "example").
    let by_mail = door.get("/api/events/ball/find?name=example").await;
    assert_eq!(by_mail.body, "[]");

    // A pick checks the guest in once.
    let jurgen = door.get("/api/events/ball/find?name=jurgen").await;
    let jurgen: serde_json::Value = serde_json::from_str(&jurgen.body).expect("json");
    let pick = jurgen[0]["pick"].as_str().expect("pick").to_string();
    let a = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"pick": pick, "door": "door-1"}),
        )
        .await;
    assert!(a.body.contains("\"admitted\""), "{}", a.body);
    assert!(
        !a.body.contains("\"code\""),
        "a pick never shows the code: {}",
        a.body
    );
    let again = door
        .json("/api/events/ball/scan", serde_json::json!({"pick": pick}))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);

    // Five searches in a row (three so far), then one per 12 s.
    for _ in 0..2 {
        let ok = door.get("/api/events/ball/find?name=test").await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
    let limited = door.get("/api/events/ball/find?name=test").await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
}

/// A login as `ada` with `password`, sent through a proxy that names the
/// client `address` in `X-Forwarded-For`.
async fn login_from(c: &mut Client, password: &str, address: &str) -> common::Answer {
    let body = format!("name=ada&password={password}&next=%2F");
    c.send(
        Method::POST,
        "/login",
        Some("application/x-www-form-urlencoded"),
        body.into_bytes(),
        &[("x-forwarded-for", address)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_admin_logs_in_while_eight_addresses_hammer_the_account() {
    let f = fixture_with(|c| c.trusted_proxy = vec!["127.0.0.1".parse().expect("ip")]).await;
    let (f, _) = populate(f, &[]).await;
    // 8 addresses, each 2 wrong passwords a second, for 6 s (behind the
    // trusted proxy, which names them in X-Forwarded-For).
    let mut hammer = Vec::new();
    for i in 1..=8 {
        let mut c = Client::new(&f);
        hammer.push(tokio::spawn(async move {
            let address = format!("10.0.0.{i}");
            let mut statuses = Vec::new();
            for _ in 0..12 {
                let a = login_from(&mut c, "guess-guess", &address).await;
                statuses.push(a.status);
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            statuses
        }));
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut admin = Client::new(&f);
    let started = Instant::now();
    let ok = login_from(&mut admin, "admin-password", "192.0.2.50").await;
    let took = started.elapsed();
    eprintln!("the real admin logged in after {took:?}");
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "first try: {}", ok.body);
    assert!(
        took < Duration::from_secs(4),
        "late by {took:?} at most the cap"
    );
    let mut refused = 0;
    for h in hammer {
        let statuses = h.await.expect("hammer");
        refused += statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
    }
    assert!(
        refused >= 8 * 5,
        "the hammering addresses are refused: {refused}"
    );

    // Without the trusted proxy the header is ignored: a forged address
    // does not get a fresh budget.
    let (plain, _) = populated(&[]).await;
    let mut c = Client::new(&plain);
    let mut statuses = Vec::new();
    for i in 0..7 {
        let a = login_from(&mut c, "guess-guess", &format!("10.9.9.{i}")).await;
        statuses.push(a.status);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn sessions_end_when_the_password_changes_or_the_user_goes() {
    let (f, _) = populated(&["Anna"]).await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    assert_eq!(door.get("/events/ball/scan").await.status, StatusCode::OK);
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;

    // The admin changes sam's password (the web page); sam's session ends.
    let changed = admin
        .form("/users/sam/password", &[("password", "a-new-password")])
        .await;
    assert!(
        changed.body.contains("New password set"),
        "{}",
        changed.body
    );
    assert_eq!(
        door.get("/events/ball/scan").await.status,
        StatusCode::SEE_OTHER,
        "logged out"
    );
    // The admin's own password: their other sessions end, this one stays.
    let mut other = Client::new(&f);
    other.login("ada", "admin-password").await;
    admin
        .form("/users/ada/password", &[("password", "another-password")])
        .await;
    assert_eq!(
        admin.get("/users").await.status,
        StatusCode::OK,
        "this one stays"
    );
    assert_eq!(other.get("/users").await.status, StatusCode::SEE_OTHER);

    // From the core (as `ticket-cli user passwd` does).
    door.login("sam", "a-new-password").await;
    assert_eq!(door.get("/events/ball/scan").await.status, StatusCode::OK);
    f.state
        .office
        .set_password("sam", "third-password")
        .await
        .expect("passwd");
    assert_eq!(
        door.get("/events/ball/scan").await.status,
        StatusCode::SEE_OTHER
    );

    // Removed.
    door.login("sam", "third-password").await;
    assert_eq!(door.get("/events/ball/scan").await.status, StatusCode::OK);
    f.state.office.remove_user("sam").await.expect("remove");
    assert_eq!(
        door.get("/events/ball/scan").await.status,
        StatusCode::SEE_OTHER
    );
}
