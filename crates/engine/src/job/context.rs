//! What a running job sees: its context.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::Duration;

use rayon::ThreadPool;

use crate::job::control::SleepEnd;
use crate::job::log::JobLog;
use crate::job::{Job, Pushed};
use crate::publish::budget::{DEFAULT_SERIES, SERIES_NAME_MAX, SERIES_PER_JOB_CAP};
use crate::sched::Shared;
use crate::sync::lock;
use crate::{CancelToken, JobError, JobId, JobWaker, LogStream};

/// A running job's link to the engine: reporting, cancellation, pause, and the compute pool.
///
/// Every method is cheap enough to call on every step: reports are coalesced by the engine
/// (a sink sees at most one batch per flush interval), and
/// [`checkpoint`](Self::checkpoint) is one atomic load unless a request is pending.
///
/// The context is `Sync`: inner parallel work may borrow it to report progress or data, or
/// to check [`is_cancelled`](Self::is_cancelled). Pausing, however, only happens on the
/// job's own thread: called from another thread, `checkpoint` and `sleep` honour cancel but
/// never block for a pause, so a paused job can never hold a compute thread.
///
/// # Cancellation
///
/// Cancellation is cooperative: the job stops at its next `checkpoint` or `sleep`, which
/// return [`JobError::Cancelled`]; pass it on with `?`. A job that never checks runs to
/// its end.
pub struct JobContext<'a> {
    job: &'a Arc<Job>,
    shared: &'a Shared,
    compute: &'a ThreadPool,
    thread: ThreadId,
}

impl<'a> JobContext<'a> {
    /// `thread` is the calling (job) thread's id, read once per worker rather than per job.
    pub(crate) fn new(
        job: &'a Arc<Job>,
        shared: &'a Shared,
        compute: &'a ThreadPool,
        thread: ThreadId,
    ) -> Self {
        JobContext { job, shared, compute, thread }
    }

    /// This job's id.
    pub fn id(&self) -> JobId {
        self.job.id
    }

    /// Reports progress: `done` units of `total` (0 while the total is unknown).
    ///
    /// Only the latest value per flush interval reaches the sink.
    #[inline]
    pub fn progress(&self, done: u64, total: u64) {
        // See `Job::done` for why this order lets the flusher read without a lock.
        self.job.total.store(total, Ordering::Relaxed);
        self.job.done.store(done, Ordering::Relaxed);
        self.job.progress_changed.store(true, Ordering::Release);
        self.reported();
    }

    /// Sets the job's status text (e.g. "scanning… 1,204 files"), shown beside its progress.
    pub fn status(&self, text: impl Into<String>) {
        let text = text.into();
        lock(&self.job.reports).status = Some(text);
        self.job.progress_changed.store(true, Ordering::Release);
        self.reported();
    }

    /// Appends a point `(x, y)` to this job's default series, [`DEFAULT_SERIES`]
    /// (`data_in(DEFAULT_SERIES, x, y)`).
    ///
    /// Every point reaches the job's series store (see
    /// [`SERIES_CAP`](crate::SERIES_CAP)); a batch carries at most
    /// [`BATCH_DATA_BUDGET`](crate::BATCH_DATA_BUDGET) points per series, min/max-decimated.
    /// A point with a non-finite coordinate is ignored: JSON cannot carry it.
    #[inline]
    pub fn data(&self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        let pushed =
            lock(&self.job.reports).data.get_or_insert_with(crate::job::Data::new).push_default(x, y);
        self.pushed(pushed, DEFAULT_SERIES);
    }

    /// Appends a point `(x, y)` to this job's series named `series` (e.g. `"loss"`), which
    /// is created on its first point.
    ///
    /// A job has at most [`SERIES_PER_JOB_CAP`](crate::SERIES_PER_JOB_CAP) series, and a name
    /// is 1 to [`SERIES_NAME_MAX`](crate::SERIES_NAME_MAX) characters: points for any other
    /// name are dropped and counted, and the first drop of each job is reported through
    /// [`on_warning`](crate::EngineBuilder::on_warning). Budgets, decimation and the store
    /// work per series, as for [`data`](Self::data).
    pub fn data_in(&self, series: &str, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        let pushed =
            lock(&self.job.reports).data.get_or_insert_with(crate::job::Data::new).push(series, x, y);
        self.pushed(pushed, series);
    }

    /// After a point was pushed (with no lock held): dirties the job, or warns of its first
    /// dropped point.
    #[inline]
    fn pushed(&self, pushed: Pushed, series: &str) {
        match pushed {
            Pushed::Stored => self.reported(),
            Pushed::Dropped(1) => self.shared.warn(&format!(
                "job {}: dropped points for series `{}`: a job has at most {SERIES_PER_JOB_CAP} series, \
                 each named with 1..={SERIES_NAME_MAX} characters (later drops are counted, not reported)",
                self.job.id,
                series.chars().take(SERIES_NAME_MAX + 1).collect::<String>(),
            )),
            Pushed::Dropped(_) => {}
        }
    }

    /// Appends one line of output to the job's log: its in-memory tail (what
    /// [`Engine::log`](crate::Engine::log) returns) and, when the engine has a log folder, the
    /// file `<log folder>/<job id>.log`, where a stderr line is prefixed `[stderr] `.
    ///
    /// `text` is one line without its line ending (a caller reading bytes decodes them,
    /// lossily if need be: the text is `&str`). The tail keeps the last
    /// [`LOG_TAIL_LINES`](crate::LOG_TAIL_LINES) lines within
    /// [`LOG_TAIL_BYTES`](crate::LOG_TAIL_BYTES), a line cut at
    /// [`LOG_LINE_MAX`](crate::LOG_LINE_MAX) bytes; the file gets every line whole up to
    /// [`LOG_FILE_CAP`](crate::LOG_FILE_CAP). A file that cannot be written never fails the
    /// job: it is reported once through [`on_warning`](crate::EngineBuilder::on_warning) and the
    /// tail goes on. Lines are not carried by batches: a UI polls `Engine::log`, and
    /// [`JobInfo::log_lines`](crate::JobInfo::log_lines) says a job has a log.
    pub fn log_line(&self, stream: LogStream, text: &str) {
        let warning = {
            let mut log = lock(&self.job.log);
            let log = log.get_or_insert_with(JobLog::new);
            let warning = log.append(self.job.id, stream, text, &self.shared.log);
            self.job.log_lines.store(log.lines(), Ordering::Relaxed);
            warning
        };
        if let Some(warning) = warning {
            self.shared.warn(&warning);
        }
    }

    /// Puts the job on the flusher's dirty list after a report (see `crate::publish`).
    #[inline]
    fn reported(&self) {
        self.shared.dirty.mark(self.job, &self.shared.signal);
    }

    /// True once the job has been asked to stop.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.job.control.is_cancelled()
    }

    /// The point where the job may be stopped or paused.
    ///
    /// Returns at once when nothing is requested. If the job was cancelled it returns
    /// `Err(JobError::Cancelled)`. If a pause was requested (and this is the job's own
    /// thread) it reports the job Paused and blocks until it is resumed (then returns `Ok`,
    /// and the job continues where it stopped) or cancelled (then returns the error).
    ///
    /// # Errors
    ///
    /// [`JobError::Cancelled`] when the job has been cancelled.
    #[inline]
    pub fn checkpoint(&self) -> Result<(), JobError> {
        if !self.job.control.any() {
            return Ok(());
        }
        self.checkpoint_slow(|| {}, || {})
    }

    /// A request is pending: a cancel ends the job, a pause (on the job's own thread) blocks
    /// it between the hooks.
    #[cold]
    fn checkpoint_slow(&self, on_pause: impl FnOnce(), on_resume: impl FnOnce()) -> Result<(), JobError> {
        if self.job.control.is_cancelled() {
            return Err(JobError::Cancelled);
        }
        if self.job.control.is_pause_requested() && self.on_job_thread() {
            return self.shared.pause_at_checkpoint(self.job, on_pause, on_resume);
        }
        Ok(())
    }

    /// Like [`checkpoint`](Self::checkpoint), with hooks around a pause: when it pauses (on
    /// the job's own thread) it calls `on_pause` before the job is reported Paused and
    /// blocks, and `on_resume` once the block ends, before the job is reported Resumed.
    ///
    /// `on_resume` follows every `on_pause`: also when the pause ends with a cancel (then
    /// it is called before this returns `Err(Cancelled)`), and when the pause was withdrawn
    /// between the two. So a body that stops something outside the engine while paused (e.g.
    /// a child process group with SIGSTOP) can always undo it (SIGCONT) before it terminates
    /// it. Neither hook is called when nothing is pending, or off the job's thread.
    ///
    /// # Errors
    ///
    /// [`JobError::Cancelled`] when the job has been cancelled.
    #[inline]
    pub fn checkpoint_with(&self, on_pause: impl FnOnce(), on_resume: impl FnOnce()) -> Result<(), JobError> {
        if !self.job.control.any() {
            return Ok(());
        }
        self.checkpoint_slow(on_pause, on_resume)
    }

    /// True while a pause is requested and not yet withdrawn: a body that waits in its own
    /// loop uses it to know a [`checkpoint_with`](Self::checkpoint_with) would pause.
    #[inline]
    pub fn is_pause_requested(&self) -> bool {
        self.job.control.is_pause_requested()
    }

    /// Blocks until a [`JobWaker`] wakes the job, `timeout` passes, a pause is requested,
    /// or the job is cancelled; a body waiting on something outside the engine (a child
    /// process, its output) parks here instead of polling.
    ///
    /// It returns `Ok` on a wake-up, a timeout and a pause request alike (with a pause
    /// request pending it returns at once), so the caller checks what it waits for, then
    /// calls [`checkpoint`](Self::checkpoint) or [`checkpoint_with`](Self::checkpoint_with)
    /// to pause. A wake-up is consumed by the park it ends (or by the next one, if it came
    /// while the job was not parked). Off the job's own thread a pause request does not end
    /// a park (as with [`sleep`](Self::sleep)).
    ///
    /// # Errors
    ///
    /// [`JobError::Cancelled`] when the job has been (or gets) cancelled.
    pub fn park(&self, timeout: Duration) -> Result<(), JobError> {
        if self.job.control.park(timeout, self.on_job_thread()) {
            return Err(JobError::Cancelled);
        }
        Ok(())
    }

    /// A handle that ends this job's [`park`](Self::park) from any thread.
    pub fn waker(&self) -> JobWaker {
        JobWaker::new(Arc::clone(self.job))
    }

    fn on_job_thread(&self) -> bool {
        std::thread::current().id() == self.thread
    }

    /// Sleeps for `duration`, waking at once if the job is cancelled or paused.
    ///
    /// A pause takes effect immediately (the rest of the sleep happens after the resume);
    /// a cancel returns `Err(JobError::Cancelled)` at once, whatever the duration, so a job
    /// built from long sleeps still stops in microseconds.
    ///
    /// # Errors
    ///
    /// [`JobError::Cancelled`] when the job has been (or gets) cancelled.
    pub fn sleep(&self, duration: Duration) -> Result<(), JobError> {
        let pause_wakes = self.on_job_thread();
        let mut left = duration;
        loop {
            self.checkpoint()?;
            if left.is_zero() {
                return Ok(());
            }
            match self.job.control.sleep(left, pause_wakes) {
                SleepEnd::Slept => return Ok(()),
                SleepEnd::Interrupted(rest) => left = rest,
            }
        }
    }

    /// The compute pool, for the job's inner parallel work (`compute().install(|| …)`).
    ///
    /// It is separate from the pool that runs job bodies and sized to the machine's cores,
    /// so sleeping or paused jobs never starve it and parallel work never takes a job slot.
    /// Inside it, check [`is_cancelled`](Self::is_cancelled) (or a
    /// [`cancel_token`](Self::cancel_token)) between pieces of work, and keep pauses to
    /// `checkpoint` calls on the job's own thread, between `install` calls.
    pub fn compute(&self) -> &ThreadPool {
        self.compute
    }

    /// A handle on this job's cancellation that can outlive the context or move to other
    /// threads.
    pub fn cancel_token(&self) -> CancelToken {
        CancelToken::new(Arc::clone(self.job))
    }
}

impl std::fmt::Debug for JobContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobContext").field("job", &self.job.id).finish_non_exhaustive()
    }
}
