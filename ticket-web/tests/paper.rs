//! Paper at the door: the printable door list of a 200-guest event lists
//! every guest once, alphabetical by last name, on numbered pages; a guest
//! without email gets a printable ticket whose QR image is the code.

mod common;

use axum::http::StatusCode;
use common::{Client, populated};

#[tokio::test]
async fn the_door_list_shows_every_guest_of_200_on_numbered_pages() {
    let names: Vec<String> = (0..200)
        .map(|i| format!("Guest{i:03} Family{:03}", (i * 37) % 200))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (f, t) = populated(&refs).await;
    let event = f.state.event("ball").await.expect("event");
    f.state
        .office
        .scan(&event, &t[5].code, "door-1")
        .await
        .expect("scan");
    f.state
        .office
        .revoke(&event, &t[6].code, "ada")
        .await
        .expect("revoke");

    let mut scanner = Client::new(&f);
    scanner.login("sam", "scanner-password").await;
    assert_eq!(
        scanner.get("/events/ball/door-list").await.status,
        StatusCode::FORBIDDEN
    );

    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let list = admin.get("/events/ball/door-list").await;
    assert_eq!(list.status, StatusCode::OK);
    let html = list.body;
    let pages = 200_usize.div_ceil(ticketcore::paper::ROWS_PER_PAGE);
    assert_eq!(html.matches("<section class=\"sheet\">").count(), pages);
    for n in 1..=pages {
        assert_eq!(
            html.matches(&format!("Page {n} of {pages}<")).count(),
            1,
            "page {n}"
        );
    }
    // Every guest once, in last-name order (Family000 … Family199).
    let mut last = 0;
    for i in 0..200 {
        let at = html
            .find(&format!("<b>Family{i:03}</b>"))
            .unwrap_or_else(|| panic!("Family{i:03} is listed"));
        assert!(at > last, "Family{i:03} comes after the one before");
        last = at;
        assert_eq!(html.matches(&format!("<b>Family{i:03}</b>")).count(), 1);
    }
    for ticket in &t {
        assert_eq!(
            html.matches(&format!("<td class=\"code\">{}</td>", ticket.code))
                .count(),
            1,
            "{}",
            ticket.code
        );
    }
    assert!(html.contains("in at "), "the checked-in guest is ticked");
    assert_eq!(html.matches("<tr class=\"revoked\">").count(), 1);
    assert!(
        html.contains("@media print"),
        "a print stylesheet comes with it"
    );
}

#[tokio::test]
async fn a_printable_ticket_carries_the_code_and_its_qr_image() {
    let (f, t) = populated(&["Anna Berg"]).await;
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let page = admin
        .get(&format!("/events/ball/tickets/{}/print", t[0].code))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Anna Berg"));
    assert!(
        page.body
            .contains(&format!("<p class=\"code\">{}</p>", t[0].code))
    );
    let png = ticketcore::mail::qr::ticket_qr_png(&t[0].code).expect("png");
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    assert!(
        page.body.contains(&data),
        "the image is the ticket's QR code"
    );
    assert_eq!(
        admin.get("/events/ball/tickets/ZZZZ/print").await.status,
        StatusCode::NOT_FOUND
    );
    // The tickets table links to it.
    let table = admin.get("/events/ball/tickets").await.body;
    assert!(table.contains(&format!("/events/ball/tickets/{}/print", t[0].code)));
    assert!(table.contains("/events/ball/door-list"));
}
