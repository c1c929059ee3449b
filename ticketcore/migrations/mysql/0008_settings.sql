-- Settings an admin changes while the app runs (the SMTP server, the default
-- sender, door search): a stored value wins over the start flag, which stays
-- the default.
CREATE TABLE settings (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    value      TEXT        NOT NULL,
    changed_at BIGINT      NOT NULL,
    changed_by TEXT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- An event's own sender of ticket mails (`Name <address>`); NULL: the default.
ALTER TABLE events ADD COLUMN sender TEXT NULL;
