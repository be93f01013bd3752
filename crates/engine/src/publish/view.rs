//! The published view: the engine as the sink has been told about it, batch by batch.

use std::collections::VecDeque;
use std::sync::Arc;

use super::aggregate::{share, BatchProgress, FULL};
use super::record::Record;
use crate::job::Job;
use crate::{Counts, JobInfo, JobState, LifecycleEvent, Outcome, PoolStatus, Snapshot};

/// One job as published.
struct ViewJob {
    job: Arc<Job>,
    state: JobState,
    done: u64,
    total: u64,
    status: Option<String>,
    started_at: Option<u64>,
    finished_at: Option<u64>,
    outcome: Option<Outcome>,
    /// Its series' names, in first-seen order.
    series: Vec<String>,
    /// Its share of the batch of work (see [`BatchProgress`]); `FULL` once terminal.
    share: u32,
}

/// The engine as of batch `seq`.
///
/// Invariant: written only by the flusher, and only from the events and reports it puts in
/// the batch it is building, in the same critical section that assigns that batch's `seq`.
/// So a [`Snapshot`] taken from it under its lock is exactly "every batch up to `seq`
/// applied", with no gap and no overlap with later batches.
pub(crate) struct View {
    pub(crate) seq: u64,
    /// Job of ordinal `o` at `o - base`: Queued events come in ordinal order (ordinals are
    /// given out under the scheduler lock with the event), so a job is appended, found by
    /// index, and removed by leaving `None` (trimmed from the front).
    jobs: VecDeque<Option<ViewJob>>,
    base: u64,
    counts: Counts,
    batch: BatchProgress,
    pub(crate) pool: PoolStatus,
}

fn count(counts: &mut Counts, state: JobState) -> &mut u64 {
    match state {
        JobState::Queued => &mut counts.queued,
        JobState::Running => &mut counts.running,
        JobState::Paused => &mut counts.paused,
        JobState::Succeeded => &mut counts.succeeded,
        JobState::Failed => &mut counts.failed,
        JobState::Cancelled => &mut counts.cancelled,
    }
}

impl View {
    pub(crate) fn new(pool: PoolStatus) -> Self {
        View {
            seq: 0,
            jobs: VecDeque::new(),
            base: 0,
            counts: Counts::default(),
            batch: BatchProgress::default(),
            pool,
        }
    }

    /// Whether a job's Queued event has been published yet.
    pub(crate) fn is_announced(&self, ordinal: u64) -> bool {
        ordinal < self.base + self.jobs.len() as u64
    }

    /// Whether the job is in the view (announced and not removed).
    pub(crate) fn contains(&self, ordinal: u64) -> bool {
        self.slot(ordinal).is_some_and(|j| j.is_some())
    }

    fn slot(&self, ordinal: u64) -> Option<&Option<ViewJob>> {
        self.jobs.get(usize::try_from(ordinal.checked_sub(self.base)?).ok()?)
    }

    fn get_mut(&mut self, ordinal: u64) -> Option<&mut ViewJob> {
        let at = usize::try_from(ordinal.checked_sub(self.base)?).ok()?;
        self.jobs.get_mut(at)?.as_mut()
    }

    fn set_state(&mut self, ordinal: u64, state: JobState) -> Option<&mut ViewJob> {
        let at = usize::try_from(ordinal.checked_sub(self.base)?).ok()?;
        let job = self.jobs.get_mut(at)?.as_mut()?;
        *count(&mut self.counts, job.state) -= 1;
        *count(&mut self.counts, state) += 1;
        job.state = state;
        Some(job)
    }

    /// Applies one lifecycle event; with `out`, also appends its wire form.
    pub(crate) fn apply(&mut self, record: Record, out: Option<&mut Vec<LifecycleEvent>>) {
        let wire = match record {
            Record::Queued(job) => {
                let c = self.counts;
                self.batch.join(c.queued + c.running + c.paused == 0);
                self.counts.queued += 1;
                let ordinal = job.ordinal();
                debug_assert_eq!(
                    ordinal,
                    self.base + self.jobs.len() as u64,
                    "Queued events come in ordinal order"
                );
                let vj = ViewJob {
                    job,
                    state: JobState::Queued,
                    done: 0,
                    total: 0,
                    status: None,
                    started_at: None,
                    finished_at: None,
                    outcome: None,
                    series: Vec::new(),
                    share: 0,
                };
                let wire = out.is_some().then(|| LifecycleEvent::Queued { job: info(&vj) });
                self.jobs.push_back(Some(vj));
                wire
            }
            Record::Started { ordinal, at } => self.set_state(ordinal, JobState::Running).map(|j| {
                j.started_at.get_or_insert(at);
                LifecycleEvent::Started { id: j.job.id, at }
            }),
            Record::Paused { ordinal, at } => {
                self.set_state(ordinal, JobState::Paused).map(|j| LifecycleEvent::Paused { id: j.job.id, at })
            }
            Record::Resumed { ordinal, at } => self
                .set_state(ordinal, JobState::Running)
                .map(|j| LifecycleEvent::Resumed { id: j.job.id, at }),
            Record::Finished { ordinal, at, outcome } => {
                let want = out.is_some();
                let mut batch = self.batch;
                let wire = self.set_state(ordinal, outcome.state()).map(|j| {
                    batch.complete(j.share);
                    j.share = FULL;
                    j.finished_at = Some(at);
                    let wire =
                        want.then(|| LifecycleEvent::Finished { id: j.job.id, at, outcome: outcome.clone() });
                    j.outcome = Some(outcome);
                    wire
                });
                self.batch = batch;
                wire.flatten()
            }
            Record::Removed(ordinals) => {
                let mut ids = Vec::with_capacity(ordinals.len());
                for ordinal in ordinals {
                    let removed = ordinal
                        .checked_sub(self.base)
                        .and_then(|at| usize::try_from(at).ok())
                        .and_then(|at| self.jobs.get_mut(at))
                        .and_then(Option::take);
                    if let Some(j) = removed {
                        *count(&mut self.counts, j.state) -= 1;
                        ids.push(j.job.id);
                    }
                }
                while let Some(None) = self.jobs.front() {
                    self.jobs.pop_front();
                    self.base += 1;
                }
                Some(LifecycleEvent::Removed { ids })
            }
        };
        if let (Some(out), Some(wire)) = (out, wire) {
            out.push(wire);
        }
    }

    /// Records a job's latest progress and status.
    pub(crate) fn progress(&mut self, ordinal: u64, done: u64, total: u64, status: Option<String>) {
        let Some(at) = ordinal.checked_sub(self.base).and_then(|at| usize::try_from(at).ok()) else { return };
        let Some(Some(j)) = self.jobs.get_mut(at) else { return };
        j.done = done;
        j.total = total;
        j.status = status;
        if !j.state.is_terminal() {
            let new = share(done, total);
            if new > j.share {
                self.batch.advance(j.share, new);
                j.share = new;
            }
        }
    }

    /// Records that a job has published points of the series `name`.
    pub(crate) fn series_seen(&mut self, ordinal: u64, name: &str) {
        if let Some(j) = self.get_mut(ordinal) {
            if !j.series.iter().any(|s| s == name) {
                j.series.push(name.to_owned());
            }
        }
    }

    pub(crate) fn counts(&self) -> Counts {
        self.counts
    }

    pub(crate) fn aggregate(&self) -> crate::Aggregate {
        self.batch.figures()
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            seq: self.seq,
            jobs: self.jobs.iter().flatten().map(info).collect(),
            pool: self.pool,
            counts: self.counts,
            aggregate: self.aggregate(),
        }
    }
}

fn info(j: &ViewJob) -> JobInfo {
    JobInfo {
        id: j.job.id,
        ordinal: j.job.ordinal(),
        kind: j.job.kind.to_string(),
        params: (*j.job.params).clone(),
        priority: j.job.priority,
        state: j.state,
        done: j.done,
        total: j.total,
        status: j.status.clone(),
        submitted_at: j.job.submitted_at,
        started_at: j.started_at,
        finished_at: j.finished_at,
        outcome: j.outcome.clone(),
        series: j.series.clone(),
        log_lines: j.job.log_lines(),
        attempt: j.job.attempt.number,
        max_attempts: j.job.attempt.max,
        retry_of: j.job.attempt.retry_of,
        backoff_s: j.job.attempt.backoff_s,
        runnable_at: j.job.attempt.runnable_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{JobState, Outcome, Priority};

    fn job(ordinal: u64) -> Arc<Job> {
        let attempt = crate::job::attempt::Attempt::first(&crate::JobSpec::new("k"), None);
        let job =
            Arc::new(Job::new("k".into(), Arc::new(serde_json::json!({})), Priority::Normal, 0, attempt));
        job.set_ordinal(ordinal);
        job
    }

    fn status() -> PoolStatus {
        PoolStatus { max_concurrent: 1, default_max_concurrent: 1, job_threads: 1, compute_threads: 1 }
    }

    #[test]
    fn counts_follow_events_and_removal_trims_the_front() {
        let mut v = View::new(status());
        let mut out = Vec::new();
        for o in 0..3 {
            v.apply(Record::Queued(job(o)), Some(&mut out));
        }
        v.apply(Record::Started { ordinal: 1, at: 5 }, Some(&mut out));
        v.progress(1, 1, 4, Some("a quarter".into()));
        v.apply(Record::Finished { ordinal: 0, at: 6, outcome: Outcome::Cancelled }, Some(&mut out));
        v.apply(Record::Finished { ordinal: 1, at: 7, outcome: Outcome::Cancelled }, None);
        assert_eq!(out.len(), 5, "no wire event without an output");
        let c = v.counts();
        assert_eq!((c.queued, c.running, c.cancelled), (1, 0, 2));
        assert_eq!(v.aggregate().completed, 2);
        v.apply(Record::Removed(vec![1]), None);
        assert!(v.is_announced(1) && !v.contains(1) && v.contains(0));
        assert_eq!(v.base, 0, "a hole in the middle stays until the front goes");
        v.apply(Record::Removed(vec![0]), None);
        assert_eq!((v.base, v.jobs.len()), (2, 1), "the front is trimmed");
        assert!(v.is_announced(0) && !v.contains(0) && v.contains(2) && !v.is_announced(3));
        let snap = v.snapshot();
        assert_eq!(snap.jobs.len(), 1);
        assert_eq!((snap.jobs[0].ordinal, snap.jobs[0].state), (2, JobState::Queued));
        assert_eq!(snap.counts.cancelled, 0, "removed jobs are not counted");
    }
}
