//! Behaviour 4: never more than `max_concurrent` jobs hold a slot, also while the limit
//! changes and while jobs are paused (a paused job keeps its slot).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{engine_with, FnKind, LONG};
use jobdeck_engine::{Engine, JobSpec};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

/// What the instrumented jobs see: how many are inside their body now, and the history of
/// limits with the time each was set.
struct Probe {
    inside: usize,
    peak: usize,
    limits: Vec<(Instant, usize)>,
    violations: Vec<String>,
}

/// A job decided under an old limit may still be entering its body just after the limit was
/// lowered; this grace covers that hand-off (microseconds normally; generous for slow CI).
const GRACE: Duration = Duration::from_millis(200);

impl Probe {
    fn allowed(&self, now: Instant) -> usize {
        let current = self.limits.last().unwrap().1;
        let recent = self
            .limits
            .windows(2)
            .filter(|w| now.duration_since(w[1].0) < GRACE)
            .map(|w| w[0].1)
            .max()
            .unwrap_or(0);
        current.max(recent)
    }
}

#[test]
fn the_limit_holds_while_it_changes_and_jobs_pause() {
    let _alone = crate::util::exclusive();
    let probe = Arc::new(Mutex::new(Probe {
        inside: 0,
        peak: 0,
        limits: vec![(Instant::now(), 3)],
        violations: vec![],
    }));
    let p = probe.clone();
    let kind = FnKind::new("probe", move |ctx, params| {
        {
            let mut p = p.lock().unwrap();
            p.inside += 1;
            p.peak = p.peak.max(p.inside);
            let allowed = p.allowed(Instant::now());
            if p.inside > allowed {
                let msg = format!("{} jobs inside with limit {allowed}", p.inside);
                p.violations.push(msg);
            }
        }
        // The engine counts the slot until after the body returns, so leaving here first
        // can only undercount.
        struct Leave(Arc<Mutex<Probe>>);
        impl Drop for Leave {
            fn drop(&mut self) {
                self.0.lock().unwrap().inside -= 1;
            }
        }
        let _leave = Leave(p.clone());
        let steps = params.u64("n")?;
        for _ in 0..steps {
            ctx.sleep(Duration::from_micros(300))?;
        }
        Ok(json!(null))
    });
    let (engine, _sink) = engine_with(Engine::builder().job_threads(8).max_concurrent(3).kind(kind));
    let mut rng = StdRng::seed_from_u64(7);
    let ids = engine.submit_many(&JobSpec::new("probe").params(json!({"n": 5})), 400).unwrap();
    let started = Instant::now();
    while !engine.wait_idle(Duration::from_millis(3)) {
        assert!(started.elapsed() < LONG, "the run did not finish");
        match rng.random_range(0..10) {
            0..=2 => {
                let limit = rng.random_range(1..=8);
                let mut p = probe.lock().unwrap();
                engine.set_max_concurrent(limit).unwrap();
                p.limits.push((Instant::now(), limit));
            }
            3..=4 => {
                let id = ids[rng.random_range(0..ids.len())];
                let _ = engine.pause(id);
            }
            _ => {
                let id = ids[rng.random_range(0..ids.len())];
                let _ = engine.resume(id);
            }
        }
        if rng.random_bool(0.1) {
            for id in &ids {
                let _ = engine.resume(*id);
            }
        }
    }
    let p = probe.lock().unwrap();
    assert!(p.violations.is_empty(), "{:?}", p.violations);
    assert!(p.peak >= 2, "the test exercised concurrency (peak {})", p.peak);
    assert_eq!(p.inside, 0);
}
