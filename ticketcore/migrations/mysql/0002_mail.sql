-- Per-event mail template (NULL: the built-in default) and the organiser's free text.
ALTER TABLE events
    ADD COLUMN mail_subject TEXT,
    ADD COLUMN mail_text MEDIUMTEXT,
    ADD COLUMN mail_html MEDIUMTEXT,
    ADD COLUMN mail_message TEXT;
