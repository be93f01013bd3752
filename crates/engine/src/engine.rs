//! The engine's public face: submit, control and observe jobs.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::ThreadPool;

use crate::job::attempt::Attempt;
use crate::job::Job;
use crate::sched::threads::ThreadSet;
use crate::sched::{Queued, Shared};
use crate::sync::{deadline, lock, now_ms};
use crate::{
    CancelOutcome, ControlOutcome, EngineBuilder, Error, JobId, JobSpec, KindInfo, LogChunk, PoolStatus,
    Result, SeriesChunk, Snapshot, DEFAULT_SERIES,
};

/// Jobs queued per scheduler-lock acquisition by `submit_many`.
const ENQUEUE_CHUNK: usize = 1024;

/// How long dropping an [`Engine`] waits for its jobs and threads (see [`Engine::shutdown`]).
pub const DROP_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);

/// The job engine: a priority queue in front of a pool of job threads, with a runtime
/// concurrency limit, cooperative cancel and pause, and coalesced events.
///
/// `Engine` is `Send + Sync` and every method takes `&self`, so it can live in shared
/// application state (e.g. Tauri's managed state) and be called from any thread. Dropping
/// it shuts it down (see [`shutdown`](Self::shutdown)).
///
/// See the [crate docs](crate) for the design and an example.
pub struct Engine {
    shared: Arc<Shared>,
    /// The threads to stop and join; taken (once) by `shutdown`.
    runtime: Mutex<Option<Runtime>>,
}

/// The engine's threads.
pub(crate) struct Runtime {
    pub(crate) job_pool: ThreadPool,
    pub(crate) job_set: Arc<ThreadSet>,
    pub(crate) compute_set: Arc<ThreadSet>,
    pub(crate) flusher_set: Arc<ThreadSet>,
    pub(crate) timer_set: Arc<ThreadSet>,
}

impl Engine {
    /// A builder with every option at its default.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    pub(crate) fn new(shared: Arc<Shared>, runtime: Runtime) -> Self {
        Engine { shared, runtime: Mutex::new(Some(runtime)) }
    }

    /// Every job kind the engine can run: the built-ins, then those added with
    /// [`EngineBuilder::kind`]. A UI builds its "new job" form from these.
    pub fn kinds(&self) -> Vec<KindInfo> {
        self.shared.kinds.infos()
    }

    /// Validates and queues one job; returns its id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSpec`] (`retries` or `backoffS` out of range), [`Error::UnknownKind`],
    /// [`Error::InvalidParams`] (naming the parameter at fault), an error from the kind's own
    /// checks, or [`Error::ShutDown`]. On error nothing is queued.
    ///
    /// # Retries
    ///
    /// With [`JobSpec::retries`] > 0, a failed attempt is followed by a new job (a new id,
    /// `attempt` + 1, `retry_of` the failed one), held as `Queued` for the backoff described at
    /// [`JobSpec::backoff_s`]. Each attempt is a job of its own with exactly one `Finished`
    /// event; a cancelled attempt (or one whose cancel was requested) is never retried, and
    /// cancelling a held retry ends the chain.
    ///
    /// # Examples
    ///
    /// ```
    /// use jobdeck_engine::{Engine, JobSpec, Priority};
    /// use serde_json::json;
    ///
    /// let engine = Engine::builder().build()?;
    /// let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 5, "step_ms": 1})))?;
    /// engine.submit(JobSpec::new("noop").priority(Priority::High))?;
    /// assert!(engine.wait_idle(std::time::Duration::from_secs(10)));
    ///
    /// let err = engine.submit(JobSpec::new("progress").params(json!({"steps": -1}))).unwrap_err();
    /// assert_eq!((err.code(), err.field()), ("invalid_params", Some("steps")));
    /// # let _ = id;
    /// # Ok::<(), jobdeck_engine::Error>(())
    /// ```
    pub fn submit(&self, spec: JobSpec) -> Result<JobId> {
        self.submit_as(&spec, None)
    }

    /// Submits `spec` as a first attempt, re-running `retry_of` if given.
    fn submit_as(&self, spec: &JobSpec, retry_of: Option<JobId>) -> Result<JobId> {
        // The common case, without the batch bookkeeping of `submit_many`.
        if self.shared.is_shutting_down() {
            return Err(Error::ShutDown);
        }
        spec.check()?;
        let entry = self.shared.kinds.get(&spec.kind)?;
        let (params, shown) = entry.params(&spec.params)?;
        let body = entry.kind.prepare(&params)?;
        let attempt = Attempt::first(spec, retry_of);
        let job = Arc::new(Job::new(Arc::clone(&entry.name), shown, spec.priority, now_ms(), attempt));
        let id = job.id;
        self.shared.enqueue(std::iter::once(Queued { job, body }), |_| {})?;
        Ok(id)
    }

    /// Validates `spec` once and queues `count` jobs of it, all or nothing; returns their ids
    /// in queue order.
    ///
    /// Every job body is prepared before the first job is queued; the jobs then enter the
    /// queue in chunks, so the first ones start while the rest are still being queued.
    ///
    /// # Errors
    ///
    /// As [`submit`](Self::submit); on error nothing is queued. (Should the engine shut down
    /// while a large submission is being queued, the error is [`Error::ShutDown`] and the
    /// jobs queued so far are cancelled with every other job.)
    pub fn submit_many(&self, spec: &JobSpec, count: usize) -> Result<Vec<JobId>> {
        if self.shared.is_shutting_down() {
            return Err(Error::ShutDown);
        }
        spec.check()?;
        let entry = self.shared.kinds.get(&spec.kind)?;
        let (params, shown) = entry.params(&spec.params)?;
        let attempt = Attempt::first(spec, None);
        let bodies = (0..count).map(|_| entry.kind.prepare(&params)).collect::<Result<Vec<_>>>()?;
        let at = now_ms();
        let mut ids = Vec::with_capacity(count);
        let mut bodies = bodies.into_iter();
        loop {
            // Jobs are allocated outside the scheduler lock, a chunk at a time.
            let chunk: Vec<Queued> = bodies
                .by_ref()
                .take(ENQUEUE_CHUNK)
                .map(|body| Queued {
                    job: Arc::new(Job::new(
                        Arc::clone(&entry.name),
                        Arc::clone(&shown),
                        spec.priority,
                        at,
                        attempt,
                    )),
                    body,
                })
                .collect();
            if chunk.is_empty() {
                return Ok(ids);
            }
            self.shared.enqueue(chunk.into_iter(), |id| ids.push(id))?;
        }
    }

    /// Submits a finished job (any terminal state) again as a new job: the same kind,
    /// parameters, priority and retry settings, validated as a fresh submit, as attempt 1
    /// with `retry_of` the finished job. Returns the new job's id.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown or removed job; [`Error::InvalidState`] for a job
    /// that has not finished (queued, held for a retry, running or paused); otherwise as
    /// [`submit`](Self::submit) (e.g. a folder parameter whose folder is gone).
    ///
    /// # Examples
    ///
    /// ```
    /// use jobdeck_engine::{Engine, JobSpec, JobState};
    ///
    /// let engine = Engine::builder().build()?;
    /// let first = engine.submit(JobSpec::new("noop"))?;
    /// assert!(engine.wait_idle(std::time::Duration::from_secs(10)));
    /// let again = engine.rerun(first)?;
    /// assert_ne!(again, first);
    /// # Ok::<(), jobdeck_engine::Error>(())
    /// ```
    pub fn rerun(&self, id: JobId) -> Result<JobId> {
        let job = self.shared.job(id)?;
        let state = job.state();
        if !state.is_terminal() {
            return Err(Error::InvalidState {
                id,
                state,
                reason: "only a finished job can be re-run (cancel it first)".into(),
            });
        }
        let spec = JobSpec {
            kind: job.kind.to_string(),
            params: (*job.params).clone(),
            priority: job.priority,
            retries: job.attempt.max - 1,
            backoff_s: job.attempt.backoff_s,
        };
        self.submit_as(&spec, Some(id))
    }

    /// Cancels a job: a queued job (also one held for a retry) is removed at once and never
    /// runs; a running or paused job is asked to stop and ends as `Cancelled` at its next
    /// checkpoint.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an id the engine does not hold (never submitted, or removed
    /// by [`clear_finished`](Self::clear_finished)).
    ///
    /// # Cancellation
    ///
    /// Cooperative and asynchronous for a running job: `Requested` means the job has been
    /// told; its `Finished` event follows when it reaches a checkpoint (a job asleep in
    /// [`JobContext::sleep`](crate::JobContext::sleep) or paused wakes at once).
    pub fn cancel(&self, id: JobId) -> Result<CancelOutcome> {
        self.shared.cancel(id)
    }

    /// Cancels every job: queued ones are removed, running and paused ones asked to stop.
    /// Returns how many jobs that concerned.
    pub fn cancel_all(&self) -> usize {
        self.shared.cancel_all()
    }

    /// Asks a running job to pause at its next checkpoint. A paused job keeps its slot.
    ///
    /// Returns `Requested`, `Unchanged` (a pause was already requested, or the job is being
    /// cancelled) or `AlreadyFinished`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown id; [`Error::InvalidState`] for a queued job (it
    /// has nothing to pause: cancel it, or let it start).
    pub fn pause(&self, id: JobId) -> Result<ControlOutcome> {
        self.shared.request_pause(id)
    }

    /// Lets a paused job continue where it stopped (or withdraws a pause not yet reached).
    ///
    /// Returns `Requested`, `Unchanged` (the job was not paused) or `AlreadyFinished`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown id; [`Error::InvalidState`] for a queued job.
    pub fn resume(&self, id: JobId) -> Result<ControlOutcome> {
        self.shared.request_resume(id)
    }

    /// Changes the concurrency limit at run time.
    ///
    /// Raising it starts queued jobs at once. Lowering it stops nothing: running jobs
    /// finish, and no job starts until fewer than `n` hold a slot.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] unless `1 <= n <= job_threads`.
    pub fn set_max_concurrent(&self, n: usize) -> Result<PoolStatus> {
        let threads = self.shared.job_threads;
        if !(1..=threads).contains(&n) {
            return Err(Error::InvalidConfig {
                option: "max_concurrent",
                value: n.to_string(),
                reason: format!("must be 1..={threads} (job_threads)"),
            });
        }
        self.shared.set_limit(n);
        Ok(self.shared.pool_status(n))
    }

    /// The pool's configuration now (batches carry it as of their flush).
    pub fn pool_status(&self) -> PoolStatus {
        self.shared.pool_status(self.shared.limit())
    }

    /// Everything a late window needs: every job, counts, aggregate and pool, exactly as of
    /// the batch numbered `seq` (apply only batches with a larger `seq` on top).
    pub fn snapshot(&self) -> Snapshot {
        lock(&self.shared.view).snapshot()
    }

    /// A job's whole stored default series (min/max-decimated past
    /// [`SERIES_CAP`](crate::SERIES_CAP) points; `decimated` says so): the series
    /// [`DEFAULT_SERIES`](crate::DEFAULT_SERIES), or, for a job that never reported to it,
    /// the first series it reported to (the chunk's `series` says which). Empty while the
    /// job has no data.
    ///
    /// It holds every point reported so far, including points not yet published in a
    /// batch, so a window that loads it and then applies later batches may see a few
    /// points twice; the built-in kinds report increasing `x`, which makes them easy to skip.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown or removed job.
    pub fn series(&self, id: JobId) -> Result<SeriesChunk> {
        let job = self.shared.job(id)?;
        let r = lock(&job.reports);
        let stored = r.data.as_ref().and_then(|d| d.get(DEFAULT_SERIES).or_else(|| d.series.first()));
        Ok(match stored {
            Some(s) => chunk(id, s),
            None => SeriesChunk {
                id,
                series: DEFAULT_SERIES.to_owned(),
                x: Vec::new(),
                y: Vec::new(),
                decimated: false,
            },
        })
    }

    /// A job's whole stored series `name`, as [`series`](Self::series) gives the default one.
    /// [`DEFAULT_SERIES`](crate::DEFAULT_SERIES) always answers (empty while the job has not
    /// reported to it), so a plot of the default series needs no special case.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown or removed job; [`Error::UnknownSeries`] when the
    /// job has reported no point to a series of that name.
    pub fn series_named(&self, id: JobId, name: &str) -> Result<SeriesChunk> {
        let job = self.shared.job(id)?;
        let r = lock(&job.reports);
        match r.data.as_ref().and_then(|d| d.get(name)) {
            Some(s) => Ok(chunk(id, s)),
            None if name == DEFAULT_SERIES => Ok(SeriesChunk {
                id,
                series: name.to_owned(),
                x: Vec::new(),
                y: Vec::new(),
                decimated: false,
            }),
            None => Err(Error::UnknownSeries {
                id,
                series: name.to_owned(),
                known: r.data.as_ref().map(|d| d.names().collect::<Vec<_>>().join(", ")).unwrap_or_default(),
            }),
        }
    }

    /// A job's log lines with a `seq` larger than `after` that are still in its tail (pass
    /// 0 for all, then the chunk's `next`), with how many the tail dropped and where the full
    /// log file is. Also flushes the job's log file, so that a viewer opened on it after this
    /// call sees every line logged so far.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown or removed job.
    pub fn log(&self, id: JobId, after: u64) -> Result<LogChunk> {
        let job = self.shared.job(id)?;
        let (chunk, warning) = {
            let mut log = lock(&job.log);
            match log.as_mut() {
                Some(log) => {
                    let warning = log.flush(id);
                    (log.chunk(id, after), warning)
                }
                None => (
                    LogChunk { id, lines: Vec::new(), next: 0, dropped: 0, truncated: false, file: None },
                    None,
                ),
            }
        };
        if let Some(warning) = warning {
            self.shared.warn(&warning);
        }
        Ok(chunk)
    }

    /// Forgets every job in a terminal state (with its series); returns their ids and
    /// publishes one `Removed` event. Counts no longer include them.
    pub fn clear_finished(&self) -> Vec<JobId> {
        self.shared.clear_finished()
    }

    /// Blocks until nothing is queued, running or paused, or `timeout` passes; returns
    /// whether the engine is idle. A retry held for its backoff is queued: the engine is not
    /// idle until it has run (or was cancelled).
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.shared.wait_idle_until(deadline(timeout)) == 0
    }

    /// Cancels every job, publishes the last batch, and joins the engine's threads, waiting
    /// at most `timeout` in all. Later submits fail with [`Error::ShutDown`]; the other
    /// methods keep answering. Calling it again does nothing. Dropping the engine calls it
    /// with [`DROP_SHUTDOWN_TIMEOUT`].
    ///
    /// # Errors
    ///
    /// [`Error::ShutdownTimeout`] if jobs did not reach a checkpoint (or threads did not
    /// end) in time; those threads are left to end on their own, detached.
    pub fn shutdown(&self, timeout: Duration) -> Result<()> {
        let started = Instant::now();
        let deadline = deadline(timeout);
        let Some(rt) = lock(&self.runtime).take() else { return Ok(()) };
        self.shared.begin_shutdown();
        let still_running = self.shared.wait_idle_until(deadline);
        self.shared.signal.stop();
        let flusher_done = rt.flusher_set.join(deadline) & rt.timer_set.join(deadline);
        // Dropping a rayon pool lets its threads end once their work returns: the worker
        // loops end now that the engine is idle and shutting down.
        drop(rt.job_pool);
        drop(lock(&self.shared.compute).take());
        let joined = rt.job_set.join(deadline) & rt.compute_set.join(deadline);
        if still_running == 0 && flusher_done && joined {
            Ok(())
        } else {
            Err(Error::ShutdownTimeout { waited_ms: started.elapsed().as_millis() as u64, still_running })
        }
    }
}

/// The whole stored series `s` of job `id`.
fn chunk(id: JobId, s: &crate::job::Series) -> SeriesChunk {
    let (x, y) = s.store.to_columns();
    SeriesChunk { id, series: s.name.to_string(), x, y, decimated: s.store.is_decimated() }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown(DROP_SHUTDOWN_TIMEOUT) {
            self.shared.warn(&format!("dropping the engine: {e}"));
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("pool", &self.pool_status()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_engine_can_live_in_shared_state() {
        fn shared<T: Send + Sync + 'static>() {}
        shared::<super::Engine>();
        shared::<crate::CancelToken>();
        fn sync<T: Sync>() {}
        sync::<crate::JobContext<'static>>();
    }
}
