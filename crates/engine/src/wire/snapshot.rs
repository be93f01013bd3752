//! A full, serializable picture of the engine, for a window that opens late.

use serde::{Deserialize, Serialize};

use crate::{Aggregate, Counts, JobId, JobSpec, JobState, Outcome, PoolStatus, Priority};

/// Everything a freshly opened window needs to draw the engine's state.
///
/// It reflects exactly the batches up to and including `seq`: apply later batches on top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Snapshot {
    /// The `seq` of the last [`EventBatch`](crate::EventBatch) this snapshot includes (0: none).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    /// Every job the engine holds, in submission order.
    pub jobs: Vec<JobInfo>,
    /// The pool's configuration.
    pub pool: PoolStatus,
    /// Job counts.
    pub counts: Counts,
    /// Aggregate progress of the current batch of work.
    pub aggregate: Aggregate,
}

/// One job as a table row sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct JobInfo {
    /// The job's id.
    pub id: JobId,
    /// 0 for the engine's first job, then +1 per submitted job; stable, so a UI can derive
    /// a job's colour from it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ordinal: u64,
    /// The job kind's name, e.g. `"progress"`.
    pub kind: String,
    /// The validated parameters, defaults filled in.
    pub params: serde_json::Value,
    /// Its queue priority.
    pub priority: Priority,
    /// Where it is in its lifecycle.
    pub state: JobState,
    /// Units of work done.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// Units of work in all; 0 while unknown.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// The job's latest status text.
    pub status: Option<String>,
    /// When it was submitted, in milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub submitted_at: u64,
    /// When it first started running.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub started_at: Option<u64>,
    /// When it reached its terminal state.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub finished_at: Option<u64>,
    /// How it ended, once it has.
    pub outcome: Option<Outcome>,
    /// The names of the series the job has published points of, in first-seen order (empty:
    /// nothing to plot). Built-in kinds use one, [`DEFAULT_SERIES`](crate::DEFAULT_SERIES).
    pub series: Vec<String>,
    /// Lines the job has logged so far (see [`Engine::log`](crate::Engine::log)); read live
    /// when the row is built (a snapshot), not carried by batches: non-zero means the job
    /// has a log.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub log_lines: u64,
    /// Which attempt this job is: 1 for a first run (or a re-run), 2 for its first automatic
    /// retry, … (a row shows "attempt 2 of 4").
    pub attempt: u32,
    /// The most attempts its chain makes: its spec's `retries + 1`.
    pub max_attempts: u32,
    /// The job this one retries (attempt > 1) or re-runs ([`Engine::rerun`](crate::Engine::rerun)).
    pub retry_of: Option<JobId>,
    /// Its spec's base backoff between attempts, in seconds (see
    /// [`JobSpec::backoff_s`](crate::JobSpec::backoff_s)).
    pub backoff_s: f64,
    /// For a retry: not started before this time, in milliseconds since the Unix epoch (it is
    /// `Queued` and held until then). `None` for a job runnable as soon as it is queued.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub runnable_at: Option<u64>,
}

impl JobInfo {
    /// The spec that submits this job again as a fresh first attempt: its kind, validated
    /// parameters, priority and retry settings (e.g. for a UI re-running a row from the
    /// history; [`Engine::rerun`](crate::Engine::rerun) does the same for a job the engine
    /// still holds, and links the new job to it).
    pub fn rerun_spec(&self) -> JobSpec {
        JobSpec::new(self.kind.clone())
            .params(self.params.clone())
            .priority(self.priority)
            .retries(self.max_attempts.saturating_sub(1))
            .backoff_s(self.backoff_s)
    }
}
