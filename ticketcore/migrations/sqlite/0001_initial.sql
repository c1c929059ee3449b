-- Initial schema. All instants are INTEGER milliseconds since the Unix epoch, UTC.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    date        TEXT,
    alphabet    TEXT    NOT NULL,
    code_length INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE tickets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    salutation    TEXT,
    used_at       INTEGER,
    used_by       TEXT,
    revoked_at    INTEGER,
    mail_status   TEXT    NOT NULL DEFAULT 'pending',
    mail_sent_at  INTEGER,
    mail_error    TEXT,
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    UNIQUE (event_id, code)
);
CREATE INDEX tickets_event_email ON tickets (event_id, email COLLATE NOCASE);
CREATE INDEX tickets_event_mail ON tickets (event_id, mail_status);

-- The audit log: every scan attempt, undo and revocation.
CREATE TABLE scans (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
    typed     TEXT    NOT NULL,
    outcome   TEXT    NOT NULL,
    by_whom   TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX scans_event_at ON scans (event_id, at);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'scanner')),
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label      TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
