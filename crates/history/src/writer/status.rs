//! Whether the history is saving: what the app shows when it is not.

use std::sync::Mutex;

use serde::Serialize;

use crate::Error;

/// The history's health as the app shows it.
///
/// Saving never stops a job: when a write fails (a full disk, a read-only file), the
/// writer keeps every unsaved change in memory and retries with a backoff (250 ms doubling
/// to 5 s) while jobs go on. The status changes — and the
/// [`on_status`](crate::HistoryBuilder::on_status) callback runs — only on a transition,
/// so the user is told once, not at every retry.
///
/// Serialized with a `state` tag: `{"state": "ok"}`,
/// `{"state": "failing", "error": {"code": "disk_full", "message": "…"}, "since": …, "unsavedJobs": 12}`,
/// `{"state": "damaged", "reason": "…"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum HistoryStatus {
    /// Everything the writer was given is saved (or being saved).
    Ok,
    /// Writes fail and are being retried.
    #[serde(rename_all = "camelCase")]
    Failing {
        /// The latest failure (`disk_full`, `write_failed`, ...).
        #[cfg_attr(feature = "ts", ts(as = "jobdeck_engine::ErrorPayload"))]
        error: Error,
        /// When writes started failing, in milliseconds since the Unix epoch.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        since: u64,
        /// Jobs with changes not saved yet (as of the latest retry).
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        unsaved_jobs: usize,
    },
    /// The background check found the file damaged: it keeps working for this session as
    /// far as it can, and is moved aside at the next start (see [`OpenReport::moved_aside`](crate::OpenReport::moved_aside)).
    Damaged {
        /// What the check found.
        reason: String,
    },
}

/// A status callback.
pub(crate) type OnStatus = Box<dyn Fn(&HistoryStatus) + Send + Sync>;

/// The current status, shared by the writer, the background check and the handle.
pub(crate) struct StatusCell {
    /// Written by the writer thread (ok ⇄ failing) and the background check (damaged);
    /// read by anyone. `Damaged` is final for the session: later write failures update
    /// nothing, since the user has already been told the file is in trouble.
    status: Mutex<HistoryStatus>,
    on_change: Option<OnStatus>,
}

impl StatusCell {
    pub(crate) fn new(on_change: Option<OnStatus>) -> Self {
        StatusCell { status: Mutex::new(HistoryStatus::Ok), on_change }
    }

    pub(crate) fn get(&self) -> HistoryStatus {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A write failed (again).
    pub(crate) fn failing(&self, error: Error, unsaved_jobs: usize) {
        self.update(|s| match s {
            HistoryStatus::Ok => {
                *s = HistoryStatus::Failing { error, since: crate::time::now_ms(), unsaved_jobs };
                true
            }
            HistoryStatus::Failing { error: e, unsaved_jobs: n, .. } => {
                (*e, *n) = (error, unsaved_jobs);
                false
            }
            HistoryStatus::Damaged { .. } => false,
        });
    }

    /// A write succeeded.
    pub(crate) fn saved(&self) {
        self.update(|s| {
            let was_failing = matches!(s, HistoryStatus::Failing { .. });
            if was_failing {
                *s = HistoryStatus::Ok;
            }
            was_failing
        });
    }

    pub(crate) fn damaged(&self, reason: String) {
        self.update(|s| {
            *s = HistoryStatus::Damaged { reason };
            true
        });
    }

    /// Applies `change`; tells the callback (outside the lock) when it returns true.
    fn update(&self, change: impl FnOnce(&mut HistoryStatus) -> bool) {
        let now = {
            let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
            if !change(&mut s) {
                return;
            }
            s.clone()
        };
        if let Some(f) = &self.on_change {
            f(&now);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn tells_only_transitions() {
        let told = Arc::new(Mutex::new(Vec::new()));
        let log = told.clone();
        let cell =
            StatusCell::new(Some(Box::new(move |s: &HistoryStatus| log.lock().unwrap().push(s.clone()))));
        let full = Error::DiskFull { reason: "database or disk is full".into() };
        cell.saved();
        for n in 1..=5 {
            cell.failing(full.clone(), n);
        }
        assert!(matches!(cell.get(), HistoryStatus::Failing { unsaved_jobs: 5, .. }));
        cell.saved();
        cell.saved();
        let told = told.lock().unwrap();
        assert_eq!(told.len(), 2, "{told:?}");
        assert!(matches!(&told[0], HistoryStatus::Failing { error, unsaved_jobs: 1, .. } if *error == full));
        assert_eq!(told[1], HistoryStatus::Ok);
    }

    #[test]
    fn serializes_with_a_state_tag() {
        let s = HistoryStatus::Failing { error: Error::Closed, since: 5, unsaved_jobs: 2 };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({"state": "failing", "error": {"code": "closed", "message": "the history has been closed"}, "since": 5, "unsavedJobs": 2})
        );
        assert_eq!(serde_json::to_value(HistoryStatus::Ok).unwrap(), serde_json::json!({"state": "ok"}));
    }
}
