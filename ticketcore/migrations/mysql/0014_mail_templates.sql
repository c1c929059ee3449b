-- Mail templates per language: an event's organiser may write the mail of
-- each language it mails in. A language without its own row mails the
-- built-in template (whose words come from the language files). The
-- templates saved before (events.mail_*) become the event language's; those
-- columns are no longer read.
CREATE TABLE mail_templates (
    event_id BIGINT      NOT NULL,
    language VARCHAR(8)  NOT NULL,
    subject  TEXT        NOT NULL,
    text     MEDIUMTEXT  NOT NULL,
    html     MEDIUMTEXT  NULL,
    message  TEXT        NOT NULL,
    PRIMARY KEY (event_id, language),
    CONSTRAINT mail_templates_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
INSERT INTO mail_templates (event_id, language, subject, text, html, message)
    SELECT id, language, mail_subject, mail_text, mail_html, COALESCE(mail_message, '')
    FROM events WHERE mail_subject IS NOT NULL AND mail_text IS NOT NULL;
