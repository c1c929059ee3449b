//! Finding the header row: which columns hold the name, the email and the
//! salutation, judged by their titles.

use super::ColumnNames;
use super::clean::title_key;

/// Most cells of a row that are tested as column titles: a header row of a
/// guest list has a handful, and a row of thousands is data, not a header.
pub(crate) const MAX_HEADER_CELLS: usize = 1024;
/// Longest text, in characters, tested as a column title.
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Titles (as [`title_key`]s) of a full-name column.
const NAME: &[&str] = &[
    "name",
    "fullname",
    "guest",
    "guestname",
    "names",
    "gast",
    "gastname",
    "nameofguest",
    "displayname",
    "vollständigername",
    "nom",
    "nombre",
    "nome",
];
/// Titles of a first-name column.
const FIRST: &[&str] = &[
    "firstname",
    "givenname",
    "forename",
    "first",
    "vorname",
    "prénom",
    "prenom",
    "christianname",
];
/// Titles of a last-name column.
const LAST: &[&str] = &[
    "lastname",
    "surname",
    "familyname",
    "last",
    "nachname",
    "familienname",
    "nomdefamille",
];
/// Titles of an email column.
const EMAIL: &[&str] = &[
    "email",
    "emailaddress",
    "emailadress",
    "mail",
    "mailaddress",
    "emailadresse",
    "mailadresse",
    "emails",
    "courriel",
    "correo",
    "correoelectrónico",
    "emailid",
];
/// Titles of a salutation column.
const SALUTATION: &[&str] = &["salutation", "title", "anrede", "greeting", "briefanrede"];

/// The titles searched for, per field: the caller's name when given,
/// otherwise the built-in variants.
#[derive(Debug, Clone)]
pub(crate) struct HeaderSpec {
    name: Vec<String>,
    first: Vec<String>,
    last: Vec<String>,
    email: Vec<String>,
    salutation: Vec<String>,
}

/// The columns (0-based) of a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// The header's 1-based row number.
    pub row: u32,
    /// Full-name column.
    pub name: Option<u32>,
    /// First-name column.
    pub first: Option<u32>,
    /// Last-name column.
    pub last: Option<u32>,
    /// Email column.
    pub email: u32,
    /// Salutation column.
    pub salutation: Option<u32>,
}

impl Header {
    /// Which field column `col` feeds, if any.
    pub(crate) fn field(&self, col: u32) -> Option<Field> {
        if col == self.email {
            Some(Field::Email)
        } else if Some(col) == self.name {
            Some(Field::Name)
        } else if Some(col) == self.first {
            Some(Field::First)
        } else if Some(col) == self.last {
            Some(Field::Last)
        } else if Some(col) == self.salutation {
            Some(Field::Salutation)
        } else {
            None
        }
    }
}

/// The fields of a guest row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// Full name.
    Name,
    /// First name.
    First,
    /// Last name.
    Last,
    /// Email address.
    Email,
    /// Salutation.
    Salutation,
}

fn keys(custom: &Option<String>, defaults: &[&str]) -> Vec<String> {
    match custom.as_deref().map(title_key) {
        Some(k) if !k.is_empty() => vec![k],
        _ => defaults.iter().map(|s| (*s).to_string()).collect(),
    }
}

fn show(keys: &[String], defaults: &[&str], shown_defaults: &str) -> String {
    if keys.len() == defaults.len() {
        shown_defaults.to_string()
    } else {
        keys.iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl HeaderSpec {
    /// The titles to look for, given the caller's column names.
    pub(crate) fn new(names: &ColumnNames) -> Self {
        HeaderSpec {
            name: keys(&names.name, NAME),
            first: keys(&names.first_name, FIRST),
            last: keys(&names.last_name, LAST),
            email: keys(&names.email, EMAIL),
            salutation: keys(&names.salutation, SALUTATION),
        }
    }

    /// Human lists of the titles looked for: (email, name, first, last).
    pub(crate) fn looked_for(&self) -> (String, String, String, String) {
        (
            show(
                &self.email,
                EMAIL,
                "\"Email\", \"E-mail\", \"Email address\", \"Mail\"",
            ),
            show(&self.name, NAME, "\"Name\", \"Full name\", \"Guest\""),
            show(
                &self.first,
                FIRST,
                "\"First name\", \"Given name\", \"Vorname\"",
            ),
            show(&self.last, LAST, "\"Last name\", \"Surname\", \"Nachname\""),
        )
    }

    /// Tests one row (its non-empty text cells, `(column, text)`) as a header.
    ///
    /// Skips cells longer than [`MAX_TITLE_CHARS`] and looks at the first
    /// [`MAX_HEADER_CELLS`] of the rest, as the spreadsheet reader keeps them;
    /// each cell's [`title_key`] is computed once.
    pub(crate) fn match_row(&self, row: u32, cells: &[(u32, &str)]) -> Option<Header> {
        let keys: Vec<(u32, String)> = cells
            .iter()
            .filter(|(_, text)| text.chars().count() <= MAX_TITLE_CHARS)
            .take(MAX_HEADER_CELLS)
            .map(|(col, text)| (*col, title_key(text)))
            .collect();
        let find = |wanted: &[String], skip: &[Option<u32>]| -> Option<u32> {
            keys.iter()
                .find(|(col, key)| !skip.contains(&Some(*col)) && wanted.iter().any(|w| w == key))
                .map(|(col, _)| *col)
        };
        let email = find(&self.email, &[])?;
        let name = find(&self.name, &[Some(email)]);
        let first = find(&self.first, &[Some(email), name]);
        let last = find(&self.last, &[Some(email), name, first]);
        if name.is_none() && first.is_none() && last.is_none() {
            return None;
        }
        let salutation = find(&self.salutation, &[Some(email), name, first, last]);
        Some(Header {
            row,
            name,
            first,
            last,
            email,
            salutation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_titles() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        let h = spec
            .match_row(
                5,
                &[(1, "First name"), (2, "Last name"), (3, " E-mail address ")],
            )
            .expect("header");
        assert_eq!(
            (h.first, h.last, h.email, h.name),
            (Some(1), Some(2), 3, None)
        );
        assert!(spec.match_row(1, &[(0, "Summer party")]).is_none());
        let custom = HeaderSpec::new(&ColumnNames {
            email: Some("Kontakt".into()),
            name: Some("Wer".into()),
            ..ColumnNames::default()
        });
        assert!(custom.match_row(1, &[(0, "wer"), (1, "KONTAKT")]).is_some());
    }

    #[test]
    fn looks_at_the_first_cells_of_a_row_only() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        let mut cells: Vec<(u32, &str)> = (0..MAX_HEADER_CELLS as u32 - 2)
            .map(|c| (c, "Notes"))
            .collect();
        // Cells too long to be titles do not count.
        cells.insert(7, (4000, long.as_str()));
        cells.push((5000, "Name"));
        cells.push((5001, "Email"));
        let h = spec
            .match_row(1, &cells)
            .expect("titles within the first cells");
        assert_eq!((h.name, h.email), (Some(5000), 5001));
        cells.insert(0, (9999, "Notes"));
        assert!(
            spec.match_row(1, &cells).is_none(),
            "the email title is past the first {MAX_HEADER_CELLS} cells"
        );
        let too_long = format!("Email{}", " ".repeat(MAX_TITLE_CHARS));
        assert!(spec.match_row(1, &[(0, "Name"), (1, &too_long)]).is_none());
    }
}
