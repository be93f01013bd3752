//! Behaviour 2: submit validates first; on error nothing is queued.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::util::engine_with;
use jobdeck_engine::{Engine, Error, JobFn, JobKind, JobSpec, KindInfo, Params, Priority};
use serde_json::json;

/// A kind whose `prepare` fails on its third call.
struct FailsThird(Arc<AtomicUsize>);

impl JobKind for FailsThird {
    fn info(&self) -> KindInfo {
        KindInfo::new("fails-third", "Fails third", "prepare fails on the third call")
    }
    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        if self.0.fetch_add(1, Ordering::SeqCst) == 2 {
            return Err(params.invalid("params", "the third job is refused"));
        }
        Ok(Box::new(|_| Ok(serde_json::Value::Null)))
    }
}

fn nothing_was_queued(engine: &Engine) {
    std::thread::sleep(Duration::from_millis(30));
    let snap = engine.snapshot();
    assert!(snap.jobs.is_empty(), "{:?}", snap.jobs);
    assert_eq!(snap.counts.queued + snap.counts.running + snap.counts.succeeded, 0);
}

#[test]
fn a_valid_submit_returns_a_uuid_and_queues_with_defaults() {
    let (engine, sink) = engine_with(Engine::builder());
    let id = engine.submit(JobSpec::new("progress").params(json!({"steps": 3, "step_ms": 0}))).unwrap();
    assert_eq!(id.as_uuid().get_version_num(), 4);
    assert!(engine.wait_idle(crate::util::LONG));
    assert!(crate::util::wait_for(crate::util::LONG, || sink.outcome_of(id).is_some()));
    let snap = engine.snapshot();
    assert_eq!(snap.jobs[0].params, json!({"steps": 3, "step_ms": 0}));
    assert_eq!(snap.jobs[0].priority, Priority::Normal);
    let id = engine.submit(JobSpec::new("progress").params(json!({}))).unwrap();
    engine.cancel(id).unwrap();
    assert!(crate::util::wait_for(crate::util::LONG, || engine.snapshot().jobs.len() == 2));
    assert_eq!(engine.snapshot().jobs[1].params, json!({"steps": 1000, "step_ms": 10}), "defaults filled in");
}

#[test]
fn unknown_kinds_are_rejected_with_the_known_names() {
    let (engine, _sink) = engine_with(Engine::builder());
    let err = engine.submit(JobSpec::new("nope")).unwrap_err();
    assert_eq!(err.code(), "unknown_kind");
    assert!(err.to_string().contains("unknown job kind `nope`"), "{err}");
    let known = if cfg!(unix) {
        "progress, ratio, random-walk, monte-carlo-pi, hash-files, command, noop"
    } else {
        "progress, ratio, random-walk, monte-carlo-pi, hash-files, noop"
    };
    assert!(err.to_string().contains(known), "{err}");
    nothing_was_queued(&engine);
}

#[test]
fn bad_parameters_are_rejected_and_nothing_is_queued() {
    let (engine, _sink) = engine_with(Engine::builder());
    for params in [
        json!({"steps": -5}),
        json!({"steps": "many"}),
        json!({"steps": 1.5}),
        json!({"steps": 0}),
        json!({"step_ms": -1.0}),
        json!({"stepz": 1}),
        json!([1, 2]),
    ] {
        let err = engine.submit(JobSpec::new("progress").params(params.clone())).unwrap_err();
        assert_eq!(err.code(), "invalid_params", "{params}: {err}");
        let payload = serde_json::to_value(&err).unwrap();
        assert_eq!(payload["code"], "invalid_params");
        assert!(payload["field"].is_string(), "{payload}");
    }
    assert!(engine.submit_many(&JobSpec::new("progress").params(json!({"steps": -1})), 100).is_err());
    nothing_was_queued(&engine);
}

#[test]
fn submit_many_is_all_or_nothing() {
    let calls = Arc::new(AtomicUsize::new(0));
    let (engine, _sink) = engine_with(Engine::builder().kind(FailsThird(calls.clone())));
    let err = engine.submit_many(&JobSpec::new("fails-third"), 5).unwrap_err();
    assert!(err.to_string().contains("the third job is refused"), "{err}");
    nothing_was_queued(&engine);
    // The kind is fine after that; submit_many validates once and prepares each job.
    let ids = engine.submit_many(&JobSpec::new("noop"), 50).unwrap();
    assert_eq!(ids.len(), 50);
    assert!(engine.wait_idle(crate::util::LONG));
    assert!(engine.submit_many(&JobSpec::new("noop"), 0).unwrap().is_empty());
}

#[test]
fn nothing_is_accepted_after_shutdown() {
    let engine = Engine::builder().build().unwrap();
    engine.shutdown(Duration::from_secs(5)).unwrap();
    assert_eq!(engine.submit(JobSpec::new("noop")).unwrap_err(), Error::ShutDown);
    assert_eq!(engine.submit_many(&JobSpec::new("noop"), 3).unwrap_err(), Error::ShutDown);
}
