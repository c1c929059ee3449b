//! Search that ignores case and accents, the same on every backend.
//!
//! Organisers and door staff type "jurgen" for "Jürgen", "soren" for
//! "Søren" and "strasse" for "Straße". Databases fold text differently
//! (SQLite's `LIKE` folds ASCII only, PostgreSQL's `ILIKE` and MySQL's
//! `LOWER()` all of Unicode, none of them strips accents), so the folding is
//! done here, once: every ticket stores its name, address and code folded by
//! [`fold`] (the `search_text` column), and a search compares the folded
//! query against it with a plain `LIKE`.

use unicode_normalization::UnicodeNormalization;

/// Longest search text [`crate::TicketOffice::tickets`] accepts, in
/// characters: the longest email address (SQLite refuses `LIKE` patterns
/// of 50,000 bytes, where the other databases find nothing).
pub const MAX_SEARCH_CHARS: usize = 320;
use unicode_normalization::char::is_combining_mark;

/// `text` lower-cased and without accents, for comparing: Unicode
/// compatibility decomposition (NFKD) with the combining marks dropped
/// (é → e, ü → u, ﬁ → fi), then lower case, and the letters that do not
/// decompose spelled as a German, Danish or Polish reader types them
/// without the key: ß → ss, ø → o, æ → ae, œ → oe, đ → d, ł → l, þ → th,
/// ı → i; and Greek final sigma as sigma (ς → σ).
///
/// ```
/// use ticketcore::search::fold;
/// assert_eq!(fold("Jürgen Straße"), "jurgen strasse");
/// assert_eq!(fold("SØREN Kierkegård"), "soren kierkegard");
/// assert_eq!(fold("Émile"), fold("emile"));
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            // Greek final sigma: lower case of Σ at a word's end.
            'ς' => out.push('σ'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded text a ticket is found by: its name, address and code, each
/// [`fold`]ed, on separate lines (so a search never matches across two
/// fields).
pub fn ticket_text(name: &str, email: &str, code: &str) -> String {
    format!("{}\n{}\n{}", fold(name), fold(email), fold(code))
}

/// What a search for `typed` compares against [`ticket_text`]: [`fold`]ed,
/// with runs of white space (line breaks included) as one space, so a
/// search never spans two fields. `None` for a blank search (everything
/// matches).
pub fn query(typed: &str) -> Option<String> {
    let folded = fold(typed);
    let words: Vec<&str> = folded.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_of_european_names() {
        for (typed, stored) in [
            ("jurgen", "Jürgen"),
            ("soren", "Søren"),
            ("emile", "Émile"),
            ("strasse", "Straße"),
            ("lukasz", "Łukasz"),
            ("aeroe", "Ærøe"),
            ("zoe", "ZOË"),
            ("francois", "François"),
            ("bjork", "Björk"),
            ("σισυφος", "ΣΊΣΥΦΟΣ"),
            ("ilker isik", "İlker Işık"),
        ] {
            assert_eq!(fold(typed), fold(stored), "{typed} / {stored}");
        }
        assert_ne!(fold("anna"), fold("anne"));
    }

    #[test]
    fn fields_stay_apart() {
        let text = ticket_text("Anna", "x@example.org", "ABC");
        assert_eq!(text, "anna\nx@example.org\nabc");
        assert!(!text.contains("annax"));
        assert_eq!(query(" Anna\nX@EXAMPLE "), Some("anna x@example".into()));
        assert_eq!(query(" \t\n"), None);
    }
}
