//! The selection's jobs as a JSON array, streamed row by row.

use std::io::{self, Write};

use rusqlite::Connection;

use crate::query::Where;
use crate::record::{from_row, JOB_COLUMNS};

/// Writes `[job, job, ...]` (each a [`JobRecord`](crate::JobRecord), newest first, one per
/// line) for the jobs `w` selects; returns how many. Never holds more than one row.
pub(crate) fn write_json(conn: &Connection, w: Where, out: &mut impl Write) -> io::Result<u64> {
    let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE {} ORDER BY seq DESC", w.clause());
    let mut stmt = conn.prepare(&sql).map_err(io::Error::other)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(w.params)).map_err(io::Error::other)?;
    let mut n = 0u64;
    out.write_all(b"[")?;
    while let Some(row) = rows.next().map_err(io::Error::other)? {
        let job = from_row(row).map_err(io::Error::other)?;
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &job)?;
        n += 1;
    }
    out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
    Ok(n)
}
