-- One send run per event at a time, across processes and instances: the run
-- holds the event's lease and renews it; an expired lease is taken over.
CREATE TABLE mail_leases (
    event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    owner      TEXT    NOT NULL,
    holder     TEXT    NOT NULL,
    host       TEXT    NOT NULL,
    pid        INTEGER NOT NULL,
    since      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Name, address and code folded for search (case and accents ignored the same
-- way on every backend; filled by the application for older rows).
ALTER TABLE tickets ADD COLUMN search_text TEXT;

-- Addresses are compared by the application (Unicode lower case, inside the
-- issuing transaction); this index folded ASCII only and no query used it.
DROP INDEX tickets_event_email;

-- The tickets still without search text (normally none), found at start-up
-- without reading the whole table.
CREATE INDEX tickets_search_missing ON tickets (id) WHERE search_text IS NULL;
