//! Jobdeck's job engine: a priority queue in front of a thread pool, with a runtime
//! concurrency limit, cooperative cancel and pause, panic isolation, and events coalesced
//! for a UI.
//!
//! It has no UI or Tauri dependency: an app builds an [`Engine`], gives it an
//! [`EventSink`], submits [`JobSpec`]s, and draws what the sink receives. Everything that
//! crosses to a UI ([`EventBatch`], [`Snapshot`], [`KindInfo`], [`Error`] …) is
//! `serde`-serializable with a fixed camelCase JSON shape (TypeScript definitions are
//! generated with the `ts` feature).
//!
//! # Submitting jobs
//!
//! ```
//! use std::time::Duration;
//! use jobdeck_engine::{Engine, JobSpec, JobState, Priority};
//! use serde_json::json;
//!
//! let engine = Engine::builder().max_concurrent(2).build()?;
//! let slow = engine.submit(JobSpec::new("progress").params(json!({"steps": 100, "step_ms": 5})))?;
//! let many = engine.submit_many(&JobSpec::new("noop").priority(Priority::High), 10)?;
//! assert_eq!(many.len(), 10);
//! engine.cancel(slow)?; // queued: removed at once; running: stops at its next checkpoint
//! assert!(engine.wait_idle(Duration::from_secs(10)));
//!
//! // What a UI shows, as of the last batch the engine published (it may lag the jobs by
//! // up to one flush interval):
//! let snapshot = engine.snapshot();
//! assert!(snapshot.jobs.len() <= 11);
//! # let _ = JobState::Queued;
//! # Ok::<(), jobdeck_engine::Error>(())
//! ```
//!
//! # Writing a job kind
//!
//! A kind describes its parameters (the engine validates submissions against them, and a
//! UI builds its form from the same [`KindInfo`]) and turns validated [`Params`] into a
//! job body. The body gets a [`JobContext`] to report progress and data, and to stop or
//! pause at checkpoints. That is the whole contract:
//!
//! ```
//! use std::time::Duration;
//! use jobdeck_engine::{Engine, JobContext, JobFn, JobKind, JobSpec, KindInfo, ParamSpec, Params, Result};
//! use serde_json::json;
//!
//! /// Counts down, one step per `tick_ms`, plotting the remaining count.
//! struct Countdown;
//!
//! impl JobKind for Countdown {
//!     fn info(&self) -> KindInfo {
//!         KindInfo::new("countdown", "Countdown", "Counts down to zero. Result: {from}.")
//!             .param(ParamSpec::integer("from", "From", "Where to start.").default(10).range(1.0, 1e6))
//!             .param(ParamSpec::number("tick_ms", "Tick (ms)", "Pause per step.").default(1).range(0.0, 1000.0))
//!     }
//!
//!     fn prepare(&self, params: &Params) -> Result<JobFn> {
//!         let from = params.u64("from")?;
//!         let tick = Duration::from_secs_f64(params.f64("tick_ms")? / 1000.0);
//!         Ok(Box::new(move |ctx: &JobContext| {
//!             for done in 1..=from {
//!                 ctx.sleep(tick)?; // wakes at once on cancel or pause
//!                 ctx.data(done as f64, (from - done) as f64);
//!                 ctx.progress(done, from);
//!             }
//!             Ok(json!({ "from": from }))
//!         }))
//!     }
//! }
//!
//! let engine = Engine::builder().kind(Countdown).build()?;
//! let id = engine.submit(JobSpec::new("countdown").params(json!({"from": 20})))?;
//! assert!(engine.wait_idle(Duration::from_secs(10)));
//! assert_eq!(engine.series(id)?.y.last(), Some(&0.0));
//!
//! let err = engine.submit(JobSpec::new("countdown").params(json!({"from": 0}))).unwrap_err();
//! assert_eq!(err.to_string(), "countdown: parameter `from` must be at least 1, got 0");
//! # Ok::<(), jobdeck_engine::Error>(())
//! ```
//!
//! A body returns its result as JSON, or a [`JobError`]: `?` turns any `std::error::Error`
//! into a failure and passes a cancellation on. A panic is caught and ends the job as
//! `Failed` with `panicked: true`; the thread survives.
//!
//! # Design
//!
//! **Lifecycle.** `Queued → Running → (Paused ⇄ Running) → Succeeded | Failed | Cancelled`.
//! Every job gets exactly one terminal state and one `Finished` event, whatever happens:
//! cancelled while queued (or held for a retry), cancelled while paused, an error, a panic,
//! or shutdown.
//!
//! **Retries are new jobs.** A spec may ask for up to [`MAX_RETRIES`] automatic retries
//! ([`JobSpec::retries`]). An attempt that ends `Failed` (an error or a panic; never a cancel,
//! nor an attempt whose cancel was requested, nor during shutdown) is followed by a new job
//! with its own id: the same kind, parameters and priority, [`JobInfo::attempt`] + 1 and
//! [`JobInfo::retry_of`] the failed one, so each attempt keeps the invariant above and a UI
//! shows "attempt 2 of 4". The retry is *held*: `Queued`, but not dispatched before its
//! [`JobInfo::runnable_at`], `min(backoff_s × 2^(n−1) × U[0.5, 1.5), 1 h)` after attempt `n`
//! failed ([`JobSpec::backoff_s`]). A `jobdeck-timer` thread sleeps until the earliest held
//! job is due (no polling), moves it into the queue and wakes a worker, so it starts at once
//! if a slot is free. The retry is queued in the same critical section that finishes the
//! failed attempt, just before it, so the engine never looks idle between attempts.
//! Cancelling a held retry ends the chain; shutdown cancels held retries like queued jobs.
//! [`Engine::rerun`] submits any finished job again as a fresh first attempt linked to it
//! (`retry_of`), and [`JobInfo::rerun_spec`] rebuilds the spec from a row.
//!
//! **The queue is ours, the threads are rayon's.** rayon has no priorities, no way to
//! cancel queued work and no runtime resize, so jobs wait in the engine's own queue
//! (highest [`Priority`] first, first-in first-out within one) until a slot is free. At
//! most `max_concurrent` jobs hold a slot; **a paused job keeps its slot** (it holds a
//! thread and whatever it allocated, and resumes at once). The limit can change at run
//! time: raising it starts queued jobs at once; lowering it stops nothing, and no job
//! starts until fewer than the new limit hold a slot.
//!
//! **Two pools.** Job bodies run on the *job pool* (`job_threads`, default 64), a rayon pool
//! in which each thread runs one long-lived worker loop that takes jobs from the queue.
//! Jobs' inner parallel work runs on a separate *compute pool* sized to the cores
//! (`compute_threads`), reached through [`JobContext::compute`]. Why two:
//! - sleeping and paused jobs block their thread. With a thread per slot and up to 64
//!   slots, blocked jobs never starve each other, and they cannot starve parallel work,
//!   which never runs on those threads;
//! - parallel work gets exactly the cores, so it never takes a job slot, and a CPU-heavy
//!   job cannot hold more than its one slot in the queue's accounting;
//! - rayon lets a thread that waits on another pool steal work from its own pool meanwhile.
//!   If job bodies were rayon tasks, a job waiting in `compute().install(..)` could pick up a
//!   whole other job and run it on its stack, stalling itself behind it. One loop per
//!   job-pool thread leaves nothing to steal. (`max_concurrent` can never exceed
//!   `job_threads` for the same reason: every slot needs its own thread.)
//!
//! **Cancel and pause** go through a per-job control token (a flag word plus a mutex and
//! condvar). [`JobContext::checkpoint`] costs one atomic load when nothing is pending;
//! [`JobContext::sleep`] waits on the condvar, so cancel or pause wakes it at once (in
//! microseconds, whatever the step length), not at the end of a polling interval. Cancel
//! wins over pause: a paused job that is cancelled ends as `Cancelled` without resuming.
//! A body that waits on something outside the engine (a child process) parks instead of
//! polling ([`JobContext::park`], ended by a [`JobWaker`], a pause request or a cancel), and
//! pauses with [`JobContext::checkpoint_with`], whose hooks run around the pause (e.g. to
//! stop and continue a process group).
//!
//! **Events are coalesced.** Jobs may report millions of times a second; the sink gets at
//! most one [`EventBatch`] per flush interval (default 16 ms), built by a flusher thread:
//! lifecycle events in order (never dropped; over [`BATCH_LIFECYCLE_BUDGET`] per batch
//! the rest go, still in order, in the next batches), the latest progress per job, new
//! data points per job and series (more than [`BATCH_DATA_BUDGET`] per series per batch, or
//! an even share of [`BATCH_POINTS_BUDGET`] when many report at once, are min/max-decimated,
//! so peaks survive), and the pool, counts and aggregate after it.
//! Every point also goes to its series' store, bounded by [`SERIES_CAP`] and
//! min/max-decimated past it; [`Engine::series`] and [`Engine::series_named`] return it whole.
//!
//! **Named series.** A job reports points to named series ([`JobContext::data_in`]; `data`
//! uses [`DEFAULT_SERIES`]), at most [`SERIES_PER_JOB_CAP`] per job; the batch budgets, the
//! decimation and the store above all work per (job, series), and [`JobInfo::series`] lists
//! the names seen.
//!
//! **Logs.** Any job may log lines ([`JobContext::log_line`]): a bounded in-memory tail per
//! job ([`LOG_TAIL_LINES`], [`LOG_TAIL_BYTES`]), read with [`Engine::log`], and with
//! [`EngineBuilder::log_dir`] the whole log in a capped file per job (see `job/log.rs`). Log
//! lines are not in batches: a UI polls the tail while it shows it.
//!
//! **Aggregate progress** covers the current batch of work: every job queued since the
//! engine was last idle. Terminal jobs count as complete and a job's share never shrinks,
//! so the figure never falls when a job ends; only a new job can lower it.
//!
//! **Snapshots** come from the view the flusher publishes, updated from exactly the events
//! it puts in each batch under the same lock that numbers the batch: a [`Snapshot`] with
//! `seq = n` is the state after batches `1..=n`, so a late window takes one and applies
//! only batches with a larger `seq`.
//!
//! **Shutdown** ([`Engine::shutdown`], or dropping the engine) refuses new work, cancels
//! everything, publishes a last batch and joins every thread, waiting at most its timeout.
//!
//! # Layout
//!
//! The source folders are the subsystems above; `engine.rs` (the public face), `builder.rs`,
//! `error.rs` and `sync.rs` (lock helpers) sit beside them.
//!
//! - `wire/`: what crosses to a UI (spec, id, states, outcomes, pool figures, event batches,
//!   snapshot), one file per generated TypeScript definition.
//! - `job/`: one job and what its body sees: the job record, its attempt, its control word, the
//!   [`CancelToken`], the [`JobContext`], its log and [`JobError`].
//! - `sched/`: who runs when: the scheduler's state (private), `lifecycle.rs` (every state
//!   change, each with its event), the priority queue, the worker loops, the threads, and
//!   automatic retries (`retry.rs`: what follows a failure and when; `timer.rs`: the thread
//!   that releases held retries; `clock.rs`: the time they are held by).
//! - `publish/`: from reports to batches: the lifecycle records, the dirty list, the flusher,
//!   the published view, the series store, the batch budgets and the [`EventSink`]; its
//!   module doc describes the whole protocol.
//! - `kind/`: what a job kind is ([`JobKind`], [`KindInfo`], [`Params`] and their checks),
//!   with the built-in kinds in `kind/builtin/`, one file each.
//!
//! # Built-in kinds
//!
//! | kind | parameters (defaults) | result |
//! |---|---|---|
//! | `progress` | `steps` (1000), `step_ms` (10) | `{steps}` |
//! | `ratio` | `iterations` (random 10..=50), `step_ms` (50); fails at n = 30 | `{number, value}` |
//! | `random-walk` | `steps` (500), `step_ms` (random 5..50) | `{steps, last}` |
//! | `monte-carlo-pi` | `samples` (50,000,000), `chunk` (1,000,000) | `{pi, absError}` |
//! | `hash-files` | `folder` (required, must be a directory) | `{files, bytes, manifest, unreadable}` |
//! | `command` (Unix) | `command` (required), `cwd`, `env`, `shell` (false), `timeout_s`, `progress` (`auto`) | `{exitCode, seconds, lastLines}` |
//! | `noop` | none | `null` |
//!
//! [`Engine::kinds`] describes each with its ranges.
//!
//! # Command jobs
//!
//! `command` runs any program with the user's rights. The command line is split like a POSIX
//! shell does (`shell-words`) and run without a shell unless `shell` is true (`sh -c`); an
//! empty line, unbalanced quotes, a program not on the child's `PATH` or not executable, or a
//! malformed `env` line is rejected at submit, naming the field. The program leads a new
//! process group (process-wrap), so the whole tree goes together: Stop (and shutdown) sends
//! SIGTERM to the group and SIGKILL after [`KILL_GRACE`]; pause and resume are SIGSTOP and
//! SIGCONT to the group; when the program exits, whatever is left of its group is killed.
//! stdout and stderr are read on two threads, split on `\n` and `\r` (a line without an end
//! is cut at [`LOG_LINE_MAX`]), shown lossily if not UTF-8, stripped of escape sequences and
//! logged ([`JobContext::log_line`]); parsers read progress (tqdm bars, OSC 9;4, bare
//! percentages as thousandths), status (TeamCity `progressMessage`, else the last line, at
//! most every 100 ms) and named series (TeamCity `buildStatisticValue`, tqdm's rate and
//! postfix; x = seconds since the program started). The child gets `PYTHONUNBUFFERED=1` and
//! `TQDM_MININTERVAL=0.25` before the user's `env`, which wins.
#![deny(missing_debug_implementations)]
#![deny(missing_docs)]

mod builder;
mod engine;
mod error;
mod job;
mod kind;
mod publish;
mod sched;
mod sync;
mod wire;

pub use builder::{
    EngineBuilder, DEFAULT_FLUSH_INTERVAL, DEFAULT_JOB_THREADS, MAX_FLUSH_INTERVAL, MAX_THREADS,
    MIN_FLUSH_INTERVAL,
};
pub use engine::{Engine, DROP_SHUTDOWN_TIMEOUT};
pub use error::{Error, ErrorPayload, Result, SpawnCause};
pub use job::context::JobContext;
pub use job::error::JobError;
pub use job::log::{LOG_FILE_CAP, LOG_LINE_MAX, LOG_TAIL_BYTES, LOG_TAIL_LINES};
pub use job::token::CancelToken;
pub use job::waker::JobWaker;
#[cfg(unix)]
pub use kind::builtin::command::KILL_GRACE;
pub use kind::params::Params;
pub use kind::schema::{KindInfo, ParamKind, ParamSpec};
pub use kind::{JobFn, JobKind};
pub use publish::budget::{
    BATCH_DATA_BUDGET, BATCH_DATA_MIN_SHARE, BATCH_LIFECYCLE_BUDGET, BATCH_POINTS_BUDGET, DEFAULT_SERIES,
    SERIES_CAP, SERIES_NAME_MAX, SERIES_PER_JOB_CAP,
};
pub use publish::sink::EventSink;
#[doc(hidden)]
pub use sched::clock::ManualClock;
pub use wire::events::{EventBatch, LifecycleEvent, ProgressUpdate, SeriesChunk};
pub use wire::id::JobId;
pub use wire::log::{LogChunk, LogLine, LogStream};
pub use wire::outcome::{CancelOutcome, ControlOutcome};
pub use wire::pool::{Aggregate, Counts, PoolStatus};
pub use wire::snapshot::{JobInfo, Snapshot};
pub use wire::spec::{JobSpec, DEFAULT_BACKOFF_S, MAX_BACKOFF_S, MAX_RETRIES};
pub use wire::state::{JobState, Outcome, Priority};
