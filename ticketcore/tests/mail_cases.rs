//! Case c09: hostile names (commas, quotes, right-to-left script, an 80-letter
//! Greek name, a line break followed by `Bcc:`, an embedded `<address>`, text
//! that looks like an RFC 2047 encoded word). Every mail has exactly one
//! recipient in `To:` and in the envelope, the display name decodes to the
//! stored name, no `Bcc`/`Cc` header appears, no header line exceeds 998
//! octets (RFC 5322 §2.1.1), and HTML bodies escape `<`.

mod common;

use common::smtp::{self, Script};
use mail_parser::MessageParser;
use ticketcore::import::ImportOptions;
use ticketcore::mail::{Mailer, SendOptions, parse_mailbox};
use ticketcore::{NewEvent, TicketFilter, TicketOffice};

const C09: &[u8] = include_bytes!("fixtures/cases/c09_header_hostile_names.csv");

#[tokio::test]
async fn hostile_names_reach_exactly_their_guest_with_their_name() {
    let (store, _guard) = common::sqlite().await.expect("sqlite");
    let office = TicketOffice::new(store);
    let event = office
        .create_event(NewEvent::named("Gala"))
        .await
        .expect("event");
    let report = office
        .import_guests(&event, C09.to_vec(), "c09.csv", &ImportOptions::default())
        .await
        .expect("import");
    assert_eq!(report.imported, 7, "{report:?}");
    let server = smtp::start(Script::default()).await;
    let from = parse_mailbox("Gala <gala@example.org>").expect("from");
    let sent = office
        .send_tickets(
            &event,
            &Mailer::smtp(&server.url()).expect("mailer"),
            Some(&from),
            &SendOptions::default(),
            &|_| {},
        )
        .await
        .expect("send");
    assert_eq!(sent.sent, 7, "{sent:?}");
    let tickets = office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    let received = server.received();
    assert_eq!(received.len(), 7);
    for mail in &received {
        assert_eq!(mail.rcpt.len(), 1, "one envelope recipient");
        let ticket = tickets
            .iter()
            .find(|t| t.email == mail.rcpt[0])
            .expect("recipient is a guest");
        let headers = mail.data.split("\r\n\r\n").next().unwrap_or("");
        for line in mail.data.split("\r\n") {
            assert!(line.len() <= 998, "a line of {} octets", line.len());
        }
        for line in headers.split("\r\n") {
            let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
            assert!(name != "bcc" && name != "cc", "injected header: {line}");
        }
        let msg = MessageParser::default()
            .parse(mail.data.as_bytes())
            .expect("parse");
        let to: Vec<_> = msg.to().map(|a| a.iter().collect()).unwrap_or_default();
        assert_eq!(to.len(), 1, "one To address for {}", ticket.name);
        assert_eq!(to[0].address().unwrap_or(""), ticket.email);
        assert_eq!(
            to[0].name().unwrap_or(""),
            ticket.name,
            "display name decodes to the stored name"
        );
        let html = msg.body_html(0).unwrap_or_default();
        if ticket.name.contains('<') {
            assert!(
                !html.contains(&ticket.name),
                "HTML escapes the name of {}",
                ticket.name
            );
        }
    }
}
