//! Settings changed while the app runs (issue: every setting was a start
//! flag): the default sender, door search and the SMTP server are edited on
//! the settings page and stored in the database; each event may have its
//! own sender. No restart anywhere in this test.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{Client, fixture_with, populate};
use ticketcore::NewEvent;

/// The `From:` lines of the `.eml` files in `outbox`.
fn senders(outbox: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(outbox).expect("outbox") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("eml");
        if let Some(line) = text.lines().find(|l| l.starts_with("From: ")) {
            out.push(line.to_string());
        }
    }
    out
}

async fn send_and_wait(c: &mut Client, slug: &str) -> serde_json::Value {
    let start = c.form(&format!("/events/{slug}/send"), &[]).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    for _ in 0..100 {
        let s: serde_json::Value =
            serde_json::from_str(&c.get(&format!("/api/events/{slug}/send")).await.body)
                .expect("json");
        if s["running"] == false && (!s["report"].is_null() || !s["error"].is_null()) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("mail run of {slug} did not finish");
}

#[tokio::test]
async fn settings_apply_at_once_and_events_have_their_own_sender() {
    let f = fixture_with(|c| {
        c.mail_from = None;
        c.door_search = false;
    })
    .await;
    let (f, _) = populate(f, &["Anna Berg", "Jonas Weber"]).await;
    let outbox = f.state.config.outbox.clone();
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;

    // Nothing set: the send page says where to set a sender; nothing is mailed.
    let page = admin.get("/events/ball/send").await.body;
    assert!(page.contains("id=\"no-sender\""), "{page}");
    let refused = admin.form("/events/ball/send", &[]).await;
    assert!(
        refused.body.contains("no sender of ticket mails is set"),
        "{}",
        refused.body
    );
    assert!(!outbox.exists() || senders(&outbox).is_empty());
    // Door search is off by the start flag.
    assert_eq!(
        door.get("/api/events/ball/find?name=Anna").await.status,
        StatusCode::FORBIDDEN
    );

    // A scanner cannot open the settings.
    assert_eq!(door.get("/settings").await.status, StatusCode::FORBIDDEN);
    let page = admin.get("/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("the default ticket-web was started with"),
        "{}",
        page.body
    );

    // Malformed values are refused with the reason, and nothing is stored.
    let bad = admin
        .form(
            "/settings",
            &[
                ("smtp_url", "gopher://nowhere"),
                ("mail_from", "not an address"),
                ("door_search", "on"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("SMTP URL"), "{}", bad.body);
    assert_eq!(
        door.get("/api/events/ball/find?name=Anna").await.status,
        StatusCode::FORBIDDEN
    );

    let saved = admin
        .form(
            "/settings",
            &[
                ("smtp_url", ""),
                ("mail_from", "Ball <ball@example.org>"),
                ("door_search", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Saved"), "{}", saved.body);
    assert!(saved.body.contains("set by ada"), "{}", saved.body);
    // Door search is on at once.
    let found = door.get("/api/events/ball/find?name=Anna").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(found.body.contains("Anna Berg"));

    // The event's own sender: a bad one is refused, a good one is kept.
    let bad = admin
        .form("/events/ball/sender", &[("sender", "Gala Night")])
        .await;
    assert!(bad.body.contains("not a mail address"), "{}", bad.body);
    let good = admin
        .form(
            "/events/ball/sender",
            &[("sender", "Gala Night <gala@example.org>")],
        )
        .await;
    assert!(
        good.body.contains("now come from Gala Night"),
        "{}",
        good.body
    );

    // A second event without a sender of its own mails from the default.
    let office = &f.state.office;
    let mut e = NewEvent::named("After Party");
    e.slug = Some("after".into());
    let after = office.create_event(e).await.expect("event");
    office
        .issue_tickets(&after, &ticketcore::testing::named_guests(&["Lea Stein"]))
        .await
        .expect("guests");

    let ball = send_and_wait(&mut admin, "ball").await;
    assert_eq!(ball["report"]["sent"], 2, "{ball}");
    let from_ball = senders(&outbox);
    assert_eq!(from_ball.len(), 2);
    assert!(
        from_ball.iter().all(|l| l.contains("gala@example.org")),
        "{from_ball:?}"
    );
    let after_run = send_and_wait(&mut admin, "after").await;
    assert_eq!(after_run["report"]["sent"], 1, "{after_run}");
    let all = senders(&outbox);
    assert_eq!(
        all.iter()
            .filter(|l| l.contains("ball@example.org"))
            .count(),
        1,
        "{all:?}"
    );

    // Back to the default: door search off again (the start flag).
    admin
        .form(
            "/settings",
            &[
                ("mail_from", "Ball <ball@example.org>"),
                ("door_search", "default"),
            ],
        )
        .await;
    assert_eq!(
        door.get("/api/events/ball/find?name=Anna").await.status,
        StatusCode::FORBIDDEN
    );
    // An SMTP server that does not answer: stored, and the page says mail
    // cannot go out yet.
    let smtp = admin
        .form(
            "/settings",
            &[
                ("smtp_url", "smtp://127.0.0.1:9"),
                ("mail_from", "Ball <ball@example.org>"),
                ("door_search", "default"),
            ],
        )
        .await;
    assert!(
        smtp.body.contains("mail cannot go out yet"),
        "{}",
        smtp.body
    );
    assert!(
        admin
            .get("/events/ball/send")
            .await
            .body
            .contains("127.0.0.1:9")
    );
}
