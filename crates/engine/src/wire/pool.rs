//! Pool-wide figures: the concurrency limit, job counts and the aggregate progress.

use serde::{Deserialize, Serialize};

/// The pool's configuration as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PoolStatus {
    /// The most jobs that may hold a slot (running or paused) at once.
    pub max_concurrent: u32,
    /// The limit the engine was built with by default on this machine (its available parallelism).
    pub default_max_concurrent: u32,
    /// Threads of the rayon pool that runs job bodies; the limit can never exceed it.
    pub job_threads: u32,
    /// Threads of the rayon pool that jobs use for their inner parallel work.
    pub compute_threads: u32,
}

/// How many jobs the engine holds in each state (jobs removed by `clear_finished` are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Counts {
    /// Waiting for a slot.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub queued: u64,
    /// Running on a pool thread.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub running: u64,
    /// Paused at a checkpoint (still holding a slot).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub paused: u64,
    /// Ended with a result.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub succeeded: u64,
    /// Ended with an error or a panic.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub failed: u64,
    /// Ended by cancellation.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cancelled: u64,
}

/// Progress of the current batch of work: every job submitted since the engine was last idle.
///
/// Finished, failed and cancelled jobs count as complete, so `fraction` never falls when a
/// job ends; only a newly submitted job can lower it. When the engine goes idle the batch
/// stays as it is (complete) until the next submission starts a new one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Aggregate {
    /// Jobs in the current batch of work.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub jobs: u64,
    /// Jobs of the batch in a terminal state.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub completed: u64,
    /// Mean completion of the batch's jobs in `0.0..=1.0` (a terminal job counts 1.0,
    /// a running one `done / total`, a queued one 0.0).
    pub fraction: f64,
}
