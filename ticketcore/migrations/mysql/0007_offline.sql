-- Check-ins a door decided without the server, as they were uploaded: the
-- door's own id for each makes uploads idempotent (a retry or a reload
-- never counts twice). A check-in of a ticket that was already used, or
-- revoked, when it arrived is a conflict: kept here with the first use.
CREATE TABLE offline_checkins (
    event_id    BIGINT       NOT NULL,
    id          VARCHAR(64)  NOT NULL,
    ticket_id   BIGINT       NULL,
    typed       TEXT         NOT NULL,
    outcome     VARCHAR(32)  NOT NULL,
    conflict    BIGINT       NOT NULL,
    at          BIGINT       NOT NULL,
    door        TEXT         NOT NULL,
    user_name   TEXT         NOT NULL,
    first_at    BIGINT       NULL,
    first_by    TEXT         NULL,
    received_at BIGINT       NOT NULL,
    PRIMARY KEY (event_id, id),
    INDEX offline_checkins_conflicts (event_id, conflict),
    CONSTRAINT offline_checkins_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT offline_checkins_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
