//! Who runs when: the scheduler's state and the state every part of the engine shares.
//!
//! [`Shared`] (here) is everything the engine's threads share: the scheduler ([`Sched`],
//! under one lock), the flusher's inputs and the published view. Around it: `queue` (the
//! priority queue in front of the job pool), `worker` (the loop each job-pool thread runs),
//! `threads` (threads the engine can join with a deadline) and `id_map` (the job table's
//! hasher).

pub(crate) mod id_map;
pub(crate) mod queue;
pub(crate) mod threads;
pub(crate) mod worker;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use rayon::ThreadPool;

use self::id_map::IdMap;
use self::queue::PriorityQueue;
use crate::job::Job;
use crate::kind::JobFn;
use crate::publish::dirty::DirtyList;
use crate::publish::record::Record;
use crate::publish::signal::FlushSignal;
use crate::publish::view::View;
use crate::sync::lock;
use crate::{JobId, JobState, Outcome, PoolStatus};

/// A job waiting for a slot, with its body.
pub(crate) struct Queued {
    pub(crate) job: Arc<Job>,
    pub(crate) body: JobFn,
}

/// The scheduler: the queue, the slots and the job table, under one lock.
///
/// Every state change of every job and the lifecycle event that reports it happen in one
/// critical section of this lock, so `events` is in exactly the order states changed.
/// Invariants while the lock is free:
/// - `active.len() <= limit` except right after the limit was lowered (then no job starts
///   until `active.len() < limit`); `active` holds exactly the jobs in Running or Paused.
/// - a job is in `queue` iff its state is Queued; every job of `queue`, `active` and
///   `finished` is in `jobs`; `finished` holds exactly the terminal jobs of `jobs`.
pub(crate) struct Sched {
    pub(crate) queue: PriorityQueue<Queued>,
    pub(crate) limit: usize,
    /// Jobs holding a slot (Running or Paused): a paused job keeps its slot.
    pub(crate) active: Vec<Arc<Job>>,
    /// Every job not yet removed by `clear_finished`.
    pub(crate) jobs: IdMap<Arc<Job>>,
    /// Terminal jobs not yet removed, in the order they ended.
    pub(crate) finished: Vec<JobId>,
    /// Lifecycle events not yet taken by the flusher.
    pub(crate) events: Vec<Record>,
    pub(crate) next_ordinal: u64,
    pub(crate) shutting_down: bool,
    /// Workers blocked on `Shared::work` (so a submit only signals when someone listens).
    pub(crate) sleeping_workers: usize,
    /// Workers spinning outside the lock for new work (see `worker_loop`); they watch
    /// `Shared::work_epoch`, so a submit need not wake a sleeper for them.
    pub(crate) spinning: usize,
    /// Threads blocked on `Shared::idle`.
    pub(crate) idle_waiters: usize,
    /// The limit changed since the flusher last looked.
    pub(crate) pool_changed: bool,
}

impl Sched {
    pub(crate) fn is_idle(&self) -> bool {
        self.active.is_empty() && self.queue.is_empty()
    }
}

/// Everything the engine's threads share. Lock order, where two are held: `sched` before a
/// job's control lock; `view` before a job's `reports`. No lock is held while user code runs.
pub(crate) struct Shared {
    pub(crate) sched: Mutex<Sched>,
    /// Workers wait here for a free slot and a queued job.
    pub(crate) work: Condvar,
    /// Bumped (with the scheduler lock held) whenever a job may have become runnable:
    /// spinning workers watch it without taking the lock.
    pub(crate) work_epoch: AtomicU64,
    /// Set once shutdown begins (also in `Sched::shutting_down`): lets `submit` refuse early
    /// without the lock; `enqueue` checks again under it.
    pub(crate) shutting_down: AtomicBool,
    /// `wait_idle` and `shutdown` wait here for the engine to go idle.
    pub(crate) idle: Condvar,
    /// Jobs with reports the flusher has not taken yet.
    pub(crate) dirty: DirtyList,
    pub(crate) signal: FlushSignal,
    /// The picture the flusher has published; `snapshot` reads it.
    pub(crate) view: Mutex<View>,
    /// The compute pool; taken out at shutdown so that its threads can end. Workers keep
    /// their own clone while they run.
    pub(crate) compute: Mutex<Option<Arc<ThreadPool>>>,
    /// Most workers that spin for new work at once (cores - 1, at least 1).
    pub(crate) max_spinners: usize,
    pub(crate) job_threads: usize,
    pub(crate) compute_threads: usize,
    pub(crate) default_max_concurrent: usize,
    pub(crate) flush_interval: Duration,
}

impl Shared {
    pub(crate) fn sched(&self) -> MutexGuard<'_, Sched> {
        lock(&self.sched)
    }

    pub(crate) fn pool_status(&self, limit: usize) -> PoolStatus {
        PoolStatus {
            max_concurrent: limit as u32,
            default_max_concurrent: self.default_max_concurrent as u32,
            job_threads: self.job_threads as u32,
            compute_threads: self.compute_threads as u32,
        }
    }

    /// Records that `job` reached its terminal state. Call with the scheduler lock held; the
    /// caller wakes the flusher after unlocking.
    pub(crate) fn finish_locked(&self, s: &mut Sched, job: &Arc<Job>, outcome: Outcome) {
        debug_assert!(!job.state().is_terminal(), "a job ends exactly once");
        if matches!(job.state(), JobState::Running | JobState::Paused) {
            if let Some(at) = s.active.iter().position(|j| Arc::ptr_eq(j, job)) {
                s.active.swap_remove(at);
            }
        }
        job.set_state(outcome.state());
        s.events.push(Record::Finished { ordinal: job.ordinal(), at: crate::sync::now_ms(), outcome });
        s.finished.push(job.id);
        if s.idle_waiters > 0 && s.is_idle() {
            self.idle.notify_all();
        }
    }

    /// Tells spinning workers that work may be runnable, and returns how many sleeping workers
    /// to wake for `runnable` newly runnable jobs. Call with the scheduler lock held.
    pub(crate) fn work_added(&self, s: &Sched, runnable: usize) -> usize {
        self.work_epoch.fetch_add(1, Ordering::Release);
        runnable.saturating_sub(s.spinning).min(s.sleeping_workers)
    }

    /// Wakes up to `n` sleeping workers. Call after unlocking, with `n` from `work_added`.
    pub(crate) fn wake_workers(&self, n: usize) {
        for _ in 0..n {
            self.work.notify_one();
        }
    }
}
