//! Behaviour 6: pause and resume are cooperative, take effect at the next checkpoint (a
//! sleep wakes at once), resume continues where the job stopped, cancel wins over pause.

use std::time::{Duration, Instant};

use crate::util::{engine_with, event_name, wait_for, LONG};
use jobdeck_engine::{ControlOutcome, Engine, Error, JobSpec, JobState, Outcome};
use serde_json::json;

fn state(engine: &Engine, id: jobdeck_engine::JobId) -> Option<JobState> {
    engine.snapshot().jobs.into_iter().find(|j| j.id == id).map(|j| j.state)
}

#[test]
fn pause_freezes_progress_and_resume_continues_where_it_stopped() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 300, "step_ms": 1}))).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().jobs.first().is_some_and(|j| j.done >= 5)));
    assert_eq!(engine.pause(id).unwrap(), ControlOutcome::Requested);
    assert_eq!(engine.pause(id).unwrap(), ControlOutcome::Unchanged);
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Paused)));
    let frozen = engine.snapshot().jobs[0].done;
    std::thread::sleep(Duration::from_millis(60));
    assert_eq!(engine.snapshot().jobs[0].done, frozen, "no progress while paused");
    assert_eq!(engine.snapshot().counts.paused, 1);
    assert_eq!(engine.resume(id).unwrap(), ControlOutcome::Requested);
    assert_eq!(engine.resume(id).unwrap(), ControlOutcome::Unchanged);
    assert_eq!(sink.wait_outcome(id), Outcome::Succeeded { result: json!({"steps": 300}) });
    let snap = engine.snapshot();
    assert_eq!((snap.jobs[0].done, snap.jobs[0].total), (300, 300), "resumed where it stopped, no step lost");
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "paused", "resumed", "finished"]);
    assert_eq!(engine.pause(id).unwrap(), ControlOutcome::AlreadyFinished);
    assert_eq!(engine.resume(id).unwrap(), ControlOutcome::AlreadyFinished);
}

#[test]
fn a_long_sleep_is_paused_at_once() {
    let _alone = crate::util::exclusive();
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 2, "step_ms": 60_000}))).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Running)));
    let t = Instant::now();
    engine.pause(id).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Paused)));
    assert!(t.elapsed() < Duration::from_secs(5), "paused after {:?}, not after the 60 s step", t.elapsed());
    // Cancel wins over pause.
    engine.cancel(id).unwrap();
    assert_eq!(sink.wait_outcome(id), Outcome::Cancelled);
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    assert_eq!(names, ["queued", "started", "paused", "finished"], "paused → cancelled directly");
}

#[test]
fn a_queued_job_cannot_be_paused() {
    let (engine, _sink) = engine_with(Engine::builder().max_concurrent(1));
    let blocker =
        engine.submit(JobSpec::new("progress").params(json!({"steps": 1, "step_ms": 60_000}))).unwrap();
    let queued = engine.submit(JobSpec::new("noop")).unwrap();
    match engine.pause(queued).unwrap_err() {
        Error::InvalidState { id, state, .. } => assert_eq!((id, state), (queued, JobState::Queued)),
        other => panic!("{other:?}"),
    }
    assert_eq!(engine.resume(queued).unwrap_err().code(), "invalid_state");
    engine.cancel_all();
    assert!(engine.wait_idle(LONG));
    let _ = blocker;
}

#[test]
fn a_pause_withdrawn_before_the_checkpoint_leaves_no_trace() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 1, "step_ms": 300}))).unwrap();
    assert!(wait_for(LONG, || state(&engine, id) == Some(JobState::Running)));
    // The request wakes the sleep; whether the job records a pause depends on timing, but it
    // must end normally and its events must pair up.
    engine.pause(id).unwrap();
    engine.resume(id).unwrap();
    assert_eq!(sink.wait_outcome(id), Outcome::Succeeded { result: json!({"steps": 1}) });
    let names: Vec<_> = sink.events_of(id).iter().map(event_name).collect();
    let paused = names.iter().filter(|n| **n == "paused").count();
    let resumed = names.iter().filter(|n| **n == "resumed").count();
    assert_eq!(paused, resumed, "{names:?}");
}
