//! What the engine tells its sink: batches of coalesced events.

use serde::{Deserialize, Serialize};

use crate::{Aggregate, Counts, JobId, JobInfo, Outcome, PoolStatus};

/// Everything that happened during one flush interval, coalesced.
///
/// The engine hands its [`EventSink`](crate::EventSink) at most one batch per flush interval,
/// and none while nothing changes. Lifecycle events are never dropped and keep their order;
/// progress is the latest value per job; data points beyond the per-job, per-batch budget
/// are decimated to each bucket's minimum and maximum, so peaks survive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EventBatch {
    /// 1 for the first batch, then +1 per batch. A [`Snapshot`](crate::Snapshot) carries the
    /// `seq` of the last batch it includes, so a late window applies only later batches.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    /// Lifecycle events in the order they happened (per job, and across jobs).
    pub lifecycle: Vec<LifecycleEvent>,
    /// The latest progress of each job that reported since the previous batch.
    pub progress: Vec<ProgressUpdate>,
    /// New data points per job and series since the previous batch, decimated to the batch
    /// budget.
    pub data: Vec<SeriesChunk>,
    /// The pool's configuration after this batch.
    pub pool: PoolStatus,
    /// Job counts after this batch.
    pub counts: Counts,
    /// Aggregate progress of the current batch of work after this batch.
    pub aggregate: Aggregate,
}

/// A change in one job's lifecycle, or in the set of jobs the engine holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
// `Queued` carries the whole row by design (a UI adds it as it comes); boxing it would change
// every caller's pattern for a few hundred bytes per event in a batch whose lifecycle events
// are bounded (BATCH_LIFECYCLE_BUDGET).
#[allow(clippy::large_enum_variant)]
pub enum LifecycleEvent {
    /// A job was accepted and queued; carries everything a table row needs.
    Queued {
        /// The new job, in state `Queued`.
        job: JobInfo,
    },
    /// A job took a slot and began running.
    Started {
        /// Which job.
        id: JobId,
        /// Milliseconds since the Unix epoch.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// A job stopped at a checkpoint and waits to be resumed.
    Paused {
        /// Which job.
        id: JobId,
        /// Milliseconds since the Unix epoch.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// A paused job continued.
    Resumed {
        /// Which job.
        id: JobId,
        /// Milliseconds since the Unix epoch.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// A job reached its terminal state. Exactly one per job.
    Finished {
        /// Which job.
        id: JobId,
        /// Milliseconds since the Unix epoch.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
        /// How it ended.
        outcome: Outcome,
    },
    /// Finished jobs were forgotten (their rows and series go with them).
    Removed {
        /// The jobs removed.
        ids: Vec<JobId>,
    },
}

/// The latest progress of one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProgressUpdate {
    /// Which job.
    pub id: JobId,
    /// Units of work done, `0..=total`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// Units of work in all; 0 while unknown.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// The job's latest status text, if it set one.
    pub status: Option<String>,
}

/// New points of one of a job's data series, column-oriented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SeriesChunk {
    /// Which job's series.
    pub id: JobId,
    /// Which of its series, e.g. [`DEFAULT_SERIES`](crate::DEFAULT_SERIES) or `"loss"`.
    pub series: String,
    /// X values, in the order the job reported them.
    pub x: Vec<f64>,
    /// Y values, one per x.
    pub y: Vec<f64>,
    /// True when the job reported more points than the batch budget and these are the
    /// min/max decimation of them (the full series is in the engine's series store).
    pub decimated: bool,
}
