//! CSV as spreadsheet programs write it: the text encoding (UTF-8 with or
//! without BOM, UTF-16 with BOM, Windows-1252), the separator (comma,
//! semicolon or tab, sniffed) and quoted fields with separators and line
//! breaks inside.
//!
//! Row numbers are those a spreadsheet program shows when it opens the file:
//! one row per record (a record spanning several lines is one row), empty
//! lines counted as rows.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::columns::HeaderSpec;
use super::error::ImportError;
use super::table::{Cell, Collector, Flow, HEADER_SEARCH_ROWS};

/// Most columns of a record that are looked at.
const MAX_FIELDS: usize = 16_384;

/// Decodes the bytes of a text file.
///
/// # Errors
/// [`ImportError::UnknownEncoding`] when the encoding cannot be determined
/// with confidence.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8(rest.to_vec()).map_err(|_| ImportError::UnknownEncoding)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)?
    } else if let Some(little_endian) = bomless_utf16(bytes) {
        utf16(bytes, little_endian)?
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        windows_1252(bytes)?
    };
    tidy(text)
}

/// As [`decode`], taking the bytes: UTF-8 text (the usual case) becomes the
/// text without a copy.
///
/// # Errors
/// As [`decode`].
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<String, ImportError> {
    // UTF-16 without a byte-order mark can be valid UTF-8 (ASCII and NULs).
    if bomless_utf16(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // As `decode`: the byte-order mark, then (in `tidy`) one more.
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            tidy(text)
        }
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decoded text without its byte-order mark, refused with NULs inside, with
/// old Mac line ends (CR alone) turned into LF.
fn tidy(mut text: String) -> Result<String, ImportError> {
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    if text.contains('\0') {
        return Err(ImportError::UnknownEncoding);
    }
    // Old Mac files end lines with CR alone.
    if text.contains('\r') && !text.contains('\n') {
        return Ok(text.replace('\r', "\n"));
    }
    Ok(text)
}

fn utf16(bytes: &[u8], little_endian: bool) -> Result<String, ImportError> {
    let enc = if little_endian { UTF_16LE } else { UTF_16BE };
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
        .ok_or(ImportError::UnknownEncoding)
}

/// UTF-16 without a byte-order mark: many NUL bytes, all on the same side.
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    if head.len() < 4 || !head.contains(&0) {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 3 && even * 10 < pairs {
        Some(true)
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

/// Windows-1252, Excel's "CSV" on Western European Windows, when it is
/// plausible: no byte that Windows-1252 leaves undefined, and the non-ASCII
/// bytes mostly single accented letters between ASCII ones (text in Cyrillic,
/// Greek or East Asian code pages has runs of them).
fn windows_1252(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes
        .iter()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return Err(ImportError::UnknownEncoding);
    }
    // Western names have an accented letter here and there (`Zoë Ñúñez`);
    // other code pages write whole words in bytes above 0x7F.
    let mut high = 0usize;
    let mut in_long_runs = 0usize;
    for run in bytes.split(|b| *b < 0x80) {
        high += run.len();
        if run.len() >= 3 {
            in_long_runs += run.len();
        }
    }
    if high >= 8 && in_long_runs * 2 > high {
        return Err(ImportError::UnknownEncoding);
    }
    let (text, _, had_errors) = WINDOWS_1252.decode(bytes);
    if had_errors {
        return Err(ImportError::UnknownEncoding);
    }
    Ok(text.into_owned())
}

fn reader(text: &str, sep: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes())
}

/// Picks the separator under which a header row appears (the one giving the
/// header the most columns); `None` when no separator yields a header.
fn sniff(text: &str, spec: &HeaderSpec) -> Option<u8> {
    let mut best: Option<(usize, u8)> = None;
    for sep in [b',', b';', b'\t', b'|'] {
        let mut rdr = reader(text, sep);
        for (i, rec) in rdr.records().enumerate() {
            if i >= HEADER_SEARCH_ROWS {
                break;
            }
            let Ok(rec) = rec else { break };
            let cells: Vec<(u32, &str)> = rec
                .iter()
                .take(MAX_FIELDS)
                .enumerate()
                .filter(|(_, f)| !f.trim().is_empty())
                .map(|(c, f)| (u32::try_from(c).unwrap_or(u32::MAX), f))
                .collect();
            if spec.match_row(1, &cells).is_some() {
                if best.is_none_or(|(n, _)| rec.len() > n) {
                    best = Some((rec.len(), sep));
                }
                break;
            }
        }
    }
    best.map(|(_, sep)| sep)
}

/// Reads CSV text into `collector`.
///
/// # Errors
/// [`ImportError::BadCsv`] when the text cannot be split into records,
/// [`ImportError::TooManyRows`] past the row cap.
pub(crate) fn read(
    text: &str,
    spec: &HeaderSpec,
    collector: &mut Collector<'_>,
) -> Result<(), ImportError> {
    let sep = sniff(text, spec).unwrap_or(b',');
    let mut rdr = reader(text, sep);
    let bytes = text.as_bytes();
    // Line breaks seen up to `scanned` (outside and inside quotes), and the
    // breaks inside quoted fields of earlier records: a record's row is the
    // line its content starts on minus those inner breaks.
    let mut scanned = 0usize;
    let mut lines: u64 = 0;
    let mut inner_breaks: u64 = 0;
    let mut record = ::csv::StringRecord::new();
    loop {
        let more = rdr
            .read_record(&mut record)
            .map_err(|e| ImportError::BadCsv {
                row: row_of(lines, inner_breaks),
                detail: e.to_string(),
            })?;
        if !more {
            break;
        }
        // The record's position may point at the end of the previous line's
        // terminator or at skipped empty lines: its content starts after them.
        let mut start = record
            .position()
            .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .max(scanned)
            .min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        lines += bytes
            .get(scanned..start)
            .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count() as u64);
        scanned = start;
        let row = row_of(lines, inner_breaks);
        for (col, field) in record.iter().take(MAX_FIELDS).enumerate() {
            inner_breaks += field.matches('\n').count() as u64;
            if field.trim().is_empty() {
                continue;
            }
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            if collector.push(row, col, Cell::Text(Cow::Borrowed(field)))? == Flow::Stop {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The 1-based row of a record whose content starts after `lines` line breaks.
fn row_of(lines: u64, inner_breaks: u64) -> u32 {
    u32::try_from(lines.saturating_sub(inner_breaks).saturating_add(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_owned_bytes_alike() {
        let samples: [&[u8]; 8] = [
            b"\xEF\xBB\xBFa;b",
            b"J\xFCrgen Wei\xDF",
            b"\xFF\xFEa\0\t\0b\0",
            b"a\0b\0c\0d\0e\0",
            b"\xc8\xe2\xe0\xed \xcf\xe5\xf2\xf0\xee\xe2",
            b"Name,Email\rAda,ada@example.org\r",
            "\u{FEFF}Name;Email\nJ\u{fc}rgen;j@example.org\n".as_bytes(),
            b"a\0b",
        ];
        let twice = "\u{FEFF}\u{FEFF}Name,Email\n".as_bytes();
        assert_eq!(
            decode(twice).map_err(|e| e.to_string()),
            decode_owned(twice.to_vec()).map_err(|e| e.to_string())
        );
        for bytes in samples {
            let borrowed = decode(bytes).map_err(|e| e.to_string());
            let owned = decode_owned(bytes.to_vec()).map_err(|e| e.to_string());
            assert_eq!(borrowed, owned, "{bytes:?}");
        }
    }

    #[test]
    fn decodes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").ok().as_deref(), Some("a;b"));
        assert_eq!(
            decode(b"J\xFCrgen Wei\xDF").ok().as_deref(),
            Some("Jürgen Weiß")
        );
        assert_eq!(decode(b"\xFF\xFEa\0\t\0b\0").ok().as_deref(), Some("a\tb"));
        assert_eq!(decode(b"a\0b\0c\0d\0e\0").ok().as_deref(), Some("abcde"));
        // Cyrillic in Windows-1251 is not Windows-1252.
        assert!(decode(b"\xc8\xe2\xe0\xed \xcf\xe5\xf2\xf0\xee\xe2").is_err());
    }
}
