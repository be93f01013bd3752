//! clear_finished forgets terminal jobs only (with a Removed event); wait_idle reports
//! whether the engine went idle in time.

use std::time::Duration;

use crate::util::{engine_with, wait_for, LONG};
use jobdeck_engine::{Engine, JobSpec, LifecycleEvent};
use serde_json::json;

#[test]
fn clear_finished_forgets_terminal_jobs_only() {
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(2));
    let done = engine
        .submit_many(&JobSpec::new("random-walk").params(json!({"steps": 5, "step_ms": 0})), 3)
        .unwrap();
    assert!(engine.wait_idle(LONG));
    let busy =
        engine.submit(JobSpec::new("progress").params(json!({"steps": 1, "step_ms": 60_000}))).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 1));
    let mut cleared = engine.clear_finished();
    cleared.sort();
    let mut expected = done.clone();
    expected.sort();
    assert_eq!(cleared, expected);
    assert!(engine.clear_finished().is_empty());
    assert_eq!(engine.series(done[0]).unwrap_err().code(), "not_found");
    assert_eq!(engine.cancel(done[0]).unwrap_err().code(), "not_found");
    assert!(wait_for(LONG, || engine.snapshot().jobs.len() == 1));
    let snap = engine.snapshot();
    assert_eq!(snap.jobs[0].id, busy);
    assert_eq!((snap.counts.succeeded, snap.counts.running), (0, 1), "removed jobs are not counted");
    let removed: Vec<_> = sink
        .lifecycle()
        .into_iter()
        .filter_map(|e| match e {
            LifecycleEvent::Removed { ids } => Some(ids),
            _ => None,
        })
        .collect();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].len(), 3);
    engine.cancel(busy).unwrap();
}

#[test]
fn wait_idle_times_out_while_work_remains() {
    let engine = Engine::builder().build().unwrap();
    assert!(engine.wait_idle(Duration::ZERO), "a new engine is idle");
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 1, "step_ms": 60_000}))).unwrap();
    let t = std::time::Instant::now();
    assert!(!engine.wait_idle(Duration::from_millis(50)));
    assert!(t.elapsed() >= Duration::from_millis(50));
    engine.cancel(id).unwrap();
    assert!(engine.wait_idle(LONG));
}
