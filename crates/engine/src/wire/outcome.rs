//! What a cancel, pause or resume request did.

use serde::{Deserialize, Serialize};

/// The result of [`Engine::cancel`](crate::Engine::cancel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum CancelOutcome {
    /// The job was queued: it was removed and will never run.
    Removed,
    /// The job was running or paused: it was asked to stop and ends at its next checkpoint.
    Requested,
    /// The job had already ended; nothing was done.
    AlreadyFinished,
}

/// The result of [`Engine::pause`](crate::Engine::pause) and [`Engine::resume`](crate::Engine::resume).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ControlOutcome {
    /// The request was passed to the job; it takes effect at its next checkpoint.
    Requested,
    /// The job was already paused (for pause) or not paused (for resume); nothing was done.
    Unchanged,
    /// The job had already ended; nothing was done.
    AlreadyFinished,
}
