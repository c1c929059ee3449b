//! Mail templates from arbitrary text compile, check and render without
//! panicking; fuel bounds runaway loops.
//!
//! Input: subject, text and HTML separated by `0x01` (no HTML part: the
//! built-in layout).

use ticketcore::mail::MailTemplate;

/// The template `data` stands for; `None` when it is not UTF-8.
pub fn template(data: &[u8]) -> Option<MailTemplate> {
    let text = std::str::from_utf8(data).ok()?;
    let mut parts = text.splitn(3, '\u{1}');
    Some(MailTemplate {
        subject: parts.next().unwrap_or("").to_string(),
        text: parts.next().unwrap_or("").to_string(),
        html: parts.next().map(str::to_string),
        message: String::new(),
    })
}

/// Panics when checking the template of `data` panics.
pub fn check(data: &[u8]) {
    if let Some(template) = template(data) {
        let _ = template.check();
    }
}
