//! Named series: one job may stream several series; budgets, decimation and the store work
//! per series, and a job cannot make up names without bound.

use std::sync::{Arc, Mutex};

use crate::util::{engine_with, wait_for, FnKind, LONG};
use jobdeck_engine::{Engine, JobSpec, BATCH_DATA_BUDGET, DEFAULT_SERIES, SERIES_PER_JOB_CAP};
use serde_json::json;

#[test]
fn two_series_of_one_job_reach_the_sink_and_the_store() {
    let kind = FnKind::new("two", |ctx, _| {
        for i in 0..100 {
            ctx.data_in("loss", i as f64, 1.0 / (i + 1) as f64);
            ctx.data_in("accuracy", i as f64, i as f64 / 100.0);
        }
        Ok(json!(null))
    });
    let (engine, sink) = engine_with(Engine::builder().kind(kind));
    let id = engine.submit(JobSpec::new("two")).unwrap();
    sink.wait_outcome(id);
    let loss = engine.series_named(id, "loss").unwrap();
    let accuracy = engine.series_named(id, "accuracy").unwrap();
    assert_eq!((loss.series.as_str(), loss.x.len()), ("loss", 100));
    assert_eq!(loss.y[3], 0.25);
    assert_eq!((accuracy.series.as_str(), accuracy.y[50]), ("accuracy", 0.5));
    // The default series was never used: `series` gives the first one.
    assert_eq!(engine.series(id).unwrap().series, "loss");
    // Every point of each reached the sink, tagged with its series.
    let batches = sink.batches();
    let sent = |name: &str| -> Vec<f64> {
        batches.iter().flat_map(|b| &b.data).filter(|c| c.series == name).flat_map(|c| c.y.clone()).collect()
    };
    assert_eq!(sent("loss"), loss.y);
    assert_eq!(sent("accuracy"), accuracy.y);
    assert!(wait_for(LONG, || engine.snapshot().jobs[0].series == ["loss", "accuracy"]));

    let err = engine.series_named(id, "nope").unwrap_err();
    assert_eq!(err.code(), "unknown_series");
    assert!(err.to_string().contains("loss, accuracy"), "{err}");
    let empty = engine.series_named(id, DEFAULT_SERIES).unwrap();
    assert!(empty.x.is_empty() && empty.series == DEFAULT_SERIES, "the default always answers");
}

#[test]
fn each_series_is_decimated_to_its_own_budget() {
    // A flush interval longer than the job, so that everything lands in one batch.
    let n = 10 * BATCH_DATA_BUDGET;
    let kind = FnKind::new("burst", move |ctx, _| {
        for i in 0..n {
            ctx.data_in("a", i as f64, if i == 1234 { 1e6 } else { 0.0 });
            if i < 10 {
                ctx.data_in("b", i as f64, i as f64);
            }
        }
        Ok(json!(null))
    });
    let sink = crate::util::Collector::default();
    let engine = Engine::builder()
        .kind(kind)
        .flush_interval(std::time::Duration::from_secs(2))
        .sink(sink.clone())
        .build()
        .unwrap();
    let id = engine.submit(JobSpec::new("burst")).unwrap();
    sink.wait_outcome(id);
    let chunks: Vec<_> = sink.batches().into_iter().flat_map(|b| b.data).collect();
    let a: Vec<_> = chunks.iter().filter(|c| c.series == "a").collect();
    let b: Vec<_> = chunks.iter().filter(|c| c.series == "b").collect();
    assert!(a.iter().all(|c| c.x.len() <= BATCH_DATA_BUDGET));
    assert!(a.iter().any(|c| c.decimated), "the busy series is decimated");
    assert!(a.iter().any(|c| c.y.contains(&1e6)), "with its peak");
    assert_eq!(b.iter().map(|c| c.x.len()).sum::<usize>(), 10, "the quiet one keeps every point");
    assert!(b.iter().all(|c| !c.decimated));
    let store = engine.series_named(id, "a").unwrap();
    assert_eq!((store.x.len(), store.decimated), (n, false), "the store holds each in full");
}

#[test]
fn names_past_the_cap_or_out_of_range_are_dropped_and_warned_once() {
    let kind = FnKind::new("names", |ctx, _| {
        for i in 0..SERIES_PER_JOB_CAP + 4 {
            ctx.data_in(&format!("s{i}"), 0.0, i as f64);
        }
        ctx.data_in("", 0.0, 1.0);
        ctx.data_in(&"x".repeat(65), 0.0, 1.0);
        ctx.data_in("s0", 1.0, 1.0); // an existing name still works
        Ok(json!(null))
    });
    let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = warnings.clone();
    let (engine, sink) = engine_with(
        Engine::builder().kind(kind).on_warning(move |m: &str| log.lock().unwrap().push(m.to_owned())),
    );
    let id = engine.submit(JobSpec::new("names")).unwrap();
    sink.wait_outcome(id);
    let expected: Vec<String> = (0..SERIES_PER_JOB_CAP).map(|i| format!("s{i}")).collect();
    assert!(wait_for(LONG, || engine.snapshot().jobs[0].series == expected));
    assert_eq!(engine.series_named(id, "s0").unwrap().x, [0.0, 1.0]);
    assert_eq!(
        engine.series_named(id, &format!("s{SERIES_PER_JOB_CAP}")).unwrap_err().code(),
        "unknown_series"
    );
    let w = warnings.lock().unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(&format!("s{SERIES_PER_JOB_CAP}")) && w[0].contains("at most 16 series"),
        "{}",
        w[0]
    );
}
