//! The organiser's pages at a first real event: undo and revoke come back to
//! the same filtered table and say what they did; the send page counts
//! revoked tickets as issued; an old setup link says setup is done; times in
//! live updates are the server's own format.

mod common;

use axum::http::StatusCode;
use common::{Client, populated};

#[tokio::test]
async fn undo_and_revoke_keep_the_filter_and_say_what_they_did() {
    let (f, t) = populated(&["Anna Berg", "Jonas Weber", "Lea Stein"]).await;
    let event = f.state.event("ball").await.expect("event");
    f.state
        .office
        .scan(&event, &t[0].code, "door-1")
        .await
        .expect("scan");
    let mut c = Client::new(&f);
    c.login("ada", "admin-password").await;
    let page = c.get("/events/ball/tickets?search=Anna").await.body;
    // The row's forms carry the filter.
    assert!(page.contains("name=\"search\" value=\"Anna\""), "{page}");

    let undo = c
        .form(
            &format!("/events/ball/tickets/{}/undo", t[0].code),
            &[("status", ""), ("search", "Anna"), ("offset", "0")],
        )
        .await;
    assert_eq!(undo.status, StatusCode::SEE_OTHER);
    let to = undo.location().to_string();
    assert!(
        to.contains("search=Anna") && to.contains("done=undone"),
        "{to}"
    );
    let back = c.get(&to).await.body;
    assert!(back.contains("Check-in of Anna Berg"), "{back}");
    assert!(!back.contains("Jonas Weber"), "the filter is kept");

    let revoke = c
        .form(
            &format!("/events/ball/tickets/{}/revoke", t[1].code),
            &[("status", "valid"), ("search", ""), ("offset", "0")],
        )
        .await;
    let to = revoke.location().to_string();
    assert!(
        to.contains("status=valid") && to.contains("done=revoked"),
        "{to}"
    );
    assert!(c.get(&to).await.body.contains("Ticket of Jonas Weber"));
    // A form without the fields (an old page) still works.
    f.state
        .office
        .scan(&event, &t[2].code, "door-1")
        .await
        .expect("scan");
    let bare = c
        .form(&format!("/events/ball/tickets/{}/undo", t[2].code), &[])
        .await;
    assert_eq!(bare.status, StatusCode::SEE_OTHER);

    // 3 issued, 1 revoked: the send page says both.
    let send = c.get("/events/ball/send").await.body;
    assert!(
        send.contains("3 tickets issued so far, 1 of them revoked"),
        "{send}"
    );
}

#[tokio::test]
async fn an_old_setup_link_says_setup_is_done() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let mut visitor = Client::new(&f);
    let page = visitor.get("/setup?token=abc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Setup is already done"), "{}", page.body);
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let page = admin.get("/setup?token=abc").await.body;
    assert!(page.contains("you are logged in as ada"), "{page}");
}

#[test]
fn live_updates_carry_the_time_as_rows_show_it() {
    let record = ticketcore::ScanRecord {
        id: 1,
        event_id: ticketcore::EventId(1),
        ticket_id: None,
        code: Some("KQZ".into()),
        name: Some("Anna Berg".into()),
        typed: "kqz".into(),
        kind: ticketcore::ScanKind::Admitted,
        by: "door-1".into(),
        at: "2026-12-07T20:14:00Z".parse().expect("time"),
    };
    let json: serde_json::Value = serde_json::from_str(&ticket_web::live::record_json(
        &record,
        &chrono_tz::Europe::Berlin,
    ))
    .expect("json");
    assert_eq!(json["clock"], "21:14 CET");
    assert_eq!(json["when"], "2026-12-07 21:14 CET");
}
