//! Behaviour 10: every point reaches the job's series store, readable in full; past its cap
//! it is min/max-decimated, so peaks survive.

use crate::util::{engine_with, FnKind, LONG};
use jobdeck_engine::{Engine, JobSpec, SERIES_CAP};
use serde_json::json;

#[test]
fn the_store_holds_every_point_under_its_cap() {
    let kind = FnKind::new("pts", |ctx, params| {
        for i in 0..params.u64("n")? {
            ctx.data(i as f64, (i * 3) as f64);
        }
        ctx.data(f64::NAN, 1.0); // ignored: JSON cannot carry it
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("pts").params(json!({"n": SERIES_CAP - 1}))).unwrap();
    sink.wait_outcome(id);
    let s = engine.series(id).unwrap();
    assert!(!s.decimated);
    assert_eq!(s.id, id);
    assert_eq!(s.x, (0..SERIES_CAP - 1).map(|i| i as f64).collect::<Vec<_>>());
    assert_eq!(s.y, (0..SERIES_CAP - 1).map(|i| (i * 3) as f64).collect::<Vec<_>>());
    assert!(crate::util::wait_for(LONG, || engine.snapshot().jobs[0].series == ["value"]));
}

#[test]
fn past_its_cap_the_store_is_decimated_and_keeps_peaks() {
    let n = 20 * SERIES_CAP;
    let kind = FnKind::new("pts", move |ctx, _| {
        for i in 0..n {
            let y = match i {
                _ if i == n / 3 => 5e9,
                _ if i == 2 * n / 3 => -5e9,
                _ => (i as f64 * 0.01).sin(),
            };
            ctx.data(i as f64, y);
        }
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("pts")).unwrap();
    sink.wait_outcome(id);
    let s = engine.series(id).unwrap();
    assert!(s.decimated);
    assert!(s.x.len() <= SERIES_CAP + 2 && s.x.len() >= SERIES_CAP / 4, "{} points", s.x.len());
    assert!(s.y.contains(&5e9) && s.y.contains(&-5e9), "peaks survive");
    assert!(s.x.windows(2).all(|w| w[0] < w[1]), "in order");
    assert_eq!((s.x[0], *s.x.last().unwrap() <= (n - 1) as f64), (0.0, true));
    assert!(s.y.iter().all(|y| y.abs() <= 1.0 || y.abs() == 5e9));
}
