//! Tickets stored without search text (before the column existed, or by an
//! older build during an upgrade) get it when the database is next opened,
//! on every backend.

use ticketcore::maintenance::run_sql;
use ticketcore::testing::{Backend, database_url};
use ticketcore::{AnyStore, NewEvent, TicketFilter, TicketOffice};

async fn older_tickets_become_searchable(backend: Backend) {
    let Some((url, _guard)) = database_url(backend).await else {
        eprintln!("skipped: {backend:?} not configured");
        return;
    };
    let office = TicketOffice::new(AnyStore::connect(&url).await.expect("open"));
    let event = office
        .create_event(NewEvent::named("Old Ball"))
        .await
        .expect("event");
    let mut guests = ticketcore::testing::guests(2_500);
    guests[1_234].name = "Jürgen Groß".into();
    office.issue_tickets(&event, &guests).await.expect("issue");
    run_sql(&office, "DELETE FROM ticket_search")
        .await
        .expect("forget search text");
    let filter = TicketFilter {
        search: Some("jurgen".into()),
        ..TicketFilter::default()
    };
    assert!(
        office
            .tickets(&event, &filter)
            .await
            .expect("search")
            .is_empty()
    );
    drop(office);

    let office = TicketOffice::new(AnyStore::connect(&url).await.expect("reopen"));
    let found = office.tickets(&event, &filter).await.expect("search");
    assert_eq!(
        found.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["Jürgen Groß"]
    );
    let all = TicketFilter {
        search: Some("example.org".into()),
        ..TicketFilter::default()
    };
    assert_eq!(
        office.tickets(&event, &all).await.expect("search").len(),
        2_500
    );
    // Search text longer than any address is refused the same way everywhere
    // (SQLite's LIKE refuses 50,000 bytes; the servers would find nothing).
    let long = TicketFilter {
        search: Some("x".repeat(50_001)),
        ..TicketFilter::default()
    };
    assert!(matches!(
        office.tickets(&event, &long).await,
        Err(ticketcore::Error::InvalidInput {
            field: "search",
            ..
        })
    ));
    let longest = TicketFilter {
        search: Some("x".repeat(ticketcore::search::MAX_SEARCH_CHARS)),
        ..TicketFilter::default()
    };
    assert!(
        office
            .tickets(&event, &longest)
            .await
            .expect("search")
            .is_empty()
    );
}

#[tokio::test]
async fn older_tickets_become_searchable_sqlite() {
    older_tickets_become_searchable(Backend::Sqlite).await;
}

#[tokio::test]
async fn older_tickets_become_searchable_postgres() {
    older_tickets_become_searchable(Backend::Postgres).await;
}

#[tokio::test]
async fn older_tickets_become_searchable_mysql() {
    older_tickets_become_searchable(Backend::MySql).await;
}
