//! A job's log: a bounded in-memory tail of its lines, and the full log in a file.
//!
//! Any kind can log through [`JobContext::log_line`](crate::JobContext::log_line). The tail
//! is what a UI shows live ([`Engine::log`](crate::Engine::log)); it keeps the last
//! [`LOG_TAIL_LINES`] lines and at most [`LOG_TAIL_BYTES`] of text, dropping the oldest
//! first, and cuts a line at [`LOG_LINE_MAX`] bytes. With a log folder
//! ([`EngineBuilder::log_dir`](crate::EngineBuilder::log_dir)) every line also goes, whole, to
//! `<log folder>/<job id>.log`, up to [`LOG_FILE_CAP`].
//!
//! The file is plain text, one line per logged line: a stdout line as it is, a stderr line
//! prefixed `[stderr] ` (so a line's stream can be told with a text viewer or `grep`). It is
//! opened on the job's first line, written through a buffer that is flushed at least every
//! second while the job logs, whenever [`Engine::log`](crate::Engine::log) is asked for the
//! job (a UI polls it while a log panel is open, so the file is current when the user opens
//! it), and when the job ends, when it is closed. An I/O error never fails the job: it is
//! reported once through [`on_warning`](crate::EngineBuilder::on_warning), and the file stops
//! there while the tail goes on.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{JobId, LogChunk, LogLine, LogStream};

/// Most lines a job's in-memory log tail keeps; older lines are dropped first (counted in
/// [`LogChunk::dropped`]; the log file keeps them).
pub const LOG_TAIL_LINES: usize = 2000;

/// Most bytes of text a job's in-memory log tail keeps (1 MiB), whatever its line count.
pub const LOG_TAIL_BYTES: usize = 1 << 20;

/// Longest line the tail keeps, in bytes (16 KiB): a longer one is cut on a character
/// boundary and ends with "…" (the log file gets it whole).
pub const LOG_LINE_MAX: usize = 16 << 10;

/// Most bytes written to one job's log file (64 MiB). Past it, the file ends with the line
/// `[jobdeck: log truncated at 64 MiB; later lines are in the live tail only]`, and
/// [`LogChunk::truncated`] is true.
pub const LOG_FILE_CAP: u64 = 64 << 20;

/// How long buffered lines may wait before they are flushed to the file while a job logs.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// What marks a cut line.
const CUT_MARK: &str = "…";

/// The prefix of a stderr line in the log file.
pub(crate) const STDERR_PREFIX: &str = "[stderr] ";

/// Where logs go, for every job of one engine.
pub(crate) struct LogConfig {
    /// The log folder (it exists: the builder created it); `None`: the tail only.
    pub(crate) dir: Option<PathBuf>,
    /// [`LOG_FILE_CAP`], or a smaller cap a test set.
    pub(crate) file_cap: u64,
}

/// One job's log, allocated on its first line.
pub(crate) struct JobLog {
    tail: VecDeque<LogLine>,
    /// Text bytes in `tail`.
    bytes: usize,
    /// The `seq` of the last line logged (= lines logged so far).
    last_seq: u64,
    dropped: u64,
    file: LogFile,
    /// The file's path, once it was created.
    path: Option<PathBuf>,
    truncated: bool,
}

/// The log file's state: opened on the first line, never reopened once closed.
enum LogFile {
    Unopened,
    Open { out: BufWriter<File>, written: u64, flushed_at: Instant },
    Closed,
}

impl JobLog {
    pub(crate) fn new() -> Box<Self> {
        Box::new(JobLog {
            tail: VecDeque::new(),
            bytes: 0,
            last_seq: 0,
            dropped: 0,
            file: LogFile::Unopened,
            path: None,
            truncated: false,
        })
    }

    /// Lines logged so far.
    pub(crate) fn lines(&self) -> u64 {
        self.last_seq
    }

    /// Appends a line to the tail and the file; returns a warning for the engine to report
    /// (outside every lock) when the file failed.
    pub(crate) fn append(
        &mut self,
        id: JobId,
        stream: LogStream,
        text: &str,
        config: &LogConfig,
    ) -> Option<String> {
        self.last_seq += 1;
        let warning = self.write_file(id, stream, text, config);
        let text = cut(text);
        self.bytes += text.len();
        self.tail.push_back(LogLine { seq: self.last_seq, stream, text });
        while self.tail.len() > LOG_TAIL_LINES || self.bytes > LOG_TAIL_BYTES {
            let Some(old) = self.tail.pop_front() else { break };
            self.bytes -= old.text.len();
            self.dropped += 1;
        }
        warning
    }

    fn write_file(&mut self, id: JobId, stream: LogStream, text: &str, config: &LogConfig) -> Option<String> {
        if let LogFile::Unopened = self.file {
            let dir = config.dir.as_ref()?;
            let path = dir.join(format!("{id}.log"));
            self.file = LogFile::Closed;
            match File::create(&path) {
                Ok(f) => {
                    self.file = LogFile::Open {
                        out: BufWriter::with_capacity(64 << 10, f),
                        written: 0,
                        flushed_at: Instant::now(),
                    };
                    self.path = Some(path);
                }
                Err(e) => return Some(file_failed(id, &path, &e)),
            }
        }
        let LogFile::Open { out, written, flushed_at } = &mut self.file else { return None };
        let prefix = match stream {
            LogStream::Stdout => "",
            LogStream::Stderr => STDERR_PREFIX,
        };
        let len = (prefix.len() + text.len() + 1) as u64;
        let result = if *written + len > config.file_cap {
            self.truncated = true;
            let marker = format!(
                "[jobdeck: log truncated at {}; later lines are in the live tail only]\n",
                size(config.file_cap)
            );
            out.write_all(marker.as_bytes()).and_then(|()| out.flush()).map(|()| false)
        } else {
            *written += len;
            let wrote = out
                .write_all(prefix.as_bytes())
                .and_then(|()| out.write_all(text.as_bytes()))
                .and_then(|()| out.write_all(b"\n"));
            wrote.and_then(|()| {
                if flushed_at.elapsed() >= FLUSH_EVERY {
                    *flushed_at = Instant::now();
                    out.flush()?;
                }
                Ok(true)
            })
        };
        match result {
            Ok(true) => None,
            Ok(false) => {
                self.file = LogFile::Closed;
                None
            }
            Err(e) => {
                self.file = LogFile::Closed;
                self.path.as_ref().map(|p| file_failed(id, p, &e))
            }
        }
    }

    /// Writes buffered lines out to the file; returns a warning if that failed (the file then
    /// stops).
    pub(crate) fn flush(&mut self, id: JobId) -> Option<String> {
        let LogFile::Open { out, flushed_at, .. } = &mut self.file else { return None };
        *flushed_at = Instant::now();
        let e = out.flush().err()?;
        self.file = LogFile::Closed;
        self.path.as_ref().map(|p| file_failed(id, p, &e))
    }

    /// Flushes and closes the file (the job ended); later lines go to the tail only.
    pub(crate) fn close(&mut self, id: JobId) -> Option<String> {
        let warning = self.flush(id);
        self.file = LogFile::Closed;
        warning
    }

    /// The lines after `after` still in the tail.
    pub(crate) fn chunk(&self, id: JobId, after: u64) -> LogChunk {
        let from = self.tail.partition_point(|l| l.seq <= after);
        LogChunk {
            id,
            lines: self.tail.range(from..).cloned().collect(),
            next: self.last_seq,
            dropped: self.dropped,
            truncated: self.truncated,
            file: self.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
        }
    }
}

/// `text`, cut to at most [`LOG_LINE_MAX`] bytes on a character boundary with [`CUT_MARK`].
fn cut(text: &str) -> String {
    if text.len() <= LOG_LINE_MAX {
        return text.to_owned();
    }
    let mut end = LOG_LINE_MAX - CUT_MARK.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = String::with_capacity(end + CUT_MARK.len());
    s.push_str(&text[..end]);
    s.push_str(CUT_MARK);
    s
}

/// A byte count as a person reads it: whole MiB when it is one, else bytes.
fn size(bytes: u64) -> String {
    if bytes > 0 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn file_failed(id: JobId, path: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "job {id}: could not write its log file {}: {e}; later lines are in the live tail only",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail_only() -> LogConfig {
        LogConfig { dir: None, file_cap: LOG_FILE_CAP }
    }

    #[test]
    fn the_tail_keeps_the_last_lines_and_counts_the_dropped() {
        let mut log = JobLog::new();
        let id = JobId::new();
        for i in 0..LOG_TAIL_LINES + 5 {
            assert!(log.append(id, LogStream::Stdout, &format!("line {i}"), &tail_only()).is_none());
        }
        let c = log.chunk(id, 0);
        assert_eq!((c.lines.len(), c.dropped, c.next), (LOG_TAIL_LINES, 5, LOG_TAIL_LINES as u64 + 5));
        assert_eq!((c.lines[0].seq, c.lines[0].text.as_str()), (6, "line 5"));
        assert_eq!(log.chunk(id, c.next - 2).lines.len(), 2, "only lines after `after`");
        assert!(log.chunk(id, c.next).lines.is_empty());
        assert!(c.file.is_none() && !c.truncated);
    }

    #[test]
    fn the_tail_keeps_at_most_its_bytes() {
        let mut log = JobLog::new();
        let id = JobId::new();
        let line = "x".repeat(LOG_LINE_MAX); // 16 KiB: 64 of them fill 1 MiB
        for _ in 0..100 {
            log.append(id, LogStream::Stderr, &line, &tail_only());
        }
        let c = log.chunk(id, 0);
        assert_eq!((c.lines.len(), c.dropped), (64, 36));
        assert!(c.lines.iter().map(|l| l.text.len()).sum::<usize>() <= LOG_TAIL_BYTES);
        assert_eq!(c.lines[0].stream, LogStream::Stderr);
    }

    #[test]
    fn a_long_line_is_cut_on_a_char_boundary_with_a_mark() {
        let long = "é".repeat(LOG_LINE_MAX); // 2 bytes each
        let c = cut(&long);
        assert!(c.len() <= LOG_LINE_MAX && c.len() > LOG_LINE_MAX - 8, "{}", c.len());
        assert!(c.ends_with("é…"));
        assert_eq!(cut("short"), "short");
        let exact = "y".repeat(LOG_LINE_MAX);
        assert_eq!(cut(&exact), exact, "a line of exactly the maximum stays whole");
    }

    #[test]
    fn sizes_read_as_mib_when_whole() {
        assert_eq!(size(LOG_FILE_CAP), "64 MiB");
        assert_eq!(size(100), "100 bytes");
    }
}
