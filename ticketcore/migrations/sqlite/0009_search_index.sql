-- A trigram index of the folded search text, so a search of a large event
-- reads the tickets that contain the typed text instead of every ticket
-- (1,000,000 tickets: 145 ms before). FTS5's trigram tokenizer answers
-- `LIKE '%text%'` from the index when the text has three characters or more;
-- shorter ones scan, with the same results. Writing the index makes an
-- import slower (1,000,000 tickets: 10.7 s before, about 30 s with it). Kept
-- in step with ticket_search
-- by triggers (a ticket's deletion reaches them through ON DELETE CASCADE).
CREATE VIRTUAL TABLE ticket_search_fts USING fts5(
    search_text,
    content = 'ticket_search',
    content_rowid = 'ticket_id',
    tokenize = 'trigram',
    -- Which trigrams a text has, not where: about a quarter cheaper to
    -- write, and FTS5 still checks each found text against the pattern.
    detail = none
);
INSERT INTO ticket_search_fts (ticket_search_fts) VALUES ('rebuild');

CREATE TRIGGER ticket_search_fts_insert AFTER INSERT ON ticket_search BEGIN
    INSERT INTO ticket_search_fts (rowid, search_text) VALUES (new.ticket_id, new.search_text);
END;

CREATE TRIGGER ticket_search_fts_delete AFTER DELETE ON ticket_search BEGIN
    INSERT INTO ticket_search_fts (ticket_search_fts, rowid, search_text)
        VALUES ('delete', old.ticket_id, old.search_text);
END;

CREATE TRIGGER ticket_search_fts_update AFTER UPDATE ON ticket_search BEGIN
    INSERT INTO ticket_search_fts (ticket_search_fts, rowid, search_text)
        VALUES ('delete', old.ticket_id, old.search_text);
    INSERT INTO ticket_search_fts (rowid, search_text) VALUES (new.ticket_id, new.search_text);
END;
