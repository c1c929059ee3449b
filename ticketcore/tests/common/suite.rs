//! The conformance suite: every backend must pass every function here.

use std::collections::HashSet;
use std::sync::Arc;

use ticketcore::{
    CodeSpec, Error, EventId, NewEvent, Role, ScanKind, ScanOutcome, ScanRequest, TicketFilter,
    TicketOffice, TicketStatus,
};

use ticketcore::store::Store;

use super::{event, event_with, guests, guests_from};

fn update(name: &str, email: &str) -> ticketcore::GuestUpdate {
    ticketcore::GuestUpdate {
        name: name.into(),
        email: email.into(),
        persons: 1,
        note: None,
        language: None,
    }
}

fn req(event: EventId, code: &str, by: &str) -> ScanRequest {
    ScanRequest {
        event_id: event,
        typed: code.to_string(),
        code: Some(code.to_string()),
        by: by.to_string(),
    }
}

pub async fn events_roundtrip<S: Store>(s: S) {
    let mut new = NewEvent::named("Summer Ball");
    new.date = Some("2026-07-04 20:00".into());
    new.code_spec = CodeSpec::new("ABCDEFGHJKLMNPQRSTUVWXYZ", 4).expect("valid");
    new.time_zone = ticketcore::model::parse_time_zone("America/St_Johns").expect("zone");
    let e = s.create_event("summer-ball", &new).await.expect("create");
    assert_eq!(e.time_zone.name(), "America/St_Johns");
    assert_eq!(e.slug, "summer-ball");
    let by_id = s.event_by_id(e.id).await.expect("query").expect("found");
    assert_eq!(by_id, e);
    let by_slug = s
        .event_by_slug("summer-ball")
        .await
        .expect("query")
        .expect("found");
    assert_eq!(by_slug.code_spec, new.code_spec);
    assert_eq!(by_slug.time_zone, new.time_zone);
    assert!(matches!(
        s.create_event("summer-ball", &new).await,
        Err(Error::Conflict(_))
    ));
    assert!(s.event_by_slug("nope").await.expect("query").is_none());
    let second = s
        .create_event("winter", &NewEvent::named("Winter"))
        .await
        .expect("create");
    let all = s.events().await.expect("list");
    assert_eq!(
        all.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![second.id, e.id]
    );
}

/// A batch over several insert statements: every id and code returned is
/// the stored ticket of the guest at the same position.
pub async fn issue_returns_ids_in_guest_order<S: Store>(s: S) {
    let mut new = NewEvent::named("Big");
    new.code_spec = ticketcore::CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 4).expect("spec");
    let e = s.create_event("big", &new).await.expect("create");
    let guests = guests(2_500);
    let issued = s.issue(&e, &guests).await.expect("issue");
    assert_eq!(issued.len(), 2_500);
    let stored: std::collections::HashMap<_, _> = s
        .tickets(e.id, &TicketFilter::default())
        .await
        .expect("list")
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    assert_eq!(stored.len(), 2_500);
    let tickets = issued.tickets(e.id, &guests).expect("tickets");
    for (i, t) in tickets.iter().enumerate() {
        assert_eq!(stored.get(&t.id), Some(t), "guest {i}");
        assert_eq!(t.email, guests[i].email);
        assert_eq!(issued.codes.get(i), Some(t.code.as_str()));
    }
    assert!(issued.tickets(e.id, &guests[1..]).is_err());
}

pub async fn issue_list_and_stats<S: Store>(s: S) {
    let e = event(&s, "issue").await;
    let tickets = s.issue_tickets(&e, &guests(50)).await.expect("issue");
    assert_eq!(tickets.len(), 50);
    let codes: HashSet<_> = tickets.iter().map(|t| t.code.clone()).collect();
    assert_eq!(codes.len(), 50);
    let more = s
        .issue_tickets(&e, &guests_from(50, 10))
        .await
        .expect("issue more");
    assert!(more.iter().all(|t| !codes.contains(&t.code)));
    let listed = s
        .tickets(e.id, &TicketFilter::default())
        .await
        .expect("list");
    assert_eq!(listed.len(), 60);
    assert_eq!(listed[0], tickets[0]);
    assert!(listed.iter().all(|t| t.status == TicketStatus::Valid));

    let one = s
        .ticket(e.id, &tickets[3].code)
        .await
        .expect("get")
        .expect("found");
    assert_eq!(one.name, "Guest 3");

    let page = TicketFilter {
        limit: Some(7),
        offset: 50,
        ..Default::default()
    };
    let paged = s.tickets(e.id, &page).await.expect("page");
    assert_eq!(paged.len(), 7);
    assert_eq!(paged[0].id, listed[50].id);

    let search = TicketFilter {
        search: Some("GUEST4".into()),
        ..Default::default()
    };
    // guest4@, guest40..49@ (also "Guest 4" etc. by name: the same tickets)
    let found = s.tickets(e.id, &search).await.expect("search");
    assert_eq!(
        found.len(),
        11,
        "{:?}",
        found.iter().map(|t| &t.email).collect::<Vec<_>>()
    );
    let like = TicketFilter {
        search: Some("%".into()),
        ..Default::default()
    };
    assert!(
        s.tickets(e.id, &like).await.expect("search").is_empty(),
        "% is literal"
    );

    s.scan_batch(&[req(e.id, &tickets[0].code, "door")])
        .await
        .expect("scan");
    s.revoke(e.id, &tickets[1].code, "admin")
        .await
        .expect("revoke");
    s.scan_batch(&[req(e.id, &tickets[1].code, "door")])
        .await
        .expect("scan");
    let st = s.stats(e.id).await.expect("stats");
    assert_eq!((st.total, st.used, st.valid, st.revoked), (60, 1, 58, 1));
    for (status, n) in [
        (TicketStatus::Used, 1),
        (TicketStatus::Revoked, 1),
        (TicketStatus::Valid, 58),
    ] {
        let f = TicketFilter {
            status: Some(status),
            ..Default::default()
        };
        let list = s.tickets(e.id, &f).await.expect("filter");
        assert_eq!(list.len(), n, "{status:?}");
        assert!(list.iter().all(|t| t.status == status));
    }
}

pub async fn issue_is_all_or_nothing<S: Store>(s: S) {
    let e = event_with(&s, "tiny", CodeSpec::new("AB", 2).expect("valid")).await;
    assert_eq!(
        s.issue_tickets(&e, &guests(3)).await.expect("issue").len(),
        3
    );
    match s.issue_tickets(&e, &guests_from(3, 2)).await {
        Err(Error::CodeSpaceExhausted { needed: 2, free: 1 }) => {}
        other => panic!("expected exhaustion, got {other:?}"),
    }
    assert_eq!(s.stats(e.id).await.expect("stats").total, 3);
    assert_eq!(
        s.issue_tickets(&e, &guests_from(3, 1))
            .await
            .expect("last")
            .len(),
        1
    );
}

pub async fn issue_refuses_repeated_addresses<S: Store>(s: S) {
    let e = event(&s, "repeats").await;
    s.issue_tickets(&e, &guests(2)).await.expect("issue");
    // An address that already has a ticket, in other letter case.
    let mut again = guests_from(2, 2);
    again[1].email = "GUEST1@Example.org".into();
    match s.issue_tickets(&e, &again).await {
        Err(Error::Conflict(why)) => {
            assert!(why.to_string().contains("already has a ticket"), "{why}")
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Letter case beyond ASCII: one rule on every backend (Unicode lower case).
    let mut umlaut = guests_from(2, 2);
    umlaut[0].email = "jürgen@example.org".into();
    s.issue_tickets(&e, &umlaut[..1]).await.expect("issue");
    umlaut[1].email = "JÜRGEN@EXAMPLE.ORG".into();
    match s.issue_tickets(&e, &umlaut[1..]).await {
        Err(Error::Conflict(why)) => {
            assert!(why.to_string().contains("already has a ticket"), "{why}")
        }
        other => panic!("expected a conflict for JÜRGEN, got {other:?}"),
    }
    // The same address twice in one batch.
    let mut twice = guests_from(2, 2);
    twice[1].email = twice[0].email.to_uppercase();
    match s.issue_tickets(&e, &twice).await {
        Err(Error::Conflict(why)) => assert!(why.to_string().contains("twice"), "{why}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        s.stats(e.id).await.expect("stats").total,
        3,
        "nothing written but jürgen"
    );
    // Another event may have the same guests.
    let other = event(&s, "repeats-2").await;
    assert_eq!(
        s.issue_tickets(&other, &guests(2))
            .await
            .expect("issue")
            .len(),
        2
    );
}

pub async fn scan_outcomes_and_audit<S: Store>(s: S) {
    let e = event(&s, "scan").await;
    let other = event(&s, "other").await;
    let t = s.issue_tickets(&e, &guests(3)).await.expect("issue");
    let o = s.issue_tickets(&other, &guests(1)).await.expect("issue");

    let out = s
        .scan_batch(&[req(e.id, &t[0].code, "door-1")])
        .await
        .expect("scan");
    let ScanOutcome::Admitted { ticket } = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(ticket.status, TicketStatus::Used);
    assert_eq!(ticket.used_by.as_deref(), Some("door-1"));
    let used_at = ticket.used_at.expect("used_at");

    let out = s
        .scan_batch(&[req(e.id, &t[0].code, "door-2")])
        .await
        .expect("scan");
    match &out[0] {
        ScanOutcome::AlreadyUsed { at, by, ticket } => {
            assert_eq!(*at, used_at);
            assert_eq!(by, "door-1");
            assert_eq!(ticket.id, t[0].id);
        }
        o => panic!("{o:?}"),
    }
    // Another event's code is unknown here; malformed input too.
    let unknown = ScanRequest {
        code: None,
        ..req(e.id, "??", "door-1")
    };
    let out = s
        .scan_batch(&[req(e.id, &o[0].code, "door-1"), unknown])
        .await
        .expect("scan");
    if o[0].code != t[0].code && o[0].code != t[1].code && o[0].code != t[2].code {
        assert_eq!(out[0], ScanOutcome::Unknown);
    }
    assert_eq!(out[1], ScanOutcome::Unknown);

    s.revoke(e.id, &t[1].code, "admin").await.expect("revoke");
    let out = s
        .scan_batch(&[req(e.id, &t[1].code, "door-1")])
        .await
        .expect("scan");
    assert!(matches!(&out[0], ScanOutcome::Revoked { ticket } if ticket.id == t[1].id));
    assert!(matches!(
        s.revoke(e.id, &t[1].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.undo(e.id, &t[1].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.undo(e.id, &t[2].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.undo(e.id, "ZZZZ", "admin").await,
        Err(Error::NotFound { .. })
    ));

    let undone = s.undo(e.id, &t[0].code, "admin").await.expect("undo");
    assert_eq!(undone.status, TicketStatus::Valid);
    assert_eq!(undone.used_at, None);
    let out = s
        .scan_batch(&[req(e.id, &t[0].code, "door-3")])
        .await
        .expect("scan");
    assert!(
        matches!(&out[0], ScanOutcome::Admitted { ticket } if ticket.used_by.as_deref() == Some("door-3"))
    );

    let log = s.scan_log(e.id, 100).await.expect("log");
    let kinds: Vec<ScanKind> = log.iter().rev().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ScanKind::Admitted,
            ScanKind::AlreadyUsed,
            ScanKind::Unknown,
            ScanKind::Unknown,
            ScanKind::RevokedByAdmin,
            ScanKind::Revoked,
            ScanKind::Undone,
            ScanKind::Admitted,
        ]
    );
    let first = log.last().expect("entries");
    assert_eq!(first.by, "door-1");
    assert_eq!(first.ticket_id, Some(t[0].id));
    assert!(s.scan_log(other.id, 100).await.expect("log").is_empty());
}

pub async fn batch_decides_in_order<S: Store>(s: S) {
    let e = event(&s, "batch").await;
    let t = s.issue_tickets(&e, &guests(2)).await.expect("issue");
    let batch = vec![
        req(e.id, &t[0].code, "a"),
        req(e.id, &t[0].code, "b"),
        req(e.id, &t[1].code, "c"),
        req(e.id, &t[0].code, "d"),
    ];
    let out = s.scan_batch(&batch).await.expect("scan");
    assert!(matches!(out[0], ScanOutcome::Admitted { .. }));
    assert!(matches!(&out[1], ScanOutcome::AlreadyUsed { by, .. } if by == "a"));
    assert!(matches!(out[2], ScanOutcome::Admitted { .. }));
    assert!(matches!(&out[3], ScanOutcome::AlreadyUsed { by, .. } if by == "a"));
    assert_eq!(s.scan_log(e.id, 10).await.expect("log").len(), 4);
    assert!(s.scan_batch(&[]).await.expect("empty").is_empty());
}

pub async fn users_and_tokens<S: Store>(s: S) {
    let office = TicketOffice::new(s);
    assert!(office.needs_setup().await.expect("setup"));
    let admin = office
        .add_user("alice", Role::Admin, "correct horse")
        .await
        .expect("add");
    assert!(!office.needs_setup().await.expect("setup"));
    office
        .add_user("bob", Role::Scanner, "battery staple")
        .await
        .expect("add");
    assert!(matches!(
        office.add_user("alice", Role::Scanner, "whatever123").await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        office.add_user("carol", Role::Scanner, "short").await,
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(
        office.login("alice", "correct horse").await.expect("login"),
        admin
    );
    assert!(matches!(
        office.login("alice", "wrong horse").await,
        Err(Error::BadCredentials)
    ));
    assert!(matches!(
        office.login("nobody", "correct horse").await,
        Err(Error::BadCredentials)
    ));

    office
        .set_password("bob", "new password")
        .await
        .expect("passwd");
    assert!(office.login("bob", "battery staple").await.is_err());
    assert_eq!(
        office
            .login("bob", "new password")
            .await
            .expect("login")
            .role,
        Role::Scanner
    );
    assert!(matches!(
        office.set_password("nobody", "new password").await,
        Err(Error::NotFound { .. })
    ));

    assert!(
        matches!(office.remove_user("alice").await, Err(Error::Conflict(_))),
        "last admin"
    );
    assert!(matches!(
        office.set_role("alice", Role::Scanner).await,
        Err(Error::Conflict(_))
    ));
    office.set_role("bob", Role::Admin).await.expect("promote");
    office
        .set_role("alice", Role::Scanner)
        .await
        .expect("demote");

    let (token, secret) = office
        .create_token("bob", "door script")
        .await
        .expect("token");
    assert_eq!(token.label, "door script");
    let user = office
        .user_for_token(&secret)
        .await
        .expect("lookup")
        .expect("valid");
    assert_eq!(user.name, "bob");
    assert!(
        office
            .user_for_token("tkt_nope")
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(office.user_for_token("").await.expect("lookup").is_none());
    let tokens = office.tokens(user.id).await.expect("tokens");
    assert_eq!(tokens, vec![token.clone()]);
    office.revoke_token(token.id).await.expect("revoke");
    assert!(
        office
            .user_for_token(&secret)
            .await
            .expect("lookup")
            .is_none()
    );

    office.remove_user("alice").await.expect("remove");
    let names: Vec<String> = office
        .users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, vec!["bob"]);
}

pub async fn facade_scan_normalises<S: Store>(s: S) {
    let office = TicketOffice::new(s);
    let e = office
        .create_event(NewEvent::named("Door Test"))
        .await
        .expect("event");
    let again = office
        .create_event(NewEvent::named("Door Test"))
        .await
        .expect("event");
    assert_eq!(again.slug, "door-test-2");
    assert_eq!(office.event("door-test").await.expect("by slug"), e);
    assert_eq!(office.event(&e.id.to_string()).await.expect("by id"), e);
    assert!(matches!(
        office.event("missing").await,
        Err(Error::NotFound { .. })
    ));
    let t = office.issue_tickets(&e, &guests(1)).await.expect("issue");
    let typed = format!(" {} ", t[0].code.to_lowercase());
    assert!(matches!(
        office.scan(&e, &typed, "door-1").await.expect("scan"),
        ScanOutcome::Admitted { .. }
    ));
    assert!(matches!(
        office.scan(&e, &t[0].code, "").await.expect("scan"),
        ScanOutcome::AlreadyUsed { .. }
    ));
    assert_eq!(
        office
            .scan(&e, "x'; DROP TABLE tickets;--", "d")
            .await
            .expect("scan"),
        ScanOutcome::Unknown
    );
    assert_eq!(
        office
            .scan(&e, &"Q".repeat(10_000), "d")
            .await
            .expect("scan"),
        ScanOutcome::Unknown
    );
    let log = office.scan_log(&e, 10).await.expect("log");
    assert_eq!(log.len(), 4);
    assert_eq!(log[2].by, "door", "blank door name");
    assert!(log[0].typed.chars().count() <= 64);
    office
        .undo(&e, &typed, "admin")
        .await
        .expect("undo by typed code");
    office
        .revoke(&e, &typed, "admin")
        .await
        .expect("revoke by typed code");
    assert!(matches!(
        office.undo(&e, "???", "admin").await,
        Err(Error::NotFound { .. })
    ));
}

/// 64 tasks scan one code at once: exactly one is admitted.
pub async fn concurrent_scans_of_one_code<S: Store>(s: S) {
    let office = Arc::new(TicketOffice::new(s));
    let e = office
        .create_event(NewEvent::named("Race"))
        .await
        .expect("event");
    let code = office.issue_tickets(&e, &guests(1)).await.expect("issue")[0]
        .code
        .clone();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let (office, e, code) = (office.clone(), e.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            office.scan(&e, &code, &format!("door-{i}")).await
        }));
    }
    let mut admitted = 0;
    let mut first_by = None;
    let mut seen = HashSet::new();
    for t in tasks {
        match t.await.expect("join").expect("scan") {
            ScanOutcome::Admitted { ticket } => {
                admitted += 1;
                first_by = ticket.used_by.clone();
            }
            ScanOutcome::AlreadyUsed { at, by, .. } => {
                seen.insert((at, by));
            }
            o => panic!("{o:?}"),
        }
    }
    assert_eq!(admitted, 1);
    assert_eq!(seen.len(), 1, "all refusals name the same time and door");
    assert_eq!(seen.into_iter().next().map(|(_, by)| by), first_by);
    assert_eq!(office.scan_log(&e, 100).await.expect("log").len(), 64);
}

/// 8 tasks scan 2,000 distinct codes: all admitted, no error.
pub async fn concurrent_scans_of_distinct_codes<S: Store>(s: S) {
    let office = Arc::new(TicketOffice::new(s));
    let e = office
        .create_event(NewEvent::named("Crowd"))
        .await
        .expect("event");
    let tickets = office
        .issue_tickets(&e, &guests(2000))
        .await
        .expect("issue");
    let codes: Arc<Vec<String>> = Arc::new(tickets.into_iter().map(|t| t.code).collect());
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (office, e, codes) = (office.clone(), e.clone(), codes.clone());
        tasks.push(tokio::spawn(async move {
            let mut admitted = 0;
            for code in codes.iter().skip(w).step_by(8) {
                match office
                    .scan(&e, code, &format!("door-{w}"))
                    .await
                    .expect("scan")
                {
                    ScanOutcome::Admitted { .. } => admitted += 1,
                    o => panic!("{o:?}"),
                }
            }
            admitted
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("join");
    }
    assert_eq!(total, 2000);
    let st = office.stats(&e).await.expect("stats");
    assert_eq!((st.used, st.valid), (2000, 0));
}

/// Sessions keep the expiry they were saved with; an upsert replaces data
/// and expiry; expired sessions are neither loaded nor kept by a purge.
pub async fn sessions_keep_their_expiry<S: Store>(s: S) {
    s.ping().await.expect("ping");
    // Creating never overwrites: a taken id is refused and left as it is.
    assert!(
        s.session_create("c", "{\"user\":7}", 5_000)
            .await
            .expect("create")
    );
    assert!(
        !s.session_create("c", "{\"user\":8}", 6_000)
            .await
            .expect("taken")
    );
    assert_eq!(
        s.session_load("c", 1_000).await.expect("load"),
        Some(("{\"user\":7}".to_string(), 5_000))
    );
    s.session_save("a", "{\"user\":1}", 2_000)
        .await
        .expect("save");
    assert_eq!(
        s.session_load("a", 1_000).await.expect("load"),
        Some(("{\"user\":1}".to_string(), 2_000))
    );
    s.session_save("a", "{\"user\":2}", 3_000)
        .await
        .expect("upsert");
    assert_eq!(
        s.session_load("a", 1_000).await.expect("load"),
        Some(("{\"user\":2}".to_string(), 3_000))
    );
    assert_eq!(
        s.session_load("a", 3_000).await.expect("load"),
        None,
        "expired"
    );
    assert_eq!(s.session_load("nope", 0).await.expect("load"), None);
    s.session_save("b", "{}", 1_500).await.expect("save");
    assert_eq!(s.session_purge(2_000).await.expect("purge"), 1);
    assert!(s.session_load("b", 0).await.expect("load").is_none());
    s.session_delete("a").await.expect("delete");
    s.session_delete("a").await.expect("deleting twice is fine");
    assert!(s.session_load("a", 0).await.expect("load").is_none());
}

/// Arrivals count check-ins per bucket; the change feed gives every audit
/// entry of every event once, in order, with the ticket's code and name.
pub async fn arrivals_and_change_feed<S: Store>(s: S) {
    assert_eq!(s.last_scan_id().await.expect("last"), 0);
    let e = event(&s, "feed").await;
    let other = event(&s, "feed-2").await;
    let tickets = s.issue_tickets(&e, &guests(4)).await.expect("issue");
    let theirs = s.issue_tickets(&other, &guests(1)).await.expect("issue");
    assert!(s.arrivals(e.id, 60).await.expect("arrivals").is_empty());
    let batch = vec![
        req(e.id, &tickets[0].code, "door-1"),
        req(e.id, &tickets[1].code, "door-2"),
        req(other.id, &theirs[0].code, "door-9"),
        req(e.id, "ZZZZ", "door-1"),
    ];
    s.scan_batch(&batch).await.expect("scan");
    s.revoke(e.id, &tickets[1].code, "admin")
        .await
        .expect("revoke");
    s.undo(e.id, &tickets[0].code, "admin").await.expect("undo");
    s.scan_batch(&[req(e.id, &tickets[2].code, "door-1")])
        .await
        .expect("scan");

    let arrivals = s.arrivals(e.id, 60).await.expect("arrivals");
    let counted: u64 = arrivals.iter().map(|b| b.tickets).sum();
    assert_eq!(counted, 1, "only ticket 2 is in: 0 was undone, 1 revoked");
    assert_eq!(arrivals.iter().map(|b| b.people).sum::<u64>(), 1);
    for b in &arrivals {
        let start = b.start;
        assert_eq!(start.timestamp_millis() % 60_000, 0, "bucket start {start}");
    }
    let seconds = s.arrivals(e.id, 1).await.expect("arrivals");
    assert_eq!(seconds.iter().map(|b| b.tickets).sum::<u64>(), 1);

    let feed = s.scan_log_since(0, 100).await.expect("feed");
    let kinds: Vec<(EventId, ScanKind, Option<String>)> = feed
        .iter()
        .map(|r| (r.event_id, r.kind, r.code.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (e.id, ScanKind::Admitted, Some(tickets[0].code.clone())),
            (e.id, ScanKind::Admitted, Some(tickets[1].code.clone())),
            (other.id, ScanKind::Admitted, Some(theirs[0].code.clone())),
            (e.id, ScanKind::Unknown, None),
            (
                e.id,
                ScanKind::RevokedByAdmin,
                Some(tickets[1].code.clone())
            ),
            (e.id, ScanKind::Undone, Some(tickets[0].code.clone())),
            (e.id, ScanKind::Admitted, Some(tickets[2].code.clone())),
        ]
    );
    assert!(feed.windows(2).all(|w| w[0].id < w[1].id), "ids ascend");
    assert_eq!(feed[0].name.as_deref(), Some("Guest 0"));
    assert_eq!(feed[3].typed, "ZZZZ");
    assert_eq!(feed[3].by, "door-1");
    let last = s.last_scan_id().await.expect("last");
    assert_eq!(last, feed[6].id);
    assert!(s.scan_log_since(last, 100).await.expect("feed").is_empty());
    let page = s.scan_log_since(feed[1].id, 2).await.expect("feed");
    assert_eq!(
        page.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![feed[2].id, feed[3].id]
    );
    let newest = s.scan_log(e.id, 2).await.expect("log");
    assert_eq!(
        newest.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![feed[6].id, feed[5].id],
        "newest first, this event only"
    );
}

/// Search ignores case and accents the same way on every backend, and
/// treats `%`, `_` and `!` as text.
pub async fn search_ignores_case_and_accents<S: Store>(s: S) {
    let e = event(&s, "search").await;
    let people = [
        ("Jürgen Groß", "jurgen@example.org"),
        ("Søren Kierkegaard", "soren@example.dk"),
        ("Émile Zola", "emile@example.fr"),
        ("Anna Straße", "anna_s@example.de"),
        ("Ærøe 100% Łukasz", "lukasz!@example.pl"),
        ("Plain Person", "plain@example.org"),
    ];
    let guests = ticketcore::testing::guests_at(&people);
    let tickets = s.issue_tickets(&e, &guests).await.expect("issue");
    let find = |text: &str| {
        let filter = TicketFilter {
            search: Some(text.to_string()),
            ..TicketFilter::default()
        };
        let s = s.clone();
        async move {
            s.tickets(e.id, &filter)
                .await
                .expect("search")
                .into_iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("jurgen").await, vec!["Jürgen Groß"]);
    assert_eq!(find("JÜRGEN").await, vec!["Jürgen Groß"]);
    assert_eq!(find("gross").await, vec!["Jürgen Groß"]);
    assert_eq!(find("soren").await, vec!["Søren Kierkegaard"]);
    assert_eq!(find("SØREN").await, vec!["Søren Kierkegaard"]);
    assert_eq!(find("emile").await, vec!["Émile Zola"]);
    assert_eq!(find("ÉMILE").await, vec!["Émile Zola"]);
    assert_eq!(find("strasse").await, vec!["Anna Straße"]);
    assert_eq!(find("lukasz").await, vec!["Ærøe 100% Łukasz"]);
    assert_eq!(find("aeroe").await, vec!["Ærøe 100% Łukasz"]);
    assert_eq!(find("100%").await, vec!["Ærøe 100% Łukasz"], "% is text");
    assert_eq!(find("0%").await, vec!["Ærøe 100% Łukasz"]);
    assert_eq!(find("a_s").await, vec!["Anna Straße"], "_ is text");
    assert!(find("n_a").await.is_empty(), "_ matches no other letter");
    assert_eq!(find("z!@").await, vec!["Ærøe 100% Łukasz"], "! is text");
    assert_eq!(find("EXAMPLE.DK").await, vec!["Søren Kierkegaard"]);
    assert!(find("zola jurgen").await.is_empty());
    assert!(find("groß\njurgen").await.is_empty(), "fields stay apart");
    let code = tickets[5].code.to_lowercase();
    assert!(find(&code).await.contains(&"Plain Person".to_string()));
    assert_eq!(find("  ").await.len(), 6, "blank search lists all");
    // Inside a word, and shorter than an index's three letters.
    assert_eq!(find("rgen").await, vec!["Jürgen Groß"]);
    assert_eq!(find("e@").await, vec!["Émile Zola"]);
    assert!(find("jur\\").await.is_empty(), "a backslash is text");
    // A corrected name is found by its new text only.
    s.update_guest(
        e.id,
        tickets[5].id,
        &update("Renamed Person", "plain@example.org"),
        false,
    )
    .await
    .expect("correct");
    assert_eq!(find("renamed").await, vec!["Renamed Person"]);
    assert!(find("plain person").await.is_empty());
    assert_eq!(find("person").await, vec!["Renamed Person"]);
    // Search with a status filter and paging.
    s.scan_batch(&[req(e.id, &tickets[0].code, "door")])
        .await
        .expect("scan");
    let used = TicketFilter {
        status: Some(TicketStatus::Used),
        search: Some("example.org".into()),
        ..TicketFilter::default()
    };
    let names: Vec<_> = s
        .tickets(e.id, &used)
        .await
        .expect("list")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, vec!["Jürgen Groß"]);
    let page = |limit: Option<u32>, offset: u32| {
        let filter = TicketFilter {
            limit,
            offset,
            ..TicketFilter::default()
        };
        let s = s.clone();
        async move {
            let page = s.tickets(e.id, &filter).await.expect("page");
            page.iter().map(|t| t.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(page(Some(2), 1).await, vec![tickets[1].id, tickets[2].id]);
    assert_eq!(
        page(None, 4).await,
        vec![tickets[4].id, tickets[5].id],
        "an offset without a limit"
    );
}

/// Mail state: templates, claiming, recording, counting and requeuing.
pub async fn mail_states<S: Store>(s: S) {
    use ticketcore::i18n::Lang;
    use ticketcore::mail::MailTemplate;
    use ticketcore::{MailResult, MailStatus, TicketId};
    let e = event(&s, "mail").await;
    assert!(s.mail_templates(e.id).await.expect("templates").is_empty());
    let template = MailTemplate {
        subject: "Hi {{ name }}".into(),
        text: "Code {{ code }}".into(),
        html: None,
        message: "Bring a torch".into(),
    };
    let german = MailTemplate {
        subject: "Hallo {{ name }}".into(),
        text: "Dein Code: {{ code }}".into(),
        html: Some("<p>{{ code }}</p>".into()),
        message: "Taschenlampe mitbringen".into(),
    };
    s.set_mail_template(e.id, Lang::En, Some(&template))
        .await
        .expect("save");
    s.set_mail_template(e.id, Lang::De, Some(&german))
        .await
        .expect("save German");
    // Saving again replaces, per language.
    s.set_mail_template(e.id, Lang::De, Some(&german))
        .await
        .expect("save German again");
    assert_eq!(
        s.mail_templates(e.id).await.expect("templates"),
        vec![(Lang::En, template.clone()), (Lang::De, german.clone())]
    );
    s.set_mail_template(e.id, Lang::En, None)
        .await
        .expect("reset");
    assert_eq!(
        s.mail_templates(e.id).await.expect("templates"),
        vec![(Lang::De, german)]
    );
    let missing = EventId(e.id.0 + 1000);
    assert!(matches!(
        s.mail_templates(missing).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.set_mail_template(missing, Lang::En, None).await,
        Err(Error::NotFound { .. })
    ));

    let tickets = s.issue_tickets(&e, &guests(6)).await.expect("issue");
    let mut emails = s.guest_emails(e.id).await.expect("emails");
    emails.sort();
    let mut expected: Vec<String> = tickets.iter().map(|t| t.email.clone()).collect();
    expected.sort();
    assert_eq!(emails, expected);
    s.revoke(e.id, &tickets[5].code, "admin")
        .await
        .expect("revoke");
    let counts = s.mail_counts(e.id).await.expect("counts");
    assert_eq!(
        (counts.pending, counts.sending, counts.sent, counts.failed),
        (5, 0, 0, 0)
    );

    let first = s
        .claim_mail(e.id, TicketId(0), false, 2)
        .await
        .expect("claim");
    assert_eq!(
        first.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![tickets[0].id, tickets[1].id]
    );
    assert!(first.iter().all(|t| t.mail_status == MailStatus::Sending));
    let second = s
        .claim_mail(e.id, tickets[1].id, false, 10)
        .await
        .expect("claim");
    assert_eq!(
        second.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![tickets[2].id, tickets[3].id, tickets[4].id],
        "after the cursor, revoked ticket left out"
    );
    let counts = s.mail_counts(e.id).await.expect("counts");
    assert_eq!(counts.sending, 5);
    let at = ticketcore::model::now();
    s.record_mail(&[
        (tickets[0].id, MailResult::Sent(at)),
        (tickets[1].id, MailResult::Failed("550 no such user".into())),
        (tickets[2].id, MailResult::Pending("quota".into())),
    ])
    .await
    .expect("record");
    s.record_mail(&[]).await.expect("nothing to record");
    let counts = s.mail_counts(e.id).await.expect("counts");
    assert_eq!(
        (counts.pending, counts.sending, counts.sent, counts.failed),
        (1, 2, 1, 1)
    );
    let sent = s
        .ticket(e.id, &tickets[0].code)
        .await
        .expect("ticket")
        .expect("found");
    assert_eq!(sent.mail_status, MailStatus::Sent);
    assert_eq!(sent.mail_sent_at, Some(at));
    assert_eq!(sent.mail_attempts, 1);
    let failed = s
        .ticket(e.id, &tickets[1].code)
        .await
        .expect("ticket")
        .expect("found");
    assert_eq!(failed.mail_error.as_deref(), Some("550 no such user"));
    assert_eq!(failed.mail_attempts, 1);
    // A late result for a ticket no longer being sent (another run took it
    // over and recorded it) changes nothing.
    s.record_mail(&[(tickets[0].id, MailResult::Pending("late".into()))])
        .await
        .expect("record");
    let still = s
        .ticket(e.id, &tickets[0].code)
        .await
        .expect("q")
        .expect("f");
    assert_eq!(still.mail_status, MailStatus::Sent, "not overwritten");
    let pending = s
        .ticket(e.id, &tickets[2].code)
        .await
        .expect("ticket")
        .expect("found");
    assert_eq!(pending.mail_status, MailStatus::Pending);
    assert_eq!(pending.mail_attempts, 0, "not attempted");

    // Interrupted (`sending`) tickets are claimed again; failed ones on request.
    let again = s
        .claim_mail(e.id, TicketId(0), false, 10)
        .await
        .expect("claim");
    assert_eq!(
        again.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![tickets[2].id, tickets[3].id, tickets[4].id]
    );
    let with_failed = s
        .claim_mail(e.id, TicketId(0), true, 10)
        .await
        .expect("claim");
    assert_eq!(with_failed.len(), 4, "failed one too");

    assert_eq!(
        s.requeue_mail(e.id, Some(tickets[0].id))
            .await
            .expect("one"),
        1
    );
    assert_eq!(
        s.requeue_mail(e.id, None).await.expect("all"),
        5,
        "revoked left out"
    );
    let counts = s.mail_counts(e.id).await.expect("counts");
    assert_eq!(
        (counts.pending, counts.sending, counts.sent, counts.failed),
        (5, 0, 0, 0)
    );
}

/// One send run per event: the lease has one holder, is renewed only by it,
/// is taken over once expired or when its holder is named dead, and is free
/// again once released.
pub async fn mail_lease_has_one_holder<S: Store>(s: S) {
    use ticketcore::mail::MailLease;
    let e = event(&s, "lease").await;
    let other_event = event(&s, "lease-2").await;
    let t0 = ticketcore::model::now();
    let secs = |n: i64| chrono::TimeDelta::seconds(n);
    let lease = |owner: &str, since: ticketcore::Timestamp| MailLease {
        owner: owner.into(),
        holder: format!("run {owner}"),
        pid: 4121,
        since,
        expires_at: since + secs(60),
    };
    let a = lease("a", t0);
    assert_eq!(s.take_mail_lease(e.id, &a, None).await.expect("take"), None);
    let b = lease("b", t0 + secs(1));
    let held = s
        .take_mail_lease(e.id, &b, None)
        .await
        .expect("take")
        .expect("held by a");
    assert_eq!(held, a, "every field kept");
    assert_eq!(
        s.take_mail_lease(other_event.id, &b, None)
            .await
            .expect("take"),
        None,
        "one lease per event"
    );
    assert!(
        s.renew_mail_lease(e.id, "a", t0 + secs(120))
            .await
            .expect("renew")
    );
    assert!(
        !s.renew_mail_lease(e.id, "b", t0 + secs(120))
            .await
            .expect("renew")
    );
    // Still held at 100 s (renewed to 120 s); taken over at 121 s.
    let c = lease("c", t0 + secs(100));
    assert_eq!(
        s.take_mail_lease(e.id, &c, None)
            .await
            .expect("take")
            .map(|l| l.owner),
        Some("a".into())
    );
    let d = lease("d", t0 + secs(121));
    assert_eq!(s.take_mail_lease(e.id, &d, None).await.expect("take"), None);
    assert!(
        !s.renew_mail_lease(e.id, "a", t0 + secs(200))
            .await
            .expect("renew"),
        "a lost it"
    );
    // A holder named dead is replaced at once.
    let f = lease("f", t0 + secs(122));
    assert_eq!(
        s.take_mail_lease(e.id, &f, Some("d")).await.expect("take"),
        None
    );
    s.release_mail_lease(e.id, "d")
        .await
        .expect("not ours: no-op");
    assert!(
        s.take_mail_lease(e.id, &d, None)
            .await
            .expect("take")
            .is_some()
    );
    s.release_mail_lease(e.id, "f").await.expect("release");
    assert_eq!(s.take_mail_lease(e.id, &d, None).await.expect("take"), None);
    assert!(matches!(
        s.take_mail_lease(EventId(e.id.0 + 1000), &a, None).await,
        Err(Error::NotFound { .. })
    ));
}

/// Two runs racing for a free lease: exactly one gets it.
pub async fn mail_lease_race<S: Store>(s: S) {
    use ticketcore::mail::MailLease;
    let e = event(&s, "lease-race").await;
    for round in 0..10 {
        let lease = |owner: String| MailLease {
            holder: owner.clone(),
            owner,
            pid: 1,
            since: ticketcore::model::now(),
            expires_at: ticketcore::model::now() + chrono::TimeDelta::seconds(60),
        };
        let (a, b) = (lease(format!("a{round}")), lease(format!("b{round}")));
        let (s1, s2) = (s.clone(), s.clone());
        let (ra, rb) = tokio::join!(
            async move { s1.take_mail_lease(e.id, &a, None).await },
            async move { s2.take_mail_lease(e.id, &b, None).await }
        );
        let got = [ra.expect("a"), rb.expect("b")];
        assert_eq!(
            got.iter().filter(|r| r.is_none()).count(),
            1,
            "round {round}: {got:?}"
        );
        let winner = if got[0].is_none() {
            format!("a{round}")
        } else {
            format!("b{round}")
        };
        s.release_mail_lease(e.id, &winner).await.expect("release");
    }
}

/// Things that do not exist are `NotFound` on every backend; refusals of
/// the current state are `Conflict`.
pub async fn missing_things_are_not_found<S: Store>(s: S) {
    let e = event(&s, "missing").await;
    let mut gone = e.clone();
    gone.id = EventId(e.id.0 + 1000);
    assert!(matches!(
        s.issue(&gone, &guests(1)).await,
        Err(Error::NotFound { what: "event", .. })
    ));
    assert!(s.event_by_id(gone.id).await.expect("query").is_none());
    assert!(matches!(
        s.undo(e.id, "NOPE", "admin").await,
        Err(Error::NotFound { what: "ticket", .. })
    ));
    assert!(matches!(
        s.revoke(e.id, "NOPE", "admin").await,
        Err(Error::NotFound { what: "ticket", .. })
    ));
    let t = s.issue_tickets(&e, &guests(1)).await.expect("issue");
    assert!(matches!(
        s.undo(e.id, &t[0].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    s.revoke(e.id, &t[0].code, "admin").await.expect("revoke");
    assert!(matches!(
        s.revoke(e.id, &t[0].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.undo(e.id, &t[0].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    assert!(s.ticket(e.id, "NOPE").await.expect("query").is_none());
    assert!(matches!(
        s.set_password_hash("nobody", "x").await,
        Err(Error::NotFound { what: "user", .. })
    ));
    assert!(matches!(
        s.set_role("nobody", Role::Admin).await,
        Err(Error::NotFound { what: "user", .. })
    ));
    assert!(matches!(
        s.remove_user("nobody").await,
        Err(Error::NotFound { what: "user", .. })
    ));
    assert!(matches!(
        s.revoke_token(424_242).await,
        Err(Error::NotFound { what: "token", .. })
    ));
    assert!(
        s.user_by_id(ticketcore::UserId(424_242))
            .await
            .expect("query")
            .is_none()
    );
    assert!(s.user_with_hash("nobody").await.expect("query").is_none());
    assert!(
        s.user_by_token_hash("nothing")
            .await
            .expect("query")
            .is_none()
    );
}

/// Users by name in code-point order on every backend; hashes, roles and
/// tokens as stored; removing a user removes their tokens.
pub async fn users_in_the_store<S: Store>(s: S) {
    let b = s
        .create_user("bea", Role::Scanner, "hash-b")
        .await
        .expect("b");
    s.create_user("Zoe", Role::Admin, "hash-z")
        .await
        .expect("z");
    s.create_user("adam", Role::Admin, "hash-a")
        .await
        .expect("a");
    s.create_user("Émile", Role::Scanner, "hash-e")
        .await
        .expect("e");
    let names: Vec<String> = s
        .users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(
        names,
        vec!["Zoe", "adam", "bea", "Émile"],
        "code-point order"
    );
    let (user, hash) = s
        .user_with_hash("bea")
        .await
        .expect("query")
        .expect("found");
    assert_eq!((user.clone(), hash.as_str()), (b.clone(), "hash-b"));
    assert_eq!(s.user_by_id(b.id).await.expect("query"), Some(b.clone()));
    s.set_password_hash("bea", "hash-b2").await.expect("passwd");
    assert_eq!(
        s.user_with_hash("bea").await.expect("q").expect("f").1,
        "hash-b2"
    );
    let b_before = b.clone();
    let b = s.user_by_id(b.id).await.expect("q").expect("bea");
    assert_ne!(
        b.credential_stamp(),
        b_before.credential_stamp(),
        "a new password, a new stamp (sessions end)"
    );
    assert_eq!((&b.name, b.role), (&b_before.name, b_before.role));
    let token = s
        .create_token(b.id, "door", "tokenhash")
        .await
        .expect("token");
    assert_eq!(s.tokens(b.id).await.expect("tokens"), vec![token.clone()]);
    assert_eq!(
        s.user_by_token_hash("tokenhash").await.expect("q"),
        Some(b.clone())
    );
    s.remove_user("bea").await.expect("remove");
    assert!(
        s.user_by_token_hash("tokenhash")
            .await
            .expect("q")
            .is_none(),
        "token gone too"
    );
    assert!(s.tokens(b.id).await.expect("tokens").is_empty());
    assert!(matches!(
        s.create_user("adam", Role::Scanner, "x").await,
        Err(Error::Conflict(_))
    ));
}

/// Two admins demoting (or removing) each other at once leave one admin:
/// exactly one of the two is refused, in every round.
pub async fn last_admin_survives_a_race<S: Store>(s: S) {
    s.create_user("first", Role::Admin, "h")
        .await
        .expect("first");
    let mut survivor = "first".to_string();
    for round in 0..10 {
        let newcomer = format!("admin{round}");
        s.create_user(&newcomer, Role::Admin, "h")
            .await
            .expect("admin");
        let (s1, s2) = (s.clone(), s.clone());
        let (a, b) = (survivor.clone(), newcomer.clone());
        let (ra, rb) = tokio::join!(
            async move { s1.set_role(&a, Role::Scanner).await },
            async move {
                if round % 2 == 0 {
                    s2.set_role(&b, Role::Scanner).await
                } else {
                    s2.remove_user(&b).await
                }
            }
        );
        let refused = [&ra, &rb]
            .iter()
            .filter(|r| matches!(r, Err(Error::Conflict(_))))
            .count();
        assert_eq!(refused, 1, "round {round}: {ra:?} {rb:?}");
        let admins: Vec<_> = s
            .users()
            .await
            .expect("users")
            .into_iter()
            .filter(|u| u.role == Role::Admin)
            .collect();
        assert_eq!(admins.len(), 1, "round {round}: {admins:?}");
        survivor = admins[0].name.clone();
    }
}

pub async fn offline_checkins_count_once_and_conflicts_are_listed<S: Store>(s: S) {
    use ticketcore::offline::{ConflictKind, OfflineCheckIn};
    let office = TicketOffice::new(s);
    let e = office
        .create_event(NewEvent::named("Offline"))
        .await
        .expect("event");
    let t = office.issue_tickets(&e, &guests(4)).await.expect("issue");
    let at = |minutes: i64| {
        chrono::Utc::now() - chrono::Duration::minutes(60 - minutes)
            + chrono::Duration::milliseconds(0)
    };
    let checkin = |id: &str, code: &str, minutes: i64, door: &str| OfflineCheckIn {
        id: id.into(),
        code: code.to_lowercase(),
        at: at(minutes),
        door: door.into(),
        after_timeout: false,
        persons: None,
    };
    // Door 2 admitted ticket 1 online at minute 5 (after door 1 did offline
    // at minute 1); ticket 3 was revoked while door 1 was offline.
    office.scan(&e, &t[1].code, "door-2").await.expect("scan");
    office
        .revoke(&e, &t[3].code, "admin")
        .await
        .expect("revoke");
    let upload = vec![
        checkin("a-1", &t[0].code, 0, "door-1"),
        checkin("a-2", &t[1].code, 1, "door-1"),
        checkin("a-3", &t[3].code, 2, "door-1"),
        checkin("a-4", "QQQQ", 3, "door-1"),
        checkin("a-5", &t[0].code, 4, "door-1"),
    ];
    let first = office.sync_offline(&e, "sam", &upload).await.expect("sync");
    let outcomes: Vec<(ScanKind, bool, bool)> = first
        .iter()
        .map(|s| (s.outcome, s.conflict, s.duplicate))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (ScanKind::Admitted, false, false),
            (ScanKind::AlreadyUsed, true, false),
            (ScanKind::Revoked, true, false),
            (ScanKind::Unknown, false, false),
            (ScanKind::AlreadyUsed, true, false),
        ]
    );
    // The original time and door are kept.
    let ticket = office.ticket(&e, &t[0].code).await.expect("ticket");
    assert_eq!(ticket.used_by.as_deref(), Some("door-1"));
    let used_at = ticket.used_at.expect("used");
    assert!(
        (used_at - upload[0].at).num_milliseconds().abs() < 1,
        "{used_at} vs {}",
        upload[0].at
    );
    assert_eq!(office.stats(&e).await.expect("stats").used, 2);

    // Uploaded again (a retry, a reload): answered the same, counted once.
    let again = office
        .sync_offline(&e, "sam", &upload)
        .await
        .expect("sync again");
    assert!(again.iter().all(|s| s.duplicate));
    assert_eq!(
        again.iter().map(|s| s.outcome).collect::<Vec<_>>(),
        first.iter().map(|s| s.outcome).collect::<Vec<_>>()
    );
    assert_eq!(office.stats(&e).await.expect("stats").used, 2);
    let admitted_entries = office
        .scan_log(&e, 100)
        .await
        .expect("log")
        .into_iter()
        .filter(|r| r.kind == ScanKind::Admitted)
        .count();
    assert_eq!(admitted_entries, 2, "one online, one offline admission");

    let conflicts = office.conflicts(&e).await.expect("conflicts");
    assert_eq!(conflicts.len(), 3);
    assert_eq!(conflicts[0].kind, ConflictKind::DoubleEntry);
    assert_eq!(conflicts[0].code, t[1].code);
    assert_eq!(conflicts[0].first_by.as_deref(), Some("door-2"));
    assert_eq!(conflicts[0].offline_door, "door-1");
    assert_eq!(conflicts[0].offline_user, "sam");
    assert_eq!(conflicts[1].kind, ConflictKind::Revoked);
    assert_eq!(
        conflicts[2].first_by.as_deref(),
        Some("door-1"),
        "admitted by the same upload"
    );

    // A door's own online scan whose answer came too late (the door then
    // decided it offline too) is one admission, not a conflict.
    office.scan(&e, &t[2].code, "door-3").await.expect("scan");
    let late = OfflineCheckIn {
        id: "c-1".into(),
        code: t[2].code.clone(),
        at: chrono::Utc::now() - chrono::Duration::seconds(2),
        door: "door-3".into(),
        after_timeout: true,
        persons: None,
    };
    let own = office
        .sync_offline(&e, "sam", std::slice::from_ref(&late))
        .await
        .expect("sync");
    assert_eq!(
        (own[0].outcome, own[0].conflict),
        (ScanKind::Admitted, false)
    );
    // Without a timeout behind it, the same is a double entry.
    let again = OfflineCheckIn {
        id: "c-2".into(),
        after_timeout: false,
        persons: None,
        ..late
    };
    let double = office
        .sync_offline(&e, "sam", &[again])
        .await
        .expect("sync");
    assert_eq!(
        (double[0].outcome, double[0].conflict),
        (ScanKind::AlreadyUsed, true)
    );
    assert_eq!(office.conflicts(&e).await.expect("conflicts").len(), 4);
    assert_eq!(office.stats(&e).await.expect("stats").used, 3);

    // Bad uploads are refused whole.
    let bad = vec![checkin("no spaces", &t[2].code, 5, "door-1")];
    assert!(matches!(
        office.sync_offline(&e, "sam", &bad).await,
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(office.stats(&e).await.expect("stats").used, 3);
}

pub async fn known_codes_are_the_event_s_own<S: Store>(s: S) {
    let e = event(&s, "known").await;
    let other = event(&s, "known-other").await;
    let t = s.issue_tickets(&e, &guests(3)).await.expect("issue");
    let o = s.issue_tickets(&other, &guests(1)).await.expect("issue");
    assert!(
        s.known_codes(e.id, &[]).await.expect("empty").is_empty(),
        "no codes asked, none known"
    );
    s.revoke(e.id, &t[2].code, "admin").await.expect("revoke");
    let asked: Vec<&str> = vec![&t[0].code, "NOT-A-CODE", &o[0].code, &t[2].code, &t[0].code];
    let mut known = s.known_codes(e.id, &asked).await.expect("known");
    known.sort();
    known.dedup();
    let mut want = vec![t[0].code.clone(), t[2].code.clone()];
    want.sort();
    assert_eq!(
        known, want,
        "the event's own codes (revoked ones too), never another event's"
    );
    assert!(
        s.known_codes(EventId(i64::MAX), &asked)
            .await
            .expect("missing event")
            .is_empty()
    );
}

pub async fn settings_and_event_senders<S: Store>(s: S) {
    use ticketcore::settings::{EffectiveSettings, MAIL_FROM, SMTP_URL, Settings};
    assert!(s.settings().await.expect("none yet").is_empty());
    s.set_settings(
        &[
            (MAIL_FROM, Some("Ball <a@example.org>")),
            (SMTP_URL, Some("smtp://127.0.0.1:2525")),
        ],
        "ada",
    )
    .await
    .expect("store");
    // Stored again: the new value replaces the old one, never a second row.
    s.set_settings(&[(MAIL_FROM, Some("Gala <g@example.org>"))], "bob")
        .await
        .expect("replace");
    let stored = s.settings().await.expect("read");
    assert_eq!(stored.len(), 2, "{stored:?}");
    let from = stored
        .iter()
        .find(|x| x.name == MAIL_FROM)
        .expect("mail_from");
    assert_eq!(
        (from.value.as_str(), from.changed_by.as_str()),
        ("Gala <g@example.org>", "bob")
    );
    let effective = EffectiveSettings::new(&Settings::default(), stored);
    assert_eq!(
        effective.values.smtp_url.as_deref(),
        Some("smtp://127.0.0.1:2525")
    );
    // Removed: the default applies again.
    s.set_settings(&[(SMTP_URL, None)], "ada")
        .await
        .expect("remove");
    let names: Vec<String> = s
        .settings()
        .await
        .expect("read")
        .into_iter()
        .map(|x| x.name)
        .collect();
    assert_eq!(names, vec![MAIL_FROM.to_string()]);

    let e = event(&s, "sender").await;
    assert_eq!(e.sender, None);
    s.set_event_sender(e.id, Some("Ball Night <ball@example.org>"))
        .await
        .expect("set");
    // The same value again is no "not found" (MySQL counts unchanged rows
    // as not affected unless told otherwise).
    s.set_event_sender(e.id, Some("Ball Night <ball@example.org>"))
        .await
        .expect("set again");
    let read = s.event_by_id(e.id).await.expect("read").expect("event");
    assert_eq!(
        read.sender.as_deref(),
        Some("Ball Night <ball@example.org>")
    );
    let listed = s.events().await.expect("events");
    assert_eq!(
        listed[0].sender, read.sender,
        "every event read has its sender"
    );
    s.set_event_sender(e.id, None).await.expect("clear");
    let by_slug = s
        .event_by_slug("sender")
        .await
        .expect("read")
        .expect("event");
    assert_eq!(by_slug.sender, None);
    assert!(matches!(
        s.set_event_sender(EventId(e.id.0 + 1000), None).await,
        Err(Error::NotFound { .. })
    ));
}

pub async fn tickets_sort_alike_everywhere<S: Store>(s: S) {
    use ticketcore::TicketSort;
    let e = event(&s, "sorted").await;
    let names = [
        "Zoë Adler",
        "anna Berg",
        "Émile Zola",
        "Bob Ode",
        "Çelik Ay",
        "ALEX Kim",
    ];
    let t = s
        .issue_tickets(&e, &ticketcore::testing::named_guests(&names))
        .await
        .expect("issue");
    let list = |sort: TicketSort| {
        let s = s.clone();
        async move {
            let filter = TicketFilter {
                sort,
                ..TicketFilter::default()
            };
            s.tickets(e.id, &filter)
                .await
                .expect("tickets")
                .into_iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
        }
    };
    // Case and accents ignored, the same on every backend.
    assert_eq!(
        list(TicketSort::Name).await,
        vec![
            "ALEX Kim",
            "anna Berg",
            "Bob Ode",
            "Çelik Ay",
            "Émile Zola",
            "Zoë Adler"
        ]
    );
    assert_eq!(list(TicketSort::Issued).await, names.to_vec());
    // Bob in first, then Zoë; Émile revoked.
    s.scan_batch(&[req(e.id, &t[3].code, "door-1")])
        .await
        .expect("scan");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    s.scan_batch(&[req(e.id, &t[0].code, "door-1")])
        .await
        .expect("scan");
    s.revoke(e.id, &t[2].code, "admin").await.expect("revoke");
    assert_eq!(
        list(TicketSort::CheckIn).await[..2].to_vec(),
        vec!["Zoë Adler", "Bob Ode"],
        "latest check-in first"
    );
    assert_eq!(
        list(TicketSort::Status).await,
        vec![
            "anna Berg",
            "Çelik Ay",
            "ALEX Kim",
            "Zoë Adler",
            "Bob Ode",
            "Émile Zola"
        ],
        "expected, here, revoked; each in issuing order"
    );
}

pub async fn restore_and_correct_a_guest<S: Store>(s: S) {
    use ticketcore::{MailStatus, TicketStatus};
    let e = event(&s, "restore").await;
    let t = s.issue_tickets(&e, &guests(3)).await.expect("issue");
    // Used, then revoked by mistake: restored to used; never revoked: refused.
    s.scan_batch(&[req(e.id, &t[0].code, "door-1")])
        .await
        .expect("scan");
    s.revoke(e.id, &t[0].code, "admin").await.expect("revoke");
    let back = s.restore(e.id, &t[0].code, "admin").await.expect("restore");
    assert_eq!(back.status, TicketStatus::Used);
    s.revoke(e.id, &t[1].code, "admin").await.expect("revoke");
    assert_eq!(
        s.restore(e.id, &t[1].code, "admin")
            .await
            .expect("restore")
            .status,
        TicketStatus::Valid
    );
    assert!(matches!(
        s.restore(e.id, &t[2].code, "admin").await,
        Err(Error::Conflict(_))
    ));
    let stored = s
        .ticket(e.id, &t[1].code)
        .await
        .expect("read")
        .expect("ticket");
    assert_eq!(stored.status, TicketStatus::Valid);
    let log = s.scan_log(e.id, 50).await.expect("log");
    assert_eq!(
        log.iter().filter(|r| r.kind == ScanKind::Restored).count(),
        2,
        "each restore is in the audit log"
    );
    // A restored ticket scans again: green for the valid one.
    let out = s
        .scan_batch(&[req(e.id, &t[1].code, "door-1")])
        .await
        .expect("scan");
    assert!(matches!(out[0], ScanOutcome::Admitted { .. }), "{out:?}");

    // Correcting a guest: name, address and search follow; the mail is
    // queued again when asked; another guest's address is refused.
    let fixed = &t[2];
    let mut fix = update("Jürgen Fix", "juergen@example.org");
    fix.persons = 3;
    fix.note = Some("VIP".into());
    fix.language = Some(ticketcore::i18n::Lang::Fr);
    s.update_guest(e.id, fixed.id, &fix, true)
        .await
        .expect("update");
    let now = s
        .ticket(e.id, &fixed.code)
        .await
        .expect("read")
        .expect("ticket");
    assert_eq!(
        (now.name.as_str(), now.email.as_str()),
        ("Jürgen Fix", "juergen@example.org")
    );
    assert_eq!(now.mail_status, MailStatus::Pending);
    assert_eq!((now.persons, now.note.as_deref()), (3, Some("VIP")));
    assert_eq!(now.language, Some(ticketcore::i18n::Lang::Fr));
    let found = s
        .tickets(
            e.id,
            &TicketFilter {
                search: Some("jurgen".into()),
                ..TicketFilter::default()
            },
        )
        .await
        .expect("search");
    assert_eq!(found.len(), 1, "search follows the new name");
    assert!(matches!(
        s.update_guest(
            e.id,
            fixed.id,
            &update("Jürgen Fix", "GUEST0@example.org"),
            false
        )
        .await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.update_guest(
            e.id,
            ticketcore::TicketId(i64::MAX),
            &update("X", "x@example.org"),
            false
        )
        .await,
        Err(Error::NotFound { .. })
    ));
    // A party cannot be made smaller than the people who came in on it.
    s.party_scan(
        e.id,
        &ticketcore::party::PartyStep {
            code: fixed.code.clone(),
            typed: fixed.code.clone(),
            persons: Some(2),
            direction: ticketcore::party::Direction::In,
            reentry: false,
            by: "door".into(),
        },
    )
    .await
    .expect("two of three in");
    fix.persons = 1;
    let smaller = s.update_guest(e.id, fixed.id, &fix, false).await;
    assert!(matches!(smaller, Err(Error::Conflict(_))), "{smaller:?}");
    fix.persons = 2;
    s.update_guest(e.id, fixed.id, &fix, false)
        .await
        .expect("as many as came in");
}

/// A scan batch whose caller stops waiting at any point (the scan writer's
/// time limit) leaves no transaction open on the connection: later writes
/// and batches work, and each cancelled scan happened once or not at all.
pub async fn cancelled_batches_leave_no_transaction_open<S: Store>(s: S) {
    let e = event(&s, "cancelled").await;
    let tickets = s.issue_tickets(&e, &guests(40)).await.expect("issue");
    for (i, t) in tickets.iter().take(30).enumerate() {
        let batch = [req(e.id, &t.code, "door")];
        let wait = std::time::Duration::from_micros(i as u64 * 40);
        let _ = tokio::time::timeout(wait, s.scan_batch(&batch)).await;
    }
    let late = ticketcore::testing::guests_at(&[("Late Guest", "late@example.org")]);
    s.issue_tickets(&e, &late)
        .await
        .expect("a write after cancelled batches");
    let out = s
        .scan_batch(&[req(e.id, &tickets[35].code, "door")])
        .await
        .expect("a scan after cancelled batches");
    assert!(matches!(out[0], ScanOutcome::Admitted { .. }), "{out:?}");
    let mut admitted_again = 0;
    for t in tickets.iter().take(30) {
        let again = s
            .scan_batch(&[req(e.id, &t.code, "door-2")])
            .await
            .expect("scan again");
        match &again[0] {
            ScanOutcome::Admitted { .. } => admitted_again += 1,
            ScanOutcome::AlreadyUsed { by, .. } => assert_eq!(by, "door"),
            other => panic!("{other:?}"),
        }
    }
    let stats = s.stats(e.id).await.expect("stats");
    assert_eq!(
        stats.used, 31,
        "each of the 30 used once, by whichever door came first"
    );
    eprintln!("{admitted_again} of 30 cancelled scans had not happened");
}

pub async fn door_pairings_claim_once_and_revoke<S: Store>(s: S) {
    let e = event(&s, "paired").await;
    let office = TicketOffice::new(s.clone());
    let (p, secret) = office
        .create_pairing(&e, "  side door ", "ada")
        .await
        .expect("pairing");
    assert_eq!(
        (
            p.door.as_str(),
            p.event_slug.as_str(),
            p.created_by.as_str()
        ),
        ("side door", "paired", "ada")
    );
    assert!(p.claimed_at.is_none() && p.revoked_at.is_none());
    assert_eq!(
        (p.expires_at - p.created_at).num_hours(),
        ticketcore::pairing::UNDATED_HOURS,
        "an event without a date pairs for 24 hours"
    );
    assert_eq!(secret.len(), 32);
    assert!(
        office.paired_door(p.id).await.expect("unclaimed").is_none(),
        "an unclaimed link scans nothing"
    );
    assert_eq!(office.pairing_link(&secret).await.expect("link").id, p.id);
    assert!(matches!(
        office.pairing_link("0000").await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        office.create_pairing(&e, " ", "ada").await,
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        office.create_pairing(&e, &"d".repeat(41), "ada").await,
        Err(Error::InvalidInput { .. })
    ));

    // Eight phones race for one link: exactly one wins.
    let mut racers = Vec::new();
    for _ in 0..8 {
        let office = office.clone();
        let secret = secret.clone();
        racers.push(tokio::spawn(
            async move { office.claim_pairing(&secret).await },
        ));
    }
    let mut won = 0;
    for r in racers {
        match r.await.expect("join") {
            Ok(claimed) => {
                won += 1;
                assert_eq!(claimed.id, p.id);
            }
            Err(Error::Conflict(why)) => assert!(why.to_string().contains("already used"), "{why}"),
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(won, 1, "one phone per link");
    let paired = office
        .paired_door(p.id)
        .await
        .expect("paired")
        .expect("active");
    assert!(paired.claimed_at.is_some());
    let scanner = paired.scanner();
    assert_eq!(
        (scanner.name.as_str(), scanner.role),
        ("side door", Role::Scanner)
    );

    let (other, other_secret) = office
        .create_pairing(&e, "door-2", "ada")
        .await
        .expect("second");
    let listed: Vec<i64> = office
        .pairings()
        .await
        .expect("list")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(listed, vec![other.id, p.id], "newest first");

    office.revoke_pairing(p.id).await.expect("revoke");
    office.revoke_pairing(p.id).await.expect("revoke twice");
    assert!(office.paired_door(p.id).await.expect("revoked").is_none());
    office
        .revoke_pairing(other.id)
        .await
        .expect("revoke unused");
    match office.claim_pairing(&other_secret).await {
        Err(Error::Conflict(why)) => assert!(why.to_string().contains("revoked"), "{why}"),
        other => panic!("a revoked link is refused: {other:?}"),
    }
    assert!(matches!(
        office.revoke_pairing(i64::MAX).await,
        Err(Error::NotFound { .. })
    ));
}

/// The walk-in cap holds when many doors add walk-ins at once (on
/// PostgreSQL and MySQL each on a connection of its own, as separate
/// processes would), and a revoked walk-in frees its place.
pub async fn walk_in_cap_holds_in_a_race<S: Store>(s: S) {
    use ticketcore::door_rules::{DoorRules, WalkIn};
    let office = Arc::new(TicketOffice::new(s));
    let e = office
        .create_event(NewEvent::named("Crowded door"))
        .await
        .expect("event");
    let rules = DoorRules {
        reentry: false,
        walk_ins: ticketcore::model::WalkIns::Doors,
        walk_in_limit: Some(3),
    };
    // `e` stays the event as a door read it before the rules changed: the
    // cap counted is the database's, not the caller's copy.
    office.set_door_rules(&e, rules).await.expect("rules");
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (office, e) = (office.clone(), e.clone());
        tasks.push(tokio::spawn(async move {
            let walk_in = WalkIn {
                name: format!("Walk-in {i}"),
                email: None,
                persons: Some(2),
            };
            office
                .add_walk_in(&e, &walk_in, "door", Role::Admin, &format!("door-{i}"))
                .await
        }));
    }
    let (mut added, mut refused) = (Vec::new(), 0);
    for t in tasks {
        match t.await.expect("join") {
            Ok(ScanOutcome::Admitted { ticket }) => added.push(ticket.code),
            Err(Error::Conflict(why)) => {
                assert!(why.to_string().contains("walk-ins"), "{why}");
                refused += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((added.len(), refused), (3, 9));
    let stats = office.stats(&e).await.expect("stats");
    assert_eq!((stats.walk_ins, stats.people_arrived), (3, 6));
    office.revoke(&e, &added[0], "admin").await.expect("revoke");
    let walk_in = WalkIn {
        name: "One more".into(),
        email: None,
        persons: None,
    };
    let again = office
        .add_walk_in(&e, &walk_in, "door", Role::Admin, "door-1")
        .await
        .expect("a revoked walk-in frees its place");
    assert!(matches!(again, ScanOutcome::Admitted { .. }), "{again:?}");
    let full = office
        .add_walk_in(&e, &walk_in, "door", Role::Admin, "door-1")
        .await;
    assert!(matches!(full, Err(Error::Conflict(_))), "{full:?}");
}

/// An event's mail language is stored, set again to the same value, and
/// refused for a missing event.
pub async fn event_language_is_set<S: Store>(s: S) {
    use ticketcore::i18n::Lang;
    let e = event(&s, "language").await;
    assert_eq!(e.language, Lang::En);
    s.set_event_language(e.id, Lang::De).await.expect("set");
    s.set_event_language(e.id, Lang::De)
        .await
        .expect("set again");
    let read = s.event_by_id(e.id).await.expect("read").expect("event");
    assert_eq!(read.language, Lang::De);
    assert!(matches!(
        s.set_event_language(EventId(e.id.0 + 1000), Lang::Fr).await,
        Err(Error::NotFound { .. })
    ));
}

/// A ticket scanned in whole, then made a party of 3: the scan keeps
/// having let in 1 (undo and the arrivals chart replay it so), the rest
/// comes in, and undoing that leaves the first 1 in.
pub async fn a_party_grown_after_its_scan_keeps_its_history<S: Store>(s: S) {
    use ticketcore::GuestEdit;
    let office = TicketOffice::new(s);
    let e = office
        .create_event(NewEvent::named("Grown"))
        .await
        .expect("event");
    let t = office.issue_tickets(&e, &guests(1)).await.expect("issue")[0].clone();
    office
        .scan(&e, &t.code, "door-1")
        .await
        .expect("whole ticket in");
    let grow = GuestEdit {
        persons: Some(3),
        ..GuestEdit::default()
    };
    office
        .edit_guest(&e, &t.code, &grow, false)
        .await
        .expect("grow");
    let chart = office.arrivals(&e, 60).await.expect("chart");
    assert_eq!(chart.iter().map(|b| b.people).sum::<u64>(), 1, "{chart:?}");
    // The rest (2) on the fast path, then undone: 1 stays in.
    let rest = office.scan(&e, &t.code, "door-2").await.expect("rest");
    assert!(matches!(rest, ScanOutcome::Admitted { .. }), "{rest:?}");
    let chart = office.arrivals(&e, 60).await.expect("chart");
    assert_eq!(chart.iter().map(|b| b.people).sum::<u64>(), 3, "{chart:?}");
    let undone = office.undo(&e, &t.code, "admin").await.expect("undo");
    assert_eq!(
        (undone.status, undone.arrived, undone.inside),
        (TicketStatus::Used, 1, 1)
    );
    // Made smaller again (to those in): still 1 in after another undo-free read.
    let shrink = GuestEdit {
        persons: Some(1),
        ..GuestEdit::default()
    };
    let now = office
        .edit_guest(&e, &t.code, &shrink, false)
        .await
        .expect("shrink");
    assert_eq!((now.persons, now.arrived), (1, 1));
    let chart = office.arrivals(&e, 60).await.expect("chart");
    assert_eq!(chart.iter().map(|b| b.people).sum::<u64>(), 1, "{chart:?}");
}

/// Offline check-ins of parties: a door that let in the rest it saw, while
/// another door let some of them in meanwhile, is a double entry (more
/// people than the party); the rest as it was left is no conflict; a door's
/// own partial scan answered too late is not a double entry either.
pub async fn offline_parties_count_their_people<S: Store>(s: S) {
    use ticketcore::offline::{ConflictKind, OfflineCheckIn};
    use ticketcore::party::Direction;
    let office = TicketOffice::new(s);
    let e = office
        .create_event(NewEvent::named("Offline parties"))
        .await
        .expect("event");
    let party = |name: &str| ticketcore::NewGuest {
        persons: 4,
        ..ticketcore::NewGuest::new(name, format!("{}@example.org", name.to_lowercase()))
    };
    let t = office
        .issue_tickets(&e, &[party("Anna"), party("Ben"), party("Cleo")])
        .await
        .expect("issue");
    let checkin = |id: &str, code: &str, door: &str, persons: u32, late: bool| OfflineCheckIn {
        id: id.into(),
        code: code.into(),
        at: chrono::Utc::now() - chrono::Duration::seconds(5),
        door: door.into(),
        after_timeout: late,
        persons: Some(persons),
    };
    // Anna: 2 in online; door 1's copy saw that and let in the other 2.
    office
        .scan_party(&e, &t[0].code, "sam", "door-2", Some(2), Direction::In)
        .await
        .expect("2 in");
    // Ben: door 1 saw 2 in and let in 2 more offline, but door 2 had let
    // in a third meanwhile: 5 people on a party of 4.
    office
        .scan_party(&e, &t[1].code, "sam", "door-2", Some(2), Direction::In)
        .await
        .expect("2 in");
    office
        .scan_party(&e, &t[1].code, "sam", "door-2", Some(1), Direction::In)
        .await
        .expect("a third");
    // Cleo: door 3 let in 2 online, the answer came too late, and it
    // decided the same 2... (its copy said 0 of 4 were in: it let in 4).
    office
        .scan_party(&e, &t[2].code, "sam", "door-3", Some(2), Direction::In)
        .await
        .expect("2 in at door 3");
    let synced = office
        .sync_offline(
            &e,
            "sam",
            &[
                checkin("p-1", &t[0].code, "door-1", 2, false),
                checkin("p-2", &t[1].code, "door-1", 2, false),
                checkin("p-3", &t[2].code, "door-3", 4, true),
            ],
        )
        .await
        .expect("sync");
    let got: Vec<(ScanKind, bool)> = synced.iter().map(|s| (s.outcome, s.conflict)).collect();
    assert_eq!(
        got,
        vec![
            (ScanKind::Admitted, false),
            (ScanKind::Admitted, true),
            (ScanKind::Admitted, false)
        ]
    );
    let conflicts = office.conflicts(&e).await.expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, ConflictKind::DoubleEntry);
    assert_eq!(conflicts[0].code, t[1].code);
    let stats = office.stats(&e).await.expect("stats");
    assert_eq!(stats.people_arrived, 12, "never more than the parties");
}
