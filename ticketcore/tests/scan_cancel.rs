//! A SQLite scan batch whose caller stops waiting while another process
//! holds the write lock (the scan writer's time limit ran out) must not leave
//! its transaction open on the writer connection: once the other process is
//! done, the batch ends by itself, the store writes again, and the other
//! process can take the write lock.

use std::time::Duration;

use sqlx::Connection;
use ticketcore::store::Store;
use ticketcore::{NewEvent, ScanOutcome, ScanRequest, SqliteStore};

fn scan(event: ticketcore::EventId, code: &str) -> ScanRequest {
    ScanRequest {
        event_id: event,
        typed: code.to_string(),
        code: Some(code.to_string()),
        by: "door".to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_cancelled_while_waiting_for_the_lock_leaves_no_transaction_open() {
    let (url, _dir) = ticketcore::testing::sqlite_url();
    let store = SqliteStore::connect(&url).await.expect("open");
    let event = store
        .create_event("door", &NewEvent::named("Door"))
        .await
        .expect("event");
    let tickets = store
        .issue_tickets(&event, &ticketcore::testing::guests(3))
        .await
        .expect("issue");

    // Another process (the command-line tool) holds the write lock.
    let mut other = sqlx::SqliteConnection::connect(&url).await.expect("other");
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("lock");
    let cancelled = tokio::time::timeout(
        Duration::from_millis(300),
        store.scan_batch(&[scan(event.id, &tickets[0].code)]),
    )
    .await;
    assert!(cancelled.is_err(), "the batch waits for the lock");
    sqlx::raw_sql("COMMIT")
        .execute(&mut other)
        .await
        .expect("unlock");

    // The store writes again (a transaction left open would refuse BEGIN).
    let late = ticketcore::testing::guests_at(&[("Late Guest", "late@example.org")]);
    tokio::time::timeout(Duration::from_secs(20), store.issue_tickets(&event, &late))
        .await
        .expect("in time")
        .expect("a write after the cancelled batch");
    let out = store
        .scan_batch(&[scan(event.id, &tickets[1].code)])
        .await
        .expect("a scan after the cancelled batch");
    assert!(matches!(out[0], ScanOutcome::Admitted { .. }), "{out:?}");
    // The cancelled scan happened once, after the lock was free.
    let again = store
        .scan_batch(&[scan(event.id, &tickets[0].code)])
        .await
        .expect("scan again");
    assert!(
        matches!(again[0], ScanOutcome::AlreadyUsed { .. }),
        "{again:?}"
    );
    // And the other process can take the write lock again.
    tokio::time::timeout(Duration::from_secs(20), async {
        sqlx::raw_sql("BEGIN IMMEDIATE; COMMIT")
            .execute(&mut other)
            .await
    })
    .await
    .expect("in time")
    .expect("the other process writes");
}
