//! Typing at the door (case c13): codes typed in lower case, with spaces or
//! dashes, in full-width letters or with a pasted zero-width space find their
//! ticket; `0`/`1` read as `O`/`I` only when the alphabet has no digits;
//! look-alike letters, empty input, huge input and SQL text are `unknown`.

mod common;

use ticketcore::import::ImportOptions;
use ticketcore::{CodeSpec, NewEvent, ScanOutcome, TicketFilter, TicketOffice};

const C13: &[u8] = include_bytes!("fixtures/cases/c13_twenty_guests.csv");

fn full_width(code: &str) -> String {
    code.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}

fn variants(code: &str) -> Vec<String> {
    let spaced: String = code.chars().map(|c| format!("{c} ")).collect();
    let dashed: String = code.chars().map(String::from).collect::<Vec<_>>().join("-");
    vec![
        code.to_lowercase(),
        format!("  {spaced} "),
        dashed,
        full_width(code),
        full_width(&code.to_lowercase()),
        format!("\u{200B}{code}\u{200B}"),
        format!("{}\u{00A0}", code.to_lowercase()),
    ]
}

#[tokio::test]
async fn typed_codes_find_their_ticket() {
    let (store, _guard) = common::sqlite().await.expect("sqlite");
    let office = TicketOffice::new(store);
    let event = office
        .create_event(NewEvent::named("Door"))
        .await
        .expect("event");
    let report = office
        .import_guests(
            &event,
            C13.to_vec(),
            "c13_twenty_guests.csv",
            &ImportOptions::default(),
        )
        .await
        .expect("import");
    assert_eq!(report.imported, 20);
    let tickets = office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    for (i, t) in tickets.iter().enumerate() {
        let forms = variants(&t.code);
        let first = &forms[i % forms.len()];
        match office.scan(&event, first, "door-1").await.expect("scan") {
            ScanOutcome::Admitted { ticket } => assert_eq!(ticket.id, t.id, "{first:?}"),
            other => panic!("{first:?} for {} gave {other:?}", t.code),
        }
        for typed in &forms {
            let again = office.scan(&event, typed, "door-2").await.expect("scan");
            assert!(
                matches!(&again, ScanOutcome::AlreadyUsed { ticket, by, .. } if ticket.id == t.id && by == "door-1"),
                "{typed:?} for {} gave {again:?}",
                t.code
            );
        }
    }
    for junk in [
        "",
        "   ",
        &"A".repeat(10_000),
        "'; DROP TABLE tickets; --",
        "КОТ",
        "AB",
        "ABCD",
    ] {
        assert_eq!(
            office.scan(&event, junk, "door-1").await.expect("scan"),
            ScanOutcome::Unknown,
            "{junk:.20}"
        );
    }
    assert_eq!(office.stats(&event).await.expect("stats").used, 20);
}

#[tokio::test]
async fn zero_and_one_fold_only_without_digits() {
    let (store, _guard) = common::sqlite().await.expect("sqlite");
    let office = TicketOffice::new(store);
    let mut letters = NewEvent::named("Letters");
    letters.code_spec = CodeSpec::new("IO", 3).expect("spec");
    let letters = office.create_event(letters).await.expect("event");
    office
        .issue_tickets(&letters, &common::guests(8))
        .await
        .expect("issue");
    // Every code of {I,O}^3 exists; "0I1" must be read as "OII".
    match office.scan(&letters, "0i1", "door").await.expect("scan") {
        ScanOutcome::Admitted { ticket } => assert_eq!(ticket.code, "OII"),
        other => panic!("{other:?}"),
    }
    let mut digits = NewEvent::named("Digits");
    digits.code_spec = CodeSpec::new("IO01", 2).expect("spec");
    let digits = office.create_event(digits).await.expect("event");
    office
        .issue_tickets(&digits, &common::guests(16))
        .await
        .expect("issue");
    match office.scan(&digits, "00", "door").await.expect("scan") {
        ScanOutcome::Admitted { ticket } => assert_eq!(ticket.code, "00", "no folding with digits"),
        other => panic!("{other:?}"),
    }
}
