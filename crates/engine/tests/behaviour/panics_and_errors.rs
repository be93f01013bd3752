//! Behaviour 8: a panic ends its job as Failed with the panic message; an error ends it as
//! Failed with its message; the pool thread survives either way. A sink that panics loses
//! that batch only, and the warning handler hears of it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::util::{engine_with, silence_intentional_panics, wait_for, Collector, FnKind, LONG, QUIET};
use jobdeck_engine::{Engine, EventBatch, EventSink, JobError, JobSpec, Outcome};
use serde_json::json;

#[test]
fn panics_and_errors_fail_their_job_only() {
    silence_intentional_panics();
    let kind = FnKind::new("mixed", |ctx, params| match params.i64("n")? {
        0 => panic!("boom {QUIET}"),
        1 => {
            let n = 41;
            panic!("formatted {} {QUIET}", n + 1)
        }
        2 => Err(JobError::msg("it went wrong")),
        3 => {
            std::fs::read("/definitely/not/a/file/jobdeck")?;
            Ok(json!(null))
        }
        _ => {
            ctx.progress(1, 1);
            Ok(json!("fine"))
        }
    });
    // One job thread: if a panic killed it, nothing after would run.
    let (engine, sink) = engine_with(Engine::builder().job_threads(1).max_concurrent(1).kind(kind));
    let run = |n: i64| engine.submit(JobSpec::new("mixed").params(json!({"n": n}))).unwrap();
    let ids: Vec<_> = [0, 4, 1, 2, 3, 4].into_iter().map(run).collect();
    assert!(engine.wait_idle(LONG));
    let o: Vec<Outcome> = ids.iter().map(|id| sink.wait_outcome(*id)).collect();
    assert_eq!(o[0], Outcome::Failed { message: format!("boom {QUIET}"), panicked: true });
    assert_eq!(o[1], Outcome::Succeeded { result: json!("fine") });
    assert_eq!(o[2], Outcome::Failed { message: format!("formatted 42 {QUIET}"), panicked: true });
    assert_eq!(o[3], Outcome::Failed { message: "it went wrong".into(), panicked: false });
    assert!(
        matches!(&o[4], Outcome::Failed { message, panicked: false } if message.contains("No such file")),
        "{:?}",
        o[4]
    );
    assert_eq!(o[5], Outcome::Succeeded { result: json!("fine") });
    let snap = engine.snapshot();
    assert_eq!((snap.counts.failed, snap.counts.succeeded), (4, 2));
}

#[test]
fn a_panicking_sink_loses_one_batch_and_is_reported() {
    silence_intentional_panics();
    let sink = Collector::default();
    let (inner, warnings) = (sink.clone(), Arc::new(Mutex::new(Vec::<String>::new())));
    let log = warnings.clone();
    let engine = Engine::builder()
        .flush_interval(Duration::from_millis(5))
        .sink(move |batch: &EventBatch| {
            if batch.seq == 1 {
                panic!("the sink broke {QUIET}");
            }
            inner.on_batch(batch);
        })
        .on_warning(move |message: &str| log.lock().unwrap().push(message.to_owned()))
        .build()
        .unwrap();
    let first = engine.submit(JobSpec::new("noop")).unwrap();
    assert!(wait_for(LONG, || !warnings.lock().unwrap().is_empty()), "no warning for the panic");
    assert_eq!(
        warnings.lock().unwrap()[0],
        format!("the event sink panicked on batch 1: the sink broke {QUIET}")
    );
    // The flusher survived: later batches still arrive, numbered on from the lost one.
    let later = engine.submit(JobSpec::new("noop")).unwrap();
    assert!(matches!(sink.wait_outcome(later), Outcome::Succeeded { .. }));
    assert!(sink.batches().iter().all(|b| b.seq > 1));
    assert!(engine.snapshot().jobs.iter().any(|j| j.id == first), "the view kept what batch 1 said");
}
