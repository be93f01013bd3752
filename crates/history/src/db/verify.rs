//! The full check, run in the background after open, and the mark it leaves on a damaged
//! file so that the next start moves it aside.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::connection::open_ro;

/// The mark beside a damaged database: `history.sqlite3.damaged`, holding the reason.
pub(crate) fn mark_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".damaged");
    PathBuf::from(name)
}

/// The reason recorded by an earlier check, if the file was found damaged.
pub(crate) fn read_mark(db: &Path) -> Option<String> {
    std::fs::read_to_string(mark_path(db)).ok().map(|s| s.trim().to_owned())
}

/// Runs `PRAGMA quick_check` (every page, every index entry; not the slower
/// `integrity_check`'s UNIQUE and CHECK constraints) on a read-only connection.
///
/// Returns `Ok(())` when it says `ok`, else its first findings; an error running it counts
/// as damage too.
pub(crate) fn quick_check(db: &Path, busy_timeout: Duration) -> Result<(), String> {
    let conn = open_ro(db, busy_timeout).map_err(|e| e.to_string())?;
    let mut stmt = conn.prepare("PRAGMA quick_check(5)").map_err(|e| e.to_string())?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e: rusqlite::Error| e.to_string())?;
    if found.len() == 1 && found[0] == "ok" {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}

/// Checks `db` fully and, if it is damaged, leaves the mark (and returns the reason).
pub(crate) fn verify(db: &Path, busy_timeout: Duration) -> Option<String> {
    let reason = quick_check(db, busy_timeout).err()?;
    let reason = format!("the background check found damage: {reason}");
    if let Err(e) = std::fs::write(mark_path(db), &reason) {
        eprintln!("jobdeck-history: could not mark {} as damaged: {e}", db.display());
    }
    Some(reason)
}
