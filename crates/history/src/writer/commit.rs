//! One transaction: every unsaved change, and the series that are due.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use jobdeck_engine::JobId;
use rusqlite::{params, Connection, TransactionBehavior};

use super::changes::{Change, Changes};
use crate::record::{encode, priority_str};

/// What a successful commit saved, for [`Changes::saved`].
pub(crate) struct Committed {
    /// New rows and their `seq`.
    pub(crate) inserted: HashMap<JobId, i64>,
    /// Jobs whose series were written.
    pub(crate) series_written: Vec<JobId>,
    /// Changes that matched no row (a log for a job not recorded yet).
    pub(crate) unmatched: HashSet<JobId>,
}

/// Writes everything in `changes` in one transaction; on error nothing is written and
/// `changes` is as it was, to be retried.
pub(crate) fn commit(conn: &mut Connection, changes: &Changes, now: Instant) -> rusqlite::Result<Committed> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done =
        Committed { inserted: HashMap::new(), series_written: Vec::new(), unmatched: HashSet::new() };
    for (id, c) in changes.iter() {
        if c.new.is_some() {
            done.inserted.insert(*id, insert(&tx, id, c)?);
        } else if !update(&tx, id, c)? {
            done.unmatched.insert(*id);
        }
    }
    let due = changes.series_due(now);
    if !due.is_empty() {
        let mut write = tx.prepare_cached(
            "INSERT INTO series (job, name, points, decimated, x, y) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (job, name) DO UPDATE SET
                 points = excluded.points, decimated = excluded.decimated, x = excluded.x, y = excluded.y",
        )?;
        for id in due {
            let Some(seq) =
                changes.live.get(&id).and_then(|l| l.seq).or_else(|| done.inserted.get(&id).copied())
            else {
                continue; // its row is not saved: neither is its series, yet
            };
            for (name, s) in &changes.series[&id].names {
                let (x, y, decimated) = s.to_columns();
                write.execute(params![seq, name, x.len() as i64, decimated, encode(&x), encode(&y)])?;
            }
            done.series_written.push(id);
        }
    }
    tx.commit()?;
    Ok(done)
}

fn insert(tx: &rusqlite::Transaction<'_>, id: &JobId, c: &Change) -> rusqlite::Result<i64> {
    let new = c.new.as_ref().expect("insert is for new rows");
    let end = c.finished.as_ref();
    let (done, total, status) = c.progress.clone().unwrap_or((0, 0, None));
    let mut stmt = tx.prepare_cached(
        "INSERT INTO jobs (id, kind, params, priority, state, submitted_at, started_at, finished_at,
                           result, message, panicked, attempt, retry_of, done, total, status, log_tail, log_path,
                           max_attempts, backoff_s)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    stmt.execute(params![
        id.to_string(),
        new.kind,
        new.params,
        priority_str(new.priority),
        c.state.map_or("queued", |s| s.as_str()),
        new.submitted_at as i64,
        c.started_at.map(|t| t as i64),
        end.map(|e| e.at as i64),
        end.and_then(|e| e.result.as_deref()),
        end.and_then(|e| e.message.as_deref()),
        end.is_some_and(|e| e.panicked),
        // An explicit `History::link` wins over what the engine announced.
        c.link.unwrap_or(new.link).attempt,
        c.link.unwrap_or(new.link).retry_of.map(|r| r.to_string()),
        done as i64,
        total as i64,
        status,
        c.log_tail,
        c.log_path,
        new.max_attempts,
        new.backoff_s,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Updates an existing row; false when there is none. One statement per kind of change,
/// so that only the job's end touches the search index's columns (message, result).
fn update(tx: &rusqlite::Transaction<'_>, id: &JobId, c: &Change) -> rusqlite::Result<bool> {
    let id = id.to_string();
    let mut matched = true;
    if c.state.is_some() || c.started_at.is_some() || c.progress.is_some() {
        let mut stmt = tx.prepare_cached(
            "UPDATE jobs SET state = coalesce(?2, state), started_at = coalesce(started_at, ?3),
                 done = CASE WHEN ?4 THEN ?5 ELSE done END, total = CASE WHEN ?4 THEN ?6 ELSE total END,
                 status = CASE WHEN ?4 THEN ?7 ELSE status END
             WHERE id = ?1",
        )?;
        let (done, total, status) = c.progress.clone().unwrap_or((0, 0, None));
        matched &= stmt.execute(params![
            id,
            c.state.map(|s| s.as_str()),
            c.started_at.map(|t| t as i64),
            c.progress.is_some(),
            done as i64,
            total as i64,
            status
        ])? > 0;
    }
    if let Some(end) = &c.finished {
        let mut stmt = tx.prepare_cached(
            "UPDATE jobs SET finished_at = ?2, result = ?3, message = ?4, panicked = ?5 WHERE id = ?1",
        )?;
        matched &= stmt.execute(params![id, end.at as i64, end.result, end.message, end.panicked])? > 0;
    }
    if c.log_tail.is_some() || c.log_path.is_some() {
        let mut stmt = tx.prepare_cached(
            "UPDATE jobs SET log_tail = coalesce(?2, log_tail), log_path = coalesce(?3, log_path) WHERE id = ?1",
        )?;
        matched &= stmt.execute(params![id, c.log_tail, c.log_path])? > 0;
    }
    if let Some(link) = c.link {
        let mut stmt = tx.prepare_cached("UPDATE jobs SET attempt = ?2, retry_of = ?3 WHERE id = ?1")?;
        matched &= stmt.execute(params![id, link.attempt, link.retry_of.map(|r| r.to_string())])? > 0;
    }
    Ok(matched)
}
