//! Crash proof for mail: kill -9 `ticket-cli send` in the middle of a run.
//! The rerun mails every remaining guest; only the mails in flight at the kill
//! (at most `--concurrency`) can go twice, and the rerun reports how many.

mod common;
#[allow(dead_code)]
#[path = "../../ticketcore/tests/common/smtp.rs"]
mod smtp;

use std::collections::HashMap;
use std::time::Duration;

use common::Sandbox;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_send_then_rerun_mails_everyone_once_or_reports_it() {
    let sandbox = Sandbox::new();
    let slug = sandbox.event("Crash Ball");
    sandbox.issue_numbered(&slug, 40).await;
    let server = smtp::start(smtp::Script::default()).await;
    let smtp_url = server.url();
    let args = [
        "send",
        "--event",
        &slug,
        "--smtp-url",
        &smtp_url,
        "--mail-from",
        "Ball <t@example.org>",
        "--concurrency",
        "4",
    ];
    // A slow run (10 mails a second), killed after about a second.
    let mut slow = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ticket-cli"));
    slow.current_dir(sandbox.dir.path())
        .env("TICKET_DATABASE_URL", &sandbox.url)
        .args(args)
        .args(["--per-minute", "600"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = slow.spawn().expect("start send");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    child.kill().expect("kill -9");
    let _ = child.wait();
    let before = server.received().len();
    assert!(
        before > 0 && before < 40,
        "the kill came mid-run ({before} mails)"
    );

    let out = sandbox
        .cmd()
        .args(args)
        .arg("--json")
        .output()
        .expect("rerun");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let interrupted = report["interrupted"].as_u64().expect("interrupted");
    assert!(
        interrupted <= 4,
        "at most one chunk can be in flight: {interrupted}"
    );
    assert_eq!(report["remaining"], 0);

    let mut per_guest: HashMap<String, usize> = HashMap::new();
    for mail in server.received() {
        assert_eq!(mail.rcpt.len(), 1);
        *per_guest.entry(mail.rcpt[0].clone()).or_default() += 1;
    }
    assert_eq!(per_guest.len(), 40, "every guest got their ticket");
    let twice: usize = per_guest.values().map(|n| n - 1).sum();
    assert!(
        twice as u64 <= interrupted,
        "{twice} mails went twice but the rerun reported {interrupted} interrupted"
    );
    eprintln!(
        "killed after {before} mails; rerun: {interrupted} interrupted, {twice} delivered twice"
    );
}
