-- Parties, notes, walk-ins and re-entry.
-- A ticket admits a party of `persons` people; `arrived` of them have come
-- in (at least once) and `inside` are in now (exits lower it). used_at and
-- used_by keep the party's first arrival. `note` is shown at the door
-- ("VIP", "check ID"); `walk_in` marks a guest added at the door.
ALTER TABLE tickets ADD COLUMN persons INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tickets ADD COLUMN arrived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN inside INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN note TEXT NULL;
ALTER TABLE tickets ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0;
-- Tickets checked in before parties existed: their one person came in.
UPDATE tickets SET arrived = 1, inside = 1 WHERE used_at IS NOT NULL;

-- Per event: whether a guest who went out may come in again, and whether
-- walk-ins may be added (`off`, `admins`, or `doors`: scanners too), with
-- an optional cap on how many.
ALTER TABLE events ADD COLUMN reentry INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN walk_ins TEXT NOT NULL DEFAULT 'admins';
ALTER TABLE events ADD COLUMN walk_in_limit INTEGER NULL;

-- Each scan's people and direction: how many it admitted (or let out) and
-- whether it was an exit (`out`; NULL: an entry). NULL persons: the whole
-- party (scans from before parties existed).
ALTER TABLE scans ADD COLUMN persons INTEGER NULL;
ALTER TABLE scans ADD COLUMN direction TEXT NULL;
