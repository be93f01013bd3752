//! The commands delegate to the engine, and batches reach the page that pulls them.

use std::time::Duration;

use jobdeck_engine::LifecycleEvent;
use serde_json::json;

use crate::util::TestApp;

#[test]
fn submit_runs_jobs_and_the_snapshot_shows_them() {
    let app = TestApp::new();
    let kinds = app.invoke("list_kinds", json!({})).unwrap();
    let names: Vec<_> = kinds.as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    // `command` exists on Unix only (process groups and signals).
    let command = if cfg!(unix) { Some("command") } else { None };
    for kind in ["progress", "ratio", "random-walk", "monte-carlo-pi", "hash-files", "noop"]
        .into_iter()
        .chain(command)
    {
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
fn next_batches_answers_what_followed_the_snapshot_in_order() {
    let app = TestApp::new();
    app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": 1})).unwrap();
    let snapshot = app.wait_for_snapshot(Duration::from_secs(10), |s| s.counts.succeeded == 1);
    assert_eq!(snapshot.jobs.len(), 1, "the snapshot holds what happened before");

    let spec = json!({"kind": "random-walk", "params": {"steps": 50, "step_ms": 0}});
    let ids = app.invoke("submit", json!({"spec": spec, "count": 2})).unwrap();
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    let batches = app.pull_until(snapshot.seq, Duration::from_secs(10), |batches| {
        let finished = batches
            .iter()
            .flat_map(|b| &b.lifecycle)
            .filter(|e| matches!(e, LifecycleEvent::Finished { .. }))
            .count();
        finished == 2
    });
    assert_eq!(batches[0].seq, snapshot.seq + 1, "nothing between the snapshot and the first batch is lost");
    assert!(batches.windows(2).all(|w| w[1].seq == w[0].seq + 1), "batches come in order, none missing");
    let points: usize = batches.iter().flat_map(|b| &b.data).map(|c| c.x.len()).sum();
    assert!(points > 0, "random-walk data reaches the page");
    for id in ids {
        assert!(batches.iter().flat_map(|b| &b.data).any(|c| c.id.to_string() == id));
    }
    // A page that is up to date gets `[]`, not an error.
    let last = batches.last().unwrap().seq;
    assert_eq!(app.state().feed().since(last), "[]");
}
