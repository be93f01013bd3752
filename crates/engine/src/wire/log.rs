//! A job's log as a UI reads it: the lines still in its in-memory tail.

use serde::{Deserialize, Serialize};

use crate::JobId;

/// Which output stream a log line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum LogStream {
    /// Standard output.
    Stdout,
    /// Standard error (a UI marks these lines).
    Stderr,
}

/// One line of a job's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LogLine {
    /// 1 for the job's first line, then +1 per line; pass the last one seen as `after` to
    /// [`Engine::log`](crate::Engine::log) to get only newer lines.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    /// Where it came from.
    pub stream: LogStream,
    /// The text, without its line ending; cut at [`LOG_LINE_MAX`](crate::LOG_LINE_MAX) bytes
    /// (then it ends with "…").
    pub text: String,
}

/// The lines of a job's log after a given `seq`, as [`Engine::log`](crate::Engine::log)
/// returns them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LogChunk {
    /// Which job.
    pub id: JobId,
    /// The lines still in the tail with a larger `seq` than asked for, oldest first.
    pub lines: Vec<LogLine>,
    /// The `seq` of the job's last line so far (0: none); ask with it next time.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub next: u64,
    /// Lines the tail has dropped (oldest first) to stay within
    /// [`LOG_TAIL_LINES`](crate::LOG_TAIL_LINES) and [`LOG_TAIL_BYTES`](crate::LOG_TAIL_BYTES);
    /// they are still in the log file, up to its cap.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub dropped: u64,
    /// True once the log file reached its cap ([`LOG_FILE_CAP`](crate::LOG_FILE_CAP)) and
    /// stopped growing (its last line says so).
    pub truncated: bool,
    /// The full log file, when the engine has a log folder and the job has logged.
    pub file: Option<String>,
}
