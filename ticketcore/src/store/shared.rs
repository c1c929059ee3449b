//! The [`Store`](super::Store) methods whose SQL is the same on every
//! backend, written once.
//!
//! [`store_methods!`] stamps one body per backend inside its `impl Store`
//! block, in the manner of vaultwarden's `db_run!`: the bodies are generic
//! in text, concrete in type (no trait bounds over sqlx's `Database`), so a
//! query is written once and a new column is one change. Only what really
//! differs stays in the backend's own file: the scan batch, claiming mail,
//! the multi-row ticket insert, the session upsert and how a transaction
//! takes its locks.
//!
//! Each backend offers, as inherent items with the same names:
//! - `reader()` / `writer()`: the pools for reads and writes;
//! - `begin_write()`: a write transaction (SQLite: `BEGIN IMMEDIATE`);
//! - `begin_audited()`: a write transaction that also orders the audit log
//!   by commit (see the server backends' module docs);
//! - `sql(text)`: `text` in the backend's dialect (see [`numbered`] and the
//!   backends' own notes);
//! - `insert_id(query)`: runs an `INSERT … RETURNING id` and gives the id;
//! - `insert_tickets(tx, …)`: one chunk of [`Store::issue`](super::Store::issue);
//! - `UPSERT_SESSION`: the session upsert.
//!
//! The SQL is written with `?` placeholders, each used once and in order,
//! and `FOR UPDATE` / `RETURNING id` only at the very end of a statement.
//! The bodies name the crate's types as a backend file sees them after
//! `use super::shared::prelude::*;`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use sqlx::{Database, Transaction};

use crate::error::{Error, Result};

/// The names the shared bodies use, imported by every backend file.
pub(crate) mod prelude {
    pub(crate) use super::refuse;
    pub(crate) use crate::door_rules::DoorRules;
    pub(crate) use crate::error::{Error, Result};
    pub(crate) use crate::mail::{MailLease, MailTemplate};
    pub(crate) use crate::model::{
        ApiToken, Event, EventId, MailCounts, MailResult, MailStatus, NewEvent, NewGuest, Role,
        ScanKind, ScanRecord, Stats, Ticket, TicketFilter, TicketId, TicketSort, TicketStatus,
        Timestamp, User, UserId, from_millis, now,
    };
    pub(crate) use crate::offline::{Conflict, OWN_SCAN_WINDOW_MS, OfflineScan, Synced};
    pub(crate) use crate::pairing::{DoorPairing, NewPairing};
    pub(crate) use crate::party::{self, Direction, LoggedScan, PartyStep, Refusal};
    pub(crate) use crate::settings::StoredSetting;
    pub(crate) use crate::store::rows;
}

/// `sql` with its `?` placeholders numbered `$1, $2, …` (PostgreSQL's form),
/// computed once per statement and kept for the life of the process (the
/// statements are the crate's own literals, a fixed set). A `?` inside a
/// quoted literal would be numbered too: the crate's SQL has none.
// Used by the PostgreSQL backend only.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) fn numbered(sql: &'static str) -> &'static str {
    static DONE: LazyLock<Mutex<HashMap<&'static str, &'static str>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut done = DONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.entry(sql).or_insert_with(|| {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        Box::leak(out.into_boxed_str())
    })
}

/// `sql` with each `AS BIGINT)` cast written `AS SIGNED)`, MySQL's name for
/// a 64-bit integer in `CAST` (see [`sum_int!`](super::rows)); computed once
/// per statement, as [`numbered`].
#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
pub(crate) fn signed(sql: &'static str) -> &'static str {
    if !sql.contains(" AS BIGINT)") {
        return sql;
    }
    static DONE: LazyLock<Mutex<HashMap<&'static str, &'static str>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut done = DONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.entry(sql)
        .or_insert_with(|| Box::leak(sql.replace(" AS BIGINT)", " AS SIGNED)").into_boxed_str()))
}

/// `sql` without a final `suffix` (e.g. `" FOR UPDATE"` on SQLite, which
/// locks the whole database for a write transaction instead).
pub(crate) fn without(sql: &'static str, suffix: &str) -> &'static str {
    sql.strip_suffix(suffix).unwrap_or(sql)
}

/// Ends `tx` with an explicit ROLLBACK (its locks go at once, not when the
/// pooled connection is next used) and returns `e`.
pub(crate) async fn refuse<T, DB: Database>(tx: Transaction<'static, DB>, e: Error) -> Result<T> {
    tx.rollback().await?;
    Err(e)
}

/// The `impl Store` methods shared by every backend; see the module docs.
macro_rules! store_methods {
    () => {
        async fn ping(&self) -> Result<()> {
            sqlx::query("SELECT 1").execute(self.reader()).await?;
            Ok(())
        }

        async fn create_event(&self, slug: &str, new: &NewEvent) -> Result<Event> {
            let created = now();
            let q = sqlx::query(Self::sql(
                "INSERT INTO events (slug, name, date, alphabet, code_length, created_at, \
                 time_zone, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ))
            .bind(slug)
            .bind(new.name.trim())
            .bind(new.date.as_deref())
            .bind(new.code_spec.alphabet())
            .bind(i64::from(new.code_spec.length()))
            .bind(created.timestamp_millis())
            .bind(new.time_zone.name())
            .bind(new.language.code());
            match self.insert_id(q).await {
                Ok(id) => Ok(Event {
                    id: EventId(id),
                    slug: slug.to_string(),
                    name: new.name.trim().to_string(),
                    date: new.date.clone(),
                    code_spec: new.code_spec.clone(),
                    time_zone: new.time_zone,
                    created_at: created,
                    sender: None,
                    reentry: false,
                    walk_ins: Default::default(),
                    walk_in_limit: None,
                    language: new.language,
                }),
                Err(e) if $crate::error::is_unique_violation(&e) => {
                    Err(Error::Conflict($crate::msg!("event-slug-taken", slug = slug)))
                }
                Err(e) => Err(e.into()),
            }
        }

        async fn event_by_id(&self, id: EventId) -> Result<Option<Event>> {
            sqlx::query_as::<_, rows::EventRow>(Self::sql(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events WHERE id = ?"
            )))
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?
            .map(Event::try_from)
            .transpose()
        }

        async fn event_by_slug(&self, slug: &str) -> Result<Option<Event>> {
            sqlx::query_as::<_, rows::EventRow>(Self::sql(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events WHERE slug = ?"
            )))
            .bind(slug)
            .fetch_optional(self.reader())
            .await?
            .map(Event::try_from)
            .transpose()
        }

        async fn events(&self) -> Result<Vec<Event>> {
            sqlx::query_as::<_, rows::EventRow>(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events ORDER BY id DESC"
            ))
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(Event::try_from)
            .collect()
        }

        async fn issue(&self, event: &Event, guests: &[NewGuest]) -> Result<$crate::store::Issued> {
            let mut tx = self.begin_write().await?;
            // Issuers of one event take turns (the event row's lock; on SQLite
            // the write transaction's), so two never pick the same code or guest.
            let locked: Option<Option<i64>> = sqlx::query_scalar(Self::sql(
                "SELECT walk_in_limit FROM events WHERE id = ? FOR UPDATE",
            ))
            .bind(event.id.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(walk_in_limit) = locked else {
                let e = Error::not_found("event", event.id.to_string());
                return refuse(tx, e).await;
            };
            // The event's cap on walk-ins holds across processes: it is
            // counted under the same lock.
            let new_walk_ins = guests.iter().filter(|g| g.walk_in).count();
            if let Some(limit) = walk_in_limit.filter(|_| new_walk_ins > 0) {
                let walk_ins: i64 = sqlx::query_scalar(Self::sql(
                    "SELECT COUNT(*) FROM tickets \
                     WHERE event_id = ? AND walk_in = 1 AND revoked_at IS NULL",
                ))
                .bind(event.id.0)
                .fetch_one(&mut *tx)
                .await?;
                if walk_ins.saturating_add(new_walk_ins as i64) > limit {
                    let e = Error::Conflict($crate::msg!(
                        "walk-in-limit-reached",
                        limit = limit,
                        event = &event.name
                    ));
                    return refuse(tx, e).await;
                }
            }
            let tickets: Vec<(String, String)> =
                sqlx::query_as(Self::sql("SELECT code, email FROM tickets WHERE event_id = ?"))
                    .bind(event.id.0)
                    .fetch_all(&mut *tx)
                    .await?;
            let codes = match $crate::store::codes_for(event, tickets, guests) {
                Ok(codes) => codes,
                Err(e) => return refuse(tx, e).await,
            };
            let created = now();
            let mut ids = Vec::with_capacity(guests.len());
            // Multi-row inserts: one statement per chunk instead of one per
            // ticket (100,000 tickets on SQLite: 8.7 s before).
            for (n, chunk) in guests.chunks($crate::store::INSERT_CHUNK).enumerate() {
                let chunk_codes = $crate::store::chunk_codes(&codes, n, chunk.len());
                let rows = Self::insert_tickets(
                    &mut tx,
                    event.id,
                    chunk,
                    &chunk_codes,
                    created.timestamp_millis(),
                )
                .await?;
                let chunk_ids = $crate::store::Issued::ids_in_order(rows, &chunk_codes)?;
                let found = chunk
                    .iter()
                    .zip(&chunk_ids)
                    .zip(&chunk_codes)
                    .map(|((g, id), code)| (id.0, $crate::search::ticket_text(&g.name, &g.email, code)));
                Self::insert_search_text(&mut tx, found).await?;
                ids.extend(chunk_ids);
            }
            tx.commit().await?;
            Ok($crate::store::Issued {
                ids,
                codes,
                created,
            })
        }

        async fn ticket(&self, event: EventId, code: &str) -> Result<Option<Ticket>> {
            Ok(sqlx::query_as::<_, rows::TicketRow>(Self::sql(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM tickets WHERE event_id = ? AND code = ?"
            )))
            .bind(event.0)
            .bind(code)
            .fetch_optional(self.reader())
            .await?
            .map(Ticket::from))
        }

        async fn tickets(&self, event: EventId, filter: &TicketFilter) -> Result<Vec<Ticket>> {
            let search = filter.search.as_deref().and_then($crate::search::query);
            let mut q = sqlx::QueryBuilder::new(concat!("SELECT ", ticket_columns!(), " FROM tickets"));
            if search.is_some() || filter.sort == TicketSort::Name {
                // LEFT: a ticket whose search text an older build has not
                // written yet still lists (and sorts first by name).
                q.push(" LEFT JOIN ticket_search ON ticket_id = id");
            }
            q.push(" WHERE event_id = ").push_bind(event.0);
            match filter.status {
                Some(TicketStatus::Valid) => q.push(concat!(" AND ", admittable!())),
                Some(TicketStatus::Used) => {
                    q.push(" AND used_at IS NOT NULL AND revoked_at IS NULL")
                }
                Some(TicketStatus::Revoked) => q.push(" AND revoked_at IS NOT NULL"),
                None => &mut q,
            };
            if let Some(search) = search {
                // Folded on both sides (see `crate::search`), so every backend
                // ignores case and accents alike. Text without LIKE's special
                // characters (the usual case) goes through the backend's
                // trigram index, which takes no ESCAPE clause.
                if search.contains(['%', '_', '!', '\\']) {
                    let pattern = format!("%{}%", rows::like_escape(&search));
                    q.push(" AND search_text LIKE ")
                        .push_bind(pattern)
                        .push(" ESCAPE '!'");
                } else {
                    q.push(Self::INDEXED_SEARCH)
                        .push_bind(format!("%{search}%"))
                        .push(Self::INDEXED_SEARCH_END);
                }
            }
            q.push(match filter.sort {
                TicketSort::Issued => " ORDER BY id",
                // The folded text starts with the folded name.
                TicketSort::Name => Self::FOLDED_ORDER,
                TicketSort::Status => {
                    " ORDER BY CASE WHEN revoked_at IS NOT NULL THEN 2 \
                     WHEN used_at IS NOT NULL THEN 1 ELSE 0 END, id"
                }
                TicketSort::CheckIn => " ORDER BY used_at IS NULL, used_at DESC, id",
            });
            if let Some(limit) = filter.limit {
                q.push(" LIMIT ").push_bind(i64::from(limit));
            } else if filter.offset > 0 {
                q.push(" LIMIT ").push_bind(i64::MAX);
            }
            if filter.offset > 0 {
                q.push(" OFFSET ").push_bind(i64::from(filter.offset));
            }
            Ok(q.build_query_as::<rows::TicketRow>()
                .fetch_all(self.reader())
                .await?
                .into_iter()
                .map(Ticket::from)
                .collect())
        }

        async fn arrivals(
            &self,
            event: EventId,
            bucket_secs: u32,
        ) -> Result<Vec<$crate::model::ArrivalBucket>> {
            let width = i64::from(bucket_secs.max(1)) * 1000;
            let count = |n: i64| u64::try_from(n).unwrap_or(0);
            // Tickets by their first arrival, and the one person of each
            // one-person ticket with them. `x - x % w`: integer arithmetic
            // on every backend (MySQL's `/` would give a decimal).
            let rows: Vec<(i64, i64, i64)> = sqlx::query_as(Self::sql(
                "SELECT used_at - used_at % ? AS bucket, COUNT(*), \
                        COUNT(CASE WHEN persons = 1 THEN 1 END) FROM tickets \
                 WHERE event_id = ? AND used_at IS NOT NULL AND revoked_at IS NULL \
                 GROUP BY bucket ORDER BY bucket",
            ))
            .bind(width)
            .bind(event.0)
            .fetch_all(self.reader())
            .await?;
            let mut buckets: std::collections::BTreeMap<i64, (u64, u64)> = rows
                .into_iter()
                .map(|(b, tickets, people)| (b, (count(tickets), count(people))))
                .collect();
            // The people of larger parties may come at different times:
            // their logs say when (the few tickets of parties only).
            let reentry: Option<i64> =
                sqlx::query_scalar(Self::sql("SELECT reentry FROM events WHERE id = ?"))
                    .bind(event.0)
                    .fetch_optional(self.reader())
                    .await?;
            let lines: Vec<(i64, i64, String, Option<i64>, Option<String>, String, i64)> =
                sqlx::query_as(Self::sql(
                    "SELECT t.id, t.persons, s.outcome, s.persons, s.direction, s.by_whom, s.at \
                     FROM tickets t JOIN scans s ON s.ticket_id = t.id \
                     WHERE t.event_id = ? AND t.persons > 1 AND t.used_at IS NOT NULL \
                     AND t.revoked_at IS NULL \
                     AND s.outcome IN ('admitted', 'exited', 'undone') \
                     ORDER BY t.id, s.id",
                ))
                .bind(event.0)
                .fetch_all(self.reader())
                .await?;
            let reentry = reentry.unwrap_or(0) != 0;
            for party_lines in lines.chunk_by(|a, b| a.0 == b.0) {
                let size = u32::try_from(party_lines[0].1).unwrap_or(1);
                let log: Vec<LoggedScan> = party_lines
                    .iter()
                    .map(|(_, _, outcome, persons, direction, by, at)| {
                        rows::logged_scan((outcome.clone(), *persons, direction.clone(), by.clone(), *at))
                    })
                    .collect();
                for (at, people) in party::arrivals(size, reentry, &log) {
                    let ms = at.timestamp_millis();
                    let bucket = buckets.entry(ms - ms.rem_euclid(width)).or_default();
                    bucket.1 += u64::from(people);
                }
            }
            Ok(buckets
                .into_iter()
                .map(|(b, (tickets, people))| $crate::model::ArrivalBucket {
                    start: from_millis(b),
                    tickets,
                    people,
                })
                .collect())
        }

        async fn stats(&self, event: EventId) -> Result<Stats> {
            // Sums of integer columns are NUMERIC on PostgreSQL and
            // DECIMAL on MySQL: cast back to the 64-bit integer every
            // backend decodes alike.
            let (total, used, revoked, people, arrived, inside, walk_ins): (
                i64,
                i64,
                i64,
                i64,
                i64,
                i64,
                i64,
            ) = sqlx::query_as(Self::sql(concat!(
                "SELECT COUNT(*), \
                        COUNT(CASE WHEN used_at IS NOT NULL AND revoked_at IS NULL THEN 1 END), \
                        COUNT(revoked_at), ",
                sum_int!("CASE WHEN revoked_at IS NULL THEN persons ELSE 0 END"),
                ", ",
                sum_int!("CASE WHEN revoked_at IS NULL THEN arrived ELSE 0 END"),
                ", ",
                sum_int!("CASE WHEN revoked_at IS NULL THEN inside ELSE 0 END"),
                ", ",
                sum_int!("walk_in"),
                " FROM tickets WHERE event_id = ?"
            )))
            .bind(event.0)
            .fetch_one(self.reader())
            .await?;
            let count = |n: i64| u64::try_from(n).unwrap_or(0);
            let (total, used, revoked) = (count(total), count(used), count(revoked));
            Ok(Stats {
                total,
                used,
                valid: total.saturating_sub(used + revoked),
                revoked,
                people_total: count(people),
                people_arrived: count(arrived),
                people_inside: count(inside),
                walk_ins: count(walk_ins),
            })
        }

        async fn undo(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
            let (mut tx, ticket) = self.lock_ticket(event, code).await?;
            match ticket.status {
                TicketStatus::Used => {}
                TicketStatus::Valid => {
                    let e = Error::Conflict($crate::msg!("ticket-not-checked-in", code = code));
                    return refuse(tx, e).await;
                }
                TicketStatus::Revoked => {
                    let e = Error::Conflict($crate::msg!("ticket-revoked", code = code));
                    return refuse(tx, e).await;
                }
            }
            // The ticket's log, replayed without its latest admission.
            let reentry: i64 = sqlx::query_scalar(Self::sql("SELECT reentry FROM events WHERE id = ?"))
                .bind(event.0)
                .fetch_one(&mut *tx)
                .await?;
            let lines: Vec<(String, Option<i64>, Option<String>, String, i64)> =
                sqlx::query_as(Self::sql(
                    "SELECT outcome, persons, direction, by_whom, at FROM scans \
                     WHERE ticket_id = ? AND outcome IN ('admitted', 'exited', 'undone') \
                     ORDER BY id",
                ))
                .bind(ticket.id.0)
                .fetch_all(&mut *tx)
                .await?;
            let at = now();
            let mut log: Vec<LoggedScan> = lines.into_iter().map(rows::logged_scan).collect();
            log.push(LoggedScan {
                undo: true,
                persons: None,
                direction: Direction::In,
                by: by.to_string(),
                at,
            });
            let replayed = party::replay(ticket.persons, reentry != 0, &log);
            let (used_at, used_by) = match replayed.first {
                Some((at, by)) => (Some(at), Some(by)),
                None => (None, None),
            };
            sqlx::query(Self::sql(
                "UPDATE tickets SET used_at = ?, used_by = ?, arrived = ?, inside = ? WHERE id = ?",
            ))
            .bind(used_at.map(|t| t.timestamp_millis()))
            .bind(used_by.as_deref())
            .bind(i64::from(replayed.party.arrived))
            .bind(i64::from(replayed.party.inside))
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
            let kind = ScanKind::Undone;
            Self::log(&mut tx, event, ticket.id, code, kind, by, at.timestamp_millis()).await?;
            tx.commit().await?;
            Ok(Ticket {
                status: if used_at.is_some() {
                    TicketStatus::Used
                } else {
                    TicketStatus::Valid
                },
                used_at,
                used_by,
                arrived: replayed.party.arrived,
                inside: replayed.party.inside,
                ..ticket
            })
        }

        async fn party_scan(&self, event: EventId, step: &PartyStep) -> Result<ScanOutcome> {
            let mut tx = self.begin_audited().await?;
            let Some(ticket) = Self::ticket_for_update(&mut tx, event, &step.code).await? else {
                tx.rollback().await?;
                return Ok(ScanOutcome::Unknown);
            };
            let at = now();
            let at_ms = at.timestamp_millis();
            let code = ticket.code.clone();
            if step.direction == Direction::In && ticket.status == TicketStatus::Revoked {
                let kind = ScanKind::Revoked;
                Self::log(&mut tx, event, ticket.id, &step.typed, kind, &step.by, at_ms).await?;
                tx.commit().await?;
                return Ok(ScanOutcome::Revoked { ticket });
            }
            let (party, n) = match ticket.party().scan(step.persons, step.direction, step.reentry) {
                Ok(done) => done,
                Err(Refusal::TooMany { left: 0 }) => {
                    let kind = ScanKind::AlreadyUsed;
                    Self::log(&mut tx, event, ticket.id, &step.typed, kind, &step.by, at_ms).await?;
                    tx.commit().await?;
                    return Ok(rows::refused(ticket));
                }
                Err(Refusal::TooMany { left }) => {
                    let e = Error::invalid(
                        "persons",
                        $crate::msg!("party-too-many", left = left, size = ticket.persons),
                    );
                    return refuse(tx, e).await;
                }
                Err(Refusal::NotInside { inside: 0 }) => {
                    let e = Error::Conflict($crate::msg!("party-nobody-inside", code = &code));
                    return refuse(tx, e).await;
                }
                Err(Refusal::NotInside { inside }) => {
                    let e = Error::invalid(
                        "persons",
                        $crate::msg!("party-only-inside", inside = inside),
                    );
                    return refuse(tx, e).await;
                }
            };
            let first_in = step.direction == Direction::In && ticket.used_at.is_none();
            let used_at = if first_in { Some(at) } else { ticket.used_at };
            let used_by = if first_in {
                Some(step.by.clone())
            } else {
                ticket.used_by.clone()
            };
            sqlx::query(Self::sql(
                "UPDATE tickets SET used_at = ?, used_by = ?, arrived = ?, inside = ? WHERE id = ?",
            ))
            .bind(used_at.map(|t| t.timestamp_millis()))
            .bind(used_by.as_deref())
            .bind(i64::from(party.arrived))
            .bind(i64::from(party.inside))
            .bind(ticket.id.0)
            .execute(&mut *tx)
            .await?;
            let kind = match step.direction {
                Direction::In => ScanKind::Admitted,
                Direction::Out => ScanKind::Exited,
            };
            sqlx::query(Self::sql(
                "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at, persons, \
                 direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ))
            .bind(event.0)
            .bind(ticket.id.0)
            .bind(&step.typed)
            .bind(kind.as_str())
            .bind(&step.by)
            .bind(at_ms)
            .bind(i64::from(n))
            .bind(step.direction.as_str())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            let ticket = Ticket {
                status: TicketStatus::Used,
                used_at,
                used_by,
                arrived: party.arrived,
                inside: party.inside,
                ..ticket
            };
            Ok(match step.direction {
                Direction::In => ScanOutcome::Admitted { ticket },
                Direction::Out => ScanOutcome::Exited { ticket },
            })
        }

        async fn revoke(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
            let (mut tx, ticket) = self.lock_ticket(event, code).await?;
            if ticket.status == TicketStatus::Revoked {
                let e = Error::Conflict($crate::msg!("ticket-already-revoked", code = code));
                return refuse(tx, e).await;
            }
            let at = now();
            sqlx::query(Self::sql("UPDATE tickets SET revoked_at = ? WHERE id = ?"))
                .bind(at.timestamp_millis())
                .bind(ticket.id.0)
                .execute(&mut *tx)
                .await?;
            let kind = ScanKind::RevokedByAdmin;
            let at_ms = at.timestamp_millis();
            Self::log(&mut tx, event, ticket.id, code, kind, by, at_ms).await?;
            tx.commit().await?;
            Ok(Ticket {
                status: TicketStatus::Revoked,
                revoked_at: Some(at),
                ..ticket
            })
        }

        async fn restore(&self, event: EventId, code: &str, by: &str) -> Result<Ticket> {
            let (mut tx, ticket) = self.lock_ticket(event, code).await?;
            if ticket.status != TicketStatus::Revoked {
                let e = Error::Conflict($crate::msg!("ticket-not-revoked", code = code));
                return refuse(tx, e).await;
            }
            sqlx::query(Self::sql("UPDATE tickets SET revoked_at = NULL WHERE id = ?"))
                .bind(ticket.id.0)
                .execute(&mut *tx)
                .await?;
            let at_ms = now().timestamp_millis();
            Self::log(&mut tx, event, ticket.id, code, ScanKind::Restored, by, at_ms).await?;
            tx.commit().await?;
            Ok(Ticket {
                status: if ticket.used_at.is_some() {
                    TicketStatus::Used
                } else {
                    TicketStatus::Valid
                },
                revoked_at: None,
                ..ticket
            })
        }

        async fn update_guest(
            &self,
            event: EventId,
            ticket: TicketId,
            guest: &$crate::model::GuestUpdate,
            requeue: bool,
        ) -> Result<()> {
            let (name, email) = (guest.name.as_str(), guest.email.as_str());
            let mut tx = self.begin_write().await?;
            // Addresses of imported guests are ASCII (see `crate::import`), so
            // every backend's LOWER() folds them alike. Walk-ins without an
            // address share the empty one.
            if !email.is_empty() {
                let taken: Option<i64> = sqlx::query_scalar(Self::sql(
                    "SELECT id FROM tickets WHERE event_id = ? AND id <> ? AND LOWER(email) = ?",
                ))
                .bind(event.0)
                .bind(ticket.0)
                .bind(email.to_lowercase())
                .fetch_optional(&mut *tx)
                .await?;
                if taken.is_some() {
                    let e = Error::Conflict($crate::msg!("guest-email-taken", email = email));
                    return refuse(tx, e).await;
                }
            }
            let found: Option<(String, i64, i64)> = sqlx::query_as(Self::sql(
                "SELECT code, arrived, persons FROM tickets WHERE event_id = ? AND id = ? FOR UPDATE",
            ))
            .bind(event.0)
            .bind(ticket.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((code, arrived, size)) = found else {
                return refuse(tx, Error::not_found("ticket", ticket.0.to_string())).await;
            };
            if i64::from(guest.persons) < arrived {
                let e = Error::Conflict($crate::msg!("party-at-least", arrived = arrived));
                return refuse(tx, e).await;
            }
            if i64::from(guest.persons) != size {
                Self::fix_counts(&mut tx, event, ticket, u32::try_from(size).unwrap_or(1)).await?;
            }
            let sql = if requeue {
                "UPDATE tickets SET name = ?, email = ?, persons = ?, note = ?, language = ?, \
                 mail_status = 'pending', mail_error = NULL WHERE id = ?"
            } else {
                "UPDATE tickets SET name = ?, email = ?, persons = ?, note = ?, language = ? \
                 WHERE id = ?"
            };
            sqlx::query(Self::sql(sql))
                .bind(name)
                .bind(email)
                .bind(i64::from(guest.persons))
                .bind(guest.note.as_deref())
                .bind(guest.language.map(|l| l.code()))
                .bind(ticket.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(Self::sql("UPDATE ticket_search SET search_text = ? WHERE ticket_id = ?"))
                .bind($crate::search::ticket_text(name, email, &code))
                .bind(ticket.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        }

        async fn known_codes(&self, event: EventId, codes: &[&str]) -> Result<Vec<String>> {
            if codes.is_empty() {
                return Ok(Vec::new());
            }
            let mut q = sqlx::QueryBuilder::new("SELECT code FROM tickets WHERE event_id = ");
            q.push_bind(event.0).push(" AND code IN (");
            let mut list = q.separated(", ");
            for code in codes {
                list.push_bind(*code);
            }
            q.push(")");
            Ok(q.build_query_scalar().fetch_all(self.reader()).await?)
        }

        async fn sync_offline(&self, event: EventId, user: &str, scans: &[OfflineScan]) -> Result<Vec<Synced>> {
            let mut tx = self.begin_audited().await?;
            let received = now().timestamp_millis();
            let mut synced = Vec::with_capacity(scans.len());
            for scan in scans {
                let seen: Option<(String, i64)> = sqlx::query_as(Self::sql(
                    "SELECT outcome, conflict FROM offline_checkins WHERE event_id = ? AND id = ?",
                ))
                .bind(event.0)
                .bind(&scan.id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some((outcome, conflict)) = seen {
                    synced.push(Synced {
                        id: scan.id.clone(),
                        outcome: ScanKind::parse(&outcome).unwrap_or(ScanKind::Unknown),
                        conflict: conflict != 0,
                        duplicate: true,
                    });
                    continue;
                }
                let ticket = match &scan.code {
                    Some(code) => Self::ticket_for_update(&mut tx, event, code).await?,
                    None => None,
                };
                let at = scan.at.timestamp_millis();
                // This door's own latest admission of the ticket, for a
                // check-in decided after the door's online scan got no
                // answer in time (that scan may have gone through).
                let own_scan = match (&ticket, scan.after_timeout) {
                    (Some(t), true) => {
                        let last: Option<i64> = sqlx::query_scalar(Self::sql(
                            "SELECT at FROM scans WHERE ticket_id = ? AND outcome = 'admitted' \
                             AND by_whom = ? ORDER BY id DESC LIMIT 1",
                        ))
                        .bind(t.id.0)
                        .bind(&scan.door)
                        .fetch_optional(&mut *tx)
                        .await?;
                        last.is_some_and(|u| (u - at).abs() <= OWN_SCAN_WINDOW_MS)
                    }
                    _ => false,
                };
                let (kind, first, conflict) = match &ticket {
                    None => (ScanKind::Unknown, None, false),
                    Some(t) => match (t.status, t.arrived < t.persons) {
                        // Some of the party still to come: the rest came in.
                        // More people than were left (another door let some
                        // in meanwhile) is a double entry.
                        (TicketStatus::Valid | TicketStatus::Used, true) => {
                            let left = t.persons - t.arrived;
                            let over = scan.persons.is_some_and(|n| n > left) && !own_scan;
                            sqlx::query(Self::sql(concat!(
                                "UPDATE tickets SET ",
                                enter_rest!("?", "?"),
                                " WHERE id = ?"
                            )))
                            .bind(at)
                            .bind(&scan.door)
                            .bind(t.id.0)
                            .execute(&mut *tx)
                            .await?;
                            let first = over.then(|| {
                                (t.used_at.map(|a| a.timestamp_millis()), t.used_by.clone())
                            });
                            (ScanKind::Admitted, first, over)
                        }
                        // This door's own scan, answered too late for the door
                        // (it decided offline meanwhile): not a double entry.
                        (TicketStatus::Valid | TicketStatus::Used, false) if own_scan => {
                            (ScanKind::Admitted, None, false)
                        }
                        (TicketStatus::Valid | TicketStatus::Used, false) => (
                            ScanKind::AlreadyUsed,
                            Some((t.used_at.map(|a| a.timestamp_millis()), t.used_by.clone())),
                            true,
                        ),
                        (TicketStatus::Revoked, _) => (ScanKind::Revoked, None, true),
                    },
                };
                if let Some(t) = &ticket {
                    Self::log(&mut tx, event, t.id, &scan.typed, kind, &scan.door, at).await?;
                }
                let (first_at, first_by) = first.unwrap_or((None, None));
                sqlx::query(Self::sql(
                    "INSERT INTO offline_checkins (event_id, id, ticket_id, typed, outcome, \
                     conflict, at, door, user_name, first_at, first_by, received_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ))
                .bind(event.0)
                .bind(&scan.id)
                .bind(ticket.as_ref().map(|t| t.id.0))
                .bind(&scan.typed)
                .bind(kind.as_str())
                .bind(i64::from(conflict))
                .bind(at)
                .bind(&scan.door)
                .bind(user)
                .bind(first_at)
                .bind(first_by)
                .bind(received)
                .execute(&mut *tx)
                .await?;
                synced.push(Synced {
                    id: scan.id.clone(),
                    outcome: kind,
                    conflict,
                    duplicate: false,
                });
            }
            tx.commit().await?;
            Ok(synced)
        }

        async fn conflicts(&self, event: EventId) -> Result<Vec<Conflict>> {
            let rows: Vec<rows::ConflictRow> = sqlx::query_as(Self::sql(
                "SELECT o.outcome, t.code, t.name, o.first_at, o.first_by, o.at, o.door, \
                 o.user_name, o.received_at FROM offline_checkins o \
                 JOIN tickets t ON t.id = o.ticket_id \
                 WHERE o.event_id = ? AND o.conflict = 1 ORDER BY o.received_at, o.at",
            ))
            .bind(event.0)
            .fetch_all(self.reader())
            .await?;
            Ok(rows.into_iter().map(Conflict::from).collect())
        }

        async fn scan_log(&self, event: EventId, limit: u32) -> Result<Vec<ScanRecord>> {
            sqlx::query_as::<_, rows::AuditRow>(Self::sql(concat!(
                audit_select!(),
                " WHERE s.event_id = ? ORDER BY s.id DESC LIMIT ?"
            )))
            .bind(event.0)
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(ScanRecord::try_from)
            .collect()
        }

        async fn scan_log_since(&self, after: i64, limit: u32) -> Result<Vec<ScanRecord>> {
            sqlx::query_as::<_, rows::AuditRow>(Self::sql(concat!(
                audit_select!(),
                " WHERE s.id > ? ORDER BY s.id LIMIT ?"
            )))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(ScanRecord::try_from)
            .collect()
        }

        async fn last_scan_id(&self) -> Result<i64> {
            let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM scans")
                .fetch_one(self.reader())
                .await?;
            Ok(last.unwrap_or(0))
        }

        async fn session_load(&self, id: &str, now: i64) -> Result<Option<(String, i64)>> {
            Ok(sqlx::query_as(Self::sql(
                "SELECT data, expires_at FROM sessions WHERE id = ? AND expires_at > ?",
            ))
            .bind(id)
            .bind(now)
            .fetch_optional(self.reader())
            .await?)
        }

        async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
            sqlx::query(Self::UPSERT_SESSION)
                .bind(id)
                .bind(data)
                .bind(expires_at)
                .execute(self.writer())
                .await?;
            Ok(())
        }

        async fn session_create(&self, id: &str, data: &str, expires_at: i64) -> Result<bool> {
            let done = sqlx::query(Self::sql(
                "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)",
            ))
            .bind(id)
            .bind(data)
            .bind(expires_at)
            .execute(self.writer())
            .await;
            match done {
                Ok(_) => Ok(true),
                Err(e) if crate::error::is_unique_violation(&e) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }

        async fn session_delete(&self, id: &str) -> Result<()> {
            sqlx::query(Self::sql("DELETE FROM sessions WHERE id = ?"))
                .bind(id)
                .execute(self.writer())
                .await?;
            Ok(())
        }

        async fn session_purge(&self, now: i64) -> Result<u64> {
            Ok(sqlx::query(Self::sql("DELETE FROM sessions WHERE expires_at <= ?"))
                .bind(now)
                .execute(self.writer())
                .await?
                .rows_affected())
        }

        async fn create_user(&self, name: &str, role: Role, password_hash: &str) -> Result<User> {
            let created = now();
            let q = sqlx::query(Self::sql(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) \
                 RETURNING id",
            ))
            .bind(name)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(created.timestamp_millis());
            match self.insert_id(q).await {
                Ok(id) => Ok(User {
                    id: UserId(id),
                    name: name.to_string(),
                    role,
                    created_at: created,
                    credential_stamp: User::stamp_of(password_hash),
                    door_phone: false,
                }),
                Err(e) if $crate::error::is_unique_violation(&e) => Err(
                    Error::Conflict($crate::msg!("user-name-taken", name = name)),
                ),
                Err(e) => Err(e.into()),
            }
        }

        async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>> {
            let row: Option<(i64, String, String, i64, String)> = sqlx::query_as(Self::sql(
                "SELECT id, name, role, created_at, password_hash FROM users WHERE name = ?",
            ))
            .bind(name)
            .fetch_optional(self.reader())
            .await?;
            row.map(|(id, name, role, created_at, hash)| {
                let user = rows::user(id, name, &role, created_at, &hash)?;
                Ok((user, hash))
            })
            .transpose()
        }

        async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
            sqlx::query_as::<_, rows::UserRow>(Self::sql(
                "SELECT id, name, role, created_at, password_hash FROM users WHERE id = ?",
            ))
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?
            .map(User::try_from)
            .transpose()
        }

        async fn users(&self) -> Result<Vec<User>> {
            let mut users = sqlx::query_as::<_, rows::UserRow>(
                "SELECT id, name, role, created_at, password_hash FROM users",
            )
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(User::try_from)
            .collect::<Result<Vec<_>>>()?;
            // Sorted here, by code point: the databases' collations differ.
            users.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(users)
        }

        async fn set_password_hash(&self, name: &str, password_hash: &str) -> Result<()> {
            let done = sqlx::query(Self::sql("UPDATE users SET password_hash = ? WHERE name = ?"))
                .bind(password_hash)
                .bind(name)
                .execute(self.writer())
                .await?;
            rows::found(done.rows_affected(), "user", name)
        }

        async fn set_role(&self, name: &str, role: Role) -> Result<()> {
            let mut tx = self.begin_write().await?;
            let id = match Self::user_to_change(&mut tx, name, role != Role::Admin)
                .await
            {
                Ok(id) => id,
                Err(e) => return refuse(tx, e).await,
            };
            let done = sqlx::query(Self::sql("UPDATE users SET role = ? WHERE id = ?"))
                .bind(role.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            rows::found(done.rows_affected(), "user", name)
        }

        async fn remove_user(&self, name: &str) -> Result<()> {
            let mut tx = self.begin_write().await?;
            let id = match Self::user_to_change(&mut tx, name, true).await {
                Ok(id) => id,
                Err(e) => return refuse(tx, e).await,
            };
            let done = sqlx::query(Self::sql("DELETE FROM users WHERE id = ?"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            rows::found(done.rows_affected(), "user", name)
        }

        async fn create_token(
            &self,
            user: UserId,
            label: &str,
            token_hash: &str,
        ) -> Result<ApiToken> {
            let created = now();
            let q = sqlx::query(Self::sql(
                "INSERT INTO api_tokens (user_id, label, token_hash, created_at) \
                 VALUES (?, ?, ?, ?) RETURNING id",
            ))
            .bind(user.0)
            .bind(label)
            .bind(token_hash)
            .bind(created.timestamp_millis());
            Ok(ApiToken {
                id: self.insert_id(q).await?,
                user_id: user,
                label: label.to_string(),
                created_at: created,
            })
        }

        async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>> {
            sqlx::query_as::<_, rows::UserRow>(Self::sql(
                "SELECT u.id, u.name, u.role, u.created_at, u.password_hash FROM users u \
                 JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = ?",
            ))
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?
            .map(User::try_from)
            .transpose()
        }

        async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
            Ok(sqlx::query_as::<_, rows::TokenRow>(Self::sql(
                "SELECT id, user_id, label, created_at FROM api_tokens WHERE user_id = ? \
                 ORDER BY id",
            ))
            .bind(user.0)
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(ApiToken::from)
            .collect())
        }

        async fn revoke_token(&self, id: i64) -> Result<()> {
            let done = sqlx::query(Self::sql("DELETE FROM api_tokens WHERE id = ?"))
                .bind(id)
                .execute(self.writer())
                .await?;
            rows::found(done.rows_affected(), "token", id.to_string())
        }

        async fn create_pairing(&self, new: &NewPairing) -> Result<i64> {
            let q = sqlx::query(Self::sql(
                "INSERT INTO door_pairings (event_id, door, link_hash, created_by, created_at, \
                 expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            ))
            .bind(new.event_id.0)
            .bind(new.door.as_str())
            .bind(new.link_hash.as_str())
            .bind(new.created_by.as_str())
            .bind(new.created_at.timestamp_millis())
            .bind(new.expires_at.timestamp_millis());
            Ok(self.insert_id(q).await?)
        }

        async fn pairing(&self, id: i64) -> Result<Option<DoorPairing>> {
            Ok(sqlx::query_as::<_, rows::PairingRow>(Self::sql(concat!(
                rows::pairing_select!(),
                " WHERE p.id = ?"
            )))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .map(DoorPairing::from))
        }

        async fn pairing_by_link(&self, link_hash: &str) -> Result<Option<DoorPairing>> {
            Ok(sqlx::query_as::<_, rows::PairingRow>(Self::sql(concat!(
                rows::pairing_select!(),
                " WHERE p.link_hash = ?"
            )))
            .bind(link_hash)
            .fetch_optional(self.reader())
            .await?
            .map(DoorPairing::from))
        }

        async fn pairings(&self) -> Result<Vec<DoorPairing>> {
            Ok(sqlx::query_as::<_, rows::PairingRow>(Self::sql(concat!(
                rows::pairing_select!(),
                " ORDER BY p.id DESC"
            )))
            .fetch_all(self.reader())
            .await?
            .into_iter()
            .map(DoorPairing::from)
            .collect())
        }

        async fn claim_pairing(
            &self,
            link_hash: &str,
            now: Timestamp,
            made_after: Timestamp,
        ) -> Result<bool> {
            let done = sqlx::query(Self::sql(
                "UPDATE door_pairings SET claimed_at = ? WHERE link_hash = ? \
                 AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > ? \
                 AND created_at > ?",
            ))
            .bind(now.timestamp_millis())
            .bind(link_hash)
            .bind(now.timestamp_millis())
            .bind(made_after.timestamp_millis())
            .execute(self.writer())
            .await?;
            Ok(done.rows_affected() == 1)
        }

        async fn revoke_pairing(&self, id: i64, now: Timestamp) -> Result<()> {
            let done = sqlx::query(Self::sql(
                "UPDATE door_pairings SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
            ))
            .bind(now.timestamp_millis())
            .bind(id)
            .execute(self.writer())
            .await?;
            rows::found(done.rows_affected(), "pairing", id.to_string())
        }

        async fn mail_templates(
            &self,
            event: EventId,
        ) -> Result<Vec<($crate::i18n::Lang, MailTemplate)>> {
            let found: Option<i64> =
                sqlx::query_scalar(Self::sql("SELECT id FROM events WHERE id = ?"))
                    .bind(event.0)
                    .fetch_optional(self.reader())
                    .await?;
            if found.is_none() {
                return Err(Error::not_found("event", event.to_string()));
            }
            let rows: Vec<(String, String, String, Option<String>, String)> =
                sqlx::query_as(Self::sql(
                    "SELECT language, subject, text, html, message FROM mail_templates \
                     WHERE event_id = ? ORDER BY language",
                ))
                .bind(event.0)
                .fetch_all(self.reader())
                .await?;
            let mut templates: Vec<($crate::i18n::Lang, MailTemplate)> = rows
                .into_iter()
                .filter_map(|(lang, subject, text, html, message)| {
                    let lang = $crate::i18n::Lang::parse(&lang)?;
                    Some((lang, MailTemplate { subject, text, html, message }))
                })
                .collect();
            templates.sort_by_key(|(lang, _)| *lang);
            Ok(templates)
        }

        async fn set_mail_template(
            &self,
            event: EventId,
            lang: $crate::i18n::Lang,
            template: Option<&MailTemplate>,
        ) -> Result<()> {
            let mut tx = self.begin_write().await?;
            let found: Option<i64> =
                sqlx::query_scalar(Self::sql("SELECT id FROM events WHERE id = ? FOR UPDATE"))
                    .bind(event.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return refuse(tx, Error::not_found("event", event.to_string())).await;
            }
            sqlx::query(Self::sql(
                "DELETE FROM mail_templates WHERE event_id = ? AND language = ?",
            ))
            .bind(event.0)
            .bind(lang.code())
            .execute(&mut *tx)
            .await?;
            if let Some(t) = template {
                sqlx::query(Self::sql(
                    "INSERT INTO mail_templates (event_id, language, subject, text, html, message) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                ))
                .bind(event.0)
                .bind(lang.code())
                .bind(t.subject.as_str())
                .bind(t.text.as_str())
                .bind(t.html.as_deref())
                .bind(t.message.as_str())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }

        async fn guest_emails(&self, event: EventId) -> Result<Vec<String>> {
            Ok(sqlx::query_scalar(Self::sql("SELECT email FROM tickets WHERE event_id = ?"))
                .bind(event.0)
                .fetch_all(self.reader())
                .await?)
        }

        async fn record_mail(&self, results: &[(TicketId, MailResult)]) -> Result<()> {
            if results.is_empty() {
                return Ok(());
            }
            let mut tx = self.begin_write().await?;
            for (id, result) in results {
                let q = match result {
                    MailResult::Sent(at) => sqlx::query(Self::sql(
                        "UPDATE tickets SET mail_status = 'sent', mail_sent_at = ?, \
                         mail_error = NULL, mail_attempts = mail_attempts + 1 \
                         WHERE id = ? AND mail_status = 'sending'",
                    ))
                    .bind(at.timestamp_millis()),
                    MailResult::Failed(reason) => sqlx::query(Self::sql(
                        "UPDATE tickets SET mail_status = 'failed', mail_error = ?, \
                         mail_attempts = mail_attempts + 1 WHERE id = ? AND mail_status = 'sending'",
                    ))
                    .bind(reason.as_str()),
                    MailResult::Pending(reason) => sqlx::query(Self::sql(
                        "UPDATE tickets SET mail_status = 'pending', mail_error = ? \
                         WHERE id = ? AND mail_status = 'sending'",
                    ))
                    .bind(reason.as_str()),
                };
                q.bind(id.0).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        }

        async fn mail_counts(&self, event: EventId) -> Result<MailCounts> {
            let rows: Vec<(String, i64)> = sqlx::query_as(Self::sql(
                "SELECT mail_status, COUNT(*) FROM tickets \
                 WHERE event_id = ? AND revoked_at IS NULL GROUP BY mail_status",
            ))
            .bind(event.0)
            .fetch_all(self.reader())
            .await?;
            Ok(rows::mail_counts(rows))
        }

        async fn requeue_mail(&self, event: EventId, ticket: Option<TicketId>) -> Result<u64> {
            let done = match ticket {
                Some(id) => {
                    sqlx::query(Self::sql(
                        "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                         WHERE event_id = ? AND id = ?",
                    ))
                    .bind(event.0)
                    .bind(id.0)
                    .execute(self.writer())
                    .await?
                }
                None => {
                    sqlx::query(Self::sql(
                        "UPDATE tickets SET mail_status = 'pending', mail_error = NULL \
                         WHERE event_id = ? AND revoked_at IS NULL AND walk_in = 0",
                    ))
                    .bind(event.0)
                    .execute(self.writer())
                    .await?
                }
            };
            Ok(done.rows_affected())
        }

        async fn take_mail_lease(
            &self,
            event: EventId,
            lease: &MailLease,
            replacing: Option<&str>,
        ) -> Result<Option<MailLease>> {
            let (since, expires) = (
                lease.since.timestamp_millis(),
                lease.expires_at.timestamp_millis(),
            );
            for _ in 0..3 {
                // An expired lease (or the one named in `replacing`) is taken over
                // by one conditional write: of two runs racing for it, one wins.
                let taken = sqlx::query(Self::sql(
                    "UPDATE mail_leases SET owner = ?, holder = ?, pid = ?, since = ?, \
                     expires_at = ? WHERE event_id = ? AND (expires_at <= ? OR owner = ?)",
                ))
                .bind(&lease.owner)
                .bind(&lease.holder)
                .bind(i64::from(lease.pid))
                .bind(since)
                .bind(expires)
                .bind(event.0)
                .bind(since)
                .bind(replacing.unwrap_or(&lease.owner))
                .execute(self.writer())
                .await?
                .rows_affected();
                if taken > 0 {
                    return Ok(None);
                }
                let inserted = sqlx::query(Self::sql(
                    "INSERT INTO mail_leases (event_id, owner, holder, pid, since, expires_at) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                ))
                .bind(event.0)
                .bind(&lease.owner)
                .bind(&lease.holder)
                .bind(i64::from(lease.pid))
                .bind(since)
                .bind(expires)
                .execute(self.writer())
                .await;
                match inserted {
                    Ok(_) => return Ok(None),
                    Err(e) if $crate::error::is_unique_violation(&e) => {}
                    Err(e) if $crate::error::is_foreign_key_violation(&e) => {
                        return Err(Error::not_found("event", event.to_string()));
                    }
                    Err(e) => return Err(e.into()),
                }
                let held: Option<(String, String, i64, i64, i64)> =
                    sqlx::query_as(Self::sql(
                        "SELECT owner, holder, pid, since, expires_at FROM mail_leases \
                         WHERE event_id = ?",
                    ))
                    .bind(event.0)
                    .fetch_optional(self.writer())
                    .await?;
                // Gone between the two statements (released): try again.
                if let Some((owner, holder, pid, since, expires_at)) = held {
                    return Ok(Some(MailLease {
                        owner,
                        holder,
                        pid: u32::try_from(pid).unwrap_or(0),
                        since: from_millis(since),
                        expires_at: from_millis(expires_at),
                    }));
                }
            }
            Err(Error::Conflict($crate::msg!("mail-lease-contended")))
        }

        async fn renew_mail_lease(
            &self,
            event: EventId,
            owner: &str,
            expires_at: Timestamp,
        ) -> Result<bool> {
            let done = sqlx::query(Self::sql(
                "UPDATE mail_leases SET expires_at = ? WHERE event_id = ? AND owner = ?",
            ))
            .bind(expires_at.timestamp_millis())
            .bind(event.0)
            .bind(owner)
            .execute(self.writer())
            .await?;
            Ok(done.rows_affected() > 0)
        }

        async fn release_mail_lease(&self, event: EventId, owner: &str) -> Result<()> {
            sqlx::query(Self::sql("DELETE FROM mail_leases WHERE event_id = ? AND owner = ?"))
                .bind(event.0)
                .bind(owner)
                .execute(self.writer())
                .await?;
            Ok(())
        }

        async fn settings(&self) -> Result<Vec<StoredSetting>> {
            let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                "SELECT name, value, changed_at, changed_by FROM settings ORDER BY name",
            )
            .fetch_all(self.reader())
            .await?;
            Ok(rows
                .into_iter()
                .map(|(name, value, at, by)| StoredSetting {
                    name,
                    value,
                    changed_at: from_millis(at),
                    changed_by: by,
                })
                .collect())
        }

        async fn set_settings(&self, changes: &[(&str, Option<&str>)], by: &str) -> Result<()> {
            let at = now().timestamp_millis();
            // Delete and insert: the same SQL on every backend, in one
            // transaction, so a reader sees the old value or the new one.
            let mut tx = self.begin_write().await?;
            for (name, value) in changes {
                sqlx::query(Self::sql("DELETE FROM settings WHERE name = ?"))
                    .bind(*name)
                    .execute(&mut *tx)
                    .await?;
                if let Some(value) = value {
                    sqlx::query(Self::sql(
                        "INSERT INTO settings (name, value, changed_at, changed_by) \
                         VALUES (?, ?, ?, ?)",
                    ))
                    .bind(*name)
                    .bind(*value)
                    .bind(at)
                    .bind(by)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        }

        async fn set_event_sender(&self, event: EventId, sender: Option<&str>) -> Result<()> {
            let done = sqlx::query(Self::sql("UPDATE events SET sender = ? WHERE id = ?"))
                .bind(sender)
                .bind(event.0)
                .execute(self.writer())
                .await?;
            rows::found(done.rows_affected(), "event", event.to_string())
        }

        async fn set_door_rules(&self, event: EventId, rules: &DoorRules) -> Result<()> {
            let done = sqlx::query(Self::sql(
                "UPDATE events SET reentry = ?, walk_ins = ?, walk_in_limit = ? WHERE id = ?",
            ))
            .bind(i64::from(rules.reentry))
            .bind(rules.walk_ins.as_str())
            .bind(rules.walk_in_limit.map(i64::from))
            .bind(event.0)
            .execute(self.writer())
            .await?;
            rows::found(done.rows_affected(), "event", event.to_string())
        }

        async fn set_event_language(&self, event: EventId, lang: $crate::i18n::Lang) -> Result<()> {
            let done = sqlx::query(Self::sql("UPDATE events SET language = ? WHERE id = ?"))
                .bind(lang.code())
                .bind(event.0)
                .execute(self.writer())
                .await?;
            rows::found(done.rows_affected(), "event", event.to_string())
        }
    };
}

/// Inherent helpers every backend shares (used by [`store_methods!`] and
/// the backends' own methods); see the module docs.
macro_rules! backend_helpers {
    ($db:ty) => {
        /// Before a party's size changes (inside `tx`, the ticket locked):
        /// its log lines that say no number ("all who had not come") get the
        /// number they let in with the old size `size`, so undo and the
        /// arrivals chart replay them as they happened.
        async fn fix_counts(
            tx: &mut sqlx::Transaction<'static, $db>,
            event: EventId,
            ticket: TicketId,
            size: u32,
        ) -> Result<()> {
            let reentry: i64 =
                sqlx::query_scalar(Self::sql("SELECT reentry FROM events WHERE id = ?"))
                    .bind(event.0)
                    .fetch_one(&mut **tx)
                    .await?;
            let lines: Vec<(i64, String, Option<i64>, Option<String>, String, i64)> =
                sqlx::query_as(Self::sql(
                    "SELECT id, outcome, persons, direction, by_whom, at FROM scans \
                     WHERE ticket_id = ? AND outcome IN ('admitted', 'exited', 'undone') \
                     ORDER BY id",
                ))
                .bind(ticket.0)
                .fetch_all(&mut **tx)
                .await?;
            let log: Vec<$crate::party::LoggedScan> = lines
                .iter()
                .map(|(_, outcome, persons, direction, by, at)| {
                    rows::logged_scan((outcome.clone(), *persons, direction.clone(), by.clone(), *at))
                })
                .collect();
            let counts = $crate::party::counts_at_place(size, reentry != 0, &log);
            for ((id, _, persons, ..), (entry, n)) in lines.iter().zip(log.iter().zip(counts)) {
                if let (None, false, Some(n)) = (persons, entry.undo, n) {
                    sqlx::query(Self::sql("UPDATE scans SET persons = ? WHERE id = ?"))
                        .bind(i64::from(n))
                        .bind(*id)
                        .execute(&mut **tx)
                        .await?;
                }
            }
            Ok(())
        }

        /// The ticket with this code, read for a decision inside `tx`
        /// (locked on the server backends; SQLite's write transaction
        /// already holds the database's write lock).
        async fn ticket_for_update(
            tx: &mut sqlx::Transaction<'static, $db>,
            event: EventId,
            code: &str,
        ) -> Result<Option<Ticket>> {
            Ok(
                sqlx::query_as::<_, rows::TicketRow>(Self::sql(concat!(
                    "SELECT ",
                    ticket_columns!(),
                    " FROM tickets WHERE event_id = ? AND code = ? FOR UPDATE"
                )))
                .bind(event.0)
                .bind(code)
                .fetch_optional(&mut **tx)
                .await?
                .map(Ticket::from),
            )
        }

        /// An audited write transaction holding the ticket with this code,
        /// for undo and revoke to decide on its newest state.
        ///
        /// # Errors
        /// [`crate::Error::NotFound`] for an unknown code (the transaction
        /// is rolled back); a database error.
        async fn lock_ticket(
            &self,
            event: EventId,
            code: &str,
        ) -> Result<(sqlx::Transaction<'static, $db>, Ticket)> {
            let mut tx = self.begin_audited().await?;
            match Self::ticket_for_update(&mut tx, event, code).await? {
                Some(ticket) => Ok((tx, ticket)),
                None => {
                    let e = Error::not_found("ticket", code);
                    refuse(tx, e).await
                }
            }
        }

        /// Appends one audit-log entry inside `tx`.
        async fn log(
            tx: &mut sqlx::Transaction<'static, $db>,
            event: EventId,
            ticket: TicketId,
            typed: &str,
            kind: ScanKind,
            by: &str,
            at: i64,
        ) -> Result<()> {
            sqlx::query(Self::sql(
                "INSERT INTO scans (event_id, ticket_id, typed, outcome, by_whom, at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            ))
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

        /// The id of the user `name` is about to be changed inside `tx`.
        /// When the change takes their admin role (`demoting`: a demotion
        /// or a removal), first locks the admins' rows and refuses when
        /// `name` is the last admin, so two admins demoting each other at
        /// once take turns and the second is refused. The change then goes
        /// by id (row locks in primary-key order only: no deadlock with a
        /// password change, which goes by name).
        ///
        /// # Errors
        /// [`crate::Error::NotFound`] for an unknown name;
        /// [`crate::Error::Conflict`] for the last admin.
        async fn user_to_change(
            tx: &mut sqlx::Transaction<'static, $db>,
            name: &str,
            demoting: bool,
        ) -> Result<i64> {
            if demoting {
                let admins: Vec<String> = sqlx::query_scalar(Self::sql(
                    "SELECT name FROM users WHERE role = 'admin' FOR UPDATE",
                ))
                .fetch_all(&mut **tx)
                .await?;
                if admins.len() == 1 && admins[0] == name {
                    return Err(Error::Conflict($crate::msg!("user-last-admin", name = name)));
                }
            }
            let id: Option<i64> =
                sqlx::query_scalar(Self::sql("SELECT id FROM users WHERE name = ?"))
                    .bind(name)
                    .fetch_optional(&mut **tx)
                    .await?;
            id.ok_or_else(|| Error::not_found("user", name))
        }

        /// The multi-row `INSERT` of one chunk of tickets (`guests` with
        /// their `codes`), for the backends whose `insert_tickets` uses it.
        #[allow(dead_code)]
        fn ticket_rows(
            event: EventId,
            guests: &[NewGuest],
            codes: &[&str],
            created: i64,
        ) -> sqlx::QueryBuilder<$db> {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO tickets (event_id, code, name, email, salutation, created_at, \
                 persons, note, walk_in, mail_status, language) ",
            );
            q.push_values(guests.iter().zip(codes), |mut b, (guest, code)| {
                b.push_bind(event.0)
                    .push_bind(*code)
                    .push_bind(&guest.name)
                    .push_bind(&guest.email)
                    .push_bind(guest.salutation.as_deref())
                    .push_bind(created)
                    .push_bind(i64::from(guest.persons.max(1)))
                    .push_bind(guest.note.as_deref())
                    .push_bind(i64::from(guest.walk_in))
                    .push_bind(if guest.walk_in {
                        MailStatus::NotMailed.as_str()
                    } else {
                        MailStatus::Pending.as_str()
                    })
                    .push_bind(guest.language.map(|l| l.code()));
            });
            q
        }

        /// Stores the folded search text (see [`crate::search`]) of
        /// tickets, `(ticket id, text)`, in one multi-row insert per 1,000.
        async fn insert_search_text(
            tx: &mut sqlx::Transaction<'static, $db>,
            rows: impl Iterator<Item = (i64, String)>,
        ) -> Result<()> {
            let rows: Vec<(i64, String)> = rows.collect();
            for chunk in rows.chunks($crate::store::INSERT_CHUNK) {
                let mut q =
                    sqlx::QueryBuilder::new("INSERT INTO ticket_search (ticket_id, search_text) ");
                q.push_values(chunk, |mut b, (id, text)| {
                    b.push_bind(*id).push_bind(text.as_str());
                });
                q.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// Writes the folded search text of every ticket that has none
        /// (tickets stored before search text existed, or by an older build
        /// during an upgrade), in pages of 1,000 by id. When every ticket
        /// has its text (two counts agree) nothing else is read. Returns how
        /// many were filled.
        async fn fill_search_text(&self) -> Result<u64> {
            let (tickets, texts): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM ticket_search)",
            )
            .fetch_one(self.writer())
            .await?;
            if tickets == texts {
                return Ok(0);
            }
            let mut filled = 0;
            let mut after = 0_i64;
            loop {
                let page_start = after;
                let rows: Vec<(i64, String, String, String)> = sqlx::query_as(Self::sql(
                    "SELECT id, name, email, code FROM tickets WHERE id > ? AND NOT EXISTS \
                     (SELECT 1 FROM ticket_search WHERE ticket_id = id) ORDER BY id LIMIT ?",
                ))
                .bind(after)
                .bind(1000_i64)
                .fetch_all(self.writer())
                .await?;
                let Some((last, ..)) = rows.last() else {
                    tracing::info!(tickets = filled, "filled the search text of older tickets");
                    return Ok(filled);
                };
                after = *last;
                let mut tx = self.begin_write().await?;
                // Another process may fill the same tickets at the same
                // time: a ticket that has its text by now is left alone.
                let texts = rows
                    .iter()
                    .map(|(id, name, email, code)| (*id, $crate::search::ticket_text(name, email, code)));
                match Self::insert_search_text(&mut tx, texts).await {
                    Ok(()) => tx.commit().await?,
                    Err(Error::Database(e))
                        if $crate::error::is_unique_violation(&e) =>
                    {
                        // Read the page again: only the tickets still without.
                        tx.rollback().await?;
                        after = page_start;
                        continue;
                    }
                    Err(e) => return Err(e),
                }
                filled += rows.len() as u64;
            }
        }
    };
}
