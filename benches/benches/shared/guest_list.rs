//! A generated guest list shared by the benchmarks.

/// An `.xlsx` with a `Name` / `Email` header and `rows` guests below it.
pub fn workbook(rows: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Name").expect("cell");
    sheet.write_string(0, 1, "Email").expect("cell");
    for i in 1..=rows {
        sheet
            .write_string(i, 0, format!("Guest Nummer {i}"))
            .expect("cell");
        sheet
            .write_string(i, 1, format!("guest{i}@example.org"))
            .expect("cell");
    }
    book.save_to_buffer().expect("xlsx")
}
