//! Behaviour 4: raising the limit starts queued jobs at once; lowering it lets running jobs
//! finish and starts none until below the new limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::util::{engine_with, wait_for, FnKind, Gate, LONG};
use jobdeck_engine::{Engine, JobSpec};
use serde_json::json;

#[test]
fn raising_starts_queued_jobs_and_lowering_drains_first() {
    let gates: Arc<Vec<Gate>> = Arc::new((0..6).map(|_| Gate::default()).collect());
    let inside = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(AtomicUsize::new(0));
    let (g, i, s) = (gates.clone(), inside.clone(), started.clone());
    let kind = FnKind::new("gated", move |ctx, params| {
        s.fetch_add(1, Ordering::SeqCst);
        i.fetch_add(1, Ordering::SeqCst);
        let r = g[params.u64("n")? as usize].wait(ctx);
        i.fetch_sub(1, Ordering::SeqCst);
        r.map(|_| json!(null))
    });
    let (engine, _sink) = engine_with(Engine::builder().job_threads(8).max_concurrent(1).kind(kind));
    for n in 0..6 {
        engine.submit(JobSpec::new("gated").params(json!({"n": n}))).unwrap();
    }
    assert!(wait_for(LONG, || started.load(Ordering::SeqCst) == 1));
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(started.load(Ordering::SeqCst), 1, "limit 1: one job");

    engine.set_max_concurrent(3).unwrap();
    assert!(wait_for(LONG, || started.load(Ordering::SeqCst) == 3), "raising starts queued jobs at once");

    engine.set_max_concurrent(1).unwrap();
    gates[0].open();
    assert!(wait_for(LONG, || inside.load(Ordering::SeqCst) == 2));
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(started.load(Ordering::SeqCst), 3, "2 running > limit 1: nothing starts");
    gates[1].open();
    assert!(wait_for(LONG, || inside.load(Ordering::SeqCst) == 1));
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(started.load(Ordering::SeqCst), 3, "1 running = limit 1: nothing starts");
    gates[2].open();
    assert!(wait_for(LONG, || started.load(Ordering::SeqCst) == 4), "below the limit: the next starts");
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(started.load(Ordering::SeqCst), 4);
    for g in gates.iter() {
        g.open();
    }
    assert!(engine.wait_idle(LONG));
    assert_eq!(started.load(Ordering::SeqCst), 6);
}
