//! Model-based test: random sequences of scan / undo / revoke (and batches of
//! scans) applied to a store and to a plain in-memory model; every outcome
//! must agree. Runs on SQLite always and on PostgreSQL / MySQL when configured
//! (one store per backend, a fresh event per case).

mod common;

use std::collections::HashMap;

use common::Backend;

use proptest::prelude::*;
use ticketcore::store::Store;
use ticketcore::{AnyStore, Error, EventId, ScanOutcome, ScanRequest};

#[derive(Debug, Clone)]
enum Op {
    /// Scan ticket `i` (indexes past the issued tickets are unknown codes) at door `d`.
    Scan(usize, u8),
    /// Several scans in one batch.
    Batch(Vec<(usize, u8)>),
    Undo(usize),
    Revoke(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..6usize, 0..3u8).prop_map(|(i, d)| Op::Scan(i, d)),
        2 => prop::collection::vec((0..6usize, 0..3u8), 1..6).prop_map(Op::Batch),
        2 => (0..6usize).prop_map(Op::Undo),
        1 => (0..6usize).prop_map(Op::Revoke),
    ]
}

#[derive(Debug, Clone, Default)]
struct ModelTicket {
    used_by: Option<String>,
    revoked: bool,
}

/// What the model expects, reduced to comparable facts.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    Admitted,
    AlreadyUsed(String),
    Unknown,
    Revoked,
}

fn model_scan(model: &mut HashMap<String, ModelTicket>, code: &str, by: &str) -> Expect {
    match model.get_mut(code) {
        None => Expect::Unknown,
        Some(t) if t.revoked => Expect::Revoked,
        Some(t) => match &t.used_by {
            Some(first) => Expect::AlreadyUsed(first.clone()),
            None => {
                t.used_by = Some(by.to_string());
                Expect::Admitted
            }
        },
    }
}

fn reduce(o: &ScanOutcome) -> Expect {
    match o {
        ScanOutcome::Admitted { .. } => Expect::Admitted,
        ScanOutcome::AlreadyUsed { by, .. } => Expect::AlreadyUsed(by.clone()),
        ScanOutcome::Unknown => Expect::Unknown,
        ScanOutcome::Revoked { .. } => Expect::Revoked,
        ScanOutcome::Exited { .. } => panic!("no exits in this model"),
    }
}

async fn run(store: &AnyStore, slug: &str, ops: Vec<Op>) {
    let event = common::event(store, slug).await;
    let tickets = store
        .issue_tickets(&event, &common::guests(4))
        .await
        .expect("issue");
    // Indexes 4 and 5 are codes no ticket has.
    let mut codes: Vec<String> = tickets.iter().map(|t| t.code.clone()).collect();
    let free = event.code_spec.issue(&codes, 2).expect("free codes");
    codes.extend(free.to_vec());
    let mut model: HashMap<String, ModelTicket> = tickets
        .iter()
        .map(|t| (t.code.clone(), ModelTicket::default()))
        .collect();
    let req = |i: usize, d: u8| ScanRequest {
        event_id: EventId(event.id.0),
        typed: codes[i].clone(),
        code: Some(codes[i].clone()),
        by: format!("door-{d}"),
    };
    let mut log_len = 0;
    for op in ops {
        match op {
            Op::Scan(i, d) => {
                let got = store.scan_batch(&[req(i, d)]).await.expect("scan");
                let want = model_scan(&mut model, &codes[i], &format!("door-{d}"));
                assert_eq!(reduce(&got[0]), want, "scan {i}");
                log_len += 1;
            }
            Op::Batch(items) => {
                let reqs: Vec<ScanRequest> = items.iter().map(|&(i, d)| req(i, d)).collect();
                let got = store.scan_batch(&reqs).await.expect("batch");
                for ((i, d), o) in items.iter().zip(&got) {
                    let want = model_scan(&mut model, &codes[*i], &format!("door-{d}"));
                    assert_eq!(reduce(o), want, "batch scan {i}");
                }
                log_len += items.len();
            }
            Op::Undo(i) => {
                let got = store.undo(event.id, &codes[i], "admin").await;
                match model.get_mut(&codes[i]) {
                    None => assert!(matches!(got, Err(Error::NotFound { .. }))),
                    Some(t) if t.revoked || t.used_by.is_none() => {
                        assert!(matches!(got, Err(Error::Conflict(_))), "{got:?}")
                    }
                    Some(t) => {
                        t.used_by = None;
                        assert!(got.is_ok());
                        log_len += 1;
                    }
                }
            }
            Op::Revoke(i) => {
                let got = store.revoke(event.id, &codes[i], "admin").await;
                match model.get_mut(&codes[i]) {
                    None => assert!(matches!(got, Err(Error::NotFound { .. }))),
                    Some(t) if t.revoked => assert!(matches!(got, Err(Error::Conflict(_)))),
                    Some(t) => {
                        t.revoked = true;
                        assert!(got.is_ok());
                        log_len += 1;
                    }
                }
            }
        }
    }
    let stats = store.stats(event.id).await.expect("stats");
    let used = model
        .values()
        .filter(|t| !t.revoked && t.used_by.is_some())
        .count();
    let revoked = model.values().filter(|t| t.revoked).count();
    assert_eq!(
        (stats.used as usize, stats.revoked as usize),
        (used, revoked)
    );
    assert_eq!(
        store.scan_log(event.id, 10_000).await.expect("log").len(),
        log_len
    );
}

/// 48 random sequences on one store of `backend` (skipped when not configured).
fn store_matches_model(backend: Backend) {
    common::proptest_on(
        backend,
        48,
        prop::collection::vec(op(), 1..40),
        async |store, n, ops| run(store, &format!("model-{n}"), ops).await,
    );
}

#[test]
fn store_matches_model_sqlite() {
    store_matches_model(Backend::Sqlite);
}

#[test]
fn store_matches_model_postgres() {
    store_matches_model(Backend::Postgres);
}

#[test]
fn store_matches_model_mysql() {
    store_matches_model(Backend::MySql);
}
