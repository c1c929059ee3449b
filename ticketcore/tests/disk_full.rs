//! A full disk under the database, on every backend: imports and scans fail
//! with an error that [`ticketcore::Error::is_storage_full`] recognises (never a panic, never a
//! half-written import), reads keep working, and writes work again once there
//! is room, with no restart.
//!
//! How each backend's disk fills up:
//! - SQLite: `PRAGMA max_page_count` on the writer connection, set before each
//!   write (a new writer connection starts without the limit, as if space had
//!   been freed, and the store replaces a writer that a failed write left
//!   confused), and on the scan writer's own connection until freed.
//! - PostgreSQL: the test's tables live in a tablespace on a tmpfs of 8 MiB
//!   (`default_tablespace` for the test's connections), and a file fills the
//!   rest of it: extending a table fails with `disk_full` (SQLSTATE 53100).
//! - MySQL/MariaDB: the test's database folder is a symbolic link into such a
//!   tmpfs: extending a table fails with "the table is full" (1114).
//!
//! The server tests need the server on this machine, root (to mount the
//! tmpfs and hand it to the server's system user) and, on PostgreSQL, a
//! superuser (to create the tablespace); without them they are skipped with a
//! note, like a server whose URL variable is unset. CI has all three.

// The shared fixtures re-export helpers this file does not need.
#[allow(unused_imports)]
mod common;

use ticketcore::import::ImportOptions;
use ticketcore::{AnyStore, NewEvent, ScanOutcome, SqliteStore, TicketFilter, TicketOffice};

/// What makes a database's disk full, and room again.
trait Disk {
    /// Leaves no room for another page of the database. Called before each
    /// write of the "full" phase, so it must be cheap when already full.
    async fn fill(&self);
    /// Makes room again.
    async fn free(&self);
}

/// Imports and scans on a full disk fail clearly, reads work, and once there
/// is room the same store writes again.
async fn full_disk_fails_writes_clearly_keeps_reads_and_recovers(
    store: AnyStore,
    disk: &impl Disk,
) {
    let office = TicketOffice::new(store);
    let mut new = NewEvent::named("Summer Ball");
    new.slug = Some("ball".into());
    let event = office.create_event(new).await.expect("event");
    office
        .issue_tickets(&event, &common::guests(30))
        .await
        .expect("issue");
    let before = office.stats(&event).await.expect("stats").total;

    disk.fill().await;
    let import = office
        .import_guests(&event, csv(500), "late.csv", &ImportOptions::default())
        .await
        .expect_err("no room for 500 tickets");
    assert!(import.is_storage_full(), "{import:?}");
    assert!(!import.is_read_only());
    assert_eq!(
        office.stats(&event).await.expect("stats").total,
        before,
        "a failed import issues no ticket"
    );

    // Scans fill the audit log until a page is missing; after that, every
    // write keeps failing the same way (not with a confused connection).
    let tickets = office
        .tickets(&event, &TicketFilter::default())
        .await
        .expect("tickets");
    let mut failed = None;
    for i in 0..20_000 {
        disk.fill().await;
        // The tickets, then already-used scans (unknown codes would run out
        // of the door's guessing budget first).
        let code = tickets[i % tickets.len()].code.as_str();
        if let Err(e) = office.scan(&event, code, "door-1").await {
            failed = Some((i, e));
            break;
        }
    }
    let (at, e) = failed.expect("the database fills up");
    eprintln!("full after {at} scans: {e}");
    assert!(e.is_storage_full(), "{e:?}");
    let code = tickets[at % tickets.len()].code.as_str();
    for _ in 0..3 {
        disk.fill().await;
        let again = office.scan(&event, code, "door-1").await;
        assert!(
            again
                .as_ref()
                .is_err_and(ticketcore::Error::is_storage_full),
            "still full, still said so: {again:?}"
        );
    }

    // Reads work.
    let stats = office.stats(&event).await.expect("reads work");
    assert_eq!(stats.total, before);
    assert_eq!(stats.used, at.min(tickets.len()) as u64);
    office.ping().await.expect("ping");

    // Room again: the same store writes.
    disk.free().await;
    if let Some(t) = tickets.get(at) {
        let outcome = office.scan(&event, &t.code, "door-1").await;
        assert!(
            matches!(outcome, Ok(ScanOutcome::Admitted { .. })),
            "{outcome:?}"
        );
    }
    let report = office
        .import_guests(&event, csv(500), "late.csv", &ImportOptions::default())
        .await
        .expect("import");
    assert_eq!(report.imported, 500);
    assert_eq!(
        office.stats(&event).await.expect("stats").total,
        before + 500
    );
}

fn csv(n: usize) -> Vec<u8> {
    let mut csv = String::from("Name,Email\n");
    for i in 0..n {
        csv.push_str(&format!("Late Guest {i},late{i}@example.org\n"));
    }
    csv.into_bytes()
}

// ---------------------------------------------------------------------------
// SQLite.

/// Lets the writer connection use no page beyond the current ones.
struct PageLimit(SqliteStore);

impl Disk for PageLimit {
    async fn fill(&self) {
        self.0.set_scan_writer_sql("PRAGMA max_page_count = 1");
        let pages: i64 = sqlx::query_scalar("PRAGMA max_page_count = 1")
            .fetch_one(self.0.pool())
            .await
            .expect("pragma");
        let now: i64 = sqlx::query_scalar("PRAGMA max_page_count")
            .fetch_one(self.0.pool())
            .await
            .expect("pragma");
        assert_eq!(now, pages);
    }

    /// The limit is lifted on the writer connection (or it was replaced
    /// after a failed write, and the new one has none) and on the scan
    /// writer's.
    async fn free(&self) {
        sqlx::query_scalar::<_, i64>("PRAGMA max_page_count = 1073741823")
            .fetch_one(self.0.pool())
            .await
            .expect("pragma");
        self.0.set_scan_writer_sql("");
    }
}

#[tokio::test]
async fn sqlite_full_fails_writes_clearly_keeps_reads_and_recovers() {
    let (store, _guard) = common::sqlite().await.expect("sqlite");
    let disk = PageLimit(store.clone());
    full_disk_fails_writes_clearly_keeps_reads_and_recovers(AnyStore::Sqlite(store), &disk).await;
}

// ---------------------------------------------------------------------------
// PostgreSQL and MySQL/MariaDB: a real file system that fills up.

#[cfg(any(feature = "postgres", feature = "mysql"))]
mod tmpfs {
    use std::path::PathBuf;

    pub use super::common::tmpfs::{Tmpfs, is_root, run};

    impl super::Disk for Tmpfs {
        async fn fill(&self) {
            self.fill_up();
        }
        async fn free(&self) {
            self.remove_filler();
        }
    }

    /// The server's data folder, when it is on this machine; `None` (with a
    /// note) when the test cannot put the server's tables on a tmpfs.
    pub fn local_data_dir(backend: &str, dir: &str) -> Option<PathBuf> {
        if !is_root() {
            eprintln!("note: not root, so no tmpfs can be mounted; skipping {backend} disk full");
            return None;
        }
        let dir = PathBuf::from(dir);
        if !dir.is_dir() {
            eprintln!(
                "note: {backend}'s data folder {} is not on this machine; skipping {backend} disk full",
                dir.display()
            );
            return None;
        }
        Some(dir)
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::tmpfs::{Tmpfs, local_data_dir};
    use super::*;

    /// The test's tables in a tablespace on a tmpfs. Dropped in the order of
    /// the fields: the schema, the tablespace, the tmpfs.
    pub struct Tablespace {
        _schema: common::Guard,
        _tablespace: common::Guard,
        pub tmpfs: Tmpfs,
    }

    /// A URL of a fresh schema whose tables go into a tablespace on a tmpfs.
    pub async fn url() -> Option<(String, Tablespace)> {
        let server = std::env::var("TICKET_TEST_POSTGRES_URL").ok()?;
        let (url, schema) = common::postgres_url().await?;
        let name = ticketcore::testing::unique_name();
        let mut conn = {
            use sqlx::Connection;
            sqlx::PgConnection::connect(&server).await.expect("connect")
        };
        if !ticketcore::testing::postgres_superuser(&mut conn, "creating a tablespace").await {
            return None;
        }
        let data: String = sqlx::query_scalar("SHOW data_directory")
            .fetch_one(&mut conn)
            .await
            .expect("a superuser reads data_directory");
        let data = local_data_dir("PostgreSQL", &data)?;
        let tmpfs = Tmpfs::try_mount(&name, "PostgreSQL disk full")?;
        let folder = tmpfs.folder_for_server("tablespace", &data);
        let disk = Tablespace {
            _schema: schema,
            _tablespace: ticketcore::testing::sql_on_drop(
                &server,
                format!("DROP TABLESPACE IF EXISTS {name}"),
                format!("tablespace {name}"),
            ),
            tmpfs,
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE TABLESPACE {name} LOCATION '{}'",
            folder.display()
        )))
        .execute(&mut conn)
        .await
        .expect("create a tablespace");
        let url = format!("{url}&options[default_tablespace]={name}");
        Some((url, disk))
    }
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_full_fails_writes_clearly_keeps_reads_and_recovers() {
    let Some((url, disk)) = postgres::url().await else {
        return;
    };
    let store = AnyStore::connect(&url).await.expect("open postgres");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
         AND tablespace IS DISTINCT FROM current_setting('default_tablespace')",
    )
    .fetch_all(match &store {
        AnyStore::Postgres(s) => s.pool(),
        _ => panic!("not PostgreSQL"),
    })
    .await
    .expect("tables");
    assert!(tables.is_empty(), "tables outside the tmpfs: {tables:?}");
    full_disk_fails_writes_clearly_keeps_reads_and_recovers(store, &disk.tmpfs).await;
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::tmpfs::{Tmpfs, local_data_dir};
    use super::*;

    /// The test's database folder, a symbolic link into a tmpfs. Dropped in
    /// order: the database (which removes the link), the tmpfs.
    pub struct LinkedDatabase {
        pub tmpfs: Tmpfs,
        database: Option<common::Guard>,
    }

    impl Drop for LinkedDatabase {
        fn drop(&mut self) {
            drop(self.database.take());
        }
    }

    /// A URL of a fresh database whose folder is on a tmpfs.
    pub async fn url() -> Option<(String, LinkedDatabase)> {
        let (url, database) = common::mysql_url().await?;
        let name = url
            .split('?')
            .next()
            .and_then(|base| base.rsplit('/').next())
            .expect("a database name in the URL")
            .to_owned();
        let mut conn = {
            use sqlx::Connection;
            sqlx::MySqlConnection::connect(&url).await.expect("connect")
        };
        let data: String = sqlx::query_scalar("SELECT @@datadir")
            .fetch_one(&mut conn)
            .await
            .expect("datadir");
        let data = local_data_dir("MySQL/MariaDB", &data)?;
        let here = data.join(&name);
        if !here.join("db.opt").is_file() {
            eprintln!(
                "note: no {} on this machine; skipping MySQL/MariaDB disk full",
                here.join("db.opt").display()
            );
            return None;
        }
        // The database is still empty: move its folder (just the options
        // file) onto the tmpfs and leave a link in its place.
        let tmpfs = Tmpfs::try_mount(&name, "MySQL/MariaDB disk full")?;
        let folder = tmpfs.folder_for_server("database", &here);
        std::fs::copy(here.join("db.opt"), folder.join("db.opt")).expect("db.opt");
        super::tmpfs::run(
            std::process::Command::new("chown")
                .arg(format!("--reference={}", here.join("db.opt").display()))
                .arg(folder.join("db.opt")),
        );
        std::fs::remove_dir_all(&here).expect("remove the database folder");
        std::os::unix::fs::symlink(&folder, &here).expect("link the database folder");
        Some((
            url,
            LinkedDatabase {
                tmpfs,
                database: Some(database),
            },
        ))
    }
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn mysql_full_fails_writes_clearly_keeps_reads_and_recovers() {
    let Some((url, disk)) = mysql::url().await else {
        return;
    };
    let store = AnyStore::connect(&url).await.expect("open mysql");
    let on_tmpfs = std::fs::read_dir(disk.tmpfs.dir.join("database"))
        .expect("database folder")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".ibd"));
    assert!(on_tmpfs, "the tables were created on the tmpfs");
    full_disk_fails_writes_clearly_keeps_reads_and_recovers(store, &disk.tmpfs).await;
}
