//! The conformance suite: every backend must pass every function here.

use std::collections::HashSet;
use std::sync::Arc;

use ticketcore::{
    CodeSpec, Error, EventId, NewEvent, Role, ScanKind, ScanOutcome, ScanRequest, Store,
    TicketFilter, TicketOffice, TicketStatus,
};

use super::{event, event_with, guests, guests_from};

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
        Err(Error::Conflict(why)) => assert!(why.contains("already has a ticket"), "{why}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // The same address twice in one batch.
    let mut twice = guests_from(2, 2);
    twice[1].email = twice[0].email.to_uppercase();
    match s.issue_tickets(&e, &twice).await {
        Err(Error::Conflict(why)) => assert!(why.contains("twice"), "{why}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        s.stats(e.id).await.expect("stats").total,
        2,
        "nothing written"
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
    let tokens = office.store().tokens(user.id).await.expect("tokens");
    assert_eq!(tokens, vec![token.clone()]);
    office.store().revoke_token(token.id).await.expect("revoke");
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
