//! A ticket mail built from outside text: the sender typed by the organiser,
//! the guest's name, salutation and address from an imported list, the event
//! name (each within the limits the app enforces). Building never panics,
//! and whatever the text, the message's header has only the fields the
//! builder writes (so no other recipients: no header injection through line
//! breaks), `From`, `To`, `Subject` and `Content-Type` exactly once, lines
//! ending in CRLF only, and no line longer than 998 bytes (RFC 5322 section
//! 2.1.1).
//!
//! Input: the five fields separated by `0x01`:
//! sender, name, salutation, address, event name.

use std::sync::OnceLock;

use ticketcore::mail::{CompiledTemplate, MailTemplate, build_message, parse_mailbox};
use ticketcore::{CodeSpec, Event, EventId, MailStatus, Ticket, TicketId, TicketStatus, Timestamp};

/// Longest guest name and salutation the import accepts, and longest event
/// name, in characters.
const MAX_CHARS: usize = 200;

/// The header fields the message builder writes, in lower case.
const FIELDS: [&str; 8] = [
    "content-language",
    "from",
    "to",
    "subject",
    "date",
    "mime-version",
    "content-type",
    "message-id",
];

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
    if [name, salutation, event_name]
        .iter()
        .any(|t| t.chars().count() > MAX_CHARS)
    {
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
        sender: None,
        reentry: false,
        walk_ins: Default::default(),
        walk_in_limit: None,
        language: Default::default(),
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
        persons: 1,
        arrived: 0,
        inside: 0,
        note: None,
        walk_in: false,
        language: None,
    };
    let Ok(mail) = template().render(&event, &ticket) else {
        return;
    };
    let Ok(message) = build_message(&from, &ticket.name, &ticket.email, &ticket.code, &mail) else {
        return;
    };
    let formatted = message.formatted();
    let head = headers(&formatted);
    let shown = || String::from_utf8_lossy(head).into_owned();
    for (i, &b) in head.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(head.get(i + 1), Some(&b'\n'), "bare CR in\n{}", shown()),
            b'\n' => assert_eq!(
                head.get(i.wrapping_sub(1)),
                Some(&b'\r'),
                "bare LF in\n{}",
                shown()
            ),
            _ => {}
        }
    }
    let mut seen = Vec::new();
    for line in head.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= 998, "a header line of {} bytes", line.len());
        if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
            continue; // a folded continuation of the field above
        }
        let name = line
            .iter()
            .position(|&b| b == b':')
            .map(|end| String::from_utf8_lossy(&line[..end]).to_ascii_lowercase())
            .unwrap_or_else(|| panic!("a header line without a field name in\n{}", shown()));
        assert!(
            FIELDS.contains(&name.as_str()),
            "unexpected field {name:?} in\n{}",
            shown()
        );
        seen.push(name);
    }
    for once in ["from", "to", "subject", "content-type"] {
        let n = seen.iter().filter(|f| *f == once).count();
        assert_eq!(n, 1, "{n} {once} fields in\n{}", shown());
    }
}
