//! Configuring and starting an [`Engine`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::engine::Runtime;
use crate::error::SpawnCause;
use crate::job::log::{LogConfig, LOG_FILE_CAP};
use crate::kind::{builtin, Kinds};
use crate::publish::flusher::Flusher;
use crate::sched::clock::{Clock, ManualClock};
use crate::sched::threads::ThreadSet;
use crate::sched::timer::timer_loop;
use crate::sched::worker::worker_loop;
use crate::sched::{Shared, SharedConfig, WarningHandler};
use crate::{Engine, Error, EventSink, JobKind, Result};

/// Default number of job-pool threads (see [`EngineBuilder::job_threads`]).
pub const DEFAULT_JOB_THREADS: usize = 64;
/// Most threads either pool may have.
pub const MAX_THREADS: usize = 1024;
/// Default flush interval: one batch per frame at 60 Hz.
pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_millis(16);
/// Shortest flush interval.
pub const MIN_FLUSH_INTERVAL: Duration = Duration::from_millis(1);
/// Longest flush interval.
pub const MAX_FLUSH_INTERVAL: Duration = Duration::from_secs(10);

/// Configures an [`Engine`]; get one from [`Engine::builder`].
///
/// Every option has a default; invalid values are reported by [`build`](Self::build) as
/// [`Error::InvalidConfig`], never silently clamped.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use jobdeck_engine::Engine;
///
/// let engine = Engine::builder()
///     .max_concurrent(4)
///     .job_threads(16)
///     .compute_threads(2)
///     .flush_interval(Duration::from_millis(50))
///     .build()?;
/// assert_eq!(engine.pool_status().max_concurrent, 4);
///
/// let err = Engine::builder().max_concurrent(0).build().unwrap_err();
/// assert_eq!(err.code(), "invalid_config");
/// # Ok::<(), jobdeck_engine::Error>(())
/// ```
#[must_use = "call .build() to start the engine"]
pub struct EngineBuilder {
    max_concurrent: Option<usize>,
    job_threads: usize,
    compute_threads: Option<usize>,
    flush_interval: Duration,
    sink: Option<Box<dyn EventSink>>,
    kinds: Vec<Box<dyn JobKind>>,
    on_warning: Option<WarningHandler>,
    log_dir: Option<PathBuf>,
    log_file_cap: u64,
    clock: Option<Arc<ManualClock>>,
}

impl std::fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The sink, the kinds and the handler are user types without `Debug`: say whether
        // they are set (a kind's `info` is read once, at registration, so not here).
        f.debug_struct("EngineBuilder")
            .field("max_concurrent", &self.max_concurrent)
            .field("job_threads", &self.job_threads)
            .field("compute_threads", &self.compute_threads)
            .field("flush_interval", &self.flush_interval)
            .field("sink", &self.sink.is_some())
            .field("extra_kinds", &self.kinds.len())
            .field("on_warning", &self.on_warning.is_some())
            .field("log_dir", &self.log_dir)
            .field("manual_clock", &self.clock.is_some())
            .finish()
    }
}

impl Default for EngineBuilder {
    fn default() -> Self {
        EngineBuilder {
            max_concurrent: None,
            job_threads: DEFAULT_JOB_THREADS,
            compute_threads: None,
            flush_interval: DEFAULT_FLUSH_INTERVAL,
            sink: None,
            kinds: Vec::new(),
            on_warning: None,
            log_dir: None,
            log_file_cap: LOG_FILE_CAP,
            clock: None,
        }
    }
}

/// The machine's available parallelism (1 if it cannot be told).
pub(crate) fn available_parallelism() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

impl EngineBuilder {
    /// The most jobs that hold a slot (Running or Paused) at once. Default: the machine's
    /// available parallelism (capped at `job_threads`). Must be `1..=job_threads`; it can be
    /// changed later with [`Engine::set_max_concurrent`].
    pub fn max_concurrent(mut self, n: usize) -> Self {
        self.max_concurrent = Some(n);
        self
    }

    /// Threads of the job pool, which runs job bodies: the ceiling for `max_concurrent`.
    /// Default 64; must be `1..=1024`. Idle threads cost only their (lazily committed) stacks.
    pub fn job_threads(mut self, n: usize) -> Self {
        self.job_threads = n;
        self
    }

    /// Threads of the compute pool, which jobs use for their inner parallel work through
    /// [`JobContext::compute`](crate::JobContext::compute). Default: the machine's available
    /// parallelism; must be `1..=1024`.
    pub fn compute_threads(mut self, n: usize) -> Self {
        self.compute_threads = Some(n);
        self
    }

    /// How often, at most, the sink gets a batch. Default 16 ms; must be 1 ms..=10 s.
    pub fn flush_interval(mut self, interval: Duration) -> Self {
        self.flush_interval = interval;
        self
    }

    /// Where event batches go. Default: nowhere (the engine still keeps its
    /// [`snapshot`](Engine::snapshot) up to date).
    pub fn sink(mut self, sink: impl EventSink) -> Self {
        self.sink = Some(Box::new(sink));
        self
    }

    /// Where the engine reports what it cannot return to a caller: a sink that panicked (the
    /// batch is lost, the engine goes on), or a shutdown that timed out while the engine was
    /// being dropped. Called with one sentence, from the flusher's thread or the dropping
    /// thread. Default: the sentence on stderr, prefixed `jobdeck-engine: `.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use jobdeck_engine::{Engine, EventBatch};
    ///
    /// let warnings = Arc::new(Mutex::new(Vec::new()));
    /// let log = warnings.clone();
    /// let engine = Engine::builder()
    ///     .sink(|_: &EventBatch| panic!("a broken sink"))
    ///     .on_warning(move |message: &str| log.lock().unwrap().push(message.to_owned()))
    ///     .build()?;
    /// engine.submit(jobdeck_engine::JobSpec::new("noop"))?;
    /// engine.shutdown(std::time::Duration::from_secs(10))?; // publishes the last batch
    /// assert!(warnings.lock().unwrap()[0].starts_with("the event sink panicked on batch"));
    /// # Ok::<(), jobdeck_engine::Error>(())
    /// ```
    pub fn on_warning(mut self, handler: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.on_warning = Some(Box::new(handler));
        self
    }

    /// The folder for jobs' log files (`<folder>/<job id>.log`, see
    /// [`JobContext::log_line`](crate::JobContext::log_line)); created by
    /// [`build`](Self::build) if missing. Default: none, and jobs' logs live only in their
    /// in-memory tails.
    pub fn log_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.log_dir = Some(dir.into());
        self
    }

    /// Caps each log file at `bytes` instead of [`LOG_FILE_CAP`](crate::LOG_FILE_CAP): for
    /// tests of the truncation, which would otherwise have to write 64 MiB.
    #[doc(hidden)]
    pub fn log_file_cap(mut self, bytes: u64) -> Self {
        self.log_file_cap = bytes;
        self
    }

    /// Holds retries by `clock` instead of the system's: for tests of the backoff, which
    /// advance it rather than sleep.
    #[doc(hidden)]
    pub fn manual_clock(mut self, clock: Arc<ManualClock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Registers an extra job kind. The built-in kinds are always registered.
    pub fn kind(mut self, kind: impl JobKind) -> Self {
        self.kinds.push(Box::new(kind));
        self
    }

    /// Checks the configuration and starts the engine's threads.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] for an option out of range, a kind that is badly
    /// described or registered twice, or a log folder that cannot be created; [`Error::Spawn`] if threads cannot be started.
    pub fn build(self) -> Result<Engine> {
        let config = |option: &'static str, value: String, reason: String| Error::InvalidConfig {
            option,
            value,
            reason,
        };
        let range = format!("must be 1..={MAX_THREADS}");
        if !(1..=MAX_THREADS).contains(&self.job_threads) {
            return Err(config("job_threads", self.job_threads.to_string(), range));
        }
        let compute_threads = self.compute_threads.unwrap_or_else(available_parallelism);
        if !(1..=MAX_THREADS).contains(&compute_threads) {
            return Err(config("compute_threads", compute_threads.to_string(), range));
        }
        let default_max = available_parallelism().min(self.job_threads);
        let limit = self.max_concurrent.unwrap_or(default_max);
        if !(1..=self.job_threads).contains(&limit) {
            let reason = format!("must be 1..={} (job_threads)", self.job_threads);
            return Err(config("max_concurrent", limit.to_string(), reason));
        }
        if !(MIN_FLUSH_INTERVAL..=MAX_FLUSH_INTERVAL).contains(&self.flush_interval) {
            return Err(config(
                "flush_interval",
                format!("{:?}", self.flush_interval),
                "must be 1 ms..=10 s".into(),
            ));
        }
        if let Some(dir) = &self.log_dir {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return Err(config("log_dir", dir.display().to_string(), format!("cannot be created: {e}")));
            }
        }
        let kinds = Kinds::new(builtin::all().into_iter().chain(self.kinds))?;

        let job_set = Arc::new(ThreadSet::default());
        let compute_set = Arc::new(ThreadSet::default());
        let flusher_set = Arc::new(ThreadSet::default());
        let timer_set = Arc::new(ThreadSet::default());
        let compute = compute_set.pool("jobdeck-compute", compute_threads)?;
        let job_pool = job_set.pool("jobdeck-job", self.job_threads)?;
        let shared = Arc::new(Shared::new(SharedConfig {
            limit,
            job_threads: self.job_threads,
            compute_threads,
            default_max_concurrent: default_max,
            max_spinners: available_parallelism().saturating_sub(1).max(1),
            flush_interval: self.flush_interval,
            compute,
            log: LogConfig { dir: self.log_dir, file_cap: self.log_file_cap },
            on_warning: self
                .on_warning
                .unwrap_or_else(|| Box::new(|message: &str| eprintln!("jobdeck-engine: {message}"))),
            clock: self.clock.map_or_else(Clock::system, Clock::Manual),
            kinds,
        }));
        shared.clock.attach(&shared);

        // One long-lived worker loop per job-pool thread (see `worker_loop` for why).
        let for_workers = Arc::clone(&shared);
        job_pool.spawn_broadcast(move |_| worker_loop(&for_workers));

        let flusher = Flusher::new(Arc::clone(&shared), self.sink);
        if let Err(e) = flusher_set.spawn("jobdeck-flusher".into(), move || flusher.run()) {
            // Stop the workers we already started before reporting.
            shared.begin_shutdown();
            return Err(Error::Spawn { what: "flusher thread".into(), source: SpawnCause::new(e) });
        }
        let for_timer = Arc::clone(&shared);
        if let Err(e) = timer_set.spawn("jobdeck-timer".into(), move || timer_loop(&for_timer)) {
            shared.begin_shutdown();
            shared.signal.stop();
            return Err(Error::Spawn { what: "timer thread".into(), source: SpawnCause::new(e) });
        }
        Ok(Engine::new(shared, Runtime { job_pool, job_set, compute_set, flusher_set, timer_set }))
    }
}
