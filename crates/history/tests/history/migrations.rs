use jobdeck_history::{History, HistoryState, JobFilter, SCHEMA_VERSION};
use rusqlite::Connection;

use crate::util::{assert_intact, open, raw, TempDir};

/// Schema version 1 exactly as it was released (a copy, not `include_str!` of the
/// migration: editing a released migration must make this test fail).
const V1_SCHEMA: &str = r#"
CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at INTEGER NOT NULL,
    written_by TEXT NOT NULL
);
CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    params           TEXT NOT NULL,
    priority         TEXT NOT NULL,
    state            TEXT NOT NULL,
    interrupted_from TEXT,
    submitted_at     INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    result           TEXT,
    message          TEXT,
    panicked         INTEGER NOT NULL DEFAULT 0,
    attempt          INTEGER NOT NULL DEFAULT 1,
    retry_of         TEXT,
    done             INTEGER NOT NULL DEFAULT 0,
    total            INTEGER NOT NULL DEFAULT 0,
    status           TEXT,
    log_tail         TEXT,
    log_path         TEXT
);
CREATE INDEX jobs_by_time ON jobs (submitted_at);
CREATE INDEX jobs_by_state ON jobs (state);
CREATE INDEX jobs_by_kind ON jobs (kind);
CREATE INDEX jobs_by_retry_of ON jobs (retry_of) WHERE retry_of IS NOT NULL;
CREATE TABLE series (
    job       INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    points    INTEGER NOT NULL,
    decimated INTEGER NOT NULL,
    x         BLOB NOT NULL,
    y         BLOB NOT NULL,
    UNIQUE (job, name)
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO schema_version VALUES (1, 1700000000000, 'jobdeck-history 0.1.0');
"#;

const FAILED_ID: &str = "6f1c2a3b-0000-4000-8000-000000000001";
const QUEUED_ID: &str = "6f1c2a3b-0000-4000-8000-000000000002";

/// A version-1 file with a failed job (and its series), a queued one, and a setting.
fn v1_file(dir: &TempDir) {
    let conn = Connection::open(dir.db()).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL").unwrap();
    conn.execute_batch(V1_SCHEMA).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO jobs (id, kind, params, priority, state, submitted_at, started_at, finished_at, message)
         VALUES ('{FAILED_ID}', 'ratio', '{{\"iterations\":35,\"step_ms\":50}}', 'normal', 'failed',
                 1700000000000, 1700000000100, 1700000000200, 'division by zero at n = 30');
         INSERT INTO jobs (id, kind, params, priority, state, submitted_at)
         VALUES ('{QUEUED_ID}', 'progress', '{{\"steps\":10}}', 'high', 'queued', 1700000000300);
         INSERT INTO series (job, name, points, decimated, x, y)
         VALUES (1, '', 2, 0, X'000000000000F03F0000000000000040', X'0000000000000840000000000000F0BF');
         INSERT INTO settings VALUES ('window.close', '\"tray\"');"
    ))
    .unwrap();
}

/// The schema as SQLite describes it, in a comparable order, without SQL comments and
/// with whitespace collapsed.
fn schema(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .unwrap();
    let normal = |sql: Option<String>| {
        let sql = sql.unwrap_or_default();
        let code: Vec<&str> = sql.lines().map(|l| l.split("--").next().unwrap()).collect();
        code.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
    };
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, normal(r.get(2)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_version_1_file_migrates_to_the_latest_schema_with_its_data() {
    let dir = TempDir::new("migrate-v1");
    v1_file(&dir);
    let (history, report) = open(&dir);
    assert_eq!(report.migrated_from, Some(1));
    assert!(report.moved_aside.is_none());

    // The data is all there, and the search index (version 2) was filled from it.
    let failed = history.job(FAILED_ID.parse().unwrap()).unwrap().unwrap();
    assert_eq!(failed.state, HistoryState::Failed);
    assert_eq!(failed.params["iterations"], 35);
    // Version 3's columns: a v1 row reads as a single attempt with the default backoff.
    assert_eq!((failed.attempt, failed.max_attempts, failed.backoff_s), (1, 1, 1.0));
    assert_eq!(failed.rerun_spec(), jobdeck_engine::JobSpec::new("ratio").params(failed.params.clone()));
    let hits = history.page(&JobFilter::new().search("division"), None, 10).unwrap();
    assert_eq!(hits.jobs.iter().map(|j| j.id.to_string()).collect::<Vec<_>>(), [FAILED_ID]);
    let series = history.series(failed.id).unwrap();
    assert_eq!((series[0].x.clone(), series[0].y.clone()), (vec![1.0, 2.0], vec![3.0, -1.0]));
    assert_eq!(history.setting("window.close").unwrap(), Some(serde_json::json!("tray")));
    // Migration runs before the interrupt step: the v1 queued job is offered back.
    assert_eq!(report.queued_at_exit.iter().map(|q| q.id.to_string()).collect::<Vec<_>>(), [QUEUED_ID]);
    assert_eq!(report.queued_at_exit[0].spec().retries, 0);
    history.close();

    // Same schema as a file created by this version, and every version recorded once.
    let fresh = TempDir::new("migrate-fresh");
    open(&fresh).0.close();
    assert_eq!(schema(&raw(&dir)), schema(&raw(&fresh)));
    let versions: Vec<u32> = raw(&dir)
        .prepare("SELECT version FROM schema_version ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
    assert_intact(&dir);

    // Opening again migrates nothing.
    let (history, report) = open(&dir);
    assert_eq!(report.migrated_from, None);
    history.close();
}

#[test]
fn a_new_file_starts_at_the_latest_version() {
    let dir = TempDir::new("migrate-new");
    let (history, report) = History::open(dir.path()).unwrap();
    assert_eq!((report.migrated_from, report.interrupted), (None, 0));
    assert_eq!(report.path, dir.db());
    history.close();
    let latest: u32 =
        raw(&dir).query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(latest, SCHEMA_VERSION);
    let mode: String = raw(&dir).query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}
