//! What happens to each line a command writes, on its reader thread (one per stream, off the
//! job thread): escape sequences are stripped after the OSC parser has seen them, the
//! progress parsers read it, it goes to the job's log (tail and file), it may become the
//! status, and the last few are kept for the result.

use std::collections::VecDeque;
use std::io::Read;
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::ansi;
use super::progress::{Event, Format};
use super::reader::{read_lines, StopSignal};
use super::status::Status;
use crate::{JobContext, JobWaker, LogStream, LOG_LINE_MAX};

/// How many of the last output lines the result lists (`lastLines`).
pub(super) const LAST_LINES: usize = 10;

/// Percentages are reported as progress in thousandths: `progress(455, 1000)` for 45.5 %.
const PER_MILLE: u64 = 1000;

/// The status text shown while a program reports an error state (OSC 9;4 state 2).
const ERROR_STATE: &str = "the program reports an error state";

/// State the two readers share.
#[derive(Debug)]
pub(super) struct Output<'c, 'a> {
    ctx: &'c JobContext<'a>,
    format: Format,
    /// x of every data point: seconds since the program started.
    started: Instant,
    pub(super) status: Status,
    /// Orders lines across the two streams, for `lastLines`.
    seq: AtomicU64,
}

/// The last non-blank lines of one stream, each with its place in the whole output.
#[derive(Debug, Default)]
pub(super) struct Recent {
    lines: VecDeque<(u64, String)>,
}

impl Recent {
    fn push(&mut self, seq: u64, text: &str) {
        // Reuse the oldest line's buffer: no allocation per line once full.
        let mut buf = if self.lines.len() == LAST_LINES {
            self.lines.pop_front().map(|(_, b)| b).unwrap_or_default()
        } else {
            String::new()
        };
        buf.clear();
        buf.push_str(text);
        self.lines.push_back((seq, buf));
    }

    /// The last line, if any.
    pub(super) fn last(&self) -> Option<&str> {
        self.lines.back().map(|(_, t)| t.as_str())
    }

    /// The last [`LAST_LINES`] lines of both streams, in the order they were read.
    pub(super) fn merge(a: Recent, b: Recent) -> Vec<String> {
        let mut all: Vec<(u64, String)> = a.lines.into_iter().chain(b.lines).collect();
        all.sort_by_key(|(seq, _)| *seq);
        let skip = all.len().saturating_sub(LAST_LINES);
        all.into_iter().skip(skip).map(|(_, t)| t).collect()
    }
}

impl<'c, 'a> Output<'c, 'a> {
    pub(super) fn new(ctx: &'c JobContext<'a>, format: Format, started: Instant) -> Self {
        Output { ctx, format, started, status: Status::default(), seq: AtomicU64::new(0) }
    }

    /// Reads one stream to its end; returns its last lines.
    pub(super) fn read(
        &self,
        pipe: impl Read + AsFd,
        stream: LogStream,
        stop: &StopSignal,
        waker: &JobWaker,
    ) -> Recent {
        let mut recent = Recent::default();
        let mut cut_line = String::new();
        read_lines(pipe, stop, LOG_LINE_MAX, |bytes, cut| {
            let text = String::from_utf8_lossy(bytes);
            let shown = ansi::strip(&text, |payload| self.format.osc(payload, &mut |e| self.apply(e, waker)));
            self.format.line(&shown, &mut |e| self.apply(e, waker));
            if cut {
                // Marked in the file too (the tail cuts it again, to its own limit).
                cut_line.clear();
                cut_line.push_str(&shown);
                cut_line.push('…');
                self.ctx.log_line(stream, &cut_line);
            } else {
                self.ctx.log_line(stream, &shown);
            }
            if !shown.trim().is_empty() {
                recent.push(self.seq.fetch_add(1, Ordering::Relaxed), shown.trim_end());
                if self.status.line(self.ctx, &shown) {
                    waker.wake(); // the job thread shows it when the interval has passed
                }
            }
        });
        recent
    }

    fn apply(&self, event: Event, waker: &JobWaker) {
        let ctx = self.ctx;
        match event {
            Event::Progress { done, total } => ctx.progress(done, total),
            Event::Percent(p) => ctx.progress(per_mille(p), PER_MILLE),
            Event::Indeterminate => ctx.progress(0, 0),
            // The program took its display down (cargo does at its end): the row keeps the
            // last figure, more telling than none.
            Event::Cleared => {}
            Event::Error(p) => {
                if let Some(p) = p {
                    ctx.progress(per_mille(p), PER_MILLE);
                }
                if self.status.message(ctx, ERROR_STATE.into()) {
                    waker.wake();
                }
            }
            Event::Status(text) => {
                if self.status.message(ctx, text) {
                    waker.wake();
                }
            }
            Event::Point { series, value } => {
                ctx.data_in(&series, self.started.elapsed().as_secs_f64(), value);
            }
        }
    }
}

fn per_mille(percent: f64) -> u64 {
    (percent.clamp(0.0, 100.0) * (PER_MILLE as f64 / 100.0)).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_keeps_the_last_lines_of_both_streams_in_order() {
        let (mut out, mut err) = (Recent::default(), Recent::default());
        for i in 0..30u64 {
            if i % 3 == 0 {
                err.push(i, &format!("e{i}"));
            } else {
                out.push(i, &format!("o{i}"));
            }
        }
        assert_eq!(err.last(), Some("e27"));
        let merged = Recent::merge(out, err);
        assert_eq!(merged, ["o20", "e21", "o22", "o23", "e24", "o25", "o26", "e27", "o28", "o29"]);
    }

    #[test]
    fn percent_to_per_mille() {
        assert_eq!(per_mille(45.5), 455);
        assert_eq!(per_mille(100.0), 1000);
        assert_eq!(per_mille(-3.0), 0);
    }
}
