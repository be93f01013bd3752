-- Schema version 1: jobs, their series, and settings.
-- Never edit a migration once released: add a new one (tests/history.rs keeps a literal copy
-- of this file and migrates it).

CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at INTEGER NOT NULL,            -- ms since the Unix epoch
    written_by TEXT NOT NULL                -- e.g. 'jobdeck-history 0.1.0'
);

CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY,   -- order of recording: every ordering's tiebreaker
    id               TEXT NOT NULL UNIQUE,  -- the engine's JobId, hyphenated
    kind             TEXT NOT NULL,
    params           TEXT NOT NULL,         -- JSON object, defaults filled in
    priority         TEXT NOT NULL,         -- low | normal | high
    state            TEXT NOT NULL,         -- queued | running | paused | succeeded | failed | cancelled | interrupted
    interrupted_from TEXT,                  -- queued | running | paused, for interrupted jobs
    submitted_at     INTEGER NOT NULL,      -- ms since the Unix epoch
    started_at       INTEGER,
    finished_at      INTEGER,
    result           TEXT,                  -- JSON, succeeded jobs
    message          TEXT,                  -- failed jobs
    panicked         INTEGER NOT NULL DEFAULT 0,
    attempt          INTEGER NOT NULL DEFAULT 1,
    retry_of         TEXT,                  -- id of the job this one retries
    done             INTEGER NOT NULL DEFAULT 0,
    total            INTEGER NOT NULL DEFAULT 0,
    status           TEXT,
    log_tail         TEXT,
    log_path         TEXT
);
-- Pages go newest first by `seq` (the table's own order). Each index below ends with seq
-- implicitly, so one state's or one kind's jobs also come out in page order.
CREATE INDEX jobs_by_time ON jobs (submitted_at);
CREATE INDEX jobs_by_state ON jobs (state);
CREATE INDEX jobs_by_kind ON jobs (kind);
-- The attempts of a retried job.
CREATE INDEX jobs_by_retry_of ON jobs (retry_of) WHERE retry_of IS NOT NULL;

-- One row per (job, series name): the whole bounded series as two arrays of little-endian
-- f64s, rewritten at checkpoints and when the job ends.
CREATE TABLE series (
    job       INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    points    INTEGER NOT NULL,
    decimated INTEGER NOT NULL,
    x         BLOB NOT NULL,
    y         BLOB NOT NULL,
    UNIQUE (job, name)
);

-- The app's own settings (retention, window and close behaviour, ...): JSON values.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
