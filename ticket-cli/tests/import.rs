//! `ticket-cli import`: a generated workbook and CSV through the binary, strict
//! refusal with row numbers, --skip-invalid, --dry-run, --json, bad files, a
//! full code space.

mod common;

use common::{Sandbox, expect_error};

fn workbook(path: &std::path::Path, rows: &[(&str, &str)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Guest list").expect("title");
    sheet.write_string(2, 1, "Full name").expect("cell");
    sheet.write_string(2, 2, "E-Mail").expect("cell");
    for (i, (name, email)) in rows.iter().enumerate() {
        sheet.write_string(3 + i as u32, 1, *name).expect("cell");
        sheet.write_string(3 + i as u32, 2, *email).expect("cell");
    }
    book.save(path).expect("save");
}

#[test]
fn import_is_strict_reports_rows_and_skips_on_request() {
    let s = Sandbox::new();
    let slug = s.event("Import Ball");
    let file = s.path("guests.xlsx");
    workbook(
        &file,
        &[
            ("Anna Berg", "anna@example.org"),
            ("Ben Kurz", "ben(at)example.org"),
            ("Cleo Fox", "cleo@example.org"),
        ],
    );
    let file = file.to_str().expect("path");

    // Strict: nothing imported, the bad row named by the sheet's own number (row 5).
    let out = s.run(&["import", file, "--event", &slug]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains('5') && stdout.contains("ben(at)example.org"),
        "{stdout}"
    );
    assert_eq!(
        s.json(&["tickets", "--event", &slug])
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    // Dry run with --json: a report, still nothing written.
    let out = s.run(&["import", file, "--event", &slug, "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["valid"], 2);
    assert_eq!(v["invalid"][0]["row"], 5);
    assert_eq!(v["imported"], 0);

    // Skip the bad row.
    let v = s.json(&["import", file, "--event", &slug, "--skip-invalid"]);
    assert_eq!(v["imported"], 2);
    let tickets = s.json(&["tickets", "--event", &slug]);
    let names: Vec<&str> = tickets
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Anna Berg", "Cleo Fox"]);

    // Importing again (an updated list): the guests there already are
    // counted, not imported again and not problems; the bad rows still are.
    let out = s.run(&["import", file, "--event", &slug, "--skip-invalid", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["imported"], 0);
    assert_eq!(v["already"], 2);
    assert_eq!(v["invalid"].as_array().map(Vec::len), Some(1));
    let out = s.run(&["import", file, "--event", &slug, "--skip-invalid"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 guests were there already"), "{text}");
}

#[test]
fn bad_files_and_a_full_code_space_are_one_error_line() {
    let s = Sandbox::new();
    let tiny = s.json(&[
        "event",
        "create",
        "Tiny",
        "--code-length",
        "1",
        "--alphabet",
        "AB",
    ]);
    let tiny = tiny["slug"].as_str().expect("slug").to_string();
    let csv = s.path("three.csv");
    std::fs::write(
        &csv,
        "Name;Email\nA;a@example.org\nB;b@example.org\nC;c@example.org\n",
    )
    .expect("csv");
    let line = expect_error(
        &s.run(&["import", csv.to_str().expect("p"), "--event", &tiny]),
        &["import"],
    );
    assert!(line.contains("code space"), "{line}");
    assert_eq!(
        s.json(&["tickets", "--event", &tiny])
            .as_array()
            .map(Vec::len),
        Some(0),
        "nothing written"
    );

    let slug = s.event("Files");
    let junk = s.path("junk.xlsx");
    std::fs::write(&junk, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]).expect("junk");
    expect_error(
        &s.run(&["import", junk.to_str().expect("p"), "--event", &slug]),
        &["junk"],
    );
    let empty = s.path("empty.csv");
    std::fs::write(&empty, "").expect("empty");
    expect_error(
        &s.run(&["import", empty.to_str().expect("p"), "--event", &slug]),
        &["empty"],
    );
    expect_error(
        &s.run(&[
            "import",
            s.path("missing.csv").to_str().expect("p"),
            "--event",
            &slug,
        ]),
        &["missing"],
    );
    expect_error(
        &s.run(&[
            "import",
            s.dir.path().to_str().expect("p"),
            "--event",
            &slug,
        ]),
        &["folder"],
    );
}
