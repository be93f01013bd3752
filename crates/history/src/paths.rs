//! Where the history lives.

use std::path::PathBuf;

/// The environment variable that overrides the data folder: `JOBDECK_DATA_DIR` (for tests
/// and portable installs).
pub const DATA_DIR_ENV: &str = "JOBDECK_DATA_DIR";

/// The database's file name inside the data folder.
pub const DB_FILE_NAME: &str = "history.sqlite3";

/// The data folder to open: `JOBDECK_DATA_DIR` when it is set and not empty, else
/// `default` (the shell passes the platform's app-data folder from Tauri's path API).
///
/// # Examples
///
/// ```
/// let dir = jobdeck_history::data_dir("/home/me/.local/share/jobdeck");
/// # let _ = dir;
/// ```
pub fn data_dir(default: impl Into<PathBuf>) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => default.into(),
    }
}
