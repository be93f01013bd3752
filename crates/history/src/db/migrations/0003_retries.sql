-- Schema version 3: a job's retry settings (its spec's `retries + 1` and `backoffS`), so that
-- a stored row says "attempt 2 of 4" like a live one, and a job re-run or resumed from the
-- history keeps them. Rows of earlier versions read as single attempts with the default.

ALTER TABLE jobs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN backoff_s REAL NOT NULL DEFAULT 1.0;
