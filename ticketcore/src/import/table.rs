//! Collecting one sheet's cells as they stream in: first look for the header
//! row among the first rows, then keep only the cells of the guest columns.
//!
//! Memory follows content: before the header only a bounded number of rows is
//! buffered, after it only the (at most five) guest columns of each row.

use std::collections::BTreeMap;

use super::columns::{Field, Header, HeaderSpec};
use super::error::ImportError;

/// How many non-empty rows above the header are searched (title rows, notes).
pub(crate) const HEADER_SEARCH_ROWS: usize = 50;

/// The value of one non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text (also dates and booleans, as text).
    Text(String),
    /// A number, already formatted (`4711`, not `4711.0`).
    Number(String),
    /// An error value shown in the cell (`#N/A`).
    Error(String),
    /// A formula whose result was never saved in the file.
    NoCachedResult,
}

impl Value {
    /// The cell as text, for header matching.
    pub(crate) fn as_text(&self) -> &str {
        match self {
            Value::Text(s) | Value::Number(s) | Value::Error(s) => s,
            Value::NoCachedResult => "",
        }
    }
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
    /// The email cell is empty because a merged cell of an earlier row covers it.
    pub email_merged: bool,
}

/// What a finished sheet yielded.
pub(crate) enum SheetOutcome {
    /// A header and the data rows below it, by 1-based row number.
    Found(Header, BTreeMap<u32, RawRow>),
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

enum State {
    Searching {
        row: Option<u32>,
        cells: Vec<(u32, String)>,
        rows_seen: usize,
    },
    Found(Header, BTreeMap<u32, RawRow>),
    GaveUp,
}

/// Receives the cells of one sheet (1-based row, 0-based column), in row order
/// as far as the format allows.
pub(crate) struct Collector<'a> {
    spec: &'a HeaderSpec,
    max_rows: usize,
    state: State,
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
        }
    }

    /// Feeds one non-empty cell.
    ///
    /// # Errors
    /// [`ImportError::TooManyRows`] past the row cap.
    pub(crate) fn push(&mut self, row: u32, col: u32, value: Value) -> Result<Flow, ImportError> {
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
                            self.state = State::Found(header, BTreeMap::new());
                            return self.push(row, col, value);
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
                if cells.len() < 1024 {
                    let text = value.as_text();
                    if text.chars().count() <= 200 {
                        cells.push((col, text.to_string()));
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
                // Cells stream in row order: the row is nearly always the last one.
                let entry = match rows.last_entry() {
                    Some(last) if *last.key() == row => last.into_mut(),
                    _ => {
                        if !rows.contains_key(&row) && rows.len() >= self.max_rows {
                            return Err(ImportError::TooManyRows { max: self.max_rows });
                        }
                        rows.entry(row).or_default()
                    }
                };
                let slot = match field {
                    Field::Name => &mut entry.name,
                    Field::First => &mut entry.first,
                    Field::Last => &mut entry.last,
                    Field::Email => &mut entry.email,
                    Field::Salutation => &mut entry.salutation,
                };
                *slot = Some(value);
                Ok(Flow::Continue)
            }
        }
    }

    /// Ends the sheet.
    pub(crate) fn finish(self) -> SheetOutcome {
        match self.state {
            State::Found(header, rows) => SheetOutcome::Found(header, rows),
            State::Searching {
                row: Some(row),
                cells,
                ..
            } => match self.spec.match_row(row, &as_refs(&cells)) {
                Some(header) => SheetOutcome::Found(header, BTreeMap::new()),
                None => SheetOutcome::NoHeader,
            },
            State::Searching { row: None, .. } | State::GaveUp => SheetOutcome::NoHeader,
        }
    }
}

fn as_refs(cells: &[(u32, String)]) -> Vec<(u32, &str)> {
    cells.iter().map(|(c, s)| (*c, s.as_str())).collect()
}
