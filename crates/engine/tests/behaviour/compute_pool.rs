//! Behaviour 4 (pools): jobs that sleep or are paused hold job threads, never compute
//! threads, so parallel work still runs at full speed beside them.

use std::time::{Duration, Instant};

use crate::util::{engine_with, wait_for, FnKind, LONG};
use jobdeck_engine::{Engine, JobSpec, JobState, Outcome};
use serde_json::json;

#[test]
fn sleeping_and_paused_jobs_do_not_starve_parallel_work() {
    let _alone = crate::util::exclusive();
    let threads = FnKind::new("threads", |ctx, _| {
        // Inner parallel work runs on the compute pool, not on job threads.
        let names: Vec<String> = ctx.compute().install(|| {
            use rayon::prelude::*;
            (0..8).into_par_iter().map(|_| std::thread::current().name().unwrap_or("").to_owned()).collect()
        });
        Ok(json!(names))
    });
    let (engine, sink) =
        engine_with(Engine::builder().job_threads(4).max_concurrent(4).compute_threads(2).kind(threads));
    // Three slots taken by jobs that sleep, one of them paused.
    let sleepers = engine
        .submit_many(&JobSpec::new("progress").params(json!({"steps": 1, "step_ms": 60_000})), 3)
        .unwrap();
    assert!(wait_for(LONG, || engine.snapshot().counts.running == 3));
    engine.pause(sleepers[0]).unwrap();
    assert!(wait_for(LONG, || engine.snapshot().jobs.iter().any(|j| j.state == JobState::Paused)));

    let t = Instant::now();
    let mc = engine
        .submit(JobSpec::new("monte-carlo-pi").params(json!({"samples": 4_000_000, "chunk": 100_000})))
        .unwrap();
    assert!(matches!(sink.wait_outcome(mc), Outcome::Succeeded { .. }));
    assert!(t.elapsed() < Duration::from_secs(20), "monte-carlo-pi took {:?}", t.elapsed());

    let id = engine.submit(JobSpec::new("threads")).unwrap();
    let Outcome::Succeeded { result } = sink.wait_outcome(id) else { panic!() };
    for name in result.as_array().unwrap() {
        assert!(name.as_str().unwrap().starts_with("jobdeck-compute-"), "{name}");
    }
    engine.cancel_all();
    assert!(engine.wait_idle(LONG));
}
