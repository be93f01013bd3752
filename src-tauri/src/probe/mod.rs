//! Instrumentation, not product: hooks that let the benchmark (`scripts/bench.mjs`) measure the
//! running app from outside, without a debugger or a WebDriver round trip that would disturb
//! what it measures. Each hook is off unless its variable is set. The release binary keeps
//! them: the benchmark must measure what ships.
//!
//! - [`traffic`]: `JOBDECK_IPC_STATS=<file>`, exact counts of what `next_batches` answered.
//! - [`startup_trace`]: `JOBDECK_STARTUP_TRACE=1`, one stderr line per start-up stage.

pub(crate) mod startup_trace;
pub(crate) mod traffic;
