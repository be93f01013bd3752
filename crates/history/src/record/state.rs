//! The states a stored job can be in: the engine's, plus `interrupted`.

use jobdeck_engine::JobState;
use serde::{Deserialize, Serialize};

/// Where a stored job is in its lifecycle, as the history knows it.
///
/// The engine's [`JobState`]s, plus [`Interrupted`](HistoryState::Interrupted): a job that
/// was queued, running or paused when Jobdeck stopped without finishing it (closed, killed,
/// crashed). It is terminal like `Succeeded`, `Failed` and `Cancelled`: nothing runs it
/// again unless someone re-runs it. Stored as its lower-case name (`"interrupted"`), which
/// is also its JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum HistoryState {
    /// Waiting in the engine's queue (this session).
    Queued,
    /// Running (this session).
    Running,
    /// Paused at a checkpoint (this session).
    Paused,
    /// Ended with a result.
    Succeeded,
    /// Ended with an error or a panic.
    Failed,
    /// Ended because it was cancelled.
    Cancelled,
    /// Jobdeck stopped before the job ended; see [`JobRecord::interrupted_from`](crate::JobRecord::interrupted_from).
    Interrupted,
}

impl HistoryState {
    /// Every state, in lifecycle order.
    pub const ALL: [HistoryState; 7] = [
        HistoryState::Queued,
        HistoryState::Running,
        HistoryState::Paused,
        HistoryState::Succeeded,
        HistoryState::Failed,
        HistoryState::Cancelled,
        HistoryState::Interrupted,
    ];

    /// The name stored in the database and used in JSON, e.g. `"interrupted"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryState::Queued => "queued",
            HistoryState::Running => "running",
            HistoryState::Paused => "paused",
            HistoryState::Succeeded => "succeeded",
            HistoryState::Failed => "failed",
            HistoryState::Cancelled => "cancelled",
            HistoryState::Interrupted => "interrupted",
        }
    }

    /// The state named `name` (as [`as_str`](Self::as_str) spells it).
    pub fn parse(name: &str) -> Option<HistoryState> {
        HistoryState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// True for every state but `Queued`, `Running` and `Paused`.
    pub fn is_terminal(self) -> bool {
        !matches!(self, HistoryState::Queued | HistoryState::Running | HistoryState::Paused)
    }
}

impl From<JobState> for HistoryState {
    fn from(state: JobState) -> Self {
        match state {
            JobState::Queued => HistoryState::Queued,
            JobState::Running => HistoryState::Running,
            JobState::Paused => HistoryState::Paused,
            JobState::Succeeded => HistoryState::Succeeded,
            JobState::Failed => HistoryState::Failed,
            JobState::Cancelled => HistoryState::Cancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_json() {
        for s in HistoryState::ALL {
            assert_eq!(HistoryState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        assert_eq!(HistoryState::parse("Interrupted"), None);
        assert!(HistoryState::Interrupted.is_terminal() && !HistoryState::Paused.is_terminal());
    }
}
