//! Behaviour 5: cancel removes queued jobs (they never start), asks running ones to stop,
//! is NotFound for unknown ids and a harmless no-op for finished jobs; cancel_all does both.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::util::{engine_with, event_name, wait_for, FnKind, Gate, LONG};
use jobdeck_engine::{CancelOutcome, Engine, Error, JobId, JobSpec, Outcome};
use serde_json::json;

fn gated(gate: &Gate, runs: &Arc<AtomicUsize>) -> FnKind {
    let (g, r) = (gate.clone(), runs.clone());
    FnKind::new("gated", move |ctx, _| {
        r.fetch_add(1, Ordering::SeqCst);
        g.wait(ctx)?;
        Ok(json!(null))
    })
}

#[test]
fn a_cancelled_queued_job_never_starts() {
    let (gate, runs) = (Gate::default(), Arc::new(AtomicUsize::new(0)));
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(1).kind(gated(&gate, &runs)));
    let first = engine.submit(JobSpec::new("gated")).unwrap();
    let queued: Vec<_> = (0..5).map(|_| engine.submit(JobSpec::new("gated")).unwrap()).collect();
    assert!(wait_for(LONG, || runs.load(Ordering::SeqCst) == 1));
    assert_eq!(engine.cancel(queued[2]).unwrap(), CancelOutcome::Removed);
    assert_eq!(engine.cancel(queued[2]).unwrap(), CancelOutcome::AlreadyFinished);
    gate.open();
    assert!(engine.wait_idle(LONG));
    assert_eq!(runs.load(Ordering::SeqCst), 5, "the cancelled job's body never ran");
    assert!(wait_for(LONG, || sink.outcomes().len() == 6));
    let names: Vec<_> = sink.events_of(queued[2]).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "finished"], "no Started for a job cancelled in the queue");
    assert_eq!(sink.outcome_of(queued[2]), Some(Outcome::Cancelled));
    assert_eq!(sink.outcome_of(first), Some(Outcome::Succeeded { result: json!(null) }));
}

#[test]
fn a_running_job_is_asked_to_stop() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 100000, "step_ms": 1}))).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 1));
    assert_eq!(engine.cancel(id).unwrap(), CancelOutcome::Requested);
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
    assert_eq!(engine.cancel(id).unwrap(), CancelOutcome::AlreadyFinished);
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "finished"]);
}

#[test]
fn unknown_ids_are_not_found() {
    let engine = Engine::builder().build().unwrap();
    let stranger = JobId::new();
    assert_eq!(engine.cancel(stranger).unwrap_err(), Error::NotFound { id: stranger });
    assert_eq!(engine.cancel(stranger).unwrap_err().code(), "not_found");
    assert_eq!(engine.pause(stranger).unwrap_err().code(), "not_found");
    assert_eq!(engine.resume(stranger).unwrap_err().code(), "not_found");
    assert_eq!(engine.series(stranger).unwrap_err().code(), "not_found");
}

#[test]
fn cancel_all_removes_the_queue_and_stops_the_running() {
    let (gate, runs) = (Gate::default(), Arc::new(AtomicUsize::new(0)));
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(2).kind(gated(&gate, &runs)));
    let ids = engine.submit_many(&JobSpec::new("gated"), 10).unwrap();
    assert!(wait_for(LONG, || runs.load(Ordering::SeqCst) == 2));
    assert_eq!(engine.cancel_all(), 10);
    assert!(engine.wait_idle(LONG));
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert!(wait_for(LONG, || sink.outcomes().len() == 10));
    assert!(ids.iter().all(|id| sink.outcome_of(*id) == Some(Outcome::Cancelled)));
    assert_eq!(engine.cancel_all(), 0);
    let snap = engine.snapshot();
    assert_eq!((snap.counts.cancelled, snap.counts.queued, snap.counts.running), (10, 0, 0));
}
