-- One send run per event at a time, across processes and instances: the run
-- holds the event's lease and renews it; an expired lease is taken over.
CREATE TABLE mail_leases (
    event_id   BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    owner      TEXT   NOT NULL,
    holder     TEXT   NOT NULL,
    pid        BIGINT NOT NULL,
    since      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Name, address and code of each ticket folded for search (case and accents
-- ignored the same way on every backend; filled by the application, also for
-- older tickets). A table of its own, so the ticket rows that every scan
-- rewrites stay small.
CREATE TABLE ticket_search (
    ticket_id   BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    search_text TEXT NOT NULL
);

-- Addresses are compared by the application (Unicode lower case, inside the
-- issuing transaction); no query used this index.
DROP INDEX tickets_event_email;

