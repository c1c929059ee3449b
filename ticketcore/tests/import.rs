//! Import of generated guest lists: every format the tests can write, the
//! CSV encodings, round trips of Unicode names, and hostile files (zip bombs,
//! far-apart cells, random bytes, password protection) that must end in a
//! clear error with bounded memory, never a panic.

use std::io::{Cursor, Write};

use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use ticketcore::Error;
use ticketcore::import::{
    ColumnNames, GuestList, ImportError, ImportOptions, check_existing, read_guest_list,
};

fn opts() -> ImportOptions {
    ImportOptions::default()
}

fn import(bytes: &[u8], name: &str) -> Result<GuestList, ImportError> {
    match read_guest_list(bytes, name, &opts()) {
        Ok(list) => Ok(list),
        Err(Error::Import(e)) => Err(e),
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

fn import_err(bytes: &[u8], name: &str) -> ImportError {
    match import(bytes, name) {
        Ok(list) => panic!("{name}: expected an error, got {list:?}"),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.len() > 20, "message too terse: {msg}");
            e
        }
    }
}

/// An `.xlsx` from rust_xlsxwriter with the given rows (row 0 = header).
fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A zip archive of the given parts (deflated).
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, data) in parts {
        w.start_file(*name, o).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// A minimal hand-made `.xlsx` with the given worksheet XML.
fn raw_xlsx(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Guests" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ];
    if let Some(sst) = shared_strings {
        parts.push(("xl/sharedStrings.xml", sst.as_bytes()));
    }
    zip_of(&parts)
}

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A hand-made `.ods` with the given `<table:table>` body.
fn raw_ods(table_body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Guests">{table_body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).expect("start");
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("content.xml", deflated).expect("start");
    w.write_all(content.as_bytes()).expect("write");
    w.start_file("META-INF/manifest.xml", deflated)
        .expect("start");
    w.write_all(manifest.as_bytes()).expect("write");
    w.finish().expect("finish").into_inner()
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn names_emails(list: &GuestList) -> Vec<(String, String)> {
    list.guests
        .iter()
        .map(|g| (g.guest.name.clone(), g.guest.email.clone()))
        .collect()
}

// ---------------------------------------------------------------- formats

#[test]
fn xlsx_basic_with_title_rows_and_salutation() {
    let bytes = xlsx(&[
        vec!["Guest list 2026"],
        vec![],
        vec![
            "",
            "Anrede",
            "Vorname",
            "Nachname",
            "E-Mail-Adresse",
            "Table",
        ],
        vec!["", "Liebe Anna", "Anna", "Berg", "anna@example.org", "7"],
        vec!["", "", "Ben", "Fox", "mailto:ben@example.org", "7"],
        vec![],
        vec!["", "", "Cara", "", "cara@example.org"],
    ]);
    let list = import(&bytes, "guests.xlsx").expect("import");
    assert_eq!(list.header_row, 3);
    assert_eq!(list.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(
        names_emails(&list),
        vec![
            ("Anna Berg".into(), "anna@example.org".into()),
            ("Ben Fox".into(), "ben@example.org".into()),
            ("Cara".into(), "cara@example.org".into()),
        ]
    );
    assert_eq!(
        list.guests[0].guest.salutation.as_deref(),
        Some("Liebe Anna")
    );
    assert_eq!(list.guests[2].row, 7);
    assert!(list.problems.is_empty());
}

#[test]
fn numbers_formulas_and_errors_in_xlsx() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Name").expect("w");
    ws.write_string(0, 1, "Email").expect("w");
    ws.write_number(1, 0, 4711.0).expect("w");
    ws.write_string(1, 1, "guest4711@example.org").expect("w");
    ws.write_string(2, 0, "Ida").expect("w");
    // rust_xlsxwriter saves formulas without a result unless one is given.
    ws.write_formula(2, 1, "=LOWER(\"IDA\")&\"@example.org\"")
        .expect("w");
    ws.write_string(3, 0, "Pia").expect("w");
    ws.write_number(3, 1, 0.0).expect("w");
    ws.write_string(4, 0, "Ole").expect("w");
    ws.write_formula(
        4,
        1,
        rust_xlsxwriter::Formula::new("=\"ole@example.org\"").set_result("ole@example.org"),
    )
    .expect("w");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let list = import(&bytes, "guests.xlsm").expect("import");
    assert_eq!(
        names_emails(&list),
        vec![
            ("4711".into(), "guest4711@example.org".into()),
            ("Ole".into(), "ole@example.org".into())
        ]
    );
    let rows: Vec<u32> = list.problems.iter().map(|p| p.row).collect();
    // rust_xlsxwriter saves 0 as the result of a formula written without one.
    assert_eq!(rows, vec![3, 4]);
    assert!(
        list.problems[1].problem.contains("number"),
        "{:?}",
        list.problems
    );

    // A formula cell without any saved value (as scripts write them).
    let cells = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}<c r=\"B2\"><f>LOWER(A2)&amp;\"@example.org\"</f></c></row><row r=\"3\">{}<c r=\"B3\" t=\"str\"><f>\"b@example.org\"</f><v>b@example.org</v></c></row>",
        inline("A1", "Name"),
        inline("B1", "Email"),
        inline("A2", "Ida"),
        inline("A3", "Bo"),
    );
    let list = import(&raw_xlsx(&sheet_xml("A1:B3", &cells), None), "f.xlsx").expect("import");
    assert_eq!(
        names_emails(&list),
        vec![("Bo".into(), "b@example.org".into())]
    );
    assert_eq!(list.problems.len(), 1);
    assert_eq!(list.problems[0].row, 2);
    assert!(
        list.problems[0].problem.contains("save it"),
        "{:?}",
        list.problems
    );
}

#[test]
fn ods_generated_by_hand() {
    let body = format!(
        r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="4711"/>{}</table:table-row><table:table-row>{}<table:table-cell table:formula="of:=1+1"/></table:table-row>"#,
        ods_cell("Name"),
        ods_cell("Email"),
        ods_cell("Zoë Ñúñez"),
        ods_cell("zoe@example.org"),
        ods_cell("guest4711@example.org"),
        ods_cell("Nora"),
    );
    let list = import(&raw_ods(&body), "list.ods").expect("import");
    assert_eq!(list.header_row, 3);
    assert_eq!(
        names_emails(&list),
        vec![
            ("Zoë Ñúñez".into(), "zoe@example.org".into()),
            ("4711".into(), "guest4711@example.org".into())
        ]
    );
    assert_eq!(list.problems.len(), 1);
    assert_eq!(list.problems[0].row, 6);
    assert!(
        list.problems[0].problem.contains("formula"),
        "{:?}",
        list.problems
    );
}

#[test]
fn ods_party_sizes_and_notes() {
    let float =
        |v: &str| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let body = [
        row(&[
            ods_cell("Name"),
            ods_cell("Email"),
            ods_cell("Pax"),
            ods_cell("Notes"),
        ]),
        row(&[
            ods_cell("Anna"),
            ods_cell("anna@example.org"),
            float("3"),
            ods_cell("VIP"),
        ]),
        row(&[ods_cell("Ben"), ods_cell("ben@example.org"), float("2.5")]),
        row(&[
            ods_cell("Cleo"),
            ods_cell("cleo@example.org"),
            ods_cell(" 2 "),
            float("7"),
        ]),
        row(&[
            ods_cell("Dana"),
            ods_cell("dana@example.org"),
            r#"<table:table-cell table:formula="of:=1+1"/>"#.to_string(),
        ]),
    ]
    .concat();
    let list = import(&raw_ods(&body), "list.ods").expect("import");
    let got: Vec<(u32, u32, Option<&str>)> = list
        .guests
        .iter()
        .map(|g| (g.row, g.guest.persons, g.guest.note.as_deref()))
        .collect();
    assert_eq!(got, [(2, 3, Some("VIP")), (4, 2, Some("7"))]);
    let problems: Vec<(u32, &str)> = list
        .problems
        .iter()
        .map(|p| (p.row, p.problem.as_str()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        problems[0],
        (
            3,
            "the party size \"2.5\" in column \"Pax\" is not a whole number from 1 to 1000"
        )
    );
    assert_eq!(problems[1].0, 5);
    assert!(problems[1].1.contains("save it"), "{problems:?}");
}

#[test]
fn column_names_option_and_sheet_option() {
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Notes").expect("name");
    let ws = wb.add_worksheet().set_name("Gäste").expect("name");
    ws.write_string(0, 0, "Wer").expect("w");
    ws.write_string(0, 1, "Kontakt").expect("w");
    ws.write_string(1, 0, "Anna").expect("w");
    ws.write_string(1, 1, "anna@example.org").expect("w");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let err = import_err(&bytes, "x.xlsx");
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
    assert!(err.to_string().contains("E-mail"), "{err}");
    let options = ImportOptions {
        columns: ColumnNames {
            name: Some("wer".into()),
            email: Some("KONTAKT".into()),
            ..ColumnNames::default()
        },
        ..ImportOptions::default()
    };
    let list = read_guest_list(&bytes, "x.xlsx", &options).expect("import");
    assert_eq!(list.sheet.as_deref(), Some("Gäste"));
    assert_eq!(list.guests.len(), 1);
    let missing = ImportOptions {
        sheet: Some("Guests".into()),
        ..options
    };
    match read_guest_list(&bytes, "x.xlsx", &missing) {
        Err(Error::Import(ImportError::SheetNotFound { available, .. })) => {
            assert!(available.contains("Gäste"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicates_and_existing_guests() {
    let csv = "Name,Email\nAnna,anna@example.org\nBen,ben@example.org\nAnna B,ANNA@example.org\n";
    let mut list = import(csv.as_bytes(), "g.csv").expect("import");
    assert_eq!(list.problems.len(), 1);
    assert_eq!(list.problems[0].row, 4);
    assert!(list.problems[0].problem.contains("duplicate of row 2"));
    assert_eq!(list.problems[0].name, "Anna B", "a bad row names its guest");
    // Ben has a ticket already: an updated list's guest who is there, not a
    // problem.
    check_existing(&mut list, &["BEN@example.org".to_string()]);
    assert_eq!(list.guests.len(), 1);
    assert_eq!(list.already.len(), 1);
    assert_eq!(list.already[0].row, 3);
    let rows: Vec<u32> = list.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, vec![4]);
    let json = serde_json::to_string(&list.problems[0]).expect("json");
    assert!(
        json.contains("\"row\":4") && json.contains("\"name\":\"Anna B\""),
        "{json}"
    );
}

// ---------------------------------------------------------------- CSV encodings

fn csv_text(sep: u8, rows: &[(String, String)]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(["Name", "Email"]).expect("csv");
    for (n, e) in rows {
        w.write_record([n, e]).expect("csv");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf8")
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn utf16be_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

fn windows_1252(s: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    (!unmappable).then(|| bytes.into_owned())
}

#[test]
fn csv_encodings_and_separators() {
    let rows = vec![
        ("Jürgen Weiß".to_string(), "juergen@example.org".to_string()),
        ("Siobhán O’Connor".into(), "siobhan@example.org".into()),
        ("Berg; Anna".into(), "anna@example.org".into()),
        ("Müller, Hans".into(), "hans@example.org".into()),
    ];
    let semicolon = csv_text(b';', &rows);
    let comma = csv_text(b',', &rows);
    let tab = csv_text(b'\t', &rows);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(comma.as_bytes());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("utf8 ;", semicolon.clone().into_bytes()),
        ("utf8 ,", comma.clone().into_bytes()),
        ("utf8 bom", bom),
        ("utf16le tab", utf16le_bom(&tab)),
        ("utf16be tab", utf16be_bom(&tab)),
        ("1252 ;", windows_1252(&semicolon).expect("1252")),
        ("utf8 LF", semicolon.replace("\r\n", "\n").into_bytes()),
    ];
    for (what, bytes) in variants {
        let list = import(&bytes, "guests.csv").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(names_emails(&list), rows, "{what}");
        let list = import(&bytes, "guests.txt").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(list.guests.len(), 4, "{what}");
    }
}

#[test]
fn csv_in_an_unknown_encoding_says_how_to_save_utf8() {
    // Windows-1251 (Cyrillic) bytes are not Windows-1252 text.
    let mut bytes = b"Name;Email\r\n".to_vec();
    bytes.extend_from_slice(b"\xc8\xe2\xe0\xed \xcf\xe5\xf2\xf0\xee\xe2;ivan@example.org\r\n");
    bytes.extend_from_slice(
        b"\xcc\xe0\xf0\xe8\xff \xd1\xe8\xe4\xee\xf0\xee\xe2\xe0;maria@example.org\r\n",
    );
    let err = import_err(&bytes, "g.csv");
    assert_eq!(err, ImportError::UnknownEncoding);
    assert!(err.to_string().contains("CSV UTF-8"));
}

#[test]
fn csv_rows_are_records_and_blank_lines_count() {
    let csv = "Title line\n\nName,Email\n\"Anna\nBerg\",anna@example.org\n\nBen,not-an-address\n";
    let list = import(csv.as_bytes(), "g.csv").expect("import");
    assert_eq!(list.header_row, 3);
    assert_eq!(list.guests[0].row, 4);
    assert_eq!(list.guests[0].guest.name, "Anna Berg");
    assert_eq!(list.problems[0].row, 6);
}

// ---------------------------------------------------------------- hostile and broken files

#[test]
fn empty_random_truncated_and_mislabelled_files() {
    assert_eq!(import_err(b"", "g.xlsx"), ImportError::Empty);
    assert_eq!(import_err(b"", "g.csv"), ImportError::Empty);

    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    for name in ["r.xlsx", "r.xls", "r.xlsb", "r.ods", "r.csv", "r.bin", "r"] {
        let err = import_err(&random, name);
        assert!(
            matches!(
                err,
                ImportError::NotASpreadsheet { .. } | ImportError::UnsupportedFormat { .. }
            ),
            "{name}: {err}"
        );
    }

    let good = xlsx(&[vec!["Name", "Email"], vec!["Anna", "anna@example.org"]]);
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 30] {
        let err = import_err(good.get(..cut).expect("cut"), "cut.xlsx");
        assert!(matches!(err, ImportError::Damaged { .. }), "{cut}: {err}");
    }

    let err = import_err(b"Name,Email\nAnna,anna@example.org\n", "really-csv.xlsx");
    assert!(
        matches!(err, ImportError::TextNamedAsWorkbook { .. }),
        "{err}"
    );
    assert!(err.to_string().contains(".csv"));

    let err = import_err(b"Name,Email\r\n", "only-header.csv");
    assert_eq!(err, ImportError::NoGuests { header_row: 1 });
    let err = import_err(b"Wer,Kontakt\nAnna,anna@example.org\n", "no-header.csv");
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
    assert!(err.to_string().contains("\"Email\""), "{err}");

    let err = import_err(b"Name,Email\n", "x.pdf");
    assert!(
        matches!(err, ImportError::UnsupportedFormat { .. }),
        "{err}"
    );

    // An xlsx named .csv is read as what it is.
    assert_eq!(
        import(&good, "export.csv")
            .expect("xlsx as csv")
            .guests
            .len(),
        1
    );
}

#[test]
fn size_and_row_caps() {
    let mut csv = String::from("Name,Email\n");
    for i in 0..50 {
        csv.push_str(&format!("Guest {i},g{i}@example.org\n"));
    }
    let small = ImportOptions {
        max_rows: 10,
        ..ImportOptions::default()
    };
    match read_guest_list(csv.as_bytes(), "g.csv", &small) {
        Err(Error::Import(ImportError::TooManyRows { max: 10 })) => {}
        other => panic!("{other:?}"),
    }
    let tiny = ImportOptions {
        max_bytes: 100,
        ..ImportOptions::default()
    };
    match read_guest_list(csv.as_bytes(), "g.csv", &tiny) {
        Err(Error::Import(ImportError::TooLarge { max: 100, .. })) => {}
        other => panic!("{other:?}"),
    }
}

/// A stored zip whose central directory declares `declared` bytes for a tiny entry.
fn lying_zip(name: &str, data: &[u8], declared: u32) -> Vec<u8> {
    let crc = {
        let mut h = 0xFFFF_FFFFu32;
        for &b in data {
            h ^= u32::from(b);
            for _ in 0..8 {
                h = if h & 1 == 1 {
                    (h >> 1) ^ 0xEDB8_8320
                } else {
                    h >> 1
                };
            }
        }
        !h
    };
    let len = data.len() as u32;
    let mut out = Vec::new();
    // local file header
    out.extend_from_slice(b"PK\x03\x04");
    out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(data);
    let cd_start = out.len() as u32;
    out.extend_from_slice(b"PK\x01\x02");
    out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    let cd_len = out.len() as u32 - cd_start;
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn zip_bomb() -> Vec<u8> {
    // 48 MiB of one repeated byte deflates to about 48 KiB (ratio ~1000).
    let sheet = vec![b' '; 48 * 1024 * 1024];
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

#[test]
fn zip_bombs_are_refused_before_inflating() {
    let bomb = zip_bomb();
    assert!(bomb.len() < 1024 * 1024, "bomb is {} bytes", bomb.len());
    let err = import_err(&bomb, "bomb.xlsx");
    assert!(
        matches!(err, ImportError::UncompressedTooLarge { .. }),
        "{err}"
    );
    // Declared sizes beyond the cap (here 4 GiB) are refused too.
    let liar = lying_zip("xl/workbook.xml", b"<workbook/>", u32::MAX - 1);
    let err = import_err(&liar, "liar.xlsx");
    assert!(
        matches!(err, ImportError::UncompressedTooLarge { .. }),
        "{err}"
    );
    // A small declared size that the data exceeds is cut off by the zip reader.
    let ods_like = lying_zip("content.xml", b"<x/>", 1);
    let err = import_err(&ods_like, "x.ods");
    assert!(matches!(err, ImportError::Damaged { .. }), "{err}");
}

#[test]
fn absurd_shared_string_count_is_refused() {
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999999"><si><t>x</t></si></sst>"#;
    let sheet = sheet_xml(
        "A1",
        &format!("<row r=\"1\">{}</row>", inline("A1", "Name")),
    );
    let err = import_err(&raw_xlsx(&sheet, Some(sst)), "sst.xlsx");
    assert!(matches!(err, ImportError::Damaged { .. }), "{err}");
}

#[test]
fn password_protected_workbook() {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    cf.create_stream("/EncryptionInfo")
        .and_then(|mut s| s.write_all(&[4, 0, 4, 0]))
        .expect("stream");
    cf.create_stream("/EncryptedPackage")
        .and_then(|mut s| s.write_all(&[0u8; 2048]))
        .expect("stream");
    let bytes = cf.into_inner().into_inner();
    for name in ["secret.xlsx", "secret.xls", "secret.xlsb"] {
        let err = import_err(&bytes, name);
        assert_eq!(err, ImportError::PasswordProtected, "{name}");
        assert!(err.to_string().contains("unprotected copy"));
    }
}

/// BIFF8 record.
fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A minimal `.xls` whose one sheet has the given records after its BOF.
fn xls_with(sheet_records: &[Vec<u8>]) -> Vec<u8> {
    let bof = rec(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let sheet_bof = rec(0x0809, &[0, 6, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let eof = rec(0x000A, &[]);
    let name = b"Sheet1";
    let bound_len = 4 + 8 + name.len();
    let globals_len = bof.len() + bound_len + eof.len();
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, name.len() as u8, 0]);
    bound.extend_from_slice(name);
    let mut stream = bof.clone();
    stream.extend(rec(0x0085, &bound));
    stream.extend(eof.clone());
    stream.extend(sheet_bof);
    for r in sheet_records {
        stream.extend_from_slice(r);
    }
    stream.extend(eof);
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    cf.create_stream("/Workbook")
        .and_then(|mut s| s.write_all(&stream))
        .expect("stream");
    cf.into_inner().into_inner()
}

fn number_record(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    rec(0x0203, &d)
}

fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
    let mut d = rf.to_le_bytes().to_vec();
    d.extend_from_slice(&rl.to_le_bytes());
    d.extend_from_slice(&cf.to_le_bytes());
    d.extend_from_slice(&cl.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    rec(0x0200, &d)
}

fn label_record(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    let units: Vec<u16> = text.encode_utf16().collect();
    d.extend_from_slice(&(units.len() as u16).to_le_bytes());
    d.push(1); // UTF-16 characters
    for u in units {
        d.extend_from_slice(&u.to_le_bytes());
    }
    rec(0x0204, &d)
}

#[test]
fn xls_generated_by_hand() {
    let bytes = xls_with(&[
        dimensions(2, 6, 1, 3),
        label_record(2, 1, "Name"),
        label_record(2, 2, "E-mail"),
        label_record(3, 1, "Björn Þórsson"),
        label_record(3, 2, "bjorn@example.org"),
        number_record(5, 1, 4711.0),
        label_record(5, 2, "guest4711@example.org"),
        label_record(4, 1, "No Address"),
    ]);
    let list = import(&bytes, "old.xls").expect("import");
    assert_eq!(list.header_row, 3);
    assert_eq!(
        names_emails(&list),
        vec![
            ("Björn Þórsson".into(), "bjorn@example.org".into()),
            ("4711".into(), "guest4711@example.org".into())
        ]
    );
    assert_eq!(list.problems.len(), 1);
    assert_eq!(list.problems[0].row, 5);
}

#[test]
fn hostile_xls_dimensions_and_far_apart_cells() {
    // Declared dimension covering the whole grid.
    let err = import_err(&xls_with(&[dimensions(0, 1_048_576, 0, 256)]), "dim.xls");
    assert!(matches!(err, ImportError::SheetTooLarge { .. }), "{err}");
    assert!(err.to_string().contains("Sheet1"), "{err}");
    // Impossible dimensions (last before first) that would underflow.
    let err = import_err(&xls_with(&[dimensions(9, 3, 0, 2)]), "bad.xls");
    assert!(matches!(err, ImportError::Damaged { .. }), "{err}");
    // Two cells far apart, no dimension record.
    let err = import_err(
        &xls_with(&[number_record(0, 0, 1.0), number_record(65_535, 255, 2.0)]),
        "far.xls",
    );
    assert!(matches!(err, ImportError::SheetTooLarge { .. }), "{err}");
    // A sane one is read (and has no header).
    let err = import_err(&xls_with(&[number_record(0, 0, 1.0)]), "one.xls");
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
}

// ---------------------------------------------------------------- far-apart cells

fn far_apart_xlsx_writer() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Name").expect("w");
    ws.write_string(0, 1, "Email").expect("w");
    ws.write_string(1, 0, "Anna").expect("w");
    ws.write_string(1, 1, "anna@example.org").expect("w");
    ws.write_string(1_048_575, 16_383, "far away").expect("w");
    wb.save_to_buffer().expect("xlsx")
}

fn far_apart_xlsx_dimension() -> Vec<u8> {
    let cells = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}{}</row><row r=\"1048576\">{}</row>",
        inline("A1", "Name"),
        inline("B1", "Email"),
        inline("A2", "Anna"),
        inline("B2", "anna@example.org"),
        inline("XFD1048576", "x"),
    );
    raw_xlsx(&sheet_xml("A1:XFD1048576", &cells), None)
}

fn far_apart_ods() -> Vec<u8> {
    let body = format!(
        r#"<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{}</table:table-row>"#,
        ods_cell("Name"),
        ods_cell("Email"),
        ods_cell("Anna"),
        ods_cell("anna@example.org"),
        ods_cell("far"),
    );
    raw_ods(&body)
}

fn repeated_ods() -> Vec<u8> {
    // A non-empty row repeated a million times over a wide repeated cell.
    let body = format!(
        r#"<table:table-row>{}{}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ods_cell("Name"),
        ods_cell("Email"),
    );
    raw_ods(&body)
}

#[test]
fn far_apart_cells_import_or_fail_cleanly() {
    let list = import(&far_apart_xlsx_writer(), "far.xlsx").expect("streamed");
    assert_eq!(list.guests.len(), 1);
    let list = import(&far_apart_xlsx_dimension(), "dim.xlsx").expect("streamed");
    assert_eq!(list.guests.len(), 1);
    for (name, bytes) in [("far.ods", far_apart_ods()), ("rep.ods", repeated_ods())] {
        assert!(bytes.len() < 10_000, "{name} is {} bytes", bytes.len());
        let err = import_err(&bytes, name);
        assert!(
            matches!(err, ImportError::SheetTooLarge { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains("Guests"), "{err}");
    }
}

/// Peak resident memory of this process (VmHWM), in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Runs in a child process (see `peak_memory_of_hostile_files`): imports one
/// hostile file and prints the peak memory and time.
#[test]
fn child_import_one_file() {
    let Ok(which) = std::env::var("TICKET_IMPORT_CHILD") else {
        return;
    };
    let (bytes, name) = match which.as_str() {
        "xlsx-writer" => (far_apart_xlsx_writer(), "far.xlsx"),
        "xlsx-dimension" => (far_apart_xlsx_dimension(), "dim.xlsx"),
        "ods-far" => (far_apart_ods(), "far.ods"),
        "ods-repeated" => (repeated_ods(), "rep.ods"),
        "xls-far" => (
            xls_with(&[number_record(0, 0, 1.0), number_record(65_535, 255, 2.0)]),
            "far.xls",
        ),
        "zip-bomb" => (zip_bomb(), "bomb.xlsx"),
        other => panic!("unknown child case {other}"),
    };
    let before = peak_kib();
    let start = std::time::Instant::now();
    let outcome = match read_guest_list(&bytes, name, &opts()) {
        Ok(list) => format!("imported {} guest(s)", list.guests.len()),
        Err(e) => format!("error: {e}"),
    };
    println!(
        "CHILD-RESULT {which}: {} bytes, peak {} KiB (before import {} KiB), {} ms, {}",
        bytes.len(),
        peak_kib(),
        before,
        start.elapsed().as_millis(),
        outcome.chars().take(80).collect::<String>()
    );
}

#[test]
fn peak_memory_of_hostile_files() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    for case in [
        "xlsx-writer",
        "xlsx-dimension",
        "ods-far",
        "ods-repeated",
        "xls-far",
        "zip-bomb",
    ] {
        let out = std::process::Command::new(&exe)
            .args([
                "--exact",
                "child_import_one_file",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TICKET_IMPORT_CHILD", case)
            .output()
            .expect("child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find(|l| l.contains("CHILD-RESULT"))
            .unwrap_or_else(|| panic!("{case}: {stdout} {}", String::from_utf8_lossy(&out.stderr)));
        eprintln!("{line}");
        let peak: u64 = line
            .split("peak ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .expect("peak");
        // Generous bound: the aim is well under 100 MB (the zip bomb test
        // itself holds 48 MiB of input while building the bomb).
        assert!(peak < 250 * 1024, "{case}: peak {peak} KiB");
    }
}

// ---------------------------------------------------------------- round trips

fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\p{L}][\\p{L}\\p{M}'. -]{0,30}",
        "[A-Za-z]{1,8}( [A-Z][a-z]{1,8}){0,2}",
        "[\\p{Han}\\p{Hiragana}\\p{Cyrillic}\\p{Greek}\\p{Arabic}]{1,12}",
    ]
}

fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn guests_strategy() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            name_strategy(),
            "[a-z0-9]{1,10}([._+-][a-z0-9]{1,5})?",
            prop_oneof![
                Just("example.org".to_string()),
                Just("bücher.example".to_string()),
                "[a-z]{2,10}\\.(com|de|org)",
            ],
        ),
        1..12,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .filter(|(_, (n, _, _))| !tidy(n).is_empty())
            .map(|(i, (n, local, domain))| (n, format!("{local}{i}@{domain}")))
            .collect::<Vec<_>>()
    })
    .prop_filter("at least one guest", |v| !v.is_empty())
}

fn sent_form(email: &str) -> String {
    let (local, domain) = email.rsplit_once('@').expect("@");
    format!("{local}@{}", idna::domain_to_ascii(domain).expect("idna"))
}

fn expect_round_trip(list: &GuestList, guests: &[(String, String)]) -> Result<(), TestCaseError> {
    prop_assert!(list.problems.is_empty(), "problems: {:?}", list.problems);
    let want: Vec<(String, String)> = guests
        .iter()
        .map(|(n, e)| (tidy(n), sent_form(e)))
        .collect();
    prop_assert_eq!(names_emails(list), want);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn round_trip_through_xlsx(guests in guests_strategy()) {
        let mut rows: Vec<Vec<&str>> = vec![vec!["Name", "Email"]];
        for (n, e) in &guests {
            rows.push(vec![n.as_str(), e.as_str()]);
        }
        let list = import(&xlsx(&rows), "p.xlsx").map_err(|e| TestCaseError::fail(e.to_string()))?;
        expect_round_trip(&list, &guests)?;
    }

    #[test]
    fn round_trip_through_csv_encodings(guests in guests_strategy(), sep in prop_oneof![Just(b','), Just(b';'), Just(b'\t')]) {
        let text = csv_text(sep, &guests);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        for (what, bytes) in [
            ("utf8", text.clone().into_bytes()),
            ("utf8 bom", bom),
            ("utf16le", utf16le_bom(&text)),
        ] {
            let list = import(&bytes, "p.csv").map_err(|e| TestCaseError::fail(format!("{what}: {e}")))?;
            expect_round_trip(&list, &guests)?;
        }
    }

    #[test]
    fn round_trip_through_windows_1252(
        guests in prop::collection::vec(
            ("[A-Z][a-z]{1,8}([àéèüößçñ’][a-z]{1,5}){0,2}( [A-ZÑÉ][a-z]{1,3}[ëú]?[a-z]{1,4})?", "[a-z]{1,8}"),
            1..10,
        ),
        sep in prop_oneof![Just(b','), Just(b';')],
    ) {
        let guests: Vec<(String, String)> = guests
            .into_iter()
            .enumerate()
            .map(|(i, (n, l))| (n, format!("{l}{i}@example.org")))
            .collect();
        let bytes = windows_1252(&csv_text(sep, &guests)).expect("representable");
        let list = import(&bytes, "p.csv").map_err(|e| TestCaseError::fail(e.to_string()))?;
        expect_round_trip(&list, &guests)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), ext in prop_oneof![Just("csv"), Just("xlsx"), Just("ods"), Just("xls"), Just("xlsb")]) {
        let _ = read_guest_list(&bytes, &format!("f.{ext}"), &ImportOptions::default());
    }

    #[test]
    fn mutated_workbooks_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = xlsx(&[vec!["Name", "Email"], vec!["Anna", "anna@example.org"]]);
        for (i, b) in flips {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        let _ = read_guest_list(&bytes, "m.xlsx", &ImportOptions::default());
    }
}
