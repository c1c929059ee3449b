//! File-level import errors: the whole file cannot be read as a guest list.
//!
//! Every message is written for the organiser who uploaded the file: it says
//! what is wrong and what to do about it. Problems of single rows are not
//! errors but [`RowProblem`](super::RowProblem)s.

use super::RowProblem;

/// Why a file cannot be imported as a guest list at all.
///
/// The `Display` text is meant to be shown to the person who uploaded the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file has no content.
    #[error("the file is empty; choose the guest list file again")]
    Empty,

    /// The file is larger than [`ImportOptions::max_bytes`](super::ImportOptions::max_bytes).
    #[error(
        "the file is too large ({size} bytes; at most {max} bytes are accepted); \
         delete unused sheets, pictures and columns, or save it as CSV"
    )]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },

    /// The file name has an extension the importer does not read and its
    /// content is not recognised either.
    #[error(
        "files of type \"{extension}\" cannot be imported; \
         use an Excel workbook (.xlsx, .xlsm, .xls, .xlsb), a LibreOffice sheet (.ods) or CSV (.csv)"
    )]
    UnsupportedFormat {
        /// The extension of the file name (lower case, without the dot; empty if none).
        extension: String,
    },

    /// The file is named like a workbook but holds plain text (usually CSV).
    #[error(
        "the file is named \"{file_name}\" but is really a text (CSV) file, not a workbook; \
         rename it to end in .csv, or open it in Excel and save it as \"Excel Workbook (.xlsx)\""
    )]
    TextNamedAsWorkbook {
        /// The file name as given.
        file_name: String,
    },

    /// The content is neither a workbook nor text.
    #[error(
        "the file \"{file_name}\" is not a spreadsheet or CSV file (its content is not recognised); \
         open the guest list in Excel or LibreOffice and save it as .xlsx or as \"CSV UTF-8\""
    )]
    NotASpreadsheet {
        /// The file name as given.
        file_name: String,
    },

    /// The workbook is damaged or incomplete (for example cut off during upload).
    #[error(
        "the {format} workbook could not be read; it may be damaged or incomplete ({detail}); \
         open it in Excel or LibreOffice, save it again and upload the new copy"
    )]
    Damaged {
        /// The format that was read (`"xlsx"`, `"xls"`, …).
        format: &'static str,
        /// A short technical hint (for support), e.g. the reader's message.
        detail: String,
    },

    /// The workbook is encrypted with a password.
    #[error(
        "this workbook is password-protected; open it, remove the password \
         (Excel: File > Info > Protect Workbook > Encrypt with Password, clear the box) \
         and save an unprotected copy, or save it as CSV"
    )]
    PasswordProtected,

    /// A zip-based workbook declares more uncompressed content than allowed,
    /// or compresses so well that it can only be a "zip bomb".
    #[error(
        "the workbook unpacks to {uncompressed} bytes (at most {max} are accepted) \
         or is compressed suspiciously well; it cannot be a normal guest list. \
         Save the guest list as a new, small workbook or as CSV"
    )]
    UncompressedTooLarge {
        /// The declared uncompressed size in bytes (of the whole archive or of the
        /// suspicious entry).
        uncompressed: u64,
        /// The limit in bytes.
        max: u64,
    },

    /// A sheet's cells spread over a larger area than the importer handles in this
    /// format, so reading it would need too much memory.
    #[error(
        "sheet \"{sheet}\" spans {rows} rows × {columns} columns, which is too large to read \
         (at most {max_cells} cells); delete the unused rows and columns far from the guest list \
         (or copy the list to a new sheet), or save the file as .xlsx or CSV"
    )]
    SheetTooLarge {
        /// Name of the sheet.
        sheet: String,
        /// Rows in the sheet's used area.
        rows: u64,
        /// Columns in the sheet's used area.
        columns: u64,
        /// The cell limit.
        max_cells: u64,
    },

    /// More guest rows than [`ImportOptions::max_rows`](super::ImportOptions::max_rows).
    #[error(
        "the guest list has more than {max} rows; at most {max} guests can be imported at once, \
         split the list into several files"
    )]
    TooManyRows {
        /// The row limit.
        max: usize,
    },

    /// No sheet has a row with recognisable column titles.
    #[error(
        "no header row found{where_}: the guest list needs a row of column titles with an email column \
         ({email}) and a name column ({name}) or first and last name columns ({first} / {last}); \
         add such a title row above the guests, or name the columns in the import options"
    )]
    NoHeader {
        /// Where was searched, e.g. ` in sheets "Sheet1", "Notes"` (may be empty).
        where_: String,
        /// The email titles looked for.
        email: String,
        /// The full-name titles looked for.
        name: String,
        /// The first-name titles looked for.
        first: String,
        /// The last-name titles looked for.
        last: String,
    },

    /// A header row was found but no guest rows below it.
    #[error("the guest list has column titles (row {header_row}) but no guests below them")]
    NoGuests {
        /// The 1-based row of the header.
        header_row: u32,
    },

    /// The sheet named in [`ImportOptions::sheet`](super::ImportOptions::sheet) does not exist.
    #[error("the workbook has no sheet named \"{name}\"; its sheets are: {available}")]
    SheetNotFound {
        /// The requested name.
        name: String,
        /// The sheet names of the workbook, quoted and comma-separated.
        available: String,
    },

    /// A text file whose character encoding cannot be determined.
    #[error(
        "the characters of this CSV file cannot be read reliably (unknown text encoding); \
         save the file as CSV UTF-8 in Excel: File > Save As > \"CSV UTF-8 (comma delimited)\" \
         (LibreOffice: File > Save As > Text CSV, character set \"Unicode (UTF-8)\")"
    )]
    UnknownEncoding,

    /// A CSV file could not be parsed.
    #[error("the CSV file could not be read near row {row}: {detail}; save it again as CSV UTF-8")]
    BadCsv {
        /// The row (record) near which reading failed.
        row: u32,
        /// What went wrong.
        detail: String,
    },

    /// A strict import found bad rows (see [`GuestList::to_import`](super::GuestList::to_import)).
    #[error(
        "{} row(s) of the guest list have problems (first: row {}: {}); fix them and import again, \
         or import only the valid rows",
        .problems.len(),
        .problems.first().map_or(0, |p| p.row),
        .problems.first().map_or("", |p| p.problem.as_str())
    )]
    BadRows {
        /// Every bad row, sorted by row.
        problems: Vec<RowProblem>,
    },
}
