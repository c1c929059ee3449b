-- Initial schema (MySQL 8 / MariaDB 10.6+). All instants are BIGINT milliseconds
-- since the Unix epoch, UTC. utf8mb4 with the binary collation, so comparisons
-- and uniqueness behave as in SQLite (case-sensitive); InnoDB for row locks.
-- Every integer is a signed BIGINT so that it decodes as i64.
CREATE TABLE events (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug        VARCHAR(255) NOT NULL UNIQUE,
    name        TEXT         NOT NULL,
    date        TEXT,
    alphabet    VARCHAR(255) NOT NULL,
    code_length BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE tickets (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id      BIGINT       NOT NULL,
    code          VARCHAR(64)  NOT NULL,
    name          TEXT         NOT NULL,
    email         VARCHAR(320) NOT NULL,
    salutation    TEXT,
    used_at       BIGINT,
    used_by       TEXT,
    revoked_at    BIGINT,
    mail_status   VARCHAR(16)  NOT NULL DEFAULT 'pending',
    mail_sent_at  BIGINT,
    mail_error    TEXT,
    mail_attempts BIGINT       NOT NULL DEFAULT 0,
    created_at    BIGINT       NOT NULL,
    UNIQUE KEY tickets_event_code (event_id, code),
    KEY tickets_event_email (event_id, email),
    KEY tickets_event_mail (event_id, mail_status),
    CONSTRAINT tickets_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The audit log: every scan attempt, undo and revocation.
CREATE TABLE scans (
    id        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id  BIGINT       NOT NULL,
    ticket_id BIGINT,
    typed     TEXT         NOT NULL,
    outcome   VARCHAR(32)  NOT NULL,
    by_whom   TEXT         NOT NULL,
    at        BIGINT       NOT NULL,
    KEY scans_event_at (event_id, at),
    CONSTRAINT scans_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT scans_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row that every writer of `scans` locks first (SELECT … FOR UPDATE), so
-- audit-log ids are handed out in commit order and the change feed, which
-- follows `id > last`, never skips a row committed late. MySQL has no
-- transaction-scoped table lock that leaves reads alone; this is the equivalent.
CREATE TABLE scan_log_lock (
    id TINYINT NOT NULL PRIMARY KEY
) ENGINE = InnoDB;
INSERT INTO scan_log_lock (id) VALUES (1);

CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(255) NOT NULL UNIQUE,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('admin', 'scanner')),
    password_hash TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE api_tokens (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT       NOT NULL,
    label      TEXT         NOT NULL,
    token_hash VARCHAR(255) NOT NULL UNIQUE,
    created_at BIGINT       NOT NULL,
    CONSTRAINT api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
