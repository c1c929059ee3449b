//! Shared fixtures: a temporary folder with its own database, a way to run
//! the binary in it, and tickets issued through the library.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use ticketcore::{NewGuest, Ticket, TicketOffice};

/// A temporary folder with a database `t.db`; commands run inside it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        Sandbox { dir, url }
    }

    /// A sandbox whose commands use the database at `url` (e.g. a test
    /// schema on a server) instead of its own SQLite file.
    pub fn on(url: String) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        Sandbox { dir, url }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `ticket-cli` with this sandbox's database and outbox, and no settings
    /// inherited from the environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ticket-cli"));
        cmd.current_dir(self.dir.path())
            .env("TICKET_DATABASE_URL", &self.url)
            .env("TICKET_OUTBOX", self.path("outbox"))
            .env_remove("TICKET_SMTP_URL")
            .env_remove("TICKET_MAIL_FROM")
            .env("NO_COLOR", "1")
            // English messages, whatever this machine's locale.
            .env("TICKET_LANG", "en")
            .env("RUST_BACKTRACE", "0");
        cmd
    }

    /// Runs `args` and returns the output (any status).
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run ticket-cli")
    }

    /// Runs `args`, expects status 0 and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs `args` with `--json`, expects status 0 and parses stdout as one JSON document.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let text = self.ok(&all);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?}: not one JSON document ({e}): {text}"))
    }

    /// Runs `args`, expects status 1 and exactly one `error: …` line on
    /// stderr without a panic; returns that line.
    pub fn fails(&self, args: &[&str]) -> String {
        expect_error(&self.run(args), args)
    }

    /// Creates an event with default codes and returns its slug.
    pub fn event(&self, name: &str) -> String {
        let v = self.json(&["event", "create", name]);
        v["slug"].as_str().expect("slug").to_string()
    }

    /// Issues tickets for `guests` (name, email) through the library.
    pub async fn issue(&self, slug: &str, guests: &[(&str, &str)]) -> Vec<Ticket> {
        self.issue_guests(slug, &ticketcore::testing::guests_at(guests))
            .await
    }

    /// Issues `n` tickets: `Guest i` at `guest{i}@example.org` (see
    /// `ticketcore::testing::guests`).
    pub async fn issue_numbered(&self, slug: &str, n: usize) -> Vec<Ticket> {
        self.issue_guests(slug, &ticketcore::testing::guests(n))
            .await
    }

    async fn issue_guests(&self, slug: &str, guests: &[NewGuest]) -> Vec<Ticket> {
        let office = TicketOffice::open(&self.url).await.expect("open");
        let event = office.event(slug).await.expect("event");
        office.issue_tickets(&event, guests).await.expect("issue")
    }
}

/// Checks a failed run: status 1, one `error:` line on stderr, no panic, nothing on stdout.
pub fn expect_error(out: &Output, what: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{what:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what:?} panicked: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{what:?}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{what:?}: expected one line, got {stderr:?}"
    );
    assert!(lines[0].starts_with("error: "), "{what:?}: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "{what:?}: stdout {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    lines[0].to_string()
}

/// The `.eml` files in a folder.
pub fn emls(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    files
}
