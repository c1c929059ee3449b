//! Parties, exits, re-entry, walk-ins and notes over the JSON API: a party
//! of 4 admitted as 3 then 1 ends with 4 arrived and a third scan red; the
//! answer carries the party and the note; an exit then an entry works with
//! re-entry on and is refused with it off; a walk-in is added and admitted
//! in one call and counted in the stats and the export.

mod common;

use axum::http::StatusCode;
use common::{Client, populated};
use ticketcore::door_rules::DoorRules;
use ticketcore::model::WalkIns;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn a_party_of_four_comes_as_three_then_one_and_a_third_scan_is_red() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    let party = common::jonas_party(&f, 4, Some("VIP")).await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let scan = |persons: Option<u32>| {
        let mut body = serde_json::json!({"code": party.code, "door": "door-2"});
        if let Some(n) = persons {
            body["persons"] = n.into();
        }
        body
    };
    let a = json(&door.json("/api/events/ball/scan", scan(Some(3))).await.body);
    assert_eq!(a["outcome"], "admitted");
    assert_eq!(
        a["party"],
        serde_json::json!({"size": 4, "arrived": 3, "inside": 3})
    );
    assert_eq!(a["note"], "VIP");
    // More than are still to come: refused, nothing changes.
    let too_many = door.json("/api/events/ball/scan", scan(Some(2))).await;
    assert_eq!(
        too_many.status,
        StatusCode::BAD_REQUEST,
        "{}",
        too_many.body
    );
    assert!(
        too_many.body.contains("only 1 of the party of 4"),
        "{}",
        too_many.body
    );
    let b = json(&door.json("/api/events/ball/scan", scan(None)).await.body);
    assert_eq!(b["outcome"], "admitted");
    assert_eq!(
        b["party"],
        serde_json::json!({"size": 4, "arrived": 4, "inside": 4})
    );
    assert_eq!(b["used_by"], "door-2", "the first arrival's door stays");
    let c = json(&door.json("/api/events/ball/scan", scan(None)).await.body);
    assert_eq!(c["outcome"], "already_used");

    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let stats = json(&admin.get("/api/events/ball/stats").await.body);
    assert_eq!(
        (
            &stats["people_total"],
            &stats["people_arrived"],
            &stats["people_inside"],
            &stats["walk_ins"]
        ),
        (&5.into(), &4.into(), &4.into(), &0.into())
    );
    // Undo takes back the latest scan only: 3 of 4 again.
    let undone = office.undo(&event, &party.code, "ada").await.expect("undo");
    assert_eq!((undone.arrived, undone.inside), (3, 3));
}

#[tokio::test]
async fn exit_then_entry_works_with_reentry_and_is_refused_without() {
    let (f, t) = populated(&["Anna Berg"]).await;
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let scan = |direction: &str| serde_json::json!({"code": t[0].code, "direction": direction});
    assert_eq!(
        json(&door.json("/api/events/ball/scan", scan("in")).await.body)["outcome"],
        "admitted"
    );
    let out = json(&door.json("/api/events/ball/scan", scan("out")).await.body);
    assert_eq!(out["outcome"], "exited");
    assert_eq!(out["party"]["inside"], 0);
    // Re-entry off: once out, out.
    let again = json(&door.json("/api/events/ball/scan", scan("in")).await.body);
    assert_eq!(again["outcome"], "already_used");
    // Nobody inside: an exit is refused.
    let nobody = door.json("/api/events/ball/scan", scan("out")).await;
    assert_eq!(nobody.status, StatusCode::CONFLICT, "{}", nobody.body);

    let changed = office
        .set_door_rules(
            &event,
            DoorRules {
                reentry: true,
                ..DoorRules::default()
            },
        )
        .await
        .expect("rules");
    // What the door-rules form does after saving.
    f.state.remember_event(&changed);
    let back = json(&door.json("/api/events/ball/scan", scan("in")).await.body);
    assert_eq!(back["outcome"], "admitted");
    assert_eq!(
        back["party"],
        serde_json::json!({"size": 1, "arrived": 1, "inside": 1})
    );
    let twice = json(&door.json("/api/events/ball/scan", scan("in")).await.body);
    assert_eq!(twice["outcome"], "already_used", "never twice inside");
    let bad = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": t[0].code, "direction": "up"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_walk_in_is_added_and_admitted_in_one_call() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let body = serde_json::json!({"name": "DJ's friend", "persons": 2});
    // Admins only (the default): the door may not.
    let refused = door.json("/api/events/ball/walk-ins", body.clone()).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let added = admin.json("/api/events/ball/walk-ins", body.clone()).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let ticket = json(&added.body);
    assert_eq!(ticket["walk_in"], true);
    assert_eq!(ticket["status"], "used");
    assert_eq!(
        (&ticket["persons"], &ticket["arrived"]),
        (&2.into(), &2.into())
    );
    assert_eq!(ticket["mail_status"], "none", "a walk-in is not mailed");
    assert_eq!(ticket["email"], "");

    let changed = office
        .set_door_rules(
            &event,
            DoorRules {
                walk_ins: WalkIns::Doors,
                walk_in_limit: Some(2),
                ..DoorRules::default()
            },
        )
        .await
        .expect("rules");
    // What the door-rules form does after saving.
    f.state.remember_event(&changed);
    let by_door = door
        .json(
            "/api/events/ball/walk-ins",
            serde_json::json!({"name": "Lea Stein", "email": "lea@example.org"}),
        )
        .await;
    assert_eq!(by_door.status, StatusCode::CREATED, "{}", by_door.body);
    let capped = door
        .json(
            "/api/events/ball/walk-ins",
            serde_json::json!({"name": "One Too Many"}),
        )
        .await;
    assert_eq!(capped.status, StatusCode::CONFLICT);
    assert!(capped.body.contains("walk-ins"), "{}", capped.body);
    let nameless = admin
        .json(
            "/api/events/ball/walk-ins",
            serde_json::json!({"name": " "}),
        )
        .await;
    assert!(nameless.status.is_client_error());

    // A resend of the whole event mails the guests, never the walk-ins.
    office.resend(&event, None).await.expect("resend");
    let walk_ins: Vec<_> = office
        .tickets(&event, &Default::default())
        .await
        .expect("tickets")
        .into_iter()
        .filter(|t| t.walk_in)
        .collect();
    assert_eq!(walk_ins.len(), 2);
    assert!(
        walk_ins
            .iter()
            .all(|t| t.mail_status == ticketcore::MailStatus::NotMailed)
    );
    let stats = json(&admin.get("/api/events/ball/stats").await.body);
    assert_eq!(stats["walk_ins"], 2);
    assert_eq!(stats["people_arrived"], 3);
    let csv = admin.get("/events/ball/tickets.csv").await.body;
    let header = csv.lines().next().expect("header");
    assert!(header.contains("walk_in"), "{header}");
    assert!(
        csv.lines()
            .any(|l| l.contains("DJ's friend") && l.contains(",yes")),
        "{csv}"
    );
}

/// The door search offers a party that is partly in, with its counts, and
/// a pick may carry the People chosen; once all came there is no pick.
#[tokio::test]
async fn a_door_search_pick_lets_in_part_of_a_party_then_the_rest() {
    let (f, _) = populated(&["Anna Berg"]).await;
    common::jonas_party(&f, 4, None).await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let find = |found: &str| json(found)[0].clone();

    let jonas = find(&door.get("/api/events/ball/find?name=jonas").await.body);
    assert_eq!(jonas["party"]["size"], 4, "{jonas}");
    let pick = jonas["pick"].as_str().expect("pick").to_string();
    let three = json(
        &door
            .json(
                "/api/events/ball/scan",
                serde_json::json!({"pick": pick, "persons": 3}),
            )
            .await
            .body,
    );
    assert_eq!(three["outcome"], "admitted", "{three}");
    assert_eq!(three["party"]["arrived"], 3, "{three}");

    let jonas = find(&door.get("/api/events/ball/find?name=jonas").await.body);
    assert_eq!(
        (&jonas["status"], &jonas["party"]["arrived"]),
        (&"used".into(), &3.into())
    );
    let pick = jonas["pick"]
        .as_str()
        .expect("a pick for the one still to come");
    assert!(!pick.is_empty(), "{jonas}");
    let too_many = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"pick": pick, "persons": 2}),
        )
        .await;
    assert_eq!(
        too_many.status,
        StatusCode::BAD_REQUEST,
        "{}",
        too_many.body
    );

    let jonas = find(&door.get("/api/events/ball/find?name=jonas").await.body);
    let pick = jonas["pick"].as_str().expect("pick").to_string();
    let rest = json(
        &door
            .json("/api/events/ball/scan", serde_json::json!({"pick": pick}))
            .await
            .body,
    );
    assert_eq!(rest["party"]["arrived"], 4, "{rest}");
    let jonas = find(&door.get("/api/events/ball/find?name=jonas").await.body);
    assert_eq!(jonas["pick"], "", "all came: {jonas}");
}
