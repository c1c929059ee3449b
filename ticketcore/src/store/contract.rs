//! The [`Store`] contract every backend keeps.
//!
//! The trait lives in this private module so that applications cannot name
//! it: they go through [`crate::TicketOffice`], whose checks (names, slugs,
//! typed codes, the scan queue) a direct call would skip. Tests and benches
//! reach it as `ticketcore::store::Store` with the `testing` feature, and it
//! is sealed: only the backends of this crate implement it.

use std::future::Future;

use super::Issued;
// For the links in the docs.
use crate::door_rules::DoorRules;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::mail::{MailLease, MailTemplate};
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailResult, NewEvent, NewGuest, Role, ScanOutcome,
    ScanRecord, ScanRequest, Stats, Ticket, TicketFilter, TicketId, Timestamp, User, UserId,
};
use crate::pairing::{DoorPairing, NewPairing};
use crate::party::PartyStep;
use crate::settings::StoredSetting;

/// Only the backends of this crate implement [`Store`].
pub trait Sealed {}

/// Persistent storage of events, tickets, scans and users.
///
/// Methods return `Send` futures so a store can be used from spawned tasks.
/// Implementations are cheap to clone (they hold connection pools).
///
/// Semantics every backend must keep (checked by the conformance suite in
/// `ticketcore/tests/conformance.rs`):
/// - a scan admits a ticket at most once, decided by one conditional write;
/// - every scan attempt, undo and revocation is written to the audit log in
///   the same transaction as its effect;
/// - a multi-row write (issuing tickets, a scan batch) is one transaction:
///   all of it or nothing.
pub trait Store: Sealed + Clone + Send + Sync + 'static {
    /// Checks that the database answers.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn ping(&self) -> impl Future<Output = Result<()>> + Send;

    /// Creates an event with the given (already validated) slug.
    ///
    /// # Errors
    /// [`Error::Conflict`] if the slug is taken.
    fn create_event(
        &self,
        slug: &str,
        new: &NewEvent,
    ) -> impl Future<Output = Result<Event>> + Send;

    /// The event with this id, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn event_by_id(&self, id: EventId) -> impl Future<Output = Result<Option<Event>>> + Send;

    /// The event with this slug, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn event_by_slug(&self, slug: &str) -> impl Future<Output = Result<Option<Event>>> + Send;

    /// All events, newest first.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn events(&self) -> impl Future<Output = Result<Vec<Event>>> + Send;

    /// Issues one ticket per guest with fresh codes from the event's
    /// [`crate::CodeSpec`], in one transaction that also reads the existing codes
    /// and addresses (so two concurrent issuers can pick neither the same code
    /// nor the same guest).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; [`Error::CodeSpaceExhausted`],
    /// or [`Error::Conflict`] when a guest's email address (compared in
    /// Unicode lower case, the one rule on every backend) already has a
    /// ticket of this event or comes twice in `guests` (nothing is written in
    /// any of these cases); [`Error::Conflict`] when the guests' walk-ins
    /// would pass the event's cap on walk-ins (walk-ins not revoked,
    /// counted under the event's lock, so the cap holds across processes);
    /// or a database error.
    ///
    /// Returns the ids and codes only ([`Issued`]): a caller that needs the
    /// tickets builds them with [`Issued::tickets`] (or calls
    /// [`Store::issue_tickets`]); an import of a million guests needs neither.
    fn issue(
        &self,
        event: &Event,
        guests: &[NewGuest],
    ) -> impl Future<Output = Result<Issued>> + Send;

    /// [`Store::issue`], returning the tickets.
    ///
    /// # Errors
    /// As [`Store::issue`].
    fn issue_tickets(
        &self,
        event: &Event,
        guests: &[NewGuest],
    ) -> impl Future<Output = Result<Vec<Ticket>>> + Send {
        async move { self.issue(event, guests).await?.tickets(event.id, guests) }
    }

    /// The ticket with this (normalised) code, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn ticket(
        &self,
        event: EventId,
        code: &str,
    ) -> impl Future<Output = Result<Option<Ticket>>> + Send;

    /// Tickets of an event matching `filter`, in the order of `filter.sort`.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn tickets(
        &self,
        event: EventId,
        filter: &TicketFilter,
    ) -> impl Future<Output = Result<Vec<Ticket>>> + Send;

    /// Check-ins per time bucket, in time order, for the arrivals chart:
    /// tickets by their party's first arrival, and people by when each came
    /// in first (a party's log replayed with [`crate::party::arrivals`]).
    /// Revoked tickets are left out. `bucket_secs` is the bucket width in
    /// seconds (≥ 1); buckets with no arrival are left out.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn arrivals(
        &self,
        event: EventId,
        bucket_secs: u32,
    ) -> impl Future<Output = Result<Vec<crate::model::ArrivalBucket>>> + Send;

    /// Counts of an event's tickets.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn stats(&self, event: EventId) -> impl Future<Output = Result<Stats>> + Send;

    /// Decides a batch of scans in one transaction, in order, as if each ran
    /// alone: the first scan of a valid code admits, later ones in the same
    /// batch see it used. Every request is logged. Returns one outcome per
    /// request, in order, only after the transaction committed.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn scan_batch(
        &self,
        requests: &[ScanRequest],
    ) -> impl Future<Output = Result<Vec<ScanOutcome>>> + Send;

    /// Called by the scan writer when no scans wait after a batch: a backend
    /// that keeps its writer connection between batches (SQLite) gives it
    /// back to the other writers here. The others do nothing.
    fn scan_idle(&self) -> impl Future<Output = ()> + Send {
        async {}
    }

    /// Returns a used ticket to valid (logged as `undone`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if the
    /// ticket is not checked in or is revoked.
    fn undo(
        &self,
        event: EventId,
        code: &str,
        by: &str,
    ) -> impl Future<Output = Result<Ticket>> + Send;

    /// Revokes a ticket (logged as `revoked_by_admin`); later scans are refused.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if already revoked.
    fn revoke(
        &self,
        event: EventId,
        code: &str,
        by: &str,
    ) -> impl Future<Output = Result<Ticket>> + Send;

    /// Restores a revoked ticket (logged as `restored`): used again when it
    /// had been checked in, else valid.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if the
    /// ticket is not revoked.
    fn restore(
        &self,
        event: EventId,
        code: &str,
        by: &str,
    ) -> impl Future<Output = Result<Ticket>> + Send;

    /// Corrects a guest's name, address, party size and note (checked by
    /// the caller), and their search text; with `requeue` their mail waits
    /// to be sent again.
    ///
    /// # Errors
    /// [`Error::Conflict`] when another ticket of the event has the
    /// (non-empty) address, or the party would be smaller than the people
    /// who have come in on it; [`Error::NotFound`] for an unknown ticket; a
    /// database error.
    fn update_guest(
        &self,
        event: EventId,
        ticket: TicketId,
        guest: &crate::model::GuestUpdate,
        requeue: bool,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Which of `codes` (normalised) are tickets of `event`.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn known_codes(
        &self,
        event: EventId,
        codes: &[&str],
    ) -> impl Future<Output = Result<Vec<String>>> + Send;

    /// Decides check-ins a door made offline, in order, in one audited
    /// transaction (see [`crate::offline`]): a check-in id seen before is
    /// answered as before and changes nothing; a valid ticket becomes used
    /// at the check-in's time and door; a used or revoked one is recorded as
    /// a conflict. Each decided ticket gets an audit-log entry at the
    /// check-in's time.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]); nothing was decided then.
    fn sync_offline(
        &self,
        event: EventId,
        user: &str,
        scans: &[crate::offline::OfflineScan],
    ) -> impl Future<Output = Result<Vec<crate::offline::Synced>>> + Send;

    /// The conflicts of an event, in the order they arrived.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn conflicts(
        &self,
        event: EventId,
    ) -> impl Future<Output = Result<Vec<crate::offline::Conflict>>> + Send;

    /// The newest `limit` audit-log entries of an event, newest first.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn scan_log(
        &self,
        event: EventId,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<ScanRecord>>> + Send;

    /// Audit-log entries of every event with ids above `after`, oldest first,
    /// at most `limit`: the change feed that live pages follow (it sees scans
    /// made by any process or instance on the same database).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn scan_log_since(
        &self,
        after: i64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<ScanRecord>>> + Send;

    /// The id of the newest audit-log entry (0 when empty).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn last_scan_id(&self) -> impl Future<Output = Result<i64>> + Send;

    /// A web session's data and its expiry (seconds since the Unix epoch, as
    /// saved), if it exists and has not expired at `now` (seconds).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn session_load(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<(String, i64)>>> + Send;

    /// Creates or replaces a web session.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn session_save(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Creates a session under a new id; `false` (nothing written) when the
    /// id is taken already, so the caller draws another.
    ///
    /// # Errors
    /// A database error.
    fn session_create(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Deletes a web session (no error if it does not exist).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn session_delete(&self, id: &str) -> impl Future<Output = Result<()>> + Send;

    /// Deletes sessions that expired before `now` (seconds); returns how many.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn session_purge(&self, now: i64) -> impl Future<Output = Result<u64>> + Send;

    /// Creates a user.
    ///
    /// # Errors
    /// [`Error::Conflict`] if the name is taken.
    fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> impl Future<Output = Result<User>> + Send;

    /// A user and their password hash, by name.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn user_with_hash(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<(User, String)>>> + Send;

    /// A user by id.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn user_by_id(&self, id: UserId) -> impl Future<Output = Result<Option<User>>> + Send;

    /// All users, by name.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn users(&self) -> impl Future<Output = Result<Vec<User>>> + Send;

    /// Replaces a user's password hash.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown name; a database error.
    fn set_password_hash(
        &self,
        name: &str,
        password_hash: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Changes a user's role; refuses to demote the last admin, atomically
    /// (two admins demoting each other at once leave one admin).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown name; [`Error::Conflict`] for the
    /// last admin.
    fn set_role(&self, name: &str, role: Role) -> impl Future<Output = Result<()>> + Send;

    /// Deletes a user and their tokens; refuses to delete the last admin,
    /// atomically.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown name; [`Error::Conflict`] for the
    /// last admin.
    fn remove_user(&self, name: &str) -> impl Future<Output = Result<()>> + Send;

    /// Stores a new API token (only its hash).
    ///
    /// # Errors
    /// A database error (also when `user` does not exist or the hash is
    /// already stored: both are the office's to prevent).
    fn create_token(
        &self,
        user: UserId,
        label: &str,
        token_hash: &str,
    ) -> impl Future<Output = Result<ApiToken>> + Send;

    /// The user a token hash belongs to, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn user_by_token_hash(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<User>>> + Send;

    /// A user's tokens.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn tokens(&self, user: UserId) -> impl Future<Output = Result<Vec<ApiToken>>> + Send;

    /// Deletes a token.
    ///
    /// # Errors
    /// [`Error::NotFound`] if it does not exist; a database error.
    fn revoke_token(&self, id: i64) -> impl Future<Output = Result<()>> + Send;

    /// Lets people of one ticket's party in or out (see [`crate::party`]),
    /// decided on the ticket's newest state under its row lock and logged
    /// with the number of people and the direction. [`ScanOutcome::Unknown`]
    /// (nothing logged) when no ticket of the event has the code; a revoked
    /// ticket lets nobody in; an entry when the whole party has come is
    /// [`ScanOutcome::AlreadyUsed`] (both logged).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for more people than may go through (nothing
    /// logged); [`Error::Conflict`] for an exit when nobody is inside; a
    /// database error.
    fn party_scan(
        &self,
        event: EventId,
        step: &PartyStep,
    ) -> impl Future<Output = Result<ScanOutcome>> + Send;

    /// Stores a new door pairing (only its link's hash) and gives its id.
    ///
    /// # Errors
    /// A database error (also when the event does not exist or the hash is
    /// already stored: both are the office's to prevent).
    fn create_pairing(&self, new: &NewPairing) -> impl Future<Output = Result<i64>> + Send;

    /// The pairing with this id, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn pairing(&self, id: i64) -> impl Future<Output = Result<Option<DoorPairing>>> + Send;

    /// The pairing whose link hashes to `link_hash`, if any.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn pairing_by_link(
        &self,
        link_hash: &str,
    ) -> impl Future<Output = Result<Option<DoorPairing>>> + Send;

    /// Every pairing, newest first.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn pairings(&self) -> impl Future<Output = Result<Vec<DoorPairing>>> + Send;

    /// Claims the pairing whose link hashes to `link_hash` at `now`, in one
    /// conditional update: only when no phone claimed it before, it is not
    /// revoked, it was made after `made_after` and `now` is before its end.
    /// `true` when this call claimed it.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn claim_pairing(
        &self,
        link_hash: &str,
        now: Timestamp,
        made_after: Timestamp,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Marks a pairing revoked at `now` (a second revocation keeps the
    /// first time).
    ///
    /// # Errors
    /// [`Error::NotFound`] if it does not exist; a database error.
    fn revoke_pairing(&self, id: i64, now: Timestamp) -> impl Future<Output = Result<()>> + Send;

    /// The event's own mail templates, one per language that has one
    /// (the others mail the built-in default), in language order.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    fn mail_templates(
        &self,
        event: EventId,
    ) -> impl Future<Output = Result<Vec<(crate::i18n::Lang, MailTemplate)>>> + Send;

    /// Stores the event's mail template for `lang` (`None` restores the
    /// default for that language).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    fn set_mail_template(
        &self,
        event: EventId,
        lang: crate::i18n::Lang,
        template: Option<&MailTemplate>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The email addresses of all the event's tickets (for duplicate checks).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn guest_emails(&self, event: EventId) -> impl Future<Output = Result<Vec<String>>> + Send;

    /// Claims up to `limit` tickets to mail, in id order, with ids above
    /// `after`: not revoked, and `pending`, `sending` (interrupted) or, when
    /// `retry_failed`, `failed`. Marks them `sending` in one transaction, so a
    /// crash leaves a trace of what may have been delivered.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn claim_mail(
        &self,
        event: EventId,
        after: TicketId,
        retry_failed: bool,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Ticket>>> + Send;

    /// Records delivery results in one transaction; `Sent` and `Failed` count
    /// an attempt. Only tickets still `sending` change: a result that comes
    /// after another run took the ticket over and recorded its own (the
    /// first run was paused past its lease) does not overwrite it.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn record_mail(
        &self,
        results: &[(TicketId, MailResult)],
    ) -> impl Future<Output = Result<()>> + Send;

    /// Counts of the event's tickets per mail state (revoked tickets excluded).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn mail_counts(&self, event: EventId) -> impl Future<Output = Result<MailCounts>> + Send;

    /// Marks one ticket (or, with `None`, every ticket of the event that is
    /// not revoked and not a walk-in) pending again, for an explicit resend.
    /// Returns how many were changed.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    fn requeue_mail(
        &self,
        event: EventId,
        ticket: Option<TicketId>,
    ) -> impl Future<Output = Result<u64>> + Send;

    /// Takes the event's mail lease for `lease.owner` (one send run per event
    /// at a time, across processes and instances): when nobody holds it, when
    /// it expired before `lease.since`, or when its owner is `replacing` (a
    /// holder known to be dead). Of two runs racing for it, exactly one gets it.
    /// Returns `None` when taken, else the current holder.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    fn take_mail_lease(
        &self,
        event: EventId,
        lease: &MailLease,
        replacing: Option<&str>,
    ) -> impl Future<Output = Result<Option<MailLease>>> + Send;

    /// Moves the expiry of `owner`'s lease of the event to `expires_at`;
    /// `false` when `owner` no longer holds it (it expired and another run
    /// took it over).
    ///
    /// # Errors
    /// A database error.
    fn renew_mail_lease(
        &self,
        event: EventId,
        owner: &str,
        expires_at: Timestamp,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Gives the event's mail lease back, if `owner` holds it.
    ///
    /// # Errors
    /// A database error.
    fn release_mail_lease(
        &self,
        event: EventId,
        owner: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Every setting stored by an admin (see [`crate::settings`]), by name.
    ///
    /// # Errors
    /// A database error ([`crate::Error::Database`]).
    fn settings(&self) -> impl Future<Output = Result<Vec<StoredSetting>>> + Send;

    /// Stores each `(name, value)` of `changes` in one transaction, as set by
    /// `by`; a `None` value removes the setting (its default applies again).
    /// Names and values are not checked here (see
    /// [`crate::TicketOffice::update_settings`]).
    ///
    /// # Errors
    /// A database error ([`crate::Error::Database`]).
    fn set_settings(
        &self,
        changes: &[(&str, Option<&str>)],
        by: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Sets the event's own sender of ticket mails (`Name <address>`, checked
    /// by the caller); `None`: the default sender.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown event; a database error.
    fn set_event_sender(
        &self,
        event: EventId,
        sender: Option<&str>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Sets the event's door rules: re-entry and walk-ins (checked by the
    /// caller).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown event; a database error.
    fn set_door_rules(
        &self,
        event: EventId,
        rules: &DoorRules,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Sets the language of the event's mails.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown event; a database error.
    fn set_event_language(
        &self,
        event: EventId,
        lang: crate::i18n::Lang,
    ) -> impl Future<Output = Result<()>> + Send;
}
