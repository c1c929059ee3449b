-- One send run per event at a time, across processes and instances: the run
-- holds the event's lease and renews it; an expired lease is taken over.
CREATE TABLE mail_leases (
    event_id   BIGINT       NOT NULL PRIMARY KEY,
    owner      VARCHAR(255) NOT NULL,
    holder     TEXT         NOT NULL,
    pid        BIGINT       NOT NULL,
    since      BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    CONSTRAINT mail_leases_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Name, address and code of each ticket folded for search (case and accents
-- ignored the same way on every backend; filled by the application, also for
-- older tickets). A table of its own, so the ticket rows that every scan
-- rewrites stay small.
CREATE TABLE ticket_search (
    ticket_id   BIGINT NOT NULL PRIMARY KEY,
    search_text TEXT   NOT NULL,
    CONSTRAINT ticket_search_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Addresses are compared by the application (Unicode lower case, inside the
-- issuing transaction); this index compared bytes and no query used it.
DROP INDEX tickets_event_email ON tickets;

