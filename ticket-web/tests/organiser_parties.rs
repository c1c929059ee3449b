//! The organiser's tickets page with parties, notes, walk-ins and door
//! rules: a party shows "3 of 4" (and how many are inside after some went
//! out), a note and a walk-in show as pills, escaped; the door-rules form
//! changes what the door may do; the walk-in form lets a guest in and the
//! counts show it; refusals are the page's problem text; door staff may use
//! neither form.

mod common;

use axum::http::StatusCode;
use common::{Client, Fixture, populated};
use ticketcore::party::Direction;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The `ball` event with Anna alone and a party of 4 with a hostile note;
/// an admin and a door client logged in.
async fn with_a_party() -> (Fixture, ticketcore::Ticket, Client, Client) {
    let (f, _) = populated(&["Anna Berg"]).await;
    let party = common::jonas_party(&f, 4, Some("<b>VIP</b> & \"friends\"")).await;
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    (f, party, admin, door)
}

/// The `<tr>` of `code` in a tickets page.
fn row<'a>(page: &'a str, code: &str) -> &'a str {
    let start = page
        .find(&format!("data-code=\"{code}\""))
        .unwrap_or_else(|| panic!("no row {code} in {page}"));
    let end = page[start..]
        .find("</tr>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[tokio::test]
async fn a_party_shows_how_many_came_and_are_inside_with_its_note_escaped() {
    let (f, party, mut admin, _door) = with_a_party().await;
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");

    let page = admin.get("/events/ball/tickets").await.body;
    let r = row(&page, &party.code);
    assert!(r.contains("party of 4"), "{r}");
    assert!(
        r.contains("class=\"pill note\"")
            && r.contains("&#60;b&#62;VIP&#60;/b&#62; &#38; &#34;friends&#34;"),
        "the note is a pill, escaped: {r}"
    );
    assert!(!page.contains("<b>VIP</b>"), "never raw");
    // Tickets and people differ: the people line is shown.
    assert!(
        page.contains("People: <b id=\"people-total\">5</b> expected"),
        "{page}"
    );

    office
        .scan_party(&event, &party.code, "sam", "door-2", Some(3), Direction::In)
        .await
        .expect("three of four");
    let page = admin.get("/events/ball/tickets").await.body;
    let r = row(&page, &party.code);
    assert!(r.contains("<span class=\"pill used\">here</span>"), "{r}");
    assert!(r.contains("· 3 of 4</span>"), "{r}");
    assert!(!r.contains("inside"), "nobody went out yet: {r}");
    assert!(r.contains("door-2"), "{r}");
    assert!(
        page.contains(
            "<b id=\"people-arrived\">3</b> arrived, <b id=\"people-inside\">3</b> inside now"
        ),
        "{page}"
    );

    office
        .scan_party(
            &event,
            &party.code,
            "sam",
            "door-2",
            Some(1),
            Direction::Out,
        )
        .await
        .expect("one goes out");
    let page = admin.get("/events/ball/tickets").await.body;
    let r = row(&page, &party.code);
    assert!(r.contains("· 3 of 4 · 2 inside"), "{r}");
    // An undo takes back the exit only, and says so.
    let undo = admin
        .form(&format!("/events/ball/tickets/{}/undo", party.code), &[])
        .await;
    let back = admin.get(undo.location()).await.body;
    assert!(
        back.contains(&format!(
            "The latest scan of Jonas Weber ({}) undone; the ticket stays checked in (3 of 4).",
            party.code
        )),
        "{back}"
    );
    office
        .scan_party(
            &event,
            &party.code,
            "sam",
            "door-2",
            Some(1),
            Direction::Out,
        )
        .await
        .expect("out again");
    // A guest alone shows no party.
    let anna = admin.get("/events/ball/tickets?search=Anna").await.body;
    let t = anna.split("<tbody>").nth(1).expect("table");
    let t = t.split("</tbody>").next().expect("rows");
    assert!(!t.contains(" of 1") && !t.contains("party of"), "{t}");

    // The API the live page reads a row from carries the counts.
    let found = json(
        &admin
            .get(&format!("/api/events/ball/tickets?search={}", party.code))
            .await
            .body,
    );
    let t = found
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["code"] == party.code.as_str())
        .expect("the ticket");
    assert_eq!(
        (&t["persons"], &t["arrived"], &t["inside"]),
        (&4.into(), &3.into(), &2.into())
    );
}

#[tokio::test]
async fn the_door_rules_form_changes_what_the_door_may_do() {
    let (f, _party, mut admin, mut door) = with_a_party().await;
    let event = f.state.event("ball").await.expect("event");
    let code = f
        .state
        .office
        .tickets(&event, &ticketcore::TicketFilter::default())
        .await
        .expect("tickets")
        .into_iter()
        .find(|t| t.name == "Anna Berg")
        .expect("Anna")
        .code;
    let page = admin.get("/events/ball/tickets").await.body;
    assert!(
        page.contains("action=\"/events/ball/door-rules\"")
            && page.contains("re-entry off · walk-ins: admins"),
        "{page}"
    );
    let scan = |direction: &str| serde_json::json!({"code": code, "direction": direction});

    let saved = admin
        .form(
            "/events/ball/door-rules",
            &[
                ("reentry", "1"),
                ("walk_ins", "doors"),
                ("walk_in_limit", "2"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let to = saved.location().to_string();
    assert!(to.contains("done=rules"), "{to}");
    let back = admin.get(&to).await.body;
    assert!(
        back.contains(
            "Door rules saved: re-entry on · walk-ins: admins and door staff, at most 2."
        ),
        "{back}"
    );
    assert!(
        back.contains("name=\"reentry\" value=\"1\" checked"),
        "{back}"
    );
    assert!(back.contains("value=\"doors\" selected"), "{back}");
    assert!(
        back.contains("name=\"walk_in_limit\" value=\"2\""),
        "{back}"
    );
    // Re-entry on: out, then in again (the app's copy of the event is new).
    for (direction, outcome) in [("in", "admitted"), ("out", "exited"), ("in", "admitted")] {
        let a = json(
            &door
                .json("/api/events/ball/scan", scan(direction))
                .await
                .body,
        );
        assert_eq!(a["outcome"], outcome, "{direction}: {a}");
    }
    let ev = f.state.event("ball").await.expect("event");
    assert!(ev.reentry);

    // Off again: once out, out.
    let saved = admin
        .form(
            "/events/ball/door-rules",
            &[("walk_ins", "admins"), ("walk_in_limit", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let back = admin.get(saved.location()).await.body;
    assert!(
        back.contains("Door rules saved: re-entry off · walk-ins: admins."),
        "{back}"
    );
    let out = json(&door.json("/api/events/ball/scan", scan("out")).await.body);
    assert_eq!(out["outcome"], "exited");
    let again = json(&door.json("/api/events/ball/scan", scan("in")).await.body);
    assert_eq!(again["outcome"], "already_used", "no re-entry now");

    // Bad values change nothing and say why.
    for (field, value, says) in [
        ("walk_in_limit", "many", "walk-in limit"),
        ("walk_in_limit", "100001", "at most 100000"),
        ("walk_ins", "everyone", "is not off, admins or doors"),
    ] {
        let mut fields = vec![
            ("reentry", "1"),
            ("walk_ins", "doors"),
            ("walk_in_limit", ""),
        ];
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        let refused = admin.form("/events/ball/door-rules", &fields).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        let to = refused.location().to_string();
        assert!(to.contains("form=rules"), "{to}");
        let page = admin.get(&to).await.body;
        assert!(page.contains("id=\"problem\">Not saved: "), "{page}");
        assert!(page.contains(says), "{value}: {page}");
        assert!(
            page.contains("<details class=\"card door-rules\" id=\"door-rules\" open>"),
            "the form is shown open: {page}"
        );
    }
    assert!(!f.state.event("ball").await.expect("event").reentry);
}

#[tokio::test]
async fn the_walk_in_form_lets_a_guest_in_and_the_counts_show_it() {
    let (f, _party, mut admin, _door) = with_a_party().await;
    let added = admin
        .form(
            "/events/ball/walk-ins",
            &[
                ("name", "<i>DJ</i> Friend"),
                ("email", ""),
                ("persons", "3"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let to = added.location().to_string();
    assert!(to.contains("done=walked_in"), "{to}");
    let page = admin.get(&to).await.body;
    let ticket = f
        .state
        .office
        .tickets(
            &f.state.event("ball").await.expect("event"),
            &ticketcore::TicketFilter::default(),
        )
        .await
        .expect("tickets")
        .into_iter()
        .find(|t| t.walk_in)
        .expect("the walk-in");
    assert!(
        page.contains(&format!(
            "Walk-in &#60;i&#62;DJ&#60;/i&#62; Friend let in with a party of 3 (code {}).",
            ticket.code
        )),
        "{page}"
    );
    assert!(!page.contains("<i>DJ</i>"), "never raw");
    let r = row(&page, &ticket.code);
    assert!(r.contains("<span class=\"pill walk-in\""), "{r}");
    assert!(r.contains("<span class=\"pill used\">here</span>"), "{r}");
    assert!(r.contains("· 3 of 3"), "{r}");
    assert!(r.contains("admin"), "let in at the door `admin`: {r}");
    assert_eq!((ticket.arrived, ticket.inside), (3, 3));

    let stats = json(&admin.get("/api/events/ball/stats").await.body);
    assert_eq!(
        (
            &stats["walk_ins"],
            &stats["people_total"],
            &stats["people_arrived"]
        ),
        (&1.into(), &8.into(), &3.into())
    );
    let page = admin.get("/events/ball/tickets").await.body;
    assert!(
        page.contains("<span id=\"walk-ins-part\"> · <b id=\"count-walk-ins\">1</b> <span id=\"walk-ins-word\">walk-in</span>"),
        "{page}"
    );
    // An address is kept; one person by default.
    let lea = admin
        .form(
            "/events/ball/walk-ins",
            &[
                ("name", "Lea Stein"),
                ("email", "lea@example.org"),
                ("persons", ""),
            ],
        )
        .await;
    let page = admin.get(lea.location()).await.body;
    assert!(page.contains("Walk-in Lea Stein let in (code "), "{page}");
    assert!(page.contains("lea@example.org"), "{page}");

    // Refusals are the page's problem text, with the form open.
    // The door rules set first (none: as they are), the form, what it says.
    let refusals: [(Fields, Fields, &str); 4] = [
        (&[], &[("name", " ")], "invalid name"),
        (&[], &[("name", "Max"), ("persons", "0")], "invalid persons"),
        (
            &[("walk_ins", "admins"), ("walk_in_limit", "2")],
            &[("name", "One Too Many")],
            "the 2 walk-ins Ball allows are all in",
        ),
        (
            &[("walk_ins", "off")],
            &[("name", "Late Guest")],
            "walk-ins are off for Ball",
        ),
    ];
    for (rules, fields, says) in refusals {
        if !rules.is_empty() {
            let saved = admin.form("/events/ball/door-rules", rules).await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER);
        }
        let refused = admin.form("/events/ball/walk-ins", fields).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
        let to = refused.location().to_string();
        assert!(to.contains("form=walk-in"), "{to}");
        let page = admin.get(&to).await.body;
        assert!(
            page.contains(&format!("id=\"problem\">Not let in: {says}")),
            "{says}: {page}"
        );
    }
    // Walk-ins off: the card says so instead of showing the form.
    assert!(
        !page_has_walk_in_form(&admin.get("/events/ball/tickets").await.body),
        "no form while walk-ins are off"
    );
    let stats = json(&admin.get("/api/events/ball/stats").await.body);
    assert_eq!(stats["walk_ins"], 2, "no refusal added one");
}

/// A form's fields.
type Fields<'a> = &'a [(&'a str, &'a str)];

fn page_has_walk_in_form(page: &str) -> bool {
    page.contains("action=\"/events/ball/walk-ins\"")
}

#[tokio::test]
async fn door_staff_may_use_neither_form() {
    let (f, _party, _admin, mut door) = with_a_party().await;
    let rules = door
        .form(
            "/events/ball/door-rules",
            &[
                ("reentry", "1"),
                ("walk_ins", "doors"),
                ("walk_in_limit", ""),
            ],
        )
        .await;
    assert_eq!(rules.status, StatusCode::FORBIDDEN, "{}", rules.body);
    let walk_in = door
        .form(
            "/events/ball/walk-ins",
            &[("name", "Sneaky"), ("persons", "2")],
        )
        .await;
    assert_eq!(walk_in.status, StatusCode::FORBIDDEN, "{}", walk_in.body);
    let event = f.state.office.event("ball").await.expect("event");
    assert!(!event.reentry, "nothing changed");
    let stats = f.state.office.stats(&event).await.expect("stats");
    assert_eq!(stats.walk_ins, 0);
}

/// The edit form of a row: a note added in the table shows at the door, a
/// party grows and never shrinks below who came, a walk-in without an
/// address gets its name fixed, and nothing is mailed unless asked.
#[tokio::test]
async fn the_table_edits_notes_parties_and_walk_ins() {
    let (f, party, mut admin, mut door) = with_a_party().await;
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    let anna = office
        .tickets(&event, &ticketcore::TicketFilter::default())
        .await
        .expect("tickets")
        .into_iter()
        .find(|t| t.name == "Anna Berg")
        .expect("Anna");
    let page = admin.get("/events/ball/tickets").await.body;
    let r = row(&page, &anna.code);
    assert!(
        r.contains("Edit guest") && r.contains("name=\"note\""),
        "{r}"
    );

    let saved = admin
        .form(
            &format!("/events/ball/tickets/{}/guest", anna.code),
            &[
                ("name", "Anna Berg"),
                ("email", anna.email.as_str()),
                ("persons", "2"),
                ("note", "  check ID  "),
            ],
        )
        .await;
    assert!(
        saved.location().contains("done=corrected"),
        "{}",
        saved.location()
    );
    let now = office.ticket(&event, &anna.code).await.expect("ticket");
    assert_eq!((now.persons, now.note.as_deref()), (2, Some("check ID")));
    assert_eq!(
        now.mail_status, anna.mail_status,
        "not mailed again unasked"
    );
    let scan = json(
        &door
            .json(
                "/api/events/ball/scan",
                serde_json::json!({"code": anna.code, "persons": 1}),
            )
            .await
            .body,
    );
    assert_eq!(scan["note"], "check ID", "{scan}");
    assert_eq!(scan["party"]["size"], 2, "{scan}");

    // Two of the party of 4 are in: it may not admit fewer than 2.
    office
        .scan_party(&event, &party.code, "sam", "door-1", Some(2), Direction::In)
        .await
        .expect("two in");
    let fewer = admin
        .form(
            &format!("/events/ball/tickets/{}/guest", party.code),
            &[
                ("name", "Jonas Weber"),
                ("email", "jonas@example.org"),
                ("persons", "1"),
                ("note", ""),
            ],
        )
        .await;
    let page = admin.get(fewer.location()).await.body;
    assert!(page.contains("must admit at least 2"), "{page}");
    assert_eq!(
        office.ticket(&event, &party.code).await.expect("t").persons,
        4
    );
    // An empty note clears it.
    admin
        .form(
            &format!("/events/ball/tickets/{}/guest", party.code),
            &[
                ("name", "Jonas Weber"),
                ("email", "jonas@example.org"),
                ("persons", "2"),
                ("note", ""),
            ],
        )
        .await;
    let jonas = office.ticket(&event, &party.code).await.expect("t");
    assert_eq!((jonas.persons, jonas.note), (2, None));

    // A walk-in without an address: its name can be fixed.
    admin
        .form(
            "/events/ball/walk-ins",
            &[("name", "DJ Frend"), ("email", ""), ("persons", "1")],
        )
        .await;
    let walk_in = office
        .tickets(&event, &ticketcore::TicketFilter::default())
        .await
        .expect("tickets")
        .into_iter()
        .find(|t| t.walk_in)
        .expect("walk-in");
    let page = admin.get("/events/ball/tickets").await.body;
    let r = row(&page, &walk_in.code);
    assert!(!r.contains("type=\"email\" required"), "{r}");
    admin
        .form(
            &format!("/events/ball/tickets/{}/guest", walk_in.code),
            &[
                ("name", "DJ Friend"),
                ("email", ""),
                ("persons", "1"),
                ("resend", "1"),
            ],
        )
        .await;
    let fixed = office.ticket(&event, &walk_in.code).await.expect("t");
    assert_eq!(fixed.name, "DJ Friend");
    assert_eq!(fixed.mail_status, ticketcore::MailStatus::NotMailed);
    // A guest from the list keeps needing an address.
    let no_address = admin
        .form(
            &format!("/events/ball/tickets/{}/guest", anna.code),
            &[("name", "Anna Berg"), ("email", ""), ("persons", "2")],
        )
        .await;
    let page = admin.get(no_address.location()).await.body;
    assert!(page.contains("needs an email address"), "{page}");
}
