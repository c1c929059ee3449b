-- A ticket's own lines of the audit log, read by an undo (a party's log is
-- replayed without its latest step) and by the arrivals chart's people
-- count. Without it each of these read every scan of every event. MySQL
-- has had this index all along: InnoDB indexes the ticket_id foreign key.
CREATE INDEX scans_ticket ON scans (ticket_id);
