//! A stored job as the window reads it, and the pieces the shell adds to one.

use std::path::PathBuf;

use jobdeck_engine::{JobId, JobSpec, Outcome, Priority};
use serde::{Deserialize, Serialize};

use super::HistoryState;

/// One job from the history: a table row, a detail view, a line of an export.
///
/// Field names and JSON shapes follow the engine's [`JobInfo`](jobdeck_engine::JobInfo), so
/// a UI draws a stored job and a live one with the same code, plus what only the history
/// knows: `interrupted`, attempts, the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    /// The job's id (the engine's, unique across restarts).
    pub id: JobId,
    /// The job kind's name, e.g. `"progress"`.
    pub kind: String,
    /// The validated parameters, defaults filled in.
    pub params: serde_json::Value,
    /// Its queue priority.
    pub priority: Priority,
    /// Where it is, or how it ended.
    pub state: HistoryState,
    /// For an `interrupted` job, the state it was in when Jobdeck stopped.
    pub interrupted_from: Option<HistoryState>,
    /// When it was submitted, in milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub submitted_at: u64,
    /// When it first started running.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub started_at: Option<u64>,
    /// When it reached its terminal state (unknown, so `None`, for interrupted jobs).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub finished_at: Option<u64>,
    /// How it ended, for `succeeded`, `failed` and `cancelled` jobs.
    pub outcome: Option<Outcome>,
    /// 1 for a first run, 2 for its first retry, ...
    pub attempt: u32,
    /// The job this one retries, if it is a retry (or re-runs, if it is a re-run).
    pub retry_of: Option<JobId>,
    /// The most attempts its chain makes: its spec's `retries + 1` (1 for rows recorded
    /// before schema version 3).
    pub max_attempts: u32,
    /// Its spec's base backoff between attempts, in seconds.
    pub backoff_s: f64,
    /// Units of work done, as last reported.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// Units of work in all, as last reported; 0 while unknown.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// The job's last status text.
    pub status: Option<String>,
    /// True when a series is stored for it (see [`History::series`](crate::History::series)).
    pub has_series: bool,
    /// True when a log tail is stored for it (see [`History::log`](crate::History::log)).
    pub has_log: bool,
}

/// A job that was waiting in the queue when Jobdeck stopped, as [`History::open`](crate::History::open)
/// hands it back so that the app can offer to queue it again ("Resume 37 queued jobs").
///
/// Its row is `interrupted` already: submitting it again makes a new job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuedJob {
    /// The interrupted job's id.
    pub id: JobId,
    /// Its kind.
    pub kind: String,
    /// Its validated parameters.
    pub params: serde_json::Value,
    /// Its priority.
    pub priority: Priority,
    /// When it was submitted, in milliseconds since the Unix epoch.
    pub submitted_at: u64,
    /// Its attempt number.
    pub attempt: u32,
    /// The job it retried, if any.
    pub retry_of: Option<JobId>,
    /// The most attempts its chain makes.
    pub max_attempts: u32,
    /// Its spec's base backoff between attempts, in seconds.
    pub backoff_s: f64,
}

impl QueuedJob {
    /// The spec that submits it again: same kind, parameters and priority, with the retries
    /// its chain had left (a resumed attempt 2 of 4 may retry twice more) and its backoff.
    pub fn spec(&self) -> JobSpec {
        spec_of(
            &self.kind,
            &self.params,
            self.priority,
            self.max_attempts.saturating_sub(self.attempt),
            self.backoff_s,
        )
    }
}

impl JobRecord {
    /// The spec that re-runs it as a fresh first attempt: its kind, validated parameters,
    /// priority and retry settings (as [`JobInfo::rerun_spec`](jobdeck_engine::JobInfo::rerun_spec)
    /// for a live job). Link the new job to this one with [`History::link`](crate::History::link)
    /// (`attempt: 1, retry_of: Some(id)`) if the engine no longer holds it.
    pub fn rerun_spec(&self) -> JobSpec {
        spec_of(&self.kind, &self.params, self.priority, self.max_attempts.saturating_sub(1), self.backoff_s)
    }
}

/// A stored job's spec with `retries` left: what both a resume and a re-run submit.
fn spec_of(
    kind: &str,
    params: &serde_json::Value,
    priority: Priority,
    retries: u32,
    backoff_s: f64,
) -> JobSpec {
    JobSpec::new(kind).params(params.clone()).priority(priority).retries(retries).backoff_s(backoff_s)
}

/// How a job relates to earlier runs.
///
/// The sink reads it from the engine's `Queued` event ([`JobInfo::attempt`] and
/// [`JobInfo::retry_of`], set by the engine's automatic retries and
/// [`Engine::rerun`](jobdeck_engine::Engine::rerun)), so most jobs need nothing more. Pass it
/// with [`History::link`](crate::History::link) for a link the engine cannot know, e.g. a
/// job the app submits to resume an interrupted one from an earlier session; it wins over
/// the engine's.
///
/// [`JobInfo::attempt`]: jobdeck_engine::JobInfo::attempt
/// [`JobInfo::retry_of`]: jobdeck_engine::JobInfo::retry_of
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobLink {
    /// 1 for a first run, 2 for its first retry, ...
    pub attempt: u32,
    /// The job this one retries.
    pub retry_of: Option<JobId>,
}

/// A job's log as stored: the tail of its output and the file holding all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobLog {
    /// The last [`LOG_TAIL_CAP`](crate::LOG_TAIL_CAP) bytes (at most) of its output.
    pub tail: Option<String>,
    /// The file with its whole output, for command jobs.
    pub path: Option<PathBuf>,
}

/// The columns [`from_row`] reads, in order, for `SELECT {JOB_COLUMNS} FROM jobs`.
pub(crate) const JOB_COLUMNS: &str = "id, kind, params, priority, state, interrupted_from, submitted_at, \
     started_at, finished_at, result, message, panicked, attempt, retry_of, done, total, status, \
     EXISTS (SELECT 1 FROM series WHERE series.job = jobs.seq), log_tail IS NOT NULL, max_attempts, backoff_s";

/// How many columns [`JOB_COLUMNS`] has: the index of a column a query selects after them.
pub(crate) const JOB_COLUMN_COUNT: usize = 21;

/// Reads one row selected with [`JOB_COLUMNS`].
pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<JobRecord> {
    let state = state_col(r, 4)?;
    let result: Option<String> = r.get(9)?;
    let message: Option<String> = r.get(10)?;
    let panicked: bool = r.get(11)?;
    let outcome = match state {
        HistoryState::Succeeded => Some(Outcome::Succeeded { result: json_col(result.as_deref(), 9)? }),
        HistoryState::Failed => Some(Outcome::Failed { message: message.unwrap_or_default(), panicked }),
        HistoryState::Cancelled => Some(Outcome::Cancelled),
        _ => None,
    };
    Ok(JobRecord {
        id: id_col(r, 0)?,
        kind: r.get(1)?,
        params: json_col(Some(&r.get::<_, String>(2)?), 2)?,
        priority: priority_from_str(&r.get::<_, String>(3)?),
        state,
        interrupted_from: r.get::<_, Option<String>>(5)?.as_deref().and_then(HistoryState::parse),
        submitted_at: r.get::<_, i64>(6)? as u64,
        started_at: r.get::<_, Option<i64>>(7)?.map(|t| t as u64),
        finished_at: r.get::<_, Option<i64>>(8)?.map(|t| t as u64),
        outcome,
        attempt: r.get(12)?,
        retry_of: opt_id_col(r, 13)?,
        done: r.get::<_, i64>(14)? as u64,
        total: r.get::<_, i64>(15)? as u64,
        status: r.get(16)?,
        has_series: r.get(17)?,
        has_log: r.get(18)?,
        max_attempts: r.get(19)?,
        backoff_s: r.get(20)?,
    })
}

pub(crate) fn priority_str(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
    }
}

/// Unknown names read as `normal`: a newer engine's priority still shows.
pub(crate) fn priority_from_str(s: &str) -> Priority {
    match s {
        "low" => Priority::Low,
        "high" => Priority::High,
        _ => Priority::Normal,
    }
}

fn conversion(i: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

pub(crate) fn id_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<JobId> {
    r.get::<_, String>(i)?.parse().map_err(|e| conversion(i, e))
}

pub(crate) fn opt_id_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<JobId>> {
    r.get::<_, Option<String>>(i)?.map(|s| s.parse().map_err(|e| conversion(i, e))).transpose()
}

/// A JSON column; SQL NULL reads as JSON `null`.
pub(crate) fn json_col(text: Option<&str>, i: usize) -> rusqlite::Result<serde_json::Value> {
    text.map_or(Ok(serde_json::Value::Null), |t| serde_json::from_str(t).map_err(|e| conversion(i, e)))
}

fn state_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<HistoryState> {
    let s: String = r.get(i)?;
    HistoryState::parse(&s).ok_or_else(|| conversion(i, UnknownState(s)))
}

#[derive(Debug)]
struct UnknownState(String);

impl std::fmt::Display for UnknownState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown job state `{}`", self.0)
    }
}

impl std::error::Error for UnknownState {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_column_count_matches_the_column_list() {
        // Split at top-level commas only (the EXISTS subquery has none).
        assert_eq!(super::JOB_COLUMNS.split(',').count(), super::JOB_COLUMN_COUNT);
    }
}
