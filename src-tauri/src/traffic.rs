//! What the feed has answered to the webviews: message and byte counts, optionally mirrored to
//! a file so a benchmark can read exact IPC figures from outside the process.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// The variable that names the file [`Traffic`] mirrors its counts to (unset: no file).
pub const IPC_STATS_ENV: &str = "JOBDECK_IPC_STATS";

/// Totals since the app started, as [`crate::Feed::traffic`] reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficStats {
    /// Answers to `next_batches` (each holds every batch the page had not seen yet).
    pub messages: u64,
    /// JSON bytes of those answers.
    pub bytes: u64,
    /// The largest single answer, in bytes.
    pub max_bytes: u64,
}

/// Lock-free counters, bumped once per `next_batches` answer.
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    messages: AtomicU64,
    bytes: AtomicU64,
    max_bytes: AtomicU64,
    /// Where to mirror the counts after every answer, for `JOBDECK_IPC_STATS`; the lock keeps
    /// two answering threads from writing the temporary file at once.
    file: Option<Mutex<PathBuf>>,
}

impl Traffic {
    pub(crate) fn mirrored_to(file: Option<PathBuf>) -> Self {
        Traffic { file: file.map(Mutex::new), ..Traffic::default() }
    }

    /// Counts one message of `len` bytes.
    pub(crate) fn sent(&self, len: usize) {
        let len = len as u64;
        self.messages.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.max_bytes.fetch_max(len, Ordering::Relaxed);
    }

    pub(crate) fn stats(&self) -> TrafficStats {
        TrafficStats {
            messages: self.messages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            max_bytes: self.max_bytes.load(Ordering::Relaxed),
        }
    }

    /// Writes the counts to the mirror file, if there is one. Write-then-rename, so a reader
    /// never sees half a file. Called after each answer: at most about 60 small writes a
    /// second, and only when the variable is set.
    pub(crate) fn mirror(&self) {
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
        t.sent(10);
        t.sent(300);
        t.sent(20);
        assert_eq!(t.stats(), TrafficStats { messages: 3, bytes: 330, max_bytes: 300 });
    }

    #[test]
    fn mirrors_the_counts_as_json() {
        let dir = std::env::temp_dir().join(format!("jobdeck-traffic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ipc.json");
        let t = Traffic::mirrored_to(Some(path.clone()));
        t.sent(42);
        t.mirror();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, r#"{"messages":1,"bytes":42,"maxBytes":42}"#);
        assert!(!dir.join("ipc.json.tmp").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
