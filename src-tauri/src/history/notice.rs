//! What the banner tells the user about the history: a file moved aside, a newer schema
//! refused, jobs interrupted, jobs to resume, saving failing.

use std::path::PathBuf;

use jobdeck_engine::ErrorPayload;
use jobdeck_history::{HistoryStatus, MovedAside};
use serde::Serialize;

use super::AppHistory;

/// The history's state for the window's banner (`history_notice`).
///
/// The page shows each part once per start (it keeps what it has shown); the shell keeps
/// answering the same so that a reloaded page can show it again.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct HistoryNotice {
    /// The database file, when the history opened.
    pub path: Option<PathBuf>,
    /// The history could not be opened (e.g. `newer_schema`): jobs run but are not recorded.
    pub error: Option<ErrorPayload>,
    /// A damaged file was moved aside and a fresh one started.
    pub moved_aside: Option<MovedAside>,
    /// Jobs that were queued, running or paused when Jobdeck last stopped.
    #[cfg_attr(test, ts(type = "number"))]
    pub interrupted: u64,
    /// Of those, the queued ones still offered back ("Resume N queued jobs"); 0 once resumed.
    #[cfg_attr(test, ts(type = "number"))]
    pub queued_at_exit: usize,
    /// Whether saving works now (a full disk is `failing`).
    pub status: Option<HistoryStatus>,
}

impl HistoryNotice {
    pub(crate) fn new(h: &AppHistory) -> Self {
        let error = h.history.as_ref().err().filter(|e| !matches!(e, jobdeck_history::Error::Closed));
        HistoryNotice {
            path: h.get().map(|h| h.path().to_owned()),
            error: error.map(|e| ErrorPayload {
                code: e.code().to_owned(),
                message: e.to_string(),
                field: None,
            }),
            moved_aside: h.report.as_ref().and_then(|r| r.moved_aside.clone()),
            interrupted: h.report.as_ref().map_or(0, |r| r.interrupted),
            queued_at_exit: h.queued().len(),
            status: h.get().map(|h| h.status()),
        }
    }
}
