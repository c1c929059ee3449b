//! Checks of one email address cell, as mail servers will take it.
//!
//! The rules: exactly one address per cell; a `mailto:` prefix is dropped;
//! plus-addressing (`anna+gala@…`) is kept; the part before `@` must be plain
//! ASCII (most servers refuse anything else); an internationalised domain is
//! converted to its ASCII (punycode) form; the domain needs a dot and a
//! top-level domain; the address is checked with the `email_address` crate.

use std::borrow::Cow;

use email_address::{EmailAddress, Options};

use crate::message::Message;
use crate::msg;

/// Longest address accepted (RFC 5321 path limit minus the angle brackets).
const MAX_ADDRESS_LEN: usize = 254;

/// Checks the text of an email cell. On success returns the address to send
/// to (local part as written, domain in lower-case ASCII); on failure a
/// sentence for the organiser.
pub(crate) fn check_address(raw: &str) -> Result<String, Message> {
    // Visible ASCII (nearly every cell) has nothing to strip.
    let text = if raw.bytes().all(|b| b.is_ascii_graphic()) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(strip_invisible(raw))
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(msg!("row-email-missing"));
    }
    // Only messages need the shortened cell text: build it when one is made.
    let shown = Shown(text);

    let text = strip_mailto(text);
    // `<anna@example.org>` is fine; `Anna <anna@example.org>` is not one address alone.
    let text = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .map_or(text, str::trim);

    let with_at = text
        .split([',', ';', ' ', '\n', '\r'])
        .filter(|p| p.contains('@'))
        .count();
    if with_at > 1 {
        return Err(msg!("row-email-several", cell = shown.to_string()));
    }
    if text.contains('<') || text.contains('>') {
        return Err(msg!(
            "row-email-more-than-address",
            cell = shown.to_string()
        ));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(msg!("row-email-spaces", cell = shown.to_string()));
    }
    if !text.contains('@') {
        let lower = text.to_lowercase();
        if lower.contains("(at)") || lower.contains("[at]") || lower.contains(" at ") {
            return Err(msg!("row-email-at-written", cell = shown.to_string()));
        }
        if text.parse::<f64>().is_ok() {
            return Err(msg!("row-email-number", value = shown.to_string()));
        }
        return Err(msg!("row-email-no-at", cell = shown.to_string()));
    }

    let Some((local, domain)) = text.rsplit_once('@') else {
        return Err(msg!("row-email-not-address", cell = shown.to_string()));
    };
    if local.is_empty() {
        return Err(msg!(
            "row-email-nothing-before-at",
            cell = shown.to_string()
        ));
    }
    if local.contains('@') {
        return Err(msg!("row-email-several-at", cell = shown.to_string()));
    }
    if !local.is_ascii() {
        return Err(msg!("row-email-non-ascii", cell = shown.to_string()));
    }
    if local.starts_with('"') {
        return Err(msg!("row-email-quotes", cell = shown.to_string()));
    }
    let domain = domain.trim_end_matches('.');
    if domain.is_empty() {
        return Err(msg!("row-email-no-domain", cell = shown.to_string()));
    }
    if domain.starts_with('[') {
        return Err(msg!("row-email-ip-address", cell = shown.to_string()));
    }
    let ascii_domain = if domain.is_ascii() {
        Cow::Owned(domain.to_ascii_lowercase())
    } else {
        match idna::domain_to_ascii(domain) {
            Ok(d) if !d.is_empty() => Cow::Owned(d),
            _ => {
                return Err(msg!("row-email-bad-idn", cell = shown.to_string()));
            }
        }
    };
    check_domain(&ascii_domain, &shown)?;

    let mut address = String::with_capacity(local.len() + 1 + ascii_domain.len());
    address.push_str(local);
    address.push('@');
    address.push_str(&ascii_domain);
    if address.len() > MAX_ADDRESS_LEN {
        return Err(msg!("row-email-too-long", cell = shown.to_string()));
    }
    let options = Options::default()
        .without_display_text()
        .without_domain_literal();
    match EmailAddress::parse_with_options(&address, options) {
        Ok(_) => Ok(address),
        Err(e) => Err(msg!(
            "row-email-invalid",
            cell = shown.to_string(),
            error = e.to_string()
        )),
    }
}

/// Checks an ASCII domain: at least two labels, labels of letters, digits and
/// inner hyphens (1–63 characters), an alphabetic or punycode top-level domain.
/// On failure a sentence naming the address as written (`shown`).
fn check_domain(domain: &str, shown: &Shown<'_>) -> Result<(), Message> {
    if domain.len() > 253 {
        return Err(msg!("row-email-domain-too-long", cell = shown.to_string()));
    }
    if !domain.contains('.') {
        return Err(msg!("row-email-no-tld", cell = shown.to_string()));
    }
    for label in domain.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(msg!(
                "row-email-domain-empty-part",
                cell = shown.to_string()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(msg!("row-email-domain-hyphen", cell = shown.to_string()));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(msg!(
                "row-email-domain-characters",
                cell = shown.to_string()
            ));
        }
    }
    let tld = domain.rsplit('.').next().unwrap_or_default();
    if !(tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--")) || tld.len() < 2 {
        return Err(msg!("row-email-bad-tld", cell = shown.to_string()));
    }
    Ok(())
}

/// Drops a leading `mailto:` (any case) and anything after `?` in such a link.
fn strip_mailto(text: &str) -> &str {
    let Some(prefix) = text.get(..7) else {
        return text;
    };
    if !prefix.eq_ignore_ascii_case("mailto:") {
        return text;
    }
    let rest = text.get(7..).unwrap_or_default();
    rest.split('?').next().unwrap_or_default().trim()
}

/// Removes invisible characters and turns every Unicode space into a plain space.
fn strip_invisible(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200F}'
                    | '\u{2060}'
                    | '\u{FEFF}'
                    | '\u{00AD}'
                    | '\u{180E}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
            )
        })
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The cell text for a message, shortened when shown (see [`shorten`]).
struct Shown<'a>(&'a str);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&shorten(self.0))
    }
}

/// The cell text as shown in a message: at most 80 characters.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(77).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::check_address;

    #[test]
    fn addresses() {
        assert_eq!(
            check_address("Tom.Becker+Gala@Example.ORG").as_deref(),
            Ok("Tom.Becker+Gala@example.org")
        );
        assert_eq!(
            check_address("mailto:uma@example.org").as_deref(),
            Ok("uma@example.org")
        );
        assert_eq!(
            check_address("jan@bücher.example").as_deref(),
            Ok("jan@xn--bcher-kva.example")
        );
        assert_eq!(
            check_address("\u{200B}\tleo@example.org\u{A0} ").as_deref(),
            Ok("leo@example.org")
        );
        for bad in [
            "a@x.org, b@y.org",
            "a@x.org; b@y.org",
            "a@x.org b@y.org",
            "0",
            "peter(at)example.org",
            "anna@localhost",
            "anna@@example.org",
            "Anna <anna@example.org>",
            "anna@example..org",
            "anna@-x.org",
            "",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
    }
}
