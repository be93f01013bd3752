//! 10,000 jobs of which 10 % panic and 10 % fail: every job accounted for, exactly one
//! terminal event each, and the pool still serves new jobs afterwards.

use std::collections::HashMap;

use crate::util::{engine_with, silence_intentional_panics, wait_for, FnKind, LONG, QUIET};
use jobdeck_engine::{Engine, JobError, JobSpec, LifecycleEvent, Outcome};
use serde_json::json;

#[test]
fn ten_thousand_jobs_all_accounted_for() {
    let _alone = crate::util::exclusive();
    silence_intentional_panics();
    let kind = FnKind::new("mixed", |ctx, params| {
        let n = params.u64("n")?;
        ctx.progress(1, 2);
        match n % 10 {
            0 => panic!("job {n} panics {QUIET}"),
            1 => Err(JobError::msg(format!("job {n} fails"))),
            _ => Ok(json!(n)),
        }
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let mut expected = HashMap::new();
    for n in 0..10_000u64 {
        let id = engine.submit(JobSpec::new("mixed").params(json!({"n": n}))).unwrap();
        expected.insert(id, n);
    }
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || engine.snapshot().counts.succeeded + engine.snapshot().counts.failed == 10_000));

    let mut finished = HashMap::new();
    for e in sink.lifecycle() {
        if let LifecycleEvent::Finished { id, outcome, .. } = e {
            assert!(finished.insert(id, outcome).is_none(), "job {id} finished twice");
        }
    }
    assert_eq!(finished.len(), 10_000);
    let (mut panics, mut failures, mut successes) = (0, 0, 0);
    for (id, n) in &expected {
        match &finished[id] {
            Outcome::Failed { message, panicked: true } => {
                assert_eq!(message, &format!("job {n} panics {QUIET}"));
                panics += 1;
            }
            Outcome::Failed { message, panicked: false } => {
                assert_eq!(message, &format!("job {n} fails"));
                failures += 1;
            }
            Outcome::Succeeded { result } => {
                assert_eq!(result, &json!(n));
                successes += 1;
            }
            Outcome::Cancelled => panic!("nobody cancelled {id}"),
        }
    }
    assert_eq!((panics, failures, successes), (1_000, 1_000, 8_000));
    let snap = engine.snapshot();
    assert_eq!((snap.counts.failed, snap.counts.succeeded, snap.counts.running), (2_000, 8_000, 0));
    // (The batch of work restarts whenever the engine ran dry between two submits.)
    assert_eq!(snap.aggregate.completed, snap.aggregate.jobs);
    assert_eq!(snap.aggregate.fraction, 1.0);

    // The pool still serves.
    let after = engine.submit(JobSpec::new("progress").params(json!({"steps": 3, "step_ms": 0}))).unwrap();
    assert_eq!(sink.wait_outcome(after), Outcome::Succeeded { result: json!({"steps": 3}) });
}
