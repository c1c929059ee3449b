//! Storage: the [`Store`] trait every backend implements, and [`AnyStore`], the
//! backend chosen from a database URL.
//!
//! **Applications call [`crate::TicketOffice`], not [`Store`].** The office
//! checks names, slugs and typed codes, and sends scans through the
//! group-committing scan writer ([`crate::scan::ScanQueue`]); a direct
//! `Store` call would skip all of that, so the trait cannot be named outside
//! this crate: it is sealed (only the backends here implement it) and public
//! only with the `testing` feature, for the conformance suite and benches.
//! A new backend is written inside this crate, against the same suite.
//!
//! A store keeps events, tickets, the scan audit log, users, sessions and
//! mail leases. It decides scans with one conditional write per request
//! inside one transaction per batch ([`Store::scan_batch`]).
//!
//! # Layout
//! - `shared.rs`: every method whose SQL is the same on all three databases,
//!   written once (a macro stamps one body per backend);
//! - `sqlite.rs`, `postgres.rs`, `mysql.rs`: connecting, the dialect helpers
//!   the shared bodies use, and what really differs: the scan batch, claiming
//!   mail, the multi-row ticket insert, the session upsert and locking;
//! - `rows.rs`: rows as every backend reads them, and the scan batch's
//!   decision rules;
//! - migrations per backend under `ticketcore/migrations/{sqlite,postgres,mysql}/`.
//!
//! One conformance suite (`ticketcore/tests/conformance.rs`) runs every
//! method on every backend.

use std::time::Duration;

use crate::code::Codes;
use crate::door_rules::DoorRules;
use crate::error::{Error, Result};
use crate::mail::{MailLease, MailTemplate};
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailResult, NewEvent, NewGuest, Role, ScanOutcome,
    ScanRecord, ScanRequest, Stats, Ticket, TicketFilter, TicketId, Timestamp, User, UserId,
};
use crate::pairing::{DoorPairing, NewPairing};
use crate::party::PartyStep;

// `#[macro_use]`: the column-list macros of `rows.rs` and the shared
// method bodies of `shared.rs` are used by every backend.
#[macro_use]
pub(crate) mod rows;
#[macro_use]
pub(crate) mod shared;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod sqlite;
pub(crate) mod sqlite_scan;

#[cfg(feature = "mysql")]
pub use mysql::MySqlStore;
#[cfg(feature = "postgres")]
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

mod contract;
pub(crate) use contract::Sealed;
#[cfg(not(feature = "testing"))]
pub(crate) use contract::Store;
#[cfg(feature = "testing")]
pub use contract::Store;

/// The backend chosen from a database URL, so frontends need neither generics
/// nor trait objects.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AnyStore {
    /// SQLite through sqlx (`sqlite://PATH`).
    Sqlite(SqliteStore),
    /// PostgreSQL (`postgres://…`, `postgresql://…`; cargo feature `postgres`).
    #[cfg(feature = "postgres")]
    Postgres(PgStore),
    /// MySQL or MariaDB (`mysql://…`, `mariadb://…`; cargo feature `mysql`).
    #[cfg(feature = "mysql")]
    MySql(MySqlStore),
}

/// The URL schemes this build accepts, for messages (depends on the cargo
/// features `postgres` and `mysql`).
pub const SUPPORTED_URLS: &str = {
    #[cfg(all(feature = "postgres", feature = "mysql"))]
    {
        "sqlite://PATH, postgres://USER@HOST/DB or mysql://USER@HOST/DB (also mariadb://)"
    }
    #[cfg(all(feature = "postgres", not(feature = "mysql")))]
    {
        "sqlite://PATH or postgres://USER@HOST/DB (this build has no MySQL support)"
    }
    #[cfg(all(not(feature = "postgres"), feature = "mysql"))]
    {
        "sqlite://PATH or mysql://USER@HOST/DB (also mariadb://; this build has no PostgreSQL support)"
    }
    #[cfg(not(any(feature = "postgres", feature = "mysql")))]
    {
        "sqlite://PATH (this build has no PostgreSQL or MySQL support)"
    }
};

/// Connection-pool settings for the server backends (PostgreSQL, MySQL/MariaDB).
///
/// SQLite ignores them: it keeps one writer connection (a file has one writer
/// at a time) and a few readers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// Most connections the pool opens (`None`: [`StoreOptions::DEFAULT_MAX_CONNECTIONS`]).
    /// Several instances on one server each open up to this many; keep their sum
    /// below the server's own limit (PostgreSQL's `max_connections` is 100 by default).
    pub max_connections: Option<u32>,
    /// How long an operation waits for a connection (including opening one)
    /// before it fails with [`Error::Database`]. Short, so that requests fail
    /// fast (the web app answers 503) while the database is unreachable,
    /// instead of hanging.
    pub acquire_timeout: Duration,
}

impl StoreOptions {
    /// Pool size when none is configured.
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 10;
    /// Acquire timeout when none is configured: 5 seconds.
    pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

    /// The pool size to use (at least 1).
    pub fn max_connections(&self) -> u32 {
        self.max_connections
            .unwrap_or(Self::DEFAULT_MAX_CONNECTIONS)
            .max(1)
    }
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: None,
            acquire_timeout: Self::DEFAULT_ACQUIRE_TIMEOUT,
        }
    }
}

impl AnyStore {
    /// Connects to the database named by `url` with default [`StoreOptions`],
    /// creating (SQLite) and migrating it as needed.
    ///
    /// # Errors
    /// As [`AnyStore::connect_with`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, &StoreOptions::default()).await
    }

    /// Connects to the database named by `url`, migrating it as needed.
    ///
    /// Accepted (see [`SUPPORTED_URLS`] for this build): `sqlite://PATH` (or
    /// `sqlite:PATH`; created if missing) and `sqlite::memory:`; with the
    /// `postgres` feature `postgres://` and `postgresql://`; with the `mysql`
    /// feature `mysql://` and `mariadb://` (the database must exist; the tables
    /// are created).
    ///
    /// # Errors
    /// [`Error::UnsupportedDatabase`] for another scheme; [`Error::Database`] or
    /// [`Error::Migrate`] when the database cannot be opened or migrated.
    pub async fn connect_with(url: &str, options: &StoreOptions) -> Result<Self> {
        let scheme = url
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => Ok(AnyStore::Sqlite(SqliteStore::connect(url).await?)),
            #[cfg(feature = "postgres")]
            "postgres" | "postgresql" => Ok(AnyStore::Postgres(
                PgStore::connect_with(url, options).await?,
            )),
            #[cfg(feature = "mysql")]
            "mysql" | "mariadb" => Ok(AnyStore::MySql(
                MySqlStore::connect_with(url, options).await?,
            )),
            _ => {
                let _ = options;
                Err(Error::UnsupportedDatabase(redact_url(url)))
            }
        }
    }

    /// Closes the store's connections, waiting until they are closed (for a
    /// program that ends, or moves the database file): later calls fail.
    /// SQLite closes its writer before its readers, so the last connection
    /// closes alone and removes the `-wal` and `-shm` files.
    pub async fn close(&self) {
        match self {
            AnyStore::Sqlite(s) => s.close().await,
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(s) => s.pool.close().await,
            #[cfg(feature = "mysql")]
            AnyStore::MySql(s) => s.pool.close().await,
        }
    }

    /// The backend's name: `sqlite`, `postgres` or `mysql`.
    pub fn backend(&self) -> &'static str {
        match self {
            AnyStore::Sqlite(_) => "sqlite",
            #[cfg(feature = "postgres")]
            AnyStore::Postgres(_) => "postgres",
            #[cfg(feature = "mysql")]
            AnyStore::MySql(_) => "mysql",
        }
    }
}

/// A database URL with any password replaced by `***`, safe for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // Not a URL: it may still hold a password (`user:pw@host`).
        return if url.contains('@') || url.contains(':') {
            "(a value that is not a URL)".to_string()
        } else {
            url.to_string()
        };
    };
    // The authority ends at the first `/`, `?` or `#`; its user part ends at
    // the *last* `@` in it, as URL parsers read it (a password or user name
    // may hold an `@` of its own, e.g. a mail address as the user).
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if let Some(at) = authority.rfind('@') {
        let (auth, host) = (&authority[..at], &authority[at + 1..]);
        let user = auth.split(':').next().unwrap_or_default();
        return format!("{scheme}://{user}:***@{host}{path}");
    }
    url.to_string()
}

#[cfg(test)]
mod redact_tests {
    #[test]
    fn passwords_never_show() {
        use super::redact_url;
        assert_eq!(
            redact_url("smtps://me@gmail.com:secret@smtp.gmail.com"),
            "smtps://me@gmail.com:***@smtp.gmail.com"
        );
        assert_eq!(
            redact_url("postgres://u:p@ss@db/tickets?x=1"),
            "postgres://u:***@db/tickets?x=1"
        );
        assert_eq!(redact_url("sqlite://tickets.db"), "sqlite://tickets.db");
        assert_eq!(
            redact_url("user:pw@host:587"),
            "(a value that is not a URL)"
        );
        assert!(!redact_url("smtp://a:b%40c@h:25").contains("b%40c"));
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $e.await,
            #[cfg(feature = "postgres")]
            AnyStore::Postgres($s) => $e.await,
            #[cfg(feature = "mysql")]
            AnyStore::MySql($s) => $e.await,
        }
    };
}

impl Sealed for AnyStore {}

impl Store for AnyStore {
    async fn ping(&self) -> Result<()> {
        delegate!(self, s => s.ping())
    }
    async fn create_event(&self, slug: &str, new: &NewEvent) -> Result<Event> {
        delegate!(self, s => s.create_event(slug, new))
    }
    async fn event_by_id(&self, id: EventId) -> Result<Option<Event>> {
        delegate!(self, s => s.event_by_id(id))
    }
    async fn event_by_slug(&self, slug: &str) -> Result<Option<Event>> {
        delegate!(self, s => s.event_by_slug(slug))
    }
    async fn events(&self) -> Result<Vec<Event>> {
        delegate!(self, s => s.events())
    }
    async fn issue(&self, event: &Event, guests: &[NewGuest]) -> Result<Issued> {
        delegate!(self, s => s.issue(event, guests))
    }
    async fn ticket(&self, event: EventId, code: &str) -> Result<Option<Ticket>> {
        delegate!(self, s => s.ticket(event, code))
    }
    async fn tickets(&self, event: EventId, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        delegate!(self, s => s.tickets(event, filter))
    }
    async fn arrivals(
        &self,
        event: EventId,
        bucket_secs: u32,
    ) -> Result<Vec<crate::model::ArrivalBucket>> {
        delegate!(self, s => s.arrivals(event, bucket_secs))
    }
    async fn stats(&self, event: EventId) -> Result<Stats> {
        delegate!(self, s => s.stats(event))
    }
    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        delegate!(self, s => s.scan_batch(requests))
    }
    async fn scan_idle(&self) {
        delegate!(self, s => s.scan_idle())
    }
    async fn undo(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        delegate!(self, s => s.undo(event, code, by))
    }
    async fn revoke(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        delegate!(self, s => s.revoke(event, code, by))
    }
    async fn restore(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        delegate!(self, s => s.restore(event, code, by))
    }
    async fn update_guest(
        &self,
        event: EventId,
        ticket: TicketId,
        guest: &crate::model::GuestUpdate,
        requeue: bool,
    ) -> Result<()> {
        delegate!(self, s => s.update_guest(event, ticket, guest, requeue))
    }
    async fn known_codes(&self, event: EventId, codes: &[&str]) -> Result<Vec<String>> {
        delegate!(self, s => s.known_codes(event, codes))
    }
    async fn sync_offline(
        &self,
        event: EventId,
        user: &str,
        scans: &[crate::offline::OfflineScan],
    ) -> Result<Vec<crate::offline::Synced>> {
        delegate!(self, s => s.sync_offline(event, user, scans))
    }
    async fn conflicts(&self, event: EventId) -> Result<Vec<crate::offline::Conflict>> {
        delegate!(self, s => s.conflicts(event))
    }
    async fn scan_log(&self, event: EventId, limit: u32) -> Result<Vec<ScanRecord>> {
        delegate!(self, s => s.scan_log(event, limit))
    }
    async fn scan_log_since(&self, after: i64, limit: u32) -> Result<Vec<ScanRecord>> {
        delegate!(self, s => s.scan_log_since(after, limit))
    }
    async fn last_scan_id(&self) -> Result<i64> {
        delegate!(self, s => s.last_scan_id())
    }
    async fn session_load(&self, id: &str, now: i64) -> Result<Option<(String, i64)>> {
        delegate!(self, s => s.session_load(id, now))
    }
    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        delegate!(self, s => s.session_save(id, data, expires_at))
    }
    async fn session_create(&self, id: &str, data: &str, expires_at: i64) -> Result<bool> {
        delegate!(self, s => s.session_create(id, data, expires_at))
    }
    async fn session_delete(&self, id: &str) -> Result<()> {
        delegate!(self, s => s.session_delete(id))
    }
    async fn session_purge(&self, now: i64) -> Result<u64> {
        delegate!(self, s => s.session_purge(now))
    }
    async fn create_user(&self, name: &str, role: Role, password_hash: &str) -> Result<User> {
        delegate!(self, s => s.create_user(name, role, password_hash))
    }
    async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>> {
        delegate!(self, s => s.user_with_hash(name))
    }
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        delegate!(self, s => s.user_by_id(id))
    }
    async fn users(&self) -> Result<Vec<User>> {
        delegate!(self, s => s.users())
    }
    async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
        delegate!(self, s => s.set_password_hash(name, password_hash))
    }
    async fn set_role(&self, name: &str, role: Role) -> Result<()> {
        delegate!(self, s => s.set_role(name, role))
    }
    async fn remove_user(&self, name: &str) -> Result<()> {
        delegate!(self, s => s.remove_user(name))
    }
    async fn create_token(&self, user: UserId, label: &str, token_hash: &str) -> Result<ApiToken> {
        delegate!(self, s => s.create_token(user, label, token_hash))
    }
    async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>> {
        delegate!(self, s => s.user_by_token_hash(token_hash))
    }
    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        delegate!(self, s => s.tokens(user))
    }
    async fn revoke_token(&self, id: i64) -> Result<()> {
        delegate!(self, s => s.revoke_token(id))
    }
    async fn party_scan(&self, event: EventId, step: &PartyStep) -> Result<ScanOutcome> {
        delegate!(self, s => s.party_scan(event, step))
    }
    async fn create_pairing(&self, new: &NewPairing) -> Result<i64> {
        delegate!(self, s => s.create_pairing(new))
    }
    async fn pairing(&self, id: i64) -> Result<Option<DoorPairing>> {
        delegate!(self, s => s.pairing(id))
    }
    async fn pairing_by_link(&self, link_hash: &str) -> Result<Option<DoorPairing>> {
        delegate!(self, s => s.pairing_by_link(link_hash))
    }
    async fn pairings(&self) -> Result<Vec<DoorPairing>> {
        delegate!(self, s => s.pairings())
    }
    async fn claim_pairing(
        &self,
        link_hash: &str,
        now: Timestamp,
        made_after: Timestamp,
    ) -> Result<bool> {
        delegate!(self, s => s.claim_pairing(link_hash, now, made_after))
    }
    async fn revoke_pairing(&self, id: i64, now: Timestamp) -> Result<()> {
        delegate!(self, s => s.revoke_pairing(id, now))
    }
    async fn mail_templates(
        &self,
        event: EventId,
    ) -> Result<Vec<(crate::i18n::Lang, MailTemplate)>> {
        delegate!(self, s => s.mail_templates(event))
    }
    async fn set_mail_template(
        &self,
        event: EventId,
        lang: crate::i18n::Lang,
        template: Option<&MailTemplate>,
    ) -> Result<()> {
        delegate!(self, s => s.set_mail_template(event, lang, template))
    }
    async fn guest_emails(&self, event: EventId) -> Result<Vec<String>> {
        delegate!(self, s => s.guest_emails(event))
    }
    async fn claim_mail(
        &self,
        event: EventId,
        after: TicketId,
        retry_failed: bool,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        delegate!(self, s => s.claim_mail(event, after, retry_failed, limit))
    }
    async fn record_mail(&self, results: &[(TicketId, MailResult)]) -> Result<()> {
        delegate!(self, s => s.record_mail(results))
    }
    async fn mail_counts(&self, event: EventId) -> Result<MailCounts> {
        delegate!(self, s => s.mail_counts(event))
    }
    async fn requeue_mail(&self, event: EventId, ticket: Option<TicketId>) -> Result<u64> {
        delegate!(self, s => s.requeue_mail(event, ticket))
    }
    async fn take_mail_lease(
        &self,
        event: EventId,
        lease: &MailLease,
        replacing: Option<&str>,
    ) -> Result<Option<MailLease>> {
        delegate!(self, s => s.take_mail_lease(event, lease, replacing))
    }
    async fn renew_mail_lease(
        &self,
        event: EventId,
        owner: &str,
        expires_at: Timestamp,
    ) -> Result<bool> {
        delegate!(self, s => s.renew_mail_lease(event, owner, expires_at))
    }
    async fn release_mail_lease(&self, event: EventId, owner: &str) -> Result<()> {
        delegate!(self, s => s.release_mail_lease(event, owner))
    }
    async fn settings(&self) -> Result<Vec<crate::settings::StoredSetting>> {
        delegate!(self, s => s.settings())
    }
    async fn set_settings(&self, changes: &[(&str, Option<&str>)], by: &str) -> Result<()> {
        delegate!(self, s => s.set_settings(changes, by))
    }
    async fn set_event_sender(&self, event: EventId, sender: Option<&str>) -> Result<()> {
        delegate!(self, s => s.set_event_sender(event, sender))
    }
    async fn set_door_rules(&self, event: EventId, rules: &DoorRules) -> Result<()> {
        delegate!(self, s => s.set_door_rules(event, rules))
    }
    async fn set_event_language(&self, event: EventId, lang: crate::i18n::Lang) -> Result<()> {
        delegate!(self, s => s.set_event_language(event, lang))
    }
}

/// Rows per multi-row ticket insert (11 parameters each: 11,000 per
/// statement, below SQLite's 32,766 and MySQL's 65,535).
pub(crate) const INSERT_CHUNK: usize = 1000;

/// The codes of insert chunk `n` (`len` of them) of a batch.
pub(crate) fn chunk_codes(codes: &Codes, n: usize, len: usize) -> Vec<&str> {
    let start = n * INSERT_CHUNK;
    (start..start + len).filter_map(|i| codes.get(i)).collect()
}

/// What [`Store::issue`] wrote: each guest's ticket id and code, in the
/// order of the guests given.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The new tickets' ids.
    pub ids: Vec<TicketId>,
    /// Their codes.
    pub codes: Codes,
    /// When they were issued (UTC).
    pub created: crate::model::Timestamp,
}

impl Issued {
    /// Pairs per-chunk insert results with the chunk's codes: `returned` holds
    /// `(id, code)` in any order (`RETURNING` gives no order), `codes` the
    /// chunk's codes in guest order.
    ///
    /// # Errors
    /// [`Error::Internal`] when an insert did not return a code's id.
    pub(crate) fn ids_in_order(
        returned: Vec<(i64, String)>,
        codes: &[&str],
    ) -> Result<Vec<TicketId>> {
        let by_code: std::collections::HashMap<&str, i64> = returned
            .iter()
            .map(|(id, code)| (code.as_str(), *id))
            .collect();
        codes
            .iter()
            .map(|code| {
                by_code
                    .get(code)
                    .map(|id| TicketId(*id))
                    .ok_or_else(|| Error::Internal(format!("ticket {code} was not inserted")))
            })
            .collect()
    }

    /// How many tickets were issued.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The tickets, given the event and the guests that were passed to
    /// [`Store::issue`] (same order).
    ///
    /// # Errors
    /// [`Error::Internal`] when `guests` is not the list that was issued for.
    pub fn tickets(&self, event: EventId, guests: &[NewGuest]) -> Result<Vec<Ticket>> {
        if guests.len() != self.ids.len() || self.codes.len() != self.ids.len() {
            return Err(Error::Internal(format!(
                "{} tickets were issued for {} guests",
                self.ids.len(),
                guests.len()
            )));
        }
        Ok(guests
            .iter()
            .zip(&self.ids)
            .zip(self.codes.iter())
            .map(|((guest, id), code)| {
                Ticket::issued(*id, event, code.to_string(), guest.clone(), self.created)
            })
            .collect())
    }
}

/// The pools' release check, shared by the server backends.
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod server {
    /// How long a connection handed back to the pool may take to answer a
    /// ping (which also sends the rollback of a transaction dropped midway)
    /// before it is dropped instead (5 s). Without it, a database host that
    /// goes silent (packets dropped, no reset) keeps the pool's slots held by
    /// pings that never end, and the pool never recovers.
    pub(crate) const RELEASE_CHECK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

    /// The pools' `after_release` check: the connection answers a ping within
    /// [`RELEASE_CHECK_TIMEOUT`], else it is closed (its socket dropped
    /// without a goodbye) and the pool opens a fresh one when needed.
    ///
    /// sqlx pings a released connection again after this check (without a
    /// bound), so a release costs two round trips, and a host that goes
    /// silent in the moment between the two pings still holds that pool slot
    /// until the kernel gives up on the connection. On the scan path that is
    /// one extra round trip per group-commit batch, and it does not show:
    /// `cargo bench -p ticket-benches --bench scan_backends` with and without
    /// the check, alternating, gave PostgreSQL 240–250 against 246–249 scans/s
    /// for one caller and 3,854–4,051 against 4,008–4,132 for 32 (MySQL
    /// 249–254 against 242–246 and 3,616–3,641 against 3,630–3,916): a
    /// scan of one caller takes about 4 ms (p50) on both servers here, which
    /// hides one more round trip to a local server.
    pub(crate) async fn answers_within_timeout<C: sqlx::Connection>(
        conn: &mut C,
    ) -> std::result::Result<bool, sqlx::Error> {
        match tokio::time::timeout(RELEASE_CHECK_TIMEOUT, conn.ping()).await {
            Ok(Ok(())) => Ok(true),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the database did not answer a ping in time",
            ))),
        }
    }
}

/// The codes for a batch of `guests` inside the issuing transaction, given the
/// event's tickets as `(code, email)` rows: refuses repeated addresses
/// ([`repeated_address`]), then issues codes that avoid the existing ones.
///
/// # Errors
/// [`Error::Conflict`] for a repeated address, [`Error::CodeSpaceExhausted`].
pub(crate) fn codes_for(
    event: &Event,
    tickets: Vec<(String, String)>,
    guests: &[NewGuest],
) -> Result<Codes> {
    let (existing, addresses): (Vec<String>, Vec<String>) = tickets.into_iter().unzip();
    if let Some(refusal) = repeated_address(&addresses, guests) {
        return Err(refusal);
    }
    event.code_spec.issue(&existing, guests.len())
}

/// `s` in lower case, a character at a time.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// The refusal for guests whose address already has a ticket of the event
/// (`existing`, as stored) or comes twice among `guests`; compared without
/// regard to case, a character at a time (so a final Greek sigma is σ, not
/// ς as `str::to_lowercase` writes it; imported addresses are ASCII anyway).
/// `None` when every address is new.
pub(crate) fn repeated_address(existing: &[String], guests: &[NewGuest]) -> Option<Error> {
    use std::hash::{BuildHasher, Hasher};
    // Tables of positions, hashed and compared through the lower case
    // without a lower-cased copy of each address (a set of copies took
    // about 80 MB at 1,000,000 guests).
    let hasher = hashbrown::DefaultHashBuilder::default();
    let hash = |s: &str| {
        let mut h = hasher.build_hasher();
        for c in folded(s) {
            h.write_u32(u32::from(c));
        }
        h.finish()
    };
    let same = |a: &str, b: &str| folded(a).eq(folded(b));
    let mut known: hashbrown::HashTable<usize> =
        hashbrown::HashTable::with_capacity(existing.len());
    // A walk-in without an address (empty) never repeats one.
    for (i, e) in existing.iter().enumerate() {
        if e.is_empty() {
            continue;
        }
        let h = hash(e);
        if known.find(h, |&j| same(&existing[j], e)).is_none() {
            known.insert_unique(h, i, |&j| hash(&existing[j]));
        }
    }
    let mut listed: hashbrown::HashTable<usize> = hashbrown::HashTable::with_capacity(guests.len());
    for (i, guest) in guests.iter().enumerate() {
        let key = guest.email.as_str();
        if key.is_empty() {
            continue;
        }
        let h = hash(key);
        let (name, email) = (guest.name.as_str(), guest.email.as_str());
        let why = if known.find(h, |&j| same(&existing[j], key)).is_some() {
            crate::msg!("import-email-taken", name = name, email = email)
        } else if listed.find(h, |&j| same(&guests[j].email, key)).is_some() {
            crate::msg!("import-email-repeated", name = name, email = email)
        } else {
            listed.insert_unique(h, i, |&j| hash(&guests[j].email));
            continue;
        };
        return Some(Error::Conflict(why));
    }
    None
}
