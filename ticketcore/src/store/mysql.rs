//! The MySQL / MariaDB backend (cargo feature `mysql`), for hosted databases
//! and several `ticket-web` instances on one database.
//!
//! Needs InnoDB (row locks) and MySQL 8 or MariaDB 10.6 or newer. Every
//! connection runs at READ COMMITTED (set when it opens), so that locking
//! reads take no gap locks and every statement sees the newest committed rows.
//!
//! # Why each decision is race-free
//! MariaDB and MySQL have no `UPDATE … RETURNING`, so a decision is a locked
//! read, a choice in Rust and a write, all in one transaction:
//! - **Scans** ([`Store::scan_batch`]): `SELECT … FROM tickets WHERE event_id = ?
//!   AND code IN (…) FOR UPDATE` puts an exclusive lock on every ticket row of
//!   the batch and returns the row's newest committed version (a locking read
//!   never reads an old snapshot). The batch decides which of them are valid,
//!   sets those used with one `UPDATE … WHERE id IN (…) AND used_at IS NULL
//!   AND revoked_at IS NULL`, writes the audit rows and commits. Another
//!   transaction scanning the same ticket blocks in its own `FOR UPDATE`
//!   until this one commits, and then reads the ticket as used: the
//!   read-decide-write is atomic per row, whichever instance or process runs
//!   it. (The `UPDATE` repeats the condition, and a count that differs from
//!   the decision aborts the batch instead of admitting anyone twice.)
//! - **Undo / revoke** read the ticket with `SELECT … FOR UPDATE` before deciding.
//! - **Issuing** locks the event row (`SELECT … FOR UPDATE`) before reading the
//!   codes in use, so two issuers of one event take turns.
//! - **Claiming mail** selects the rows to claim `FOR UPDATE` and marks them
//!   `sending` in the same transaction.
//! - **Sessions** are upserted with `INSERT … ON DUPLICATE KEY UPDATE`.
//!
//! # The audit log is appended in commit order
//! Every transaction that writes to `scans` first locks the one row of
//! `scan_log_lock` (`SELECT … FOR UPDATE`) and holds it until COMMIT, so audit
//! ids are handed out in commit order and the change feed that follows
//! `id > last` ([`Store::scan_log_since`]) never skips a row that committed
//! after a higher id was read. Within one process scans are group-committed by
//! one writer anyway ([`crate::scan::ScanQueue`]).

use std::collections::HashMap;
use std::str::FromStr;

use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::{Executor, QueryBuilder, Transaction};

use super::server::{answers_within_timeout, decide, group_by_event, mail_counts, template, user};
use super::sqlite::{AuditRow, EventRow, TicketRow, TokenRow, found, is_unique_violation};
use super::{INSERT_CHUNK, Issued, chunk_codes};
use super::{StoreOptions, is_retryable};
use crate::error::{Error, Result};
use crate::mail::MailTemplate;
use crate::model::{
    ApiToken, Event, EventId, MailCounts, MailResult, MailStatus, NewEvent, NewGuest, Role,
    ScanKind, ScanOutcome, ScanRecord, ScanRequest, Stats, Ticket, TicketFilter, TicketId,
    TicketStatus, User, UserId, from_millis, now,
};
use crate::store::Store;

/// Storage in a MySQL or MariaDB database.
#[derive(Clone, Debug)]
pub struct MySqlStore {
    pool: MySqlPool,
}

const SELECT_TICKET_FOR_UPDATE: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = ? AND code = ? FOR UPDATE"
);

/// Orders the audit log by commit; see the module documentation.
const LOCK_SCANS: &str = "SELECT id FROM scan_log_lock WHERE id = 1 FOR UPDATE";

const INSERT_AUDIT: &str = "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
     VALUES (?, ?, ?, ?, ?, ?)";

const CLAIM_PENDING: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = ? AND id > ? AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending') ORDER BY id LIMIT ? FOR UPDATE"
);

const CLAIM_WITH_FAILED: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets WHERE event_id = ? AND id > ? AND revoked_at IS NULL \
     AND mail_status IN ('pending', 'sending', 'failed') ORDER BY id LIMIT ? FOR UPDATE"
);

/// Rows per multi-row audit insert (6 parameters each; MySQL allows 65,535).
const AUDIT_CHUNK: usize = 1000;

/// How often a scan batch is retried after a deadlock.
const RETRIES: usize = 3;

impl MySqlStore {
    /// Connects to `url` (`mysql://` or `mariadb://`) with default
    /// [`StoreOptions`] and applies the migrations.
    ///
    /// # Errors
    /// As [`MySqlStore::connect_with`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, &StoreOptions::default()).await
    }

    /// Connects to `url` with a pool sized and timed by `options`, and applies
    /// the migrations (`ticketcore/migrations/mysql`). The database named in
    /// the URL must exist.
    ///
    /// # Errors
    /// [`Error::Database`] if the URL is malformed or the server cannot be
    /// reached within the acquire timeout, [`Error::Migrate`] if the schema
    /// cannot be brought up to date.
    pub async fn connect_with(url: &str, options: &StoreOptions) -> Result<Self> {
        Self::connect_options(MySqlConnectOptions::from_str(url)?, options).await
    }

    /// As [`MySqlStore::connect_with`], from sqlx connect options.
    ///
    /// # Errors
    /// As [`MySqlStore::connect_with`].
    pub async fn connect_options(
        connect: MySqlConnectOptions,
        options: &StoreOptions,
    ) -> Result<Self> {
        let pool = MySqlPoolOptions::new()
            .max_connections(options.max_connections())
            .acquire_timeout(options.acquire_timeout)
            // A connection that died with a server restart is noticed and replaced
            // before it is handed out.
            .test_before_acquire(true)
            // A connection handed back is checked within a bound: a silent
            // database host must not hold the pool's slots for ever.
            .after_release(|conn, _meta| Box::pin(answers_within_timeout(conn)))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                        .await?;
                    Ok(())
                })
            })
            .connect_with(connect)
            .await?;
        sqlx::migrate!("./migrations/mysql").run(&pool).await?;
        Ok(MySqlStore { pool })
    }

    /// The connection pool, for maintenance (`db sql`, schema version).
    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }

    async fn ticket_for_update(
        tx: &mut Transaction<'static, MySql>,
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
        tx: &mut Transaction<'static, MySql>,
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
            for &i in &idxs {
                if let Some(code) = requests[i].code.as_deref()
                    && !first.contains_key(code)
                {
                    first.insert(code, i);
                    codes.push(code);
                }
            }
            if codes.is_empty() {
                continue;
            }
            // Lock every ticket of the batch and read its newest state.
            let mut q: QueryBuilder<MySql> = QueryBuilder::new(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM tickets WHERE event_id = "
            ));
            q.push_bind(event.0).push(" AND code IN (");
            let mut list = q.separated(", ");
            for code in &codes {
                list.push_bind(*code);
            }
            q.push(") FOR UPDATE");
            let current: Vec<Ticket> = q
                .build_query_as::<TicketRow>()
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(Ticket::from)
                .collect();
            // Decide: every valid ticket is admitted by its first scanner.
            let mut admitted: HashMap<String, Ticket> = HashMap::new();
            let mut refused_tickets: HashMap<String, Ticket> = HashMap::new();
            for ticket in current {
                if ticket.status == TicketStatus::Valid {
                    let by = first
                        .get(ticket.code.as_str())
                        .map(|&i| requests[i].by.clone())
                        .unwrap_or_default();
                    let code = ticket.code.clone();
                    admitted.insert(
                        code,
                        Ticket {
                            status: TicketStatus::Used,
                            used_at: Some(from_millis(at_ms)),
                            used_by: Some(by),
                            ..ticket
                        },
                    );
                } else {
                    refused_tickets.insert(ticket.code.clone(), ticket);
                }
            }
            if !admitted.is_empty() {
                let mut q: QueryBuilder<MySql> = QueryBuilder::new("UPDATE tickets SET used_at = ");
                q.push_bind(at_ms).push(", used_by = CASE id");
                for ticket in admitted.values() {
                    q.push(" WHEN ")
                        .push_bind(ticket.id.0)
                        .push(" THEN ")
                        .push_bind(ticket.used_by.clone().unwrap_or_default());
                }
                q.push(" END WHERE used_at IS NULL AND revoked_at IS NULL AND id IN (");
                let mut list = q.separated(", ");
                for ticket in admitted.values() {
                    list.push_bind(ticket.id.0);
                }
                q.push(")");
                let changed = q.build().execute(&mut *tx).await?.rows_affected();
                if changed != admitted.len() as u64 {
                    // Cannot happen while the rows are locked; never admit on doubt.
                    let e = Error::Internal(format!(
                        "scan batch: {changed} of {} locked tickets changed",
                        admitted.len()
                    ));
                    return refuse(tx, e).await;
                }
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
        for chunk in requests
            .chunks(AUDIT_CHUNK)
            .zip(outcomes.chunks(AUDIT_CHUNK))
        {
            let mut q: QueryBuilder<MySql> = QueryBuilder::new(
                "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) ",
            );
            q.push_values(chunk.0.iter().zip(chunk.1), |mut b, (req, outcome)| {
                b.push_bind(req.event_id.0)
                    .push_bind(outcome.ticket().map(|t| t.id.0))
                    .push_bind(&req.typed)
                    .push_bind(outcome.kind().as_str())
                    .push_bind(&req.by)
                    .push_bind(at_ms);
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

impl Store for MySqlStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_event(&self, slug: &str, new: &NewEvent) -> Result<Event> {
        let created = now();
        let result = sqlx::query(
            "INSERT INTO events (slug, name, date, alphabet, code_length, created_at, time_zone) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(slug)
        .bind(new.name.trim())
        .bind(new.date.as_deref())
        .bind(new.code_spec.alphabet())
        .bind(i64::from(new.code_spec.length()))
        .bind(created.timestamp_millis())
        .bind(new.time_zone.name())
        .execute(&self.pool)
        .await;
        match result {
            Ok(done) => Ok(Event {
                id: EventId(inserted_id(done.last_insert_id())?),
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
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(Event::try_from)
            .transpose()
    }

    async fn event_by_slug(&self, slug: &str) -> Result<Option<Event>> {
        sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE slug = ?")
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
            sqlx::query_scalar("SELECT id FROM events WHERE id = ? FOR UPDATE")
                .bind(event.id.0)
                .fetch_optional(&mut *tx)
                .await?;
        if locked.is_none() {
            return refuse(tx, Error::not_found("event", event.id.to_string())).await;
        }
        let tickets: Vec<(String, String)> =
            sqlx::query_as("SELECT code, email FROM tickets WHERE event_id = ?")
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
            let mut q: QueryBuilder<MySql> = QueryBuilder::new(
                "INSERT INTO tickets (event_id, code, name, email, salutation, created_at) ",
            );
            q.push_values(chunk.iter().zip(&chunk_codes), |mut b, (guest, code)| {
                b.push_bind(event.id.0)
                    .push_bind(*code)
                    .push_bind(&guest.name)
                    .push_bind(&guest.email)
                    .push_bind(guest.salutation.as_deref())
                    .push_bind(created.timestamp_millis());
            });
            q.build().execute(&mut *tx).await?;
            // No `INSERT … RETURNING` on MySQL: read the new ids back by code.
            let mut q: QueryBuilder<MySql> =
                QueryBuilder::new("SELECT id, code FROM tickets WHERE event_id = ");
            q.push_bind(event.id.0).push(" AND code IN (");
            let mut list = q.separated(", ");
            for code in &chunk_codes {
                list.push_bind(*code);
            }
            q.push(")");
            let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
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
            " FROM tickets WHERE event_id = ? AND code = ?"
        ))
        .bind(event.0)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .map(Ticket::from))
    }

    async fn tickets(&self, event: EventId, filter: &TicketFilter) -> Result<Vec<Ticket>> {
        let mut q: QueryBuilder<MySql> = QueryBuilder::new(concat!(
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
            // The columns compare case-sensitively (binary collation); search
            // ignores case, as SQLite's LIKE does. `!` escapes: a backslash would
            // depend on the server's NO_BACKSLASH_ESCAPES mode.
            let pattern = format!("%{}%", like_escape(&search.to_lowercase()));
            q.push(" AND (LOWER(name) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '!' OR LOWER(email) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '!' OR LOWER(code) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '!')");
        }
        q.push(" ORDER BY id LIMIT ")
            .push_bind(filter.limit.map_or(i64::MAX, i64::from))
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
            "SELECT CAST((used_at DIV ?) * ? AS SIGNED) AS bucket, COUNT(*) FROM tickets \
             WHERE event_id = ? AND used_at IS NOT NULL AND revoked_at IS NULL \
             GROUP BY bucket ORDER BY bucket",
        )
        .bind(width)
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
             FROM tickets WHERE event_id = ?",
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
                // InnoDB rolled the whole batch back to break a deadlock (e.g. with
                // a mail run locking the same rows); nothing was decided, run it again.
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
        sqlx::query("UPDATE tickets SET used_at = NULL, used_by = NULL WHERE id = ?")
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
        sqlx::query("UPDATE tickets SET revoked_at = ? WHERE id = ?")
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
            " WHERE s.event_id = ? ORDER BY s.id DESC LIMIT ?"
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
            " WHERE s.id > ? ORDER BY s.id LIMIT ?"
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
        Ok(
            sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS SIGNED) FROM scans")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = ? AND expires_at > ?")
                .bind(id)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        // `VALUES(col)`: understood by MariaDB and MySQL alike (MySQL 8.0.20+
        // prefers a row alias, which MariaDB lacks).
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) \
             ON DUPLICATE KEY UPDATE data = VALUES(data), expires_at = VALUES(expires_at)",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_delete(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_purge(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    async fn create_user(&self, name: &str, role: Role, password_hash: &str) -> Result<User> {
        let created = now();
        let result = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(created.timestamp_millis())
        .execute(&self.pool)
        .await;
        match result {
            Ok(done) => Ok(User {
                id: UserId(inserted_id(done.last_insert_id())?),
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
            "SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, name, role, hash, created_at)| Ok((user(id, name, &role, created_at)?, hash)))
            .transpose()
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let row: Option<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, name, role, created_at FROM users WHERE id = ?")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .transpose()
    }

    async fn users(&self) -> Result<Vec<User>> {
        let rows: Vec<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, name, role, created_at FROM users ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .collect()
    }

    async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET password_hash = ? WHERE name = ?")
            .bind(password_hash)
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn set_role(&self, name: &str, role: Role) -> Result<()> {
        let done = sqlx::query("UPDATE users SET role = ? WHERE name = ?")
            .bind(role.as_str())
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn remove_user(&self, name: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM users WHERE name = ?")
            .bind(name)
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), "user", name)
    }

    async fn create_token(&self, user: UserId, label: &str, token_hash: &str) -> Result<ApiToken> {
        let created = now();
        let done = sqlx::query(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(user.0)
        .bind(label)
        .bind(token_hash)
        .bind(created.timestamp_millis())
        .execute(&self.pool)
        .await?;
        Ok(ApiToken {
            id: inserted_id(done.last_insert_id())?,
            user_id: user,
            label: label.to_string(),
            created_at: created,
        })
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>> {
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.name, u.role, u.created_at FROM users u \
             JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, name, role, created_at)| user(id, name, &role, created_at))
            .transpose()
    }

    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as::<_, TokenRow>(
            "SELECT id, user_id, label, created_at FROM api_tokens WHERE user_id = ? ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ApiToken::from)
        .collect())
    }

    async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE id = ?")
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
            "SELECT mail_subject, mail_text, mail_html, mail_message FROM events WHERE id = ?",
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
            "UPDATE events SET mail_subject = ?, mail_text = ?, mail_html = ?, mail_message = ? \
             WHERE id = ?",
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
            sqlx::query_scalar("SELECT email FROM tickets WHERE event_id = ?")
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
        let mut tx = self.pool.begin().await?;
        let mut tickets: Vec<Ticket> = sqlx::query_as::<_, TicketRow>(sql)
            .bind(event.0)
            .bind(after.0)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(Ticket::from)
            .collect();
        if !tickets.is_empty() {
            let mut q: QueryBuilder<MySql> =
                QueryBuilder::new("UPDATE tickets SET mail_status = 'sending' WHERE id IN (");
            let mut list = q.separated(", ");
            for t in &tickets {
                list.push_bind(t.id.0);
            }
            q.push(")");
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        for t in &mut tickets {
            t.mail_status = MailStatus::Sending;
        }
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
                    "UPDATE tickets SET mail_status = 'sent', mail_sent_at = ?, mail_error = NULL, \
                     mail_attempts = mail_attempts + 1 WHERE id = ?",
                )
                .bind(at.timestamp_millis()),
                MailResult::Failed(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'failed', mail_error = ?, \
                     mail_attempts = mail_attempts + 1 WHERE id = ?",
                )
                .bind(reason.as_str()),
                MailResult::Pending(reason) => sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = ? WHERE id = ?",
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
             WHERE event_id = ? AND revoked_at IS NULL GROUP BY mail_status",
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
                     WHERE event_id = ? AND id = ?",
                )
                .bind(event.0)
                .bind(id.0)
                .execute(&self.pool)
                .await?
            }
            None => {
                sqlx::query(
                    "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                     WHERE event_id = ? AND revoked_at IS NULL",
                )
                .bind(event.0)
                .execute(&self.pool)
                .await?
            }
        };
        Ok(done.rows_affected())
    }
}

/// An auto-increment id as the signed id the rest of the crate uses.
fn inserted_id(id: u64) -> Result<i64> {
    i64::try_from(id).map_err(|_| Error::Internal(format!("inserted id {id} out of range")))
}

/// Escapes `%`, `_` and `!` for a `LIKE … ESCAPE '!'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// Ends `tx` with an explicit ROLLBACK (its row locks go at once, not when the
/// pooled connection is next used) and returns `e`.
async fn refuse<T>(tx: Transaction<'static, MySql>, e: Error) -> Result<T> {
    tx.rollback().await?;
    Err(e)
}
