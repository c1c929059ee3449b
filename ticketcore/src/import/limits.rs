//! Size guards that run before a workbook reader allocates anything.
//!
//! - zip-based formats: the central directory's declared sizes (the zip reader
//!   refuses to inflate past them), the compression ratio of each entry, the
//!   number of entries, and the shared-string count an `.xlsx` claims;
//! - `.ods`: calamine builds dense ranges of every sheet while opening the
//!   file, so `content.xml` is pre-scanned (streaming) for the area it spans;
//! - `.xls`: calamine reserves the declared dimension and builds dense ranges
//!   of every sheet while opening, so the BIFF records are pre-scanned for the
//!   declared and the used area.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::error::ImportError;

/// Most entries a workbook archive may have.
const MAX_ZIP_ENTRIES: u64 = 10_000;
/// Entries larger than this must not compress better than [`MAX_RATIO`].
const RATIO_CHECK_FROM: u64 = 10 * 1024 * 1024;
/// Compression ratio above which a large entry is taken for a zip bomb.
const MAX_RATIO: u64 = 500;
/// Most shared strings an `.xlsx` may announce.
const MAX_SHARED_STRINGS: u64 = 10_000_000;
/// calamine's grid limits.
const MAX_SHEET_ROWS: u64 = 1_048_576;
const MAX_SHEET_COLS: u64 = 16_384;

fn damaged(format: &'static str, detail: impl Into<String>) -> ImportError {
    ImportError::Damaged {
        format,
        detail: detail.into(),
    }
}

/// Reads the entry count from the end-of-central-directory record, if found.
fn eocd_entries(bytes: &[u8]) -> Option<u64> {
    let tail_start = bytes.len().saturating_sub(65_557);
    let tail = bytes.get(tail_start..)?;
    let pos = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let rec = tail.get(pos..pos + 22)?;
    let total = u16::from_le_bytes([*rec.get(10)?, *rec.get(11)?]);
    Some(u64::from(total))
}

/// Checks a zip-based workbook before any entry is inflated.
///
/// # Errors
/// [`ImportError::UncompressedTooLarge`] when the declared uncompressed total
/// exceeds `max_uncompressed` or a large entry is compressed beyond any normal
/// ratio; [`ImportError::Damaged`] when the archive cannot be read or has
/// absurdly many entries.
pub(crate) fn check_zip(
    bytes: &[u8],
    format: &'static str,
    max_uncompressed: u64,
) -> Result<(), ImportError> {
    if eocd_entries(bytes).is_some_and(|n| n > MAX_ZIP_ENTRIES && n != 0xFFFF) {
        return Err(damaged(format, "the archive has too many parts"));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format, format!("zip: {e}")))?;
    if archive.len() as u64 > MAX_ZIP_ENTRIES {
        return Err(damaged(format, "the archive has too many parts"));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| damaged(format, format!("zip: {e}")))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > max_uncompressed || total > max_uncompressed {
            return Err(ImportError::UncompressedTooLarge {
                uncompressed: total.max(size),
                max: max_uncompressed,
            });
        }
        if size > RATIO_CHECK_FROM && size / packed > MAX_RATIO {
            return Err(ImportError::UncompressedTooLarge {
                uncompressed: size,
                max: max_uncompressed,
            });
        }
    }
    Ok(())
}

/// Checks the count of shared strings an `.xlsx` announces (calamine reserves
/// room for that many strings up front).
///
/// # Errors
/// [`ImportError::Damaged`] when the count is impossible for the part's size.
pub(crate) fn check_shared_strings(bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    for name in names {
        let Ok(entry) = archive.by_name(&name) else {
            continue;
        };
        let size = entry.size();
        let mut head = Vec::new();
        // The count sits in the root element, within the first few hundred bytes.
        if entry.take(4096).read_to_end(&mut head).is_err() {
            return Err(damaged("xlsx", "the shared strings cannot be read"));
        }
        let text = String::from_utf8_lossy(&head);
        for attr in ["uniqueCount=\"", "uniqueCount='"] {
            if let Some(pos) = text.find(attr) {
                let digits: String = text
                    .get(pos + attr.len()..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let n: u64 = digits.parse().unwrap_or(u64::MAX);
                // Every string item takes at least `<si/>` (5 bytes).
                if n > MAX_SHARED_STRINGS || n > size / 5 + 16 {
                    return Err(damaged(
                        "xlsx",
                        format!("the shared string table claims {digits} strings"),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn too_large(sheet: &str, rows: u64, columns: u64, max_cells: u64) -> ImportError {
    ImportError::SheetTooLarge {
        sheet: sheet.to_string(),
        rows,
        columns,
        max_cells,
    }
}

fn attr_u64(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    let a = e.try_get_attribute(name).ok()??;
    a.value.trim().parse::<u64>().ok()
}

/// Per-sheet tally of the ODS pre-scan.
#[derive(Default)]
struct OdsSheet {
    name: String,
    /// Rows so far (with repeats), capped like calamine.
    rows: u64,
    first_row: Option<u64>,
    last_row: u64,
    min_col: u64,
    max_col: u64,
    /// Cells calamine pushes while reading rows (before it builds the range).
    raw_cells: u64,
}

/// Pre-scans an `.ods` `content.xml` and refuses sheets whose dense ranges
/// would exceed `max_cells` cells (summed over all sheets, as calamine holds
/// them all at once).
///
/// # Errors
/// [`ImportError::SheetTooLarge`] naming the first sheet over the limit,
/// [`ImportError::Damaged`] for unreadable XML.
pub(crate) fn check_ods(bytes: &[u8], max_cells: u64) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged("ods", format!("zip: {e}")))?;
    let Ok(content) = archive.by_name("content.xml") else {
        return Err(damaged("ods", "content.xml is missing"));
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    reader.config_mut().check_end_names = false;
    // `<table:table-row/>` then arrives as Start + End, like calamine reads it.
    reader.config_mut().expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    let mut sheet: Option<OdsSheet> = None;
    let mut total: u64 = 0;
    // State of the current row.
    let mut in_row = false;
    let mut row_repeat: u64 = 1;
    let mut col: u64 = 0;
    let mut row_first_col: Option<u64> = None;
    let mut row_end: u64 = 0;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged("ods", format!("content.xml: {e}")))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    sheet = Some(OdsSheet {
                        name,
                        min_col: u64::MAX,
                        ..OdsSheet::default()
                    });
                }
                "table:table-row" => {
                    in_row = true;
                    row_repeat = attr_u64(&e, "table:number-rows-repeated")
                        .unwrap_or(1)
                        .max(1);
                    col = 0;
                    row_first_col = None;
                    row_end = 0;
                }
                "table:table-cell" | "table:covered-table-cell" if in_row => {
                    let repeat = attr_u64(&e, "table:number-columns-repeated")
                        .unwrap_or(1)
                        .max(1);
                    let has_value = [
                        "office:value",
                        "office:string-value",
                        "office:date-value",
                        "office:time-value",
                        "office:boolean-value",
                        "table:formula",
                    ]
                    .iter()
                    .any(|a| e.try_get_attribute(a).ok().flatten().is_some())
                        || e.try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some_and(|a| a.value.as_ref() == "string");
                    let start = col.min(MAX_SHEET_COLS);
                    col = col.saturating_add(repeat).min(MAX_SHEET_COLS);
                    if has_value && col > start {
                        row_first_col.get_or_insert(start);
                        row_end = col;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    in_row = false;
                    if let Some(s) = sheet.as_mut() {
                        let repeat = row_repeat.min(MAX_SHEET_ROWS.saturating_sub(s.rows));
                        s.raw_cells = s.raw_cells.saturating_add(row_end);
                        if let Some(first) = row_first_col {
                            s.first_row.get_or_insert(s.rows);
                            s.last_row = s.rows.saturating_add(repeat.saturating_sub(1));
                            s.min_col = s.min_col.min(first);
                            s.max_col = s.max_col.max(row_end);
                        }
                        s.rows = s.rows.saturating_add(repeat);
                        let sheet_cells = s.raw_cells.saturating_add(dense_area(s));
                        if total.saturating_add(sheet_cells) > max_cells {
                            return Err(too_large(&s.name, span_rows(s), span_cols(s), max_cells));
                        }
                    }
                }
                "table:table" => {
                    if let Some(s) = sheet.take() {
                        total = total
                            .saturating_add(s.raw_cells)
                            .saturating_add(dense_area(&s));
                        if total > max_cells {
                            return Err(too_large(
                                &s.name,
                                span_rows(&s),
                                span_cols(&s),
                                max_cells,
                            ));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

fn span_rows(s: &OdsSheet) -> u64 {
    s.first_row
        .map_or(0, |f| s.last_row.saturating_sub(f).saturating_add(1))
}

fn span_cols(s: &OdsSheet) -> u64 {
    if s.first_row.is_some() {
        s.max_col.saturating_sub(s.min_col)
    } else {
        0
    }
}

fn dense_area(s: &OdsSheet) -> u64 {
    span_rows(s).saturating_mul(span_cols(s))
}

/// Pre-scans an `.xls` (Compound File) workbook.
///
/// # Errors
/// [`ImportError::PasswordProtected`] for an encrypted workbook (an
/// `EncryptedPackage` stream or a BIFF `FilePass` record),
/// [`ImportError::SheetTooLarge`] when a sheet's declared or used area exceeds
/// `max_cells`, [`ImportError::Damaged`] when the container or the records are
/// malformed in ways the reader cannot survive.
pub(crate) fn check_xls(bytes: &[u8], max_cells: u64) -> Result<(), ImportError> {
    let mut cfb = cfb::OpenOptions::new()
        .open_with(Cursor::new(bytes))
        .map_err(|e| damaged("xls", format!("container: {e}")))?;
    if cfb.exists("/EncryptedPackage") || cfb.exists("/EncryptionInfo") {
        return Err(ImportError::PasswordProtected);
    }
    let path = if cfb.is_stream("/Workbook") {
        "/Workbook"
    } else if cfb.is_stream("/Book") {
        "/Book"
    } else {
        return Err(damaged("xls", "no workbook stream"));
    };
    let mut stream = Vec::new();
    cfb.open_stream(path)
        .and_then(|s| s.take(bytes.len() as u64).read_to_end(&mut stream))
        .map_err(|e| damaged("xls", format!("workbook stream: {e}")))?;
    scan_biff(&stream, max_cells)
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// Iterates BIFF records `(type, data)` from `pos`.
fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = pos;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// Bounding box of cell positions.
#[derive(Default)]
struct BBox(Option<(u32, u32, u32, u32)>, u64);

impl BBox {
    fn add(&mut self, row: u32, col: u32) {
        self.1 += 1;
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }
    fn rows(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, _, _)| u64::from(r1 - r0) + 1)
    }
    fn cols(&self) -> u64 {
        self.0.map_or(0, |(_, _, c0, c1)| u64::from(c1 - c0) + 1)
    }
    fn area(&self) -> u64 {
        self.rows().saturating_mul(self.cols())
    }
}

fn scan_biff(stream: &[u8], max_cells: u64) -> Result<(), ImportError> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x002F if u16_at(data, 0).is_some_and(|v| v != 0) => {
                return Err(ImportError::PasswordProtected);
            }
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(u32::MAX) as usize;
                let name =
                    biff_sheet_name(data).unwrap_or_else(|| format!("#{}", sheets.len() + 1));
                if pos >= stream.len() {
                    return Err(damaged(
                        "xls",
                        format!("sheet \"{name}\" points outside the file"),
                    ));
                }
                sheets.push((pos, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for (pos, name) in sheets {
        let mut values = BBox::default();
        let mut formulas = BBox::default();
        let mut declared: u64 = 0;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, d) in records(stream, pos) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let rc = || -> Option<(u32, u32)> {
                Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)))
            };
            match typ {
                0x0809 => {
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match d.len() {
                        10 => (
                            u32::from(u16_at(d, 0).unwrap_or(0)),
                            u32::from(u16_at(d, 2).unwrap_or(0)),
                            u32::from(u16_at(d, 4).unwrap_or(0)),
                            u32::from(u16_at(d, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0),
                            u32_at(d, 4).unwrap_or(0),
                            u32::from(u16_at(d, 8).unwrap_or(0)),
                            u32::from(u16_at(d, 10).unwrap_or(0)),
                        ),
                        _ => return Err(damaged("xls", "bad sheet dimensions record")),
                    };
                    if 0xFF < cf || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        if rl <= rf || cl <= cf {
                            return Err(damaged(
                                "xls",
                                format!("sheet \"{name}\" has impossible dimensions"),
                            ));
                        }
                        let rows = u64::from(rl - rf);
                        let cols = u64::from(cl - cf);
                        declared = rows.saturating_mul(cols);
                        if declared > max_cells {
                            return Err(too_large(&name, rows, cols, max_cells));
                        }
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let Some((r, c)) = rc() {
                        values.add(r, c);
                    }
                }
                0x0006 => {
                    if let Some((r, c)) = rc() {
                        values.add(r, c);
                        formulas.add(r, c);
                    }
                }
                0x00BD => {
                    let (Some((r, c0)), Some(c1)) =
                        (rc(), d.len().checked_sub(2).and_then(|at| u16_at(d, at)))
                    else {
                        return Err(damaged("xls", "bad number record"));
                    };
                    let c1 = u32::from(c1);
                    if c1 < c0 {
                        return Err(damaged("xls", "bad number record"));
                    }
                    values.add(r, c0);
                    values.add(r, c1);
                }
                0x000A => break,
                _ => {}
            }
        }
        let sheet_cells = declared
            .saturating_add(values.1)
            .saturating_add(values.area())
            .saturating_add(formulas.1)
            .saturating_add(formulas.area());
        if values.area() > max_cells || formulas.area() > max_cells {
            let b = if values.area() >= formulas.area() {
                &values
            } else {
                &formulas
            };
            return Err(too_large(&name, b.rows(), b.cols(), max_cells));
        }
        total = total.saturating_add(sheet_cells);
        if total > max_cells.saturating_mul(2) {
            return Err(too_large(&name, values.rows(), values.cols(), max_cells));
        }
    }
    Ok(())
}

/// The name in a BIFF8 `BoundSheet8` record (best effort, for messages).
fn biff_sheet_name(d: &[u8]) -> Option<String> {
    let cch = usize::from(*d.get(6)?);
    let high = *d.get(7)? & 1 == 1;
    if high {
        let units: Vec<u16> = (0..cch).filter_map(|i| u16_at(d, 8 + 2 * i)).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        let raw = d.get(8..8 + cch)?;
        Some(raw.iter().map(|&b| char::from(b)).collect())
    }
}
