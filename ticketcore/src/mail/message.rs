//! Building one ticket mail as an RFC 5322 message.
//!
//! The recipient is one mailbox built from the stored address and name; the
//! name is a display name only, encoded by lettre (quoted string, or RFC 2047
//! encoded words for non-ASCII), so commas, quotes, `<address>` text or line
//! breaks in a name can never add a recipient or a header.

use std::str::FromStr;

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::error::{Error, Result};
use crate::mail::RenderedMail;
use crate::mail::qr;

/// The display name used in `To:` for a stored guest name: control characters
/// (line breaks, tabs) become spaces, runs of whitespace collapse, ends trimmed.
pub fn display_name(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Longest sender accepted by [`parse_mailbox`], in characters. The `From`
/// header then stays within RFC 5322's 998 bytes per line (section 2.1.1) even
/// when the name is one long word that cannot be folded and every character
/// of it needs quoting.
pub const MAX_MAILBOX_CHARS: usize = 256;

/// Parses a sender such as `Summer Ball <tickets@example.org>` or a bare address.
///
/// # Errors
/// [`Error::InvalidInput`] (field `mail from`) when it is not one mailbox or
/// is longer than 256 characters.
pub fn parse_mailbox(text: &str) -> Result<Mailbox> {
    if text.trim().chars().count() > MAX_MAILBOX_CHARS {
        return Err(Error::invalid(
            "mail from",
            crate::msg!("mail-from-too-long", max = MAX_MAILBOX_CHARS),
        ));
    }
    Mailbox::from_str(text.trim()).map_err(|_| {
        Error::invalid(
            "mail from",
            crate::msg!("mail-from-invalid", sender = text.trim()),
        )
    })
}

/// Builds the message for one guest holding the ticket `code`: a text part
/// and an HTML part as alternatives. When the HTML shows
/// `cid:ticket-qr` (the default layouts do, beside the letters), the code's
/// QR image ([`qr::ticket_qr_png`]) travels inside the message as a related
/// part with that `Content-ID`, so it shows offline and is not blocked as a
/// remote image.
///
/// # Errors
/// [`Error::InvalidInput`] (field `email`) when the guest's address is not a
/// valid address; the caller marks that guest failed.
pub fn build_message(
    from: &Mailbox,
    name: &str,
    email: &str,
    code: &str,
    mail: &RenderedMail,
) -> Result<Message> {
    let address = email.trim().parse().map_err(|e| {
        // `format!`, not `to_string`: the error's type is known only
        // once `address` is used below.
        Error::invalid(
            "email",
            crate::msg!(
                "mail-address-invalid",
                email = email,
                error = format!("{e}")
            ),
        )
    })?;
    let shown = display_name(name);
    let to = Mailbox::new((!shown.is_empty()).then_some(shown), address);
    // A Message-ID of the sender's domain: spam filters count a missing one
    // against a mail (RFC 5322 section 3.6.4).
    let message_id = format!("<{}@{}>", crate::auth::random_hex(16), from.email.domain());
    Message::builder()
        .message_id(Some(message_id))
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentLanguage(mail.language.code()))
        .multipart(body(code, mail)?)
        .map_err(|e| {
            Error::invalid(
                "email",
                crate::msg!("mail-cannot-build", error = e.to_string()),
            )
        })
}

/// `Content-Language` (RFC 3282): the language the mail is written in.
#[derive(Debug, Clone)]
struct ContentLanguage(&'static str);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        crate::i18n::Lang::parse(s)
            .map(|l| ContentLanguage(l.code()))
            .ok_or_else(|| format!("not a language: {s}").into())
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.to_string())
    }
}

/// The text and the HTML as alternatives, the HTML with its QR image when
/// it shows one.
fn body(code: &str, mail: &RenderedMail) -> Result<MultiPart> {
    let text = SinglePart::plain(mail.text.clone());
    let html = SinglePart::html(mail.html.clone());
    if !mail.html.contains(&format!("cid:{}", qr::CONTENT_ID)) {
        return Ok(MultiPart::alternative().singlepart(text).singlepart(html));
    }
    let png = qr::ticket_qr_png(code)?;
    let image_type =
        ContentType::parse("image/png").map_err(|e| Error::Internal(format!("image/png: {e}")))?;
    let image = Attachment::new_inline(qr::CONTENT_ID.to_string()).body(png, image_type);
    Ok(MultiPart::alternative()
        .singlepart(text)
        .multipart(MultiPart::related().singlepart(html).singlepart(image)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_own_message_id_of_the_senders_domain() {
        let from = parse_mailbox("Summer Ball <tickets@ball.example.org>").expect("sender");
        let mail = RenderedMail {
            language: crate::i18n::Lang::De,
            subject: "Your ticket".into(),
            text: "ABC".into(),
            html: "<p>ABC</p>".into(),
        };
        let id = |m: &Message| {
            let text = String::from_utf8_lossy(&m.formatted()).into_owned();
            text.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                .map(str::to_string)
                .expect("a Message-ID header")
        };
        let a = build_message(&from, "Anna", "anna@example.org", "ABC", &mail).expect("message");
        let b = build_message(&from, "Anna", "anna@example.org", "ABC", &mail).expect("message");
        assert!(id(&a).ends_with("@ball.example.org>"), "{}", id(&a));
        assert_ne!(id(&a), id(&b));
        let text = String::from_utf8_lossy(&a.formatted()).into_owned();
        assert!(text.contains("\r\nContent-Language: de\r\n"), "{text}");
    }
}
