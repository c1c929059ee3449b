//! File-level import errors: the whole file cannot be read as a guest list.
//!
//! Every message is written for the organiser who uploaded the file: it says
//! what is wrong and what to do about it. Problems of single rows are not
//! errors but [`RowProblem`](super::RowProblem)s.

use super::RowProblem;
use crate::message::Message;
use crate::msg;

/// Why a file cannot be imported as a guest list at all.
///
/// The `Display` text ([`ImportError::message`] in English) is meant to be
/// shown to the person who uploaded the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file has no content.
    Empty,

    /// The file is larger than [`ImportOptions::max_bytes`](super::ImportOptions::max_bytes).
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },

    /// The file name has an extension the importer does not read and its
    /// content is not recognised either.
    UnsupportedFormat {
        /// The extension of the file name (lower case, without the dot; empty if none).
        extension: String,
    },

    /// The file is named like a workbook but holds plain text (usually CSV).
    TextNamedAsWorkbook {
        /// The file name as given.
        file_name: String,
    },

    /// The content is neither a workbook nor text.
    NotASpreadsheet {
        /// The file name as given.
        file_name: String,
    },

    /// The workbook is damaged or incomplete (for example cut off during upload).
    Damaged {
        /// The format that was read (`"xlsx"`, `"xls"`, …).
        format: &'static str,
        /// A short technical hint (for support), e.g. the reader's message;
        /// in English, not translated.
        detail: String,
    },

    /// The workbook is encrypted with a password.
    PasswordProtected,

    /// A zip-based workbook declares more uncompressed content than allowed,
    /// or compresses so well that it can only be a "zip bomb".
    UncompressedTooLarge {
        /// The declared uncompressed size in bytes (of the whole archive or of the
        /// suspicious entry).
        uncompressed: u64,
        /// The limit in bytes.
        max: u64,
    },

    /// A sheet's cells spread over a larger area than the importer handles in this
    /// format, so reading it would need too much memory.
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
    TooManyRows {
        /// The row limit.
        max: usize,
    },

    /// No sheet has a row with recognisable column titles.
    NoHeader {
        /// Where was searched, e.g. `in sheets "Sheet1", "Notes"`
        /// (`import-where-sheet`, `import-where-sheets`); `None` for a CSV
        /// file.
        where_: Option<Box<Message>>,
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
    NoGuests {
        /// The 1-based row of the header.
        header_row: u32,
    },

    /// The sheet named in [`ImportOptions::sheet`](super::ImportOptions::sheet) does not exist.
    SheetNotFound {
        /// The requested name.
        name: String,
        /// The sheet names of the workbook, quoted and comma-separated.
        available: String,
    },

    /// A text file whose character encoding cannot be determined.
    UnknownEncoding,

    /// A CSV file could not be parsed.
    BadCsv {
        /// The row (record) near which reading failed.
        row: u32,
        /// What went wrong (the CSV reader's message, in English).
        detail: String,
    },

    /// A strict import found bad rows (see [`GuestList::to_import`](super::GuestList::to_import)).
    BadRows {
        /// Every bad row, sorted by row.
        problems: Vec<RowProblem>,
    },
}

impl ImportError {
    /// What is wrong and what to do, as a sentence for the organiser (see
    /// [`crate::message`]); [`Display`](std::fmt::Display) writes it in
    /// English.
    pub fn message(&self) -> Message {
        match self {
            ImportError::Empty => msg!("import-empty"),
            ImportError::TooLarge { size, max } => {
                msg!("import-too-large", size = *size, max = *max)
            }
            ImportError::UnsupportedFormat { extension } => {
                msg!("import-unsupported-format", extension = extension)
            }
            ImportError::TextNamedAsWorkbook { file_name } => {
                msg!("import-text-named-as-workbook", file_name = file_name)
            }
            ImportError::NotASpreadsheet { file_name } => {
                msg!("import-not-a-spreadsheet", file_name = file_name)
            }
            ImportError::Damaged { format, detail } => {
                msg!("import-damaged", format = *format, detail = detail)
            }
            ImportError::PasswordProtected => msg!("import-password-protected"),
            ImportError::UncompressedTooLarge { uncompressed, max } => msg!(
                "import-uncompressed-too-large",
                uncompressed = *uncompressed,
                max = *max
            ),
            ImportError::SheetTooLarge {
                sheet,
                rows,
                columns,
                max_cells,
            } => msg!(
                "import-sheet-too-large",
                sheet = sheet,
                rows = *rows,
                columns = *columns,
                max_cells = *max_cells
            ),
            ImportError::TooManyRows { max } => msg!("import-too-many-rows", max = *max),
            ImportError::NoHeader {
                where_,
                email,
                name,
                first,
                last,
            } => match where_ {
                None => msg!(
                    "import-no-header",
                    email = email,
                    name = name,
                    first = first,
                    last = last
                ),
                Some(place) => msg!(
                    "import-no-header-in",
                    place = Message::clone(place),
                    email = email,
                    name = name,
                    first = first,
                    last = last
                ),
            },
            ImportError::NoGuests { header_row } => {
                msg!("import-no-guests", header_row = *header_row)
            }
            ImportError::SheetNotFound { name, available } => {
                msg!("import-sheet-not-found", name = name, available = available)
            }
            ImportError::UnknownEncoding => msg!("import-unknown-encoding"),
            ImportError::BadCsv { row, detail } => {
                msg!("import-bad-csv", row = *row, detail = detail)
            }
            ImportError::BadRows { problems } => {
                let first = problems.first();
                msg!(
                    "import-bad-rows",
                    count = problems.len(),
                    first_row = first.map_or(0, |p| p.row),
                    first_problem = first.map_or_else(Vec::new, |p| p.messages.clone())
                )
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.message(), f)
    }
}
