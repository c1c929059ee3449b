//! Finding the header row: which columns hold the name, the email, and the
//! optional salutation, party size (or companions) and note, judged by their
//! titles.
//!
//! Every title list holds [`title_key`]s, and no key is in two lists (a
//! test checks it): `guest` and `gast` name a guest, `guests` and `gäste`
//! count a party.

use super::ColumnNames;
use super::clean::{clean_text, title_key};

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
    "vollername",
    "gästename",
    "nom",
    "nomcomplet",
    "nometprénom",
    "invité",
    "invite",
    "nombre",
    "nombrecompleto",
    "nombreyapellidos",
    "invitado",
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
    "rufname",
    "nombredepila",
    "primernombre",
];
/// Titles of a last-name column.
const LAST: &[&str] = &[
    "lastname",
    "surname",
    "familyname",
    "last",
    "nachname",
    "familienname",
    "zuname",
    "nomdefamille",
    "patronyme",
    "apellido",
    "apellidos",
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
    "adressemail",
    "adresseemail",
    "adresseélectronique",
    "adresseelectronique",
    "correo",
    "correoelectrónico",
    "correoelectronico",
    "direccióndecorreo",
    "direcciondecorreo",
    "emailid",
];
/// Titles of a salutation column.
const SALUTATION: &[&str] = &[
    "salutation",
    "title",
    "greeting",
    "anrede",
    "briefanrede",
    "begrüßung",
    "civilité",
    "civilite",
    "titre",
    "formuledappel",
    "saludo",
    "tratamiento",
];
/// Titles of a party-size column: how many people the guest's ticket
/// admits, the guest included. Unaccented variants stand for the accented
/// ones typed without accents or decomposed (`Ga\u{308}ste` keys as `gaste`).
const PERSONS: &[&str] = &[
    "persons",
    "partysize",
    "party",
    "guests",
    "numberofguests",
    "people",
    "pax",
    "numberofpersons",
    "numberofpeople",
    "personen",
    "anzahl",
    "anzahlpersonen",
    "personenanzahl",
    "personenzahl",
    "gäste",
    "gaste",
    "gaeste",
    "anzahlgäste",
    "anzahlgaste",
    "personnes",
    "nombredepersonnes",
    "invités",
    "invites",
    "nombredinvités",
    "nombredinvites",
    "personas",
    "númerodepersonas",
    "numerodepersonas",
    "persone",
    "numerodipersone",
    "pessoas",
    "númerodepessoas",
    "numerodepessoas",
];
/// Titles of a companions column: how many people come with the guest
/// (`+1`: one companion). [`title_key`] spells a plus sign out.
const COMPANIONS: &[&str] = &[
    "plus1",
    "plusone",
    "plusones",
    "guestsplus",
    "begleitung",
    "begleitpersonen",
    "acompañantes",
    "acompanantes",
    "accompagnants",
    "accompagnatori",
    "acompanhantes",
];
/// Titles of a note column (shown at the door).
const NOTE: &[&str] = &[
    "note",
    "notes",
    "remark",
    "remarks",
    "comment",
    "comments",
    "notiz",
    "notizen",
    "bemerkung",
    "bemerkungen",
    "kommentar",
    "kommentare",
    "remarque",
    "remarques",
    "commentaire",
    "commentaires",
    "nota",
    "notas",
    "comentario",
    "comentarios",
];

/// Titles of a language column (the language of the guest's mail), in the
/// languages the app ships and a few more.
const LANGUAGE: &[&str] = &[
    "language",
    "lang",
    "maillanguage",
    "sprache",
    "mailsprache",
    "langue",
    "idioma",
    "lengua",
    "lingua",
    "língua",
    "taal",
];

/// The titles searched for, per field: the caller's name when given,
/// otherwise the built-in variants.
#[derive(Debug, Clone)]
pub(crate) struct HeaderSpec {
    name: Vec<String>,
    first: Vec<String>,
    last: Vec<String>,
    email: Vec<String>,
    salutation: Vec<String>,
    persons: Vec<String>,
    companions: Vec<String>,
    note: Vec<String>,
    language: Vec<String>,
}

/// How a party column counts people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    /// The whole party, the guest included: `4` is four people.
    Persons,
    /// The guest's companions: `1` or `yes` is two people.
    Companions,
}

/// An optional column found in the header, with its title as written (for
/// row problems that name it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Titled {
    /// The column (0-based).
    pub col: u32,
    /// Its title, cleaned ([`clean_text`]).
    pub title: String,
}

/// The party column of a header: where it is and how it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartyColumn {
    /// The column and its title.
    pub column: Titled,
    /// Party size or companions.
    pub count: Count,
}

/// The columns (0-based) of a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Party-size column, or else a companions column.
    pub party: Option<PartyColumn>,
    /// Note column.
    pub note: Option<Titled>,
    /// Language column.
    pub language: Option<Titled>,
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
        } else if self.party.as_ref().is_some_and(|p| p.column.col == col) {
            Some(Field::Persons)
        } else if self.note.as_ref().is_some_and(|n| n.col == col) {
            Some(Field::Note)
        } else if self.language.as_ref().is_some_and(|n| n.col == col) {
            Some(Field::Language)
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
    /// Party size or companions (as the header's [`PartyColumn`] counts).
    Persons,
    /// Note.
    Note,
    /// The guest's language.
    Language,
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
        // A caller's party title replaces both lists; it counts companions
        // when it is one of their titles (`+1`, `Begleitung`).
        let (persons, companions) = match names.persons.as_deref().map(title_key) {
            Some(k) if COMPANIONS.contains(&k.as_str()) => (Vec::new(), vec![k]),
            Some(k) if !k.is_empty() => (vec![k], Vec::new()),
            _ => (keys(&None, PERSONS), keys(&None, COMPANIONS)),
        };
        HeaderSpec {
            name: keys(&names.name, NAME),
            first: keys(&names.first_name, FIRST),
            last: keys(&names.last_name, LAST),
            email: keys(&names.email, EMAIL),
            salutation: keys(&names.salutation, SALUTATION),
            persons,
            companions,
            note: keys(&names.note, NOTE),
            language: LANGUAGE.iter().map(|t| title_key(t)).collect(),
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
        let keys: Vec<(u32, &str, String)> = cells
            .iter()
            .filter(|(_, text)| text.chars().count() <= MAX_TITLE_CHARS)
            .take(MAX_HEADER_CELLS)
            .map(|(col, text)| (*col, *text, title_key(text)))
            .collect();
        let find = |wanted: &[String], skip: &[Option<u32>]| -> Option<u32> {
            keys.iter()
                .find(|(col, _, key)| {
                    !skip.contains(&Some(*col)) && wanted.iter().any(|w| w == key)
                })
                .map(|(col, ..)| *col)
        };
        let email = find(&self.email, &[])?;
        let name = find(&self.name, &[Some(email)]);
        let first = find(&self.first, &[Some(email), name]);
        let last = find(&self.last, &[Some(email), name, first]);
        if name.is_none() && first.is_none() && last.is_none() {
            return None;
        }
        let salutation = find(&self.salutation, &[Some(email), name, first, last]);
        let taken = [Some(email), name, first, last, salutation];
        // A party-size column wins over a companions column.
        let party = match find(&self.persons, &taken) {
            Some(col) => Some((col, Count::Persons)),
            None => find(&self.companions, &taken).map(|col| (col, Count::Companions)),
        };
        let party_col = party.map(|(col, _)| col);
        let note = find(
            &self.note,
            &[Some(email), name, first, last, salutation, party_col],
        );
        let language = find(
            &self.language,
            &[Some(email), name, first, last, salutation, party_col, note],
        );
        let titled = |col: u32| Titled {
            col,
            title: keys
                .iter()
                .find(|(c, ..)| *c == col)
                .map(|(_, text, _)| clean_text(text))
                .unwrap_or_default(),
        };
        Some(Header {
            row,
            name,
            first,
            last,
            email,
            salutation,
            party: party.map(|(col, count)| PartyColumn {
                column: titled(col),
                count,
            }),
            note: note.map(titled),
            language: language.map(titled),
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

    /// The party column and note column found next to `Name` and `Email`.
    fn optional(spec: &HeaderSpec, titles: &[&str]) -> (Option<(u32, Count, String)>, Option<u32>) {
        let mut cells = vec![(0, "Name"), (1, "Email")];
        cells.extend(titles.iter().zip(2..).map(|(t, c)| (c, *t)));
        let h = spec.match_row(1, &cells).expect("header");
        assert_eq!((h.name, h.email), (Some(0), 1), "{titles:?}");
        (
            h.party.map(|p| (p.column.col, p.count, p.column.title)),
            h.note.map(|n| n.col),
        )
    }

    #[test]
    fn party_and_note_titles_in_each_language() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        let persons = [
            "Persons",
            "Party size",
            "party",
            "GUESTS",
            "Number of guests",
            "People",
            "Pax",
            "Personen",
            "Anzahl",
            "Anzahl Personen",
            "Gäste",
            "Ga\u{308}ste",
            "Personnes",
            "Nombre de personnes",
            "Invités",
            "Nombre d'invités",
            "Personas",
            "Número de personas",
            "Persone",
            "Pessoas",
        ];
        for title in persons {
            let (party, _) = optional(&spec, &[title]);
            assert_eq!(
                party,
                Some((2, Count::Persons, title.to_string())),
                "{title}"
            );
        }
        let companions = [
            "+1",
            " +1 ",
            "Plus one",
            "Plus-1",
            "Guests plus",
            "Guests +",
            "Begleitung",
            "Acompañantes",
            "Accompagnants",
            "Acompanhantes",
        ];
        for title in companions {
            let (party, _) = optional(&spec, &[title]);
            assert_eq!(
                party.map(|(col, count, _)| (col, count)),
                Some((2, Count::Companions)),
                "{title}"
            );
        }
        let notes = [
            "Note",
            "Notes",
            "Remark",
            "Remarks",
            "Comment",
            "Comments",
            "Notiz",
            "Notizen",
            "Bemerkung",
            "Bemerkungen",
            "Kommentar",
            "Remarque",
            "Commentaire",
            "Nota",
            "Notas",
            "Comentario",
        ];
        for title in notes {
            assert_eq!(optional(&spec, &[title]), (None, Some(2)), "{title}");
        }
        for other in ["Tickets", "1", "Table", "Plus", "Company", "Anzahl Tickets"] {
            assert_eq!(optional(&spec, &[other]), (None, None), "{other}");
        }
    }

    #[test]
    fn party_size_wins_over_companions() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        let (party, note) = optional(&spec, &["+1", "Notes", "Persons"]);
        assert_eq!(party, Some((4, Count::Persons, "Persons".into())));
        assert_eq!(note, Some(3));
        let (party, _) = optional(&spec, &["Begleitung", "Plus one"]);
        assert_eq!(
            party.map(|(col, count, _)| (col, count)),
            Some((2, Count::Companions))
        );
    }

    #[test]
    fn guest_names_and_guests_count() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        for (name, email, party) in [
            ("Guest", "Email", "Guests"),
            ("Gast", "E-Mail", "Gäste"),
            ("Guests", "Email", "Guest"),
        ] {
            let h = spec
                .match_row(1, &[(0, name), (1, email), (2, party)])
                .expect("header");
            let name_col = if name == "Guests" { 2 } else { 0 };
            assert_eq!(h.name, Some(name_col), "{name} {party}");
            assert_eq!(
                h.party.map(|p| p.column.col),
                Some(2 - name_col),
                "{name} {party}"
            );
        }
        // A file with only `Guests` and an address has no name column.
        assert!(spec.match_row(1, &[(0, "Guests"), (1, "Email")]).is_none());
    }

    #[test]
    fn caller_names_party_and_note_columns() {
        let custom = HeaderSpec::new(&ColumnNames {
            persons: Some("Wie viele?".into()),
            note: Some("Tür".into()),
            ..ColumnNames::default()
        });
        let (party, note) = optional(&custom, &["Persons", "wie viele", "Notes", "TÜR"]);
        assert_eq!(party, Some((3, Count::Persons, "wie viele".into())));
        assert_eq!(note, Some(5), "the given title replaces the built-in ones");
        let plus = HeaderSpec::new(&ColumnNames {
            persons: Some("Plus 1".into()),
            ..ColumnNames::default()
        });
        let (party, _) = optional(&plus, &["Persons", "+1"]);
        assert_eq!(party, Some((3, Count::Companions, "+1".into())));
    }

    /// A guest list written in each language the app speaks: every column
    /// is found by its usual title in that language.
    #[test]
    fn every_column_is_found_in_each_language() {
        let spec = HeaderSpec::new(&ColumnNames::default());
        // (language, full name, first, last, email, salutation, party, note, language)
        let lists = [
            (
                "en",
                "Full name",
                "First name",
                "Last name",
                "Email address",
                "Salutation",
                "Party size",
                "Notes",
                "Language",
            ),
            (
                "de",
                "Name",
                "Vorname",
                "Nachname",
                "E-Mail-Adresse",
                "Anrede",
                "Personen",
                "Bemerkung",
                "Sprache",
            ),
            (
                "fr",
                "Nom complet",
                "Prénom",
                "Nom de famille",
                "Adresse e-mail",
                "Civilité",
                "Nombre de personnes",
                "Remarques",
                "Langue",
            ),
            (
                "es",
                "Nombre completo",
                "Nombre de pila",
                "Apellidos",
                "Correo electrónico",
                "Tratamiento",
                "Número de personas",
                "Notas",
                "Idioma",
            ),
        ];
        for (lang, name, first, last, email, salutation, party, note, language) in lists {
            let with_name = [
                (0, name),
                (1, email),
                (2, salutation),
                (3, party),
                (4, note),
                (5, language),
            ];
            let h = spec.match_row(1, &with_name).expect(lang);
            assert_eq!(
                (h.name, h.email, h.salutation),
                (Some(0), 1, Some(2)),
                "{lang}"
            );
            assert_eq!(
                h.party.map(|p| (p.column.col, p.count)),
                Some((3, Count::Persons)),
                "{lang}"
            );
            assert_eq!(h.note.map(|n| n.col), Some(4), "{lang}");
            assert_eq!(h.language.map(|n| n.col), Some(5), "{lang}");
            let split = [(0, first), (1, last), (2, email)];
            let h = spec.match_row(1, &split).expect(lang);
            assert_eq!(
                (h.first, h.last, h.email, h.name),
                (Some(0), Some(1), 2, None),
                "{lang}"
            );
        }
        // Companions columns, one per language.
        for companions in ["Plus one", "Begleitung", "Accompagnants", "Acompañantes"] {
            let (party, _) = optional(&spec, &[companions]);
            assert_eq!(party.map(|p| p.1), Some(Count::Companions), "{companions}");
        }
    }

    #[test]
    fn title_lists_are_keys_and_disjoint() {
        let lists = [
            NAME, FIRST, LAST, EMAIL, SALUTATION, PERSONS, COMPANIONS, NOTE, LANGUAGE,
        ];
        let mut seen = std::collections::HashSet::new();
        for list in lists {
            for key in list {
                assert_eq!(title_key(key), *key, "{key} is not a title key");
                assert!(seen.insert(*key), "{key} is in two lists");
            }
        }
    }
}
