//! The PostgreSQL backend (cargo feature `postgres`), for larger setups and
//! several `ticket-web` instances on one database.
//!
//! # Why each decision is race-free
//! Connections run at PostgreSQL's default isolation, READ COMMITTED.
//! - **Scans** ([`Store::scan_batch`]): one conditional
//!   `UPDATE tickets … WHERE code = ANY($codes) AND used_at IS NULL AND revoked_at IS NULL
//!   RETURNING …` per event in the batch. An `UPDATE` locks each row it changes
//!   until COMMIT; a second transaction updating the same row waits for that
//!   lock and then, under READ COMMITTED, *re-evaluates its WHERE clause on the
//!   newest committed version of the row* (PostgreSQL's "EvalPlanQual"
//!   re-check) before writing. The loser sees `used_at IS NOT NULL`, updates
//!   nothing and returns no row, so a ticket is admitted by exactly one
//!   transaction, whichever instance or process runs it.
//! - **Undo / revoke** read the ticket with `SELECT … FOR UPDATE` (the row is
//!   locked, and the read returns its newest committed version) before deciding.
//! - **Issuing** locks the event row (`SELECT … FOR UPDATE`) before reading the
//!   codes in use, so two issuers of one event take turns and never pick the
//!   same code (the unique `(event_id, code)` index would refuse it anyway).
//! - **Claiming mail** updates the rows chosen by a `SELECT … FOR UPDATE`
//!   subquery; a row a concurrent run claimed first is re-checked after its
//!   lock is released and dropped when it no longer matches.
//! - **Sessions** are upserted with `INSERT … ON CONFLICT (id) DO UPDATE`.
//!
//! # The audit log is appended in commit order
//! Every transaction that writes to `scans` first takes a transaction-scoped
//! advisory lock (`pg_advisory_xact_lock`, keyed by the schema) and holds it
//! until COMMIT; PostgreSQL releases it only after the commit is visible.
//! Audit ids are therefore handed out in commit order, and the change feed
//! that follows `id > last` ([`Store::scan_log_since`], polled by every web
//! instance) cannot skip a row that committed after a higher id was read.
//! (An advisory lock rather than `LOCK TABLE scans`: a table lock would also
//! wait for autovacuum / autoanalyze of `scans`.)
//! Within one process scans are group-committed by one writer anyway
//! ([`crate::scan::ScanQueue`]); the lock only orders instances among each other.

use std::collections::HashMap;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Row, Transaction};

use super::StoreOptions;
use super::rows::{TicketRow, decide, first_scans, group_by_event};
use super::server::answers_within_timeout;
use super::shared::prelude::*;
use crate::model::{ScanOutcome, ScanRequest};
use crate::store::Store;

/// Storage in a PostgreSQL database (its own schema or the default one).
#[derive(Clone, Debug)]
pub struct PgStore {
    pub(super) pool: PgPool,
}

/// Orders the audit log by commit; see the module documentation. The first key
/// is this crate's ("tick"), the second the schema's, so two ticket databases
/// in different schemas do not wait for each other. (The two-key form never
/// collides with sqlx's one-key migration lock.)
const LOCK_SCANS: &str = "SELECT pg_advisory_xact_lock(1953063787, hashtext(current_schema()))";

/// The deciding write of a scan batch: every ticket among `$3` with some of
/// its party still to come lets the rest in, at `$1` by the door at the same
/// position in `$4` (a party's first arrival keeps its time and door).
const SCAN_UPDATE: &str = concat!(
    "UPDATE tickets SET ",
    enter_rest!("$1", "($4::text[])[array_position($3::text[], code)]"),
    " WHERE event_id = $2 AND code = ANY($3::text[]) AND ",
    enterable!(),
    " RETURNING ",
    ticket_columns!()
);

const SELECT_TICKETS_BY_CODES: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = $1 AND code = ANY($2::text[])"
);

const INSERT_AUDIT_ROWS: &str = "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
     SELECT e, t, ty, o, b, $6 FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[]) \
     AS u(e, t, ty, o, b)";

const CLAIM_PENDING: &str = concat!(
    "UPDATE tickets SET mail_status = 'sending' WHERE id IN (SELECT id FROM tickets \
     WHERE event_id = $1 AND id > $2 AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending') ORDER BY id LIMIT $3 FOR UPDATE) RETURNING ",
    ticket_columns!()
);

const CLAIM_WITH_FAILED: &str = concat!(
    "UPDATE tickets SET mail_status = 'sending' WHERE id IN (SELECT id FROM tickets \
     WHERE event_id = $1 AND id > $2 AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending', 'failed') ORDER BY id LIMIT $3 FOR UPDATE) RETURNING ",
    ticket_columns!()
);

/// How often a scan batch is retried after a deadlock or serialization failure.
const RETRIES: usize = 3;

impl PgStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) with default
    /// [`StoreOptions`] and applies the migrations.
    ///
    /// # Errors
    /// As [`PgStore::connect_with`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, &StoreOptions::default()).await
    }

    /// Connects to `url` with a pool sized and timed by `options`, and applies
    /// the migrations (`ticketcore/migrations/postgres`).
    ///
    /// sqlx's URL parameters apply, e.g. `?sslmode=require` or
    /// `?options[search_path]=tickets` to keep the tables in their own schema.
    ///
    /// # Errors
    /// [`crate::Error::Database`] if the URL is malformed or the server
    /// cannot be reached within the acquire timeout, [`crate::Error::Migrate`]
    /// if the schema cannot be brought up to date.
    pub async fn connect_with(url: &str, options: &StoreOptions) -> Result<Self> {
        Self::connect_options(PgConnectOptions::from_str(url)?, options).await
    }

    /// As [`PgStore::connect_with`], from sqlx connect options.
    ///
    /// # Errors
    /// As [`PgStore::connect_with`].
    pub async fn connect_options(
        connect: PgConnectOptions,
        options: &StoreOptions,
    ) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections())
            .acquire_timeout(options.acquire_timeout)
            // A connection that died with a server restart is noticed and replaced
            // before it is handed out.
            .test_before_acquire(true)
            // A connection handed back is checked within a bound: a silent
            // database host must not hold the pool's slots for ever.
            .after_release(|conn, _meta| Box::pin(answers_within_timeout(conn)))
            .connect_with(connect)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let store = PgStore { pool };
        store.fill_search_text().await?;
        Ok(store)
    }

    /// The connection pool, for maintenance (`db sql`, schema version).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    /// A write transaction holding the audit log's lock (see the module docs).
    async fn begin_audited(&self) -> Result<Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_SCANS).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// `sql` with PostgreSQL's numbered placeholders.
    fn sql(sql: &'static str) -> &'static str {
        super::shared::numbered(sql)
    }

    /// Runs an `INSERT … RETURNING id`.
    async fn insert_id(
        &self,
        q: sqlx::query::Query<'_, Postgres, <Postgres as sqlx::Database>::Arguments>,
    ) -> std::result::Result<i64, sqlx::Error> {
        q.fetch_one(&self.pool).await?.try_get(0)
    }

    /// The name order of a ticket listing: byte order of the folded text, whatever the database's collation, so every
    /// backend sorts alike.
    const FOLDED_ORDER: &str = " ORDER BY search_text COLLATE \"C\", id";

    /// A search by folded text: the trigram index (migration 0009) serves
    /// `LIKE` without an ESCAPE clause.
    const INDEXED_SEARCH: &str = " AND search_text LIKE ";
    /// The end of [`Self::INDEXED_SEARCH`].
    const INDEXED_SEARCH_END: &str = "";

    const UPSERT_SESSION: &str = "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at";

    /// Inserts one chunk of [`Store::issue`] with one array bind per column;
    /// returns `(id, code)` per row.
    async fn insert_tickets(
        tx: &mut Transaction<'static, Postgres>,
        event: EventId,
        guests: &[NewGuest],
        codes: &[&str],
        created: i64,
    ) -> Result<Vec<(i64, String)>> {
        let names: Vec<&str> = guests.iter().map(|g| g.name.as_str()).collect();
        let emails: Vec<&str> = guests.iter().map(|g| g.email.as_str()).collect();
        let salutations: Vec<Option<&str>> =
            guests.iter().map(|g| g.salutation.as_deref()).collect();
        let persons: Vec<i64> = guests.iter().map(|g| i64::from(g.persons.max(1))).collect();
        let notes: Vec<Option<&str>> = guests.iter().map(|g| g.note.as_deref()).collect();
        let walk_ins: Vec<i64> = guests.iter().map(|g| i64::from(g.walk_in)).collect();
        let mail: Vec<&str> = guests
            .iter()
            .map(|g| {
                if g.walk_in {
                    MailStatus::NotMailed.as_str()
                } else {
                    MailStatus::Pending.as_str()
                }
            })
            .collect();
        let languages: Vec<Option<&str>> = guests
            .iter()
            .map(|g| g.language.map(|l| l.code()))
            .collect();
        Ok(sqlx::query_as(
            "INSERT INTO tickets (event_id, code, name, email, salutation, created_at, persons, \
             note, walk_in, mail_status, language) \
             SELECT $1, c, n, e, s, $6, p, nt, w, m, l \
             FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $7::bigint[], \
             $8::text[], $9::bigint[], $10::text[], $11::text[]) AS u(c, n, e, s, p, nt, w, m, l) \
             RETURNING id, code",
        )
        .bind(event.0)
        .bind(codes)
        .bind(&names)
        .bind(&emails)
        .bind(&salutations)
        .bind(created)
        .bind(&persons)
        .bind(&notes)
        .bind(&walk_ins)
        .bind(&mail)
        .bind(&languages)
        .fetch_all(&mut **tx)
        .await?)
    }

    backend_helpers!(Postgres);

    /// One attempt at [`Store::scan_batch`].
    async fn try_scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        let at_ms = now().timestamp_millis();
        let mut tx = self.begin_audited().await?;
        let mut outcomes: Vec<ScanOutcome> = vec![ScanOutcome::Unknown; requests.len()];
        for (event, idxs) in group_by_event(requests) {
            let (codes, first) = first_scans(requests, &idxs);
            let doors: Vec<&str> = codes
                .iter()
                .map(|c| requests[first[c]].by.as_str())
                .collect();
            if codes.is_empty() {
                continue;
            }
            // The deciding write (see the module documentation).
            let admitted: HashMap<String, Ticket> = sqlx::query_as::<_, TicketRow>(SCAN_UPDATE)
                .bind(at_ms)
                .bind(event.0)
                .bind(&codes)
                .bind(&doors)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|row| {
                    let t = Ticket::from(row);
                    (t.code.clone(), t)
                })
                .collect();
            let rest: Vec<&str> = codes
                .iter()
                .copied()
                .filter(|c| !admitted.contains_key(*c))
                .collect();
            let mut refused_tickets: HashMap<String, Ticket> = HashMap::new();
            if !rest.is_empty() {
                refused_tickets = sqlx::query_as::<_, TicketRow>(SELECT_TICKETS_BY_CODES)
                    .bind(event.0)
                    .bind(&rest)
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|row| {
                        let t = Ticket::from(row);
                        (t.code.clone(), t)
                    })
                    .collect();
            }
            decide(
                requests,
                &idxs,
                &first,
                &admitted,
                &refused_tickets,
                &mut outcomes,
            );
        }
        let mut events = Vec::with_capacity(requests.len());
        let mut tickets = Vec::with_capacity(requests.len());
        let mut typed = Vec::with_capacity(requests.len());
        let mut kinds = Vec::with_capacity(requests.len());
        let mut doors = Vec::with_capacity(requests.len());
        for (req, outcome) in requests.iter().zip(&outcomes) {
            events.push(req.event_id.0);
            tickets.push(outcome.ticket().map(|t| t.id.0));
            typed.push(req.typed.as_str());
            kinds.push(outcome.kind().as_str());
            doors.push(req.by.as_str());
        }
        sqlx::query(INSERT_AUDIT_ROWS)
            .bind(&events)
            .bind(&tickets)
            .bind(&typed)
            .bind(&kinds)
            .bind(&doors)
            .bind(at_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}

impl super::Sealed for PgStore {}

impl Store for PgStore {
    store_methods!();

    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let mut attempt = 0;
        loop {
            match self.try_scan_batch(requests).await {
                // A deadlock (e.g. with a mail run updating the same rows) rolled
                // the whole batch back; nothing was decided, so run it again.
                Err(e) if attempt < RETRIES && e.is_retryable() => attempt += 1,
                other => return other,
            }
        }
    }

    async fn claim_mail(
        &self,
        event: EventId,
        after: TicketId,
        retry_failed: bool,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        let sql = if retry_failed {
            CLAIM_WITH_FAILED
        } else {
            CLAIM_PENDING
        };
        // One statement is one transaction.
        let mut tickets: Vec<Ticket> = sqlx::query_as::<_, TicketRow>(sql)
            .bind(event.0)
            .bind(after.0)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(Ticket::from)
            .collect();
        tickets.sort_by_key(|t| t.id);
        Ok(tickets)
    }
}
