//! A ticket mail built from outside text: the sender typed by the organiser,
//! the guest's name, salutation and address from an imported list, the event
//! name. Building never panics, and whatever the text, the message has
//! exactly one `From`, `To` and `Subject` header and no other recipients
//! (no header injection through line breaks), and no header line is longer
//! than 998 bytes (RFC 5322 section 2.1.1).
//!
//! Input: the five fields separated by `0x01`:
//! sender, name, salutation, address, event name.

use std::sync::OnceLock;

use ticketcore::mail::{CompiledTemplate, MailTemplate, build_message, parse_mailbox};
use ticketcore::{CodeSpec, Event, EventId, MailStatus, Ticket, TicketId, TicketStatus, Timestamp};

/// Longest guest name and salutation the import accepts, in characters.
const MAX_CHARS: usize = 200;

fn template() -> &'static CompiledTemplate {
    static T: OnceLock<CompiledTemplate> = OnceLock::new();
    T.get_or_init(|| {
        MailTemplate::default()
            .compile()
            .expect("built-in template")
    })
}

fn headers(formatted: &[u8]) -> &[u8] {
    let end = formatted
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(formatted.len());
    &formatted[..end]
}

/// Panics when `data` breaks the rule above.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().unwrap_or("");
    let (from, name, salutation, email, event_name) = (next(), next(), next(), next(), next());
    if name.chars().count() > MAX_CHARS || salutation.chars().count() > MAX_CHARS {
        return;
    }
    let Ok(from) = parse_mailbox(from) else {
        return;
    };
    let event = Event {
        id: EventId(1),
        slug: "ball".into(),
        name: event_name.into(),
        date: None,
        code_spec: CodeSpec::default(),
        time_zone: ticketcore::model::host_time_zone(),
        created_at: Timestamp::default(),
    };
    let ticket = Ticket {
        id: TicketId(1),
        event_id: event.id,
        code: "KQZ".into(),
        name: name.into(),
        email: email.into(),
        salutation: (!salutation.is_empty()).then(|| salutation.into()),
        status: TicketStatus::Valid,
        used_at: None,
        used_by: None,
        revoked_at: None,
        mail_status: MailStatus::Pending,
        mail_sent_at: None,
        mail_error: None,
        mail_attempts: 0,
        created_at: Timestamp::default(),
    };
    let Ok(mail) = template().render(&event, &ticket) else {
        return;
    };
    let Ok(message) = build_message(&from, &ticket.name, &ticket.email, &mail) else {
        return;
    };
    let formatted = message.formatted();
    let head = headers(&formatted);
    let lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    let count = |name: &[u8]| {
        lines
            .iter()
            .filter(|l| l.len() >= name.len() && l[..name.len()].eq_ignore_ascii_case(name))
            .count()
    };
    for (header, want) in [
        (&b"From:"[..], 1),
        (b"To:", 1),
        (b"Subject:", 1),
        (b"Cc:", 0),
        (b"Bcc:", 0),
        (b"Reply-To:", 0),
        (b"Sender:", 0),
    ] {
        assert_eq!(
            count(header),
            want,
            "{} header lines in\n{}",
            String::from_utf8_lossy(header),
            String::from_utf8_lossy(head)
        );
    }
    for line in &lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= 998, "a header line of {} bytes", line.len());
    }
}
