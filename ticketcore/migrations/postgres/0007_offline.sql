-- Check-ins a door decided without the server, as they were uploaded: the
-- door's own id for each makes uploads idempotent (a retry or a reload
-- never counts twice). A check-in of a ticket that was already used, or
-- revoked, when it arrived is a conflict: kept here with the first use.
CREATE TABLE offline_checkins (
    event_id    BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    id          TEXT   NOT NULL,
    ticket_id   BIGINT REFERENCES tickets(id) ON DELETE SET NULL,
    typed       TEXT   NOT NULL,
    outcome     TEXT   NOT NULL,
    conflict    BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    door        TEXT   NOT NULL,
    user_name   TEXT   NOT NULL,
    first_at    BIGINT,
    first_by    TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, id)
);
CREATE INDEX offline_checkins_conflicts ON offline_checkins (event_id, conflict);
