//! What opening the history found and did, for the app to tell the user.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::QueuedJob;

/// What [`History::open`](crate::History::open) found and changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenReport {
    /// The database file.
    pub path: PathBuf,
    /// Set when the file was damaged or unreadable and a fresh one was started: where the
    /// old one went, and why. The app should tell the user.
    pub moved_aside: Option<MovedAside>,
    /// The schema version the file was migrated from, when it was older than this build's
    /// ([`SCHEMA_VERSION`](crate::SCHEMA_VERSION)); `None` when nothing was migrated
    /// (including a brand-new file).
    pub migrated_from: Option<u32>,
    /// How many jobs were queued, running or paused when the last session ended; they are
    /// all `interrupted` now.
    pub interrupted: u64,
    /// Those of them that were waiting in the queue, oldest first, for the app to offer
    /// back in one action ("Resume 37 queued jobs"). Nothing re-runs them by itself.
    pub queued_at_exit: Vec<QueuedJob>,
}

/// A database that was moved out of the way instead of being deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MovedAside {
    /// Where it is now: `history.damaged-<UTC time>.sqlite3` beside the new one (with its
    /// `-wal` and `-shm` files, if it had them).
    pub to: PathBuf,
    /// What was wrong with it.
    pub reason: String,
}
