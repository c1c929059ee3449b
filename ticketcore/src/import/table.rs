//! Collecting one sheet's cells as they stream in: first look for the header
//! row among the first rows, then keep only the cells of the guest columns.
//!
//! Memory follows content: before the header only a bounded number of rows is
//! buffered, after it only the (at most seven) guest columns of each row.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::clean::clean_text;
use super::columns::{Field, Header, HeaderSpec, MAX_HEADER_CELLS, MAX_TITLE_CHARS};
use super::error::ImportError;
use super::rows::Builder;
use super::{GuestRow, RowProblem};

/// How many non-empty rows above the header are searched (title rows, notes).
pub(crate) const HEADER_SEARCH_ROWS: usize = 50;

/// One non-empty cell as a reader hands it over, borrowed where it can be:
/// only the cells of guest columns are turned into owned [`Value`]s.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Text (also dates and booleans, as text).
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
    /// A number.
    Float(f64),
    /// An error value shown in the cell (`#N/A`).
    Error(String),
    /// A formula whose result was never saved in the file.
    NoCachedResult,
}

impl Cell<'_> {
    /// The cell as text, for header matching.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Float(f) => Cow::Owned(format_number(*f)),
            Cell::Error(e) => Cow::Borrowed(e),
            Cell::NoCachedResult => Cow::Borrowed(""),
        }
    }

    /// The value kept for a guest field: names, salutations, party sizes and
    /// notes already cleaned ([`clean_text`]), an email cell's text as
    /// written (its check reports what the organiser typed); numbers as a
    /// spreadsheet shows them (`3`, not `3.0`).
    fn into_value(self, field: Field) -> Value {
        match self {
            Cell::Text(s) if field == Field::Email => Value::Text(s.into_owned()),
            Cell::Text(s) => Value::Text(clean_text(&s)),
            Cell::Int(i) => Value::Number(i.to_string()),
            Cell::Float(f) => Value::Number(format_number(f)),
            Cell::Error(e) => Value::Error(e),
            Cell::NoCachedResult => Value::NoCachedResult,
        }
    }
}

/// The value of one guest-column cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text (also dates and booleans, as text); in every column but the
    /// email already cleaned.
    Text(String),
    /// A number, already formatted (`4711`, not `4711.0`).
    Number(String),
    /// An error value shown in the cell (`#N/A`).
    Error(String),
    /// A formula whose result was never saved in the file.
    NoCachedResult,
}

/// Formats a number as a spreadsheet shows it in a general cell: whole
/// numbers without a fraction.
pub(crate) fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let i = f as i64;
        i.to_string()
    } else {
        f.to_string()
    }
}

/// The guest fields of one data row.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawRow {
    /// Full name cell.
    pub name: Option<Value>,
    /// First name cell.
    pub first: Option<Value>,
    /// Last name cell.
    pub last: Option<Value>,
    /// Email cell.
    pub email: Option<Value>,
    /// Salutation cell.
    pub salutation: Option<Value>,
    /// Party-size (or companions) cell.
    pub persons: Option<Value>,
    /// Note cell.
    pub note: Option<Value>,
    /// Language cell.
    pub language: Option<Value>,
    /// The email cell is empty because a merged cell of an earlier row covers it.
    pub email_merged: bool,
}

impl RawRow {
    /// The cell of `field`.
    fn slot(&mut self, field: Field) -> &mut Option<Value> {
        match field {
            Field::Name => &mut self.name,
            Field::First => &mut self.first,
            Field::Last => &mut self.last,
            Field::Email => &mut self.email,
            Field::Salutation => &mut self.salutation,
            Field::Persons => &mut self.persons,
            Field::Note => &mut self.note,
            Field::Language => &mut self.language,
        }
    }
}

/// The data rows of a sheet below its header, sorted by 1-based row number.
pub(crate) type SheetRows = Vec<(u32, RawRow)>;

/// What a finished sheet yielded.
pub(crate) enum SheetOutcome {
    /// A header and the data rows below it.
    Found(Header, SheetRows),
    /// A header and the guests and problems of the rows below it (a
    /// [`Collector::streaming`] sheet).
    Built(Header, Vec<GuestRow>, Vec<RowProblem>),
    /// No header row among the first rows.
    NoHeader,
}

/// Whether the reader should go on feeding cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Keep going.
    Continue,
    /// The sheet has no header among its first rows: stop reading it.
    Stop,
}

/// The data rows while cells stream in. Spreadsheet programs write cells in
/// row order, so rows are appended to a vector; a file whose cells come out
/// of order (hand-made or hostile) puts the late rows in a map, which keeps
/// such files at O(log n) per cell instead of shifting the vector.
#[derive(Default)]
struct Rows {
    /// Rows in arrival order, row numbers strictly increasing.
    ordered: Vec<(u32, RawRow)>,
    /// Rows that arrived after a later row and are not in `ordered`.
    late: BTreeMap<u32, RawRow>,
}

impl Rows {
    /// The row's fields, added when new.
    ///
    /// # Errors
    /// [`ImportError::TooManyRows`] when a new row would pass `max_rows`.
    fn entry(&mut self, row: u32, max_rows: usize) -> Result<&mut RawRow, ImportError> {
        let n = self.ordered.len();
        let last = self.ordered.last().map(|(r, _)| *r);
        let at = match last {
            Some(l) if l == row => Ok(n - 1),
            Some(l) if row < l => self.ordered.binary_search_by_key(&row, |(r, _)| *r),
            _ => Err(n),
        };
        if let Ok(i) = at {
            return Ok(&mut self.ordered[i].1);
        }
        let late = at != Err(n);
        if !(late && self.late.contains_key(&row)) && n + self.late.len() >= max_rows {
            return Err(ImportError::TooManyRows { max: max_rows });
        }
        if late {
            return Ok(self.late.entry(row).or_default());
        }
        self.ordered.push((row, RawRow::default()));
        Ok(&mut self.ordered[n].1)
    }

    /// Every row, sorted by row number.
    fn into_sorted(self) -> SheetRows {
        if self.late.is_empty() {
            return self.ordered;
        }
        let mut out = Vec::with_capacity(self.ordered.len() + self.late.len());
        let mut late = self.late.into_iter().peekable();
        for (row, raw) in self.ordered {
            while let Some(l) = late.next_if(|(r, _)| *r < row) {
                out.push(l);
            }
            out.push((row, raw));
        }
        out.extend(late);
        out
    }
}

/// The rows of a [`Collector::streaming`] sheet: each row is validated once
/// the next one starts.
struct Stream {
    /// The row being filled.
    current: Option<(u32, RawRow)>,
    /// Data rows started.
    rows: usize,
    built: Builder,
}

enum State {
    Searching {
        row: Option<u32>,
        cells: Vec<(u32, String)>,
        rows_seen: usize,
    },
    Found(Header, Rows),
    Streaming(Header, Box<Stream>),
    GaveUp,
}

/// Receives the cells of one sheet (1-based row, 0-based column), in row order
/// as far as the format allows.
pub(crate) struct Collector<'a> {
    spec: &'a HeaderSpec,
    max_rows: usize,
    state: State,
    /// For [`Collector::streaming`]: room for this many rows.
    stream_rows: Option<usize>,
}

impl<'a> Collector<'a> {
    /// A collector that searches for `spec`'s titles and accepts at most
    /// `max_rows` data rows.
    pub(crate) fn new(spec: &'a HeaderSpec, max_rows: usize) -> Self {
        Collector {
            spec,
            max_rows,
            state: State::Searching {
                row: None,
                cells: Vec::new(),
                rows_seen: 0,
            },
            stream_rows: None,
        }
    }

    /// As [`Collector::new`], for a format whose cells come in row order
    /// (CSV): each data row is validated as soon as the next one starts,
    /// instead of all rows being held until the end (a 1,000,000-row list
    /// held about 170 MB of raw rows). `expected_rows` (at most `max_rows`
    /// is used) sizes the guest list up front. [`Collector::finish`] then
    /// answers [`SheetOutcome::Built`].
    pub(crate) fn streaming(spec: &'a HeaderSpec, max_rows: usize, expected_rows: usize) -> Self {
        Collector {
            stream_rows: Some(expected_rows.min(max_rows)),
            ..Collector::new(spec, max_rows)
        }
    }

    /// Feeds one non-empty cell.
    ///
    /// # Errors
    /// [`ImportError::TooManyRows`] past the row cap.
    pub(crate) fn push(&mut self, row: u32, col: u32, cell: Cell<'_>) -> Result<Flow, ImportError> {
        match &mut self.state {
            State::GaveUp => Ok(Flow::Stop),
            State::Searching {
                row: current,
                cells,
                rows_seen,
            } => {
                if *current != Some(row) {
                    if let Some(done) = *current {
                        if let Some(header) = self.spec.match_row(done, &as_refs(cells)) {
                            self.state = match self.stream_rows {
                                Some(n) => {
                                    let built = Builder::new(n, &header);
                                    State::Streaming(
                                        header,
                                        Box::new(Stream {
                                            current: None,
                                            rows: 0,
                                            built,
                                        }),
                                    )
                                }
                                None => State::Found(header, Rows::default()),
                            };
                            return self.push(row, col, cell);
                        }
                        *rows_seen += 1;
                        if *rows_seen >= HEADER_SEARCH_ROWS {
                            self.state = State::GaveUp;
                            return Ok(Flow::Stop);
                        }
                    }
                    *current = Some(row);
                    cells.clear();
                }
                // Very wide title rows are not headers worth keeping whole.
                if cells.len() < MAX_HEADER_CELLS {
                    let text = cell.text();
                    if text.chars().count() <= MAX_TITLE_CHARS {
                        cells.push((col, text.into_owned()));
                    }
                }
                Ok(Flow::Continue)
            }
            State::Found(header, rows) => {
                if row <= header.row {
                    return Ok(Flow::Continue);
                }
                let Some(field) = header.field(col) else {
                    return Ok(Flow::Continue);
                };
                *rows.entry(row, self.max_rows)?.slot(field) = Some(cell.into_value(field));
                Ok(Flow::Continue)
            }
            State::Streaming(header, stream) => {
                if row <= header.row {
                    return Ok(Flow::Continue);
                }
                let Some(field) = header.field(col) else {
                    return Ok(Flow::Continue);
                };
                if stream.current.as_ref().is_none_or(|(r, _)| *r != row) {
                    if let Some((done, mut raw)) = stream.current.take() {
                        stream.built.push(done, &mut raw);
                    }
                    if stream.rows >= self.max_rows {
                        return Err(ImportError::TooManyRows { max: self.max_rows });
                    }
                    stream.rows += 1;
                    stream.current = Some((row, RawRow::default()));
                }
                if let Some((_, entry)) = stream.current.as_mut() {
                    *entry.slot(field) = Some(cell.into_value(field));
                }
                Ok(Flow::Continue)
            }
        }
    }

    /// Ends the sheet.
    pub(crate) fn finish(self) -> SheetOutcome {
        match self.state {
            State::Found(header, rows) => SheetOutcome::Found(header, rows.into_sorted()),
            State::Streaming(header, stream) => {
                let Stream {
                    current, mut built, ..
                } = *stream;
                if let Some((row, mut raw)) = current {
                    built.push(row, &mut raw);
                }
                let (guests, problems) = built.finish();
                SheetOutcome::Built(header, guests, problems)
            }
            State::Searching {
                row: Some(row),
                cells,
                ..
            } => match self.spec.match_row(row, &as_refs(&cells)) {
                Some(header) if self.stream_rows.is_some() => {
                    SheetOutcome::Built(header, Vec::new(), Vec::new())
                }
                Some(header) => SheetOutcome::Found(header, Vec::new()),
                None => SheetOutcome::NoHeader,
            },
            State::Searching { row: None, .. } | State::GaveUp => SheetOutcome::NoHeader,
        }
    }
}

fn as_refs(cells: &[(u32, String)]) -> Vec<(u32, &str)> {
    cells.iter().map(|(c, s)| (*c, s.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(rows: &mut Rows, row: u32, max: usize) -> Result<(), ImportError> {
        rows.entry(row, max)?.name = Some(Value::Text(row.to_string()));
        Ok(())
    }

    #[test]
    fn rows_out_of_order_are_merged_in_order() {
        let mut rows = Rows::default();
        for r in [2, 3, 7, 5, 3, 9, 1, 7, 8, 4] {
            named(&mut rows, r, 100).expect("under the cap");
        }
        let sorted = rows.into_sorted();
        let numbers: Vec<u32> = sorted.iter().map(|(r, _)| *r).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 7, 8, 9]);
        for (r, raw) in &sorted {
            assert_eq!(raw.name, Some(Value::Text(r.to_string())));
        }
    }

    #[test]
    fn row_cap_counts_distinct_rows() {
        let mut rows = Rows::default();
        for r in [5, 6, 2, 6, 5, 2] {
            named(&mut rows, r, 3).expect("three distinct rows");
        }
        assert!(matches!(
            named(&mut rows, 1, 3),
            Err(ImportError::TooManyRows { max: 3 })
        ));
        assert!(matches!(
            named(&mut rows, 7, 3),
            Err(ImportError::TooManyRows { max: 3 })
        ));
    }
}

#[cfg(test)]
mod streaming_tests {
    use proptest::prelude::*;

    use super::super::csv;
    use super::super::rows;
    use super::*;
    use crate::import::ImportOptions;

    /// What reading a CSV gave: the guests and problems, or the error.
    type Read = Result<Option<(Vec<GuestRow>, Vec<RowProblem>)>, String>;

    /// A CSV read both ways: every row held then validated, and validated
    /// as it is read.
    fn both_ways(text: &str, max_rows: usize) -> (Read, Read) {
        let options = ImportOptions::default();
        let spec = HeaderSpec::new(&options.columns);
        let held = {
            let mut c = Collector::new(&spec, max_rows);
            csv::read(text, &spec, &mut c)
                .map(|()| match c.finish() {
                    SheetOutcome::Found(header, rows) => Some(rows::build(rows, &header)),
                    SheetOutcome::Built(..) | SheetOutcome::NoHeader => None,
                })
                .map_err(|e| e.to_string())
        };
        let streamed = {
            let mut c = Collector::streaming(&spec, max_rows, 4);
            csv::read(text, &spec, &mut c)
                .map(|()| match c.finish() {
                    SheetOutcome::Built(_, guests, problems) => Some((guests, problems)),
                    SheetOutcome::Found(..) | SheetOutcome::NoHeader => None,
                })
                .map_err(|e| e.to_string())
        };
        (held, streamed)
    }

    #[test]
    fn streamed_rows_are_validated_as_held_rows() {
        let text = "Title of the list\n\nName,Email,Salutation,Pax,Notes\n\
                    Ada,ada@example.org,Dear Ada,2,\"VIP,\n  back door\"\n\n\
                    \"Bob, Jr.\",BOB@example.org,,0,\nAda Again,ada@EXAMPLE.org,,,\n,,,5,\n\
                    \"Multi\nLine\",multi@example.org,,3.0,\nNo Mail,,,,\nCara,cara@example,,,\n";
        let (held, streamed) = both_ways(text, 100);
        assert!(held.as_ref().is_ok_and(Option::is_some), "{held:?}");
        assert_eq!(held, streamed);
        let Ok(Some((guests, problems))) = &held else {
            unreachable!("checked above")
        };
        let ada = &guests[0].guest;
        assert_eq!(
            (ada.persons, ada.note.as_deref()),
            (2, Some("VIP, back door"))
        );
        assert_eq!(guests[1].guest.persons, 3, "{guests:?}");
        let rows: Vec<u32> = problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, [6, 7, 10, 11], "{problems:?}");
        assert!(
            problems[0].problem.contains("column \"Pax\""),
            "{problems:?}"
        );
        // The cap counts the same rows.
        assert_eq!(both_ways(text, 3).0, both_ways(text, 3).1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any CSV from pieces that matter (blank cells and rows, quotes,
        /// line breaks inside quotes, repeated and bad addresses, party
        /// sizes, companions and notes good and bad) gives the same guests
        /// and problems both ways, and the same error.
        #[test]
        fn streaming_matches_holding(
            header in prop_oneof![
                Just("Name,Email,Extra,More"),
                Just("Name,Email,Persons,Note"),
                Just("Name,Email,+1,Remarks"),
                Just("Name,Email,Begleitung,Gäste"),
            ],
            rows in proptest::collection::vec(
                (
                    prop_oneof![Just(""), Just("Ada"), Just("\"Bo, B\""), Just("\"Li\nne\""), Just(" ")],
                    prop_oneof![Just(""), Just("a@example.org"), Just("A@EXAMPLE.ORG"), Just("b@example.org"), Just("bad"), Just("\"c@example.org\"")],
                    prop_oneof![Just(""), Just("3"), Just(" 3 "), Just("3.0"), Just("0"), Just("yes"), Just("nein"), Just("2.5"), Just("1001")],
                    prop_oneof![Just(""), Just("VIP"), Just("\"a,\nb\""), Just("\u{200B} "), Just("1"), Just("LONG")],
                ),
                0..12,
            ),
            max_rows in 1usize..8,
        ) {
            let mut text = format!("{header}\n");
            for (name, email, party, note) in &rows {
                // A note one character too long.
                let note = if *note == "LONG" { "x".repeat(201) } else { (*note).to_string() };
                text.push_str(&format!("{name},{email},{party},{note}\n"));
            }
            let (held, streamed) = both_ways(&text, max_rows);
            prop_assert_eq!(held, streamed);
        }
    }
}
