//! Party sizes, companions and notes from a guest list, through
//! `TicketOffice::import_guests` on SQLite to the issued tickets: a CSV and
//! an `.xlsx` (number, text and boolean cells), bad values reported on their
//! rows, a party-size column preferred to a companions column, and columns
//! named by the caller.

use rust_xlsxwriter::Workbook;
use ticketcore::import::{ColumnNames, ImportOptions, RowProblem};
use ticketcore::{Event, ImportReport, NewEvent, Ticket, TicketFilter, TicketOffice};

type Office = TicketOffice<ticketcore::store::AnyStore>;

async fn office() -> (Office, Event) {
    let office = TicketOffice::open("sqlite::memory:").await.expect("sqlite");
    let event = office
        .create_event(NewEvent::named("Summer Gala"))
        .await
        .expect("event");
    (office, event)
}

async fn import(
    office: &Office,
    event: &Event,
    bytes: Vec<u8>,
    file: &str,
    options: &ImportOptions,
) -> ImportReport {
    office
        .import_guests(event, bytes, file, options)
        .await
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// `(email, persons, note, walk_in)` of every ticket, by email.
async fn parties(office: &Office, event: &Event) -> Vec<(String, u32, Option<String>, bool)> {
    let tickets: Vec<Ticket> = office
        .tickets(event, &TicketFilter::default())
        .await
        .expect("tickets");
    let mut out: Vec<_> = tickets
        .into_iter()
        .map(|t| (t.email, t.persons, t.note, t.walk_in))
        .collect();
    out.sort();
    out
}

fn party(email: &str, persons: u32, note: Option<&str>) -> (String, u32, Option<String>, bool) {
    (email.into(), persons, note.map(String::from), false)
}

/// A companions cell of the `.xlsx`.
enum Plus {
    Number(f64),
    Bool(bool),
    Text(&'static str),
}

fn rows_of(problems: &[RowProblem]) -> Vec<u32> {
    problems.iter().map(|p| p.row).collect()
}

#[tokio::test]
async fn csv_party_sizes_and_notes_reach_the_tickets() {
    let (office, event) = office().await;
    let csv = "Name,Email,Persons,Note\n\
               Anna Berg,anna@example.org,4,VIP\n\
               Ben Ode,ben@example.org,,\n\
               Cleo Park,cleo@example.org, 3 ,\"  check\u{200B}\n ID \"\n\
               Dana Fox,dana@example.org,1000,\u{A0}\n";
    let report = import(
        &office,
        &event,
        csv.into(),
        "guests.csv",
        &ImportOptions::default(),
    )
    .await;
    assert_eq!(report.imported, 4, "{:?}", report.invalid);
    assert_eq!(
        parties(&office, &event).await,
        [
            party("anna@example.org", 4, Some("VIP")),
            party("ben@example.org", 1, None),
            party("cleo@example.org", 3, Some("check ID")),
            party("dana@example.org", 1000, None),
        ]
    );
}

#[tokio::test]
async fn xlsx_number_cells_and_companions() {
    let (office, event) = office().await;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, title) in ["Name", "E-Mail", "Party size", "Notes"].iter().enumerate() {
        ws.write_string(0, c as u16, *title).expect("w");
    }
    ws.write_string(1, 0, "Anna Berg").expect("w");
    ws.write_string(1, 1, "anna@example.org").expect("w");
    ws.write_number(1, 2, 4.0).expect("w");
    ws.write_string(1, 3, "VIP").expect("w");
    ws.write_string(2, 0, "Ben Ode").expect("w");
    ws.write_string(2, 1, "ben@example.org").expect("w");
    ws.write_string(2, 2, " 2 ").expect("w");
    ws.write_number(2, 3, 42.0).expect("w");
    ws.write_string(3, 0, "Cleo Park").expect("w");
    ws.write_string(3, 1, "cleo@example.org").expect("w");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let report = import(
        &office,
        &event,
        bytes,
        "guests.xlsx",
        &ImportOptions::default(),
    )
    .await;
    assert_eq!(report.imported, 3, "{:?}", report.invalid);
    assert_eq!(
        parties(&office, &event).await,
        [
            party("anna@example.org", 4, Some("VIP")),
            party("ben@example.org", 2, Some("42")),
            party("cleo@example.org", 1, None),
        ]
    );

    // A companions column: `+1` counts the people coming with the guest.
    let (office, event) = self::office().await;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, title) in ["Name", "Email", "+1"].iter().enumerate() {
        ws.write_string(0, c as u16, *title).expect("w");
    }
    let companions = [
        ("a@example.org", Some(Plus::Number(2.0))),
        ("b@example.org", Some(Plus::Bool(true))),
        ("c@example.org", Some(Plus::Bool(false))),
        ("d@example.org", Some(Plus::Text("ja"))),
        ("e@example.org", None),
    ];
    for (r, (email, plus)) in companions.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, "Guest").expect("w");
        ws.write_string(r, 1, *email).expect("w");
        match plus {
            Some(Plus::Number(n)) => ws.write_number(r, 2, *n),
            Some(Plus::Bool(b)) => ws.write_boolean(r, 2, *b),
            Some(Plus::Text(t)) => ws.write_string(r, 2, *t),
            None => continue,
        }
        .expect("w");
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let report = import(
        &office,
        &event,
        bytes,
        "plus.xlsx",
        &ImportOptions::default(),
    )
    .await;
    assert_eq!(report.imported, 5, "{:?}", report.invalid);
    let got: Vec<u32> = parties(&office, &event)
        .await
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(got, [3, 2, 1, 2, 1]);
}

#[tokio::test]
async fn bad_values_are_reported_on_their_rows() {
    let (office, event) = office().await;
    let long = "n".repeat(201);
    let csv = format!(
        "Guest list\n\
         Name;E-Mail;Personen;Bemerkung\n\
         Anna Berg;anna@example.org;0;\n\
         Ben Ode;ben@example.org;-1;\n\
         Cleo Park;cleo@example.org;2,5;\n\
         Dana Fox;dana@example.org;drei;\n\
         Eli Sun;eli@example.org;1001;\n\
         Fay Lin;fay@example.org;2;{long}\n\
         Gus Holm;gus@example.org;3,0;ok\n"
    );
    let report = import(
        &office,
        &event,
        csv.clone().into_bytes(),
        "guests.csv",
        &ImportOptions::default(),
    )
    .await;
    assert!(report.refused);
    assert_eq!(report.imported, 0);
    assert_eq!(rows_of(&report.invalid), [3, 4, 5, 6, 7, 8]);
    for (p, value) in report
        .invalid
        .iter()
        .zip(["0", "-1", "2,5", "drei", "1001"])
    {
        assert_eq!(
            p.problem,
            format!(
                "the party size \"{value}\" in column \"Personen\" is not a whole number from 1 \
                 to 1000"
            ),
            "{p:?}"
        );
    }
    assert_eq!(report.invalid[5].name, "Fay Lin");
    assert_eq!(
        report.invalid[5].problem,
        "the note is longer than 200 characters"
    );

    let skip = ImportOptions {
        skip_invalid: true,
        ..ImportOptions::default()
    };
    let report = import(&office, &event, csv.into_bytes(), "guests.csv", &skip).await;
    assert_eq!(report.imported, 1);
    assert_eq!(
        parties(&office, &event).await,
        [party("gus@example.org", 3, Some("ok"))]
    );

    // Companions: 0 to 999, or yes and no.
    let (office, event) = self::office().await;
    let csv = "Name,Email,Begleitung\nAnna,anna@example.org,vielleicht\n\
               Ben,ben@example.org,1000\nCleo,cleo@example.org,999\n";
    let report = import(&office, &event, csv.into(), "plus.csv", &skip).await;
    assert_eq!(rows_of(&report.invalid), [2, 3]);
    assert_eq!(
        report.invalid[0].problem,
        "\"vielleicht\" in column \"Begleitung\" is neither a number of companions from 0 to \
         999 nor yes or no"
    );
    assert_eq!(
        parties(&office, &event).await,
        [party("cleo@example.org", 1000, None)]
    );
}

#[tokio::test]
async fn party_size_column_wins_over_companions() {
    let (office, event) = office().await;
    // The companions column is not read at all: its odd value is no problem.
    let csv = "Name,Email,+1,Gäste\nAnna,anna@example.org,maybe,3\nBen,ben@example.org,yes,\n";
    let report = import(
        &office,
        &event,
        csv.into(),
        "guests.csv",
        &ImportOptions::default(),
    )
    .await;
    assert_eq!(report.imported, 2, "{:?}", report.invalid);
    assert_eq!(
        parties(&office, &event).await,
        [
            party("anna@example.org", 3, None),
            party("ben@example.org", 1, None)
        ]
    );
}

#[tokio::test]
async fn columns_named_by_the_caller() {
    let (office, event) = office().await;
    let csv = "Name,Email,Persons,How many,Notes,For the door\n\
               Anna,anna@example.org,9,2,ignored,VIP\n";
    let options = ImportOptions {
        columns: ColumnNames {
            persons: Some("how-many".into()),
            note: Some("For the door".into()),
            ..ColumnNames::default()
        },
        ..ImportOptions::default()
    };
    let report = import(&office, &event, csv.into(), "guests.csv", &options).await;
    assert_eq!(report.imported, 1, "{:?}", report.invalid);
    assert_eq!(
        parties(&office, &event).await,
        [party("anna@example.org", 2, Some("VIP"))]
    );
}
