//! `JOBDECK_IPC_STATS=<file>`: what the feed has answered to the webviews (message and byte
//! counts), mirrored to that file after every answer so a benchmark can read exact IPC figures
//! from outside the process (`tests/perf/driver.mjs`, `readIpcStats`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The variable that names the file [`Traffic`] mirrors its counts to (unset: no counting).
const IPC_STATS_ENV: &str = "JOBDECK_IPC_STATS";

/// Totals since the counting began, in the JSON shape the benchmark reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TrafficStats {
    /// Answers to `next_batches` (each holds every batch the page had not seen yet).
    pub(crate) messages: u64,
    /// JSON bytes of those answers.
    pub(crate) bytes: u64,
    /// The largest single answer, in bytes.
    pub(crate) max_bytes: u64,
}

/// Lock-free counters, bumped once per `next_batches` answer.
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    messages: AtomicU64,
    bytes: AtomicU64,
    max_bytes: AtomicU64,
    /// Where to mirror the counts after every answer; the lock keeps two answering threads
    /// from writing the temporary file at once.
    file: Option<Mutex<PathBuf>>,
}

impl Traffic {
    /// The counters the app runs with: `Some` only when [`IPC_STATS_ENV`] names a file, so an
    /// app that nobody measures counts nothing.
    pub(crate) fn from_env() -> Option<Arc<Traffic>> {
        let file = std::env::var_os(IPC_STATS_ENV).filter(|f| !f.is_empty())?;
        Some(Arc::new(Traffic::mirrored_to(file.into())))
    }

    /// Counters that are written to `file` after every answer.
    pub(crate) fn mirrored_to(file: PathBuf) -> Self {
        Traffic { file: Some(Mutex::new(file)), ..Traffic::default() }
    }

    /// Counts one answer of `len` bytes, then mirrors the totals to the file, if there is one.
    pub(crate) fn answered(&self, len: usize) {
        let len = len as u64;
        self.messages.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.max_bytes.fetch_max(len, Ordering::Relaxed);
        self.mirror();
    }

    /// The totals so far.
    pub(crate) fn stats(&self) -> TrafficStats {
        TrafficStats {
            messages: self.messages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            max_bytes: self.max_bytes.load(Ordering::Relaxed),
        }
    }

    /// Writes the counts to the mirror file, if there is one. Write-then-rename, so a reader
    /// never sees half a file. At most about 60 small writes a second (one per answer).
    fn mirror(&self) {
        let Some(file) = &self.file else { return };
        let path = file.lock().unwrap_or_else(PoisonError::into_inner);
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        let json = serde_json::to_string(&self.stats()).expect("plain numbers serialize");
        if let Err(e) = std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, &*path)) {
            eprintln!("jobdeck: could not write {IPC_STATS_ENV} file {}: {e}", path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_messages_bytes_and_the_largest() {
        let t = Traffic::default();
        t.answered(10);
        t.answered(300);
        t.answered(20);
        assert_eq!(t.stats(), TrafficStats { messages: 3, bytes: 330, max_bytes: 300 });
    }

    #[test]
    fn mirrors_the_counts_as_json() {
        let dir = std::env::temp_dir().join(format!("jobdeck-traffic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ipc.json");
        let t = Traffic::mirrored_to(path.clone());
        t.answered(42);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, r#"{"messages":1,"bytes":42,"maxBytes":42}"#);
        assert!(!dir.join("ipc.json.tmp").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
