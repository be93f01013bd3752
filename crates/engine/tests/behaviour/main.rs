//! The engine's behaviour tests, one module per behaviour, in one test binary (one link
//! instead of one per file; run one module with `cargo test --test behaviour cancel::`).
//!
//! Tests run side by side on the harness's threads. The ones that assert a wall-clock bound
//! (marked *timing*) and the heavy ones (marked *heavy*: thousands of jobs, floods of reports)
//! take [`util::exclusive`] first, so that no two of them overlap: on a 2-core machine a
//! timing test beside a flood would measure the flood. Light tests run beside anything.

mod util;

// 1. The builder's defaults, and clear errors for invalid values.
mod builder;
// 2. Submit validates first; on error nothing is queued.
mod submit_validation;
// 3 and 9. Queued → Started → Finished in order, one terminal event per job.
mod lifecycle;
// 4. Higher priority first, FIFO within a priority.
mod priority_fifo;
// 4. Raising the limit starts queued jobs at once; lowering it drains first.
mod limit_changes;
// 4. Never more than `max_concurrent` jobs hold a slot, while the limit changes (heavy).
mod limit_never_exceeded;
// 4. Sleeping and paused jobs never hold compute threads (timing).
mod compute_pool;
// 5. Cancel removes queued jobs and asks running ones to stop; cancel_all does both.
mod cancel;
// 6. Pause and resume are cooperative; cancel wins over pause (one test timing).
mod pause_resume;
// 6. park ends on a wake-up, a pause request or a cancel; pause hooks run in order (one timing).
mod park_and_hooks;
// 7. A sleeping or paused job stops in well under a millisecond when cancelled (timing).
mod cancel_latency;
// 8. A panic or an error fails its job only; the thread survives.
mod panics_and_errors;
// 10. At most one batch per interval, within every budget, nothing lost (heavy).
mod coalescing;
// 10. Every point reaches the series store; past its cap it keeps the peaks; no point is
// published after its job's Finished (one heavy).
mod series_store;
// Several named series per job, each with its own budget, store and decimation.
mod named_series;
// Any job can log: a bounded live tail, and the full log in a capped file.
mod job_log;
// Automatic retry: linked attempts, backoff by a manual clock, cancel and shutdown of held
// jobs (one test heavy).
mod retry;
// Re-run: any finished job again as a linked first attempt; unfinished ones refused.
mod rerun;
// 11. Aggregate progress never falls when a job ends; it resets after idle.
mod aggregate;
// 12. Shutdown and Drop cancel everything and join every thread in time (timing).
mod shutdown;
// 13. A snapshot plus the later batches is exactly the engine's state.
mod snapshot;
// clear_finished forgets terminal jobs only; wait_idle reports a timeout.
mod clear_finished;
// Every built-in kind does what its docs say (one test timing).
mod kinds_run;
// Every built-in kind rejects bad parameters with a field-level error.
mod kinds_bad_params;
// 10,000 jobs, 10 % panicking, 10 % failing: every one accounted for (heavy).
mod ten_thousand_jobs;
// A seeded random run of every operation over thousands of jobs: invariants hold (heavy).
mod randomized;
// The `command` kind (Unix): helpers, then one module per behaviour.
#[cfg(unix)]
mod command_support;
// Exit codes, signals, cwd and env, shell, timeout.
#[cfg(unix)]
mod command_outcome;
// Bad parameters are rejected at submit, naming the field.
#[cfg(unix)]
mod command_bad_params;
// No process of a job's tree outlives it: stop, SIGTERM ignored, grandchildren, shutdown (timing).
#[cfg(unix)]
mod command_tree;
// Pause stops the whole group (state T); the wall time grows by the pause (timing).
#[cfg(unix)]
mod command_pause;
// Output: \r and \n, escapes, non-UTF-8, a long line, tqdm, TeamCity, OSC and percentages.
#[cfg(unix)]
mod command_output;
// A `yes` flood keeps the log tail bounded (heavy).
#[cfg(unix)]
mod command_flood;
