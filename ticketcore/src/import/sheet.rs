//! Workbooks through calamine: `.xlsx`/`.xlsm` and `.xlsb` are streamed cell
//! by cell; `.xls` and `.ods` (whose readers build dense ranges while opening)
//! are read after the pre-scans in [`super::limits`] have bounded their size.
//!
//! Row numbers are the sheet's own (1-based): calamine positions are absolute
//! for streamed cells, and a range's cells are offset by `range.start()`.

use std::borrow::Cow;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};

use super::ImportOptions;
use super::columns::{Header, HeaderSpec};
use super::error::ImportError;
use super::format::Format;
use super::table::{Cell, Collector, Flow, SheetOutcome, SheetRows};

/// A sheet whose header was found: its name, header and data rows.
pub(crate) struct FoundSheet {
    /// Sheet name.
    pub name: String,
    /// The header.
    pub header: Header,
    /// Data rows, sorted by 1-based row number.
    pub rows: SheetRows,
}

/// Runs a calamine call, turning a panic inside the reader into a
/// [`ImportError::Damaged`] (a malformed file must never take the process down).
fn guarded<T>(
    format: Format,
    f: impl FnOnce() -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(ImportError::Damaged {
            format: format.name(),
            detail: "the reader stopped on malformed content".into(),
        })
    })
}

fn reader_error(format: Format, e: &dyn std::fmt::Display) -> ImportError {
    let detail = e.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        return ImportError::PasswordProtected;
    }
    let detail: String = detail.chars().take(200).collect();
    ImportError::Damaged {
        format: format.name(),
        detail,
    }
}

fn from_ref<'a>(v: &DataRef<'a>) -> Option<Cell<'a>> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(Cow::Owned(s.clone()))
        }
        DataRef::SharedString(s) => Cell::Text(Cow::Borrowed(s)),
        DataRef::Bool(b) => Cell::Text(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        DataRef::DateTime(d) => Cell::Text(Cow::Owned(d.to_string())),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

fn from_data(v: &Data) -> Option<Cell<'_>> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Cell::Text(Cow::Borrowed(s))
        }
        Data::Bool(b) => Cell::Text(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(d) => Cell::Text(Cow::Owned(d.to_string())),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

/// The sheets to try, in order: the requested one, or all.
fn candidates(names: Vec<String>, wanted: Option<&str>) -> Result<Vec<String>, ImportError> {
    let Some(wanted) = wanted else {
        return Ok(names);
    };
    let norm = |s: &str| s.trim().to_lowercase();
    if let Some(exact) = names.iter().find(|n| n.as_str() == wanted) {
        return Ok(vec![exact.clone()]);
    }
    if let Some(close) = names.iter().find(|n| norm(n) == norm(wanted)) {
        return Ok(vec![close.clone()]);
    }
    Err(ImportError::SheetNotFound {
        name: wanted.to_string(),
        available: names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Result of trying every candidate sheet.
pub(crate) enum WorkbookOutcome {
    /// The first sheet with a header.
    Found(FoundSheet),
    /// No sheet had a header; the names of the sheets searched.
    NoHeader(Vec<String>),
}

/// Reads a workbook (after the format's size guards have passed).
///
/// # Errors
/// [`ImportError::Damaged`], [`ImportError::PasswordProtected`],
/// [`ImportError::SheetNotFound`], [`ImportError::TooManyRows`].
pub(crate) fn read_workbook(
    bytes: &[u8],
    format: Format,
    options: &ImportOptions,
    spec: &HeaderSpec,
) -> Result<WorkbookOutcome, ImportError> {
    guarded(format, || match format {
        Format::Xlsx => read_xlsx(bytes, options, spec),
        Format::Xlsb => read_xlsb(bytes, options, spec),
        Format::Xls => {
            let wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| reader_error(format, &e))?;
            read_ranges(wb, format, options, spec)
        }
        Format::Ods => {
            let wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| reader_error(format, &e))?;
            read_ranges(wb, format, options, spec)
        }
        Format::Csv => Err(ImportError::Damaged {
            format: "csv",
            detail: "not a workbook".into(),
        }),
    })
}

fn read_xlsx(
    bytes: &[u8],
    options: &ImportOptions,
    spec: &HeaderSpec,
) -> Result<WorkbookOutcome, ImportError> {
    let format = Format::Xlsx;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| reader_error(format, &e))?;
    let names = candidates(wb.sheet_names(), options.sheet.as_deref())?;
    for name in &names {
        let mut collector = Collector::new(spec, options.max_rows);
        {
            let mut cells = match wb.worksheet_cells_reader(name) {
                Ok(c) => c,
                // Chart sheets and dialog sheets have no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(reader_error(format, &e)),
            };
            while let Some(cell) = cells
                .next_cell_with_formula_metadata()
                .map_err(|e| reader_error(format, &e))?
            {
                let value = match from_ref(&cell.value) {
                    Some(v) => v,
                    None if cell.formula.is_some() => Cell::NoCachedResult,
                    None => continue,
                };
                let (row, col) = cell.pos;
                if collector.push(row.saturating_add(1), col, value)? == Flow::Stop {
                    break;
                }
            }
        }
        if let SheetOutcome::Found(header, mut rows) = collector.finish() {
            // A merged email cell belongs to its top row only: say so on the rows
            // below. Finding merged cells reads the sheet's XML a second time, so
            // it is done only when some row has no address of its own.
            let missing_email = rows.iter().any(|(_, r)| r.email.is_none());
            if missing_email && let Ok(merged) = wb.merge_cells_by_sheet_name(name) {
                mark_merged_email(&header, &mut rows, &merged);
            }
            return Ok(WorkbookOutcome::Found(FoundSheet {
                name: name.clone(),
                header,
                rows,
            }));
        }
    }
    Ok(WorkbookOutcome::NoHeader(names))
}

/// Flags rows whose (empty) email cell is covered by a vertically merged cell
/// that starts on an earlier row.
fn mark_merged_email(header: &Header, rows: &mut SheetRows, merged: &[calamine::Dimensions]) {
    for d in merged {
        let (r0, c0) = d.start;
        let (r1, c1) = d.end;
        if header.email < c0 || header.email > c1 || r1 <= r0 {
            continue;
        }
        // 0-based r0 is the top row; rows r0+1..=r1 are covered (1-based r0+2..=r1+1).
        let first = r0.saturating_add(2);
        let last = r1.saturating_add(1);
        let from = rows.partition_point(|(r, _)| *r < first);
        for (_, row) in rows[from..].iter_mut().take_while(|(r, _)| *r <= last) {
            if row.email.is_none() {
                row.email_merged = true;
            }
        }
    }
}

fn read_xlsb(
    bytes: &[u8],
    options: &ImportOptions,
    spec: &HeaderSpec,
) -> Result<WorkbookOutcome, ImportError> {
    let format = Format::Xlsb;
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| reader_error(format, &e))?;
    let names = candidates(wb.sheet_names(), options.sheet.as_deref())?;
    for name in &names {
        let mut collector = Collector::new(spec, options.max_rows);
        {
            let Ok(mut cells) = wb.worksheet_cells_reader(name) else {
                continue;
            };
            while let Some(cell) = cells.next_cell().map_err(|e| reader_error(format, &e))? {
                let Some(value) = from_ref(cell.get_value()) else {
                    continue;
                };
                let (row, col) = cell.get_position();
                if collector.push(row.saturating_add(1), col, value)? == Flow::Stop {
                    break;
                }
            }
        }
        if let SheetOutcome::Found(header, rows) = collector.finish() {
            return Ok(WorkbookOutcome::Found(FoundSheet {
                name: name.clone(),
                header,
                rows,
            }));
        }
    }
    Ok(WorkbookOutcome::NoHeader(names))
}

fn read_ranges<'b, R>(
    mut wb: R,
    format: Format,
    options: &ImportOptions,
    spec: &HeaderSpec,
) -> Result<WorkbookOutcome, ImportError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    let names = candidates(wb.sheet_names(), options.sheet.as_deref())?;
    for name in &names {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| reader_error(format, &e))?;
        let mut cells: Vec<(u32, u32, Cell<'_>)> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (r, c, v) in range.used_cells() {
                if let Some(v) = from_data(v) {
                    cells.push((offset(r0, r).saturating_add(1), offset(c0, c), v));
                }
            }
        }
        // A formula cell without a saved result has an empty value.
        if let Ok(formulas) = wb.worksheet_formula(name)
            && let Some((f0, g0)) = formulas.start()
        {
            for (r, c, text) in formulas.used_cells() {
                let pos = (offset(f0, r), offset(g0, c));
                let has_value = range
                    .get_value(pos)
                    .is_some_and(|v| !matches!(v, Data::Empty));
                if !text.is_empty() && !has_value {
                    cells.push((pos.0.saturating_add(1), pos.1, Cell::NoCachedResult));
                }
            }
        }
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut collector = Collector::new(spec, options.max_rows);
        for (row, col, value) in cells {
            if collector.push(row, col, value)? == Flow::Stop {
                break;
            }
        }
        if let SheetOutcome::Found(header, rows) = collector.finish() {
            return Ok(WorkbookOutcome::Found(FoundSheet {
                name: name.clone(),
                header,
                rows,
            }));
        }
    }
    Ok(WorkbookOutcome::NoHeader(names))
}

/// `start + index` as a sheet coordinate (saturating).
fn offset(start: u32, index: usize) -> u32 {
    start.saturating_add(u32::try_from(index).unwrap_or(u32::MAX))
}
