-- Languages: each event mails in its language (`en`, `de`, `fr`, `es`) and
-- a guest may have their own (NULL: the event's).
ALTER TABLE events ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE tickets ADD COLUMN language TEXT NULL;
