//! Turning the raw data rows of a sheet into guests and row problems.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::{DefaultHashBuilder, HashTable};

use super::clean::is_blank;
use super::columns::{Count, Header};
use super::email::check_address;
use super::table::{RawRow, SheetRows, Value};
use super::{GuestRow, RowProblem};
use crate::message::Message;
use crate::model::NewGuest;
use crate::msg;
use crate::party::MAX_PERSONS;

/// Longest guest name accepted, in characters.
pub const MAX_GUEST_NAME_CHARS: usize = 200;
/// Longest salutation accepted, in characters.
pub const MAX_SALUTATION_CHARS: usize = 200;
/// Longest note accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// Most companions in a companions column: the party is the guest and them.
const MAX_COMPANIONS: u32 = MAX_PERSONS - 1;
/// What means one companion in a companions column (in lower case): yes in
/// the languages the titles are read in, `x` and check marks for a ticked
/// box, and a boolean cell (`TRUE`, and `WAHR`/`VRAI`/`VERDADERO` in CSV
/// exports of localised spreadsheets).
const YES: &[&str] = &[
    "yes",
    "y",
    "x",
    "ja",
    "oui",
    "sí",
    "si",
    "sim",
    "true",
    "wahr",
    "vrai",
    "verdadero",
    "✓",
    "✔",
];
/// What means no companion in a companions column (in lower case).
const NO: &[&str] = &[
    "no", "n", "nein", "non", "não", "nao", "false", "falsch", "faux", "falso",
];
/// Longest part of a bad cell quoted in a row problem, in characters.
const MAX_QUOTED_CHARS: usize = 40;

/// Reads a text field (cleaned when it was collected): `Ok(None)` when
/// empty, `Err` with a sentence when the cell cannot be used. `field` is the
/// field's name in sentences (`row-field-…`).
fn text_field(value: Option<Value>, field: fn() -> Message) -> Result<Option<String>, Message> {
    match value {
        None => Ok(None),
        Some(Value::Text(s) | Value::Number(s)) => Ok((!s.is_empty()).then_some(s)),
        Some(Value::Error(e)) => Err(msg!("row-cell-error", field = field(), error = e)),
        Some(Value::NoCachedResult) => Err(msg!("row-cell-no-result", field = field())),
    }
}

/// A whole number as a cell shows it: ASCII digits, optionally with a zero
/// fraction of one or two places (`3.0`, `3,00`: a number written with
/// decimals). `1.000` and `1,000` are no whole number here: three places
/// read as a thousands separator in one language and decimals in another.
fn whole_number(s: &str) -> Option<u32> {
    let int = match s.split_once(['.', ',']) {
        Some((int, frac)) if (1..=2).contains(&frac.len()) && frac.bytes().all(|b| b == b'0') => {
            int
        }
        Some(_) => return None,
        None => s,
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    int.parse().ok()
}

/// A cell's text quoted in a row problem, shortened.
fn quoted(s: &str) -> String {
    let mut q: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if q.len() < s.len() {
        q.push('…');
    }
    format!("\"{q}\"")
}

/// Reads the party column's cell (`column`: how it counts, its title) into
/// the number of people the ticket admits: 1 when there is no column or the
/// cell is blank; `Err` with a sentence when the cell cannot be used.
fn persons_field(value: Option<Value>, column: Option<&(Count, String)>) -> Result<u32, Message> {
    let (Some(value), Some((count, title))) = (value, column) else {
        return Ok(1);
    };
    let s = match value {
        Value::Text(s) | Value::Number(s) => s,
        Value::Error(e) => {
            return Err(msg!("row-party-cell-error", column = title, error = e));
        }
        Value::NoCachedResult => {
            return Err(msg!("row-party-no-result", column = title));
        }
    };
    if s.is_empty() {
        return Ok(1);
    }
    match count {
        Count::Persons => whole_number(&s)
            .filter(|n| (1..=MAX_PERSONS).contains(n))
            .ok_or_else(|| {
                msg!(
                    "row-party-invalid",
                    value = quoted(&s),
                    column = title,
                    max = MAX_PERSONS
                )
            }),
        Count::Companions => {
            let lower = s.to_lowercase();
            if YES.contains(&lower.as_str()) {
                return Ok(2);
            }
            if NO.contains(&lower.as_str()) {
                return Ok(1);
            }
            whole_number(s.strip_prefix('+').unwrap_or(&s))
                .filter(|n| *n <= MAX_COMPANIONS)
                .map(|n| n + 1)
                .ok_or_else(|| {
                    msg!(
                        "row-companions-invalid",
                        value = quoted(&s),
                        column = title,
                        max = MAX_COMPANIONS
                    )
                })
        }
    }
}

/// Validates the rows (in row order) below `header` and returns the guests
/// and the problems.
pub(crate) fn build(mut rows: SheetRows, header: &Header) -> (Vec<GuestRow>, Vec<RowProblem>) {
    let mut builder = Builder::new(rows.len(), header);
    // Rows are large: their fields are taken out in place rather than moved.
    for (row, raw) in &mut rows {
        builder.push(*row, raw);
    }
    builder.finish()
}

/// Validates rows one at a time, in row order, into guests and problems: a
/// CSV's rows go in as they are read, so the raw rows of a large list are
/// never all held at once (see [`super::table::Collector::streaming`]).
pub(crate) struct Builder {
    guests: Vec<GuestRow>,
    problems: Vec<RowProblem>,
    seen: Seen,
    /// How the header's party column counts, and its title.
    party: Option<(Count, String)>,
}

impl Builder {
    /// A builder for the rows below `header`, with room for `rows` rows.
    pub(crate) fn new(rows: usize, header: &Header) -> Self {
        Builder {
            guests: Vec::with_capacity(rows),
            problems: Vec::new(),
            seen: Seen::with_capacity(rows),
            party: header
                .party
                .as_ref()
                .map(|p| (p.count, p.column.title.clone())),
        }
    }

    /// The guests and the problems.
    pub(crate) fn finish(mut self) -> (Vec<GuestRow>, Vec<RowProblem>) {
        // Room was made for every line of the file; mostly blank lines or
        // long quoted fields leave much of it unused.
        if self.guests.capacity() > self.guests.len() + self.guests.len() / 8 + 1024 {
            self.guests.shrink_to_fit();
        }
        (self.guests, self.problems)
    }

    /// Validates row `row` (its fields are taken out of `raw`).
    pub(crate) fn push(&mut self, row: u32, raw: &mut RawRow) {
        let Builder {
            guests,
            problems,
            seen,
            party,
        } = self;
        let mut issues: Vec<Message> = Vec::new();
        let full = text_field(raw.name.take(), || msg!("row-field-name"));
        let first = text_field(raw.first.take(), || msg!("row-field-first-name"));
        let last = text_field(raw.last.take(), || msg!("row-field-last-name"));
        let salutation = text_field(raw.salutation.take(), || msg!("row-field-salutation"));
        let persons = persons_field(raw.persons.take(), party.as_ref());
        let note = text_field(raw.note.take(), || msg!("row-field-note"));
        let language = match text_field(raw.language.take(), || msg!("row-field-language")) {
            Ok(None) => Ok(None),
            Ok(Some(s)) => crate::i18n::Lang::parse(&s).map(Some).ok_or_else(|| {
                let shipped: Vec<&str> = crate::i18n::Lang::ALL.iter().map(|l| l.code()).collect();
                msg!(
                    "row-language-unknown",
                    value = s.chars().take(40).collect::<String>(),
                    languages = shipped.join(", ")
                )
            }),
            Err(e) => Err(e),
        };
        let email_cell = raw.email.as_ref();
        let email_blank = match email_cell {
            None => true,
            Some(Value::Text(s)) => is_blank(s),
            Some(_) => false,
        };
        let names_blank =
            matches!(full, Ok(None)) && matches!(first, Ok(None)) && matches!(last, Ok(None));
        if names_blank && email_blank {
            // A blank row (or one with only other columns filled): skipped.
            return;
        }

        let mut name = String::new();
        match full {
            Ok(Some(n)) => name = n,
            Ok(None) => {
                for part in [first, last] {
                    match part {
                        Ok(Some(s)) => {
                            if !name.is_empty() {
                                name.push(' ');
                            }
                            name.push_str(&s);
                        }
                        Ok(None) => {}
                        Err(e) => issues.push(e),
                    }
                }
            }
            Err(e) => issues.push(e),
        }
        if name.is_empty() && issues.is_empty() {
            issues.push(msg!("row-name-missing"));
        } else if name.chars().count() > MAX_GUEST_NAME_CHARS {
            issues.push(msg!("row-name-too-long", max = MAX_GUEST_NAME_CHARS));
        }
        let salutation = match salutation {
            Ok(s) => s,
            Err(e) => {
                issues.push(e);
                None
            }
        };
        if salutation
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_SALUTATION_CHARS)
        {
            issues.push(msg!("row-salutation-too-long", max = MAX_SALUTATION_CHARS));
        }
        let persons = persons.unwrap_or_else(|e| {
            issues.push(e);
            1
        });
        let note = match note {
            Ok(note) => note,
            Err(e) => {
                issues.push(e);
                None
            }
        };
        let language = language.unwrap_or_else(|e| {
            issues.push(e);
            None
        });
        if note
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_NOTE_CHARS)
        {
            issues.push(msg!("row-note-too-long", max = MAX_NOTE_CHARS));
        }

        let email = match email_cell {
            None if raw.email_merged => Err(msg!("row-email-merged")),
            None => Err(msg!("row-email-missing")),
            Some(Value::NoCachedResult) => Err(msg!("row-email-no-result")),
            Some(Value::Error(e)) => Err(msg!("row-email-cell-error", error = e)),
            Some(Value::Number(n)) => Err(msg!("row-email-number", value = n)),
            Some(Value::Text(s)) => check_address(s),
        };
        let (email, first_use) = match email {
            Ok(address) => {
                let hash = seen.hash(&address);
                if let Some(first_row) = seen.find(hash, &address, guests) {
                    issues.push(msg!(
                        "row-duplicate",
                        row = first_row,
                        email = address.as_str()
                    ));
                    (address, None)
                } else {
                    (address, Some(hash))
                }
            }
            Err(e) => {
                issues.push(e);
                (String::new(), None)
            }
        };

        if issues.is_empty() {
            guests.push(GuestRow {
                row,
                guest: NewGuest {
                    salutation,
                    persons,
                    note,
                    language,
                    ..NewGuest::new(name, email)
                },
            });
            if let Some(hash) = first_use {
                seen.add_last_guest(hash, row, guests);
            }
        } else {
            if let Some(hash) = first_use {
                seen.add_other(hash, row, email, guests);
            }
            problems.push(RowProblem {
                row,
                // Shortened: a long name is itself the problem.
                name: name.chars().take(80).collect(),
                problem: issues
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                messages: issues,
            });
        }
    }
}

/// Where the first row with an address keeps it.
#[derive(Clone, Copy)]
enum Holder {
    /// In the guest list, at this index.
    Guest(usize),
    /// In [`Seen::others`] (a row with other problems), at this index.
    Other(usize),
}

/// The email addresses met so far and the row of each one's first use,
/// compared without ASCII case. The addresses are ASCII (local part checked,
/// domain in its ASCII form), so ASCII case folding is the full case folding.
/// The table keeps no copy of an address: it points at the guest row holding
/// it (or, for a row with other problems, at [`Seen::others`]).
///
/// Why not a plain map of lower-cased copies: a `hashbrown::HashMap<String,
/// u32>` keyed by `to_ascii_lowercase()` made the 100,000-row `.xlsx` import
/// about 8% slower (236 and 238 ms against 225 and 213 ms, calamine alone
/// 141–146 ms, two alternating runs of `cargo bench -p ticket-benches --bench
/// import_mail -- import_100k` on an otherwise idle 2-core machine; the two
/// runs of this table differ by 5%, so the gap is near the noise, but both
/// runs of the map were slower): one allocation per row, and dropping
/// 100,000 keys.
struct Seen {
    hasher: DefaultHashBuilder,
    table: HashTable<(u32, Holder)>,
    others: Vec<String>,
}

/// An address hashed as its ASCII lower case.
struct Folded<'a>(&'a str);

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut chunk = [0_u8; 32];
        for part in self.0.as_bytes().chunks(chunk.len()) {
            let folded = &mut chunk[..part.len()];
            folded.copy_from_slice(part);
            folded.make_ascii_lowercase();
            state.write(folded);
        }
        state.write_u8(0xff);
    }
}

impl Seen {
    fn with_capacity(n: usize) -> Self {
        Seen {
            hasher: DefaultHashBuilder::default(),
            table: HashTable::with_capacity(n),
            others: Vec::new(),
        }
    }

    fn hash(&self, address: &str) -> u64 {
        self.hasher.hash_one(Folded(address))
    }

    /// The first row that used `address` (of hash `hash`).
    fn find(&self, hash: u64, address: &str, guests: &[GuestRow]) -> Option<u32> {
        self.table
            .find(hash, |(_, holder)| {
                held(*holder, guests, &self.others).eq_ignore_ascii_case(address)
            })
            .map(|(row, _)| *row)
    }

    fn insert(&mut self, hash: u64, row: u32, holder: Holder, guests: &[GuestRow]) {
        let Seen {
            hasher,
            table,
            others,
        } = self;
        table.insert_unique(hash, (row, holder), |(_, h)| {
            hasher.hash_one(Folded(held(*h, guests, others)))
        });
    }

    /// Records the address of the guest just pushed (a valid row).
    fn add_last_guest(&mut self, hash: u64, row: u32, guests: &[GuestRow]) {
        let index = guests.len().saturating_sub(1);
        self.insert(hash, row, Holder::Guest(index), guests);
    }

    /// Records a new address of a row that has other problems.
    fn add_other(&mut self, hash: u64, row: u32, address: String, guests: &[GuestRow]) {
        let index = self.others.len();
        self.others.push(address);
        self.insert(hash, row, Holder::Other(index), guests);
    }
}

/// The address a holder points at.
fn held<'a>(holder: Holder, guests: &'a [GuestRow], others: &'a [String]) -> &'a str {
    match holder {
        Holder::Guest(i) => guests.get(i).map_or("", |g| g.guest.email.as_str()),
        Holder::Other(i) => others.get(i).map_or("", String::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ColumnNames;
    use crate::import::columns::HeaderSpec;
    use crate::import::table::RawRow;

    /// The header of `Name, Email, <party>, Note` (no party column when
    /// `party` is empty).
    fn header(party: &str) -> Header {
        let spec = HeaderSpec::new(&ColumnNames::default());
        let mut cells = vec![(0, "Name"), (1, "Email"), (3, "Note")];
        if !party.is_empty() {
            cells.push((2, party));
        }
        spec.match_row(1, &cells).expect("header")
    }

    fn row(name: &str, email: &str) -> RawRow {
        RawRow {
            name: (!name.is_empty()).then(|| Value::Text(name.into())),
            email: Some(Value::Text(email.into())),
            ..RawRow::default()
        }
    }

    #[test]
    fn duplicates_ignore_case_and_remember_rows_with_other_problems() {
        let mut rows: SheetRows = (0..2000)
            .map(|i| (i + 2, row(&format!("G {i}"), &format!("g{i}@example.org"))))
            .collect();
        // Row 3000 has no name; its address still counts as used.
        rows.push((3000, row("", "Solo@Example.org")));
        rows.push((3001, row("Ann", "solo@EXAMPLE.org")));
        rows.push((3002, row("Ben", "G17@example.ORG")));
        let (guests, problems) = build(rows, &header(""));
        assert_eq!(guests.len(), 2000);
        let found: Vec<(u32, &str)> = problems
            .iter()
            .map(|p| (p.row, p.problem.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].1.contains("name is missing"));
        assert!(found[1].1.starts_with("duplicate of row 3000"), "{found:?}");
        assert!(found[2].1.starts_with("duplicate of row 19"), "{found:?}");
    }

    #[test]
    fn whole_numbers_as_cells_show_them() {
        for (s, n) in [
            ("3", 3),
            ("03", 3),
            ("3.0", 3),
            ("3,00", 3),
            ("1000", 1000),
            ("0", 0),
        ] {
            assert_eq!(whole_number(s), Some(n), "{s:?}");
        }
        for s in [
            "",
            "-1",
            "+1",
            "2.5",
            "3.",
            ".0",
            "1.000",
            "1,000",
            "3.0.0",
            "three",
            "1e3",
            "３",
            "4294967296",
        ] {
            assert_eq!(whole_number(s), None, "{s:?}");
        }
    }

    /// The persons a party cell gives under `title`'s column (a problem in
    /// English).
    fn persons(title: &str, cell: Option<Value>) -> Result<u32, String> {
        let h = header(title);
        let column = h.party.map(|p| (p.count, p.column.title));
        persons_field(cell, column.as_ref()).map_err(|m| m.to_string())
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }

    #[test]
    fn party_sizes() {
        assert_eq!(persons("Persons", None), Ok(1));
        assert_eq!(persons("Persons", text("")), Ok(1));
        assert_eq!(persons("", text("7")), Ok(1), "no party column");
        for (cell, n) in [
            (text("4"), 4),
            (text("3.0"), 3),
            (text("1"), 1),
            (text("1000"), MAX_PERSONS),
            (Some(Value::Number("12".into())), 12),
        ] {
            assert_eq!(persons("Party size", cell.clone()), Ok(n), "{cell:?}");
        }
        for bad in [
            "0", "-1", "2.5", "three", "1001", "1.000", "yes", "4 people",
        ] {
            let e = persons("Party size", text(bad)).expect_err(bad);
            assert!(
                e.contains(&format!("\"{bad}\""))
                    && e.contains("column \"Party size\"")
                    && e.contains("from 1 to 1000"),
                "{e}"
            );
        }
        let e = persons("Personen", Some(Value::Error("#N/A".into()))).expect_err("error cell");
        assert_eq!(e, "the cell in column \"Personen\" shows the error #N/A");
        let e = persons("+1", Some(Value::NoCachedResult)).expect_err("no result");
        assert!(
            e.starts_with("the value in column \"+1\" is calculated"),
            "{e}"
        );
        assert!(e.contains("save it"), "{e}");
        let long = "9".repeat(500);
        let e = persons("Pax", text(&long)).expect_err("long");
        assert!(e.len() < 200, "the cell is shortened: {e}");
    }

    #[test]
    fn companions() {
        for (cell, n) in [
            ("0", 1),
            ("1", 2),
            ("+1", 2),
            ("2", 3),
            ("1.0", 2),
            ("999", MAX_PERSONS),
            ("yes", 2),
            ("Y", 2),
            ("x", 2),
            ("Ja", 2),
            ("oui", 2),
            ("Sí", 2),
            ("si", 2),
            ("TRUE", 2),
            ("✓", 2),
            ("no", 1),
            ("NEIN", 1),
            ("non", 1),
            ("false", 1),
            ("", 1),
        ] {
            assert_eq!(persons("+1", text(cell)), Ok(n), "{cell:?}");
        }
        assert_eq!(persons("Begleitung", None), Ok(1));
        for bad in ["1000", "-1", "0.5", "maybe", "two"] {
            let e = persons("Plus one", text(bad)).expect_err(bad);
            assert!(
                e.contains("column \"Plus one\"") && e.contains("from 0 to 999"),
                "{e}"
            );
        }
    }

    #[test]
    fn party_and_note_fill_the_guest() {
        let mut anna = row("Anna Berg", "anna@example.org");
        anna.persons = text("4");
        anna.note = text("VIP");
        let mut ben = row("Ben", "ben@example.org");
        ben.persons = text("0");
        ben.note = text(&"n".repeat(MAX_NOTE_CHARS + 1));
        let mut cara = row("Cara", "cara@example.org");
        cara.note = text(&"ö".repeat(MAX_NOTE_CHARS));
        let rows = vec![(2, anna), (3, ben), (4, cara)];
        let (guests, problems) = build(rows, &header("Persons"));
        let got: Vec<(u32, u32, Option<&str>, bool)> = guests
            .iter()
            .map(|g| {
                (
                    g.row,
                    g.guest.persons,
                    g.guest.note.as_deref(),
                    g.guest.walk_in,
                )
            })
            .collect();
        let long_note = "ö".repeat(MAX_NOTE_CHARS);
        assert_eq!(
            got,
            [
                (2, 4, Some("VIP"), false),
                (4, 1, Some(long_note.as_str()), false)
            ]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 3);
        assert_eq!(problems[0].name, "Ben");
        assert_eq!(
            problems[0].problem,
            "the party size \"0\" in column \"Persons\" is not a whole number from 1 to 1000; \
             the note is longer than 200 characters"
        );
    }
}
