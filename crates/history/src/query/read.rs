//! One job's details: its row, series and log, and the kinds stored.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use jobdeck_engine::JobId;

use crate::record::{decode, from_row, JOB_COLUMNS};
use crate::{Error, JobLog, JobRecord, Result, StoredSeries};

pub(crate) fn job(conn: &Connection, id: JobId) -> Result<Option<JobRecord>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1")).map_err(Error::read)?;
    stmt.query_row([id.to_string()], from_row).optional().map_err(Error::read)
}

fn seq_of(conn: &Connection, id: JobId) -> Result<i64> {
    conn.query_row("SELECT seq FROM jobs WHERE id = ?1", [id.to_string()], |r| r.get(0))
        .optional()
        .map_err(Error::read)?
        .ok_or(Error::NotFound { id })
}

pub(crate) fn series(conn: &Connection, id: JobId) -> Result<Vec<StoredSeries>> {
    let seq = seq_of(conn, id)?;
    let mut stmt = conn
        .prepare_cached("SELECT name, x, y, decimated FROM series WHERE job = ?1 ORDER BY name")
        .map_err(Error::read)?;
    let rows = stmt
        .query_map([seq], |r| {
            Ok(StoredSeries {
                name: r.get(0)?,
                x: decode(&r.get::<_, Vec<u8>>(1)?),
                y: decode(&r.get::<_, Vec<u8>>(2)?),
                decimated: r.get(3)?,
            })
        })
        .map_err(Error::read)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(Error::read)
}

pub(crate) fn log(conn: &Connection, id: JobId) -> Result<JobLog> {
    conn.query_row("SELECT log_tail, log_path FROM jobs WHERE id = ?1", [id.to_string()], |r| {
        Ok(JobLog { tail: r.get(0)?, path: r.get::<_, Option<String>>(1)?.map(Into::into) })
    })
    .optional()
    .map_err(Error::read)?
    .ok_or(Error::NotFound { id })
}

pub(crate) fn kinds(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT kind FROM jobs ORDER BY kind").map_err(Error::read)?;
    let rows = stmt.query_map([], |r| r.get(0)).map_err(Error::read)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(Error::read)
}

/// Those of `ids` that some stored job retries (its `retry_of`).
pub(crate) fn retried(conn: &Connection, ids: &[JobId]) -> Result<HashSet<JobId>> {
    let list = serde_json::to_string(ids).expect("ids serialize");
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT retry_of FROM jobs WHERE retry_of IN (SELECT value FROM json_each(?1))",
        )
        .map_err(Error::read)?;
    let rows = stmt.query_map([list], |r| crate::record::id_col(r, 0)).map_err(Error::read)?;
    rows.collect::<rusqlite::Result<HashSet<_>>>().map_err(Error::read)
}
