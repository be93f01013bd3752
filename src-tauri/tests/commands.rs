//! The commands delegate to the engine, and batches reach the subscribed webview.

mod util;

use std::time::Duration;

use jobdeck_engine::{LifecycleEvent, Snapshot};
use serde_json::json;
use util::TestApp;

#[test]
fn submit_runs_jobs_and_the_snapshot_shows_them() {
    let app = TestApp::new();
    let kinds = app.invoke("list_kinds", json!({})).unwrap();
    let names: Vec<_> = kinds.as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    for kind in ["progress", "ratio", "random-walk", "monte-carlo-pi", "hash-files", "noop"] {
        assert!(names.contains(&kind), "{kind} missing from {names:?}");
    }

    let ids = app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": 3})).unwrap();
    assert_eq!(ids.as_array().unwrap().len(), 3);
    // The snapshot is the state after the last flushed batch: it catches up within a flush.
    let snapshot = app.wait_for_snapshot(Duration::from_secs(10), |s| s.counts.succeeded == 3);
    assert_eq!(snapshot.jobs.len(), 3);

    let cleared = app.invoke("clear_finished", json!({})).unwrap();
    assert_eq!(cleared.as_array().unwrap().len(), 3);
}

#[test]
fn cancel_pause_and_the_pool_limit_delegate() {
    let app = TestApp::new();
    let status = app.invoke("set_max_concurrent", json!({"limit": 1})).unwrap();
    assert_eq!(status["maxConcurrent"], 1);

    let spec = json!({"kind": "progress", "params": {"steps": 100000, "step_ms": 5}});
    let ids = app.invoke("submit", json!({"spec": spec, "count": 2})).unwrap();
    let (first, second) = (ids[0].clone(), ids[1].clone());
    assert_eq!(app.invoke("cancel", json!({"id": second})).unwrap(), json!("removed"));
    assert_eq!(app.invoke("pause", json!({"id": second})).unwrap(), json!("alreadyFinished"));

    // Pausing a queued job is an engine error; wait until the first one runs.
    app.wait_for_snapshot(Duration::from_secs(5), |s| s.counts.running == 1);
    assert_eq!(app.invoke("pause", json!({"id": first})).unwrap(), json!("requested"));
    assert!(app.invoke("resume", json!({"id": first})).is_ok());
    assert_eq!(app.invoke("cancel_all", json!({})).unwrap(), json!(1));
    assert!(app.state().engine().wait_idle(Duration::from_secs(5)));
}

#[test]
fn subscribe_returns_a_snapshot_and_streams_later_batches() {
    let app = TestApp::new();
    app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": 1})).unwrap();
    app.wait_for_snapshot(Duration::from_secs(10), |s| s.counts.succeeded == 1);

    let snapshot: Snapshot =
        serde_json::from_value(app.invoke("subscribe", json!({"channel": "__CHANNEL__:7"})).unwrap())
            .unwrap();
    assert_eq!(snapshot.jobs.len(), 1, "the snapshot holds what happened before subscribing");
    assert_eq!(app.state().bridge().subscribers(), 1);

    let spec = json!({"kind": "random-walk", "params": {"steps": 50, "step_ms": 0}});
    let ids = app.invoke("submit", json!({"spec": spec, "count": 2})).unwrap();
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    app.wait_for_batches(Duration::from_secs(10), |batches| {
        let finished = batches
            .iter()
            .flat_map(|b| &b.lifecycle)
            .filter(|e| matches!(e, LifecycleEvent::Finished { .. }))
            .count();
        finished == 2
    });
    let batches = app.batches();
    assert!(batches.iter().all(|b| b.seq > snapshot.seq));
    assert!(batches.windows(2).all(|w| w[0].seq < w[1].seq), "batches arrive in order");
    let points: usize = batches.iter().flat_map(|b| &b.data).map(|c| c.x.len()).sum();
    assert!(points > 0, "random-walk data reaches the channel");
    for id in ids {
        assert!(batches.iter().flat_map(|b| &b.data).any(|c| c.id.to_string() == id));
    }

    // A reload subscribes again: the new channel replaces the old one.
    app.invoke("subscribe", json!({"channel": "__CHANNEL__:8"})).unwrap();
    assert_eq!(app.state().bridge().subscribers(), 1);
}
