//! Rows as every backend reads them, and the small conversions shared by all
//! three: the column lists, row structs and their mapping to the model types.

use sqlx::FromRow;

use crate::code::CodeSpec;
use crate::error::{Error, Result};
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailStatus, ScanKind, ScanOutcome, ScanRecord, Ticket,
    TicketId, TicketStatus, User, UserId, from_millis, now,
};

/// The columns of a [`TicketRow`], as a literal for `concat!`.
macro_rules! ticket_columns {
    () => {
        "id, event_id, code, name, email, salutation, used_at, used_by, \
         revoked_at, mail_status, mail_sent_at, mail_error, mail_attempts, created_at, \
         persons, arrived, inside, note, walk_in, language"
    };
}

/// The condition of a ticket nobody used yet and not revoked (the "valid"
/// filter), as a literal for `concat!`.
macro_rules! admittable {
    () => {
        "used_at IS NULL AND revoked_at IS NULL"
    };
}

/// The condition of a ticket an entry scan may admit on the fast path (see
/// `TicketOffice::scan_with`): some of its party still to come, and not
/// revoked. The one place every backend's scan takes it from.
macro_rules! enterable {
    () => {
        "arrived < persons AND revoked_at IS NULL"
    };
}

/// What the fast path's admission writes: the rest of the party comes in,
/// the first arrival's time and door stay. `inside` comes first: MySQL
/// assigns left to right, reading values the same statement already changed.
macro_rules! enter_rest {
    ($at:literal, $by:literal) => {
        concat!(
            "inside = inside + persons - arrived, arrived = persons, used_at = COALESCE(used_at, ",
            $at,
            "), used_by = COALESCE(used_by, ",
            $by,
            ")"
        )
    };
}

/// `SUM` of an integer expression as a 64-bit integer (0 for no rows), as a
/// literal for `concat!`: PostgreSQL sums `BIGINT` to `NUMERIC` and MySQL
/// to `DECIMAL`, which do not decode as integers (MySQL reads the cast as
/// `AS SIGNED`, see `shared::signed`).
macro_rules! sum_int {
    ($e:literal) => {
        concat!("CAST(COALESCE(SUM(", $e, "), 0) AS BIGINT)")
    };
}

/// The columns of [`EventRow`], in its order.
macro_rules! event_columns {
    () => {
        "id, slug, name, date, alphabet, code_length, created_at, time_zone, sender, \
         reentry, walk_ins, walk_in_limit, language"
    };
}

/// The audit-log columns with the ticket's code and name, for [`AuditRow`].
macro_rules! audit_select {
    () => {
        "SELECT s.id, s.event_id, s.ticket_id, t.code, t.name, s.typed, s.outcome, s.by_whom, s.at, \
         s.persons FROM scans s LEFT JOIN tickets t ON t.id = s.ticket_id"
    };
}

#[derive(FromRow)]
pub(crate) struct TicketRow {
    id: i64,
    event_id: i64,
    pub(crate) code: String,
    name: String,
    email: String,
    salutation: Option<String>,
    used_at: Option<i64>,
    used_by: Option<String>,
    revoked_at: Option<i64>,
    mail_status: String,
    mail_sent_at: Option<i64>,
    mail_error: Option<String>,
    mail_attempts: i64,
    created_at: i64,
    persons: i64,
    arrived: i64,
    inside: i64,
    note: Option<String>,
    walk_in: i64,
    language: Option<String>,
}

impl TicketRow {
    /// Reads a row of [`ticket_columns!`] from the SQLite scan writer's own
    /// connection (see `sqlite_scan`), by column name.
    pub(crate) fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(TicketRow {
            id: row.get("id")?,
            event_id: row.get("event_id")?,
            code: row.get("code")?,
            name: row.get("name")?,
            email: row.get("email")?,
            salutation: row.get("salutation")?,
            used_at: row.get("used_at")?,
            used_by: row.get("used_by")?,
            revoked_at: row.get("revoked_at")?,
            mail_status: row.get("mail_status")?,
            mail_sent_at: row.get("mail_sent_at")?,
            mail_error: row.get("mail_error")?,
            mail_attempts: row.get("mail_attempts")?,
            created_at: row.get("created_at")?,
            persons: row.get("persons")?,
            arrived: row.get("arrived")?,
            inside: row.get("inside")?,
            note: row.get("note")?,
            walk_in: row.get("walk_in")?,
            language: row.get("language")?,
        })
    }
}

impl From<TicketRow> for Ticket {
    fn from(r: TicketRow) -> Self {
        let status = if r.revoked_at.is_some() {
            TicketStatus::Revoked
        } else if r.used_at.is_some() {
            TicketStatus::Used
        } else {
            TicketStatus::Valid
        };
        Ticket {
            id: TicketId(r.id),
            event_id: EventId(r.event_id),
            code: r.code,
            name: r.name,
            email: r.email,
            salutation: r.salutation,
            status,
            used_at: r.used_at.map(from_millis),
            used_by: r.used_by,
            revoked_at: r.revoked_at.map(from_millis),
            mail_status: MailStatus::parse(&r.mail_status),
            mail_sent_at: r.mail_sent_at.map(from_millis),
            mail_error: r.mail_error,
            mail_attempts: u32::try_from(r.mail_attempts).unwrap_or(0),
            created_at: from_millis(r.created_at),
            persons: u32::try_from(r.persons).unwrap_or(1).max(1),
            arrived: u32::try_from(r.arrived).unwrap_or(0),
            inside: u32::try_from(r.inside).unwrap_or(0),
            note: r.note,
            walk_in: r.walk_in != 0,
            language: r.language.as_deref().and_then(crate::i18n::Lang::parse),
        }
    }
}

#[derive(FromRow)]
pub(crate) struct EventRow {
    id: i64,
    slug: String,
    name: String,
    date: Option<String>,
    alphabet: String,
    code_length: i64,
    created_at: i64,
    time_zone: String,
    sender: Option<String>,
    reentry: i64,
    walk_ins: String,
    walk_in_limit: Option<i64>,
    language: String,
}

impl TryFrom<EventRow> for Event {
    type Error = Error;
    fn try_from(r: EventRow) -> Result<Self> {
        let length = u32::try_from(r.code_length)
            .map_err(|_| Error::Internal(format!("event {} has a bad code length", r.id)))?;
        Ok(Event {
            id: EventId(r.id),
            slug: r.slug,
            name: r.name,
            date: r.date,
            // Checked as stored, so an alphabet an earlier build accepted
            // still loads (see `CodeSpec::stored`).
            code_spec: CodeSpec::stored(&r.alphabet, length)?,
            // A name this build's tz database lacks (written by a newer one)
            // shows times in UTC rather than hiding the event.
            time_zone: crate::model::parse_time_zone(&r.time_zone).unwrap_or(chrono_tz::Tz::UTC),
            created_at: from_millis(r.created_at),
            sender: r.sender,
            reentry: r.reentry != 0,
            walk_ins: crate::model::WalkIns::parse(&r.walk_ins).unwrap_or_default(),
            walk_in_limit: r.walk_in_limit.and_then(|n| u32::try_from(n).ok()),
            language: crate::i18n::Lang::parse(&r.language).unwrap_or_default(),
        })
    }
}

#[derive(FromRow)]
pub(crate) struct UserRow {
    id: i64,
    name: String,
    role: String,
    created_at: i64,
    password_hash: String,
}

impl TryFrom<UserRow> for User {
    type Error = Error;
    fn try_from(r: UserRow) -> Result<Self> {
        user(r.id, r.name, &r.role, r.created_at, &r.password_hash)
    }
}

#[derive(FromRow)]
pub(crate) struct TokenRow {
    id: i64,
    user_id: i64,
    label: String,
    created_at: i64,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: UserId(r.user_id),
            label: r.label,
            created_at: from_millis(r.created_at),
        }
    }
}

/// The columns of a door pairing with its event's slug and name, for
/// [`PairingRow`]; the query adds its `WHERE` or `ORDER BY`.
macro_rules! pairing_select {
    () => {
        "SELECT p.id, p.event_id, e.slug, e.name, p.door, p.created_by, p.created_at, \
         p.expires_at, p.claimed_at, p.revoked_at FROM door_pairings p \
         JOIN events e ON e.id = p.event_id"
    };
}
pub(crate) use pairing_select;

#[derive(FromRow)]
pub(crate) struct PairingRow {
    id: i64,
    event_id: i64,
    slug: String,
    name: String,
    door: String,
    created_by: String,
    created_at: i64,
    expires_at: i64,
    claimed_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<PairingRow> for crate::pairing::DoorPairing {
    fn from(r: PairingRow) -> Self {
        crate::pairing::DoorPairing {
            id: r.id,
            event_id: EventId(r.event_id),
            event_slug: r.slug,
            event_name: r.name,
            door: r.door,
            created_by: r.created_by,
            created_at: from_millis(r.created_at),
            expires_at: from_millis(r.expires_at),
            claimed_at: r.claimed_at.map(from_millis),
            revoked_at: r.revoked_at.map(from_millis),
        }
    }
}

#[derive(FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    event_id: i64,
    ticket_id: Option<i64>,
    code: Option<String>,
    name: Option<String>,
    typed: String,
    outcome: String,
    by_whom: String,
    at: i64,
    persons: Option<i64>,
}

impl TryFrom<AuditRow> for ScanRecord {
    type Error = Error;
    fn try_from(r: AuditRow) -> Result<Self> {
        Ok(ScanRecord {
            id: r.id,
            event_id: EventId(r.event_id),
            ticket_id: r.ticket_id.map(TicketId),
            code: r.code,
            name: r.name,
            typed: r.typed,
            kind: ScanKind::parse(&r.outcome)
                .ok_or_else(|| Error::Internal(format!("unknown audit outcome `{}`", r.outcome)))?,
            by: r.by_whom,
            at: from_millis(r.at),
            persons: r.persons.and_then(|n| u32::try_from(n).ok()),
        })
    }
}

/// Mail counts from `(status, count)` rows.
pub(crate) fn mail_counts(rows: Vec<(String, i64)>) -> MailCounts {
    let mut counts = MailCounts::default();
    for (status, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        match MailStatus::parse(&status) {
            MailStatus::Pending => counts.pending += n,
            MailStatus::Sending => counts.sending += n,
            MailStatus::Sent => counts.sent += n,
            MailStatus::Failed => counts.failed += n,
            MailStatus::NotMailed => counts.not_mailed += n,
        }
    }
    counts
}

/// The red outcome for a ticket the conditional write did not admit.
pub(crate) fn refused(ticket: Ticket) -> ScanOutcome {
    match (ticket.status, ticket.used_at) {
        (TicketStatus::Revoked, _) => ScanOutcome::Revoked { ticket },
        (_, Some(at)) => {
            let by = ticket.used_by.clone().unwrap_or_default();
            ScanOutcome::AlreadyUsed { ticket, at, by }
        }
        // Not reachable: a valid ticket would have matched the UPDATE. Treat as used
        // "now" rather than admit twice.
        (_, None) => ScanOutcome::AlreadyUsed {
            at: now(),
            by: String::new(),
            ticket,
        },
    }
}

/// `Ok` when a write changed a row, else [`Error::NotFound`] for `what` `key`.
pub(crate) fn found(rows: u64, what: &'static str, key: impl Into<String>) -> Result<()> {
    if rows == 0 {
        Err(Error::not_found(what, key))
    } else {
        Ok(())
    }
}

/// Escapes `%`, `_` and `!` for a `LIKE … ESCAPE '!'` pattern (`!` rather
/// than a backslash, whose meaning in MySQL depends on the server's
/// `NO_BACKSLASH_ESCAPES` mode).
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// A user from its columns.
pub(crate) fn user(
    id: i64,
    name: String,
    role: &str,
    created_at: i64,
    password_hash: &str,
) -> Result<User> {
    Ok(User {
        id: UserId(id),
        name,
        role: role.parse()?,
        created_at: from_millis(created_at),
        credential_stamp: User::stamp_of(password_hash),
        door_phone: false,
    })
}

/// A line of a ticket's log as [`crate::party::replay`] reads it, from
/// `(outcome, persons, direction, by_whom, at)`.
pub(crate) fn logged_scan(
    (outcome, persons, direction, by, at): (String, Option<i64>, Option<String>, String, i64),
) -> crate::party::LoggedScan {
    crate::party::LoggedScan {
        undo: outcome == ScanKind::Undone.as_str(),
        persons: persons.and_then(|n| u32::try_from(n).ok()),
        direction: if direction.as_deref() == Some("out") || outcome == ScanKind::Exited.as_str() {
            crate::party::Direction::Out
        } else {
            crate::party::Direction::In
        },
        by,
        at: from_millis(at),
    }
}

/// Requests grouped by event, each group in arrival order (a scan batch
/// decides per event).
pub(crate) fn group_by_event(requests: &[crate::model::ScanRequest]) -> Vec<(EventId, Vec<usize>)> {
    let mut groups: Vec<(EventId, Vec<usize>)> = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        match groups.iter_mut().find(|(e, _)| *e == r.event_id) {
            Some((_, idxs)) => idxs.push(i),
            None => groups.push((r.event_id, vec![i])),
        }
    }
    groups
}

/// The distinct codes of one event group in arrival order, and for each the
/// index of the request that scanned it first (it decides who admits it).
pub(crate) fn first_scans<'a>(
    requests: &'a [crate::model::ScanRequest],
    idxs: &[usize],
) -> (Vec<&'a str>, std::collections::HashMap<&'a str, usize>) {
    let mut first = std::collections::HashMap::new();
    let mut codes = Vec::new();
    for &i in idxs {
        if let Some(code) = requests[i].code.as_deref()
            && !first.contains_key(code)
        {
            first.insert(code, i);
            codes.push(code);
        }
    }
    (codes, first)
}

/// Each request's outcome of one event group: the first scan of an admitted
/// code is admitted, later ones see it used; refused codes get their reason.
pub(crate) fn decide(
    requests: &[crate::model::ScanRequest],
    idxs: &[usize],
    first: &std::collections::HashMap<&str, usize>,
    admitted: &std::collections::HashMap<String, Ticket>,
    refused_tickets: &std::collections::HashMap<String, Ticket>,
    outcomes: &mut [ScanOutcome],
) {
    for &i in idxs {
        let Some(code) = requests[i].code.as_deref() else {
            continue;
        };
        outcomes[i] = if let Some(ticket) = admitted.get(code) {
            if first.get(code) == Some(&i) {
                ScanOutcome::Admitted {
                    ticket: ticket.clone(),
                }
            } else {
                refused(ticket.clone())
            }
        } else if let Some(ticket) = refused_tickets.get(code) {
            refused(ticket.clone())
        } else {
            ScanOutcome::Unknown
        };
    }
}

#[derive(FromRow)]
pub(crate) struct ConflictRow {
    outcome: String,
    code: String,
    name: String,
    first_at: Option<i64>,
    first_by: Option<String>,
    at: i64,
    door: String,
    user_name: String,
    received_at: i64,
}

impl From<ConflictRow> for crate::offline::Conflict {
    fn from(r: ConflictRow) -> Self {
        use crate::offline::ConflictKind;
        crate::offline::Conflict {
            kind: if r.outcome == crate::model::ScanKind::Revoked.as_str() {
                ConflictKind::Revoked
            } else {
                ConflictKind::DoubleEntry
            },
            code: r.code,
            name: r.name,
            first_at: r.first_at.map(from_millis),
            first_by: r.first_by,
            offline_at: from_millis(r.at),
            offline_door: r.door,
            offline_user: r.user_name,
            received_at: from_millis(r.received_at),
        }
    }
}
