-- The time zone an event takes place in (IANA name), for showing check-in
-- times on its local clock. Instants themselves stay UTC milliseconds.
ALTER TABLE events ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
