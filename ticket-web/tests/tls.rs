//! HTTPS: `ticket-web --tls-cert --tls-key` serves TLS and picks up a renewed
//! certificate without a restart. Uses the `openssl` command to make
//! self-signed certificates (skipped when it is missing).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn make_cert(dir: &Path, cn: &str) {
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
        ])
        .args([
            "-subj",
            &format!("/CN={cn}"),
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(dir.join("key.tmp"))
        .arg("-out")
        .arg(dir.join("cert.tmp"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl");
    assert!(status.success());
    // Replace both files the way certbot does: whole new files.
    std::fs::rename(dir.join("key.tmp"), dir.join("key.pem")).expect("key");
    std::fs::rename(dir.join("cert.tmp"), dir.join("cert.pem")).expect("cert");
}

/// The subject CN of the certificate the server presents.
fn served_cn(port: u16) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "echo | openssl s_client -connect 127.0.0.1:{port} 2>/dev/null | openssl x509 -noout -subject"
        ))
        .output()
        .expect("s_client");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn https_with_certificate_reload() {
    if !have("openssl") {
        eprintln!("skipped: openssl not found");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    make_cert(dir.path(), "first.example");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut server = Command::new(env!("CARGO_BIN_EXE_ticket-web"))
        .env(
            "TICKET_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        )
        .env("TICKET_LISTEN", format!("127.0.0.1:{port}"))
        .env("TICKET_TLS_CERT", dir.path().join("cert.pem"))
        .env("TICKET_TLS_KEY", dir.path().join("key.pem"))
        .env("TICKET_TLS_RELOAD_SECS", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let mut cn = String::new();
    for _ in 0..100 {
        cn = served_cn(port);
        if !cn.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(cn.contains("first.example"), "served {cn:?}");
    make_cert(dir.path(), "renewed.example");
    let mut renewed = false;
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(250));
        if served_cn(port).contains("renewed.example") {
            renewed = true;
            break;
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(renewed, "the renewed certificate was not picked up");
}
