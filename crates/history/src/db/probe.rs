//! The cheap check at open: is the file there, is it a Jobdeck history, at which version,
//! and is its structure readable — all without writing to it.
//!
//! A full `PRAGMA quick_check` reads every page (about 70 ms per 100,000 jobs here, and it
//! grows with the stored series), too slow for start-up. So open checks what damage
//! usually looks like — a file that is not a database, a truncated or overwritten one, an
//! unreadable schema or table root — and the full check runs later in the background
//! (see `db::verify`), marking the file to be moved aside at the next start.

use std::path::Path;
use std::time::Duration;

use rusqlite::ErrorCode;

use super::connection::open_ro;
use super::schema::{found, Found, Version};
use super::verify::read_mark;
use crate::error::sqlite_code;

/// What the check at open found.
#[derive(Debug)]
pub(crate) enum Probe {
    /// No file, or one without tables: start a fresh schema in it.
    Fresh,
    /// A readable Jobdeck history at this version (maybe newer than this build).
    Found(Version),
    /// Not usable: move it aside (why).
    Damaged(String),
    /// Locked by another process beyond the busy timeout.
    Busy,
    /// Could not be opened for reasons moving it would not fix (permissions, ...).
    OpenFailed(String),
}

pub(crate) fn probe(path: &Path, busy_timeout: Duration) -> Probe {
    if let Some(reason) = read_mark(path) {
        return Probe::Damaged(reason);
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Probe::Fresh,
        Err(e) => return Probe::OpenFailed(e.to_string()),
        Ok(m) if !m.is_file() => return Probe::Damaged("it is not a regular file".into()),
        Ok(_) => {}
    }
    let conn = match open_ro(path, busy_timeout) {
        Ok(conn) => conn,
        Err(e) => return classify(e),
    };
    let version = match found(&conn) {
        Ok(Found::Empty) => return Probe::Fresh,
        Ok(Found::Foreign) => {
            return Probe::Damaged("it is not a Jobdeck history (it has no schema_version table)".into())
        }
        Ok(Found::Versioned(v)) => v,
        Err(e) => return classify(e),
    };
    // Walk every table's b-tree once through its smallest index (count(*) reads the leaves,
    // not the rows): a truncated file or a damaged root fails here. Tables of newer versions
    // are not ours to judge.
    if version.version <= super::SCHEMA_VERSION {
        for table in ["jobs", "series", "settings"] {
            if let Err(e) =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))
            {
                return classify(e);
            }
        }
    }
    Probe::Found(version)
}

/// Sorts an SQLite error into damaged (move the file aside), busy, or cannot open.
fn classify(e: rusqlite::Error) -> Probe {
    match sqlite_code(&e) {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Probe::Busy,
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Probe::Damaged(e.to_string()),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            Probe::OpenFailed(e.to_string())
        }
        // A missing table, a malformed schema, a short read: the file is not what we wrote.
        _ => Probe::Damaged(e.to_string()),
    }
}
