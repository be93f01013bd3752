-- Schema version 2: a full-text index over what the search box searches.
-- FTS5 with external content (the text stays in `jobs` only), kept in step by triggers.
-- Not indexed: `state` (it changes while a job runs; search matches state names instead)
-- and `id` (hex words would match every query of digits; search matches id prefixes).

CREATE VIRTUAL TABLE jobs_search USING fts5 (
    kind, params, message, result,
    content = 'jobs', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO jobs_search (jobs_search) VALUES ('rebuild');

CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_search (rowid, kind, params, message, result)
    VALUES (new.seq, new.kind, new.params, new.message, new.result);
END;
CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_search (jobs_search, rowid, kind, params, message, result)
    VALUES ('delete', old.seq, old.kind, old.params, old.message, old.result);
END;
CREATE TRIGGER jobs_search_update AFTER UPDATE OF kind, params, message, result ON jobs BEGIN
    INSERT INTO jobs_search (jobs_search, rowid, kind, params, message, result)
    VALUES ('delete', old.seq, old.kind, old.params, old.message, old.result);
    INSERT INTO jobs_search (rowid, kind, params, message, result)
    VALUES (new.seq, new.kind, new.params, new.message, new.result);
END;
