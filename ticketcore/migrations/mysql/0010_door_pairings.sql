-- Door phones paired by a one-time link: a phone opens the link and scans
-- for one event as the named door until the pairing expires or is revoked.
CREATE TABLE door_pairings (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id    BIGINT       NOT NULL,
    door        TEXT         NOT NULL,
    link_hash   VARCHAR(64)  NOT NULL UNIQUE,
    created_by  TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    claimed_at  BIGINT,
    revoked_at  BIGINT,
    CONSTRAINT door_pairings_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
