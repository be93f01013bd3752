//! Where an export goes: the path the user picks in the native save dialog, which the shell
//! opens from Rust (the dialog plugin's Rust API). The page never names a path and has no
//! file-system permission: it asks for "the selection as JSON", the user picks the file, and
//! only that file is written.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use super::AppHistory;
use crate::error::{Error, Result};

/// What an export is, for the dialog.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SaveAs {
    /// The dialog's title.
    pub(crate) title: &'static str,
    /// The suggested file name.
    pub(crate) file_name: &'static str,
    /// The file type's name and extension, e.g. `("CSV", "csv")`.
    pub(crate) filter: (&'static str, &'static str),
}

/// Asks the user where to save (or takes the e2e hook's path, see
/// [`SAVE_PATH_ENV`](super::SAVE_PATH_ENV)); `None` when they dismiss the dialog.
///
/// Blocks until the dialog closes: call it from an async command (a worker thread), never
/// from the main thread, which runs the dialog.
pub(crate) fn pick<R: Runtime>(app: &AppHandle<R>, h: &AppHistory, what: SaveAs) -> Result<Option<PathBuf>> {
    if let Some(path) = h.save_override() {
        return Ok(Some(path.to_owned()));
    }
    let picked = app
        .dialog()
        .file()
        .set_title(what.title)
        .set_file_name(what.file_name)
        .add_filter(what.filter.0, &[what.filter.1])
        .blocking_save_file();
    picked.map(|p| p.into_path().map_err(|e| Error::Dialog { reason: e.to_string() })).transpose()
}
