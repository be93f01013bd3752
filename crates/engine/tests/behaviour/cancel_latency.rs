//! Behaviour 7: a job asleep in `ctx.sleep` (or paused) stops in well under a millisecond
//! when cancelled, whatever its step length.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{FnKind, LONG};
use jobdeck_engine::{Engine, JobSpec};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
fn a_sleeping_job_stops_in_well_under_a_millisecond() {
    let _alone = crate::util::exclusive();
    let (tx, rx) = mpsc::channel::<()>();
    let tx = Arc::new(Mutex::new(tx));
    let kind = FnKind::new("sleeper", move |ctx, _| {
        tx.lock().unwrap().send(()).unwrap();
        loop {
            ctx.sleep(Duration::from_secs(10))?; // the seed's worker would stop only after this
        }
    });
    let engine = Engine::builder().kind(kind).build().unwrap();
    let mut sleeping = Vec::new();
    let mut paused = Vec::new();
    for round in 0..30 {
        let id = engine.submit(JobSpec::new("sleeper")).unwrap();
        rx.recv_timeout(LONG).unwrap();
        std::thread::sleep(Duration::from_millis(2));
        if round % 2 == 1 {
            engine.pause(id).unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
        let t = Instant::now();
        engine.cancel(id).unwrap();
        assert!(engine.wait_idle(LONG));
        let took = t.elapsed();
        assert!(took < Duration::from_millis(200), "round {round}: {took:?}");
        if round % 2 == 1 {
            paused.push(took)
        } else {
            sleeping.push(took)
        }
    }
    let (s, p) = (median(sleeping), median(paused));
    eprintln!("cancel → terminal, median: sleeping {s:?}, paused {p:?}");
    assert!(s < Duration::from_millis(1), "sleeping: median {s:?}");
    assert!(p < Duration::from_millis(1), "paused: median {p:?}");
}
