//! Shutdown does not wait for open pages: a live stream (the tickets page's
//! updates) ends at once on SIGTERM and the process exits, instead of the
//! 20 s grace period for requests in flight.

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_ends_live_streams_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let office = ticketcore::TicketOffice::open(&url).await.expect("open");
    office
        .add_user("ada", ticketcore::Role::Admin, "admin-password-1")
        .await
        .expect("user");
    let (_, token) = office.create_token("ada", "test").await.expect("token");
    let mut e = ticketcore::NewEvent::named("Ball");
    e.slug = Some("ball".into());
    office.create_event(e).await.expect("event");
    drop(office);

    let port = free_port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_ticket-web"))
        .env("TICKET_DATABASE_URL", &url)
        .env("TICKET_LISTEN", format!("127.0.0.1:{port}"))
        .env("TICKET_OUTBOX", dir.path().join("outbox"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ticket-web");
    let mut stream = None;
    for _ in 0..200 {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", port)).await {
            stream = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut stream = stream.expect("ticket-web listens");
    let req = format!(
        "GET /api/events/ball/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(req.as_bytes()).await.expect("send");
    let mut head = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut head))
        .await
        .expect("answer within 10 s")
        .expect("read");
    let head = String::from_utf8_lossy(&head[..n]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");

    let pid = server.id().expect("pid").to_string();
    let asked = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    // The grace period for requests in flight is 20 s; a live stream must
    // not use it up.
    let status = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .expect("ticket-web exits within 10 s of SIGTERM with a live page open")
        .expect("wait");
    let took = asked.elapsed();
    assert!(status.success(), "{status:?}");
    // The stream was ended by the server, not cut by the exit alone: the
    // chunked body is terminated.
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        rest.ends_with("0\r\n\r\n"),
        "stream ended properly: {rest:?}"
    );
    eprintln!("exited {} ms after SIGTERM", took.as_millis());
}
