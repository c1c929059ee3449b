//! Offline check-ins over HTTP: uploaded exactly once, with their original
//! time and door, conflicts listed for the admin.

use axum::http::StatusCode;

mod common;

use common::{Client, populated};

#[tokio::test]
async fn offline_checkins_count_once_and_conflicts_reach_the_admin() {
    let (f, t) = populated(&["Anna Berg", "Jonas Weber", "Zoë Martin"]).await;
    let (_, token) = f
        .state
        .office
        .create_token("sam", "door phone")
        .await
        .expect("token");
    let mut door = Client::new(&f);
    door.bearer = Some(token);
    // Jonas came in online at door-2 while door-1 was offline.
    let online = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": t[1].code, "door": "door-2"}),
        )
        .await;
    assert!(online.body.contains("admitted"), "{}", online.body);
    let minutes_ago = |m: i64| {
        (chrono::Utc::now() - chrono::Duration::minutes(m))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let (anna_at, jonas_at) = (minutes_ago(12), minutes_ago(11));
    let upload = serde_json::json!({"checkins": [
        {"id": "6f1c-1", "code": t[0].code.to_lowercase(), "at": anna_at, "door": "door-1"},
        {"id": "6f1c-2", "code": t[1].code, "at": jonas_at, "door": "door-1"},
    ]});
    for round in 0..2 {
        let a = door.json("/api/events/ball/offline", upload.clone()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        let r = &v["results"];
        assert_eq!(r[0]["outcome"], "admitted");
        assert_eq!(r[1]["outcome"], "already_used");
        assert_eq!(r[1]["conflict"], true);
        assert_eq!(r[0]["duplicate"], round == 1, "round {round}");
    }
    let stats = f
        .state
        .office
        .stats(&f.state.office.event("ball").await.expect("event"))
        .await
        .expect("stats");
    assert_eq!(stats.used, 2, "each check-in counted once");

    // Original time and door.
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let tickets = admin.get("/api/events/ball/tickets").await;
    let list: serde_json::Value = serde_json::from_str(&tickets.body).expect("json");
    let anna = list
        .as_array()
        .expect("array")
        .iter()
        .find(|x| x["name"] == "Anna Berg")
        .expect("anna");
    assert_eq!(anna["used_by"], "door-1");
    let used_at: chrono::DateTime<chrono::Utc> = anna["used_at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("used_at");
    assert_eq!(
        used_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        anna_at
    );

    // The conflict: API and the tickets page.
    let conflicts = admin.get("/api/events/ball/conflicts").await;
    let c: serde_json::Value = serde_json::from_str(&conflicts.body).expect("json");
    assert_eq!(c[0]["kind"], "double_entry");
    assert_eq!(c[0]["first_by"], "door-2");
    assert_eq!(c[0]["offline_door"], "door-1");
    assert_eq!(c[0]["offline_user"], "sam");
    let page = admin.get("/events/ball/tickets").await;
    assert!(page.body.contains("1 conflict"), "{}", page.body);
    assert!(page.body.contains("double entry"), "{}", page.body);
    assert_eq!(
        door.get("/api/events/ball/conflicts").await.status,
        StatusCode::FORBIDDEN,
        "admins only"
    );

    // Bad uploads.
    let bad = door
        .json(
            "/api/events/ball/offline",
            serde_json::json!({"checkins": [{"id": "x y", "code": t[2].code, "at": "2026-12-07T21:00:00Z"}]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("check-in id"), "{}", bad.body);
    let garbled = door
        .json(
            "/api/events/ball/offline",
            serde_json::json!({"checkins": "no"}),
        )
        .await;
    assert_eq!(
        garbled.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        garbled.body
    );
    assert!(garbled.body.contains("send JSON like"), "{}", garbled.body);
}

#[tokio::test]
async fn the_door_copy_holds_no_addresses_and_follows_changes() {
    let (f, t) = populated(&["Anna Berg", "Jonas Weber"]).await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let copy = door.get("/api/events/ball/door-copy").await;
    assert_eq!(copy.status, StatusCode::OK, "{}", copy.body);
    assert!(
        !copy.body.contains("example.org"),
        "no addresses: {}",
        copy.body
    );
    let v: serde_json::Value = serde_json::from_str(&copy.body).expect("json");
    let tickets = v["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 2);
    assert!(
        tickets
            .iter()
            .any(|x| x[0] == t[0].code.as_str() && x[1] == "Anna Berg" && x[2] == "valid")
    );
    let cursor = v["cursor"].as_i64().expect("cursor");

    door.json(
        "/api/events/ball/scan",
        serde_json::json!({"code": t[0].code, "door": "door-2"}),
    )
    .await;
    let changes = door
        .get(&format!("/api/events/ball/door-changes?since={cursor}"))
        .await;
    let c: serde_json::Value = serde_json::from_str(&changes.body).expect("json");
    assert_eq!(c["changes"][0]["code"], t[0].code.as_str());
    assert_eq!(c["changes"][0]["kind"], "admitted");
    assert_eq!(c["changes"][0]["by"], "door-2");
    assert!(c["cursor"].as_i64().expect("cursor") > cursor);
}

#[tokio::test]
async fn a_code_of_another_event_says_which() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let office = &f.state.office;
    let mut other = ticketcore::NewEvent::named("Summer Ball");
    other.slug = Some("summer".into());
    let summer = office.create_event(other).await.expect("event");
    let theirs = office
        .issue_tickets(&summer, &ticketcore::testing::guests(1))
        .await
        .expect("ticket");
    let ball = office.event("ball").await.expect("ball");
    let ours = office
        .tickets(&ball, &ticketcore::TicketFilter::default())
        .await
        .expect("tickets");
    if ours.iter().any(|t| t.code == theirs[0].code) {
        return; // the same code in both events (1 in 17,576): nothing to tell
    }
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let a = door
        .json(
            "/api/events/ball/scan",
            serde_json::json!({"code": theirs[0].code}),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    assert_eq!(v["outcome"], "unknown");
    assert_eq!(v["other_event"]["name"], "Summer Ball", "{}", a.body);
}
