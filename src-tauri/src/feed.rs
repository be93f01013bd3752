//! The engine's event batches, kept for the webviews to pull.
//!
//! Why pull, not push: a Tauri `Channel` message is one `eval` of a fresh script in the
//! webview per batch (the JSON inline below 8 kB, a fetch trigger above), ~60 a second for as
//! long as jobs stream. That is the high-rate script evaluation WebKitGTK is known to leak
//! under, and it has no backpressure: a busy page gets evaluations queued. Instead the
//! page asks for the batches after the last one it applied ([`Feed::wait_newer`], then
//! [`Feed::since`], behind the `next_batches` command: an ordinary invoke answered over the
//! `ipc://` protocol, no script evaluated), and gets everything it missed in one response. A
//! page that falls further behind than the feed keeps sees a gap in `seq` and takes a fresh
//! snapshot. Measured (docs/PERFORMANCE.md, 10-minute soak, 8 lines streaming): the web
//! process's memory troughs grew 8.2 % and its peaks 10.8 % with the channel, 4.5 % and 2.3 %
//! pulled.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use jobdeck_engine::{EventBatch, EventSink};
use tokio::sync::watch;

use crate::probe::traffic::Traffic;

/// Most batches kept for pages to pull: about 8.7 s of the app's 17 ms batches.
pub(crate) const FEED_BATCHES: usize = 512;
/// Most JSON bytes kept (the newest batch is always kept, whatever its size).
pub(crate) const FEED_BYTES: usize = 32 << 20;
/// Most JSON bytes in one response (it always holds at least one batch); the page pulls the
/// rest at once.
pub(crate) const RESPONSE_BYTES: usize = 2 << 20;

/// The engine's [`EventSink`], and what `next_batches` reads.
///
/// Cheap to clone: the engine owns one clone (it calls [`EventSink::on_batch`] from its
/// flusher thread) and the app state keeps another for the command.
#[derive(Clone)]
pub struct Feed {
    inner: Arc<Inner>,
}

struct Inner {
    /// Serialized batches in `seq` order, oldest first.
    kept: Mutex<Kept>,
    /// The newest `seq` kept; pulls wait on it.
    newest: watch::Sender<u64>,
    /// Where answers are counted when the app is measured (`JOBDECK_IPC_STATS`, see
    /// [`crate::probe`]); `None`: nothing is counted.
    traffic: Option<Arc<Traffic>>,
}

#[derive(Default)]
struct Kept {
    batches: VecDeque<(u64, String)>,
    bytes: usize,
}

impl Default for Feed {
    fn default() -> Self {
        Feed::new(None)
    }
}

impl Feed {
    /// An empty feed; every answer is counted in `traffic`, when given.
    pub(crate) fn new(traffic: Option<Arc<Traffic>>) -> Self {
        Feed { inner: Arc::new(Inner { kept: Mutex::default(), newest: watch::Sender::new(0), traffic }) }
    }

    /// Waits until a batch newer than `after` is kept, or `wait` passes.
    pub async fn wait_newer(&self, after: u64, wait: Duration) {
        let mut newest = self.inner.newest.subscribe();
        // A timeout is an empty answer, not an error: the page simply asks again.
        let _ = tokio::time::timeout(wait, newest.wait_for(|&seq| seq > after)).await;
    }

    /// The kept batches newer than `after`, oldest first, as one JSON array (at most
    /// [`RESPONSE_BYTES`], but never empty while there are some), counted as one message when
    /// traffic is counted.
    pub fn since(&self, after: u64) -> String {
        let mut out = String::from("[");
        {
            let kept = self.lock();
            let first = kept.batches.partition_point(|(seq, _)| *seq <= after);
            for (_, json) in kept.batches.range(first..) {
                if out.len() > 1 {
                    if out.len() + json.len() > RESPONSE_BYTES {
                        break;
                    }
                    out.push(',');
                }
                out.push_str(json);
            }
        }
        out.push(']');
        if let Some(traffic) = &self.inner.traffic {
            traffic.answered(out.len());
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Every change is a push or a pop that keeps `bytes` right: consistent whatever panicked.
        self.inner.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl EventSink for Feed {
    fn on_batch(&self, batch: &EventBatch) {
        let json = match serde_json::to_string(batch) {
            Ok(json) => json,
            Err(e) => {
                // The page sees a gap in `seq` and resyncs from a snapshot.
                eprintln!("jobdeck: could not serialize event batch {}: {e}", batch.seq);
                return;
            }
        };
        {
            let mut kept = self.lock();
            kept.bytes += json.len();
            kept.batches.push_back((batch.seq, json));
            while kept.batches.len() > 1 && (kept.batches.len() > FEED_BATCHES || kept.bytes > FEED_BYTES) {
                if let Some((_, old)) = kept.batches.pop_front() {
                    kept.bytes -= old.len();
                }
            }
        }
        self.inner.newest.send_replace(batch.seq);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use jobdeck_engine::{Aggregate, Counts, PoolStatus};

    use super::*;

    fn batch(seq: u64) -> EventBatch {
        EventBatch {
            seq,
            lifecycle: vec![],
            progress: vec![],
            data: vec![],
            pool: PoolStatus {
                max_concurrent: 2,
                default_max_concurrent: 2,
                job_threads: 64,
                compute_threads: 2,
            },
            counts: Counts::default(),
            aggregate: Aggregate::default(),
        }
    }

    fn seqs(json: &str) -> Vec<u64> {
        serde_json::from_str::<Vec<EventBatch>>(json).unwrap().iter().map(|b| b.seq).collect()
    }

    #[test]
    fn answers_the_batches_after_a_seq_in_order() {
        let traffic = Arc::new(Traffic::default());
        let feed = Feed::new(Some(traffic.clone()));
        for seq in 1..=5 {
            feed.on_batch(&batch(seq));
        }
        let answers = [feed.since(0), feed.since(3), feed.since(5), feed.since(4)];
        assert_eq!(seqs(&answers[0]), [1, 2, 3, 4, 5]);
        assert_eq!(seqs(&answers[1]), [4, 5]);
        assert_eq!(answers[2], "[]");
        let parsed: Vec<EventBatch> = serde_json::from_str(&answers[3]).unwrap();
        assert_eq!(parsed, [batch(5)], "each batch is its serde JSON");
        let stats = traffic.stats();
        assert_eq!(stats.messages, 4, "every answer is counted, an empty one too");
        assert_eq!(stats.bytes as usize, answers.iter().map(String::len).sum::<usize>());
        assert_eq!(stats.max_bytes as usize, answers[0].len());
    }

    #[test]
    fn keeps_a_bounded_window_so_a_late_page_sees_a_gap() {
        let feed = Feed::default();
        let n = FEED_BATCHES as u64 + 10;
        for seq in 1..=n {
            feed.on_batch(&batch(seq));
        }
        let got = seqs(&feed.since(0));
        assert_eq!(got.len(), FEED_BATCHES);
        assert_eq!(got[0], 11, "the oldest went: the page finds seq 1..=10 missing and resyncs");
        assert_eq!(*got.last().unwrap(), n);
    }

    #[test]
    fn a_response_is_bounded_but_never_empty() {
        let feed = Feed::default();
        // Batches of about 1.4 MB each: two fit no response, one always does.
        let big = |seq| {
            let mut b = batch(seq);
            b.data.push(jobdeck_engine::SeriesChunk {
                id: jobdeck_engine::JobId::new(),
                series: jobdeck_engine::DEFAULT_SERIES.to_owned(),
                x: vec![0.5; 150_000],
                y: vec![0.25; 150_000],
                decimated: false,
            });
            b
        };
        for seq in 1..=3 {
            feed.on_batch(&big(seq));
        }
        let first = feed.since(0);
        assert!(first.len() <= RESPONSE_BYTES, "{} bytes", first.len());
        assert!(!seqs(&first).is_empty());
        let next = *seqs(&first).last().unwrap();
        assert!(next < 3, "the rest comes in the next pull");
        assert!(!seqs(&feed.since(next)).is_empty());
    }

    #[test]
    fn a_pull_waits_for_the_next_batch_or_times_out() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let feed = Feed::default();
        feed.on_batch(&batch(1));
        rt.block_on(async {
            // Something newer is kept: no wait.
            let start = Instant::now();
            feed.wait_newer(0, Duration::from_secs(10)).await;
            assert!(start.elapsed() < Duration::from_secs(1));
            // Nothing newer: it waits until a batch comes.
            let sender = feed.clone();
            let producer = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                sender.on_batch(&batch(2));
            });
            let start = Instant::now();
            feed.wait_newer(1, Duration::from_secs(10)).await;
            assert!(start.elapsed() >= Duration::from_millis(40));
            assert!(start.elapsed() < Duration::from_secs(5));
            producer.join().unwrap();
            // Nothing comes: it gives up after `wait`.
            let start = Instant::now();
            feed.wait_newer(2, Duration::from_millis(60)).await;
            assert!(start.elapsed() >= Duration::from_millis(50));
        });
        assert_eq!(seqs(&feed.since(1)), [2]);
    }
}
