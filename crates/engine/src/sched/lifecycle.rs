//! Every change of a job's lifecycle, in one place.
//!
//! ```text
//!             enqueue       start_next          finish
//!   (submit) ────────► Queued ─────────► Running ───────► Succeeded | Failed | Cancelled
//!                      ▲ │                │   ▲                          ▲      │
//!        release_due   │ │          pause │   │ resume                   │      │ retry
//!   Queued (held) ─────┘ │                ▼   │                          │      │ (held)
//!        ▲               │               Paused ─────────────────────────┘      │
//!        │               │ cancel_queued, drain_queue                           │
//!        │               └──────────────────────────────────────────────► Cancelled
//!        └──────────────────────────────────────────────────────────────────────┘
//!   terminal ──remove_finished──► (forgotten)
//! ```
//!
//! A held job (a retry waiting for its time, see `retry.rs`) is Queued like any other: it is
//! cancelled, drained and counted as queued jobs are; it just is not in the queue yet.
//!
//! The transitions are methods of [`Sched`], called with the scheduler lock held. Each one
//! sets the job's state *and* appends the [`Record`] that reports it, so the event log is in
//! exactly the order states changed, and no other code writes either (`Sched`'s fields are
//! private to `sched/`).
//!
//! The operations the engine and a job's context call are methods of [`Shared`]: each takes
//! the lock, checks what the request means in the job's current state, makes the transition,
//! and after unlocking does the wake-ups it calls for (the flusher for every record, sleeping
//! workers for newly runnable jobs, `wait_idle` callers when the engine goes idle). A job
//! body removed from the queue is a caller's closure: it is dropped after the lock is released.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::{Queued, Sched, Shared};
use crate::job::Job;
use crate::publish::record::Record;
use crate::sync::now_ms;
use crate::{CancelOutcome, ControlOutcome, Error, JobError, JobId, JobState, Outcome, Result};

impl Sched {
    /// (new) → Queued, for each of `items` in order; calls `queued` with each id. Returns how
    /// many of them may start at once (free slots).
    fn enqueue(
        &mut self,
        items: impl ExactSizeIterator<Item = Queued>,
        mut queued: impl FnMut(JobId),
    ) -> Result<usize> {
        if self.shutting_down {
            return Err(Error::ShutDown);
        }
        let n = items.len();
        self.jobs.reserve(n);
        self.events.reserve(n);
        for q in items {
            queued(q.job.id);
            self.announce(&q.job);
            self.queue.push(q.job.priority, q);
        }
        Ok(self.free_slots().min(n))
    }

    /// Gives a new job its ordinal, enters it in the table and records it Queued.
    fn announce(&mut self, job: &Arc<Job>) {
        // Given out with the Queued record, under this lock: ordinals follow queue order
        // and Queued records come in ordinal order (the published view relies on it).
        let ordinal = self.next_ordinal;
        self.next_ordinal += 1;
        job.set_ordinal(ordinal);
        self.jobs.insert(job.id, Arc::clone(job));
        self.events.push(Record::Queued(Arc::clone(job)));
    }

    fn free_slots(&self) -> usize {
        self.limit.saturating_sub(self.active.len())
    }

    /// (new) → Queued (held until its `runnable_at`), for the retry of a failed attempt.
    fn hold(&mut self, q: Queued) {
        let at = q.job.attempt.runnable_at.expect("a retry has a runnable_at");
        self.announce(&q.job);
        self.held.insert((at, q.job.ordinal()), q);
    }

    /// Moves every held job due by `now` into the queue (their state stays Queued). Returns
    /// how many of them may start at once (free slots).
    pub(super) fn release_due(&mut self, now: u64) -> usize {
        let mut released = 0;
        while let Some(entry) = self.held.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let q = entry.remove();
            self.queue.push(q.job.priority, q);
            released += 1;
        }
        self.free_slots().min(released)
    }

    /// Queued → Running for the next job in queue order, if a slot is free.
    pub(super) fn start_next(&mut self) -> Option<Queued> {
        if self.active.len() >= self.limit {
            return None;
        }
        let next = self.queue.pop()?;
        next.job.set_state(JobState::Running);
        self.events.push(Record::Started { ordinal: next.job.ordinal(), at: now_ms() });
        self.active.push(Arc::clone(&next.job));
        Some(next)
    }

    /// Running → Paused (the job's own thread, at a checkpoint). It keeps its slot.
    fn pause(&mut self, job: &Job) {
        debug_assert_eq!(job.state(), JobState::Running);
        job.set_state(JobState::Paused);
        self.events.push(Record::Paused { ordinal: job.ordinal(), at: now_ms() });
    }

    /// Paused → Running (the job's own thread, after the resume).
    fn resume(&mut self, job: &Job) {
        debug_assert_eq!(job.state(), JobState::Paused);
        job.set_state(JobState::Running);
        self.events.push(Record::Resumed { ordinal: job.ordinal(), at: now_ms() });
    }

    /// Any live state → the terminal state of `outcome`; frees the job's slot if it held one.
    /// The caller then calls [`Shared::wake_if_idle`].
    pub(super) fn finish(&mut self, job: &Arc<Job>, outcome: Outcome) {
        debug_assert!(!job.state().is_terminal(), "a job ends exactly once");
        if matches!(job.state(), JobState::Running | JobState::Paused) {
            if let Some(at) = self.active.iter().position(|j| Arc::ptr_eq(j, job)) {
                self.active.swap_remove(at);
            }
        }
        job.set_state(outcome.state());
        self.events.push(Record::Finished { ordinal: job.ordinal(), at: now_ms(), outcome });
        self.finished.push(job.id);
    }

    /// Queued → Cancelled for one job: it leaves the queue and never runs. Returns its entry
    /// (with the body, for the caller to drop outside the lock).
    fn cancel_queued(&mut self, job: &Arc<Job>) -> Option<Queued> {
        let held = job.attempt.runnable_at.and_then(|at| self.held.remove(&(at, job.ordinal())));
        let removed = held.or_else(|| self.queue.remove(job.priority, |q| Arc::ptr_eq(&q.job, job)));
        self.finish(job, Outcome::Cancelled);
        removed
    }

    /// Queued → Cancelled for every queued job, in queue order, then every held one, earliest
    /// first. Returns their entries.
    fn drain_queue(&mut self) -> Vec<Queued> {
        let mut removed = self.queue.drain();
        removed.extend(std::mem::take(&mut self.held).into_values());
        for q in &removed {
            self.finish(&q.job, Outcome::Cancelled);
        }
        removed
    }

    /// Asks every job holding a slot to stop (no state changes here: each ends as Cancelled
    /// at its next checkpoint, through `finish`). Returns how many that was.
    fn cancel_active(&self) -> usize {
        for job in &self.active {
            job.control.cancel();
        }
        self.active.len()
    }

    /// Terminal → forgotten, for every terminal job, with one Removed record.
    fn remove_finished(&mut self) -> Vec<JobId> {
        let ids = std::mem::take(&mut self.finished);
        if !ids.is_empty() {
            let ordinals = ids.iter().filter_map(|id| self.jobs.remove(id)).map(|j| j.ordinal()).collect();
            self.events.push(Record::Removed(ordinals));
        }
        ids
    }
}

impl Shared {
    /// Queues `items` (all, or none after shutdown began); calls `queued` with each id.
    pub(crate) fn enqueue(
        &self,
        items: impl ExactSizeIterator<Item = Queued>,
        queued: impl FnMut(JobId),
    ) -> Result<()> {
        let mut s = self.sched();
        let runnable = s.enqueue(items, queued)?;
        let wake = self.work_added(&s, runnable);
        drop(s);
        self.wake_workers(wake);
        self.signal.wake();
        Ok(())
    }

    /// Records how a job that held a slot ended (its worker, after the body returned), with
    /// the retry that follows it, if any (from [`prepare_retry`](Self::prepare_retry)): it is
    /// queued, held, just before the job is finished, unless the job's cancel was requested
    /// meanwhile or shutdown began. Returns a refused retry, for the caller to drop after
    /// unlocking.
    pub(super) fn finish(
        &self,
        s: &mut Sched,
        job: &Arc<Job>,
        outcome: Outcome,
        retry: Option<Queued>,
    ) -> Option<Queued> {
        let refused = match retry {
            Some(q) if !s.shutting_down && !job.control.is_cancelled() => {
                // Before the Finished record: the batch of work (and `wait_idle`) never sees
                // the chain with no live job.
                s.hold(q);
                self.timer.notify_one();
                None
            }
            other => other,
        };
        s.finish(job, outcome);
        self.wake_if_idle(s);
        refused
    }

    /// Cancels one job: removes it if queued, asks it to stop if running or paused.
    pub(crate) fn cancel(&self, id: JobId) -> Result<CancelOutcome> {
        let mut s = self.sched();
        let job = s.job(id)?;
        let (outcome, removed) = match job.state() {
            JobState::Queued => {
                let removed = s.cancel_queued(&job);
                self.wake_if_idle(&s);
                (CancelOutcome::Removed, removed)
            }
            JobState::Running | JobState::Paused => {
                job.control.cancel();
                (CancelOutcome::Requested, None)
            }
            _ => (CancelOutcome::AlreadyFinished, None),
        };
        drop(s);
        drop(removed);
        self.signal.wake();
        Ok(outcome)
    }

    /// Cancels every job; returns how many that concerned.
    pub(crate) fn cancel_all(&self) -> usize {
        let mut s = self.sched();
        let removed = s.drain_queue();
        let asked = s.cancel_active();
        self.wake_if_idle(&s);
        drop(s);
        let n = removed.len() + asked;
        drop(removed);
        self.signal.wake();
        n
    }

    /// Refuses new work from now on and cancels every job (the first step of shutdown; also
    /// stops the workers of an engine whose start failed half-way).
    pub(crate) fn begin_shutdown(&self) {
        let removed = {
            let mut s = self.sched();
            s.shutting_down = true;
            self.shutting_down.store(true, Ordering::Release);
            // Spinning workers recheck, see `shutting_down` and end.
            self.work_added(&s, 0);
            let removed = s.drain_queue();
            s.cancel_active();
            self.wake_if_idle(&s);
            removed
        };
        drop(removed);
        self.work.notify_all();
        self.timer.notify_all();
    }

    /// Asks a running job to pause at its next checkpoint.
    pub(crate) fn request_pause(&self, id: JobId) -> Result<ControlOutcome> {
        let s = self.sched();
        let job = s.job(id)?;
        match job.state() {
            JobState::Queued => Err(Error::InvalidState {
                id,
                state: JobState::Queued,
                reason: "a queued job has not started, so it cannot be paused".into(),
            }),
            JobState::Running | JobState::Paused => {
                if !job.control.is_cancelled() && job.control.request_pause() {
                    Ok(ControlOutcome::Requested)
                } else {
                    Ok(ControlOutcome::Unchanged)
                }
            }
            _ => Ok(ControlOutcome::AlreadyFinished),
        }
    }

    /// Lets a paused job continue, or withdraws a pause it has not reached. The request is
    /// cleared under the scheduler lock, which [`pause_at_checkpoint`](Self::pause_at_checkpoint)
    /// relies on.
    pub(crate) fn request_resume(&self, id: JobId) -> Result<ControlOutcome> {
        let s = self.sched();
        let job = s.job(id)?;
        match job.state() {
            JobState::Queued => Err(Error::InvalidState {
                id,
                state: JobState::Queued,
                reason: "a queued job is not paused".into(),
            }),
            JobState::Running | JobState::Paused => Ok(if job.control.clear_pause() {
                ControlOutcome::Requested
            } else {
                ControlOutcome::Unchanged
            }),
            _ => Ok(ControlOutcome::AlreadyFinished),
        }
    }

    /// On the job's own thread, at a checkpoint that saw a pause request: calls `on_pause`,
    /// reports the job Paused, waits for resume or cancel, calls `on_resume`, and reports it
    /// Resumed (or lets it end as Cancelled). `on_resume` follows every `on_pause`, also when
    /// the pause was withdrawn before it took effect or ends with a cancel. The hooks are
    /// user code: no engine lock is held while they run.
    ///
    /// # Errors
    ///
    /// [`JobError::Cancelled`] if the job was cancelled before or while it was paused.
    pub(crate) fn pause_at_checkpoint(
        &self,
        job: &Arc<Job>,
        on_pause: impl FnOnce(),
        on_resume: impl FnOnce(),
    ) -> Result<(), JobError> {
        on_pause();
        let paused = {
            let mut s = self.sched();
            // Checked under the scheduler lock, where request_resume clears the request: a
            // pause withdrawn before we got here leaves no Paused/Resumed pair behind.
            if job.control.is_cancelled() {
                Err(JobError::Cancelled)
            } else if !job.control.is_pause_requested() {
                Ok(false)
            } else {
                s.pause(job);
                Ok(true)
            }
        };
        if !matches!(paused, Ok(true)) {
            on_resume();
            return paused.map(|_| ());
        }
        self.signal.wake();
        let cancelled = job.control.wait_while_paused();
        on_resume();
        if cancelled {
            // Cancel wins over pause: the job goes from Paused straight to Cancelled.
            return Err(JobError::Cancelled);
        }
        self.sched().resume(job);
        self.signal.wake();
        Ok(())
    }

    /// Forgets every terminal job; returns their ids.
    pub(crate) fn clear_finished(&self) -> Vec<JobId> {
        let ids = self.sched().remove_finished();
        if !ids.is_empty() {
            self.signal.wake();
        }
        ids
    }
}
