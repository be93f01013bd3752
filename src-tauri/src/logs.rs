//! The job log files: where they live, and opening one with the system's viewer.
//!
//! Each job's log is `<data dir>/logs/<job id>.log` (the engine writes it: see
//! [`EngineBuilder::log_dir`](jobdeck_engine::EngineBuilder::log_dir)); the data folder is
//! the history's ([`jobdeck_history::data_dir`]: `JOBDECK_DATA_DIR`, else the app's data
//! folder). The page asks for a job's log by id only: the path is computed here, inside the
//! logs folder, so no path the page could choose is ever opened.

use std::path::{Path, PathBuf};

use jobdeck_engine::{Engine, JobId};

use crate::error::{Error, Result};

/// The logs folder's name inside the data folder.
pub const LOGS_DIR: &str = "logs";

/// The logs folder for an app whose platform data folder is `app_data_dir`:
/// `<JOBDECK_DATA_DIR or app_data_dir>/logs`.
pub fn logs_dir(app_data_dir: PathBuf) -> PathBuf {
    jobdeck_history::data_dir(app_data_dir).join(LOGS_DIR)
}

/// The log file of job `id` in `logs`.
pub(crate) fn log_file(logs: &Path, id: JobId) -> PathBuf {
    logs.join(format!("{id}.log"))
}

/// Opens job `id`'s log file with the system's default viewer for text files.
///
/// The opener plugin's free function is called from Rust: the plugin is not registered, so
/// the webview has no opener command of its own, with or without a scope.
pub(crate) fn open(engine: &Engine, logs: Option<&Path>, id: JobId) -> Result<()> {
    // An unknown or cleared job is the engine's `not_found`, as for `job_log`.
    let chunk = engine.log(id, u64::MAX)?;
    let path = match logs {
        Some(dir) if chunk.file.is_some() => log_file(dir, id),
        _ => return Err(Error::NoLogFile { id }),
    };
    if !path.is_file() {
        return Err(Error::NoLogFile { id });
    }
    tauri_plugin_opener::open_path(&path, None::<&str>)
        .map_err(|e| Error::OpenFailed { path: path.display().to_string(), reason: e.to_string() })
}
