//! The shell's integration tests, one module per behaviour: the real app (its config,
//! capabilities and command handlers) on Tauri's mock runtime. One binary, because each test
//! binary links all of Tauri.
//!
//! Tests of one binary run side by side. Those that assert a wall-clock bound build their app
//! with `TestApp::alone` (or take `util::alone()`), so nothing else runs beside them on a small
//! machine; every other app shares the time (see `util`).

mod util;

// Least privilege: the window may call Jobdeck's own commands and the folder picker, nothing else.
mod acl;
// The commands delegate to the engine, and batches reach the page that pulls them.
mod commands;
// Every rejection crosses the IPC as `{code, message, field?}`: the JSON is pinned.
mod errors;
// Every job recorded in the data folder's history: pages, search, restart, re-run, resume,
// delete, export through the save path, the banner's notice.
mod history;
// A job's log tail and its file, named series, and where the log files live.
mod logs;
// Closing the window cancels every job, and the engine lets go within a second (timed: alone);
// with a command job, once its whole process tree is gone.
mod shutdown;
