//! The one transition made at open: jobs that were not finished when the last session
//! ended become `interrupted`.

use rusqlite::{Connection, TransactionBehavior};

use crate::record::{id_col, json_col, opt_id_col, priority_from_str, QueuedJob};

/// What [`interrupt_unfinished`] changed.
pub(crate) struct Interrupted {
    /// Jobs that were queued, in submission order (the engine re-sorts by priority).
    pub(crate) queued: Vec<QueuedJob>,
    /// Jobs that were queued, running or paused, all now `interrupted`.
    pub(crate) count: u64,
}

/// Marks every `queued`, `running` or `paused` job `interrupted` (keeping the state it was
/// in as `interrupted_from`), and returns those that were queued.
///
/// Only the session whose engine runs a job writes its row, and open runs before this
/// session's engine has any job: whatever is unfinished here belongs to a session that
/// ended. (Two Jobdecks on one data folder would break this; the shell runs one instance.)
pub(crate) fn interrupt_unfinished(conn: &mut Connection) -> rusqlite::Result<Interrupted> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let queued = {
        let mut stmt = tx.prepare(
            "SELECT id, kind, params, priority, submitted_at, attempt, retry_of, max_attempts, backoff_s
             FROM jobs WHERE state = 'queued' ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QueuedJob {
                id: id_col(r, 0)?,
                kind: r.get(1)?,
                params: json_col(Some(&r.get::<_, String>(2)?), 2)?,
                priority: priority_from_str(&r.get::<_, String>(3)?),
                submitted_at: r.get::<_, i64>(4)? as u64,
                attempt: r.get(5)?,
                retry_of: opt_id_col(r, 6)?,
                max_attempts: r.get(7)?,
                backoff_s: r.get(8)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let count = tx.execute(
        "UPDATE jobs SET interrupted_from = state, state = 'interrupted'
         WHERE state IN ('queued', 'running', 'paused')",
        [],
    )? as u64;
    tx.commit()?;
    Ok(Interrupted { queued, count })
}
