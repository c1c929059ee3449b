//! Instants are UTC everywhere: a check-in time is the same RFC 3339 instant
//! in `scan --json`, `tickets --json` and `tickets --format csv`, whatever the
//! time zone of the host running the CLI (`TZ`) or of the database session,
//! on every backend. Human output shows the event's own clock and zone.

mod common;

use common::Sandbox;
use ticketcore::testing::{Backend, database_url};

const CASE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ticketcore/tests/fixtures/cases/c11_five_guests.csv"
);

/// `args` run with the host time zone `tz`; expects success, returns stdout.
fn run_in(s: &Sandbox, tz: &str, args: &[&str]) -> String {
    let out = s.cmd().env("TZ", tz).args(args).output().expect("run");
    assert!(
        out.status.success() || out.status.code() == Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

async fn same_instant_everywhere(backend: Backend) {
    let Some((mut url, _guard)) = database_url(backend).await else {
        return;
    };
    if backend == Backend::Postgres {
        // A session time zone far from UTC: stored instants must not move.
        url.push_str("&options[TimeZone]=Pacific/Chatham");
    }
    let s = Sandbox::on(url);
    let created: serde_json::Value = serde_json::from_str(&run_in(
        &s,
        "Pacific/Kiritimati",
        &[
            "event",
            "create",
            "Diwali",
            "--slug",
            "diwali",
            "--time-zone",
            "Asia/Kolkata",
            "--json",
        ],
    ))
    .expect("json");
    assert_eq!(created["time_zone"], "Asia/Kolkata");
    run_in(&s, "UTC", &["import", CASE, "--event", "diwali"]);
    let tickets: serde_json::Value = serde_json::from_str(&run_in(
        &s,
        "UTC",
        &["tickets", "--event", "diwali", "--json"],
    ))
    .expect("json");
    let code = tickets[0]["code"].as_str().expect("code").to_string();

    // Scanned on a host at UTC+14, listed on hosts at UTC-10 and UTC.
    let scanned: serde_json::Value = serde_json::from_str(&run_in(
        &s,
        "Pacific/Kiritimati",
        &["scan", &code, "--event", "diwali", "--json"],
    ))
    .expect("json");
    let at = scanned["ticket"]["used_at"]
        .as_str()
        .expect("used_at")
        .to_string();
    let instant = chrono::DateTime::parse_from_rfc3339(&at).expect("RFC 3339");
    assert_eq!(instant.offset().local_minus_utc(), 0, "{at}");
    let age = chrono::Utc::now().signed_duration_since(instant);
    assert!(age.num_seconds().abs() < 60, "{at} is not now");

    let listed: serde_json::Value = serde_json::from_str(&run_in(
        &s,
        "America/Adak",
        &["tickets", "--event", "diwali", "--json"],
    ))
    .expect("json");
    let row = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["code"] == code.as_str())
        .expect("scanned ticket");
    assert_eq!(row["used_at"], at.as_str());
    let again: serde_json::Value = serde_json::from_str(&run_in(
        &s,
        "America/Adak",
        &["scan", &code, "--event", "diwali", "--json"],
    ))
    .expect("json");
    assert_eq!(again["at"], at.as_str());
    // The CSV shows the event's clock with its offset, whatever this
    // machine's zone (Asia/Kolkata: +05:30), with a byte-order mark.
    let csv = run_in(
        &s,
        "Europe/Berlin",
        &["tickets", "--event", "diwali", "--format", "csv"],
    );
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark");
    let in_kolkata = instant
        .with_timezone(&chrono_tz::Asia::Kolkata)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    assert!(in_kolkata.ends_with("+05:30"));
    assert!(csv.contains(&in_kolkata), "{in_kolkata} not in {csv}");

    // People see the event's clock: Asia/Kolkata is IST, UTC+5:30.
    let local = instant.with_timezone(&chrono_tz::Asia::Kolkata);
    let table = run_in(&s, "America/Adak", &["tickets", "--event", "diwali"]);
    let shown = local.format("%Y-%m-%d %H:%M:%S IST").to_string();
    assert!(table.contains(&shown), "{shown} not in {table}");
}

#[tokio::test]
async fn sqlite_keeps_instants_in_utc() {
    same_instant_everywhere(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_keeps_instants_in_utc() {
    same_instant_everywhere(Backend::Postgres).await;
}

#[tokio::test]
async fn mysql_keeps_instants_in_utc() {
    same_instant_everywhere(Backend::MySql).await;
}

#[test]
fn unknown_time_zones_are_refused_with_the_name() {
    let s = Sandbox::new();
    let line = s.fails(&[
        "event",
        "create",
        "Mars Ball",
        "--time-zone",
        "Mars/Olympus",
    ]);
    assert!(line.contains("Mars/Olympus"), "{line}");
}
