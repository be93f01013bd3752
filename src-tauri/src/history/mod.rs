//! The job history in the app: the [`jobdeck_history::History`] of the data folder, what
//! opening it found (told to the user once), and what the window does with it (re-run,
//! resume, export through the save dialog).
//!
//! - [`AppHistory`]: the history (or why there is none), the open report and the jobs queued
//!   at the last exit, offered back once.
//! - `notice`: the banner's data ([`HistoryNotice`]).
//! - `rerun`: re-running finished jobs, "Retry all failed" and "Resume N queued jobs".
//! - `save`: where an export goes: the path the user picks in the save dialog (opened from Rust),
//!   never a path the page gives.
//! - `commands`: the history's IPC commands.

pub(crate) mod commands;
mod notice;
pub(crate) mod rerun;
pub(crate) mod save;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use jobdeck_engine::JobId;
use jobdeck_history::{History, HistoryBuilder, OpenReport, QueuedJob};

pub use notice::HistoryNotice;

use crate::error::{Error, Result};

/// The environment variable that makes exports skip the save dialog and write to this path:
/// `JOBDECK_E2E_SAVE_PATH`. A test hook for the end-to-end tests (a WebDriver session cannot
/// drive a native dialog); read once at start-up, honoured only when set and not empty.
pub const SAVE_PATH_ENV: &str = "JOBDECK_E2E_SAVE_PATH";

/// The app's history and what opening it found.
pub struct AppHistory {
    /// `Err`: it could not be opened (a newer schema, a locked or unreadable file); jobs still
    /// run, nothing is recorded, and the banner says why.
    history: std::result::Result<History, jobdeck_history::Error>,
    report: Option<OpenReport>,
    /// The jobs queued at the last exit, until "Resume" takes them (once).
    queued_at_exit: Mutex<Vec<QueuedJob>>,
    /// Failed jobs re-run by "Retry all failed" this session: their retries may not be
    /// committed yet when the button is clicked again.
    retried: Mutex<HashSet<JobId>>,
    /// The e2e hook ([`SAVE_PATH_ENV`]): exports go here without a dialog.
    save_override: Option<PathBuf>,
}

impl AppHistory {
    /// Opens the history in `dir` (see [`History::open`]); a failure is kept for the banner.
    pub fn open(dir: &Path) -> Self {
        Self::open_with(History::builder(dir))
    }

    /// The same with the caller's options (e.g. a size cap standing in for a full disk in tests).
    pub fn open_with(builder: HistoryBuilder) -> Self {
        match builder.open() {
            Ok((history, report)) => Self::from_parts(Ok(history), Some(report)),
            Err(e) => {
                eprintln!("jobdeck: {e}; jobs will not be recorded");
                Self::from_parts(Err(e), None)
            }
        }
    }

    /// No history: nothing is recorded (for tests and embedders that want none).
    pub fn none() -> Self {
        Self::from_parts(Err(jobdeck_history::Error::Closed), None)
    }

    fn from_parts(
        history: std::result::Result<History, jobdeck_history::Error>,
        mut report: Option<OpenReport>,
    ) -> Self {
        let queued = report.as_mut().map(|r| std::mem::take(&mut r.queued_at_exit)).unwrap_or_default();
        AppHistory {
            history,
            report,
            queued_at_exit: Mutex::new(queued),
            retried: Mutex::default(),
            save_override: None,
        }
    }

    /// Exports go to `path` without a dialog (the e2e hook, see [`SAVE_PATH_ENV`]).
    pub fn save_to(mut self, path: impl Into<PathBuf>) -> Self {
        self.save_override = Some(path.into());
        self
    }

    /// The history, when it opened.
    pub fn get(&self) -> Option<&History> {
        self.history.as_ref().ok()
    }

    /// The history, or the error that the window's history commands answer with.
    pub(crate) fn require(&self) -> Result<&History> {
        self.history.as_ref().map_err(|e| Error::NoHistory { reason: e.to_string() })
    }

    /// What opening the history found, as the banner shows it.
    pub fn notice(&self) -> HistoryNotice {
        HistoryNotice::new(self)
    }

    /// Commits what the writer holds and stops it (after the engine's last batch).
    pub fn close(&self) {
        if let Some(h) = self.get() {
            h.close();
        }
    }

    pub(crate) fn save_override(&self) -> Option<&Path> {
        self.save_override.as_deref()
    }

    fn queued(&self) -> std::sync::MutexGuard<'_, Vec<QueuedJob>> {
        self.queued_at_exit.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn retried(&self) -> std::sync::MutexGuard<'_, HashSet<JobId>> {
        self.retried.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl std::fmt::Debug for AppHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppHistory")
            .field("path", &self.get().map(|h| h.path().to_owned()))
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}
