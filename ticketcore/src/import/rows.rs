//! Turning the raw data rows of a sheet into guests and row problems.

use std::collections::{BTreeMap, HashMap};

use super::clean::{clean_text, is_blank};
use super::email::check_address;
use super::table::{RawRow, Value};
use super::{GuestRow, RowProblem};
use crate::model::NewGuest;

/// Longest guest name accepted, in characters.
pub const MAX_GUEST_NAME_CHARS: usize = 200;
/// Longest salutation accepted, in characters.
pub const MAX_SALUTATION_CHARS: usize = 200;

const NO_RESULT: &str = "is calculated by a formula whose result is not saved in the file; \
     open the file in Excel or LibreOffice, save it there and import it again";

/// Reads a text field: `Ok(None)` when empty, `Err` with a sentence when the
/// cell cannot be used.
fn text_field(value: Option<&Value>, what: &str) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(Value::Text(s) | Value::Number(s)) => {
            let s = clean_text(s);
            Ok((!s.is_empty()).then_some(s))
        }
        Some(Value::Error(e)) => Err(format!("the {what} cell shows the error {e}")),
        Some(Value::NoCachedResult) => Err(format!("the {what} {NO_RESULT}")),
    }
}

/// Validates the rows (in row order) and returns the guests and the problems.
pub(crate) fn build(rows: BTreeMap<u32, RawRow>) -> (Vec<GuestRow>, Vec<RowProblem>) {
    let mut guests = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (row, raw) in rows {
        let mut issues: Vec<String> = Vec::new();
        let full = text_field(raw.name.as_ref(), "name");
        let first = text_field(raw.first.as_ref(), "first name");
        let last = text_field(raw.last.as_ref(), "last name");
        let salutation = text_field(raw.salutation.as_ref(), "salutation");
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
            continue;
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
        let email = match email {
            Ok(address) => {
                let key = address.to_lowercase();
                if let Some(first_row) = seen.get(&key) {
                    issues.push(format!(
                        "duplicate of row {first_row} (the same email address {address})"
                    ));
                } else {
                    seen.insert(key, row);
                }
                address
            }
            Err(e) => {
                issues.push(e);
                String::new()
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
        } else {
            problems.push(RowProblem {
                row,
                problem: issues.join("; "),
            });
        }
    }
    (guests, problems)
}
