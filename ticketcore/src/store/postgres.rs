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
use sqlx::{Postgres, QueryBuilder, Transaction};

use super::server::{answers_within_timeout, decide, group_by_event, mail_counts, template, user};
use super::sqlite::{
    AuditRow, EventRow, TicketRow, TokenRow, found, is_unique_violation, like_escape,
};
use super::{INSERT_CHUNK, Issued, chunk_codes};
use super::{StoreOptions, is_retryable};
use crate::error::{Error, Result};
use crate::mail::MailTemplate;
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailResult, NewEvent, NewGuest, Role, ScanKind,
    ScanOutcome, ScanRecord, ScanRequest, Stats, Ticket, TicketFilter, TicketId, TicketStatus,
    User, UserId, from_millis, now,
};
use crate::store::Store;

/// Storage in a PostgreSQL database (its own schema or the default one).
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

const SELECT_TICKET_FOR_UPDATE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = $1 AND code = $2 FOR UPDATE"
);

/// Orders the audit log by commit; see the module documentation. The first key
/// is this crate's ("tick"), the second the schema's, so two ticket databases
/// in different schemas do not wait for each other. (The two-key form never
/// collides with sqlx's one-key migration lock.)
const LOCK_SCANS: &str = "SELECT pg_advisory_xact_lock(1953063787, hashtext(current_schema()))";

/// The deciding write of a scan batch: every still-valid ticket among `$3`
/// is set used at `$1` by the door at the same position in `$4`.
const SCAN_UPDATE: &str = concat!(
    "UPDATE tickets SET used_at = $1, used_by = ($4::text[])[array_position($3::text[], code)] \
     WHERE event_id = $2 AND code = ANY($3::text[]) AND used_at IS NULL AND revoked_at IS NULL \
     RETURNING ",
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

const INSERT_AUDIT: &str = "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
     VALUES ($1, $2, $3, $4, $5, $6)";

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
    /// [`Error::Database`] if the URL is malformed or the server cannot be
    /// reached within the acquire timeout, [`Error::Migrate`] if the schema
    /// cannot be brought up to date.
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
        Ok(PgStore { pool })
    }

    /// The connection pool, for maintenance (`db sql`, schema version).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn ticket_for_update(
        tx: &mut Transaction<'static, Postgres>,
        event: EventId,
        code: &str,
    ) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, TicketRow>(SELECT_TICKET_FOR_UPDATE)
            .bind(event.0)
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?
            .map(Ticket::from))
    }

    async fn log(
        tx: &mut Transaction<'static, Postgres>,
        event: EventId,
        ticket: TicketId,
        typed: &str,
        kind: ScanKind,
        by: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(INSERT_AUDIT)
            .bind(event.0)
            .bind(ticket.0)
            .bind(typed)
            .bind(kind.as_str())
            .bind(by)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// One attempt at [`Store::scan_batch`].
    async fn try_scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        let at = now();
        let at_ms = at.timestamp_millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_SCANS).execute(&mut *tx).await?;
        let mut outcomes: Vec<ScanOutcome> = vec![ScanOutcome::Unknown; requests.len()];
        for (event, idxs) in group_by_event(requests) {
            // The first request for each code decides who admits it.
            let mut first: HashMap<&str, usize> = HashMap::new();
            let mut codes: Vec<&str> = Vec::new();
            let mut doors: Vec<&str> = Vec::new();
            for &i in &idxs {
                if let Some(code) = requests[i].code.as_deref()
                    && !first.contains_key(code)
                {
                    first.insert(code, i);
                    codes.push(code);
                    doors.push(requests[i].by.as_str());
                }
            }
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

impl Store for PgStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_event(&self, slug: &str, new: &NewEvent) -> Result<Event> {
        let created = now();
        let result: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO events (slug, name, date, alphabet, code_length, created_at, time_zone) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(slug)
        .bind(new.name.trim())
        .bind(new.date.as_deref())
        .bind(new.code_spec.alphabet())
        .bind(i64::from(new.code_spec.length()))
        .bind(created.timestamp_millis())
        .bind(new.time_zone.name())
        .fetch_one(&self.pool)
        .await;
        match result {
            Ok(id) => Ok(Event {
                id: EventId(id),
                slug: slug.to_string(),
                name: new.name.trim().to_string(),
                date: new.date.clone(),
                code_spec: new.code_spec.clone(),
                time_zone: new.time_zone,
                created_at: created,
            }),
            Err(e) if is_unique_violation(&e) => Err(Error::Conflict(format!(
                "an event with the slug `{slug}` already exists"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    async fn event_by_id(&self, id: EventId) -> Result<Option<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(Event::try_from)
            .transpose()
    }

    async fn event_by_slug(&self, slug: &str) -> Result<Option<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?
            .map(Event::try_from)
            .transpose()
    }

    async fn events(&self) -> Result<Vec<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events ORDER BY id DESC")
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(Event::try_from)
            .collect()
    }

    async fn issue(&self, event: &Event, guests: &[NewGuest]) -> Result<Issued> {
        let mut tx = self.pool.begin().await?;
        // Issuers of one event take turns (see the module documentation).
        let locked: Option<i64> =
            sqlx::query_scalar("SELECT id FROM events WHERE id = $1 FOR UPDATE")
                .bind(event.id.0)
                .fetch_optional(&mut *tx)
                .await?;
        if locked.is_none() {
            return refuse(tx, Error::not_found("event", event.id.to_string())).await;
        }
        let tickets: Vec<(String, String)> =
            sqlx::query_as("SELECT code, email FROM tickets WHERE event_id = $1")
                .bind(event.id.0)
                .fetch_all(&mut *tx)
                .await?;
        let codes = match super::codes_for(event, tickets, guests) {
            Ok(codes) => codes,
            Err(e) => return refuse(tx, e).await,
        };
        let created = now();
        let mut ids = Vec::with_capacity(guests.len());
        for (n, chunk) in guests.chunks(INSERT_CHUNK).enumerate() {
            let chunk_codes = chunk_codes(&codes, n, chunk.len());
            let names: Vec<&str> = chunk.iter().map(|g| g.name.as_str()).collect();
            let emails: Vec<&str> = chunk.iter().map(|g| g.email.as_str()).collect();
            let salutations: Vec<Option<&str>> =
                chunk.iter().map(|g| g.salutation.as_deref()).collect();
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "INSERT INTO tickets (event_id, code, name, email, salutation, created_at) \
                 SELECT $1, c, n, e, s, $6 \
                 FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[]) AS u(c, n, e, s) \
                 RETURNING id, code",
            )
            .bind(event.id.0)
            .bind(&chunk_codes)
            .bind(&names)
            .bind(&emails)
            .bind(&salutations)
            .bind(created.timestamp_millis())
            .fetch_all(&mut *tx)
            .await?;
            ids.extend(Issued::ids_in_order(rows, &chunk_codes)?);
        }
        tx.commit().await?;
        Ok(Issued {
            ids,
            codes,
            created,
        })
    }

    async fn ticket(&self, event: EventId, code: &str) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, TicketRow>(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE event_id = $1 AND code = $2"
        ))
        .bind(event.0)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .map(Ticket::from))
    }

    async fn tickets(&self, event: EventId, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE event_id = "
        ));
        q.push_bind(event.0);
        match filter.status {
            Some(TicketStatus::Valid) => q.push(" AND used_at IS NULL AND revoked_at IS NULL"),
            Some(TicketStatus::Used) => q.push(" AND used_at IS NOT NULL AND revoked_at IS NULL"),
            Some(TicketStatus::Revoked) => q.push(" AND revoked_at IS NOT NULL"),
            None => &mut q,
        };
        if let Some(search) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            // ILIKE: case-insensitive like SQLite's LIKE (which folds ASCII only).
            let pattern = format!("%{}%", like_escape(search));
            q.push(" AND (name ILIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR email ILIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR code ILIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        q.push(" ORDER BY id LIMIT ")
            .push_bind(filter.limit.map(i64::from))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));
        Ok(q.build_query_as::<TicketRow>()
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(Ticket::from)
            .collect())
    }

    async fn arrivals(
        &self,
        event: EventId,
        bucket_secs: u32,
    ) -> Result<Vec<(crate::model::Timestamp, u64)>> {
        let width = i64::from(bucket_secs.max(1)) * 1000;
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT (used_at / $1) * $1 AS bucket, COUNT(*) FROM tickets \
             WHERE event_id = $2 AND used_at IS NOT NULL AND revoked_at IS NULL \
             GROUP BY bucket ORDER BY bucket",
        )
        .bind(width)
        .bind(event.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(b, n)| (from_millis(b), n as u64))
            .collect())
    }

    async fn stats(&self, event: EventId) -> Result<Stats> {
        let (total, used, revoked): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), \
                    COUNT(CASE WHEN used_at IS NOT NULL AND revoked_at IS NULL THEN 1 END), \
                    COUNT(revoked_at) \
             FROM tickets WHERE event_id = $1",
        )
        .bind(event.0)
        .fetch_one(&self.pool)
        .await?;
        let (total, used, revoked) = (total as u64, used as u64, revoked as u64);
        Ok(Stats {
            total,
            used,
            valid: total - used - revoked,
            revoked,
        })
    }

    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let mut attempt = 0;
        loop {
            match self.try_scan_batch(requests).await {
                // A deadlock (e.g. with a mail run updating the same rows) rolled
                // the whole batch back; nothing was decided, so run it again.
                Err(e) if attempt < RETRIES && is_retryable(&e) => attempt += 1,
                other => return other,
            }
        }
    }

    async fn undo(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_SCANS).execute(&mut *tx).await?;
        let Some(ticket) = Self::ticket_for_update(&mut tx, event, code).await? else {
            return refuse(tx, Error::not_found("ticket", code)).await;
        };
        match ticket.status {
            TicketStatus::Used => {}
            TicketStatus::Valid => {
                let e = Error::Conflict(format!("ticket {code} is not checked in"));
                return refuse(tx, e).await;
            }
            TicketStatus::Revoked => {
                return refuse(tx, Error::Conflict(format!("ticket {code} is revoked"))).await;
            }
        }
        sqlx::query("UPDATE tickets SET used_at = NULL, used_by = NULL WHERE id = $1")
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
        let at = now().timestamp_millis();
        Self::log(&mut tx, event, ticket.id, code, ScanKind::Undone, by, at).await?;
        tx.commit().await?;
        Ok(Ticket {
            status: TicketStatus::Valid,
            used_at: None,
            used_by: None,
            ..ticket
        })
    }

    async fn revoke(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_SCANS).execute(&mut *tx).await?;
        let Some(ticket) = Self::ticket_for_update(&mut tx, event, code).await? else {
            return refuse(tx, Error::not_found("ticket", code)).await;
        };
        if ticket.status == TicketStatus::Revoked {
            let e = Error::Conflict(format!("ticket {code} is already revoked"));
            return refuse(tx, e).await;
        }
        let at = now();
        sqlx::query("UPDATE tickets SET revoked_at = $1 WHERE id = $2")
            .bind(at.timestamp_millis())
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
        Self::log(
            &mut tx,
            event,
            ticket.id,
            code,
            ScanKind::RevokedByAdmin,
            by,
            at.timestamp_millis(),
        )
        .await?;
        tx.commit().await?;
        Ok(Ticket {
            status: TicketStatus::Revoked,
            revoked_at: Some(at),
            ..ticket
        })
    }

    async fn scan_log(&self, event: EventId, limit: u32) -> Result<Vec<ScanRecord>> {
        sqlx::query_as::<_, AuditRow>(concat!(
            audit_select!(),
            " WHERE s.event_id = $1 ORDER BY s.id DESC LIMIT $2"
        ))
        .bind(event.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ScanRecord::try_from)
        .collect()
    }

    async fn scan_log_since(&self, after: i64, limit: u32) -> Result<Vec<ScanRecord>> {
        sqlx::query_as::<_, AuditRow>(concat!(
            audit_select!(),
            " WHERE s.id > $1 ORDER BY s.id LIMIT $2"
        ))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ScanRecord::try_from)
        .collect()
    }

    async fn last_scan_id(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM scans")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_delete(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_purge(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    async fn create_user(&self, name: &str, role: Role, password_hash: &str) -> Result<User> {
        let created = now();
        let result: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(created.timestamp_millis())
        .fetch_one(&self.pool)
        .await;
        match result {
            Ok(id) => Ok(User {
                id: UserId(id),
                name: name.to_string(),
                role,
                created_at: created,
            }),
            Err(e) if is_unique_violation(&e) => Err(Error::Conflict(format!(
                "a user named `{name}` already exists"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>> {
        let row: Option<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, name, role, password_hash, created_at FROM users WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, name, role, hash, created_at)| Ok((user(id, name, &role, created_at)?, hash)))
            .transpose()
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let row: Option<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, name, role, created_at FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .transpose()
    }

    async fn users(&self) -> Result<Vec<User>> {
        // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, name, role, created_at FROM users ORDER BY name COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .collect()
    }

    async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(password_hash)
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn set_role(&self, name: &str, role: Role) -> Result<()> {
        let done = sqlx::query("UPDATE users SET role = $1 WHERE name = $2")
            .bind(role.as_str())
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn remove_user(&self, name: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM users WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn create_token(&self, user: UserId, label: &str, token_hash: &str) -> Result<ApiToken> {
        let created = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user.0)
        .bind(label)
        .bind(token_hash)
        .bind(created.timestamp_millis())
        .fetch_one(&self.pool)
        .await?;
        Ok(ApiToken {
            id,
            user_id: user,
            label: label.to_string(),
            created_at: created,
        })
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>> {
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.name, u.role, u.created_at FROM users u \
             JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .transpose()
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as::<_, TokenRow>(
            "SELECT id, user_id, label, created_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ApiToken::from)
        .collect())
    }

    async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "token", id.to_string())
    }

    async fn mail_template(&self, event: EventId) -> Result<Option<MailTemplate>> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT mail_subject, mail_text, mail_html, mail_message FROM events WHERE id = $1",
        )
        .bind(event.0)
        .fetch_optional(&self.pool)
        .await?;
        let (subject, text, html, message) =
            row.ok_or_else(|| Error::not_found("event", event.to_string()))?;
        Ok(template(subject, text, html, message))
    }

    async fn set_mail_template(
        &self,
        event: EventId,
        template: Option<&MailTemplate>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE events SET mail_subject = $1, mail_text = $2, mail_html = $3, \
             mail_message = $4 WHERE id = $5",
        )
        .bind(template.map(|t| t.subject.as_str()))
        .bind(template.map(|t| t.text.as_str()))
        .bind(template.and_then(|t| t.html.as_deref()))
        .bind(template.map(|t| t.message.as_str()))
        .bind(event.0)
        .execute(&self.pool)
        .await?;
        found(done.rows_affected(), "event", event.to_string())
    }

    async fn guest_emails(&self, event: EventId) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT email FROM tickets WHERE event_id = $1")
                .bind(event.0)
                .fetch_all(&self.pool)
                .await?,
        )
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

    async fn record_mail(&self, results: &[(TicketId, MailResult)]) -> Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for (id, result) in results {
            let q = match result {
                MailResult::Sent(at) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'sent', mail_sent_at = $1, \
                     mail_error = NULL, mail_attempts = mail_attempts + 1 WHERE id = $2",
                )
                .bind(at.timestamp_millis()),
                MailResult::Failed(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'failed', mail_error = $1, \
                     mail_attempts = mail_attempts + 1 WHERE id = $2",
                )
                .bind(reason.as_str()),
                MailResult::Pending(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = $1 WHERE id = $2",
                )
                .bind(reason.as_str()),
            };
            q.bind(id.0).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mail_counts(&self, event: EventId) -> Result<MailCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT mail_status, COUNT(*) FROM tickets \
             WHERE event_id = $1 AND revoked_at IS NULL GROUP BY mail_status",
        )
        .bind(event.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(mail_counts(rows))
    }

    async fn requeue_mail(&self, event: EventId, ticket: Option<TicketId>) -> Result<u64> {
        let done = match ticket {
            Some(id) => {
                sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                     WHERE event_id = $1 AND id = $2",
                )
                .bind(event.0)
                .bind(id.0)
                .execute(&self.pool)
                .await?
            }
            None => {
                sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                     WHERE event_id = $1 AND revoked_at IS NULL",
                )
                .bind(event.0)
                .execute(&self.pool)
                .await?
            }
        };
        Ok(done.rows_affected())
    }
}

/// Ends `tx` with an explicit ROLLBACK (its row locks go at once, not when the
/// pooled connection is next used) and returns `e`.
async fn refuse<T>(tx: Transaction<'static, Postgres>, e: Error) -> Result<T> {
    tx.rollback().await?;
    Err(e)
}
