//! Model-based test of parties: random sequences of partial and whole entry
//! scans, exit scans and undos, with re-entry on or off, applied through the
//! office to a store and to a plain model that tracks each person of each
//! party (who came in at least once, who is inside now) and takes an undo
//! back to the state before the latest step that let someone through.
//! Every outcome and every count must agree, nobody is ever inside twice
//! (never more inside than the party), and no admission is lost. Runs on
//! SQLite always and on PostgreSQL / MySQL when configured.

mod common;

use common::Backend;

use proptest::prelude::*;
use ticketcore::door_rules::DoorRules;
use ticketcore::party::Direction;
use ticketcore::{AnyStore, Error, NewGuest, ScanOutcome, TicketOffice};

/// Party sizes of the tickets of each case.
const SIZES: [u32; 3] = [4, 1, 3];

#[derive(Debug, Clone)]
enum Op {
    /// Ticket `i`: `n` people (None: all who may) in or out at door `d`.
    Scan(usize, Option<u32>, bool, u8),
    Undo(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..3usize, proptest::option::of(1..5u32), any::<bool>(), 0..2u8)
            .prop_map(|(i, n, out, d)| Op::Scan(i, n, out, d)),
        2 => (0..3usize).prop_map(Op::Undo),
    ]
}

/// One party in the model: per person, came in at least once / inside now.
#[derive(Debug, Clone, PartialEq, Eq)]
struct People {
    came: Vec<bool>,
    inside: Vec<bool>,
}

impl People {
    fn new(size: u32) -> Self {
        People {
            came: vec![false; size as usize],
            inside: vec![false; size as usize],
        }
    }
    fn arrived(&self) -> u32 {
        self.came.iter().filter(|c| **c).count() as u32
    }
    fn in_now(&self) -> u32 {
        self.inside.iter().filter(|c| **c).count() as u32
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Expect {
    Admitted,
    Exited,
    AlreadyUsed,
    TooMany,
    NobodyInside,
}

/// The model's answer to a scan, and the party after it.
fn model_scan(p: &People, n: Option<u32>, out: bool, reentry: bool) -> (Expect, People) {
    let mut next = p.clone();
    if out {
        let inside = p.in_now();
        let n = n.unwrap_or(inside);
        if inside == 0 {
            return (Expect::NobodyInside, next);
        }
        if n > inside {
            return (Expect::TooMany, next);
        }
        let mut moved = 0;
        for i in 0..next.inside.len() {
            if moved < n && next.inside[i] {
                next.inside[i] = false;
                moved += 1;
            }
        }
        return (Expect::Exited, next);
    }
    // Who may come in: newcomers, and with re-entry those who went out.
    let outside_returning = if reentry { p.arrived() - p.in_now() } else { 0 };
    let may = (p.came.len() as u32 - p.arrived()) + outside_returning;
    let n = n.unwrap_or(may);
    if may == 0 {
        return (Expect::AlreadyUsed, next);
    }
    if n > may {
        return (Expect::TooMany, next);
    }
    let mut moved = 0;
    for i in 0..next.came.len() {
        if moved < n && reentry && next.came[i] && !next.inside[i] {
            next.inside[i] = true;
            moved += 1;
        }
    }
    for i in 0..next.came.len() {
        if moved < n && !next.came[i] {
            next.came[i] = true;
            next.inside[i] = true;
            moved += 1;
        }
    }
    (Expect::Admitted, next)
}

async fn run(store: &AnyStore, slug: &str, reentry: bool, ops: Vec<Op>) {
    let office = TicketOffice::new(store.clone());
    let event = common::event(store, slug).await;
    let event = office
        .set_door_rules(
            &event,
            DoorRules {
                reentry,
                ..DoorRules::default()
            },
        )
        .await
        .expect("rules");
    let guests: Vec<NewGuest> = SIZES
        .iter()
        .enumerate()
        .map(|(i, &persons)| NewGuest {
            persons,
            ..NewGuest::new(format!("Guest {i}"), format!("g{i}@example.org"))
        })
        .collect();
    let tickets = office.issue_tickets(&event, &guests).await.expect("issue");
    let mut model: Vec<People> = SIZES.iter().map(|&s| People::new(s)).collect();
    // Per ticket, the party before each step that let someone through.
    let mut undo: Vec<Vec<People>> = vec![Vec::new(); SIZES.len()];
    for op in ops {
        match op {
            Op::Scan(i, n, out, d) => {
                let direction = if out { Direction::Out } else { Direction::In };
                let got = office
                    .scan_party(
                        &event,
                        &tickets[i].code,
                        "staff",
                        &format!("door-{d}"),
                        n,
                        direction,
                    )
                    .await;
                let (want, next) = model_scan(&model[i], n, out, reentry);
                let seen = match &got {
                    Ok(ScanOutcome::Admitted { .. }) => Expect::Admitted,
                    Ok(ScanOutcome::Exited { .. }) => Expect::Exited,
                    Ok(ScanOutcome::AlreadyUsed { .. }) => Expect::AlreadyUsed,
                    Err(Error::InvalidInput { .. }) => Expect::TooMany,
                    Err(Error::Conflict(_)) => Expect::NobodyInside,
                    other => panic!("unexpected {other:?}"),
                };
                assert_eq!(seen, want, "ticket {i}: {n:?} {direction:?}");
                if matches!(want, Expect::Admitted | Expect::Exited) {
                    undo[i].push(model[i].clone());
                    model[i] = next;
                }
                if let Ok(outcome) = &got
                    && let Some(t) = outcome.ticket()
                {
                    assert_eq!(
                        (t.arrived, t.inside),
                        (model[i].arrived(), model[i].in_now())
                    );
                }
            }
            Op::Undo(i) => {
                let got = office.undo(&event, &tickets[i].code, "admin").await;
                match undo[i].pop() {
                    None => assert!(matches!(got, Err(Error::Conflict(_))), "{got:?}"),
                    Some(before) => {
                        let t = got.expect("undo");
                        model[i] = before;
                        assert_eq!(
                            (t.arrived, t.inside),
                            (model[i].arrived(), model[i].in_now())
                        );
                    }
                }
            }
        }
        // The stored counts, after every step.
        for (i, t) in tickets.iter().enumerate() {
            let stored = office.ticket(&event, &t.code).await.expect("ticket");
            assert_eq!(
                (stored.arrived, stored.inside),
                (model[i].arrived(), model[i].in_now()),
                "ticket {i}"
            );
            assert!(stored.inside <= stored.arrived && stored.arrived <= stored.persons);
            assert_eq!(
                stored.used_at.is_some(),
                !undo[i].is_empty(),
                "used while a step stands"
            );
        }
    }
    let stats = office.stats(&event).await.expect("stats");
    assert_eq!(stats.people_total, u64::from(SIZES.iter().sum::<u32>()));
    assert_eq!(
        stats.people_arrived,
        model.iter().map(|p| u64::from(p.arrived())).sum::<u64>()
    );
    assert_eq!(
        stats.people_inside,
        model.iter().map(|p| u64::from(p.in_now())).sum::<u64>()
    );
    // The arrivals chart counts the same people and tickets, whichever
    // steps brought them and whichever were undone.
    let chart = office.arrivals(&event, 1).await.expect("arrivals");
    let people: u64 = chart.iter().map(|b| b.people).sum();
    let tickets: u64 = chart.iter().map(|b| b.tickets).sum();
    assert_eq!(
        (people, tickets),
        (stats.people_arrived, stats.used),
        "{chart:?}"
    );
}

/// 40 random sequences on one store of `backend` (skipped when not configured).
fn store_matches_model(backend: Backend) {
    common::proptest_on(
        backend,
        40,
        (any::<bool>(), prop::collection::vec(op(), 1..30)),
        async |store, n, (reentry, ops)| run(store, &format!("party-{n}"), reentry, ops).await,
    );
}

#[test]
fn parties_match_the_model_sqlite() {
    store_matches_model(Backend::Sqlite);
}

#[test]
fn parties_match_the_model_postgres() {
    store_matches_model(Backend::Postgres);
}

#[test]
fn parties_match_the_model_mysql() {
    store_matches_model(Backend::MySql);
}
