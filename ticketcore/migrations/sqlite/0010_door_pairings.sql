-- Door phones paired by a one-time link: a phone opens the link and scans
-- for one event as the named door until the pairing expires or is revoked.
CREATE TABLE door_pairings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    door        TEXT    NOT NULL,
    link_hash   TEXT    NOT NULL UNIQUE,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    claimed_at  INTEGER,
    revoked_at  INTEGER
);
