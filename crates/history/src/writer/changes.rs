//! What the writer has been told and not yet saved, folded per job.
//!
//! Events are not replayed one by one: each job's events since the last commit fold into
//! one [`Change`] (a job queued, started and finished between two commits is one INSERT).
//! So while writes fail, memory grows with the number of jobs touched, not with the number
//! of events — and at most by what the engine itself holds for those jobs.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jobdeck_engine::{JobId, SERIES_CAP};

use super::event::{Digest, End, Event, NewJob};
use super::series::BoundedSeries;
use crate::{HistoryState, JobLink, LOG_TAIL_CAP};

/// How often a running job's series is rewritten (it is always written when the job ends):
/// a crash loses at most this much of a running job's plot, and a job streaming a full
/// series costs one ~320 KB write per interval.
pub const SERIES_CHECKPOINT_INTERVAL: Duration = Duration::from_secs(10);

/// How long a log tail or link for a job the writer has not heard of waits for the job's
/// `Queued` event (a job can start and write output before the engine's next batch
/// announces it).
const ORPHAN_GRACE: Duration = Duration::from_secs(30);

/// One job's unsaved changes.
pub(crate) struct Change {
    /// Set when the row does not exist yet (INSERT rather than UPDATE).
    pub(crate) new: Option<NewJob>,
    pub(crate) state: Option<HistoryState>,
    pub(crate) started_at: Option<u64>,
    pub(crate) finished: Option<End>,
    pub(crate) progress: Option<(u64, u64, Option<String>)>,
    pub(crate) log_tail: Option<String>,
    pub(crate) log_path: Option<String>,
    pub(crate) link: Option<JobLink>,
    /// When the first of these changes arrived (orphans expire by it).
    pub(crate) since: Instant,
}

impl Change {
    fn new() -> Self {
        Change {
            new: None,
            state: None,
            started_at: None,
            finished: None,
            progress: None,
            log_tail: None,
            log_path: None,
            link: None,
            since: Instant::now(),
        }
    }
}

/// A job the engine has and has not finished: the writer records its events.
pub(crate) struct Live {
    /// Its row's `seq`, once committed.
    pub(crate) seq: Option<i64>,
}

/// A live job's series, by name.
pub(crate) struct JobSeries {
    pub(crate) names: Vec<(String, BoundedSeries)>,
    /// Points arrived since the last write.
    pub(crate) dirty: bool,
    pub(crate) written_at: Option<Instant>,
}

/// Everything not saved yet, and what the writer must remember about live jobs.
#[derive(Default)]
pub(crate) struct Changes {
    /// Changes in the order their jobs first appeared (so rows get `seq` in submission order).
    order: Vec<JobId>,
    pending: HashMap<JobId, Change>,
    /// Log tails and links for jobs not (yet) found anywhere, waiting for their `Queued`.
    orphans: HashMap<JobId, Change>,
    pub(crate) live: HashMap<JobId, Live>,
    pub(crate) series: HashMap<JobId, JobSeries>,
}

impl Changes {
    /// True when no job has unsaved changes (series may still wait for their checkpoint).
    pub(crate) fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Jobs with unsaved changes.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// The unsaved changes, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&JobId, &Change)> {
        self.order.iter().map(|id| (id, &self.pending[id]))
    }

    /// The job's pending change, made on first use (from its orphaned change, if it has one).
    fn entry(&mut self, id: JobId) -> &mut Change {
        let (order, orphans) = (&mut self.order, &mut self.orphans);
        self.pending.entry(id).or_insert_with(|| {
            order.push(id);
            orphans.remove(&id).unwrap_or_else(Change::new)
        })
    }

    /// Folds one batch in. Events for jobs the writer does not know (not queued while it
    /// listened) are ignored.
    pub(crate) fn apply(&mut self, digest: Digest) {
        for event in digest.events {
            match event {
                Event::Queued(job) => self.queued(job),
                Event::Started { id, at } => {
                    if let Some(c) = self.live_entry(id) {
                        c.state = Some(HistoryState::Running);
                        c.started_at.get_or_insert(at);
                    }
                }
                Event::State { id, state } => {
                    if let Some(c) = self.live_entry(id) {
                        c.state = Some(state);
                    }
                }
                Event::Finished { id, end } => {
                    if let Some(c) = self.live_entry(id) {
                        c.state = Some(end.state);
                        c.finished = Some(end);
                    }
                }
            }
        }
        for p in digest.progress {
            if let Some(c) = self.live_entry(p.id) {
                c.progress = Some((p.done, p.total, p.status));
            }
        }
        for chunk in digest.data {
            if !self.live.contains_key(&chunk.id) {
                continue;
            }
            // One BoundedSeries per (job, series name), as the engine keeps them.
            let name = chunk.series.as_str();
            let js = self.series.entry(chunk.id).or_insert_with(|| JobSeries {
                names: Vec::new(),
                dirty: false,
                written_at: None,
            });
            let i = match js.names.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    js.names.push((name.to_owned(), BoundedSeries::new(SERIES_CAP)));
                    js.names.len() - 1
                }
            };
            js.names[i].1.extend(&chunk.x, &chunk.y, chunk.decimated);
            js.dirty = true;
        }
    }

    fn queued(&mut self, job: NewJob) {
        let id = job.id;
        let c = self.entry(id);
        c.state = Some(job.state);
        c.new = Some(job);
        self.live.insert(id, Live { seq: None });
    }

    fn live_entry(&mut self, id: JobId) -> Option<&mut Change> {
        if self.live.contains_key(&id) {
            Some(self.entry(id))
        } else {
            None
        }
    }

    /// Records a job's log tail (cut to [`LOG_TAIL_CAP`]) and/or log file.
    pub(crate) fn log(&mut self, id: JobId, tail: Option<String>, path: Option<String>) {
        let c = self.entry(id);
        if let Some(tail) = tail {
            c.log_tail = Some(cut_tail(tail, LOG_TAIL_CAP));
        }
        if path.is_some() {
            c.log_path = path;
        }
    }

    pub(crate) fn link(&mut self, id: JobId, link: JobLink) {
        self.entry(id).link = Some(link);
    }

    /// The series to write in this commit: live jobs whose points changed, when their
    /// checkpoint is due or their job ends in this commit.
    pub(crate) fn series_due(&self, now: Instant) -> Vec<JobId> {
        self.series.iter().filter(|(id, js)| self.is_due(id, js, now)).map(|(id, _)| *id).collect()
    }

    /// True when some series is due (see [`series_due`](Self::series_due)).
    pub(crate) fn any_series_due(&self, now: Instant) -> bool {
        self.series.iter().any(|(id, js)| self.is_due(id, js, now))
    }

    fn is_due(&self, id: &JobId, js: &JobSeries, now: Instant) -> bool {
        js.dirty
            && (self.pending.get(id).is_some_and(|c| c.finished.is_some())
                || js.written_at.is_none_or(|t| now >= t + SERIES_CHECKPOINT_INTERVAL))
    }

    /// When the next series checkpoint falls due, if any series waits for one.
    pub(crate) fn next_checkpoint(&self) -> Option<Instant> {
        self.series
            .values()
            .filter(|js| js.dirty)
            .map(|js| js.written_at.map_or_else(Instant::now, |t| t + SERIES_CHECKPOINT_INTERVAL))
            .min()
    }

    /// Forgets what a successful commit saved.
    pub(crate) fn saved(&mut self, done: super::commit::Committed, now: Instant) {
        for (id, seq) in done.inserted {
            if let Some(live) = self.live.get_mut(&id) {
                live.seq = Some(seq);
            }
        }
        for id in &done.series_written {
            if let Some(js) = self.series.get_mut(id) {
                js.dirty = false;
                js.written_at = Some(now);
            }
        }
        for id in std::mem::take(&mut self.order) {
            let c = self.pending.remove(&id).expect("ordered ids are pending");
            if c.finished.is_some() {
                self.live.remove(&id);
                self.series.remove(&id);
            }
            if done.unmatched.contains(&id) && now < c.since + ORPHAN_GRACE {
                self.orphans.insert(id, c);
            }
        }
        self.orphans.retain(|_, c| now < c.since + ORPHAN_GRACE);
    }
}

/// The last `cap` bytes of `text`, starting at a line (or at least a character) boundary.
fn cut_tail(text: String, cap: usize) -> String {
    if text.len() <= cap {
        return text;
    }
    let mut start = text.len() - cap;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if let Some(nl) = text[start..].find('\n') {
        if nl + 1 < text.len() - start {
            start += nl + 1;
        }
    }
    text[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tail_keeps_the_end_from_a_line_start() {
        assert_eq!(cut_tail("short".into(), 10), "short");
        assert_eq!(cut_tail("line one\nline two\nend".into(), 12), "end");
        assert_eq!(cut_tail("ééééé".into(), 5), "éé"); // never splits a character
        assert_eq!(cut_tail("abcdefghij".into(), 4), "ghij");
    }
}
