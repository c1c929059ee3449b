//! Which reader a file needs: from the file name's extension, checked
//! against the first bytes of the content.

use std::io::Cursor;

use super::error::ImportError;

/// The container formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 workbook (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
    /// Delimited text (`.csv`, `.tsv`, `.txt`).
    Csv,
}

impl Format {
    /// Short name used in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
/// Compound File Binary (OLE2): `.xls`, and encrypted OOXML workbooks.
pub(crate) const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The lower-case extension of a file name (without the dot), or "".
pub(crate) fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.trim().to_lowercase(),
        _ => String::new(),
    }
}

/// Whether the bytes look like text: a byte-order mark, or no NUL and few
/// control characters in the first 8 KiB.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return true;
    }
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 100 <= head.len()
}

/// What a zip archive holds, judged by its entry names.
fn zip_kind(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut kind = None;
    for name in archive.file_names() {
        let Ok(name) = name else { continue };
        let lower = name.to_ascii_lowercase();
        if lower == "mimetype" || lower == "content.xml" {
            kind = Some(Format::Ods);
        } else if lower.ends_with("workbook.bin") {
            return Some(Format::Xlsb);
        } else if lower.ends_with("workbook.xml") || lower == "[content_types].xml" {
            kind = kind.or(Some(Format::Xlsx));
        }
    }
    kind
}

/// Decides the reader for `bytes` named `file_name`.
///
/// # Errors
/// [`ImportError::Empty`], [`ImportError::UnsupportedFormat`],
/// [`ImportError::TextNamedAsWorkbook`], [`ImportError::NotASpreadsheet`],
/// [`ImportError::Damaged`] (a truncated archive).
pub(crate) fn detect(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let ext = extension(file_name);
    let by_name = match ext.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" => Some(Format::Xlsx),
        "xlsb" => Some(Format::Xlsb),
        "xls" | "xlt" => Some(Format::Xls),
        "ods" | "ots" => Some(Format::Ods),
        "csv" | "tsv" | "txt" | "tab" => Some(Format::Csv),
        _ => None,
    };
    let is_zip = bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC);
    if is_zip {
        // A zip's own entries say what it is, whatever its name.
        return match zip_kind(bytes) {
            Some(f) => Ok(f),
            None if matches!(by_name, Some(Format::Xlsx | Format::Xlsb | Format::Ods)) => {
                Err(ImportError::Damaged {
                    format: by_name.map_or("zip", Format::name),
                    detail: "the zip archive is incomplete or not a workbook".into(),
                })
            }
            None => Err(ImportError::NotASpreadsheet {
                file_name: file_name.to_string(),
            }),
        };
    }
    if bytes.starts_with(CFB_MAGIC) {
        // Excel 97-2003 workbooks and password-protected workbooks of every Excel version.
        return Ok(Format::Xls);
    }
    match by_name {
        Some(Format::Csv) => {
            if looks_like_text(bytes) {
                Ok(Format::Csv)
            } else {
                Err(ImportError::NotASpreadsheet {
                    file_name: file_name.to_string(),
                })
            }
        }
        Some(_) => {
            if looks_like_text(bytes) {
                Err(ImportError::TextNamedAsWorkbook {
                    file_name: file_name.to_string(),
                })
            } else {
                Err(ImportError::NotASpreadsheet {
                    file_name: file_name.to_string(),
                })
            }
        }
        None if ext.is_empty() && looks_like_text(bytes) => Ok(Format::Csv),
        None => Err(ImportError::UnsupportedFormat { extension: ext }),
    }
}
