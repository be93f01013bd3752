//! The states a job moves through, its priority, and how it ended.

use serde::{Deserialize, Serialize};

/// Where a job is in its lifecycle.
///
/// `Queued → Running → (Paused ⇄ Running) → Succeeded | Failed | Cancelled`.
/// A queued job may also go straight to `Cancelled`. The three terminal states are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum JobState {
    /// Waiting in the engine's queue for a free slot.
    Queued,
    /// Holding a slot and running on a pool thread.
    Running,
    /// Holding its slot, stopped at a checkpoint until resumed or cancelled.
    Paused,
    /// Ended with a result.
    Succeeded,
    /// Ended with an error or a panic.
    Failed,
    /// Ended because it was cancelled (while queued, running or paused).
    Cancelled,
}

impl JobState {
    /// True for `Succeeded`, `Failed` and `Cancelled`.
    pub fn is_terminal(self) -> bool {
        matches!(self, JobState::Succeeded | JobState::Failed | JobState::Cancelled)
    }
}

/// Queue order: higher priority first, first-in first-out within a priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Priority {
    /// Runs after every queued `Normal` and `High` job.
    Low,
    /// The default.
    #[default]
    Normal,
    /// Runs before every queued `Normal` and `Low` job.
    High,
}

/// How a job ended. Every job gets exactly one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Outcome {
    /// The job returned a result.
    Succeeded {
        /// What the job returned; its shape is documented by each job kind.
        result: serde_json::Value,
    },
    /// The job returned an error or panicked.
    Failed {
        /// The error's message, or the panic's payload when it was a string.
        message: String,
        /// True when the job panicked rather than returning an error.
        panicked: bool,
    },
    /// The job was cancelled before it could finish.
    Cancelled,
}

impl Outcome {
    /// The terminal state this outcome puts a job in.
    pub fn state(&self) -> JobState {
        match self {
            Outcome::Succeeded { .. } => JobState::Succeeded,
            Outcome::Failed { .. } => JobState::Failed,
            Outcome::Cancelled => JobState::Cancelled,
        }
    }
}
