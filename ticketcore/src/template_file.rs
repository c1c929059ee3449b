//! Mail templates kept in a plain text file, for editing in any text editor.
//!
//! The format, like a mail without most headers:
//!
//! ```text
//! Subject: Your ticket for {{ event }}: {{ code }}
//! Message: Doors open at 19:00.
//!
//! {{ greeting }},
//!
//! your code for {{ event }} on {{ date }} is {{ code }}.
//! {{ message }}
//! --- html ---
//! <p>{{ greeting }},</p><p>your code is <b>{{ code }}</b>.</p>
//! ```
//!
//! - Header lines come first, one per line: `Subject:` (required) and
//!   `Message:` (optional, the organiser's note shown by `{{ message }}`).
//!   Header names are case-insensitive.
//! - One blank line, then the plain-text body.
//! - Optionally a line `--- html ---`; everything after it is the HTML body
//!   (auto-escaped placeholders). Without it, the HTML mail shows the text body
//!   in a simple layout with the code large.
//!
//! Placeholders (minijinja): `{{ name }}`, `{{ first_name }}`, `{{ greeting }}`,
//! `{{ salutation }}`, `{{ code }}`, `{{ event }}`, `{{ date }}`, `{{ message }}`,
//! `{{ persons }}` (how many people the ticket admits).
//! [`parse_template_file`] checks the layout; [`MailTemplate::check`] checks
//! the placeholders.

use crate::error::{Error, Result};
use crate::mail::MailTemplate;
use crate::message::Message;
use crate::msg;

/// The line that separates the text body from the optional HTML body.
pub const HTML_SEPARATOR: &str = "--- html ---";

fn bad(reason: Message) -> Error {
    Error::invalid("template file", reason)
}

/// Reads a template file (see the [module docs](self)) into a [`MailTemplate`].
///
/// # Errors
/// [`Error::InvalidInput`] (field `template file`) naming the line at fault:
/// no `Subject:` line, an unknown header, no blank line before the body, an
/// empty body.
pub fn parse_template_file(text: &str) -> Result<MailTemplate> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let mut subject: Option<String> = None;
    let mut message = String::new();
    let mut lines = text.split_inclusive('\n').enumerate();
    let mut body_start = None;
    let mut offset = 0;
    for (index, raw) in lines.by_ref() {
        let number = index + 1;
        offset += raw.len();
        let line = raw.trim_end_matches('\n').trim_end();
        if line.is_empty() {
            if subject.is_none() {
                return Err(bad(msg!("template-subject-first", line = number)));
            }
            body_start = Some(offset);
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(bad(msg!("template-header-expected", line = number)));
        };
        let value = value.trim().to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "subject" if subject.is_some() => {
                return Err(bad(msg!("template-second-subject", line = number)));
            }
            "subject" if value.is_empty() => {
                return Err(bad(msg!("template-subject-empty", line = number)));
            }
            "subject" => subject = Some(value),
            "message" => message = value,
            other => {
                return Err(bad(msg!(
                    "template-unknown-header",
                    line = number,
                    header = other
                )));
            }
        }
    }
    let Some(subject) = subject else {
        return Err(bad(msg!("template-file-empty")));
    };
    let Some(start) = body_start else {
        return Err(bad(msg!("template-no-text")));
    };
    let body = &text[start..];
    let (plain, html) = match body
        .split_inclusive('\n')
        .scan(0usize, |pos, line| {
            let at = *pos;
            *pos += line.len();
            Some((at, line))
        })
        .find(|(_, line)| line.trim().eq_ignore_ascii_case(HTML_SEPARATOR))
    {
        Some((at, line)) => (&body[..at], Some(&body[at + line.len()..])),
        None => (body, None),
    };
    if plain.trim().is_empty() {
        return Err(bad(msg!("template-text-empty")));
    }
    if html.is_some_and(|h| h.trim().is_empty()) {
        return Err(bad(msg!("template-html-empty", separator = HTML_SEPARATOR)));
    }
    Ok(MailTemplate {
        subject,
        text: plain.to_string(),
        html: html.map(str::to_string),
        message,
    })
}

/// Writes a template in the file format [`parse_template_file`] reads.
///
/// A multi-line message is joined into one line.
pub fn to_template_file(template: &MailTemplate) -> String {
    let mut out = format!("Subject: {}\n", template.subject.replace('\n', " "));
    if !template.message.trim().is_empty() {
        let message: Vec<&str> = template.message.split_whitespace().collect();
        out.push_str(&format!("Message: {}\n", message.join(" ")));
    }
    out.push('\n');
    out.push_str(&template.text);
    if let Some(html) = &template.html {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(HTML_SEPARATOR);
        out.push('\n');
        out.push_str(html);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_subject_text_and_html() {
        let t = parse_template_file(
            "\u{feff}subject: Hi {{ code }}\r\nMessage: Bring a coat\r\n\r\nHello {{ name }}\r\n--- HTML ---\r\n<p>{{ code }}</p>\r\n",
        )
        .expect("parses");
        assert_eq!(t.subject, "Hi {{ code }}");
        assert_eq!(t.message, "Bring a coat");
        assert_eq!(t.text, "Hello {{ name }}\n");
        assert_eq!(t.html.as_deref(), Some("<p>{{ code }}</p>\n"));
        assert!(t.check().is_ok());
    }

    #[test]
    fn round_trips() {
        let t = MailTemplate::default();
        let back = parse_template_file(&to_template_file(&t)).expect("parses");
        assert_eq!(back.subject, t.subject);
        assert_eq!(back.text, t.text);
        assert_eq!(back.html, t.html);
    }

    #[test]
    fn refuses_bad_layouts() {
        for bad in [
            "",
            "\nHello",
            "Hello {{ name }}\n\nText",
            "Subject: x\nFrom: y\n\nText",
            "Subject: x\nText right away",
            "Subject: x\n\n   \n",
            "Subject: x\n\nText\n--- html ---\n\n",
            "Subject:\n\nText",
        ] {
            assert!(parse_template_file(bad).is_err(), "{bad:?}");
        }
    }
}
