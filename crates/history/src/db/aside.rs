//! Moving a damaged database out of the way, never deleting it.

use std::path::{Path, PathBuf};

use super::verify::mark_path;
use crate::time::{file_stamp, now_ms};

/// Renames `db` (and its `-wal` and `-shm` files, so that SQLite still opens the moved copy
/// with everything it had) to `<stem>.damaged-<UTC time>.<ext>` in the same folder, and
/// removes the damage mark; returns the new path of the database file.
pub(crate) fn move_aside(db: &Path) -> std::io::Result<PathBuf> {
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = db.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    let stamp = file_stamp(now_ms());
    let mut to = db.with_file_name(format!("{stem}.damaged-{stamp}{ext}"));
    let mut n = 2;
    while to.exists() {
        to = db.with_file_name(format!("{stem}.damaged-{stamp}-{n}{ext}"));
        n += 1;
    }
    std::fs::rename(db, &to)?;
    for suffix in ["-wal", "-shm"] {
        let from = with_suffix(db, suffix);
        if from.exists() {
            std::fs::rename(&from, with_suffix(&to, suffix))?;
        }
    }
    let mark = mark_path(db);
    if mark.exists() {
        std::fs::remove_file(mark)?;
    }
    Ok(to)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
