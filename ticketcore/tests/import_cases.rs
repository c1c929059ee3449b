//! The real-world cases of `tests/fixtures/cases/` (see its README.md): every
//! file imports with exactly the problem rows and guests `expected.json` says.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use ticketcore::import::{GuestList, ImportOptions, read_guest_list};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases")
}

fn expected(file: &str) -> Option<Value> {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("expected.json");
    let all: Value = serde_json::from_str(&text).expect("valid json");
    all.get(file).cloned()
}

fn import(file: &str) -> GuestList {
    let bytes = std::fs::read(dir().join(file)).expect("fixture");
    match read_guest_list(&bytes, file, &ImportOptions::default()) {
        Ok(list) => list,
        Err(e) => panic!("{file}: {e}"),
    }
}

/// An address as it will be sent: lower case, domain in ASCII.
fn sendable(email: &str) -> String {
    let lower = email.to_lowercase();
    match lower.rsplit_once('@') {
        Some((local, domain)) => {
            let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_string());
            format!("{local}@{domain}")
        }
        None => lower,
    }
}

fn check(file: &str) -> GuestList {
    let list = import(file);
    let exp = expected(file).unwrap_or_else(|| panic!("{file} missing from expected.json"));
    let alt: BTreeSet<u32> = exp
        .get("alt")
        .and_then(Value::as_object)
        .map(|m| m.keys().filter_map(|k| k.parse().ok()).collect())
        .unwrap_or_default();
    let want_rows: BTreeSet<u32> = exp["strict_rows"]
        .as_array()
        .expect("strict_rows")
        .iter()
        .filter_map(Value::as_u64)
        .map(|r| u32::try_from(r).expect("row"))
        .collect();
    let got_rows: Vec<u32> = list.problems.iter().map(|p| p.row).collect();
    let got_set: BTreeSet<u32> = got_rows.iter().copied().collect();
    assert_eq!(got_rows.len(), got_set.len(), "{file}: one problem per row");
    assert!(got_rows.windows(2).all(|w| w[0] < w[1]), "{file}: sorted");
    // Rows named in `alt` may go either way; every other row must match exactly.
    let strip = |s: &BTreeSet<u32>| -> BTreeSet<u32> { s.difference(&alt).copied().collect() };
    assert_eq!(
        strip(&got_set),
        strip(&want_rows),
        "{file}: problem rows {:#?}",
        list.problems
    );
    let alt_taken = got_set
        .iter()
        .filter(|r| alt.contains(r) && !want_rows.contains(r))
        .count();

    let want: Vec<(String, String)> = exp["skip_guests"]
        .as_array()
        .expect("skip_guests")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("name").to_string(),
                sendable(pair[1].as_str().expect("email")),
            )
        })
        .collect();
    let got: Vec<(String, String)> = list
        .guests
        .iter()
        .map(|g| (g.guest.name.clone(), sendable(&g.guest.email)))
        .collect();
    if alt_taken == 0 {
        assert_eq!(got, want, "{file}: guests");
    } else {
        assert_eq!(got.len() + alt_taken, want.len(), "{file}: guests");
        assert!(
            got.iter().all(|g| want.contains(g)),
            "{file}: guests {got:?}"
        );
    }
    // A skip import gives the same guests: problems never hide valid rows.
    let skip = ImportOptions {
        skip_invalid: true,
        ..ImportOptions::default()
    };
    let bytes = std::fs::read(dir().join(file)).expect("fixture");
    let again = read_guest_list(&bytes, file, &skip).expect("skip import");
    assert_eq!(again.to_import(true).expect("skip").len(), got.len());
    if !list.problems.is_empty() {
        assert!(
            list.to_import(false).is_err(),
            "{file}: strict import refuses"
        );
    }
    list
}

#[test]
fn c02_shared_string_edges() {
    let list = check("c02_shared_string_edges.xlsx");
    assert!(
        list.problems[0].problem.contains("email"),
        "{:?}",
        list.problems
    );
    assert!(
        list.problems[1].problem.contains("name"),
        "{:?}",
        list.problems
    );
}

#[test]
fn c03_inline_rich_phonetic() {
    let list = check("c03_inline_rich_phonetic.xlsx");
    for g in &list.guests {
        assert!(
            !g.guest
                .name
                .chars()
                .any(|c| ('\u{30A0}'..='\u{30FF}').contains(&c)),
            "katakana reading appended: {}",
            g.guest.name
        );
    }
}

#[test]
fn c04_header_row5_col_b_xlsx() {
    let list = check("c04_header_row5_col_b.xlsx");
    assert_eq!(list.header_row, 5);
    assert!(list.problems[0].problem.contains("(at)"));
}

#[test]
fn c04_header_row5_col_b_ods() {
    let list = check("c04_header_row5_col_b.ods");
    assert_eq!(list.header_row, 5);
    assert_eq!(list.sheet.as_deref(), Some("Sheet1"));
}

#[test]
fn c06_excel_windows1252_semicolon() {
    let list = check("c06_excel_windows1252_semicolon.csv");
    for g in &list.guests {
        assert!(
            !g.guest.name.chars().any(char::is_control),
            "{}",
            g.guest.name
        );
    }
}

#[test]
fn c08_invisible_whitespace() {
    let list = check("c08_invisible_whitespace.csv");
    let dup = &list.problems[0];
    assert!(dup.problem.contains("duplicate of row 2"), "{dup:?}");
    assert!(list.problems[1].problem.contains("more than one address"));
    let tom = list
        .guests
        .iter()
        .find(|g| g.guest.name == "Tom Becker")
        .expect("Tom");
    assert!(tom.guest.email.contains("+Gala") || tom.guest.email.contains("+gala"));
    let jan = list.guests.iter().find(|g| g.guest.name == "Jan Nováček");
    assert_eq!(
        jan.map(|g| g.guest.email.as_str()),
        Some("jan@xn--bcher-kva.example")
    );
    // The `Notes` column is read as the door note; no column counts a party.
    let notes: Vec<(&str, Option<&str>, u32)> = list
        .guests
        .iter()
        .map(|g| {
            (
                g.guest.name.as_str(),
                g.guest.note.as_deref(),
                g.guest.persons,
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("Anna Berg", None, 1),
            ("Leo Marx", Some("vegetarian"), 1),
            ("Maria da Silva", Some("Alt+Enter in name"), 1),
            ("Tom Becker", None, 1),
            ("Jan Nováček", Some("IDN domain"), 1),
        ]
    );
}

#[test]
fn c09_header_hostile_names() {
    let list = check("c09_header_hostile_names.csv");
    assert!(
        list.guests
            .iter()
            .all(|g| !g.guest.name.contains(['\r', '\n']))
    );
}

#[test]
fn c11_five_guests() {
    let list = import("c11_five_guests.csv");
    assert_eq!(list.guests.len(), 5);
    assert!(list.problems.is_empty());
}

#[test]
fn c13_twenty_guests() {
    let list = import("c13_twenty_guests.csv");
    assert_eq!(list.guests.len(), 20);
    assert!(list.problems.is_empty());
}

#[test]
fn c15_formulas_numbers_links() {
    let list = check("c15_formulas_numbers_links.xlsx");
    assert!(
        list.problems[0].problem.contains("save it"),
        "{:?}",
        list.problems[0]
    );
    assert!(list.problems[1].problem.contains('0'));
}

#[test]
fn c16_merged_couple() {
    let list = check("c16_merged_couple.xlsx");
    assert!(
        list.problems[0].problem.contains("merged"),
        "{:?}",
        list.problems
    );
}

#[test]
fn every_fixture_has_a_test() {
    let tested = [
        "c02_shared_string_edges.xlsx",
        "c03_inline_rich_phonetic.xlsx",
        "c04_header_row5_col_b.xlsx",
        "c04_header_row5_col_b.ods",
        "c06_excel_windows1252_semicolon.csv",
        "c08_invisible_whitespace.csv",
        "c09_header_hostile_names.csv",
        "c11_five_guests.csv",
        "c13_twenty_guests.csv",
        "c15_formulas_numbers_links.xlsx",
        "c16_merged_couple.xlsx",
    ];
    for entry in std::fs::read_dir(dir()).expect("dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".json") || name.ends_with(".md") {
            continue;
        }
        assert!(tested.contains(&name.as_str()), "{name} has no test");
    }
}
