//! The things the system talks about: events, guests, tickets, scans, users.
//!
//! All instants are UTC ([`Timestamp`]); they are stored as integer
//! milliseconds since the Unix epoch and serialised as RFC 3339.

use std::fmt;

use chrono::{DateTime, Utc};
pub use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::code::CodeSpec;
use crate::error::{Error, Result};

/// An instant in UTC, millisecond precision.
pub type Timestamp = DateTime<Utc>;

/// The current instant, truncated to whole milliseconds (what storage keeps).
pub fn now() -> Timestamp {
    from_millis(Utc::now().timestamp_millis())
}

/// Converts stored milliseconds since the Unix epoch (UTC) into a [`Timestamp`].
/// Out-of-range values clamp to the epoch rather than panic.
pub fn from_millis(ms: i64) -> Timestamp {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Database id of an [`Event`].
    EventId
);
id_type!(
    /// Database id of a [`Ticket`].
    TicketId
);
id_type!(
    /// Database id of a [`User`].
    UserId
);

/// An event (a party, a ball, a festival day) whose guests get tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Database id.
    pub id: EventId,
    /// Short unique name used in URLs and on the command line, e.g. `summer-ball-2026`.
    pub slug: String,
    /// Display name, e.g. `Summer Ball 2026`.
    pub name: String,
    /// When the event takes place, as the organiser wrote it (free text, e.g. `2026-12-31 20:00`).
    pub date: Option<String>,
    /// How the codes of this event look.
    pub code_spec: CodeSpec,
    /// Where the event takes place, as an IANA time zone (`Europe/Berlin`):
    /// pages show check-in times in it. Instants are stored and exchanged in
    /// UTC whatever this is.
    pub time_zone: Tz,
    /// When the event was created.
    pub created_at: Timestamp,
    /// The event's own sender of ticket mails (`Summer Ball
    /// <tickets@example.org>`); `None`: the default sender (see
    /// [`crate::settings`]).
    pub sender: Option<String>,
    /// Whether a guest who went out may come in again.
    pub reentry: bool,
    /// Who may add walk-ins at the door.
    pub walk_ins: WalkIns,
    /// At most this many walk-ins (`None`: no cap).
    pub walk_in_limit: Option<u32>,
    /// The language of the event's mails (a guest may have their own).
    pub language: crate::i18n::Lang,
}

/// Who may add a walk-in (a guest not on the list) to an event at the door.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalkIns {
    /// Nobody: the guest list is closed.
    Off,
    /// Admins only (the default).
    #[default]
    Admins,
    /// Admins and scanners (door staff).
    Doors,
}

impl WalkIns {
    /// Whether a user with `role` may add walk-ins under this rule.
    pub fn allows(self, role: Role) -> bool {
        match self {
            WalkIns::Off => false,
            WalkIns::Admins => role == Role::Admin,
            WalkIns::Doors => true,
        }
    }

    /// `off`, `admins` or `doors`.
    pub fn as_str(self) -> &'static str {
        match self {
            WalkIns::Off => "off",
            WalkIns::Admins => "admins",
            WalkIns::Doors => "doors",
        }
    }

    /// Parses `off`, `admins` or `doors`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] for anything else.
    pub fn parse(s: &str) -> crate::Result<Self> {
        match s.trim() {
            "off" => Ok(WalkIns::Off),
            "admins" => Ok(WalkIns::Admins),
            "doors" => Ok(WalkIns::Doors),
            other => Err(crate::Error::invalid(
                "walk-ins",
                crate::msg!("walk-ins-unknown", value = other),
            )),
        }
    }
}

impl Event {
    /// `t` on the event's local clock, e.g. for `21:14 CET`.
    pub fn local_time(&self, t: &Timestamp) -> DateTime<Tz> {
        t.with_timezone(&self.time_zone)
    }

    /// The day the event takes place, when its free-text date starts with
    /// one in a form people write: `2026-12-31`, `31.12.2026`, `31/12/2026`
    /// (day first) — anything may follow, such as a time. `None` otherwise.
    pub fn day(&self) -> Option<chrono::NaiveDate> {
        let text = self.date.as_deref()?.trim();
        let first = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == 'T')
            .next()?;
        ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
            .iter()
            .find_map(|f| chrono::NaiveDate::parse_from_str(first, f).ok())
    }
}

/// The event a door most likely means at `now`: one taking place today on
/// its own clock (or that began yesterday: parties run past midnight),
/// else the next one to come, else the newest created (`events` newest
/// first, as [`crate::TicketOffice::events`] lists them). Events without a
/// readable date ([`Event::day`]) count only as the newest.
pub fn current_event(events: &[Event], now: Timestamp) -> Option<&Event> {
    let dated: Vec<(&Event, i64)> = events
        .iter()
        .filter_map(|e| {
            let today = now.with_timezone(&e.time_zone).date_naive();
            e.day().map(|d| (e, (d - today).num_days()))
        })
        .collect();
    dated
        .iter()
        .filter(|(_, days)| *days == 0)
        .chain(dated.iter().filter(|(_, days)| *days == -1))
        .map(|(e, _)| *e)
        .next()
        .or_else(|| {
            dated
                .iter()
                .filter(|(_, days)| *days > 0)
                .min_by_key(|(_, days)| *days)
                .map(|(e, _)| *e)
        })
        .or_else(|| events.first())
}

/// The time zone of the machine this runs on (from `TZ`, `/etc/localtime` or
/// the platform's setting), or UTC when it cannot be told.
pub fn host_time_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| parse_time_zone(&name).ok())
        .unwrap_or(Tz::UTC)
}

/// The time zone a caller named, or the host's ([`host_time_zone`]) when the
/// name is absent or blank: the default of every form and command that
/// creates an event.
///
/// # Errors
/// [`Error::InvalidInput`] for a name the tz database does not know.
pub fn time_zone_or_host(name: Option<&str>) -> Result<Tz> {
    match name.map(str::trim) {
        None | Some("") => Ok(host_time_zone()),
        Some(name) => parse_time_zone(name),
    }
}

/// An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`),
/// case-insensitive, from the tz database bundled with this build.
///
/// # Errors
/// [`Error::InvalidInput`] for a name the database does not know.
///
/// ```
/// use ticketcore::model::parse_time_zone;
/// assert_eq!(parse_time_zone("europe/berlin").unwrap().name(), "Europe/Berlin");
/// assert!(parse_time_zone("CEST+2").is_err());
/// ```
pub fn parse_time_zone(name: &str) -> Result<Tz> {
    let name = name.trim();
    name.parse::<Tz>()
        .or_else(|_| Tz::from_str_insensitive(name))
        .map_err(|_| Error::invalid("time zone", crate::msg!("time-zone-unknown", name = name)))
}

/// What it takes to create an [`Event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// Display name; must not be blank. At most 200 characters.
    pub name: String,
    /// Wanted slug; derived from the name when `None`. Lower-case ASCII letters,
    /// digits and dashes, 1–64 characters.
    pub slug: Option<String>,
    /// When the event takes place (free text).
    pub date: Option<String>,
    /// Code alphabet and length.
    pub code_spec: CodeSpec,
    /// The event's time zone (see [`Event::time_zone`]).
    pub time_zone: Tz,
    /// The language of the event's mails.
    pub language: crate::i18n::Lang,
}

impl NewEvent {
    /// A new event with the default code settings (A–Z, 3 letters), no date,
    /// in the host's time zone ([`host_time_zone`]).
    pub fn named(name: impl Into<String>) -> Self {
        NewEvent {
            name: name.into(),
            slug: None,
            date: None,
            code_spec: CodeSpec::default(),
            time_zone: host_time_zone(),
            language: crate::i18n::Lang::En,
        }
    }

    /// Checks the fields and returns the slug to use.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a blank or over-long name or a malformed slug.
    pub fn validated_slug(&self) -> Result<String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::invalid("event name", crate::msg!("field-empty")));
        }
        if name.chars().count() > 200 {
            return Err(Error::invalid(
                "event name",
                crate::msg!("field-too-long", max = 200u32),
            ));
        }
        match &self.slug {
            Some(slug) => {
                let ok = !slug.is_empty()
                    && slug.len() <= 64
                    && slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !slug.bytes().all(|b| b.is_ascii_digit());
                if ok {
                    Ok(slug.clone())
                } else {
                    Err(Error::invalid(
                        "event slug",
                        crate::msg!("event-slug-malformed"),
                    ))
                }
            }
            None => Ok(slugify(name)),
        }
    }
}

/// Derives a URL-safe slug from a display name: ASCII letters and digits kept
/// (lower-cased), everything else collapsed to single dashes, at most 64 bytes.
/// A name with no ASCII letter or digit gives `event`; a slug of only digits
/// gets the prefix `event-` (so it cannot be mistaken for an id).
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= 64 {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("event");
    } else if slug.bytes().all(|b| b.is_ascii_digit()) {
        slug.insert_str(0, "event-");
    }
    slug
}

/// A guest as read from a guest list, before a ticket is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGuest {
    /// Full name as it should appear in the greeting.
    pub name: String,
    /// Email address the ticket is sent to.
    pub email: String,
    /// Optional salutation ("Dear Dr. Berg") that replaces the default greeting.
    pub salutation: Option<String>,
    /// How many people the ticket admits (its party): 1 to
    /// [`crate::party::MAX_PERSONS`].
    pub persons: u32,
    /// A note shown at the door ("VIP", "check ID").
    pub note: Option<String>,
    /// Added at the door, not from the guest list.
    pub walk_in: bool,
    /// The guest's own language for mails (`None`: the event's).
    pub language: Option<crate::i18n::Lang>,
}

impl NewGuest {
    /// A guest of one person, without salutation or note.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        NewGuest {
            name: name.into(),
            email: email.into(),
            salutation: None,
            persons: 1,
            note: None,
            walk_in: false,
            language: None,
        }
    }
}

/// A correction of a guest's ticket, as the organiser asks for it: each
/// field `None` stays as it is. Checked by
/// [`crate::TicketOffice::edit_guest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GuestEdit {
    /// The name.
    pub name: Option<String>,
    /// The address (empty: none, for a walk-in only).
    pub email: Option<String>,
    /// How many people the ticket admits (never fewer than have come in).
    pub persons: Option<u32>,
    /// The note shown at the door (empty: no note).
    pub note: Option<String>,
    /// The guest's own language for mails (`Some(None)`: the event's).
    pub language: Option<Option<crate::i18n::Lang>>,
}

/// A guest's ticket as it is to be stored after a checked [`GuestEdit`]
/// ([`crate::store::Store::update_guest`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestUpdate {
    /// The name.
    pub name: String,
    /// The address (empty for a walk-in without one).
    pub email: String,
    /// The party's size.
    pub persons: u32,
    /// The note shown at the door.
    pub note: Option<String>,
    /// The guest's own language for mails (`None`: the event's).
    pub language: Option<crate::i18n::Lang>,
}

/// Whether a ticket still admits its guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Not used yet: the next scan admits.
    Valid,
    /// Checked in: further scans are refused as already used.
    Used,
    /// Cancelled by an organiser: every scan is refused.
    Revoked,
}

impl TicketStatus {
    /// The lower-case name used in JSON, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Valid => "valid",
            TicketStatus::Used => "used",
            TicketStatus::Revoked => "revoked",
        }
    }
}

impl std::str::FromStr for TicketStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "valid" => Ok(TicketStatus::Valid),
            "used" => Ok(TicketStatus::Used),
            "revoked" => Ok(TicketStatus::Revoked),
            _ => Err(Error::invalid(
                "status",
                crate::msg!("ticket-status-unknown"),
            )),
        }
    }
}

/// Where the ticket mail of a guest stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Not sent yet (or queued for a resend).
    Pending,
    /// Handed to the mail server by a run that has not recorded the result yet.
    /// Seen at the start of a run, it means an earlier run was interrupted while
    /// delivering: the mail is sent again and may arrive twice.
    Sending,
    /// Accepted by the mail server or written to the outbox.
    Sent,
    /// The last attempt failed; the reason is kept.
    Failed,
    /// Not mailed: a walk-in, let in at the door (a resend queues it).
    #[serde(rename = "none")]
    NotMailed,
}

impl MailStatus {
    /// The lower-case name used in storage, JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::NotMailed => "none",
        }
    }

    /// Parses the stored name; unknown text reads as `Pending` so a mail is never lost.
    pub fn parse(s: &str) -> Self {
        match s {
            "sent" => MailStatus::Sent,
            "sending" => MailStatus::Sending,
            "failed" => MailStatus::Failed,
            "none" => MailStatus::NotMailed,
            _ => MailStatus::Pending,
        }
    }
}

/// A guest's ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    /// Database id.
    pub id: TicketId,
    /// The event this ticket admits to.
    pub event_id: EventId,
    /// The letter code the guest shows at the door, unique within the event.
    pub code: String,
    /// Guest's full name.
    pub name: String,
    /// Guest's email address.
    pub email: String,
    /// Optional salutation from the guest list.
    pub salutation: Option<String>,
    /// Valid, used or revoked (revoked wins over used).
    pub status: TicketStatus,
    /// When the ticket was checked in.
    pub used_at: Option<Timestamp>,
    /// Who checked it in (door or user name).
    pub used_by: Option<String>,
    /// When the ticket was revoked.
    pub revoked_at: Option<Timestamp>,
    /// Mail delivery state.
    pub mail_status: MailStatus,
    /// When the mail was sent.
    pub mail_sent_at: Option<Timestamp>,
    /// Why the last mail attempt failed.
    pub mail_error: Option<String>,
    /// How many delivery attempts were made.
    pub mail_attempts: u32,
    /// When the ticket was issued.
    pub created_at: Timestamp,
    /// How many people the ticket admits (its party).
    pub persons: u32,
    /// How many of them have come in at least once.
    pub arrived: u32,
    /// How many of them are inside now.
    pub inside: u32,
    /// A note shown at the door ("VIP", "check ID").
    pub note: Option<String>,
    /// Added at the door (a walk-in), not from the guest list.
    pub walk_in: bool,
    /// The guest's own language for mails (`None`: the event's).
    pub language: Option<crate::i18n::Lang>,
}

impl Ticket {
    /// The language this guest's mails are written in: their own, else the
    /// event's.
    pub fn mail_language(&self, event: &Event) -> crate::i18n::Lang {
        self.language.unwrap_or(event.language)
    }

    /// A ticket as issuing writes it: valid, mail pending, never scanned.
    pub(crate) fn issued(
        id: TicketId,
        event_id: EventId,
        code: String,
        guest: NewGuest,
        created_at: Timestamp,
    ) -> Ticket {
        Ticket {
            id,
            event_id,
            code,
            name: guest.name,
            email: guest.email,
            salutation: guest.salutation,
            status: TicketStatus::Valid,
            used_at: None,
            used_by: None,
            revoked_at: None,
            mail_status: if guest.walk_in {
                MailStatus::NotMailed
            } else {
                MailStatus::Pending
            },
            mail_sent_at: None,
            mail_error: None,
            mail_attempts: 0,
            created_at,
            persons: guest.persons,
            arrived: 0,
            inside: 0,
            note: guest.note,
            walk_in: guest.walk_in,
            language: guest.language,
        }
    }

    /// The ticket's party counts.
    pub fn party(&self) -> crate::party::Party {
        crate::party::Party {
            size: self.persons,
            arrived: self.arrived,
            inside: self.inside,
        }
    }
}

/// A guest and the new code for their ticket, as handed to storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    /// The freshly issued code.
    pub code: String,
    /// The guest.
    pub guest: NewGuest,
}

/// The answer to one scan at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ScanOutcome {
    /// Green: the ticket was valid and is now used.
    Admitted {
        /// The ticket, now used.
        ticket: Ticket,
    },
    /// Red: the ticket was already checked in.
    AlreadyUsed {
        /// The ticket.
        ticket: Ticket,
        /// When it was checked in.
        at: Timestamp,
        /// By whom (door or user).
        by: String,
    },
    /// Red: no ticket of this event has that code (or the input was no code at all).
    Unknown,
    /// Red: the ticket was revoked.
    Revoked {
        /// The ticket.
        ticket: Ticket,
    },
    /// An exit scan let people of the ticket's party out (see
    /// [`crate::party`]).
    Exited {
        /// The ticket, with fewer inside.
        ticket: Ticket,
    },
}

impl ScanOutcome {
    /// The outcome's name: `admitted`, `already_used`, `unknown` or `revoked`.
    pub fn kind(&self) -> ScanKind {
        match self {
            ScanOutcome::Admitted { .. } => ScanKind::Admitted,
            ScanOutcome::AlreadyUsed { .. } => ScanKind::AlreadyUsed,
            ScanOutcome::Unknown => ScanKind::Unknown,
            ScanOutcome::Revoked { .. } => ScanKind::Revoked,
            ScanOutcome::Exited { .. } => ScanKind::Exited,
        }
    }

    /// The ticket concerned, if the code matched one.
    pub fn ticket(&self) -> Option<&Ticket> {
        match self {
            ScanOutcome::Admitted { ticket }
            | ScanOutcome::AlreadyUsed { ticket, .. }
            | ScanOutcome::Revoked { ticket }
            | ScanOutcome::Exited { ticket } => Some(ticket),
            ScanOutcome::Unknown => None,
        }
    }
}

/// The kind of a [`ScanOutcome`] or of an audit-log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    /// See [`ScanOutcome::Admitted`].
    Admitted,
    /// See [`ScanOutcome::AlreadyUsed`].
    AlreadyUsed,
    /// See [`ScanOutcome::Unknown`].
    Unknown,
    /// See [`ScanOutcome::Revoked`].
    Revoked,
    /// An admin returned a used ticket to valid.
    Undone,
    /// An admin revoked the ticket.
    RevokedByAdmin,
    /// An admin restored a revoked ticket (to used when it had been used,
    /// else valid).
    Restored,
    /// See [`ScanOutcome::Exited`].
    Exited,
}

impl ScanKind {
    /// The name stored in the audit log and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanKind::Admitted => "admitted",
            ScanKind::AlreadyUsed => "already_used",
            ScanKind::Unknown => "unknown",
            ScanKind::Revoked => "revoked",
            ScanKind::Undone => "undone",
            ScanKind::RevokedByAdmin => "revoked_by_admin",
            ScanKind::Restored => "restored",
            ScanKind::Exited => "exited",
        }
    }

    /// Parses a stored name; `None` for unknown text.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "admitted" => ScanKind::Admitted,
            "already_used" => ScanKind::AlreadyUsed,
            "unknown" => ScanKind::Unknown,
            "revoked" => ScanKind::Revoked,
            "undone" => ScanKind::Undone,
            "revoked_by_admin" => ScanKind::RevokedByAdmin,
            "exited" => ScanKind::Exited,
            "restored" => ScanKind::Restored,
            _ => return None,
        })
    }
}

/// One scan as handed to [`crate::store::Store::scan_batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRequest {
    /// The event scanned for.
    pub event_id: EventId,
    /// What the door typed, kept for the audit log (at most 64 characters).
    pub typed: String,
    /// The normalised code, or `None` when the input cannot be a code of this event.
    pub code: Option<String>,
    /// The door or user that scanned.
    pub by: String,
}

/// One entry of the audit log: a scan attempt, an undo or a revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanRecord {
    /// Position in the log.
    pub id: i64,
    /// The event.
    pub event_id: EventId,
    /// The ticket concerned, when the code matched one.
    pub ticket_id: Option<TicketId>,
    /// That ticket's code.
    pub code: Option<String>,
    /// That ticket's guest name.
    pub name: Option<String>,
    /// What was typed (scans) or the code (undo, revoke).
    pub typed: String,
    /// What happened.
    pub kind: ScanKind,
    /// Door or user.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// How many of the ticket's party went through (`None`: all who might,
    /// or a scan that lets nobody through).
    pub persons: Option<u32>,
}

/// Check-ins in one bucket of time, for the arrivals chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ArrivalBucket {
    /// When the bucket starts (a multiple of its width since the Unix epoch).
    pub start: Timestamp,
    /// Tickets whose party first came in during the bucket.
    pub tickets: u64,
    /// People who came in for the first time during the bucket (a party's
    /// people may come in different buckets; re-entries are not counted).
    pub people: u64,
}

/// Counts of an event's tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    /// All tickets, revoked included.
    pub total: u64,
    /// Checked in (and not revoked).
    pub used: u64,
    /// Not yet checked in (and not revoked).
    pub valid: u64,
    /// Revoked.
    pub revoked: u64,
    /// People the tickets (not revoked) admit: the sum of their parties.
    pub people_total: u64,
    /// People who came in at least once (tickets not revoked).
    pub people_arrived: u64,
    /// People inside now.
    pub people_inside: u64,
    /// Tickets added at the door (walk-ins), revoked ones included.
    pub walk_ins: u64,
}

/// Which tickets a listing returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilter {
    /// Only tickets in this state.
    pub status: Option<TicketStatus>,
    /// Only tickets whose name, email or code contains this text (case-insensitive).
    pub search: Option<String>,
    /// At most this many (all when `None`).
    pub limit: Option<u32>,
    /// Skip this many (for paging, in the order of `sort`).
    pub offset: u32,
    /// The order of the listing.
    pub sort: TicketSort,
}

/// How a listing of tickets is ordered; ties in issuing order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketSort {
    /// In the order the tickets were issued (the guest list's order).
    #[default]
    Issued,
    /// By name, ignoring case and accents (the same order on every backend).
    Name,
    /// Expected first, then here, then revoked.
    Status,
    /// Latest check-in first; tickets not checked in last.
    CheckIn,
}

impl TicketSort {
    /// Every order, as offered to users.
    pub const ALL: [TicketSort; 4] = [
        TicketSort::Issued,
        TicketSort::Name,
        TicketSort::Status,
        TicketSort::CheckIn,
    ];

    /// The name used in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketSort::Issued => "issued",
            TicketSort::Name => "name",
            TicketSort::Status => "status",
            TicketSort::CheckIn => "check_in",
        }
    }

    /// Parses [`TicketSort::as_str`]'s names (blank: [`TicketSort::Issued`]).
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] naming the known orders.
    pub fn parse(text: &str) -> crate::Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(TicketSort::Issued);
        }
        TicketSort::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| {
                crate::Error::invalid("sort", crate::msg!("ticket-sort-unknown", value = text))
            })
    }
}

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything: events, import, mail, tickets, users.
    Admin,
    /// Scanning at the door only.
    Scanner,
}

impl Role {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Scanner => "scanner",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "scanner" => Ok(Role::Scanner),
            _ => Err(Error::invalid("role", crate::msg!("role-unknown"))),
        }
    }
}

/// A person (or script) who may log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Database id.
    pub id: UserId,
    /// Login name, unique.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// When the account was created.
    pub created_at: Timestamp,
    /// Changes whenever the password does (see [`User::credential_stamp`]).
    #[serde(skip)]
    pub(crate) credential_stamp: String,
    /// A paired door phone (see [`crate::pairing`]), not a stored account:
    /// its name is its door's, and it scans as that door only.
    #[serde(skip)]
    pub door_phone: bool,
}

impl User {
    /// The door a paired door phone scans as (its name); `None` for a user
    /// with a password, who names the door on each scan.
    pub fn paired_door(&self) -> Option<&str> {
        self.door_phone.then_some(self.name.as_str())
    }

    /// The door this user's scan is logged at: a paired phone's own door,
    /// whatever it asked for; otherwise `asked` (blank when none).
    pub fn door<'a>(&'a self, asked: Option<&'a str>) -> &'a str {
        self.paired_door()
            .unwrap_or_else(|| asked.unwrap_or_default())
    }

    /// A short fingerprint of the user's password hash (16 hex digits of
    /// its SHA-256): it changes whenever the password changes. A frontend
    /// keeps it in each session at login and ends the session when the
    /// user's stamp no longer matches, so a password change (from any
    /// frontend or the command line) logs every session of that user out.
    pub fn credential_stamp(&self) -> &str {
        &self.credential_stamp
    }

    pub(crate) fn stamp_of(password_hash: &str) -> String {
        crate::auth::token_hash(password_hash)
            .chars()
            .take(16)
            .collect()
    }
}

/// An API token's public part (the secret is shown once at creation and stored only hashed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Database id.
    pub id: i64,
    /// The user the token acts as.
    pub user_id: UserId,
    /// A label chosen at creation ("door script").
    pub label: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// The result of one delivery attempt, as recorded by [`crate::store::Store::record_mail`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailResult {
    /// Accepted by the server (or written to the outbox) at this instant.
    Sent(Timestamp),
    /// Refused for this recipient, or given up after temporary failures; the reason is kept.
    Failed(String),
    /// Not attempted or stopped for a reason outside this guest (quota, server down);
    /// stays pending for the next run, with the reason shown.
    Pending(String),
}

/// How many of an event's tickets (revoked ones excluded) are in each mail state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MailCounts {
    /// Waiting to be mailed.
    pub pending: u64,
    /// Claimed by a run that has not finished them (interrupted if no run is active).
    pub sending: u64,
    /// Mailed.
    pub sent: u64,
    /// Last attempt failed.
    pub failed: u64,
    /// Not mailed: walk-ins.
    pub not_mailed: u64,
}

#[cfg(test)]
mod current_event_tests {
    use super::*;

    fn event(id: i64, date: Option<&str>) -> Event {
        Event {
            id: EventId(id),
            slug: format!("e{id}"),
            name: format!("Event {id}"),
            date: date.map(str::to_string),
            code_spec: crate::CodeSpec::default(),
            time_zone: chrono_tz::Europe::Berlin,
            created_at: Timestamp::default(),
            sender: None,
            reentry: false,
            walk_ins: Default::default(),
            walk_in_limit: None,
            language: Default::default(),
        }
    }

    #[test]
    fn tonights_event_is_found_by_its_date() {
        let now: Timestamp = "2026-12-31T22:30:00Z".parse().expect("time");
        assert_eq!(
            event(1, Some("2026-12-31 20:00")).day(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(
            event(1, Some("31.12.2026, 20 Uhr")).day(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(event(1, Some("Saturday 4 April")).day(), None);
        // Newest first, as listed: a later ball created last, tonight's party earlier.
        let events = [
            event(3, Some("2027-06-01")),
            event(2, Some("2026-12-31 21:00")),
            event(1, None),
        ];
        assert_eq!(current_event(&events, now).map(|e| e.id), Some(EventId(2)));
        // Past midnight in Berlin (23:30 UTC is 00:30): still last night's party.
        let late: Timestamp = "2026-12-31T23:30:00Z".parse().expect("time");
        assert_eq!(current_event(&events, late).map(|e| e.id), Some(EventId(2)));
        // Nothing tonight: the next one.
        let before: Timestamp = "2026-12-20T20:00:00Z".parse().expect("time");
        assert_eq!(
            current_event(&events, before).map(|e| e.id),
            Some(EventId(2))
        );
        // No dates at all: the newest.
        let undated = [event(5, None), event(4, Some("soon"))];
        assert_eq!(current_event(&undated, now).map(|e| e.id), Some(EventId(5)));
    }
}
