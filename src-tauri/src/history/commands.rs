//! The history's commands: pages of stored jobs, the banner's notice, re-run, delete and
//! export. Like the engine's commands (see `crate::commands`), each runs off the main thread
//! inside the panic guard, and answers `history_unavailable` when the history could not be
//! opened.

use jobdeck_engine::JobId;
use jobdeck_history::{Page, StoredSeries};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime};

use super::save::{self, SaveAs};
use super::{rerun, HistoryNotice};
use crate::args::{CursorArg, FilterArg, IdArg, IdsArg, PageSizeArg, SelectionArg, TimeArg};
use crate::commands::guard;
use crate::error::{Error, Result};
use crate::AppState;

/// One page of stored jobs matching `filter` (search text, states, kinds, date range), newest
/// first, after `after` (the previous page's `next`; absent: the first page).
#[tauri::command(async)]
pub(crate) fn history_page(
    state: AppState<'_>,
    filter: FilterArg,
    after: CursorArg,
    limit: PageSizeArg,
) -> Result<Page> {
    guard("history_page", || Ok(state.history.require()?.page(&filter.0, after.0.as_ref(), limit.0)?))
}

/// Every job kind in the history, sorted (the kind filter's choices).
#[tauri::command(async)]
pub(crate) fn history_kinds(state: AppState<'_>) -> Result<Vec<String>> {
    guard("history_kinds", || Ok(state.history.require()?.kinds()?))
}

/// What opening the history found, and whether saving works: the banner's data.
#[tauri::command(async)]
pub(crate) fn history_notice(state: AppState<'_>) -> Result<HistoryNotice> {
    guard("history_notice", || Ok(state.history.notice()))
}

/// A stored job's series, sorted by name.
#[tauri::command(async)]
pub(crate) fn history_series(state: AppState<'_>, id: IdArg) -> Result<Vec<StoredSeries>> {
    guard("history_series", || Ok(state.history.require()?.series(id.0)?))
}

/// Runs the finished jobs `ids` again (new jobs, linked to them); returns the new ids.
#[tauri::command(async)]
pub(crate) fn rerun(state: AppState<'_>, ids: IdsArg) -> Result<Vec<JobId>> {
    guard("rerun", || rerun::rerun(&state.engine, &state.history, &ids.0))
}

/// "Retry all failed": runs again every failed job not retried yet; returns the new ids.
#[tauri::command(async)]
pub(crate) fn retry_failed(state: AppState<'_>) -> Result<Vec<JobId>> {
    guard("retry_failed", || rerun::retry_failed(&state.engine, &state.history))
}

/// "Resume N queued jobs": queues again the jobs waiting at the last exit (once).
#[tauri::command(async)]
pub(crate) fn resume_queued(state: AppState<'_>) -> Result<Vec<JobId>> {
    guard("resume_queued", || rerun::resume_queued(&state.engine, &state.history))
}

/// Deletes the selected finished jobs from the history; returns how many went.
#[tauri::command(async)]
pub(crate) fn delete_jobs(state: AppState<'_>, selection: SelectionArg) -> Result<u64> {
    guard("delete_jobs", || Ok(state.history.require()?.delete(&selection.0)?))
}

/// Deletes every finished job submitted before `before` (ms since the Unix epoch).
#[tauri::command(async)]
pub(crate) fn delete_older_than(state: AppState<'_>, before: TimeArg) -> Result<u64> {
    guard("delete_older_than", || Ok(state.history.require()?.delete_older_than(before.0)?))
}

/// Where an export went; absent when the user dismissed the dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Saved {
    /// The file written.
    path: String,
    /// How many jobs it holds (JSON exports), else 1.
    #[cfg_attr(test, ts(type = "number"))]
    jobs: u64,
}

/// Saves a stored job's series as CSV where the user picks; `null` when dismissed.
#[tauri::command(async)]
pub(crate) fn export_series_csv<R: Runtime>(
    app: AppHandle<R>,
    state: AppState<'_>,
    id: IdArg,
) -> Result<Option<Saved>> {
    guard("export_series_csv", || {
        let history = state.history.require()?;
        // Unknown ids fail before the dialog opens.
        history.job(id.0)?.ok_or(jobdeck_history::Error::NotFound { id: id.0 })?;
        let what = SaveAs {
            title: "Export the job's data as CSV",
            file_name: "job-data.csv",
            filter: ("CSV", "csv"),
        };
        let Some(path) = save::pick(&app, &state.history, what)? else { return Ok(None) };
        history.export_series_csv(id.0, &path)?;
        Ok(Some(Saved { path: path.display().to_string(), jobs: 1 }))
    })
}

/// Saves the selected jobs' results as JSON where the user picks; `null` when dismissed.
#[tauri::command(async)]
pub(crate) fn export_results_json<R: Runtime>(
    app: AppHandle<R>,
    state: AppState<'_>,
    selection: SelectionArg,
) -> Result<Option<Saved>> {
    guard("export_results_json", || {
        let history = state.history.require()?;
        let what = SaveAs {
            title: "Export the results as JSON",
            file_name: "job-results.json",
            filter: ("JSON", "json"),
        };
        let Some(path) = save::pick(&app, &state.history, what)? else { return Ok(None) };
        let jobs = history.export_results_json(&selection.0, &path)?;
        Ok(Some(Saved { path: path.display().to_string(), jobs }))
    })
}

/// The bytes a PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Most bytes of a plot image: far more than a 4K canvas needs.
const MAX_PNG_BYTES: usize = 64 << 20;

/// Saves the plot as PNG where the user picks; `null` when dismissed. The page renders its
/// canvas to PNG and sends the bytes as the raw request body; the shell checks they are a PNG
/// and writes only the picked file.
#[tauri::command(async)]
pub(crate) fn export_plot_png<R: Runtime>(
    app: AppHandle<R>,
    state: AppState<'_>,
    request: Request<'_>,
) -> Result<Option<Saved>> {
    guard("export_plot_png", || {
        let InvokeBody::Raw(bytes) = request.body() else {
            return Err(Error::invalid("png", "must be the PNG's bytes as the raw request body"));
        };
        if !bytes.starts_with(PNG_SIGNATURE) || bytes.len() > MAX_PNG_BYTES {
            return Err(Error::invalid(
                "png",
                format!("is not a PNG image of at most {MAX_PNG_BYTES} bytes"),
            ));
        }
        let what =
            SaveAs { title: "Export the plot as PNG", file_name: "plot.png", filter: ("PNG image", "png") };
        let Some(path) = save::pick(&app, &state.history, what)? else { return Ok(None) };
        std::fs::write(&path, bytes)
            .map_err(|e| Error::SaveFailed { path: path.display().to_string(), reason: e.to_string() })?;
        Ok(Some(Saved { path: path.display().to_string(), jobs: 1 }))
    })
}
