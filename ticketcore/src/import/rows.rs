//! Turning the raw data rows of a sheet into guests and row problems.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::{DefaultHashBuilder, HashTable};

use super::clean::is_blank;
use super::email::check_address;
use super::table::{RawRow, SheetRows, Value};
use super::{GuestRow, RowProblem};
use crate::model::NewGuest;

/// Longest guest name accepted, in characters.
pub const MAX_GUEST_NAME_CHARS: usize = 200;
/// Longest salutation accepted, in characters.
pub const MAX_SALUTATION_CHARS: usize = 200;

const NO_RESULT: &str = "is calculated by a formula whose result is not saved in the file; \
     open the file in Excel or LibreOffice, save it there and import it again";

/// Reads a text field (cleaned when it was collected): `Ok(None)` when
/// empty, `Err` with a sentence when the cell cannot be used.
fn text_field(value: Option<Value>, what: &str) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(Value::Text(s) | Value::Number(s)) => Ok((!s.is_empty()).then_some(s)),
        Some(Value::Error(e)) => Err(format!("the {what} cell shows the error {e}")),
        Some(Value::NoCachedResult) => Err(format!("the {what} {NO_RESULT}")),
    }
}

/// Validates the rows (in row order) and returns the guests and the problems.
pub(crate) fn build(mut rows: SheetRows) -> (Vec<GuestRow>, Vec<RowProblem>) {
    let mut builder = Builder::with_capacity(rows.len());
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
}

impl Builder {
    /// A builder with room for `rows` rows.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        Builder {
            guests: Vec::with_capacity(rows),
            problems: Vec::new(),
            seen: Seen::with_capacity(rows),
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
        } = self;
        let mut issues: Vec<String> = Vec::new();
        let full = text_field(raw.name.take(), "name");
        let first = text_field(raw.first.take(), "first name");
        let last = text_field(raw.last.take(), "last name");
        let salutation = text_field(raw.salutation.take(), "salutation");
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
            issues.push("the name is missing".into());
        } else if name.chars().count() > MAX_GUEST_NAME_CHARS {
            issues.push(format!(
                "the name is longer than {MAX_GUEST_NAME_CHARS} characters"
            ));
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
            issues.push(format!(
                "the salutation is longer than {MAX_SALUTATION_CHARS} characters"
            ));
        }

        let email = match email_cell {
            None if raw.email_merged => Err("the email address is missing: the email cell is \
                 merged with the row above, so it belongs to that row only; give every guest an \
                 address of their own"
                .to_string()),
            None => Err("the email address is missing".to_string()),
            Some(Value::NoCachedResult) => Err(format!("the email address {NO_RESULT}")),
            Some(Value::Error(e)) => Err(format!("the email cell shows the error {e}")),
            Some(Value::Number(n)) => Err(format!("\"{n}\" is a number, not an email address")),
            Some(Value::Text(s)) => check_address(s),
        };
        let (email, first_use) = match email {
            Ok(address) => {
                let hash = seen.hash(&address);
                if let Some(first_row) = seen.find(hash, &address, guests) {
                    issues.push(format!(
                        "duplicate of row {first_row} (the same email address {address})"
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
                    name,
                    email,
                    salutation,
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
                problem: issues.join("; "),
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
    use crate::import::table::RawRow;

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
        let (guests, problems) = build(rows);
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
}
