//! Re-run: any finished job is submitted again as a new first attempt linked to it; a job
//! that has not finished is refused with a structured error.

use std::sync::Arc;

use crate::util::{engine_with, wait_for, FnKind, Gate, LONG};
use jobdeck_engine::{
    Engine, JobError, JobId, JobInfo, JobSpec, JobState, LifecycleEvent, ManualClock, Priority,
};
use serde_json::json;

fn row(sink: &crate::util::Collector, id: JobId) -> JobInfo {
    sink.lifecycle()
        .into_iter()
        .find_map(|e| match e {
            LifecycleEvent::Queued { job } if job.id == id => Some(job),
            _ => None,
        })
        .expect("queued")
}

#[test]
fn every_terminal_state_can_be_rerun_as_a_linked_first_attempt() {
    let gate = Gate::default();
    let g = gate.clone();
    let kind = FnKind::new("by-n", move |ctx, params| match params.i64("n")? {
        0 => Ok(json!("ok")),
        1 => Err(JobError::msg("no")),
        _ => {
            g.wait(ctx)?;
            Ok(json!(null))
        }
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let spec = |n: i64| JobSpec::new("by-n").params(json!({ "n": n })).priority(Priority::Low).retries(0);
    let ok = engine.submit(spec(0)).unwrap();
    let failed = engine.submit(spec(1)).unwrap();
    let cancelled = engine.submit(spec(2)).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running >= 1 || engine.snapshot().counts.failed == 1));
    engine.cancel(cancelled).unwrap();
    assert!(engine.wait_idle(LONG));
    for (old, state) in
        [(ok, JobState::Succeeded), (failed, JobState::Failed), (cancelled, JobState::Cancelled)]
    {
        assert_eq!(sink.wait_outcome(old).state(), state);
        let new = engine.rerun(old).unwrap();
        assert_ne!(new, old);
        assert!(wait_for(LONG, || sink
            .events_of(new)
            .iter()
            .any(|e| matches!(e, LifecycleEvent::Queued { .. }))));
        let (was, is) = (row(&sink, old), row(&sink, new));
        assert_eq!((is.attempt, is.max_attempts, is.retry_of), (1, 1, Some(old)));
        assert_eq!((is.kind, is.params, is.priority), (was.kind, was.params, was.priority));
    }
    gate.open();
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
}

#[test]
fn a_rerun_keeps_the_retry_settings_and_the_row_rebuilds_the_spec() {
    let (engine, sink) = engine_with(Engine::builder());
    let spec = JobSpec::new("progress").params(json!({"steps": 2, "step_ms": 0})).retries(4).backoff_s(0.5);
    let first = engine.submit(spec.clone()).unwrap();
    assert!(engine.wait_idle(LONG));
    let again = engine.rerun(first).unwrap();
    assert!(engine.wait_idle(LONG));
    engine.shutdown(LONG).unwrap();
    let row = row(&sink, again);
    assert_eq!((row.attempt, row.max_attempts, row.backoff_s, row.retry_of), (1, 5, 0.5, Some(first)));
    assert_eq!(row.rerun_spec(), spec, "the validated params equal the given ones here");
}

#[test]
fn unfinished_and_unknown_jobs_are_refused() {
    let gate = Gate::default();
    let g = gate.clone();
    let kind = FnKind::new("waits", move |ctx, _| {
        g.wait(ctx)?;
        Err(JobError::msg("fails after the gate"))
    });
    let clock = ManualClock::new();
    let (engine, sink) =
        engine_with(Engine::builder().max_concurrent(1).manual_clock(Arc::clone(&clock)).kind(kind));
    let running = engine.submit(JobSpec::new("waits").retries(1).backoff_s(10.0)).unwrap();
    let queued = engine.submit(JobSpec::new("noop")).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 1));
    for (id, state) in [(running, JobState::Running), (queued, JobState::Queued)] {
        let err = engine.rerun(id).unwrap_err();
        assert_eq!(err.code(), "invalid_state", "{state:?}");
        assert!(matches!(err, jobdeck_engine::Error::InvalidState { state: s, .. } if s == state));
    }
    gate.open();
    assert!(wait_for(LONG, || sink
        .lifecycle()
        .iter()
        .filter(|e| matches!(e, LifecycleEvent::Queued { .. }))
        .count()
        == 3));
    let held = sink
        .lifecycle()
        .into_iter()
        .find_map(|e| match e {
            LifecycleEvent::Queued { job } if job.retry_of == Some(running) => Some(job.id),
            _ => None,
        })
        .unwrap();
    let err = engine.rerun(held).unwrap_err();
    assert_eq!(err.code(), "invalid_state", "a held retry has not finished");
    let unknown = JobId::new();
    assert_eq!(engine.rerun(unknown).unwrap_err().code(), "not_found");
    engine.cancel(held).unwrap();
    assert!(engine.wait_idle(LONG));
    engine.clear_finished();
    assert_eq!(engine.rerun(running).unwrap_err().code(), "not_found", "removed jobs are gone");
    engine.shutdown(LONG).unwrap();
}
