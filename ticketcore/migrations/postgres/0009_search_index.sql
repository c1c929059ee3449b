-- A trigram index of the folded search text (pg_trgm), so a search of a
-- large event reads the tickets that contain the typed text instead of every
-- ticket; `LIKE '%text%'` uses it. pg_trgm ships with PostgreSQL and is a
-- trusted extension (a database owner may create it). Where it cannot be
-- created, searches scan, with the same results. The extension lives in one
-- schema per database; the index names its operator class there.
DO $$
DECLARE
    home text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm cannot be created (%): searches read every ticket', SQLERRM;
    END;
    SELECT n.nspname INTO home
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF home IS NOT NULL THEN
        BEGIN
            EXECUTE format(
                'CREATE INDEX IF NOT EXISTS ticket_search_trigram ON ticket_search '
                'USING gin (search_text %I.gin_trgm_ops)',
                home);
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'no trigram index (%): searches read every ticket', SQLERRM;
        END;
    END IF;
END $$;
