-- Per-event mail template (NULL: the built-in default) and the organiser's free text.
ALTER TABLE events ADD COLUMN mail_subject TEXT;
ALTER TABLE events ADD COLUMN mail_text TEXT;
ALTER TABLE events ADD COLUMN mail_html TEXT;
ALTER TABLE events ADD COLUMN mail_message TEXT;
