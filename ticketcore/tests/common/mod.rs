//! Shared fixtures: store factories per backend and the conformance suite,
//! written once, generic over [`Store`].

#![allow(dead_code)]

use ticketcore::store::Store;
use ticketcore::{CodeSpec, NewEvent, SqliteStore};

// The server URLs are only used when the `postgres` / `mysql` features are on.
#[allow(unused_imports)]
pub use ticketcore::testing::{Backend, Guard, mysql_url, postgres_url};

/// Pool settings for test stores: small pools, short timeouts.
fn test_options() -> ticketcore::store::StoreOptions {
    ticketcore::store::StoreOptions {
        max_connections: Some(4),
        ..Default::default()
    }
}

/// A fresh PostgreSQL store in its own schema (see [`postgres_url`]).
#[cfg(feature = "postgres")]
pub async fn postgres() -> Option<(ticketcore::store::PgStore, Guard)> {
    let (url, guard) = postgres_url().await?;
    let store = ticketcore::store::PgStore::connect_with(&url, &test_options())
        .await
        .expect("open postgres");
    Some((store, guard))
}

/// Without the `postgres` feature there is nothing to test.
#[cfg(not(feature = "postgres"))]
pub async fn postgres() -> Option<(SqliteStore, Guard)> {
    eprintln!("note: built without the `postgres` feature; skipping PostgreSQL");
    None
}

/// A fresh MySQL/MariaDB store in its own database (see [`mysql_url`]).
#[cfg(feature = "mysql")]
pub async fn mysql() -> Option<(ticketcore::store::MySqlStore, Guard)> {
    let (url, guard) = mysql_url().await?;
    let store = ticketcore::store::MySqlStore::connect_with(&url, &test_options())
        .await
        .expect("open mysql");
    Some((store, guard))
}

/// Without the `mysql` feature there is nothing to test.
#[cfg(not(feature = "mysql"))]
pub async fn mysql() -> Option<(SqliteStore, Guard)> {
    eprintln!("note: built without the `mysql` feature; skipping MySQL/MariaDB");
    None
}

/// A fresh store of the given backend as an [`ticketcore::AnyStore`], for
/// fixtures that are not generic. `None` when the backend is not configured.
pub async fn any(backend: Backend) -> Option<(ticketcore::AnyStore, Guard)> {
    match backend {
        Backend::Sqlite => sqlite()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::Sqlite(s), g)),
        #[cfg(feature = "postgres")]
        Backend::Postgres => postgres()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::Postgres(s), g)),
        #[cfg(feature = "mysql")]
        Backend::MySql => mysql()
            .await
            .map(|(s, g)| (ticketcore::AnyStore::MySql(s), g)),
        #[allow(unreachable_patterns)]
        _ => {
            eprintln!("note: built without {backend:?} support; skipping");
            None
        }
    }
}

/// Runs `cases` random cases of `strategy` on one fresh store of `backend`
/// (skipped when it is not configured): `case(store, n, value)` with `n` the
/// case's number (for a fresh event slug per case). The store's connections
/// are closed before its database is dropped; a failure panics with the
/// backend and proptest's minimal case.
pub fn proptest_on<T: proptest::strategy::Strategy>(
    backend: Backend,
    cases: u32,
    strategy: T,
    case: impl AsyncFn(&ticketcore::AnyStore, usize, T::Value),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let Some((store, guard)) = rt.block_on(any(backend)) else {
        return;
    };
    let n = AtomicUsize::new(0);
    let mut runner =
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(cases));
    let result = runner.run(&strategy, |value| {
        rt.block_on(case(&store, n.fetch_add(1, Ordering::Relaxed), value));
        Ok(())
    });
    rt.block_on(async move {
        match store {
            ticketcore::AnyStore::Sqlite(s) => s.pool().close().await,
            #[cfg(feature = "postgres")]
            ticketcore::AnyStore::Postgres(s) => s.pool().close().await,
            #[cfg(feature = "mysql")]
            ticketcore::AnyStore::MySql(s) => s.pool().close().await,
            #[allow(unreachable_patterns)]
            _ => {}
        }
    });
    drop(guard);
    if let Err(e) = result {
        panic!("{backend:?}: {e}");
    }
}

/// A fresh file-backed SQLite store in its own temp dir.
pub async fn sqlite() -> Option<(SqliteStore, Guard)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("tickets.db").display());
    let store = SqliteStore::connect(&url).await.expect("open sqlite");
    Some((store, Box::new(dir)))
}

pub use ticketcore::testing::{guests, guests_from};

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
pub mod tmpfs;
