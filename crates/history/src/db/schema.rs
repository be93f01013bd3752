//! The schema's versions and the forward migrations between them.
//!
//! Each migration runs in its own transaction and records itself in `schema_version`, so a
//! file is always at exactly one version, and a crash during a migration leaves it at the
//! previous one. Migrations only go forward; a file at a newer version than
//! [`SCHEMA_VERSION`] is refused before anything writes to it (see `db::probe`).
//!
//! Later features add migrations at the end (templates, clusters, ...); released ones are
//! never edited.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::time::now_ms;

/// One step from the previous schema version to `version`.
struct Migration {
    version: u32,
    sql: &'static str,
}

/// Every migration, in order; the last one's version is [`SCHEMA_VERSION`].
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("migrations/0001_jobs.sql") },
    Migration { version: 2, sql: include_str!("migrations/0002_search.sql") },
    Migration { version: 3, sql: include_str!("migrations/0003_retries.sql") },
];

/// The schema version this build writes, and the newest it can open.
///
/// 1: jobs, their series, settings. 2: the full-text search index (FTS5), filled from the
/// jobs already stored. 3: each job's retry settings (`max_attempts`, `backoff_s`).
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// What this build records as `written_by` when it migrates a file.
pub(crate) const WRITTEN_BY: &str = concat!("jobdeck-history ", env!("CARGO_PKG_VERSION"));

/// The version a file is at, and who last migrated it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Version {
    pub(crate) version: u32,
    pub(crate) written_by: String,
}

/// What a file holds, as far as versions go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// No tables at all: a new (or empty) file.
    Empty,
    /// A Jobdeck history at this version.
    Versioned(Version),
    /// Tables, but no `schema_version`: some other program's database.
    Foreign,
}

/// Reads the file's version without writing anything.
pub(crate) fn found(conn: &Connection) -> rusqlite::Result<Found> {
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))?;
    if tables == 0 {
        return Ok(Found::Empty);
    }
    let has_versions: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'",
        [],
        |r| r.get(0),
    )?;
    if !has_versions {
        return Ok(Found::Foreign);
    }
    let latest = conn
        .query_row("SELECT version, written_by FROM schema_version ORDER BY version DESC LIMIT 1", [], |r| {
            Ok(Version { version: r.get(0)?, written_by: r.get(1)? })
        })
        .optional()?;
    Ok(latest.map_or(Found::Empty, Found::Versioned))
}

/// Brings the file from `from` (0: empty) to [`SCHEMA_VERSION`]; returns the migrations run.
pub(crate) fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<usize> {
    let mut ran = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version > from) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at, written_by) VALUES (?1, ?2, ?3)",
            rusqlite::params![m.version, now_ms() as i64, WRITTEN_BY],
        )?;
        tx.commit()?;
        ran += 1;
    }
    Ok(ran)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
        }
    }

    #[test]
    fn a_fresh_file_migrates_to_the_latest_version_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(found(&conn).unwrap(), Found::Empty);
        assert_eq!(migrate(&mut conn, 0).unwrap(), MIGRATIONS.len());
        let Found::Versioned(v) = found(&conn).unwrap() else { panic!("not versioned") };
        assert_eq!(v, Version { version: SCHEMA_VERSION, written_by: WRITTEN_BY.into() });
        assert_eq!(migrate(&mut conn, SCHEMA_VERSION).unwrap(), 0);
    }
}
