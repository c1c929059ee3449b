//! Guest lists from spreadsheets and CSV files.
//!
//! [`read_guest_list`] takes the bytes of an uploaded file and its name, and
//! returns the valid guests and every bad row ([`GuestList`]), or a file-level
//! [`ImportError`] (wrapped in [`Error::Import`]) that tells the organiser what
//! to do.
//!
//! - **Formats**: `.xlsx .xlsm .xls .xlsb .ods` through calamine, `.csv` (also
//!   `.txt`, `.tsv`) through the `csv` crate. The extension picks the reader;
//!   the first bytes are checked (a zip or Compound File is read as what it is,
//!   text named `.xlsx` is refused with advice).
//! - **Header**: the first sheet (or [`ImportOptions::sheet`]) with a row of
//!   recognisable titles among its first 50 non-empty rows; titles compare
//!   without case, spaces, punctuation or invisible characters
//!   (`E-mail address` = `email address`). See [`ColumnNames`] to name unusual
//!   titles.
//! - **Rows**: trimmed, invisible characters removed, line breaks in names
//!   turned into spaces, blank rows skipped, addresses checked (one per cell,
//!   `mailto:` dropped, internationalised domains in their ASCII form),
//!   duplicates inside the file reported on the later row. Row numbers are the
//!   ones a spreadsheet program shows (1-based, header included; for CSV one
//!   row per record, even when a quoted field spans lines).
//! - **Optional columns**: a salutation; a party size (`Persons`, `Guests`,
//!   `Personen`, …: a whole number from 1 to [`crate::party::MAX_PERSONS`],
//!   blank for 1) or, when there is none, companions (`+1`, `Begleitung`, …:
//!   0 to 999 more, or yes/no); a note for the door (`Notes`, `Bemerkung`,
//!   …; at most [`MAX_NOTE_CHARS`] characters). See [`ColumnNames`] for the
//!   titles; a value out of its range makes a bad row.
//! - **Hostile files**: a size cap, a row cap, a cap on the uncompressed size
//!   of zip-based formats (zip bombs), a cap on the cell area of formats that
//!   are read into dense ranges, and cell streaming for `.xlsx`/`.xlsb`, so
//!   memory follows the content and not the extent a file claims. Readers run
//!   under `catch_unwind`: malformed input ends in an error, never a panic.
//!
//! ```
//! use ticketcore::import::{read_guest_list, ImportOptions};
//! let csv = "Name;E-Mail;Persons\nAnna Berg;anna@example.org;4\nBen;ben(at)example.org;\n";
//! let list = read_guest_list(csv.as_bytes(), "guests.csv", &ImportOptions::default())?;
//! assert_eq!(list.guests.len(), 1);
//! assert_eq!(list.guests[0].guest.persons, 4);
//! assert_eq!(list.problems[0].row, 3);
//! # Ok::<_, ticketcore::Error>(())
//! ```

mod clean;
mod columns;
mod csv;
pub(crate) mod email;
mod error;
mod format;
mod limits;
pub(crate) mod reader;
mod rows;
mod sheet;
mod table;

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

pub use error::ImportError;
pub use rows::{MAX_GUEST_NAME_CHARS, MAX_NOTE_CHARS, MAX_SALUTATION_CHARS};

use crate::error::Error;
use crate::message::Message;
use crate::model::NewGuest;
use columns::HeaderSpec;
use format::Format;
use sheet::WorkbookOutcome;
use table::{Collector, SheetOutcome};

/// Default for [`ImportOptions::max_bytes`]: 20 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Default for [`ImportOptions::max_rows`]: 200,000 guest rows.
pub const DEFAULT_MAX_ROWS: usize = 200_000;
/// Default for [`ImportOptions::max_uncompressed_bytes`]: 200 MiB.
pub const DEFAULT_MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
/// Default for [`ImportOptions::max_cells`]: 3,000,000 cells.
pub const DEFAULT_MAX_CELLS: u64 = 3_000_000;

/// How a guest list is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import the valid rows even when some rows are bad (checked by
    /// [`GuestList::to_import`]; reading always reports every row).
    pub skip_invalid: bool,
    /// Only report what would be imported; for the caller (reading never writes).
    pub dry_run: bool,
    /// Largest file accepted, in bytes (default [`DEFAULT_MAX_BYTES`], 20 MiB).
    pub max_bytes: u64,
    /// Most guest rows accepted below the header (default [`DEFAULT_MAX_ROWS`]).
    pub max_rows: usize,
    /// Largest declared uncompressed size of a zip-based workbook (`.xlsx`,
    /// `.xlsm`, `.xlsb`, `.ods`), in bytes, all parts together (default
    /// [`DEFAULT_MAX_UNCOMPRESSED_BYTES`], 200 MiB).
    pub max_uncompressed_bytes: u64,
    /// Largest cell area of the formats that calamine reads into dense ranges
    /// (`.xls`, `.ods`; the area between a sheet's first and last used cell,
    /// summed over sheets). Roughly 60 bytes of memory per cell
    /// (default [`DEFAULT_MAX_CELLS`]).
    pub max_cells: u64,
    /// Column titles chosen by the caller for unusual headers.
    pub columns: ColumnNames,
    /// Read this sheet (by name; case and surrounding spaces ignored when no
    /// exact match). Default: the first sheet that has a header row.
    pub sheet: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            skip_invalid: false,
            dry_run: false,
            max_bytes: DEFAULT_MAX_BYTES,
            max_rows: DEFAULT_MAX_ROWS,
            max_uncompressed_bytes: DEFAULT_MAX_UNCOMPRESSED_BYTES,
            max_cells: DEFAULT_MAX_CELLS,
            columns: ColumnNames::default(),
            sheet: None,
        }
    }
}

/// Column titles named by the caller. Each given title replaces the built-in
/// variants for its field and is compared like them (case, spaces and
/// punctuation ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnNames {
    /// Title of the full-name column (built in: `Name`, `Full name`, `Guest`, …).
    pub name: Option<String>,
    /// Title of the first-name column (built in: `First name`, `Given name`, `Vorname`, …).
    pub first_name: Option<String>,
    /// Title of the last-name column (built in: `Last name`, `Surname`, `Nachname`, …).
    pub last_name: Option<String>,
    /// Title of the email column (built in: `Email`, `E-mail`, `Email address`, `Mail`, …).
    pub email: Option<String>,
    /// Title of the optional salutation column (built in: `Salutation`, `Title`, `Anrede`).
    pub salutation: Option<String>,
    /// Title of the optional party-size column: how many people the guest's
    /// ticket admits (built in: `Persons`, `Party size`, `Guests`, `Pax`,
    /// `Personen`, `Personnes`, `Personas`, …). Built in too, and used only
    /// when no party-size column is found: a companions column (`+1`,
    /// `Plus one`, `Begleitung`, `Acompañantes`, …), where `2` or `yes`
    /// means companions besides the guest. A given title replaces both
    /// lists, and counts companions when it is one of their titles.
    pub persons: Option<String>,
    /// Title of the optional note column, shown at the door (built in:
    /// `Note`, `Notes`, `Remarks`, `Comment`, `Bemerkung`, `Remarque`, …).
    pub note: Option<String>,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The row number a spreadsheet program shows (1-based, header included).
    /// For CSV the record's row: a quoted field spanning lines is one row.
    pub row: u32,
    /// The guest's name as read from the row (first and last name joined;
    /// at most 80 characters; empty when the row has none), so the
    /// organiser knows whose row it is.
    pub name: String,
    /// What is wrong, as a sentence for the organiser in English (several
    /// problems of one row are joined with "; "): [`RowProblem::messages`]
    /// written in English.
    pub problem: String,
    /// What is wrong, one [`Message`] per problem of the row, to be written
    /// in the organiser's language ([`RowProblem::text`]). Not serialised:
    /// JSON carries [`RowProblem::problem`].
    #[serde(skip)]
    pub messages: Vec<Message>,
}

impl RowProblem {
    /// What is wrong, written in `lang`: the [`RowProblem::messages`]
    /// joined with "; " (in English, [`RowProblem::problem`]).
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        self.messages
            .iter()
            .map(|m| m.text(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A valid guest and the row it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestRow {
    /// The row number a spreadsheet program shows (see [`RowProblem::row`]).
    pub row: u32,
    /// The cleaned guest.
    pub guest: NewGuest,
}

/// What a guest list file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestList {
    /// The valid rows, in file order.
    pub guests: Vec<GuestRow>,
    /// Every bad row, sorted by row.
    pub problems: Vec<RowProblem>,
    /// Good rows whose address already has a ticket of the event (see
    /// [`check_existing`]): an updated list's guests who are there already.
    pub already: Vec<GuestRow>,
    /// The sheet that was read (`None` for CSV).
    pub sheet: Option<String>,
    /// The 1-based row of the header.
    pub header_row: u32,
}

impl GuestList {
    /// Whether every row is valid.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The guests to import under the given rule: every valid guest when
    /// `skip_invalid` is set or no row is bad.
    ///
    /// # Errors
    /// [`Error::Import`] with [`ImportError::BadRows`] (all problems) when a
    /// strict import meets a bad row.
    pub fn to_import(&self, skip_invalid: bool) -> Result<Vec<NewGuest>, Error> {
        if !skip_invalid && !self.problems.is_empty() {
            return Err(Error::Import(ImportError::BadRows {
                problems: self.problems.clone(),
            }));
        }
        Ok(self.guests.iter().map(|g| g.guest.clone()).collect())
    }
}

/// Parses a guest list from the bytes of a file; the format comes from the
/// file name's extension (`.xlsx .xlsm .xls .xlsb .ods .csv`, also `.txt` and
/// `.tsv` as CSV) with a check of the content's first bytes.
///
/// Rows with problems do not make this fail: they are listed in
/// [`GuestList::problems`].
///
/// # Errors
/// [`Error::Import`] with an [`ImportError`] when the file as a whole cannot be
/// used: empty, too large, wrong or unknown format, damaged, password-protected,
/// a zip bomb, a sheet spanning too many cells, more than
/// [`ImportOptions::max_rows`] rows, no header row, no guests below the header,
/// an unknown text encoding.
pub fn read_guest_list(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<GuestList, Error> {
    read(Cow::Borrowed(bytes), file_name, options).map_err(Error::Import)
}

/// As [`read_guest_list`], taking the bytes: a CSV file in UTF-8 becomes its
/// own text without a copy, so a large list is not held twice while it is
/// read.
///
/// # Errors
/// As [`read_guest_list`].
pub fn read_guest_list_owned(
    bytes: Vec<u8>,
    file_name: &str,
    options: &ImportOptions,
) -> Result<GuestList, Error> {
    read(Cow::Owned(bytes), file_name, options).map_err(Error::Import)
}

fn read(
    bytes: Cow<'_, [u8]>,
    file_name: &str,
    options: &ImportOptions,
) -> Result<GuestList, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let size = bytes.len() as u64;
    if size > options.max_bytes {
        return Err(ImportError::TooLarge {
            size,
            max: options.max_bytes,
        });
    }
    let format = format::detect(&bytes, file_name)?;
    let spec = HeaderSpec::new(&options.columns);
    let (sheet, header, guests, problems) = match format {
        Format::Csv => {
            let text = csv::decode_owned(bytes.into_owned())?;
            // Lines bound the rows (a quoted field may span several).
            let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
            let mut collector = Collector::streaming(&spec, options.max_rows, lines);
            csv::read(&text, &spec, &mut collector)?;
            drop(text);
            match collector.finish() {
                SheetOutcome::Built(header, guests, problems) => (None, header, guests, problems),
                SheetOutcome::Found(header, rows) => {
                    let (guests, problems) = rows::build(rows, &header);
                    (None, header, guests, problems)
                }
                SheetOutcome::NoHeader => return Err(no_header(&spec, &[])),
            }
        }
        Format::Xlsx | Format::Xlsb | Format::Ods | Format::Xls => {
            match format {
                Format::Xls => limits::check_xls(&bytes, options.max_cells)?,
                _ => limits::check_zip(&bytes, format.name(), options.max_uncompressed_bytes)?,
            }
            match format {
                Format::Xlsx => limits::check_shared_strings(&bytes)?,
                Format::Ods => limits::check_ods(&bytes, options.max_cells)?,
                _ => {}
            }
            match sheet::read_workbook(&bytes, format, options, &spec)? {
                WorkbookOutcome::Found(found) => {
                    let (guests, problems) = rows::build(found.rows, &found.header);
                    (Some(found.name), found.header, guests, problems)
                }
                WorkbookOutcome::NoHeader(names) => return Err(no_header(&spec, &names)),
            }
        }
    };
    if guests.is_empty() && problems.is_empty() {
        return Err(ImportError::NoGuests {
            header_row: header.row,
        });
    }
    Ok(GuestList {
        guests,
        problems,
        already: Vec::new(),
        sheet,
        header_row: header.row,
    })
}

fn no_header(spec: &HeaderSpec, sheets: &[String]) -> ImportError {
    let (email, name, first, last) = spec.looked_for();
    let where_ = match sheets {
        [] => None,
        [one] => Some(Box::new(crate::msg!("import-where-sheet", sheet = one))),
        many => Some(Box::new(crate::msg!(
            "import-where-sheets",
            sheets = many
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    };
    ImportError::NoHeader {
        where_,
        email,
        name,
        first,
        last,
    }
}

/// Moves rows whose email (compared without case) is already a guest of the
/// event (`existing`: the event's email addresses) from
/// [`GuestList::guests`] to [`GuestList::already`]: an updated guest list
/// adds only its new guests, and those already there are neither imported
/// again nor a problem.
pub fn check_existing(list: &mut GuestList, existing: &[String]) {
    if existing.is_empty() {
        return;
    }
    let known: HashSet<String> = existing.iter().map(|e| e.trim().to_lowercase()).collect();
    let mut kept = Vec::with_capacity(list.guests.len());
    for g in std::mem::take(&mut list.guests) {
        if known.contains(&g.guest.email.to_lowercase()) {
            list.already.push(g);
        } else {
            kept.push(g);
        }
    }
    list.guests = kept;
}
