//! The dirty list: jobs with reports the flusher has not taken yet.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use super::signal::FlushSignal;
use crate::job::Job;
use crate::sync::lock;

/// Jobs that reported since the flusher last looked, each at most once.
///
/// Invariant: a job is on the list at most once, because only the reporter that flips its
/// `Job::dirty` from false to true pushes it; the flusher clears that flag *before* it reads
/// the job's reports, so a report made after the read pushes the job anew (see
/// [`Job::dirty`](crate::job::Job)).
pub(crate) struct DirtyList {
    jobs: Mutex<Vec<Arc<Job>>>,
}

impl DirtyList {
    pub(crate) fn new() -> Self {
        DirtyList { jobs: Mutex::new(Vec::new()) }
    }

    /// Adds `job` unless it is on the list already, then rings the flusher. While a job is on
    /// the list, this costs the reporter one relaxed atomic load.
    #[inline]
    pub(crate) fn mark(&self, job: &Arc<Job>, signal: &FlushSignal) {
        if !job.dirty.load(Ordering::Relaxed) && !job.dirty.swap(true, Ordering::AcqRel) {
            lock(&self.jobs).push(job.clone());
            signal.wake();
        }
    }

    /// Swaps the list with `spare` (the flusher's empty buffer), so that neither side
    /// reallocates on every burst.
    pub(crate) fn swap(&self, spare: &mut Vec<Arc<Job>>) {
        std::mem::swap(&mut *lock(&self.jobs), spare);
    }
}
