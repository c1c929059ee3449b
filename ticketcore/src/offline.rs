//! Check-ins a door decided without the server, and the conflicts they
//! leave.
//!
//! When the server cannot be reached, the door page decides scans against
//! its own copy of the event and queues each check-in with a unique id, its
//! time, door and user. On upload ([`crate::TicketOffice::sync_offline`])
//! every check-in goes through the same decision as a scan, keeping its
//! original time: a valid ticket becomes used at that time and door. The id
//! makes uploads idempotent: a check-in already received is answered as it
//! was the first time and changes nothing, however often a door retries or
//! reloads.
//!
//! A check-in of a ticket that was already used when it arrived (another
//! door admitted the guest meanwhile: a double entry), or revoked, is a
//! [`Conflict`]: recorded with both doors and times and listed for the
//! organiser, never hidden.

use serde::{Deserialize, Serialize};

use crate::model::{ScanKind, Timestamp};

/// Most check-ins in one upload.
pub const MAX_UPLOAD: usize = 500;
/// Longest check-in id, in characters (a UUID has 36).
pub const MAX_ID_CHARS: usize = 64;
/// How far in the future a check-in's time may be (a door's clock running
/// ahead), in seconds; later times are taken as the time of upload.
pub const MAX_CLOCK_AHEAD_SECS: i64 = 300;

/// A check-in the door made because its own online scan got no answer in
/// time ([`OfflineCheckIn::after_timeout`]), of a ticket that the same door
/// admitted within this many milliseconds, is that scan, whose answer came
/// too late: counted once, not a conflict.
pub const OWN_SCAN_WINDOW_MS: i64 = 60_000;
/// Oldest a check-in's time may be, in hours; older times (a phone's clock
/// gone wrong) are taken as the time of upload.
pub const MAX_AGE_HOURS: i64 = 48;

/// One check-in a door decided offline, as it uploads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineCheckIn {
    /// The door's own unique id for this check-in (letters, digits, `-`
    /// and `_`, at most [`MAX_ID_CHARS`]).
    pub id: String,
    /// The code as typed.
    pub code: String,
    /// When the door admitted the guest.
    pub at: Timestamp,
    /// The door's name.
    #[serde(default)]
    pub door: String,
    /// The door decided this check-in because its online scan of the code
    /// got no answer in time (that scan may have reached the server).
    #[serde(default)]
    pub after_timeout: bool,
    /// How many people the door let in: the rest of the party as its copy
    /// saw it (`None`: the rest, whatever it is, as doors before parties
    /// sent it). More than the server has left is a double entry.
    #[serde(default)]
    pub persons: Option<u32>,
}

/// What became of one uploaded check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// The check-in's id.
    pub id: String,
    /// `admitted`, `already_used`, `unknown` or `revoked`.
    pub outcome: ScanKind,
    /// A double entry or a revoked ticket admitted offline.
    pub conflict: bool,
    /// This id had been received before; nothing changed now.
    pub duplicate: bool,
}

/// Why a check-in is a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// The ticket was already used when the offline check-in arrived: the
    /// guest (or someone with a copy of the ticket) came in twice.
    DoubleEntry,
    /// The ticket was revoked, but a door admitted it offline.
    Revoked,
}

/// A double entry or an offline admission of a revoked ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// What kind.
    pub kind: ConflictKind,
    /// The ticket's code.
    pub code: String,
    /// The guest's name.
    pub name: String,
    /// The first check-in (a double entry): when and at which door.
    pub first_at: Option<Timestamp>,
    /// See `first_at`.
    pub first_by: Option<String>,
    /// The offline check-in: when the door admitted the guest.
    pub offline_at: Timestamp,
    /// At which door.
    pub offline_door: String,
    /// By which user.
    pub offline_user: String,
    /// When the server received it.
    pub received_at: Timestamp,
}

/// An offline check-in as the store decides it: checked, its code
/// normalised (`None` when it cannot be a code of the event), its door
/// name cleaned and its time bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineScan {
    /// The door's id for the check-in.
    pub id: String,
    /// What was typed (for the audit log).
    pub typed: String,
    /// The normalised code.
    pub code: Option<String>,
    /// When the door admitted the guest.
    pub at: Timestamp,
    /// The door.
    pub door: String,
    /// See [`OfflineCheckIn::after_timeout`].
    pub after_timeout: bool,
    /// See [`OfflineCheckIn::persons`].
    pub persons: Option<u32>,
}

/// What a door keeps of one ticket to decide scans while offline: the code,
/// the name shown on green, the status, and when and where it was used.
/// Never the guest's address or mail state (see [`DoorCopy`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorEntry {
    /// The ticket's code; empty, and left out of JSON, where the door must
    /// not learn it (a door-search pick, see [`DoorEntry::without_code`]).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// The guest's name.
    pub name: String,
    /// `valid`, `used` or `revoked`.
    pub status: crate::model::TicketStatus,
    /// When it was checked in.
    pub used_at: Option<Timestamp>,
    /// Where.
    pub used_by: Option<String>,
    /// How many people the ticket admits (in the door copy only; a scan's
    /// answer says it in its `party`).
    #[serde(skip)]
    pub persons: u32,
    /// How many of them have come in.
    #[serde(skip)]
    pub arrived: u32,
    /// The note shown at the door.
    #[serde(skip)]
    pub note: Option<String>,
}

impl From<crate::model::Ticket> for DoorEntry {
    /// The door's part of a ticket: what a scanner's answers and the door
    /// copy carry, never the address or mail state.
    fn from(t: crate::model::Ticket) -> Self {
        DoorEntry {
            code: t.code,
            name: t.name,
            status: t.status,
            used_at: t.used_at,
            used_by: t.used_by,
            persons: t.persons,
            arrived: t.arrived,
            note: t.note,
        }
    }
}

impl DoorEntry {
    /// This entry without its code (a guest found by name at the door is
    /// admitted without the door seeing the code).
    #[must_use]
    pub fn without_code(self) -> Self {
        DoorEntry {
            code: String::new(),
            ..self
        }
    }
}

/// A door's copy of an event: every ticket as a [`DoorEntry`], and the
/// position in the change feed it is current to. A door keeps it up to
/// date with [`DoorChanges`] from that position.
///
/// What it holds is what the door shows and needs to decide a scan: codes
/// and names. It gives whoever holds a logged-in door phone every code of
/// the event, which the guessing budget otherwise withholds; that is the
/// price of deciding scans without the server. Addresses and mail state are
/// never in it, every copy handed out is logged with its user, and the door
/// page deletes it at logout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorCopy {
    /// The change-feed position the copy is current to.
    pub cursor: i64,
    /// Every ticket of the event.
    pub tickets: Vec<DoorEntry>,
}

/// One change to a door copy: a check-in, undo or revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorChange {
    /// The ticket's code.
    pub code: String,
    /// `admitted`, `undone`, `revoked_by_admin`, `restored` (others do not
    /// change a ticket).
    pub kind: ScanKind,
    /// When.
    pub at: Timestamp,
    /// By which door or user.
    pub by: String,
    /// For an admission: how many of the party came in (`None`: all who
    /// had not come yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons: Option<u32>,
}

/// The changes to an event's tickets after a position in the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorChanges {
    /// The position to ask from next time.
    pub cursor: i64,
    /// The changes, oldest first.
    pub changes: Vec<DoorChange>,
    /// More changes wait (ask again at once).
    pub more: bool,
}

/// Whether `id` can be a check-in id.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
