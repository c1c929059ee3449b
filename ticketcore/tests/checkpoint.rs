//! The SQLite write-ahead log stays bounded under a rush: the scan writer
//! turns SQLite's own checkpoint in COMMIT off and leaves checkpoints to a
//! thread of its own (and, past [`WAL_LIMIT_PAGES`], checkpoints itself).
//! Without any checkpoint this rush grows the log to about 25 MB (checked by
//! turning both off); with the checkpointer alone it stayed near 7 MB here,
//! so this test proves the checkpointer works, not the limit, which is a
//! safety net for batches that follow each other too closely for it.

use ticketcore::store::sqlite::WAL_LIMIT_PAGES;
use ticketcore::{NewEvent, ScanOutcome, TicketOffice};

/// Scans every ticket of a 12,000-ticket event from 32 doors at once, so
/// batches follow each other without a pause, and checks the log file never
/// grew past the limit plus a few batches (the file keeps its largest size
/// when the log starts over).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_stays_bounded_when_scans_never_pause() {
    let (url, _dir) = ticketcore::testing::sqlite_url();
    let office = TicketOffice::open(&url).await.expect("open");
    let event = office
        .create_event(NewEvent::named("Rush"))
        .await
        .expect("event");
    let tickets = office
        .issue_tickets(&event, &ticketcore::testing::guests(12_000))
        .await
        .expect("issue");
    let codes: Vec<String> = tickets.into_iter().map(|t| t.code).collect();
    let doors = 32;
    let mut tasks = Vec::new();
    for door in 0..doors {
        let office = office.clone();
        let event = event.clone();
        let mine: Vec<String> = codes.iter().skip(door).step_by(doors).cloned().collect();
        tasks.push(tokio::spawn(async move {
            let mut admitted = 0;
            for code in mine {
                let outcome = office
                    .scan(&event, &code, &format!("door-{door}"))
                    .await
                    .expect("scan");
                admitted += usize::from(matches!(outcome, ScanOutcome::Admitted { .. }));
            }
            admitted
        }));
    }
    let mut admitted = 0;
    for task in tasks {
        admitted += task.await.expect("door");
    }
    assert_eq!(admitted, codes.len());

    let file = url.strip_prefix("sqlite://").expect("a file URL");
    let wal = std::fs::metadata(format!("{file}-wal"))
        .expect("the write-ahead log")
        .len();
    eprintln!("wal bytes: {wal}");
    // 4 KiB pages plus each frame's 24-byte header; slack for the batch
    // that passed the limit and those the checkpointer raced with.
    let frame = 4096 + 24;
    let bound = (u64::try_from(WAL_LIMIT_PAGES).expect("pages") + 1_000) * frame;
    assert!(
        wal <= bound,
        "the write-ahead log grew to {wal} bytes (bound {bound})"
    );
    office.close().await;
}
