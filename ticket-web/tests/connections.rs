//! Connection floods against the real binary: with a soft limit of 1,024
//! open files, 1,100 idle connections and a slow-loris do not stop a scan,
//! and idle connections are closed after the header-read timeout.

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

/// A scanner's token and one ticket's code in a new database at `url`.
async fn populate(url: &str) -> (String, String) {
    let office = ticketcore::TicketOffice::open(url).await.expect("open");
    office
        .add_user("door", ticketcore::Role::Scanner, "door-password")
        .await
        .expect("user");
    let (_, token) = office.create_token("door", "flood").await.expect("token");
    let mut e = ticketcore::NewEvent::named("Flood");
    e.slug = Some("flood".into());
    let event = office.create_event(e).await.expect("event");
    let tickets = office
        .issue_tickets(&event, &ticketcore::testing::guests(10))
        .await
        .expect("issue");
    (token, tickets[0].code.clone())
}

/// Starts `ticket-web` under `prlimit --nofile=SOFT:HARD`; returns once it listens.
async fn start(url: &str, port: u16, soft: u64, hard: u64) -> tokio::process::Child {
    let server = tokio::process::Command::new("prlimit")
        .arg(format!("--nofile={soft}:{hard}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_ticket-web"))
        .env("TICKET_DATABASE_URL", url)
        .env("TICKET_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ticket-web under prlimit");
    for _ in 0..200 {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)).await {
            let _ = s.shutdown().await;
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("ticket-web does not listen on port {port} after 10 s");
}

/// One scan on a fresh connection: its status line and how long it took.
async fn scan(port: u16, token: &str, code: &str) -> (String, Duration) {
    let started = Instant::now();
    let body = format!("{{\"code\":\"{code}\",\"door\":\"door-1\"}}");
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect for the scan");
    let req = format!(
        "POST /api/events/flood/scan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    (
        text.lines().next().unwrap_or("").to_string(),
        started.elapsed(),
    )
}

fn soft_open_file_limit(pid: u32) -> u64 {
    // prlimit execs ticket-web in the same process.
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
        .expect("Max open files")
}

async fn flood_then_scan(soft: u64, hard: u64) {
    // This process needs more than 1,100 descriptors itself.
    let _ = rlimit::increase_nofile_limit(4096);
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let (token, code) = populate(&url).await;
    let port = free_port();
    let server = start(&url, port, soft, hard).await;
    let pid = server.id().expect("pid");
    assert_eq!(soft_open_file_limit(pid), hard, "raised to the hard limit");

    // 1,100 idle connections that never send a byte, and 50 slow-loris
    // connections that send a header line now and then.
    let mut idle = Vec::new();
    for _ in 0..1100 {
        idle.push(
            TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("open an idle connection"),
        );
    }
    let mut loris = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("open a slow connection");
        s.write_all(b"GET / HTTP/1.1\r\n").await.expect("start");
        loris.push(s);
    }
    // One keep-alive connection that asked once and then idles.
    let mut kept = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("open a keep-alive connection");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("ask");
    let mut first = [0u8; 256];
    let n = kept.read(&mut first).await.expect("answer");
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    loris.push(kept);

    let (status, took) = scan(port, &token, &code).await;
    eprintln!("soft {soft}, hard {hard}: scan answered in {took:?}: {status}");
    assert!(status.contains("200"), "{status}");
    assert!(took < Duration::from_secs(1), "{took:?}");

    // After the header-read timeout (10 s) the idle and slow connections
    // are closed by the server.
    tokio::time::sleep(Duration::from_secs(12)).await;
    let mut closed = 0;
    for s in idle.iter_mut().chain(loris.iter_mut()) {
        let mut buf = [0u8; 512];
        // An answer, end of stream or a reset: the server let go of it.
        let read = tokio::time::timeout(Duration::from_millis(20), s.read(&mut buf)).await;
        closed += usize::from(read.is_ok());
    }
    assert_eq!(closed, 1151, "every idle and slow connection was closed");
    let (status, took) = scan(port, &token, &code).await;
    assert!(status.contains("200"), "{status} after {took:?}");
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_idle_connections_does_not_stop_a_scan_when_the_limit_can_be_raised() {
    flood_then_scan(1024, 8192).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_idle_connections_does_not_stop_a_scan_at_a_hard_limit_of_1024() {
    flood_then_scan(1024, 1024).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_request_bodies_from_one_address_cannot_take_every_place() {
    let _ = rlimit::increase_nofile_limit(4096);
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let (token, code) = populate(&url).await;
    let port = free_port();
    let server = start(&url, port, 1024, 1024).await;

    // 300 logins from 127.0.0.2 that announce a body and send it a byte at
    // a time: each is a request in flight, which is never closed to make
    // room; one address may hold 256 places.
    let mut slow = Vec::new();
    for _ in 0..300 {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind("127.0.0.2:0".parse().expect("addr"))
            .expect("bind 127.0.0.2");
        let Ok(mut s) = socket
            .connect(format!("127.0.0.1:{port}").parse().expect("addr"))
            .await
        else {
            continue;
        };
        let head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nname=";
        if s.write_all(head.as_bytes()).await.is_ok() {
            slow.push(s);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for s in &mut slow {
        let _ = s.write_all(b"a").await;
    }
    let mut refused = 0;
    for s in &mut slow {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_millis(5), s.read(&mut buf)).await;
        refused += usize::from(matches!(read, Ok(Ok(0) | Err(_))));
    }
    eprintln!("{} slow bodies sent, {refused} refused at once", slow.len());
    assert!(refused >= 300 - 256, "{refused} refused");
    let (status, took) = scan(port, &token, &code).await;
    eprintln!("scan answered in {took:?}: {status}");
    assert!(status.contains("200"), "{status}");
    assert!(took < Duration::from_secs(1), "{took:?}");
    drop(server);
}
