//! Cleaning of cell text: invisible characters, odd spaces and line breaks.

/// Characters that take no room and carry no meaning in a name or address
/// (zero-width space, word joiner, byte-order mark, soft hyphen, bidi
/// embedding/override/isolate controls).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that should count as a plain space: every Unicode white space
/// (NBSP, narrow NBSP, figure space, tab, line and paragraph separators,
/// ideographic space, line breaks) and control characters.
fn is_spacey(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Cleans a name, salutation or title: invisible characters removed, every
/// kind of space, tab, line break or control character turned into one plain
/// space, runs of spaces collapsed, trimmed.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_spacey(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    // Zero-width joiners only make sense between letters.
    let trimmed =
        out.trim_matches(|c| matches!(c, '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}'));
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.trim().to_string()
    }
}

/// Whether [`clean_text`] would leave nothing of `s` (without building it).
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| {
        is_invisible(c)
            || is_spacey(c)
            || matches!(c, '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}')
    })
}

/// Normalises a column title for matching: lower case, only letters and
/// digits kept (so `" E-mail address "`, `"E-Mail-Adresse"`, `"e_mail"` and
/// `"E‑mail\u{A0}"` compare by their letters alone), and a plus sign
/// spelled out (`"+1"` and `"Plus 1"` are `plus1`, `"Guests +"` is
/// `guestsplus`), so a companions column's `+1` is not the bare `1` of a
/// numbered column.
pub(crate) fn title_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '+' || c == '\u{FF0B}' {
            key.push_str("plus");
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_invisible_and_breaks() {
        assert_eq!(clean_text("\u{200B}Leo\u{A0}Marx\t"), "Leo Marx");
        assert_eq!(clean_text("Maria\r\nda   Silva"), "Maria da Silva");
        assert_eq!(clean_text("  "), "");
        for s in [
            "",
            " \u{200B}\u{A0}\t",
            "\u{200D}\u{200C} \u{200E}",
            "a",
            " \u{200D}x",
            "Leo Marx",
        ] {
            assert_eq!(is_blank(s), clean_text(s).is_empty(), "{s:?}");
        }
        assert_eq!(title_key(" E-mail\u{A0}address "), "emailaddress");
        assert_eq!(title_key("E-Mail-Adresse"), "emailadresse");
        for plus_one in ["+1", " +1 ", "Plus 1", "plus-1", "\u{FF0B}1"] {
            assert_eq!(title_key(plus_one), "plus1", "{plus_one:?}");
        }
        assert_eq!(title_key("Guests +"), "guestsplus");
        assert_eq!(title_key("1"), "1");
    }
}
