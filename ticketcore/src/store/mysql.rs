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

use super::StoreOptions;
use super::rows::{TicketRow, decide, first_scans, group_by_event};
use super::server::answers_within_timeout;
use super::shared::prelude::*;
use super::shared::without;
use crate::model::{MailStatus, ScanOutcome, ScanRequest};
use crate::store::Store;

/// Storage in a MySQL or MariaDB database.
#[derive(Clone, Debug)]
pub struct MySqlStore {
    pub(super) pool: MySqlPool,
}

/// Orders the audit log by commit; see the module documentation.
const LOCK_SCANS: &str = "SELECT id FROM scan_log_lock WHERE id = 1 FOR UPDATE";

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
        let store = MySqlStore { pool };
        store.fill_search_text().await?;
        Ok(store)
    }

    /// The connection pool, for maintenance (`db sql`, schema version).
    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }

    fn reader(&self) -> &MySqlPool {
        &self.pool
    }

    fn writer(&self) -> &MySqlPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, MySql>> {
        Ok(self.pool.begin().await?)
    }

    /// A write transaction holding the audit log's lock (see the module docs).
    async fn begin_audited(&self) -> Result<Transaction<'static, MySql>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_SCANS).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// `sql` for MySQL/MariaDB: `?` placeholders as written; `CAST(… AS
    /// BIGINT)` as `AS SIGNED`; a final `RETURNING id` dropped (MySQL has none: [`MySqlStore::insert_id`]
    /// reads the new id from the server's answer instead).
    fn sql(sql: &'static str) -> &'static str {
        super::shared::signed(without(sql, " RETURNING id"))
    }

    /// Runs an `INSERT` (its `RETURNING id` removed by [`MySqlStore::sql`])
    /// and gives the new row's id.
    async fn insert_id(
        &self,
        q: sqlx::query::Query<'_, MySql, <MySql as sqlx::Database>::Arguments>,
    ) -> std::result::Result<i64, sqlx::Error> {
        let id = q.execute(&self.pool).await?.last_insert_id();
        i64::try_from(id).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }

    /// The name order of a ticket listing: byte order of the folded text (`utf8mb4_bin`), so every
    /// backend sorts alike.
    const FOLDED_ORDER: &str = " ORDER BY search_text, id";

    /// A search by folded text (MariaDB has no index for inner substrings:
    /// it reads the event's tickets).
    const INDEXED_SEARCH: &str = " AND search_text LIKE ";
    /// The end of [`Self::INDEXED_SEARCH`].
    const INDEXED_SEARCH_END: &str = "";

    // `VALUES(col)`: understood by MariaDB and MySQL alike (MySQL 8.0.20+
    // prefers a row alias, which MariaDB lacks).
    const UPSERT_SESSION: &str = "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) \
         ON DUPLICATE KEY UPDATE data = VALUES(data), expires_at = VALUES(expires_at)";

    /// Inserts one chunk of [`Store::issue`]; returns `(id, code)` per row
    /// (read back by code: MySQL has no `INSERT … RETURNING`).
    async fn insert_tickets(
        tx: &mut Transaction<'static, MySql>,
        event: EventId,
        guests: &[NewGuest],
        codes: &[&str],
        created: i64,
    ) -> Result<Vec<(i64, String)>> {
        Self::ticket_rows(event, guests, codes, created)
            .build()
            .execute(&mut **tx)
            .await?;
        let mut q: QueryBuilder<MySql> =
            QueryBuilder::new("SELECT id, code FROM tickets WHERE event_id = ");
        q.push_bind(event.0).push(" AND code IN (");
        let mut list = q.separated(", ");
        for code in codes {
            list.push_bind(*code);
        }
        q.push(")");
        Ok(q.build_query_as().fetch_all(&mut **tx).await?)
    }

    backend_helpers!(MySql);

    /// One attempt at [`Store::scan_batch`].
    async fn try_scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        let at_ms = now().timestamp_millis();
        let mut tx = self.begin_audited().await?;
        let mut outcomes: Vec<ScanOutcome> = vec![ScanOutcome::Unknown; requests.len()];
        for (event, idxs) in group_by_event(requests) {
            let (codes, first) = first_scans(requests, &idxs);
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
            // Decide: every ticket with some of its party still to come
            // (`enterable!`) lets the rest in, for its first scanner.
            let mut admitted: HashMap<String, Ticket> = HashMap::new();
            let mut refused_tickets: HashMap<String, Ticket> = HashMap::new();
            for ticket in current {
                if ticket.arrived < ticket.persons && ticket.status != TicketStatus::Revoked {
                    let by = first
                        .get(ticket.code.as_str())
                        .map(|&i| requests[i].by.clone())
                        .unwrap_or_default();
                    let code = ticket.code.clone();
                    admitted.insert(
                        code,
                        Ticket {
                            status: TicketStatus::Used,
                            used_at: ticket.used_at.or(Some(from_millis(at_ms))),
                            used_by: ticket.used_by.clone().or(Some(by)),
                            inside: ticket.inside + ticket.persons - ticket.arrived,
                            arrived: ticket.persons,
                            ..ticket
                        },
                    );
                } else {
                    refused_tickets.insert(ticket.code.clone(), ticket);
                }
            }
            if !admitted.is_empty() {
                let mut q: QueryBuilder<MySql> = QueryBuilder::new(
                    "UPDATE tickets SET inside = inside + persons - arrived, arrived = persons, \
                     used_at = COALESCE(used_at, ",
                );
                q.push_bind(at_ms)
                    .push("), used_by = COALESCE(used_by, CASE id");
                for ticket in admitted.values() {
                    q.push(" WHEN ")
                        .push_bind(ticket.id.0)
                        .push(" THEN ")
                        .push_bind(ticket.used_by.clone().unwrap_or_default());
                }
                q.push(concat!(" END) WHERE ", enterable!(), " AND id IN ("));
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

impl super::Sealed for MySqlStore {}

impl Store for MySqlStore {
    store_methods!();

    async fn scan_batch(&self, requests: &[ScanRequest]) -> Result<Vec<ScanOutcome>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let mut attempt = 0;
        loop {
            match self.try_scan_batch(requests).await {
                // InnoDB rolled the whole batch back to break a deadlock (e.g. with
                // a mail run locking the same rows); nothing was decided, run it again.
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
}
