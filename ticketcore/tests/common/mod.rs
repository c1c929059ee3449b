//! Shared fixtures: store factories per backend and the conformance suite,
//! written once, generic over [`Store`].

#![allow(dead_code)]

use std::any::Any;

use ticketcore::{CodeSpec, NewEvent, NewGuest, SqliteStore, Store};

/// Keeps a test database alive (a temp dir, a schema to drop, ...).
pub type Guard = Box<dyn Any + Send>;

/// A fresh file-backed SQLite store in its own temp dir.
pub async fn sqlite() -> Option<(SqliteStore, Guard)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("tickets.db").display());
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    Some((store, Box::new(dir)))
}

/// `n` guests named `Guest i` with addresses `guest{i}@example.org`.
pub fn guests(n: usize) -> Vec<NewGuest> {
    (0..n)
        .map(|i| NewGuest {
            name: format!("Guest {i}"),
            email: format!("guest{i}@example.org"),
            salutation: None,
        })
        .collect()
}

/// An event with the default codes and a unique slug.
pub async fn event<S: Store>(store: &S, slug: &str) -> ticketcore::Event {
    event_with(store, slug, CodeSpec::default()).await
}

/// An event with the given code spec.
pub async fn event_with<S: Store>(store: &S, slug: &str, spec: CodeSpec) -> ticketcore::Event {
    let mut new = NewEvent::named(format!("Event {slug}"));
    new.code_spec = spec;
    store.create_event(slug, &new).await.expect("create event")
}

pub mod smtp;
pub mod suite;
