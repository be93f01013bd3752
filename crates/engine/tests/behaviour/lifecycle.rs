//! Behaviours 3 and 9: Queued → Started → Finished in order, exactly one terminal event per
//! job, and each lifecycle event reaches the sink.

use crate::util::{engine_with, event_name, wait_for, LONG};
use jobdeck_engine::{Engine, JobSpec, JobState, LifecycleEvent, Outcome, Priority};
use serde_json::json;

#[test]
fn each_job_goes_queued_started_finished_once() {
    let (engine, sink) = engine_with(Engine::builder().max_concurrent(2));
    let ids: Vec<_> = (0..20)
        .map(|i| {
            engine
                .submit(JobSpec::new("progress").params(json!({"steps": 3, "step_ms": 0.1 * i as f64})))
                .unwrap()
        })
        .collect();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == 20));
    for id in &ids {
        let names: Vec<_> = sink.events_of(*id).iter().map(event_name).collect();
        assert_eq!(names, ["queued", "started", "finished"], "job {id}");
        assert_eq!(sink.outcome_of(*id), Some(Outcome::Succeeded { result: json!({"steps": 3}) }));
    }
    // The Queued event carries the whole row.
    let LifecycleEvent::Queued { job } = &sink.events_of(ids[3])[0] else { panic!() };
    assert_eq!(
        (job.ordinal, job.kind.as_str(), job.state, job.priority),
        (3, "progress", JobState::Queued, Priority::Normal)
    );
    assert_eq!(job.params, json!({"steps": 3, "step_ms": 0.30000000000000004}));
    assert!(job.submitted_at > 1_600_000_000_000);
    // Timestamps are ordered per job.
    for id in &ids {
        let times: Vec<u64> = sink
            .events_of(*id)
            .iter()
            .filter_map(|e| match e {
                LifecycleEvent::Started { at, .. } | LifecycleEvent::Finished { at, .. } => Some(*at),
                _ => None,
            })
            .collect();
        assert!(times[0] <= times[1]);
    }
    let snap = engine.snapshot();
    assert_eq!(snap.counts.succeeded, 20);
    assert!(snap.jobs.iter().all(|j| j.state == JobState::Succeeded && j.done == 3 && j.total == 3));
    assert!(snap.jobs.iter().all(|j| j.started_at.is_some() && j.finished_at.is_some()));
}
