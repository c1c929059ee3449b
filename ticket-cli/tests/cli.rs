//! The binary end to end: every command, each with its own database.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use common::{Sandbox, emls, expect_error};
use predicates::prelude::*;

const FROM: &str = "Summer Ball <tickets@example.org>";

#[test]
fn event_create_and_list() {
    let s = Sandbox::new();
    let out = s.ok(&[
        "event",
        "create",
        "Summer Ball 2026",
        "--date",
        "2026-07-04",
    ]);
    assert!(out.contains("summer-ball-2026"), "{out}");
    assert!(out.contains("17,576 possible"), "{out}");
    assert!(out.contains("Up to 175 guests"), "{out}");
    // Small code spaces get a hint on stderr.
    s.cmd()
        .args([
            "event",
            "create",
            "Tiny",
            "--code-length",
            "2",
            "--slug",
            "tiny",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("--code-length 4"));
    let ev = s.json(&[
        "event",
        "create",
        "Digits",
        "--alphabet",
        "0123456789",
        "--code-length",
        "6",
    ]);
    assert_eq!(ev["code_spec"]["length"], 6);
    assert_eq!(ev["code_spec"]["alphabet"], "0123456789");
    assert_eq!(ev["language"], "en", "mails in English by default");
    // A mail language, by code or by name; others are refused with the list.
    let de = s.ok(&["event", "create", "Sommerball", "--language", "de"]);
    assert!(de.contains("mails in German"), "{de}");
    let es = s.json(&["event", "create", "Baile", "--language", "Español"]);
    assert_eq!(es["language"], "es");
    s.cmd()
        .args(["event", "create", "Bal", "--language", "it"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "mails are written in en, de, fr, es",
        ));

    let table = s.ok(&["event", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID"), "{table}");
    assert_eq!(lines.len(), 6, "{table}");
    assert!(table.contains("3 × A–Z"), "{table}");
    let list = s.json(&["event", "list"]);
    let slugs: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["slug"].as_str().expect("slug"))
        .collect();
    assert_eq!(
        slugs,
        ["baile", "sommerball", "digits", "tiny", "summer-ball-2026"]
    );
    // A taken slug is refused.
    let err = s.fails(&["event", "create", "Again", "--slug", "tiny"]);
    assert!(err.contains("tiny"), "{err}");
}

#[tokio::test]
async fn send_to_outbox_template_resend_and_dry_run() {
    let s = Sandbox::new();
    let slug = s.event("Summer Ball");
    let tickets = s
        .issue(
            &slug,
            &[
                ("Anna Berg", "anna@example.org"),
                ("Bob Stone", "bob@example.org"),
                ("Cleo Park", "cleo@example.org"),
            ],
        )
        .await;
    let outbox = s.path("outbox");

    // A dry run renders but writes nothing.
    let dry = s.json(&["send", "--event", &slug, "--mail-from", FROM, "--dry-run"]);
    assert_eq!(dry["sent"], 3);
    assert_eq!(dry["dry_run"], true);
    assert!(emls(&outbox).is_empty());

    let out = s.ok(&["send", "--event", &slug, "--mail-from", FROM]);
    assert!(out.contains("Sent 3 mails"), "{out}");
    assert!(out.contains("Remaining: none"), "{out}");
    let files = emls(&outbox);
    assert_eq!(files.len(), 3);
    for t in &tickets {
        let eml = files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("read eml"))
            .find(|m| m.contains(&format!("To: \"{}\"", t.name)) || m.contains(&t.email))
            .unwrap_or_else(|| panic!("no mail for {}", t.name));
        assert!(eml.contains(&t.code), "mail of {} lacks its code", t.name);
    }

    // Nothing is mailed twice.
    let again = s.json(&["send", "--event", &slug, "--mail-from", FROM]);
    assert_eq!(again["sent"], 0);
    assert_eq!(again["remaining"], 0);

    // A template file is saved and used; --resend mails everyone again.
    std::fs::write(
        s.path("mail.txt"),
        "Subject: Entry code {{ code }} for {{ event }}\n\n{{ greeting }},\nshow {{ code }} at the door.\n",
    )
    .expect("write template");
    for f in &files {
        std::fs::remove_file(f).expect("clear outbox");
    }
    let resent = s.json(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "mail.txt",
        "--resend",
        "--concurrency",
        "2",
        "--per-minute",
        "6000",
    ]);
    assert_eq!(resent["sent"], 3, "{resent}");
    assert_eq!(resent["requeued"], 3);
    assert_eq!(resent["template_saved"], true);
    assert_eq!(resent["failed"], serde_json::json!([]));
    assert!(resent["stopped"].is_null());
    let files = emls(&outbox);
    assert_eq!(files.len(), 3);
    let mail = std::fs::read_to_string(&files[0]).expect("read eml");
    assert!(mail.contains("Subject: Entry code"), "{mail}");
    assert!(mail.contains("Dear "), "{mail}");

    // Without --template the saved one stays in use.
    let stats = s.json(&["stats", "--event", &slug]);
    assert_eq!(stats["mail"]["sent"], 3);
}

#[tokio::test]
async fn send_reports_failures_and_exits_1() {
    let s = Sandbox::new();
    let slug = s.event("Gala");
    s.issue(
        &slug,
        &[
            ("Good Guest", "good@example.org"),
            ("Bad Guest", "no address"),
        ],
    )
    .await;
    let out = s.run(&["send", "--event", &slug, "--mail-from", FROM]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Sent 1 mail "), "{stdout}");
    assert!(stdout.contains("Bad Guest"), "{stdout}");
    assert!(stdout.contains("no address"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: 1 mail failed"), "{stderr}");
    assert!(!stderr.contains("panicked"));

    let out = s.run(&["send", "--event", &slug, "--mail-from", FROM, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(report["failed"][0]["name"], "Bad Guest");
    assert_eq!(report["failed"][0]["email"], "no address");
    assert!(
        report["failed"][0]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(report["remaining"], 1);
}

#[tokio::test]
async fn scan_exit_codes_undo_revoke_and_stats() {
    let s = Sandbox::new();
    let slug = s.event("Door Test");
    let t = s
        .issue(
            &slug,
            &[
                ("Anna Berg", "anna@example.org"),
                ("Bob Stone", "bob@example.org"),
            ],
        )
        .await;
    let (a, b) = (t[0].code.clone(), t[1].code.clone());
    let typed = format!(" {}-{} ", &a[..1].to_lowercase(), &a[1..].to_lowercase());

    let admitted = s
        .cmd()
        .args(["scan", &typed, "--event", &slug, "--door", "north"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&admitted.get_output().stdout).to_string();
    assert!(
        text.contains("ADMITTED") && text.contains("Anna Berg"),
        "{text}"
    );

    let used = s.run(&["scan", &a, "--event", &slug, "--json"]);
    assert_eq!(used.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&used.stdout).expect("json");
    assert_eq!(v["outcome"], "already_used");
    assert_eq!(v["by"], "north");

    let unknown_code = if a == "AAA" || b == "AAA" {
        "ZZZ"
    } else {
        "AAA"
    };
    let unknown_code = if unknown_code == "ZZZ" && (a == "ZZZ" || b == "ZZZ") {
        "MMM"
    } else {
        unknown_code
    };
    s.cmd()
        .args(["scan", unknown_code, "--event", &slug])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("UNKNOWN"));
    s.cmd()
        .args(["scan", "not a code!", "--event", &slug])
        .assert()
        .code(3);

    // Undo returns the ticket to valid: the next scan admits again.
    let undone = s.json(&["undo", &a, "--event", &slug]);
    assert_eq!(undone["status"], "valid");
    s.cmd()
        .args(["scan", &a, "--event", &slug])
        .assert()
        .code(0);
    let err = s.fails(&["undo", &b, "--event", &slug]);
    assert!(err.contains("not checked in"), "{err}");

    // Revoked tickets are refused with 4.
    s.ok(&["revoke", &b, "--event", &slug]);
    s.cmd()
        .args(["scan", &b, "--event", &slug])
        .assert()
        .code(4)
        .stdout(predicate::str::contains("REVOKED"));
    let err = s.fails(&["revoke", &b, "--event", &slug]);
    assert!(err.contains("already revoked"), "{err}");
    let err = s.fails(&["revoke", unknown_code, "--event", &slug]);
    assert!(err.contains("not found"), "{err}");

    let stats = s.json(&["stats", "--event", &slug]);
    assert_eq!(stats["total"], 2);
    assert_eq!(stats["used"], 1);
    assert_eq!(stats["valid"], 0);
    assert_eq!(stats["revoked"], 1);
    assert_eq!(stats["mail"]["pending"], 1); // the revoked ticket is not counted
    assert_eq!(stats["odds"]["possible_codes"], 17_576);
    assert_eq!(stats["odds"]["odds"], 8788.0);
    let text = s.ok(&["stats", "--event", &slug]);
    assert!(text.contains("1 in 8,788"), "{text}");
    assert!(text.contains("1 revoked"), "{text}");
    // Below the floor, stats warns and suggests a length.
    s.cmd()
        .args(["stats", "--event", &slug, "--odds-floor", "10000"])
        .assert()
        .success()
        .stderr(predicate::str::contains("--code-length 4"));
}

#[tokio::test]
async fn tickets_as_table_csv_and_json() {
    let s = Sandbox::new();
    let slug = s.event("Export");
    let t = s
        .issue(
            &slug,
            &[
                ("Anna Berg", "anna@example.org"),
                ("Bob, \"the\" Builder", "bob@example.org"),
                ("Cleo Park", "cleo@example.org"),
            ],
        )
        .await;
    s.ok(&["scan", &t[0].code, "--event", &slug, "--door", "east"]);
    s.ok(&["revoke", &t[2].code, "--event", &slug]);

    let table = s.ok(&["tickets", "--event", &slug]);
    let header = table.lines().next().expect("header");
    assert!(
        header.starts_with("CODE") && header.contains("STATUS"),
        "{table}"
    );
    assert!(
        table.contains("Anna Berg") && table.contains("east"),
        "{table}"
    );

    let csv_text = s.ok(&["tickets", "--event", &slug, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    for col in [
        "code",
        "name",
        "email",
        "status",
        "used_at",
        "used_by",
        "mail_status",
    ] {
        assert!(
            headers.iter().any(|h| h == col),
            "missing {col}: {headers:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    assert_eq!(&rows[1][col("name")], "Bob, \"the\" Builder");
    assert_eq!(&rows[0][col("status")], "used");
    assert_eq!(&rows[0][col("used_by")], "east");
    chrono::DateTime::parse_from_rfc3339(&rows[0][col("used_at")]).expect("RFC 3339 in CSV");
    assert_eq!(&rows[2][col("status")], "revoked");

    for args in [
        vec!["tickets", "--event", slug.as_str(), "--json"],
        vec!["tickets", "--event", slug.as_str(), "--format", "json"],
    ] {
        let out = s.ok(&args);
        let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
        let arr = v.as_array().expect("array");
        assert_eq!(arr.len(), 3);
        for key in [
            "code",
            "name",
            "email",
            "status",
            "used_at",
            "used_by",
            "mail_status",
        ] {
            assert!(arr[0].get(key).is_some(), "missing {key}");
        }
        assert_eq!(arr[0]["status"], "used");
        assert_eq!(arr[0]["used_by"], "east");
        assert_eq!(arr[0]["mail_status"], "pending");
        let used_at = arr[0]["used_at"].as_str().expect("used_at");
        let parsed = chrono::DateTime::parse_from_rfc3339(used_at).expect("RFC 3339 with offset");
        assert_eq!(parsed.offset().local_minus_utc(), 0);
        assert!(arr[1]["used_at"].is_null());
    }

    // The printable door list: alphabetical by last name (Berg, Bob,
    // Park), the checked-in guest ticked, the revoked one struck through.
    let print = s.ok(&["tickets", "--event", &slug, "--format", "print"]);
    assert!(print.starts_with("<!doctype html>"), "{print}");
    assert!(print.contains("Page 1 of 1"), "{print}");
    let at = |needle: &str| print.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(
        at("<b>Berg</b>, Anna") < at("<b>Bob</b>") && at("<b>Bob</b>") < at("<b>Park</b>, Cleo")
    );
    assert!(print.contains("in at "), "{print}");
    assert_eq!(print.matches("<tr class=\"revoked\">").count(), 1);
    let used = s.json(&["tickets", "--event", &slug, "--status", "used"]);
    assert_eq!(used.as_array().map(Vec::len), Some(1));
    let found = s.json(&["tickets", "--event", &slug, "--search", "CLEO"]);
    assert_eq!(found[0]["name"], "Cleo Park");
    let out = s.run(&["tickets", "--event", &slug, "--status", "lost"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn users_and_tokens() {
    let s = Sandbox::new();
    let add = |name: &str, role: &str, password: &str| {
        s.cmd()
            .args(["user", "add", name, "--role", role, "--password-stdin"])
            .write_stdin(format!("{password}\n"))
            .output()
            .expect("run")
    };
    assert!(
        add("alice", "admin", "correct horse battery")
            .status
            .success()
    );
    assert!(add("bob", "scanner", "another good one").status.success());
    expect_error(&add("carol", "scanner", "short"), &["weak password"]);
    let dup = add("alice", "admin", "correct horse battery");
    expect_error(&dup, &["duplicate user"]);
    let empty = s
        .cmd()
        .args([
            "user",
            "add",
            "dave",
            "--role",
            "scanner",
            "--password-stdin",
        ])
        .write_stdin("")
        .output()
        .expect("run");
    expect_error(&empty, &["empty stdin"]);
    // Without --password-stdin and without a terminal: a clear error, no hang.
    let no_tty = s
        .cmd()
        .args(["user", "add", "erin", "--role", "scanner"])
        .write_stdin("correct horse battery\n")
        .output()
        .expect("run");
    let line = expect_error(&no_tty, &["no tty"]);
    assert!(line.contains("--password-stdin"), "{line}");

    let list = s.ok(&["user", "list"]);
    assert!(list.contains("alice") && list.contains("scanner"), "{list}");
    let users = s.json(&["user", "list"]);
    assert_eq!(users.as_array().map(Vec::len), Some(2));

    // The last admin can be neither removed nor demoted.
    let err = s.fails(&["user", "remove", "alice"]);
    assert!(err.contains("last admin"), "{err}");
    let err = s.fails(&["user", "role", "alice", "scanner"]);
    assert!(err.contains("last admin"), "{err}");
    s.ok(&["user", "role", "bob", "admin"]);
    s.ok(&["user", "role", "alice", "scanner"]);

    let passwd = s
        .cmd()
        .args(["user", "passwd", "alice", "--password-stdin"])
        .write_stdin("a brand new secret\r\n")
        .output()
        .expect("run");
    assert!(passwd.status.success());
    let err = s.fails(&["user", "passwd", "nobody", "--password-stdin"]);
    assert!(err.contains("user `nobody` not found"), "{err}");

    // Tokens: the secret alone on stdout, the hint on stderr.
    let out = s.run(&["token", "create", "alice", "--label", "door script"]);
    assert!(out.status.success());
    let secret = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(secret.lines().count(), 1);
    assert!(secret.starts_with("tkt_"), "{secret}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("only this once"));
    let tok = s.json(&["token", "create", "bob"]);
    assert!(tok["token"].as_str().is_some_and(|t| t.starts_with("tkt_")));
    assert_eq!(tok["label"], "api");
    s.fails(&["token", "create", "nobody"]);

    s.ok(&["user", "remove", "alice"]);
    let users = s.json(&["user", "list"]);
    assert_eq!(users.as_array().map(Vec::len), Some(1));
    let err = s.fails(&["user", "remove", "alice"]);
    assert!(err.contains("not found"), "{err}");
}

#[tokio::test]
async fn db_migrate_and_sql() {
    let s = Sandbox::new();
    let slug = s.event("Sql");
    s.issue(&slug, &[("Anna Berg", "anna@example.org")]).await;

    let info = s.json(&["db", "migrate"]);
    assert!(info["version"].as_i64().is_some_and(|v| v >= 1));
    assert_eq!(info["version"], info["latest_known"]);
    assert!(s.ok(&["db", "migrate"]).contains("schema version"));

    let rows = s.json(&[
        "db",
        "sql",
        "SELECT name, email, 1.5 AS r, NULL AS n, x'00ff' AS b, 7 AS i FROM tickets",
    ]);
    assert_eq!(rows["kind"], "rows");
    assert_eq!(
        rows["columns"],
        serde_json::json!(["name", "email", "r", "n", "b", "i"])
    );
    assert_eq!(
        rows["rows"][0],
        serde_json::json!(["Anna Berg", "anna@example.org", 1.5, null, "00ff", 7])
    );
    let table = s.ok(&["db", "sql", "SELECT name, email FROM tickets"]);
    assert!(
        table.lines().next().is_some_and(|h| h.starts_with("name")),
        "{table}"
    );
    assert!(table.contains("(1 row)"), "{table}");

    let done = s.json(&["db", "sql", "UPDATE tickets SET name = 'Anna B.'"]);
    assert_eq!(done["rows_affected"], 1);
    assert!(
        s.ok(&["db", "sql", "DELETE FROM tickets WHERE 0"])
            .contains("0 rows affected")
    );
    let after = s.json(&["tickets", "--event", &slug]);
    assert_eq!(after[0]["name"], "Anna B.");

    for bad in [
        "SELECT 1; DROP TABLE tickets",
        "   ",
        "SELEKT 1",
        "SELECT * FROM nope",
        "SELECT ?",
    ] {
        s.fails(&["db", "sql", bad]);
    }
    // The two-statement attempt changed nothing.
    assert_eq!(
        s.json(&["tickets", "--event", &slug])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn db_backup_while_another_process_writes() {
    let s = Arc::new(Sandbox::new());
    let slug = s.event("Backup");
    let guests: Vec<(String, String)> = (0..50)
        .map(|i| (format!("Guest {i}"), format!("g{i}@example.org")))
        .collect();
    let refs: Vec<(&str, &str)> = guests
        .iter()
        .map(|(n, e)| (n.as_str(), e.as_str()))
        .collect();
    let tickets = s.issue(&slug, &refs).await;
    let codes: Vec<String> = tickets.iter().map(|t| t.code.clone()).collect();

    // A writer process after another: every scan is a durable write.
    let stop = Arc::new(AtomicBool::new(false));
    let scans = Arc::new(AtomicU64::new(0));
    let writer = {
        let (s, slug, stop, scans) = (s.clone(), slug.clone(), stop.clone(), scans.clone());
        std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let out = s.run(&["scan", &codes[i % codes.len()], "--event", &slug]);
                assert!(matches!(out.status.code(), Some(0 | 2)), "{out:?}");
                scans.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        })
    };
    while scans.load(Ordering::Relaxed) < 3 {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.ok(&["db", "backup", "backup-1.db"]);
    let info = s.json(&["db", "backup", "backup-2.db"]);
    assert!(info["bytes"].as_u64().is_some_and(|b| b > 0));
    while scans.load(Ordering::Relaxed) < 8 {
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");

    for name in ["backup-1.db", "backup-2.db"] {
        let url = format!("sqlite://{}", s.path(name).display());
        let check = s.json(&[
            "--database-url",
            &url,
            "db",
            "sql",
            "PRAGMA integrity_check",
        ]);
        assert_eq!(check["rows"], serde_json::json!([["ok"]]), "{name}");
        let count = s.json(&[
            "--database-url",
            &url,
            "db",
            "sql",
            "SELECT COUNT(*) FROM tickets",
        ]);
        assert_eq!(count["rows"][0][0], 50, "{name}");
    }

    // Never overwrites; a missing folder is a clear error.
    let err = s.fails(&["db", "backup", "backup-1.db"]);
    assert!(err.contains("already exists"), "{err}");
    let err = s.fails(&["db", "backup", "no/such/folder/b.db"]);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn completions_for_each_shell() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = s.ok(&["completions", shell]);
        assert!(script.contains("ticket-cli"), "{shell}");
        assert!(script.contains("scan"), "{shell}");
    }
    assert!(!s.path("t.db").exists(), "completions need no database");
    assert_eq!(s.run(&["completions", "tcsh"]).status.code(), Some(1));
}

#[tokio::test]
async fn bad_input_is_one_line_and_exit_1() {
    let s = Sandbox::new();
    let slug = s.event("Errors");
    s.issue(&slug, &[("Anna Berg", "anna@example.org")]).await;

    // Unknown event, for every command that takes one.
    for args in [
        vec!["scan", "ABC", "--event", "nope"],
        vec!["undo", "ABC", "--event", "nope"],
        vec!["revoke", "ABC", "--event", "nope"],
        vec!["stats", "--event", "nope"],
        vec!["tickets", "--event", "nope"],
        vec!["send", "--event", "nope", "--mail-from", FROM],
    ] {
        let line = s.fails(&args);
        assert_eq!(
            line, "error: event `nope` not found; see `ticket-cli event list`",
            "{args:?}"
        );
    }

    // Bad code settings.
    for args in [
        vec!["event", "create", "X", "--code-length", "0"],
        vec!["event", "create", "X", "--code-length", "40"],
        vec!["event", "create", "X", "--alphabet", "A"],
        vec!["event", "create", "X", "--alphabet", "ABCA"],
        vec!["event", "create", "X", "--alphabet", "A-B"],
        vec!["event", "create", "   "],
        vec!["event", "create", "X", "--slug", "Not A Slug"],
    ] {
        s.fails(&args);
    }
    let out = s.run(&["event", "create", "X", "--code-length", "abc"]);
    assert_eq!(out.status.code(), Some(1), "usage errors exit 1, not 2");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));

    // Missing or unreadable files.
    let line = s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "missing.txt",
    ]);
    assert!(line.contains("missing.txt"), "{line}");
    std::fs::create_dir(s.path("a-folder")).expect("mkdir");
    s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "a-folder",
    ]);
    std::fs::write(
        s.path("broken.txt"),
        "Subject: Hi {{ nmae }}\n\nText {{ code }}\n",
    )
    .expect("write");
    let line = s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "broken.txt",
    ]);
    assert!(
        line.contains("nmae") || line.contains("undefined"),
        "{line}"
    );
    std::fs::write(s.path("no-subject.txt"), "Hello {{ name }}\n").expect("write");
    let line = s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "no-subject.txt",
    ]);
    assert!(line.contains("Subject"), "{line}");
    std::fs::write(s.path("binary.txt"), [0xff, 0xfe, 0x00, 0x81]).expect("write");
    s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "binary.txt",
    ]);

    // Mail settings.
    let line = s.fails(&["send", "--event", &slug]);
    assert!(line.contains("--mail-from"), "{line}");
    s.fails(&["send", "--event", &slug, "--mail-from", "not a mailbox"]);
    let line = s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--smtp-url",
        "smtp://127.0.0.1:1",
    ]);
    assert!(line.contains("127.0.0.1:1"), "{line}");
    s.fails(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--smtp-url",
        "gopher://x",
    ]);
    // Nothing was sent or changed by the refused runs.
    let stats = s.json(&["stats", "--event", &slug]);
    assert_eq!(stats["mail"]["pending"], 1);
    assert!(emls(&s.path("outbox")).is_empty());

    // Unreachable or unsupported databases.
    let line = s.fails(&[
        "--database-url",
        "sqlite:///no/such/dir/t.db",
        "event",
        "list",
    ]);
    assert!(line.contains("cannot open the database"), "{line}");
    assert!(
        line.contains("the folder /no/such/dir does not exist"),
        "{line}"
    );
    let line = s.fails(&[
        "--database-url",
        "postgres://user:secret@localhost/x",
        "event",
        "list",
    ]);
    assert!(!line.contains("secret"), "password shown: {line}");
    std::fs::write(s.path("junk.db"), vec![b'x'; 4096]).expect("write");
    let url = format!("sqlite://{}", s.path("junk.db").display());
    s.fails(&["--database-url", &url, "event", "list"]);
    // Unknown tickets and users.
    s.fails(&["undo", "QQQ", "--event", &slug]);
    s.fails(&["user", "role", "nobody", "admin"]);
}

#[tokio::test]
async fn conflicts_lists_double_entries_as_table_and_json() {
    let s = Sandbox::new();
    let slug = s.event("Offline Night");
    let t = s.issue(&slug, &[("Anna Berg", "anna@example.org")]).await;
    assert!(
        s.ok(&["conflicts", "--event", &slug])
            .contains("no conflicts")
    );
    s.ok(&["scan", &t[0].code, "--event", &slug, "--door", "door-2"]);
    // Door 1 admitted Anna while it was offline, ten minutes earlier.
    let office = ticketcore::TicketOffice::open(&s.url).await.expect("open");
    let event = office.event(&slug).await.expect("event");
    let checkin = ticketcore::offline::OfflineCheckIn {
        id: "door1-0001".into(),
        code: t[0].code.clone(),
        at: chrono::Utc::now() - chrono::Duration::minutes(10),
        door: "door-1".into(),
        after_timeout: false,
        persons: None,
    };
    office
        .sync_offline(&event, "sam", &[checkin])
        .await
        .expect("sync");
    let table = s.ok(&["conflicts", "--event", &slug]);
    assert!(
        table.contains("double entry")
            && table.contains("Anna Berg")
            && table.contains("door-2")
            && table.contains("door-1 (sam)"),
        "{table}"
    );
    let v = s.json(&["conflicts", "--event", &slug]);
    assert_eq!(v[0]["kind"], "double_entry");
    assert_eq!(v[0]["code"], t[0].code.as_str());
    assert_eq!(v[0]["first_by"], "door-2");
    assert_eq!(v[0]["offline_door"], "door-1");
}

#[test]
fn parties_walk_ins_and_reentry_from_the_command_line() {
    let s = Sandbox::new();
    let slug = s.event("Family Day");
    std::fs::write(
        s.path("guests.csv"),
        "Name,Email,Persons,Note\nAnna Berg,anna@example.org,4,check ID\nBen Ode,ben@example.org,,\n",
    )
    .expect("write");
    s.ok(&[
        "import",
        s.path("guests.csv").to_str().expect("path"),
        "--event",
        &slug,
    ]);
    let tickets = s.json(&["tickets", "--event", &slug]);
    let anna = tickets
        .as_array()
        .and_then(|a| a.iter().find(|t| t["name"] == "Anna Berg"))
        .expect("Anna");
    assert_eq!(
        (&anna["persons"], &anna["note"]),
        (&4.into(), &"check ID".into())
    );
    let code = anna["code"].as_str().expect("code").to_string();

    let out = s.ok(&["scan", &code, "--event", &slug, "--persons", "3"]);
    assert!(out.contains("party of 4: 3 arrived, 3 inside"), "{out}");
    assert!(out.contains("check ID"), "the note is shown: {out}");
    let rest = s.json(&["scan", &code, "--event", &slug]);
    assert_eq!(rest["outcome"], "admitted");
    assert_eq!(rest["ticket"]["arrived"], 4);
    assert_eq!(
        s.run(&["scan", &code, "--event", &slug]).status.code(),
        Some(2)
    );

    // Out and back in: only with re-entry on.
    let out = s.ok(&["scan", &code, "--event", &slug, "--exit", "--persons", "1"]);
    assert!(out.contains("OUT") && out.contains("3 inside"), "{out}");
    assert_eq!(
        s.run(&["scan", &code, "--event", &slug]).status.code(),
        Some(2)
    );
    let rules = s.json(&[
        "event",
        "rules",
        &slug,
        "--reentry",
        "on",
        "--walk-in-limit",
        "5",
    ]);
    assert_eq!(
        (&rules["reentry"], &rules["walk_in_limit"]),
        (&true.into(), &5.into())
    );
    assert_eq!(
        s.run(&["scan", &code, "--event", &slug]).status.code(),
        Some(0)
    );

    let walk_in = s.json(&["walk-in", "DJ Friend", "--event", &slug, "--persons", "2"]);
    assert_eq!(
        (&walk_in["walk_in"], &walk_in["arrived"]),
        (&true.into(), &2.into())
    );
    let bad = s.run(&["walk-in", " ", "--event", &slug]);
    assert_eq!(bad.status.code(), Some(1));

    let stats = s.json(&["stats", "--event", &slug]);
    assert_eq!(
        (
            &stats["people_total"],
            &stats["people_arrived"],
            &stats["people_inside"],
            &stats["walk_ins"]
        ),
        (&7.into(), &6.into(), &6.into(), &1.into())
    );
    let text = s.ok(&["stats", "--event", &slug]);
    assert!(
        text.contains("7 expected: 6 arrived, 6 inside now, 1 walk-in"),
        "{text}"
    );
}

/// `send --template FILE --language de` saves the file for German mails
/// only: the event's English guests keep the built-in English mail.
#[tokio::test]
async fn a_template_file_is_saved_for_its_language_only() {
    let s = Sandbox::new();
    let slug = s.event("Ball");
    s.issue(&slug, &[("Anna Berg", "anna@example.org")]).await;
    std::fs::write(
        s.path("de.txt"),
        "Subject: Karte {{ code }}\n\n{{ greeting }},\ndein Code: {{ code }}\n",
    )
    .expect("write template");
    let sent = s.json(&[
        "send",
        "--event",
        &slug,
        "--mail-from",
        FROM,
        "--template",
        "de.txt",
        "--language",
        "de",
    ]);
    assert_eq!(sent["sent"], 1, "{sent}");
    assert_eq!(sent["template_saved"], true);
    let outbox = s.path("outbox");
    let mail = std::fs::read_to_string(&emls(&outbox)[0]).expect("read eml");
    assert!(mail.contains("Subject: Your ticket for Ball"), "{mail}");
    assert!(!mail.contains("Karte"), "{mail}");
}

/// A German shell (`TICKET_LANG=de`) gets the core's errors and a
/// guest-list row's problems in German.
#[test]
fn a_german_shell_gets_german_errors_and_row_problems() {
    let s = Sandbox::new();
    let slug = s.event("Ball");
    std::fs::write(
        s.path("gaeste.csv"),
        "Name,E-Mail\nAnna Berg,anna@example.org\nBen Ode,ben.example.org\n",
    )
    .expect("write list");
    let german = |args: &[&str]| {
        let out = s
            .cmd()
            .env("TICKET_LANG", "de")
            .args(args)
            .output()
            .expect("run ticket-cli");
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    let import = german(&["import", "gaeste.csv", "--event", &slug]);
    assert!(
        import.contains("„ben.example.org“ ist keine E-Mail-Adresse"),
        "{import}"
    );
    let missing = german(&["tickets", "--event", "gibtsnicht"]);
    assert!(
        missing.contains("Veranstaltung „gibtsnicht“ nicht gefunden"),
        "{missing}"
    );
}
