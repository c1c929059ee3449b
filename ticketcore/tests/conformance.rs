//! The conformance suite on every backend available: SQLite always (file-backed),
//! PostgreSQL when `TICKET_TEST_POSTGRES_URL` is set, MySQL/MariaDB when
//! `TICKET_TEST_MYSQL_URL` is set (each test in its own schema or database).

mod common;

use common::suite;

macro_rules! conformance {
    ($backend:ident, $factory:path) => {
        mod $backend {
            use super::*;
            conformance!(@tests $factory;
                events_roundtrip,
                issue_list_and_stats,
                issue_returns_ids_in_guest_order,
                issue_is_all_or_nothing,
                issue_refuses_repeated_addresses,
                scan_outcomes_and_audit,
                batch_decides_in_order,
                users_and_tokens,
                facade_scan_normalises,
                concurrent_scans_of_one_code,
                concurrent_scans_of_distinct_codes,
                sessions_keep_their_expiry,
                arrivals_and_change_feed,
                search_ignores_case_and_accents,
                mail_states,
                mail_lease_has_one_holder,
                mail_lease_race,
                missing_things_are_not_found,
                users_in_the_store,
                last_admin_survives_a_race,
                offline_checkins_count_once_and_conflicts_are_listed,
                known_codes_are_the_event_s_own,
                settings_and_event_senders,
                tickets_sort_alike_everywhere,
                restore_and_correct_a_guest,
                cancelled_batches_leave_no_transaction_open,
                door_pairings_claim_once_and_revoke,
                walk_in_cap_holds_in_a_race,
                event_language_is_set,
                a_party_grown_after_its_scan_keeps_its_history,
                offline_parties_count_their_people
            );
        }
    };
    (@tests $factory:path; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                let Some((store, _guard)) = $factory().await else {
                    eprintln!("skipped: backend not configured");
                    return;
                };
                suite::$name(store).await;
            }
        )*
    };
}

conformance!(sqlite, common::sqlite);
conformance!(postgres, common::postgres);
conformance!(mysql, common::mysql);
