//! Pairing a door phone: an admin makes a one-time link on the users page;
//! a phone that opens it and starts scans for that event only, as the door
//! named at pairing, without a password; a second phone cannot use the same
//! link; revoking the pairing logs the phone out at its next request.

mod common;

use axum::http::StatusCode;
use common::{Client, populated};
use ticketcore::NewEvent;

/// The link on the admin's pairing page.
fn link_of(page: &str) -> String {
    let start = page.find("/pair/").expect("a pairing link on the page");
    page[start..]
        .split(['<', '"', ' '])
        .next()
        .expect("link")
        .to_string()
}

#[tokio::test]
async fn a_paired_phone_scans_one_event_as_its_door_until_revoked() {
    let (f, t) = populated(&["Anna Berg", "Jonas Weber", "Lea Stein"]).await;
    let mut other = NewEvent::named("Other");
    other.slug = Some("other".into());
    f.state.office.create_event(other).await.expect("event");

    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let users = admin.get("/users").await.body;
    assert!(users.contains("Door phones"), "{users}");
    let bad = admin
        .form("/users/pairings", &[("event", "ball"), ("door", "  ")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let made = admin
        .send(
            axum::http::Method::POST,
            "/users/pairings",
            Some("application/x-www-form-urlencoded"),
            b"event=ball&door=side+door".to_vec(),
            &[("host", "tickets.example.org:8080")],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("data:image/png;base64,"), "a QR code");
    assert!(
        made.body.contains("http://tickets.example.org:8080/pair/"),
        "an absolute link from the request's host: {}",
        made.body
    );
    let link = link_of(&made.body);

    // Opening the link (a messenger's preview too) changes nothing.
    let mut phone = Client::new(&f);
    let page = phone.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("side door") && page.body.contains("Ball"));
    assert!(
        admin.get("/users").await.body.contains("waiting"),
        "still waiting for a phone"
    );
    let start = phone.form(&link, &[]).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert_eq!(start.location(), "/events/ball/scan");

    // The phone scans, as its door, whatever door it names.
    let door_page = phone.get("/events/ball/scan").await;
    assert_eq!(door_page.status, StatusCode::OK);
    assert!(door_page.body.contains("data-paired-door=\"side door\""));
    let a = phone
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": t[0].code, "door": "front"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    assert_eq!(v["outcome"], "admitted");
    let event = f.state.event("ball").await.expect("event");
    let ticket = f.state.office.ticket(&event, &t[0].code).await.expect("t");
    assert_eq!(ticket.used_by.as_deref(), Some("side door"));
    // The no-JavaScript form too.
    let form = phone
        .form(
            "/events/ball/scan",
            &[("code", t[1].code.as_str()), ("door", "front")],
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let ticket = f.state.office.ticket(&event, &t[1].code).await.expect("t");
    assert_eq!(ticket.used_by.as_deref(), Some("side door"));

    // Its own event only, and nothing an admin does.
    assert_eq!(phone.get("/").await.location(), "/events/ball/scan");
    for path in ["/events/other/scan", "/events/ball/tickets", "/users"] {
        assert_eq!(
            phone.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        phone
            .json("/api/events/other/scan", serde_json::json!({"code": "ABC"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The link works once.
    let mut second = Client::new(&f);
    assert_eq!(second.get(&link).await.status, StatusCode::GONE);
    let again = second.form(&link, &[]).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("already used"), "{}", again.body);
    assert_eq!(
        second.get("/events/ball/scan").await.status,
        StatusCode::SEE_OTHER,
        "not logged in"
    );
    let mut stranger = Client::new(&f);
    assert_eq!(
        stranger
            .get("/pair/00000000000000000000000000000000")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Revoked from the users page: the phone is out at its next request.
    let listed = admin.get("/users").await.body;
    assert!(listed.contains("paired"), "{listed}");
    let id = f.state.office.pairings().await.expect("list")[0].id;
    let revoked = admin.form(&format!("/pairings/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(revoked.body.contains("Pairing revoked"));
    let after = phone
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": t[2].code}),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(
        f.state
            .office
            .ticket(&event, &t[2].code)
            .await
            .expect("t")
            .used_at
            .is_none()
    );
    assert!(
        phone
            .get("/events/ball/scan")
            .await
            .location()
            .starts_with("/login"),
        "back to the login page"
    );

    // A scanner with a password cannot pair phones.
    let mut sam = Client::new(&f);
    sam.login("sam", "scanner-password").await;
    assert_eq!(
        sam.form("/users/pairings", &[("event", "ball"), ("door", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
