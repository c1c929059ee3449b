-- Web sessions (opaque JSON data) and their expiry, BIGINT seconds since the Unix epoch.
CREATE TABLE sessions (
    id         VARCHAR(255) NOT NULL PRIMARY KEY,
    data       MEDIUMTEXT   NOT NULL,
    expires_at BIGINT       NOT NULL,
    KEY sessions_expiry (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
