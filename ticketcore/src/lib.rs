//! # ticketcore
//!
//! The rules of a self-hosted event-ticket system. An organiser creates an
//! [`Event`], issues one [`Ticket`] per guest with a short letter code
//! ([`CodeSpec`]: 3 letters `A`–`Z` by default), and door staff scan typed codes:
//! [`ScanOutcome::Admitted`] exactly once per ticket, red outcomes otherwise.
//!
//! Design:
//! - [`TicketOffice`] is where applications start: the facade frontends hold;
//!   it knows nothing of HTTP or terminals, checks every input and offers
//!   every operation (events, import, mail, scans, users, sessions, the
//!   change feed).
//! - [`store::Store`] is the storage trait, for backends and tests;
//!   [`SqliteStore`] is the default backend and [`AnyStore`] picks a backend
//!   from a URL (SQLite, PostgreSQL, MySQL/MariaDB). Queries that are the
//!   same everywhere are written once (`store/shared.rs`).
//! - Scans are decided by one conditional write each and group-committed by a
//!   single writer task ([`scan::ScanQueue`]): one transaction and one fsync per
//!   burst of concurrent scans, each caller answered after the COMMIT.
//! - Every instant is UTC, stored as integer milliseconds.
//!
//! ```
//! use ticketcore::CodeSpec;
//! let spec = CodeSpec::new("ABCDEFGHJKLMNPQRSTUVWXYZ", 4)?;
//! assert_eq!(spec.size(), 24u64.pow(4));
//! # Ok::<_, ticketcore::code::CodeSpecError>(())
//! ```
#![deny(missing_docs)]
#![warn(clippy::missing_errors_doc)]

pub mod auth;
pub mod changes;
pub mod code;
pub mod door_rules;
pub mod door_search;
pub mod error;
pub mod export;
pub mod guard;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod maintenance;
pub mod message;
pub mod model;
pub mod odds;
mod office;
pub mod offline;
pub mod pairing;
pub mod paper;
pub mod party;
pub mod scan;
pub mod search;
pub mod session;
pub mod settings;
pub mod store;
pub mod template_file;
#[cfg(feature = "testing")]
pub mod testing;

pub use changes::ChangeFeed;
pub use code::{CodeError, CodeSpec, CodeSpecError, Codes};
pub use error::{Error, Result};
pub use message::Message;
pub use model::{
    ApiToken, ArrivalBucket, Event, EventId, GuestEdit, GuestUpdate, MailCounts, MailResult,
    MailStatus, NewEvent, NewGuest, NewTicket, Role, ScanKind, ScanOutcome, ScanRecord,
    ScanRequest, Stats, Ticket, TicketFilter, TicketId, TicketSort, TicketStatus, Timestamp, User,
    UserId,
};
pub use office::{ImportReport, MAX_LOGGED_INPUT_CHARS, MAX_NAME_CHARS, TicketOffice};
pub use session::Sessions;
pub use store::{AnyStore, SqliteStore};
