//! `JOBDECK_STARTUP_TRACE=1`: one line on stderr as each start-up stage ends, so the time from
//! process start to the first frame can be split between Jobdeck, GTK and WebKit without a
//! debugger or WebDriver (the benchmark's start-up scenario reads it, `tests/perf/driver.mjs`).

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The variable that turns the trace on (any non-empty value but `0`).
const STARTUP_TRACE_ENV: &str = "JOBDECK_STARTUP_TRACE";

/// When `run` began, if the trace is on.
static BEGAN: OnceLock<Option<Instant>> = OnceLock::new();

/// Starts the trace clock; first thing in [`crate::run`].
pub(crate) fn begin() {
    let on = std::env::var(STARTUP_TRACE_ENV).is_ok_and(|v| !v.is_empty() && v != "0");
    BEGAN.get_or_init(|| on.then(Instant::now));
    stage("run");
}

/// Prints `jobdeck: startup <stage> <ms since run began> ms, unix <epoch ms>` when tracing.
/// The epoch lets a reader line the stages up with the process start time from `/proc`.
pub(crate) fn stage(name: &str) {
    let Some(Some(began)) = BEGAN.get() else { return };
    let since = began.elapsed().as_secs_f64() * 1e3;
    let epoch = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1e3);
    eprintln!("jobdeck: startup {name} {since:.1} ms, unix {epoch:.1}");
}
