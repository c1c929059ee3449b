//! Crash proof: kill -9 `ticket-web` in the middle of a storm of scans. After a
//! restart every scan a client saw as admitted is used, nothing else is, and
//! the database passes SQLite's integrity check.

use std::collections::HashSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One HTTP/1.1 request on a fresh connection; `None` when the server is gone.
async fn post(port: u16, path: &str, token: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_a_scan_storm_loses_no_admission() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let (token, codes) = {
        let office = ticketcore::TicketOffice::open(&url).await.expect("open");
        office
            .add_user("door", ticketcore::Role::Scanner, "door-password")
            .await
            .expect("user");
        let (_, token) = office.create_token("door", "storm").await.expect("token");
        let mut e = ticketcore::NewEvent::named("Storm");
        e.slug = Some("storm".into());
        e.code_spec =
            ticketcore::CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 4).expect("spec");
        let event = office.create_event(e).await.expect("event");
        let guests: Vec<ticketcore::NewGuest> = (0..20_000)
            .map(|i| ticketcore::NewGuest {
                name: format!("G{i}"),
                email: format!("g{i}@example.org"),
                salutation: None,
            })
            .collect();
        let tickets = office.issue_tickets(&event, &guests).await.expect("issue");
        (
            token,
            tickets.into_iter().map(|t| t.code).collect::<Vec<_>>(),
        )
    };
    let port = free_port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_ticket-web"))
        .env("TICKET_DATABASE_URL", &url)
        .env("TICKET_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ticket-web");
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let codes = Arc::new(codes);
    let admitted: Arc<Mutex<HashSet<String>>> = Arc::default();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut storm = Vec::new();
    for _ in 0..32 {
        let (codes, admitted, next, token) =
            (codes.clone(), admitted.clone(), next.clone(), token.clone());
        storm.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(code) = codes.get(i) else { return };
                let body = format!("{{\"code\":\"{code}\",\"door\":\"storm\"}}");
                match post(port, "/api/events/storm/scan", &token, &body).await {
                    Some((200, answer)) if answer.contains("\"outcome\":\"admitted\"") => {
                        admitted.lock().expect("lock").insert(code.clone());
                    }
                    Some((200, answer)) => panic!("a fresh code was refused: {answer}"),
                    Some(_) | None => return,
                }
            }
        }));
    }
    // Let the storm run, then pull the plug.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.start_kill().expect("kill -9");
    let _ = server.wait().await;
    for t in storm {
        let _ = t.await;
    }
    let admitted = admitted.lock().expect("lock").clone();
    assert!(
        admitted.len() > 100,
        "the storm reached the server ({} admitted)",
        admitted.len()
    );

    // Restart: every admission a client saw is there.
    let store = ticketcore::SqliteStore::connect(&url)
        .await
        .expect("reopen");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check");
    assert_eq!(check, "ok");
    let used: HashSet<String> =
        sqlx::query_scalar("SELECT code FROM tickets WHERE used_at IS NOT NULL")
            .fetch_all(store.pool())
            .await
            .expect("used")
            .into_iter()
            .collect();
    let lost: Vec<&String> = admitted.difference(&used).collect();
    assert!(
        lost.is_empty(),
        "{} admissions lost after kill -9: {:?}",
        lost.len(),
        lost.iter().take(5).collect::<Vec<_>>()
    );
    // Scans answered after the kill cannot exist; used tickets beyond those seen
    // are scans committed while their answers were in flight (at most one batch).
    assert!(
        used.len() - admitted.len() <= ticketcore::scan::MAX_BATCH,
        "{} extra",
        used.len() - admitted.len()
    );
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scans WHERE outcome = 'admitted'")
        .fetch_one(store.pool())
        .await
        .expect("audit");
    assert_eq!(
        audit as usize,
        used.len(),
        "every admission is in the audit log"
    );
    eprintln!(
        "kill -9 after 1.5 s: {} admissions answered, {} used after restart, integrity ok",
        admitted.len(),
        used.len()
    );
}
