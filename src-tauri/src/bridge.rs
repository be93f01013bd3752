//! Forwards the engine's event batches to the webviews that subscribed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use jobdeck_engine::{EventBatch, EventSink};
use tauri::ipc::{Channel, InvokeResponseBody};

use crate::traffic::{Traffic, TrafficStats};

/// The engine's [`EventSink`]: one [`Channel`] per webview label.
///
/// The engine already coalesces its events into at most one batch per flush interval (16 ms
/// by default), so every batch is sent as it comes: one IPC message per webview per frame,
/// never one per job step. A batch is serialized to JSON once and the same text goes to
/// every channel.
///
/// Cheap to clone: the engine owns one clone (it calls [`EventSink::on_batch`] from its
/// flusher thread) and the app state keeps another to register channels.
#[derive(Clone, Default)]
pub struct Bridge {
    /// Written by `subscribe` (insert or replace, one entry per webview label: a reloaded
    /// page subscribes again and replaces its old channel) and by the flusher (removes a
    /// channel whose send failed); read by the flusher. The lock is never held while
    /// sending, so a slow webview cannot block a subscribe.
    channels: Arc<Mutex<HashMap<String, Channel<InvokeResponseBody>>>>,
    traffic: Arc<Traffic>,
}

impl Bridge {
    /// A bridge that also writes its [`TrafficStats`] as JSON to `file` after every batch
    /// (how the app serves `JOBDECK_IPC_STATS` to the benchmark).
    pub fn with_stats_file(file: Option<PathBuf>) -> Self {
        Bridge { traffic: Arc::new(Traffic::mirrored_to(file)), ..Bridge::default() }
    }

    /// Sends every later batch to `channel`, replacing the channel `label` had before.
    pub fn subscribe(&self, label: String, channel: Channel<InvokeResponseBody>) {
        self.lock().insert(label, channel);
    }

    /// Stops sending to `label` (its webview was closed).
    pub fn unsubscribe(&self, label: &str) {
        self.lock().remove(label);
    }

    /// What has been sent so far, over all webviews.
    pub fn traffic(&self) -> TrafficStats {
        self.traffic.stats()
    }

    /// How many webviews are subscribed.
    pub fn subscribers(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Channel<InvokeResponseBody>>> {
        // The map stays consistent whatever panicked while holding it: every change is one
        // insert or remove.
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl EventSink for Bridge {
    fn on_batch(&self, batch: &EventBatch) {
        let targets: Vec<_> = self.lock().iter().map(|(l, c)| (l.clone(), c.clone())).collect();
        if targets.is_empty() {
            return;
        }
        let json = match serde_json::to_string(batch) {
            Ok(json) => json,
            Err(e) => {
                eprintln!("jobdeck: could not serialize event batch {}: {e}", batch.seq);
                return;
            }
        };
        for (label, channel) in targets {
            match channel.send(InvokeResponseBody::Json(json.clone())) {
                Ok(()) => self.traffic.sent(json.len()),
                Err(e) => {
                    eprintln!("jobdeck: dropping the event channel of webview `{label}`: {e}");
                    let mut channels = self.lock();
                    // Only drop it if a reload has not replaced it meanwhile.
                    if channels.get(&label).is_some_and(|c| c.id() == channel.id()) {
                        channels.remove(&label);
                    }
                }
            }
        }
        self.traffic.mirror();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

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

    fn recording() -> (Channel<InvokeResponseBody>, Arc<Mutex<Vec<String>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let channel = Channel::new(move |body| {
            match body {
                InvokeResponseBody::Json(json) => sink.lock().unwrap().push(json),
                InvokeResponseBody::Raw(_) => panic!("batches are JSON"),
            }
            Ok(())
        });
        (channel, seen)
    }

    #[test]
    fn forwards_each_batch_as_its_json() {
        let bridge = Bridge::default();
        let (channel, seen) = recording();
        bridge.subscribe("main".into(), channel);
        bridge.on_batch(&batch(1));
        bridge.on_batch(&batch(2));
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let first: EventBatch = serde_json::from_str(&seen[0]).unwrap();
        assert_eq!(first, batch(1));
        assert!(seen[1].contains("\"seq\":2"), "{}", seen[1]);
    }

    #[test]
    fn a_reload_replaces_the_channel_of_its_label() {
        let bridge = Bridge::default();
        let (old, old_seen) = recording();
        let (new, new_seen) = recording();
        bridge.subscribe("main".into(), old);
        bridge.subscribe("main".into(), new);
        bridge.on_batch(&batch(1));
        assert_eq!(bridge.subscribers(), 1);
        assert!(old_seen.lock().unwrap().is_empty());
        assert_eq!(new_seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_failed_send_drops_only_that_channel() {
        let bridge = Bridge::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let broken = Channel::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Err(tauri::Error::WebviewNotFound)
        });
        let (good, good_seen) = recording();
        bridge.subscribe("gone".into(), broken);
        bridge.subscribe("main".into(), good);
        bridge.on_batch(&batch(1));
        bridge.on_batch(&batch(2));
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a dropped channel is not tried again");
        assert_eq!(bridge.subscribers(), 1);
        let good_seen = good_seen.lock().unwrap();
        assert_eq!(good_seen.len(), 2);
        // Only what was delivered counts as traffic.
        let bytes: usize = good_seen.iter().map(String::len).sum();
        let traffic = bridge.traffic();
        assert_eq!((traffic.messages, traffic.bytes), (2, bytes as u64));
    }
}
