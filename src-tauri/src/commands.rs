//! The commands the UI invokes. Each one converts its arguments and delegates to the engine.
//!
//! Every command runs off the main (GTK) thread (`async`), so a large snapshot or a submit
//! of thousands of jobs never stalls the window, and inside a panic guard, so a panic becomes an
//! `internal` error instead of taking the app down. Their names are
//! [`COMMANDS`](crate::COMMANDS), the contract the ACL and `ui/src/ipc.ts` are built from (a
//! command missing there is denied); argument keys are the contract with `ui/src/ipc.ts`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use jobdeck_engine::{
    CancelOutcome, ControlOutcome, JobId, KindInfo, LogChunk, PoolStatus, SeriesChunk, Snapshot,
};

use tauri::ipc::Response;

use crate::args::{CountArg, IdArg, LimitArg, SeqArg, SeriesNameArg, SpecArg};
use crate::error::{Error, Result};
use crate::{AppState, PULL_WAIT};

/// Runs a command body, turning a panic into [`Error::Internal`].
pub(crate) fn guard<T>(command: &'static str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with no message".to_owned());
        Err(Error::Internal { command, message })
    })
}

/// The registered job kinds and their parameter schemas, for the new-job form.
#[tauri::command(async)]
pub(crate) fn list_kinds(state: AppState<'_>) -> Result<Vec<KindInfo>> {
    guard("list_kinds", || Ok(state.engine.kinds()))
}

/// Validates `spec` once and queues `count` (1..=[`MAX_COUNT`](crate::MAX_COUNT)) copies of it;
/// all or nothing.
#[tauri::command(async)]
pub(crate) fn submit(state: AppState<'_>, spec: SpecArg, count: CountArg) -> Result<Vec<JobId>> {
    guard("submit", || Ok(state.engine.submit_many(&spec.0, count.0)?))
}

/// Removes a queued job, or asks a running or paused one to stop.
#[tauri::command(async)]
pub(crate) fn cancel(state: AppState<'_>, id: IdArg) -> Result<CancelOutcome> {
    guard("cancel", || Ok(state.engine.cancel(id.0)?))
}

/// Cancels every queued, running and paused job; returns how many it touched.
#[tauri::command(async)]
pub(crate) fn cancel_all(state: AppState<'_>) -> Result<usize> {
    guard("cancel_all", || Ok(state.engine.cancel_all()))
}

/// Asks a running job to pause at its next checkpoint.
#[tauri::command(async)]
pub(crate) fn pause(state: AppState<'_>, id: IdArg) -> Result<ControlOutcome> {
    guard("pause", || Ok(state.engine.pause(id.0)?))
}

/// Lets a paused job continue.
#[tauri::command(async)]
pub(crate) fn resume(state: AppState<'_>, id: IdArg) -> Result<ControlOutcome> {
    guard("resume", || Ok(state.engine.resume(id.0)?))
}

/// Changes how many jobs may hold a slot at once.
#[tauri::command(async)]
pub(crate) fn set_max_concurrent(state: AppState<'_>, limit: LimitArg) -> Result<PoolStatus> {
    guard("set_max_concurrent", || Ok(state.engine.set_max_concurrent(limit.0)?))
}

/// The whole state of the engine.
#[tauri::command(async)]
pub(crate) fn snapshot(state: AppState<'_>) -> Result<Snapshot> {
    guard("snapshot", || Ok(state.engine.snapshot()))
}

/// One job's whole stored data series `series` (without a name: its default series).
#[tauri::command(async)]
pub(crate) fn series(state: AppState<'_>, id: IdArg, series: SeriesNameArg) -> Result<SeriesChunk> {
    guard("series", || match series.0 {
        Some(name) => Ok(state.engine.series_named(id.0, &name)?),
        None => Ok(state.engine.series(id.0)?),
    })
}

/// The lines of a job's log tail after line `after` (0: every line the tail still holds).
/// The log panel polls it while it is open.
#[tauri::command(async)]
pub(crate) fn job_log(state: AppState<'_>, id: IdArg, after: SeqArg) -> Result<LogChunk> {
    guard("job_log", || Ok(state.engine.log(id.0, after.0)?))
}

/// Opens a job's log file with the system's viewer. The path is the app's to compute (the
/// logs folder and the id), never the page's to give.
#[tauri::command(async)]
pub(crate) fn open_job_log(state: AppState<'_>, id: IdArg) -> Result<()> {
    guard("open_job_log", || crate::logs::open(&state.engine, state.logs(), id.0))
}

/// Forgets every finished job; returns their ids.
#[tauri::command(async)]
pub(crate) fn clear_finished(state: AppState<'_>) -> Result<Vec<JobId>> {
    guard("clear_finished", || Ok(state.engine.clear_finished()))
}

/// The event batches after `after` (the `seq` of the last batch the page applied, or of its
/// snapshot) as one JSON array, oldest first. Waits up to [`PULL_WAIT`] for one to come and
/// answers `[]` if none did; the page then simply asks again. A page behind by more than the
/// feed keeps finds a gap in `seq` and takes a fresh snapshot.
#[tauri::command]
pub(crate) async fn next_batches(state: AppState<'_>, after: SeqArg) -> Result<Response> {
    state.feed.wait_newer(after.0, PULL_WAIT).await;
    guard("next_batches", || Ok(Response::new(state.feed.since(after.0))))
}
