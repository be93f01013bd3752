//! Pages of jobs, newest first, by keyset: a page costs the same at any depth and a cursor
//! stays valid while jobs come and go.
//!
//! "Newest first" is the order of recording, `seq`: the order in which the engine announced
//! the jobs, which is their submission order. It is the table's own order (no sort, and
//! every index ends with it), and unlike the wall-clock `submitted_at` it cannot be
//! scrambled by a clock that jumps back.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::filter::JobFilter;
use crate::record::{from_row, JOB_COLUMNS, JOB_COLUMN_COUNT};
use crate::{Error, JobRecord, Result};

/// Most jobs in one page.
pub const MAX_PAGE_SIZE: usize = 1_000;

/// Where a page ended: pass it back to get the next one.
///
/// The position of the page's last job in the history's order, not an offset: jobs
/// recorded or deleted meanwhile do not shift later pages, nothing is skipped or shown
/// twice, and a page deep in the history costs what the first one does. Serialized as an
/// opaque string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    seq: i64,
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.seq)
    }
}

impl FromStr for Cursor {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.parse() {
            Ok(seq) if seq > 0 => Ok(Cursor { seq }),
            _ => Err(Error::InvalidCursor {
                cursor: s.to_owned(),
                reason: "expected a positive number".into(),
            }),
        }
    }
}

impl Serialize for Cursor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// One page of jobs, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// At most the requested number of jobs.
    pub jobs: Vec<JobRecord>,
    /// The cursor of the next page; `None` on the last page.
    /// (An opaque string in JSON.)
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub next: Option<Cursor>,
}

pub(crate) fn page(
    conn: &Connection,
    filter: &JobFilter,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Page> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let mut w = filter.to_where();
    if let Some(c) = after {
        w.and("seq < ?", [Value::Integer(c.seq)]);
    }
    let sql = format!(
        "SELECT {JOB_COLUMNS}, seq FROM jobs WHERE {} ORDER BY seq DESC LIMIT {}",
        w.clause(),
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(Error::read)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(w.params)).map_err(Error::read)?;
    let mut jobs = Vec::with_capacity(limit);
    let mut last = None;
    let mut more = false;
    while let Some(row) = rows.next().map_err(Error::read)? {
        if jobs.len() == limit {
            more = true;
            break;
        }
        let job = from_row(row).map_err(Error::read)?;
        last = Some(Cursor { seq: row.get(JOB_COLUMN_COUNT).map_err(Error::read)? });
        jobs.push(job);
    }
    Ok(Page { jobs, next: if more { last } else { None } })
}

pub(crate) fn count(conn: &Connection, filter: &JobFilter) -> Result<u64> {
    let w = filter.to_where();
    let sql = format!("SELECT count(*) FROM jobs WHERE {}", w.clause());
    let mut stmt = conn.prepare_cached(&sql).map_err(Error::read)?;
    stmt.query_row(rusqlite::params_from_iter(w.params), |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
        .map_err(Error::read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor { seq: 42 };
        assert_eq!(c.to_string().parse::<Cursor>().unwrap(), c);
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!("42"));
        let err = "12.5".parse::<Cursor>().unwrap_err();
        assert_eq!(err.code(), "invalid_cursor");
        assert!(
            "".parse::<Cursor>().is_err()
                && "0".parse::<Cursor>().is_err()
                && "-3".parse::<Cursor>().is_err()
        );
    }
}
