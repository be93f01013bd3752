//! The database file: opening (with the checks, the move-aside and the migrations), and
//! the connections everything else uses.

mod aside;
mod connection;
mod interrupt;
mod probe;
mod schema;
mod verify;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

pub(crate) use connection::{open_ro, open_rw};
use interrupt::interrupt_unfinished;
use probe::{probe, Probe};
pub use schema::SCHEMA_VERSION;
pub(crate) use verify::verify;

use crate::error::sqlite_code;
use crate::{Error, MovedAside, OpenReport, Result};

/// Lets SQLite refresh the query planner's statistics where they are missing or stale
/// (`PRAGMA optimize`, bounded so it stays in milliseconds): SQLite's advice for long-lived
/// connections, run at open and hourly. Without statistics the planner sorts a filter's
/// matches where scanning in page order would stop after one page.
pub(crate) fn optimize(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA optimize = 0x10002")
}

/// Opens (or creates) the database at `path` and brings it up to date: the open half of
/// [`History::open`](crate::History::open). Returns the connection the writer will own.
pub(crate) fn open(path: &Path, busy_timeout: Duration) -> Result<(Connection, OpenReport)> {
    let mut moved_aside = None;
    let from = match probe(path, busy_timeout) {
        Probe::Fresh => 0,
        Probe::Found(v) if v.version > SCHEMA_VERSION => {
            return Err(Error::NewerSchema {
                path: path.to_owned(),
                found: v.version,
                supported: SCHEMA_VERSION,
                written_by: v.written_by,
            })
        }
        Probe::Found(v) => v.version,
        Probe::Busy => return Err(Error::Busy { path: path.to_owned() }),
        Probe::OpenFailed(reason) => return Err(Error::Open { path: path.to_owned(), reason }),
        Probe::Damaged(reason) => {
            let to = aside::move_aside(path).map_err(|e| Error::Damaged {
                path: path.to_owned(),
                reason: reason.clone(),
                move_error: e.to_string(),
            })?;
            moved_aside = Some(MovedAside { to, reason });
            0
        }
    };
    let fail = |e: rusqlite::Error| match sqlite_code(&e) {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy { path: path.to_owned() },
        _ => Error::Open { path: path.to_owned(), reason: e.to_string() },
    };
    let mut conn = open_rw(path, busy_timeout).map_err(fail)?;
    let ran = schema::migrate(&mut conn, from).map_err(fail)?;
    let interrupted = interrupt_unfinished(&mut conn).map_err(fail)?;
    optimize(&conn).map_err(fail)?;
    let report = OpenReport {
        path: path.to_owned(),
        moved_aside,
        migrated_from: (from > 0 && ran > 0).then_some(from),
        interrupted: interrupted.count,
        queued_at_exit: interrupted.queued,
    };
    Ok((conn, report))
}
