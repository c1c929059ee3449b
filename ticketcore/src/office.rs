//! [`TicketOffice`]: the one type frontends hold. It owns a store and the scan
//! writer and offers every operation of the system.

use crate::auth;
use crate::door_search::{DoorMatch, DoorSearch};
use crate::error::{Error, Result};
use crate::guard::{DoorGuard, GuessAlert, GuessPolicy, Verdict};
use crate::i18n::Lang;
use crate::import::{GuestList, GuestRow, ImportOptions, RowProblem};
use crate::mail::{
    MailTemplate, Mailbox, Mailer, RenderedMail, SendOptions, SendProgress, SendReport,
};
use crate::model::{
    ApiToken, Event, EventId, MailCounts, NewEvent, NewGuest, Role, ScanOutcome, ScanRecord,
    ScanRequest, Stats, Ticket, TicketFilter, User,
};
use crate::scan::ScanQueue;
use crate::settings::{EffectiveSettings, Settings, SettingsChange};
use crate::store::{AnyStore, Store};

/// Longest text kept from a scan's input in the audit log, in characters.
pub const MAX_LOGGED_INPUT_CHARS: usize = 64;
/// Longest user or door name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// The facade over a [`Store`]: events, tickets, scans, users.
///
/// Cheap to clone; clones share the store and the scan writer.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use ticketcore::{NewEvent, NewGuest, ScanOutcome, TicketOffice};
/// let office = TicketOffice::open("sqlite::memory:").await?;
/// let event = office.create_event(NewEvent::named("Summer Ball")).await?;
/// let guest = NewGuest::new("Anna Berg", "anna@example.org");
/// let tickets = office.issue_tickets(&event, &[guest]).await?;
/// let code = tickets[0].code.to_lowercase();
/// assert!(matches!(office.scan(&event, &code, "door-1").await?, ScanOutcome::Admitted { .. }));
/// assert!(matches!(office.scan(&event, &code, "door-2").await?, ScanOutcome::AlreadyUsed { .. }));
/// # Ok::<_, ticketcore::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct TicketOffice<S: Store = AnyStore> {
    store: S,
    scans: ScanQueue,
    guard: std::sync::Arc<DoorGuard>,
    door_search: std::sync::Arc<DoorSearch>,
}

impl TicketOffice<AnyStore> {
    /// Connects to the database at `url` (see [`AnyStore::connect`]), applies
    /// migrations and starts the scan writer. Needs a tokio runtime.
    ///
    /// # Errors
    /// As [`AnyStore::connect`].
    pub async fn open(url: &str) -> Result<Self> {
        Ok(Self::new(AnyStore::connect(url).await?))
    }

    /// Closes the database connections and waits until they are closed
    /// (see [`AnyStore::close`]); call it when done with the office, e.g.
    /// before moving or backing up a SQLite file. Later calls fail.
    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// Whether `c` reorders the text around it (a bidirectional control:
/// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): a name such as
/// "door\u{202E}1-rood" would show reversed on the admin's pages and in
/// exports.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A door name as logged: trimmed, at most [`MAX_NAME_CHARS`] characters,
/// without control or text-direction characters.
fn clean_door(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The door a scan is logged with: `door` cleaned (see `clean_door`), or
/// when blank the user's name, or `door`.
pub(crate) fn door_label(user: &str, door: &str) -> String {
    match clean_door(door) {
        d if d.is_empty() => match clean_door(user) {
            u if u.is_empty() => "door".to_string(),
            u => u,
        },
        d => d,
    }
}

pub(crate) fn check_name(field: &'static str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(field, crate::msg!("field-empty")));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            field,
            crate::msg!("field-too-long", max = MAX_NAME_CHARS),
        ));
    }
    if name.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(Error::invalid(field, crate::msg!("field-control-chars")));
    }
    Ok(name.to_string())
}

impl<S: Store> TicketOffice<S> {
    /// Wraps an open store and starts its scan writer. Needs a tokio runtime.
    pub fn new(store: S) -> Self {
        let scans = ScanQueue::start(store.clone());
        TicketOffice {
            store,
            scans,
            guard: std::sync::Arc::new(DoorGuard::default()),
            door_search: std::sync::Arc::new(DoorSearch::default()),
        }
    }

    /// This office with another guessing budget ([`crate::guard`]); every
    /// budget starts full. [`GuessPolicy::UNLIMITED`] turns the guard off
    /// (for a trusted command line, tests and benchmarks).
    #[must_use]
    pub fn with_guess_policy(mut self, policy: GuessPolicy) -> Self {
        self.guard = std::sync::Arc::new(DoorGuard::new(policy));
        self
    }

    /// The guessing budget in force.
    pub fn guess_policy(&self) -> GuessPolicy {
        self.guard.policy()
    }

    /// The underlying store, for tests (cargo feature `testing`).
    /// Applications call the office's methods: they check names, slugs and
    /// typed codes and send scans through the group-committing scan writer,
    /// which direct [`Store`] calls would skip.
    #[cfg(any(test, feature = "testing"))]
    pub fn store(&self) -> &S {
        self.inner()
    }

    /// The guessing guard (see [`crate::guard`]).
    pub(crate) fn door_guard(&self) -> &std::sync::Arc<DoorGuard> {
        &self.guard
    }

    /// The underlying store, for the crate's own maintenance functions.
    pub(crate) fn inner(&self) -> &S {
        &self.store
    }

    /// The web sessions kept in this database.
    pub fn sessions(&self) -> crate::session::Sessions<S> {
        crate::session::Sessions::new(self.store.clone())
    }

    /// The change feed of this database (check-ins, undos, revocations of
    /// every event, in commit order).
    pub fn changes(&self) -> crate::changes::ChangeFeed<S> {
        crate::changes::ChangeFeed::new(self.store.clone())
    }

    /// Checks that the database answers (for health checks).
    ///
    /// # Errors
    /// [`Error::Database`] when it does not.
    pub async fn ping(&self) -> Result<()> {
        self.store.ping().await
    }

    /// Creates an event. Without an explicit slug one is derived from the name,
    /// with `-2`, `-3`, … appended when taken.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad name or slug; [`Error::Conflict`] when
    /// an explicit slug is taken.
    pub async fn create_event(&self, new: NewEvent) -> Result<Event> {
        let base = new.validated_slug()?;
        if new.slug.is_some() {
            return self.store.create_event(&base, &new).await;
        }
        for n in 1..=100u32 {
            let slug = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            match self.store.create_event(&slug, &new).await {
                Err(Error::Conflict(_)) => continue,
                other => return other,
            }
        }
        Err(Error::Conflict(crate::msg!(
            "event-slug-exhausted",
            base = base
        )))
    }

    /// Finds an event by id (all digits) or slug.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is none.
    pub async fn event(&self, key: &str) -> Result<Event> {
        let key = key.trim();
        let found = match key.parse::<i64>() {
            Ok(id) => self.store.event_by_id(EventId(id)).await?,
            Err(_) => self.store.event_by_slug(key).await?,
        };
        found.ok_or_else(|| Error::not_found("event", key))
    }

    /// All events, newest first.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn events(&self) -> Result<Vec<Event>> {
        self.store.events().await
    }

    /// Issues one ticket per guest, all or nothing.
    ///
    /// # Errors
    /// [`Error::CodeSpaceExhausted`] when the event's code space has too few
    /// free codes (nothing is written).
    pub async fn issue_tickets(&self, event: &Event, guests: &[NewGuest]) -> Result<Vec<Ticket>> {
        if guests.is_empty() {
            return Ok(Vec::new());
        }
        self.store.issue_tickets(event, guests).await
    }

    /// Adds one guest (a late invitation) and issues their ticket, under
    /// exactly the rules of a guest list's row: the name and address are
    /// cleaned and checked as an import checks them, and an address that
    /// already has a ticket of the event is refused. The mail waits for the
    /// next send run like every new ticket's.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (field `guest`) with the row's problem (a
    /// missing name, an address that is not one valid address, …);
    /// [`Error::Conflict`] when the address already has a ticket;
    /// [`Error::CodeSpaceExhausted`] when the event's codes run out.
    /// Returns the new ticket.
    pub async fn add_guest(&self, event: &Event, name: &str, email: &str) -> Result<Ticket> {
        let bytes = one_guest_list(name, email)?;
        let report = self
            .import_guests(event, bytes, "guest.csv", &ImportOptions::default())
            .await?;
        if let Some(problem) = report.invalid.first() {
            return Err(Error::invalid(
                "guest",
                crate::msg!("guest-problems", problems = problem.messages.clone()),
            ));
        }
        if report.already > 0 {
            return Err(Error::Conflict(crate::msg!(
                "guest-email-taken",
                email = email.trim()
            )));
        }
        if report.imported != 1 {
            return Err(Error::invalid(
                "guest",
                crate::msg!("guest-name-or-email-missing"),
            ));
        }
        // The new ticket: the one with exactly this address (a search also
        // finds addresses that contain it).
        let email = email.trim();
        let filter = TicketFilter {
            search: Some(email.to_string()),
            ..TicketFilter::default()
        };
        self.store
            .tickets(event.id, &filter)
            .await?
            .into_iter()
            .find(|t| t.email.eq_ignore_ascii_case(email))
            .ok_or_else(|| Error::Internal(format!("the ticket of {email} is not found")))
    }

    /// Imports a guest list file and issues one ticket per guest, all in one
    /// transaction (see [`crate::import`] for the formats and rules).
    ///
    /// Strict by default: when any row is bad, nothing is written and the
    /// report lists every bad row ([`ImportReport::refused`]). With
    /// `options.skip_invalid` the good rows are imported; with
    /// `options.dry_run` nothing is written either way. Rows whose address is
    /// already a guest of the event are an updated list's guests who are
    /// there already: they are skipped and counted ([`ImportReport::already`]),
    /// not bad rows, so importing an updated list adds only its new guests.
    ///
    /// # Errors
    /// [`Error::Import`] when the file as a whole cannot be read (wrong format,
    /// too large, no header row, …); [`Error::CodeSpaceExhausted`] when the
    /// event's codes run out (nothing is written).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use ticketcore::import::ImportOptions;
    /// use ticketcore::{NewEvent, TicketOffice};
    /// let office = TicketOffice::open("sqlite::memory:").await?;
    /// let event = office.create_event(NewEvent::named("School Ball")).await?;
    /// let csv = "Name;E-Mail\nAnna Berg;anna@example.org\nBen Ode;not an address\n";
    /// let options = ImportOptions::default();
    /// let report = office.import_guests(&event, csv.into(), "guests.csv", &options).await?;
    /// assert_eq!(report.imported, 0, "strict: one bad row, nothing written");
    /// assert!(report.refused);
    /// assert_eq!(report.invalid.len(), 1);
    /// let options = ImportOptions { skip_invalid: true, ..ImportOptions::default() };
    /// let report = office.import_guests(&event, csv.into(), "guests.csv", &options).await?;
    /// assert_eq!(report.imported, 1);
    /// // The updated list: Anna is there already, Cleo is new.
    /// let csv = "Name;E-Mail\nAnna Berg;ANNA@example.org\nCleo Park;cleo@example.org\n";
    /// let report = office.import_guests(&event, csv.into(), "guests.csv", &options).await?;
    /// assert_eq!((report.imported, report.already), (1, 1));
    /// # Ok::<_, ticketcore::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn import_guests(
        &self,
        event: &Event,
        bytes: Vec<u8>,
        file_name: &str,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let name = file_name.to_string();
        let parse_options = options.clone();
        let mut list: GuestList = crate::import::reader::on_reader_thread(move || {
            crate::import::read_guest_list_owned(bytes, &name, &parse_options)
        })
        .await??;
        let existing = self.store.guest_emails(event.id).await?;
        crate::import::check_existing(&mut list, &existing);
        let mut report = ImportReport {
            imported: 0,
            valid: list.guests.len(),
            already: list.already.len(),
            invalid: list.problems.clone(),
            refused: !list.problems.is_empty() && !options.skip_invalid,
            dry_run: options.dry_run,
            sheet: list.sheet.clone(),
            header_row: list.header_row,
            preview: Vec::new(),
        };
        if options.dry_run {
            report.preview = list.guests;
            return Ok(report);
        }
        if report.refused || list.guests.is_empty() {
            return Ok(report);
        }
        let guests: Vec<NewGuest> = list.guests.into_iter().map(|g| g.guest).collect();
        // Only the count is reported: the tickets themselves are not built.
        report.imported = self.store.issue(event, &guests).await?.len();
        Ok(report)
    }

    /// An event's tickets matching `filter`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a search text longer than
    /// [`crate::search::MAX_SEARCH_CHARS`]; a database error.
    pub async fn tickets(&self, event: &Event, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        if filter
            .search
            .as_deref()
            .is_some_and(|s| s.chars().count() > crate::search::MAX_SEARCH_CHARS)
        {
            return Err(Error::invalid(
                "search",
                crate::msg!("field-too-long", max = crate::search::MAX_SEARCH_CHARS),
            ));
        }
        self.store.tickets(event.id, filter).await
    }

    /// The printable door list of `event` as it stands now: every ticket,
    /// alphabetical by last name, on numbered pages (see [`crate::paper`]).
    ///
    /// # Errors
    /// A database error.
    pub async fn door_list(
        &self,
        event: &Event,
        lang: crate::i18n::Lang,
    ) -> Result<crate::paper::DoorList> {
        let tickets = self
            .store
            .tickets(event.id, &TicketFilter::default())
            .await?;
        Ok(crate::paper::door_list(
            event,
            &tickets,
            &crate::model::now(),
            lang,
        ))
    }

    /// The ticket a typed code stands for.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the code is malformed or unknown.
    pub async fn ticket(&self, event: &Event, typed_code: &str) -> Result<Ticket> {
        let code = event.code_spec.normalise(typed_code).map_err(|_| {
            Error::not_found("ticket", typed_code.chars().take(32).collect::<String>())
        })?;
        self.store
            .ticket(event.id, &code)
            .await?
            .ok_or_else(|| Error::not_found("ticket", code))
    }

    /// Tickets and people that came in per `bucket_secs`-second bucket, for
    /// an arrivals chart ([`Store::arrivals`]).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn arrivals(
        &self,
        event: &Event,
        bucket_secs: u32,
    ) -> Result<Vec<crate::model::ArrivalBucket>> {
        self.store.arrivals(event.id, bucket_secs).await
    }

    /// Counts of an event's tickets.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn stats(&self, event: &Event) -> Result<Stats> {
        self.store.stats(event.id).await
    }

    /// Scans a typed code at a door: as [`TicketOffice::scan_as`] with `by`
    /// as both the user and the door (blank means `door`).
    ///
    /// # Errors
    /// As [`TicketOffice::scan_as`].
    pub async fn scan(&self, event: &Event, typed: &str, by: &str) -> Result<ScanOutcome> {
        self.scan_as(event, typed, by, by).await
    }

    /// Scans a typed code at a door: normalises it with the event's
    /// [`crate::CodeSpec`], decides it atomically (group-committed with other
    /// concurrent scans) and logs it. Input that cannot be a code is
    /// [`ScanOutcome::Unknown`] (and logged too). When this returns, the outcome
    /// is durable.
    ///
    /// `user` is who scans (their guessing budget pays for unknown codes,
    /// see [`crate::guard`]); `door` names the door in the log and in "already
    /// used … at door-2" (blank: the user's name; at most 64 characters,
    /// longer names are cut, control and text-direction characters dropped).
    /// Every unknown code is logged with its user and door.
    ///
    /// # Errors
    /// [`Error::TooManyUnknownCodes`] when the door and the user have
    /// scanned too many unknown codes (nothing was decided or logged); a
    /// database error (then nothing was decided: the scan may be repeated).
    pub async fn scan_as(
        &self,
        event: &Event,
        typed: &str,
        user: &str,
        door: &str,
    ) -> Result<ScanOutcome> {
        let code = event.code_spec.normalise(typed).ok();
        self.scan_code(event, typed, code, user, door, true).await
    }

    async fn scan_code(
        &self,
        event: &Event,
        typed: &str,
        code: Option<String>,
        user: &str,
        door: &str,
        charged: bool,
    ) -> Result<ScanOutcome> {
        let by = door_label(user, door);
        let reservation = match &code {
            Some(_) if charged => Some(self.guard.reserve(event.id, user, &by).await?),
            _ => None,
        };
        let request = ScanRequest {
            event_id: event.id,
            typed: typed
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_LOGGED_INPUT_CHARS)
                .collect(),
            code,
            by,
        };
        let (logged, door) = (request.typed.clone(), request.by.clone());
        // Queued at once and booked by the writer before it answers: a caller
        // that stops waiting (a door that gave up after 1.2 s) cancels
        // neither the scan nor its true account in the guessing budget.
        let outcome = self
            .scans
            .scan_then(
                request,
                Box::new(move |outcome| {
                    if let Some(reservation) = reservation {
                        reservation.settle(Verdict::of(outcome), std::time::Instant::now());
                    }
                }),
            )
            .await;
        if let Ok(ScanOutcome::Unknown) = &outcome {
            tracing::info!(event = %event.slug, user, door, typed = %logged, "unknown code");
        }
        outcome
    }

    /// Uploads check-ins a door decided offline (see [`crate::offline`]):
    /// each is decided like a scan at its own time and door, exactly once
    /// per id however often it is uploaded; a ticket already used or
    /// revoked when its check-in arrives is recorded as a conflict.
    /// Codes that are nobody's cost `user` guessing budget, all before
    /// anything is decided. Times more than
    /// [`crate::offline::MAX_CLOCK_AHEAD_SECS`] in the future, or more than
    /// [`crate::offline::MAX_AGE_HOURS`] in the past, are taken as now.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for more than [`crate::offline::MAX_UPLOAD`]
    /// check-ins or a malformed id; [`Error::TooManyUnknownCodes`] when the
    /// unknown codes exceed the budget (nothing decided); a database error
    /// (nothing decided: upload again).
    pub async fn sync_offline(
        &self,
        event: &Event,
        user: &str,
        checkins: &[crate::offline::OfflineCheckIn],
    ) -> Result<Vec<crate::offline::Synced>> {
        use crate::offline::{MAX_CLOCK_AHEAD_SECS, MAX_UPLOAD, OfflineScan, valid_id};
        if checkins.len() > MAX_UPLOAD {
            return Err(Error::invalid(
                "check-ins",
                crate::msg!("offline-upload-too-many", max = MAX_UPLOAD),
            ));
        }
        if let Some(bad) = checkins.iter().find(|c| !valid_id(&c.id)) {
            return Err(Error::invalid(
                "check-in id",
                crate::msg!(
                    "offline-id-malformed",
                    id = bad.id.chars().take(70).collect::<String>()
                ),
            ));
        }
        let now = chrono::Utc::now();
        let latest = now + chrono::Duration::seconds(MAX_CLOCK_AHEAD_SECS);
        let earliest = now - chrono::Duration::hours(crate::offline::MAX_AGE_HOURS);
        let scans: Vec<OfflineScan> = checkins
            .iter()
            .map(|c| OfflineScan {
                id: c.id.clone(),
                typed: c
                    .code
                    .chars()
                    .filter(|ch| !ch.is_control())
                    .take(MAX_LOGGED_INPUT_CHARS)
                    .collect(),
                code: event.code_spec.normalise(&c.code).ok(),
                at: if c.at > latest || c.at < earliest {
                    now
                } else {
                    c.at
                },
                after_timeout: c.after_timeout,
                persons: c.persons,
                door: match clean_door(&c.door) {
                    d if d.is_empty() => clean_door(user),
                    d => d,
                },
            })
            .collect();
        let codes: Vec<&str> = scans.iter().filter_map(|s| s.code.as_deref()).collect();
        let known = self.store.known_codes(event.id, &codes).await?;
        let unknown = codes
            .iter()
            .filter(|c| !known.iter().any(|k| k == *c))
            .count();
        let door = scans.first().map_or("door", |s| s.door.as_str());
        self.guard.charge(
            event.id,
            user,
            door,
            u32::try_from(unknown).unwrap_or(u32::MAX),
        )?;
        let synced = match self.store.sync_offline(event.id, user, &scans).await {
            // The same upload arrived twice at once: the other one has
            // recorded it by now, so this answer is the duplicate's.
            Err(Error::Database(e)) if crate::error::is_unique_violation(&e) => {
                self.store.sync_offline(event.id, user, &scans).await?
            }
            other => other?,
        };
        let fresh = synced.iter().filter(|s| !s.duplicate).count();
        let conflicts = synced.iter().filter(|s| s.conflict && !s.duplicate).count();
        tracing::info!(event = %event.slug, user, uploaded = synced.len(), fresh, conflicts, "offline check-ins synced");
        Ok(synced)
    }

    /// The copy of `event` a door keeps to decide scans offline (see
    /// [`crate::offline::DoorCopy`] for what it holds and why); logged with
    /// `user`. Handed out only from the day before the event's date
    /// ([`Event::day`], on its clock) to the day after, or any time for an
    /// event without a readable date.
    ///
    /// # Errors
    /// [`Error::Conflict`] outside those days; a database error
    /// ([`Error::Database`]).
    pub async fn door_copy(&self, event: &Event, user: &str) -> Result<crate::offline::DoorCopy> {
        if let Some(day) = event.day() {
            let today = chrono::Utc::now()
                .with_timezone(&event.time_zone)
                .date_naive();
            if (day - today).num_days().abs() > 1 {
                return Err(Error::Conflict(crate::msg!(
                    "door-copy-wrong-day",
                    event = &event.name,
                    day = day.to_string()
                )));
            }
        }
        let cursor = self.store.last_scan_id().await?;
        let tickets: Vec<crate::offline::DoorEntry> = self
            .store
            .tickets(event.id, &TicketFilter::default())
            .await?
            .into_iter()
            .map(crate::offline::DoorEntry::from)
            .collect();
        tracing::info!(event = %event.slug, user, tickets = tickets.len(), "door copy handed out");
        Ok(crate::offline::DoorCopy { cursor, tickets })
    }

    /// The changes to `event`'s tickets after change-feed position `since`,
    /// at most 1,000 feed entries at a time, for a door keeping its copy
    /// current.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn door_changes(
        &self,
        event: &Event,
        since: i64,
    ) -> Result<crate::offline::DoorChanges> {
        const LIMIT: u32 = 1000;
        let records = self.store.scan_log_since(since, LIMIT).await?;
        let more = records.len() >= LIMIT as usize;
        let cursor = records.last().map_or(since, |r| r.id);
        let changes = records
            .into_iter()
            .filter(|r| r.event_id == event.id)
            .filter(|r| {
                matches!(
                    r.kind,
                    crate::model::ScanKind::Admitted
                        | crate::model::ScanKind::Undone
                        | crate::model::ScanKind::RevokedByAdmin
                        | crate::model::ScanKind::Restored
                )
            })
            .filter_map(|r| {
                Some(crate::offline::DoorChange {
                    code: r.code?,
                    kind: r.kind,
                    at: r.at,
                    by: r.by,
                    persons: r.persons,
                })
            })
            .collect();
        Ok(crate::offline::DoorChanges {
            cursor,
            changes,
            more,
        })
    }

    /// The double entries and offline admissions of revoked tickets of
    /// `event` (see [`crate::offline`]), in the order they arrived.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn conflicts(&self, event: &Event) -> Result<Vec<crate::offline::Conflict>> {
        self.store.conflicts(event.id).await
    }

    /// Another event that has a ticket with the code `typed` (as that
    /// event reads it), for a door telling a guest at the wrong party which
    /// one their ticket is for. Ask after `typed` was scanned as
    /// [`ScanOutcome::Unknown`] (which charged the guessing budget).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn other_event_of(&self, event: &Event, typed: &str) -> Result<Option<Event>> {
        for other in self.store.events().await? {
            if other.id == event.id {
                continue;
            }
            let Ok(code) = other.code_spec.normalise(typed) else {
                continue;
            };
            if !self
                .store
                .known_codes(other.id, &[code.as_str()])
                .await?
                .is_empty()
            {
                return Ok(Some(other));
            }
        }
        Ok(None)
    }

    /// The users of `event` whose guessing budget ran out (see
    /// [`crate::guard`]), oldest first. Kept until reset.
    pub fn guess_alerts(&self, event: &Event) -> Vec<GuessAlert> {
        self.guard.alerts(event.id)
    }

    /// Alerts as they are raised, for live pages (see
    /// [`crate::guard::DoorGuard::subscribe`]).
    pub fn subscribe_guess_alerts(&self) -> tokio::sync::broadcast::Receiver<GuessAlert> {
        self.guard.subscribe()
    }

    /// Clears `user`'s guessing alert at `event` and refills their budget.
    /// Returns whether there was one.
    pub fn reset_guess_budget(&self, event: &Event, user: &str) -> bool {
        self.guard.reset(event.id, user)
    }

    /// Finds guests of `event` by name for a door whose guest lost the code
    /// (see [`crate::door_search`]): at most [`crate::door_search::MAX_RESULTS`]
    /// guests whose name contains `typed` (ignoring case and accents), with
    /// their status and a one-time pick for [`TicketOffice::scan_pick`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for fewer than [`crate::door_search::MIN_CHARS`]
    /// characters; [`Error::TooManySearches`] past the user's limit; a
    /// database error.
    pub async fn door_search(
        &self,
        event: &Event,
        typed: &str,
        user: &str,
    ) -> Result<Vec<DoorMatch>> {
        use crate::door_search::{MAX_RESULTS, MIN_CHARS};
        let Some(wanted) = crate::search::query(typed)
            .filter(|q| q.chars().filter(|c| !c.is_whitespace()).count() >= MIN_CHARS)
        else {
            return Err(Error::invalid(
                "search",
                crate::msg!("door-search-too-short", min = MIN_CHARS),
            ));
        };
        self.door_search.check(event.id, user)?;
        // The store searches names, addresses and codes; keep names only,
        // a page at a time, until enough are found.
        const PAGE: u32 = 200;
        let mut named = Vec::new();
        let mut offset = 0;
        while named.len() < MAX_RESULTS {
            let filter = TicketFilter {
                search: Some(wanted.clone()),
                limit: Some(PAGE),
                offset,
                ..TicketFilter::default()
            };
            let page = self.tickets(event, &filter).await?;
            let full = page.len() == PAGE as usize;
            named.extend(
                page.into_iter()
                    .filter(|t| crate::search::fold(&t.name).contains(&wanted)),
            );
            if !full {
                break;
            }
            offset += PAGE;
        }
        let found: Vec<DoorMatch> = named
            .into_iter()
            .take(MAX_RESULTS)
            .map(|t| DoorMatch {
                pick: if t.status != crate::model::TicketStatus::Revoked
                    && t.party().may_enter(event.reentry) > 0
                {
                    self.door_search.pick(event.id, user, &t.code)
                } else {
                    String::new()
                },
                party: t.party(),
                name: t.name,
                status: t.status,
            })
            .collect();
        tracing::info!(event = %event.slug, user, search = %wanted, results = found.len(), "door search");
        Ok(found)
    }

    /// Scans the guest behind a pick from [`TicketOffice::door_search`] in,
    /// `persons` of their party (`None`: all who may), as if their code had
    /// been typed (costs no guessing budget).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a pick that is unknown, used, older than
    /// [`crate::door_search::PICK_SECS`] or made for another user; otherwise
    /// as [`TicketOffice::scan_party`].
    pub async fn scan_pick(
        &self,
        event: &Event,
        pick: &str,
        user: &str,
        door: &str,
        persons: Option<u32>,
    ) -> Result<ScanOutcome> {
        crate::party::check_persons(persons)?;
        let code = self
            .door_search
            .take(event.id, user, pick)
            .ok_or_else(|| Error::not_found("pick", "(search again)"))?;
        if persons.is_none() && !event.reentry {
            return self
                .scan_code(event, &code, Some(code.clone()), user, door, false)
                .await;
        }
        self.party_step(
            event,
            code.clone(),
            &code,
            user,
            door,
            persons,
            crate::party::Direction::In,
        )
        .await
    }

    /// Returns a checked-in ticket to valid.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if it is not
    /// checked in or is revoked.
    pub async fn undo(&self, event: &Event, typed_code: &str, by: &str) -> Result<Ticket> {
        let code = self.ticket(event, typed_code).await?.code;
        self.store.undo(event.id, &code, by).await
    }

    /// Restores a revoked ticket (revoked by mistake): it is used again when
    /// it had been checked in, else valid; logged as `restored`.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if it is
    /// not revoked.
    pub async fn restore(&self, event: &Event, typed_code: &str, by: &str) -> Result<Ticket> {
        let code = self.ticket(event, typed_code).await?.code;
        self.store.restore(event.id, &code, by).await
    }

    /// Corrects a guest's ticket (a typo in the list, a party that grew,
    /// a note for the door): each field of `edit` that is `Some` replaces
    /// the ticket's. A name and address are checked under the rules of a
    /// guest list's row; a walk-in may have no address (its name is then
    /// checked alone). A note is trimmed (empty: none). With `resend` the
    /// ticket waits to be mailed again (to the corrected address; not for a
    /// guest without one). The code stays. Returns the ticket as it is now.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (field `guest`) with the row's problem, or
    /// for an empty address of a guest who is no walk-in; (field `persons`)
    /// for a party outside 1 to [`crate::party::MAX_PERSONS`]; (field
    /// `note`) for a note longer than [`crate::import::MAX_NOTE_CHARS`] or
    /// with control characters; [`Error::Conflict`] when another guest of
    /// the event has the address or more people have come in than the party
    /// would admit; [`Error::NotFound`] for an unknown code.
    pub async fn edit_guest(
        &self,
        event: &Event,
        typed_code: &str,
        edit: &crate::model::GuestEdit,
        resend: bool,
    ) -> Result<Ticket> {
        let ticket = self.ticket(event, typed_code).await?;
        let name = edit.name.as_deref().unwrap_or(&ticket.name).trim();
        let email = edit.email.as_deref().unwrap_or(&ticket.email).trim();
        let (name, email) = if email.is_empty() {
            if !ticket.walk_in {
                return Err(Error::invalid("guest", crate::msg!("guest-email-required")));
            }
            (check_name("guest", name)?, String::new())
        } else {
            let guest = checked_guest(name, email).await?;
            (guest.name, guest.email)
        };
        let persons = edit.persons.unwrap_or(ticket.persons);
        if !(1..=crate::party::MAX_PERSONS).contains(&persons) {
            return Err(Error::invalid(
                "persons",
                crate::msg!("persons-range", max = crate::party::MAX_PERSONS),
            ));
        }
        let note = match &edit.note {
            None => ticket.note.clone(),
            Some(note) => checked_note(note)?,
        };
        let resend = resend && !email.is_empty();
        let update = crate::model::GuestUpdate {
            name,
            email,
            persons,
            note,
            language: edit.language.unwrap_or(ticket.language),
        };
        self.store
            .update_guest(event.id, ticket.id, &update, resend)
            .await?;
        self.ticket(event, &ticket.code).await
    }

    /// Revokes a ticket: every later scan is refused.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code; [`Error::Conflict`] if already revoked.
    pub async fn revoke(&self, event: &Event, typed_code: &str, by: &str) -> Result<Ticket> {
        let code = self.ticket(event, typed_code).await?.code;
        self.store.revoke(event.id, &code, by).await
    }

    /// The newest `limit` audit-log entries of an event.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn scan_log(&self, event: &Event, limit: u32) -> Result<Vec<ScanRecord>> {
        self.store.scan_log(event.id, limit).await
    }

    /// How many guesses per hit an attacker needs at this event now
    /// (code space ÷ tickets).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn guessing_odds(&self, event: &Event) -> Result<f64> {
        let stats = self.stats(event).await?;
        Ok(event.code_spec.guessing_odds(stats.total))
    }

    /// Creates a user with a password (argon2id).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad name or a password that breaks
    /// [`auth::check_password_rules`]; [`Error::Conflict`] if the name is taken.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use ticketcore::{Error, Role, TicketOffice};
    /// let office = TicketOffice::open("sqlite::memory:").await?;
    /// office.add_user("door-anna", Role::Scanner, "correct horse battery").await?;
    /// assert_eq!(office.login("door-anna", "correct horse battery").await?.role, Role::Scanner);
    /// assert!(matches!(office.login("door-anna", "wrong").await, Err(Error::BadCredentials)));
    /// # Ok::<_, ticketcore::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn add_user(&self, name: &str, role: Role, password: &str) -> Result<User> {
        let name = check_name("user name", name)?;
        let hash = auth::hash_password(password).await?;
        self.store.create_user(&name, role, &hash).await
    }

    /// Checks a login.
    ///
    /// # Errors
    /// [`Error::BadCredentials`] for an unknown name or a wrong password; the
    /// time taken does not reveal which.
    pub async fn login(&self, name: &str, password: &str) -> Result<User> {
        match self.store.user_with_hash(name.trim()).await? {
            Some((user, hash)) => {
                if auth::verify_password(&hash, password).await? {
                    Ok(user)
                } else {
                    Err(Error::BadCredentials)
                }
            }
            None => {
                // Spend the same work as a real check so timing reveals nothing.
                let _ = auth::verify_password(DUMMY_HASH, password).await;
                Err(Error::BadCredentials)
            }
        }
    }

    /// Sets a new password.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown user; [`Error::InvalidInput`] for a weak password.
    pub async fn set_password(&self, name: &str, password: &str) -> Result<()> {
        let hash = auth::hash_password(password).await?;
        self.store.set_password_hash(name.trim(), &hash).await
    }

    /// Changes a user's role. Refuses to demote the last admin.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::Conflict`] for the last admin.
    pub async fn set_role(&self, name: &str, role: Role) -> Result<()> {
        // The store checks and writes in one transaction (see `Store::set_role`).
        self.store.set_role(name.trim(), role).await
    }

    /// Removes a user and their tokens. Refuses to remove the last admin.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::Conflict`] for the last admin.
    pub async fn remove_user(&self, name: &str) -> Result<()> {
        self.store.remove_user(name.trim()).await
    }

    /// The user with this id, if any (e.g. the one a session belongs to).
    ///
    /// # Errors
    /// A database error.
    pub async fn user(&self, id: crate::model::UserId) -> Result<Option<User>> {
        self.store.user_by_id(id).await
    }

    /// A user's API tokens (labels and creation times; the secrets are not kept).
    ///
    /// # Errors
    /// A database error.
    pub async fn tokens(&self, user: crate::model::UserId) -> Result<Vec<ApiToken>> {
        self.store.tokens(user).await
    }

    /// Revokes an API token: requests with its secret are refused from now on.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown token id; a database error.
    pub async fn revoke_token(&self, id: i64) -> Result<()> {
        self.store.revoke_token(id).await
    }

    /// All users, by name.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn users(&self) -> Result<Vec<User>> {
        self.store.users().await
    }

    /// Whether the instance still needs its first admin (no admin exists).
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn needs_setup(&self) -> Result<bool> {
        Ok(!self
            .store
            .users()
            .await?
            .iter()
            .any(|u| u.role == Role::Admin))
    }

    /// Creates an API token acting as user `name`. Returns the token record and
    /// the secret, which is not stored and cannot be shown again.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown user.
    pub async fn create_token(&self, name: &str, label: &str) -> Result<(ApiToken, String)> {
        let (user, _) = self
            .store
            .user_with_hash(name.trim())
            .await?
            .ok_or_else(|| Error::not_found("user", name.trim()))?;
        let label = check_name(
            "token label",
            if label.trim().is_empty() {
                "api"
            } else {
                label
            },
        )?;
        let secret = auth::new_token_secret();
        let token = self
            .store
            .create_token(user.id, &label, &auth::token_hash(&secret))
            .await?;
        Ok((token, secret))
    }

    /// The user an API token secret acts as, if it is valid.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn user_for_token(&self, secret: &str) -> Result<Option<User>> {
        let secret = secret.trim();
        if !secret.starts_with(auth::TOKEN_PREFIX) || secret.len() > 128 {
            return Ok(None);
        }
        self.store
            .user_by_token_hash(&auth::token_hash(secret))
            .await
    }

    /// The template of the event's mails in `lang` (the built-in default
    /// unless one was saved for that language).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    pub async fn mail_template(&self, event: &Event, lang: Lang) -> Result<MailTemplate> {
        Ok(self.mail_templates(event).await?.for_lang(lang))
    }

    /// Sets the language of the event's mails (guests with their own keep
    /// it) and gives the event as it is now. An organiser's own template
    /// for the old language is copied to the new one when that has none,
    /// so no guest's mail changes by this (a template saved before there
    /// were languages is filed under English, whatever it is written in).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    pub async fn set_event_language(&self, event: &Event, lang: Lang) -> Result<Event> {
        let current = self.store.event_by_id(event.id).await?;
        let old = current.map_or(event.language, |e| e.language);
        let templates = self.mail_templates(event).await?;
        if let (Some(own), false) = (templates.own.get(&old), templates.own.contains_key(&lang)) {
            self.store
                .set_mail_template(event.id, lang, Some(own))
                .await?;
        }
        self.store.set_event_language(event.id, lang).await?;
        Ok(Event {
            language: lang,
            ..event.clone()
        })
    }

    /// Every template of the event's mails, per language.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a missing event; a database error.
    pub async fn mail_templates(&self, event: &Event) -> Result<crate::mail::MailTemplates> {
        Ok(crate::mail::MailTemplates {
            own: self
                .store
                .mail_templates(event.id)
                .await?
                .into_iter()
                .collect(),
            everywhere: None,
        })
    }

    /// Saves the template of the event's mails in `lang` after checking
    /// it; `None` restores the default for that language.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the template does not render (see [`MailTemplate::check`]).
    pub async fn set_mail_template(
        &self,
        event: &Event,
        lang: Lang,
        template: Option<&MailTemplate>,
    ) -> Result<()> {
        if let Some(t) = template {
            t.check()?;
        }
        self.store.set_mail_template(event.id, lang, template).await
    }

    /// Renders the mail one ticket would get with `template` (the event's own
    /// for the ticket's language when `None`); with no ticket, a sample guest
    /// in `lang` (default: the event's language) is used. The HTML shows
    /// the ticket's QR image as a `data:` URL where the mail refers to
    /// `cid:ticket-qr` (a sent mail carries the image itself).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a broken template.
    pub async fn preview_mail(
        &self,
        event: &Event,
        template: Option<&MailTemplate>,
        ticket: Option<&Ticket>,
        lang: Option<Lang>,
    ) -> Result<RenderedMail> {
        let sample;
        let ticket = match ticket {
            Some(t) => t,
            None => {
                sample = Ticket {
                    language: lang,
                    ..sample_ticket(event)
                };
                &sample
            }
        };
        let template = match template {
            Some(t) => t.clone(),
            None => {
                let lang = ticket.mail_language(event);
                self.mail_template(event, lang).await?
            }
        };
        // Names an unknown placeholder and lists the known ones.
        template.check()?;
        let mut mail = template.render(event, ticket)?;
        let cid = format!("cid:{}", crate::mail::qr::CONTENT_ID);
        if mail.html.contains(&cid) {
            use base64::Engine;
            let png = crate::mail::qr::ticket_qr_png(&ticket.code)?;
            let url = format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png)
            );
            mail.html = mail.html.replace(&cid, &url);
        }
        Ok(mail)
    }

    /// The settings in force: each one stored by an admin over its default in
    /// `defaults` (a frontend's start flags). See [`crate::settings`].
    ///
    /// # Errors
    /// A database error.
    pub async fn settings(&self, defaults: &Settings) -> Result<EffectiveSettings> {
        Ok(EffectiveSettings::new(
            defaults,
            self.store.settings().await?,
        ))
    }

    /// Stores the settings an admin changed (see [`SettingsChange`]), all or
    /// none; `by` is the admin's name, kept with each value.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming a malformed setting (an SMTP URL lettre
    /// does not accept, a sender that is not one mail address); nothing is
    /// stored then. A database error.
    pub async fn update_settings(&self, change: &SettingsChange, by: &str) -> Result<()> {
        let stored = crate::settings::stored_form(change)?;
        let stored: Vec<(&str, Option<&str>)> =
            stored.iter().map(|(n, v)| (*n, v.as_deref())).collect();
        if stored.is_empty() {
            return Ok(());
        }
        // Delete-and-insert: two admins saving the same setting at once can
        // meet on the key (or, on MySQL, in a deadlock); the later one runs
        // again, so the last save wins.
        let mut tries = 0;
        loop {
            match self.store.set_settings(&stored, by).await {
                Err(Error::Database(e))
                    if tries < 3
                        && (crate::error::is_unique_violation(&e)
                            || Error::Database(e.clone()).is_retryable()) =>
                {
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Sets the event's own sender of ticket mails (`Summer Ball
    /// <tickets@example.org>`), which wins over the default sender; `None`
    /// or blank: the default again. Returns the event as it is now.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (field `mail from`) when `sender` is not one
    /// mail address or is longer than 256 characters;
    /// [`Error::NotFound`] for an unknown event; a database error.
    pub async fn set_event_sender(&self, event: &Event, sender: Option<&str>) -> Result<Event> {
        let sender = sender
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::settings::normal_sender)
            .transpose()?;
        self.store
            .set_event_sender(event.id, sender.as_deref())
            .await?;
        Ok(Event {
            sender,
            ..event.clone()
        })
    }

    /// Mails every pending ticket of the event (see [`crate::mail::send_tickets`]),
    /// holding the event's mail lease: one run per event at a time, across
    /// processes and instances. The sender is the event's own when it has
    /// one ([`TicketOffice::set_event_sender`]), else `default_from`.
    ///
    /// # Errors
    /// As [`crate::mail::send_tickets`]; notably [`Error::MailRunBusy`] when
    /// another run is mailing the event (nothing is sent), and
    /// [`Error::InvalidInput`] (field `mail from`) when the event has no sender
    /// of its own and `default_from` is `None` (see
    /// [`crate::settings::sender_for`]).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use ticketcore::mail::{Mailer, SendOptions, parse_mailbox};
    /// use ticketcore::{NewEvent, NewGuest, TicketOffice};
    /// let office = TicketOffice::open("sqlite::memory:").await?;
    /// let event = office.create_event(NewEvent::named("Club Night")).await?;
    /// let guest = NewGuest::new("Anna Berg", "anna@example.org");
    /// office.issue_tickets(&event, &[guest]).await?;
    /// // Without SMTP settings mail goes to an outbox folder of .eml files.
    /// let outbox = std::env::temp_dir().join(format!("outbox-{}", std::process::id()));
    /// let from = parse_mailbox("Club Night <tickets@example.org>")?;
    /// let (mailer, options) = (Mailer::outbox(&outbox), SendOptions::default());
    /// let report = office.send_tickets(&event, &mailer, Some(&from), &options, &|_| {}).await?;
    /// assert_eq!(report.sent, 1);
    /// let rerun = office.send_tickets(&event, &mailer, Some(&from), &options, &|_| {}).await?;
    /// assert_eq!(rerun.sent, 0, "a rerun mails nobody twice");
    /// # std::fs::remove_dir_all(&outbox).ok();
    /// # Ok::<_, ticketcore::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn send_tickets(
        &self,
        event: &Event,
        mailer: &Mailer,
        default_from: Option<&Mailbox>,
        options: &SendOptions,
        progress: &(dyn Fn(SendProgress) + Send + Sync),
    ) -> Result<SendReport> {
        let templates = self.mail_templates(event).await?;
        self.send_with(event, &templates, mailer, default_from, options, progress)
            .await
    }

    /// A send run with `templates`, from the event's sender or `default_from`.
    async fn send_with(
        &self,
        event: &Event,
        templates: &crate::mail::MailTemplates,
        mailer: &Mailer,
        default_from: Option<&Mailbox>,
        options: &SendOptions,
        progress: &(dyn Fn(SendProgress) + Send + Sync),
    ) -> Result<SendReport> {
        let from = crate::settings::sender_for(event, default_from)?;
        crate::mail::send_tickets(
            &self.store,
            event,
            mailer,
            &from,
            templates,
            options,
            progress,
        )
        .await
    }

    /// As [`TicketOffice::send_tickets`], with `template` instead of the
    /// event's saved one for the mails in `lang` (`None`: for every
    /// language), e.g. a dry run of a template before saving it.
    ///
    /// # Errors
    /// As [`crate::mail::send_tickets`].
    #[allow(clippy::too_many_arguments)]
    pub async fn send_tickets_with(
        &self,
        event: &Event,
        template: &MailTemplate,
        lang: Option<Lang>,
        mailer: &Mailer,
        default_from: Option<&Mailbox>,
        options: &SendOptions,
        progress: &(dyn Fn(SendProgress) + Send + Sync),
    ) -> Result<SendReport> {
        let templates = match lang {
            None => crate::mail::MailTemplates::everywhere(template.clone()),
            Some(lang) => {
                let mut saved = self.mail_templates(event).await?;
                saved.own.insert(lang, template.clone());
                saved
            }
        };
        self.send_with(event, &templates, mailer, default_from, options, progress)
            .await
    }

    /// Queues a ticket's mail again (`Some(code)`) or every ticket's (`None`),
    /// for an explicit resend. Returns how many were queued.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown code.
    pub async fn resend(&self, event: &Event, typed_code: Option<&str>) -> Result<u64> {
        let ticket = match typed_code {
            Some(code) => Some(self.ticket(event, code).await?.id),
            None => None,
        };
        self.store.requeue_mail(event.id, ticket).await
    }

    /// How many tickets are pending, sending, sent and failed.
    ///
    /// # Errors
    /// A database error ([`Error::Database`]).
    pub async fn mail_counts(&self, event: &Event) -> Result<MailCounts> {
        self.store.mail_counts(event.id).await
    }
}

/// A guest list of one row (`Name,Email`), so one guest is checked by the
/// very rules of an imported row; CSV quoting keeps any text in its cell.
/// A guest's name and address checked under the rules of a guest list's row.
async fn checked_guest(name: &str, email: &str) -> Result<NewGuest> {
    let bytes = one_guest_list(name, email)?;
    let list = crate::import::reader::on_reader_thread(move || {
        crate::import::read_guest_list(&bytes, "guest.csv", &ImportOptions::default())
    })
    .await?
    .map_err(|e| Error::invalid("guest", e.message()))?;
    if let Some(problem) = list.problems.first() {
        return Err(Error::invalid(
            "guest",
            crate::msg!("guest-problems", problems = problem.messages.clone()),
        ));
    }
    Ok(list
        .guests
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("guest", crate::msg!("guest-name-or-email-missing")))?
        .guest)
}

/// A note for the door, trimmed (empty: none).
fn checked_note(note: &str) -> Result<Option<String>> {
    let note = note.trim();
    if note.is_empty() {
        return Ok(None);
    }
    if note.chars().count() > crate::import::MAX_NOTE_CHARS {
        return Err(Error::invalid(
            "note",
            crate::msg!("field-too-long", max = crate::import::MAX_NOTE_CHARS),
        ));
    }
    if note.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(Error::invalid("note", crate::msg!("field-control-chars")));
    }
    Ok(Some(note.to_string()))
}

fn one_guest_list(name: &str, email: &str) -> Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let written = csv
        .write_record(["Name", "Email"])
        .and_then(|()| csv.write_record([name, email]));
    written
        .map_err(|e| Error::Internal(format!("one-guest list: {e}")))
        .and_then(|()| {
            csv.into_inner()
                .map_err(|e| Error::Internal(format!("one-guest list: {e}")))
        })
}

/// A valid argon2id hash of a random password, verified against when a login
/// names an unknown user.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Guests imported (tickets issued); 0 for a dry run or a refused import.
    pub imported: usize,
    /// Good rows of new guests found in the file.
    pub valid: usize,
    /// Good rows whose address already has a ticket of the event (an updated
    /// list): neither imported again nor counted as problems.
    pub already: usize,
    /// Every bad row: its row number as a spreadsheet program shows it, and the problem.
    pub invalid: Vec<RowProblem>,
    /// The import was strict and the file had bad rows, so nothing was written.
    pub refused: bool,
    /// Nothing was written because only a report was asked for.
    pub dry_run: bool,
    /// The sheet the guests were read from (workbooks).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: u32,
    /// For a dry run: the good rows, for a preview. Empty otherwise.
    pub preview: Vec<GuestRow>,
}

/// A made-up ticket for template previews.
fn sample_ticket(event: &Event) -> Ticket {
    let code: String = event
        .code_spec
        .alphabet()
        .chars()
        .cycle()
        .skip(10)
        .take(event.code_spec.length() as usize)
        .collect();
    Ticket::issued(
        crate::model::TicketId(0),
        event.id,
        code,
        NewGuest::new("Anna Berg", "anna.berg@example.org"),
        crate::model::now(),
    )
}
