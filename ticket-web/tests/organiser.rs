//! The organiser's pages at a first real event: undo and revoke come back to
//! the same filtered table and say what they did; the send page counts
//! revoked tickets as issued; an old setup link says setup is done; times in
//! live updates are the server's own format.

mod common;

use axum::http::StatusCode;
use common::{Client, multipart, populated};

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
        persons: None,
    };
    let json: serde_json::Value = serde_json::from_str(&ticket_web::live::record_json(
        &record,
        &chrono_tz::Europe::Berlin,
    ))
    .expect("json");
    // English clock times are 12-hour, as the rows the page renders.
    assert_eq!(json["clock"], "9:14 PM CET");
    assert_eq!(json["when"], "2026-12-07, 9:14 PM CET");
}

fn token_of(page: &str) -> String {
    page.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("confirm form")
        .to_string()
}

#[tokio::test]
async fn an_updated_list_adds_only_the_new_guests_and_bad_rows_can_be_skipped_on_the_preview() {
    let (f, _) = populated(&[]).await;
    let mut c = Client::new(&f);
    c.login("ada", "admin-password").await;
    let first = b"Name,Email\nAnna Berg,anna@example.org\nBen Ode,ben@example.org\n";
    let (ct, body) = multipart("guests.csv", first);
    let page = c
        .send(
            axum::http::Method::POST,
            "/events/ball/import",
            Some(&ct),
            body,
            &[],
        )
        .await
        .body;
    let done = c
        .form(
            "/events/ball/import/confirm",
            &[("token", &token_of(&page))],
        )
        .await;
    assert!(done.body.contains("Imported 2 guests"), "{}", done.body);

    // The updated list: Anna and Ben are there already (Ben in other case),
    // Cleo is new, and one row is bad.
    let updated = b"Name,Email\nAnna Berg,anna@example.org\nBen Ode,BEN@example.org\nCleo Park,cleo@example.org\nDan Roe,dan(at)example.org\n";
    let (ct, body) = multipart("guests-v2.csv", updated);
    let page = c
        .send(
            axum::http::Method::POST,
            "/events/ball/import",
            Some(&ct),
            body,
            &[],
        )
        .await
        .body;
    assert!(
        page.contains("<b>1</b> new guest can be imported"),
        "{page}"
    );
    assert!(page.contains("<b>2</b> are there already"), "{page}");
    assert!(
        page.contains("<td>Dan Roe</td>"),
        "the bad row names its guest: {page}"
    );
    // The skip box is on the preview; ticked, the good new row is imported.
    let done = c
        .form(
            "/events/ball/import/confirm",
            &[("token", &token_of(&page)), ("skip_invalid", "1")],
        )
        .await;
    assert!(done.body.contains("Imported 1 guest;"), "{}", done.body);
    assert!(done.body.contains("1 bad row was skipped"), "{}", done.body);
    assert!(
        done.body.contains("2 guests were there already"),
        "{}",
        done.body
    );
    let event = f.state.event("ball").await.expect("event");
    assert_eq!(f.state.office.stats(&event).await.expect("stats").total, 3);
}

#[tokio::test]
async fn a_faulty_mail_text_keeps_the_edits_and_names_the_placeholder() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let mut c = Client::new(&f);
    c.login("ada", "admin-password").await;
    let text = "Hallo {{ vorname }},\n\nhier ist dein Code: {{ code }}\nBis bald!";
    let page = c
        .form(
            "/events/ball/template",
            &[
                ("subject", "Dein Ticket"),
                ("text", text),
                ("message", "Einlass ab 19 Uhr"),
                ("action", "save"),
            ],
        )
        .await
        .body;
    assert!(page.contains("Not saved"), "{page}");
    assert!(
        page.contains("{{ vorname }}"),
        "names the placeholder: {page}"
    );
    assert!(
        page.contains("{{ first_name }}"),
        "lists the known ones: {page}"
    );
    // The edits are still in the form.
    assert!(
        page.contains("Bis bald!") && page.contains("Einlass ab 19 Uhr"),
        "{page}"
    );
    assert!(page.contains("value=\"Dein Ticket\""), "{page}");
    // The preview says the same.
    let preview = c
        .json(
            "/api/events/ball/mail/preview",
            serde_json::json!({"subject": "x", "text": text}),
        )
        .await;
    assert_eq!(preview.status, StatusCode::BAD_REQUEST);
    assert!(preview.body.contains("vorname"), "{}", preview.body);

    // The HTML part can be edited, and is used as it is.
    let saved = c
        .form(
            "/events/ball/template",
            &[
                ("subject", "Ticket"),
                ("text", "Hi {{ first_name }}: {{ code }}"),
                (
                    "html",
                    "<p class=\"mine\">Hi {{ first_name }}: <b>{{ code }}</b></p>",
                ),
                ("action", "save"),
            ],
        )
        .await
        .body;
    assert!(saved.contains("Template saved"), "{saved}");
    let event = f.state.event("ball").await.expect("event");
    let template = f
        .state
        .office
        .mail_template(&event, event.language)
        .await
        .expect("template");
    assert!(
        template
            .html
            .as_deref()
            .is_some_and(|h| h.contains("class=\"mine\""))
    );
    let mail = f
        .state
        .office
        .preview_mail(&event, None, None, None)
        .await
        .expect("render");
    assert!(mail.html.contains("<p class=\"mine\">Hi"), "{}", mail.html);
}

#[tokio::test]
async fn single_guests_from_the_table_add_check_in_mail_again_and_sort() {
    let (f, t) = populated(&["Zoë Adler", "anna Berg", "Émile Zola"]).await;
    let event = f.state.event("ball").await.expect("event");
    let mut c = Client::new(&f);
    c.login("ada", "admin-password").await;

    // Sorted by name, ignoring case and accents; the order stays in links.
    let page = c.get("/events/ball/tickets?sort=name").await.body;
    let (a, e, z) = (
        page.find("anna Berg").expect("anna"),
        page.find("Émile Zola").expect("émile"),
        page.find("Zoë Adler").expect("zoë"),
    );
    assert!(a < e && e < z, "sorted by name");
    assert!(page.contains("<option value=\"name\" selected>"), "{page}");
    assert_eq!(
        c.get("/events/ball/tickets?sort=shoe-size").await.status,
        StatusCode::BAD_REQUEST
    );

    // Check in by hand from the table.
    let done = c
        .form(
            &format!("/events/ball/tickets/{}/checkin", t[1].code),
            &[
                ("status", ""),
                ("search", ""),
                ("offset", "0"),
                ("sort", "name"),
            ],
        )
        .await;
    let to = done.location().to_string();
    assert!(
        to.contains("sort=name") && to.contains("done=checked_in"),
        "{to}"
    );
    assert!(
        c.get(&to).await.body.contains("anna Berg ("),
        "names the guest"
    );
    let anna = f
        .state
        .office
        .ticket(&event, &t[1].code)
        .await
        .expect("ticket");
    assert_eq!(anna.used_by.as_deref(), Some("ada (by hand)"));
    // Twice: refused with the reason, nothing changes.
    let again = c
        .form(&format!("/events/ball/tickets/{}/checkin", t[1].code), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("used already"), "{}", again.body);

    // "I never got it": mail again, from the table.
    f.state
        .office
        .send_tickets(
            &event,
            &ticketcore::mail::Mailer::outbox(f.state.config.outbox.clone()),
            Some(&ticketcore::mail::parse_mailbox("Ball <b@example.org>").expect("from")),
            &ticketcore::mail::SendOptions::default(),
            &|_| {},
        )
        .await
        .expect("send");
    let resent = c
        .form(
            &format!("/events/ball/tickets/{}/resend", t[0].code),
            &[
                ("from", "tickets"),
                ("status", ""),
                ("search", "Zoë"),
                ("offset", "0"),
                ("sort", "issued"),
            ],
        )
        .await;
    // The send page's "Queue again" (no fields) goes back there.
    let queued = c
        .form(&format!("/events/ball/tickets/{}/resend", t[2].code), &[])
        .await;
    assert_eq!(queued.location(), "/events/ball/send");
    let to = resent.location().to_string();
    assert!(
        to.contains("done=resent") && to.contains("search=Zo"),
        "{to}"
    );
    assert_eq!(
        f.state
            .office
            .mail_counts(&event)
            .await
            .expect("counts")
            .pending,
        2
    );

    // Add one guest: checked like a list's row.
    let bad = c
        .form(
            "/events/ball/guests",
            &[("name", "Lea Stein"), ("email", "lea(at)example.org")],
        )
        .await;
    let page = c.get(bad.location()).await.body;
    assert!(page.contains("Not saved"), "{page}");
    let taken = c
        .form(
            "/events/ball/guests",
            &[("name", "Anna Two"), ("email", "GUEST1@example.org")],
        )
        .await;
    assert!(
        c.get(taken.location())
            .await
            .body
            .contains("already has a ticket")
    );
    let added = c
        .form(
            "/events/ball/guests",
            &[("name", " Lea  Stein "), ("email", "lea@example.org")],
        )
        .await;
    let page = c.get(added.location()).await.body;
    assert!(
        page.contains("Lea Stein (") && page.contains(" added"),
        "{page}"
    );
    assert_eq!(f.state.office.stats(&event).await.expect("stats").total, 4);
}

#[tokio::test]
async fn a_revoked_ticket_is_restored_and_a_typo_in_an_address_fixed_and_mailed_again() {
    let (f, t) = populated(&["Anna Berg", "Jonas Weber"]).await;
    let event = f.state.event("ball").await.expect("event");
    let mut c = Client::new(&f);
    c.login("ada", "admin-password").await;
    c.form(&format!("/events/ball/tickets/{}/revoke", t[0].code), &[])
        .await;
    let page = c.get("/events/ball/tickets").await.body;
    assert!(
        page.contains(&format!("/tickets/{}/restore", t[0].code)),
        "{page}"
    );
    let restored = c
        .form(
            &format!("/events/ball/tickets/{}/restore", t[0].code),
            &[
                ("status", "revoked"),
                ("search", ""),
                ("offset", "0"),
                ("sort", "issued"),
            ],
        )
        .await;
    let to = restored.location().to_string();
    assert!(
        to.contains("status=revoked") && to.contains("done=restored"),
        "{to} {} {}",
        restored.status,
        restored.body
    );
    assert!(c.get(&to).await.body.contains("Ticket of Anna Berg"));
    assert_eq!(
        f.state
            .office
            .scan(&event, &t[0].code, "door-1")
            .await
            .expect("scan")
            .kind(),
        ticketcore::ScanKind::Admitted,
        "a restored ticket admits"
    );

    // The address had a typo: fixed, and the ticket queued to the new one.
    let fixed = c
        .form(
            &format!("/events/ball/tickets/{}/guest", t[1].code),
            &[
                ("name", "Jonas Weber"),
                ("email", "jonas.weber@example.org"),
                ("resend", "1"),
                ("status", ""),
                ("search", "Jonas"),
                ("offset", "0"),
                ("sort", "name"),
            ],
        )
        .await;
    let to = fixed.location().to_string();
    assert!(
        to.contains("done=corrected_resent") && to.contains("search=Jonas"),
        "{to}"
    );
    let jonas = f
        .state
        .office
        .ticket(&event, &t[1].code)
        .await
        .expect("ticket");
    assert_eq!(jonas.email, "jonas.weber@example.org");
    assert_eq!(jonas.mail_status, ticketcore::MailStatus::Pending);
    // A bad address is refused with the reason, and nothing changes.
    let bad = c
        .form(
            &format!("/events/ball/tickets/{}/guest", t[1].code),
            &[("name", "Jonas Weber"), ("email", "jonas(at)example.org")],
        )
        .await;
    let page = c.get(bad.location()).await.body;
    assert!(page.contains("Not saved"), "{page}");
    let jonas = f
        .state
        .office
        .ticket(&event, &t[1].code)
        .await
        .expect("ticket");
    assert_eq!(jonas.email, "jonas.weber@example.org");
}
