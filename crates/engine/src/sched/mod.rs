//! Who runs when: the scheduler's state, every change of a job's lifecycle, and the state
//! every part of the engine shares.
//!
//! [`Shared`] (here) is everything the engine's threads share: the scheduler ([`Sched`],
//! under one lock, its fields private to this folder), the flusher's inputs and the published
//! view. Around it: `lifecycle` (every state change of every job, each with the event that
//! reports it: the only code that writes either), `queue` (the priority queue in front of the
//! job pool), `worker` (the loop each job-pool thread runs), `retry` (what follows a failed
//! attempt, and when), `timer` (the thread that releases held retries), `clock` (the time
//! they are held by), `threads` (threads the engine can join with a deadline) and `id_map`
//! (the job table's hasher).

pub(crate) mod clock;
pub(crate) mod id_map;
mod lifecycle;
pub(crate) mod queue;
mod retry;
pub(crate) mod threads;
pub(crate) mod timer;
pub(crate) mod worker;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rayon::ThreadPool;

use self::clock::Clock;
use self::id_map::IdMap;
use self::queue::PriorityQueue;
use crate::job::log::LogConfig;
use crate::job::Job;
use crate::kind::{JobFn, Kinds};
use crate::publish::dirty::DirtyList;
use crate::publish::record::Record;
use crate::publish::signal::FlushSignal;
use crate::publish::view::View;
use crate::sync::{lock, wait_until};
use crate::{Error, JobId, PoolStatus, Result};

/// A job waiting for a slot, with its body.
pub(crate) struct Queued {
    pub(crate) job: Arc<Job>,
    pub(crate) body: JobFn,
}

/// The scheduler: the queue, the slots and the job table, under one lock.
///
/// Every state change of every job and the lifecycle event that reports it happen in one
/// critical section of this lock, so `events` is in exactly the order states changed. The
/// fields are private to `sched/`, and every such change is a method of `lifecycle.rs`, so
/// this holds by privacy: no other code can change a state without its event.
/// Invariants while the lock is free:
/// - `active.len() <= limit` except right after the limit was lowered (then no job starts
///   until `active.len() < limit`); `active` holds exactly the jobs in Running or Paused.
/// - a job is in `queue` or `held` (never both) iff its state is Queued; every job of
///   `queue`, `held`, `active` and `finished` is in `jobs`; `finished` holds exactly the
///   terminal jobs of `jobs`.
/// - a job in `held` has a `runnable_at` and is keyed by it and its ordinal.
pub(crate) struct Sched {
    queue: PriorityQueue<Queued>,
    /// Retries waiting for their time, earliest first: Queued, but not dispatchable until
    /// the timer thread moves them into `queue`.
    held: BTreeMap<(u64, u64), Queued>,
    limit: usize,
    /// Jobs holding a slot (Running or Paused): a paused job keeps its slot.
    active: Vec<Arc<Job>>,
    /// Every job not yet removed by `clear_finished`.
    jobs: IdMap<Arc<Job>>,
    /// Terminal jobs not yet removed, in the order they ended.
    finished: Vec<JobId>,
    /// Lifecycle events not yet taken by the flusher.
    events: Vec<Record>,
    next_ordinal: u64,
    shutting_down: bool,
    /// Workers blocked on `Shared::work` (so a submit only signals when someone listens).
    sleeping_workers: usize,
    /// Workers spinning outside the lock for new work (see `worker_loop`); they watch
    /// `Shared::work_epoch`, so a submit need not wake a sleeper for them.
    spinning: usize,
    /// Threads blocked on `Shared::idle`.
    idle_waiters: usize,
    /// The limit changed since the flusher last looked.
    pool_changed: bool,
}

impl Sched {
    /// An empty scheduler with concurrency limit `limit`.
    pub(crate) fn new(limit: usize) -> Self {
        Sched {
            queue: PriorityQueue::new(),
            held: BTreeMap::new(),
            limit,
            active: Vec::new(),
            jobs: IdMap::default(),
            finished: Vec::new(),
            events: Vec::new(),
            next_ordinal: 0,
            shutting_down: false,
            sleeping_workers: 0,
            spinning: 0,
            idle_waiters: 0,
            pool_changed: false,
        }
    }

    fn is_idle(&self) -> bool {
        self.active.is_empty() && self.queue.is_empty() && self.held.is_empty()
    }

    /// When the earliest held job becomes runnable.
    fn next_due(&self) -> Option<u64> {
        self.held.keys().next().map(|(at, _)| *at)
    }

    fn job(&self, id: JobId) -> Result<Arc<Job>> {
        self.jobs.get(&id).cloned().ok_or(Error::NotFound { id })
    }
}

/// Where the engine reports what it cannot return to a caller (see
/// [`EngineBuilder::on_warning`](crate::EngineBuilder::on_warning)).
pub(crate) type WarningHandler = Box<dyn Fn(&str) + Send + Sync>;

/// Everything the engine's threads share. Lock order, where two are held: `sched` before a
/// job's control lock; `view` before a job's `reports`. No lock is held while user code runs.
pub(crate) struct Shared {
    /// Private to `sched/`: everything else goes through `Shared`'s methods.
    sched: Mutex<Sched>,
    /// Workers wait here for a free slot and a queued job.
    work: Condvar,
    /// Bumped (with the scheduler lock held) whenever a job may have become runnable:
    /// spinning workers watch it without taking the lock.
    work_epoch: AtomicU64,
    /// Set once shutdown begins (also in `Sched::shutting_down`): lets `submit` refuse early
    /// without the lock; `enqueue` checks again under it.
    shutting_down: AtomicBool,
    /// `wait_idle` and `shutdown` wait here for the engine to go idle.
    idle: Condvar,
    /// The timer thread waits here for the earliest held job's time, a new held job, a
    /// manual clock's move or shutdown.
    timer: Condvar,
    /// The time retries are held by.
    pub(crate) clock: Clock,
    /// Every job kind, for the bodies of retries.
    pub(crate) kinds: Kinds,
    /// Jobs with reports the flusher has not taken yet.
    pub(crate) dirty: DirtyList,
    pub(crate) signal: FlushSignal,
    /// The picture the flusher has published; `snapshot` reads it.
    pub(crate) view: Mutex<View>,
    /// The compute pool; taken out at shutdown so that its threads can end. Workers keep
    /// their own clone while they run.
    pub(crate) compute: Mutex<Option<Arc<ThreadPool>>>,
    /// Most workers that spin for new work at once (cores - 1, at least 1).
    max_spinners: usize,
    pub(crate) job_threads: usize,
    compute_threads: usize,
    default_max_concurrent: usize,
    pub(crate) flush_interval: Duration,
    /// Where jobs' logs go.
    pub(crate) log: LogConfig,
    on_warning: WarningHandler,
}

/// What [`Shared`] is built from; everything else starts empty.
pub(crate) struct SharedConfig {
    pub(crate) limit: usize,
    pub(crate) job_threads: usize,
    pub(crate) compute_threads: usize,
    pub(crate) default_max_concurrent: usize,
    pub(crate) max_spinners: usize,
    pub(crate) flush_interval: Duration,
    pub(crate) compute: ThreadPool,
    pub(crate) log: LogConfig,
    pub(crate) on_warning: WarningHandler,
    pub(crate) clock: Clock,
    pub(crate) kinds: Kinds,
}

impl Shared {
    pub(crate) fn new(config: SharedConfig) -> Self {
        let pool = PoolStatus {
            max_concurrent: config.limit as u32,
            default_max_concurrent: config.default_max_concurrent as u32,
            job_threads: config.job_threads as u32,
            compute_threads: config.compute_threads as u32,
        };
        Shared {
            sched: Mutex::new(Sched::new(config.limit)),
            work: Condvar::new(),
            work_epoch: AtomicU64::new(0),
            shutting_down: AtomicBool::new(false),
            idle: Condvar::new(),
            timer: Condvar::new(),
            clock: config.clock,
            kinds: config.kinds,
            dirty: DirtyList::new(),
            signal: FlushSignal::new(),
            view: Mutex::new(View::new(pool)),
            compute: Mutex::new(Some(Arc::new(config.compute))),
            max_spinners: config.max_spinners,
            job_threads: config.job_threads,
            compute_threads: config.compute_threads,
            default_max_concurrent: config.default_max_concurrent,
            flush_interval: config.flush_interval,
            log: config.log,
            on_warning: config.on_warning,
        }
    }

    /// Reports what the engine cannot return to a caller (see `EngineBuilder::on_warning`).
    /// Called with no engine lock held. A handler that panics loses that warning only: it
    /// must not stop the flusher, nor abort the process from an `Engine` dropped while a
    /// panic unwinds.
    pub(crate) fn warn(&self, message: &str) {
        let _ = catch_unwind(AssertUnwindSafe(|| (self.on_warning)(message)));
    }

    fn sched(&self) -> MutexGuard<'_, Sched> {
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

    /// True once shutdown has begun (read without the lock: a hint for an early refusal).
    pub(crate) fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::Acquire)
    }

    /// The job of this id, if the engine still holds it.
    pub(crate) fn job(&self, id: JobId) -> Result<Arc<Job>> {
        self.sched().job(id)
    }

    /// The concurrency limit now.
    pub(crate) fn limit(&self) -> usize {
        self.sched().limit
    }

    /// Changes the concurrency limit (the caller has checked `1..=job_threads`). Raising it
    /// wakes workers for the queued jobs that may now start; lowering it stops nothing.
    pub(crate) fn set_limit(&self, n: usize) {
        let mut s = self.sched();
        let old = s.limit;
        s.limit = n;
        s.pool_changed |= n != old;
        let runnable = if n > old { n.saturating_sub(s.active.len()).min(s.queue.len()) } else { 0 };
        let wake = self.work_added(&s, runnable);
        drop(s);
        self.wake_workers(wake);
        self.signal.wake();
    }

    /// What the flusher takes from the scheduler: swaps the event log with `spare` (an empty
    /// buffer, so neither side reallocates on every burst) and returns whether the limit
    /// changed since the last call, with the limit.
    pub(crate) fn take_records(&self, spare: &mut Vec<Record>) -> (bool, usize) {
        let mut s = self.sched();
        std::mem::swap(&mut s.events, spare);
        (std::mem::take(&mut s.pool_changed), s.limit)
    }

    /// Waits for idleness until `deadline`; returns how many jobs still hold a slot or wait
    /// (0 = idle).
    pub(crate) fn wait_idle_until(&self, deadline: Instant) -> usize {
        let mut s = self.sched();
        while !s.is_idle() {
            s.idle_waiters += 1;
            let (guard, timed_out) = wait_until(&self.idle, s, deadline);
            s = guard;
            s.idle_waiters -= 1;
            if timed_out {
                break;
            }
        }
        s.active.len() + s.queue.len() + s.held.len()
    }

    /// Wakes the timer thread (a manual clock moved).
    pub(crate) fn wake_timer(&self) {
        let _s = self.sched();
        self.timer.notify_all();
    }

    /// Tells spinning workers that work may be runnable, and returns how many sleeping workers
    /// to wake for `runnable` newly runnable jobs. Call with the scheduler lock held.
    fn work_added(&self, s: &Sched, runnable: usize) -> usize {
        self.work_epoch.fetch_add(1, Ordering::Release);
        runnable.saturating_sub(s.spinning).min(s.sleeping_workers)
    }

    /// Wakes up to `n` sleeping workers. Call after unlocking, with `n` from `work_added`.
    fn wake_workers(&self, n: usize) {
        for _ in 0..n {
            self.work.notify_one();
        }
    }

    /// Wakes `wait_idle` callers if the engine just went idle. Call with the scheduler lock
    /// held, after any change that may have ended the last job.
    fn wake_if_idle(&self, s: &Sched) {
        if s.idle_waiters > 0 && s.is_idle() {
            self.idle.notify_all();
        }
    }
}
