-- Listing an event's tickets in order (ORDER BY id with LIMIT/OFFSET, the
-- ticket table's pages) walks this index instead of sorting every ticket of
-- the event: the first page of a 1,000,000-ticket event took 355 ms without it.
CREATE INDEX tickets_event_order ON tickets (event_id, id);
