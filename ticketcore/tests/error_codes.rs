//! The error classifiers ([`ticketcore::Error::is_disk_failure`],
//! [`ticketcore::Error::is_storage_full`]) recognise each server's real error
//! codes. A failing disk cannot be staged on a shared test server, so the
//! server itself raises the error with the code a failing disk would give
//! (`RAISE … USING ERRCODE` on PostgreSQL, `SIGNAL … MYSQL_ERRNO` on
//! MySQL/MariaDB): what the classifier reads is then exactly what the driver
//! hands over.

#[allow(unused_imports)]
use ticketcore::Error;

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_codes_are_recognised() {
    use sqlx::Connection;
    let Some((url, _guard)) = ticketcore::testing::postgres_url().await else {
        eprintln!("skipped: TICKET_TEST_POSTGRES_URL not set");
        return;
    };
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
    let mut raise = async |code: &str| -> Error {
        let sql = format!("DO $$ BEGIN RAISE EXCEPTION 'staged' USING ERRCODE = '{code}'; END $$");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect_err("raised")
            .into()
    };
    let io = raise("58030").await;
    assert!(io.is_disk_failure() && !io.is_storage_full(), "{io:?}");
    let full = raise("53100").await;
    assert!(
        full.is_storage_full() && !full.is_disk_failure(),
        "{full:?}"
    );
    let other = raise("22012").await;
    assert!(
        !other.is_disk_failure() && !other.is_storage_full(),
        "{other:?}"
    );
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn mysql_codes_are_recognised() {
    use sqlx::Connection;
    let Some((url, _guard)) = ticketcore::testing::mysql_url().await else {
        eprintln!("skipped: TICKET_TEST_MYSQL_URL not set");
        return;
    };
    let mut conn = sqlx::MySqlConnection::connect(&url).await.expect("connect");
    let mut signal = async |errno: u16| -> Error {
        let sql =
            format!("SIGNAL SQLSTATE 'HY000' SET MESSAGE_TEXT = 'staged', MYSQL_ERRNO = {errno}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect_err("signalled")
            .into()
    };
    for errno in [1030, 1026, 1017] {
        let e = signal(errno).await;
        assert!(
            e.is_disk_failure() && !e.is_storage_full(),
            "{errno}: {e:?}"
        );
    }
    for errno in [1114, 1021] {
        let e = signal(errno).await;
        assert!(
            e.is_storage_full() && !e.is_disk_failure(),
            "{errno}: {e:?}"
        );
    }
    let other = signal(1365).await;
    assert!(
        !other.is_disk_failure() && !other.is_storage_full(),
        "{other:?}"
    );
}
