//! Ticket mail: templates, message building, transports and the send run.
//!
//! - [`MailTemplate`] renders a subject, a text body and an HTML body per
//!   ticket with minijinja (HTML auto-escaped).
//! - [`build_message`] turns a rendered mail into an RFC 5322 message with
//!   exactly one recipient; names cannot inject headers.
//! - [`Mailer`] delivers through SMTP (lettre, pooled) or writes `.eml` files
//!   to an outbox folder, and sorts SMTP refusals by what they concern.
//! - [`send_tickets`] mails every pending ticket of an event with bounded
//!   concurrency and an optional rate limit, recording each result durably,
//!   holding the event's [`MailLease`] so only one run per event mails at a time.

pub mod lease;
mod message;
pub mod qr;
mod run;
pub(crate) mod template;
mod transport;

pub use lease::MailLease;
pub use message::{build_message, display_name, parse_mailbox};
pub use run::{FailedMail, SendOptions, SendProgress, SendReport, send_tickets};
pub use template::{
    CompiledTemplate, CompiledTemplates, MailTemplate, MailTemplates, RenderedMail, greeting_for,
};
pub use transport::{Delivery, Mailer, classify_smtp_reply};

pub use lettre::message::Mailbox;
