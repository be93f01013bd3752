//! Behaviour 10: at most one batch per flush interval, latest progress per job, data over
//! the per-job and per-batch budgets min/max-decimated, lifecycle events never dropped and in order even
//! past the per-batch lifecycle budget.

use std::collections::HashMap;
use std::time::Duration;

use crate::util::{event_id, event_name, wait_for, Collector, FnKind, LONG};
use jobdeck_engine::{
    Engine, JobSpec, LifecycleEvent, BATCH_DATA_BUDGET, BATCH_DATA_MIN_SHARE, BATCH_LIFECYCLE_BUDGET,
    BATCH_POINTS_BUDGET,
};
use serde_json::json;

#[test]
fn a_flood_of_reports_becomes_a_few_bounded_batches() {
    let _alone = crate::util::exclusive();
    let kind = FnKind::new("flood", |ctx, params| {
        let n = params.u64("n")?;
        for i in 0..n {
            ctx.checkpoint()?;
            ctx.progress(i + 1, n);
            // A spike in the middle that decimation must keep.
            let y = if i == n / 2 { 1e6 } else { (i % 100) as f64 };
            ctx.data(i as f64, y);
        }
        Ok(json!(null))
    });
    let sink = Collector::default();
    let interval = Duration::from_millis(20);
    let engine = Engine::builder()
        .max_concurrent(4)
        .flush_interval(interval)
        .sink(sink.clone())
        .kind(kind)
        .build()
        .unwrap();
    let ids = engine.submit_many(&JobSpec::new("flood").params(json!({"n": 200_000})), 4).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == 4));

    let batches = sink.batches();
    let times = sink.times();
    // One batch per interval at most (a little slack for timer jitter in the sink's clock).
    for w in times.windows(2) {
        assert!(w[1] - w[0] >= interval - Duration::from_millis(2), "batches {:?} apart", w[1] - w[0]);
    }
    assert!(batches.len() < 800_000 / 1000, "{} batches for 800,000 reports", batches.len());
    for (i, b) in batches.iter().enumerate() {
        assert_eq!(b.seq, i as u64 + 1);
        let mut seen = HashMap::new();
        for p in &b.progress {
            assert!(seen.insert(p.id, ()).is_none(), "one progress entry per job per batch");
        }
        for c in &b.data {
            assert!(c.x.len() <= BATCH_DATA_BUDGET, "{} points in one chunk", c.x.len());
            assert_eq!(c.x.len(), c.y.len());
        }
    }
    for id in &ids {
        let ys: Vec<f64> =
            batches.iter().flat_map(|b| &b.data).filter(|c| c.id == *id).flat_map(|c| c.y.clone()).collect();
        assert!(ys.contains(&1e6), "the spike survived decimation");
        assert!(batches.iter().flat_map(|b| &b.data).any(|c| c.id == *id && c.decimated));
        // The latest progress got through.
        let last = batches.iter().flat_map(|b| &b.progress).rfind(|p| p.id == *id).unwrap();
        assert_eq!((last.done, last.total), (200_000, 200_000));
        // The store kept every point up to its cap, decimated past it, spike included.
        let series = engine.series(*id).unwrap();
        assert!(series.decimated && series.x.len() <= jobdeck_engine::SERIES_CAP + 2);
        assert!(series.y.contains(&1e6));
        assert_eq!(series.x[0], 0.0);
        assert_eq!(*series.x.last().unwrap(), 199_999.0);
    }
}

#[test]
fn many_jobs_reporting_at_once_share_the_batch_budget() {
    let _alone = crate::util::exclusive();
    let kind = FnKind::new("burst", |ctx, params| {
        let n = params.u64("n")?;
        for i in 0..n {
            // A dip in the middle that the extra decimation must keep too.
            ctx.data(i as f64, if i == n / 2 { -1e6 } else { (i % 7) as f64 });
        }
        Ok(json!(null))
    });
    let sink = Collector::default();
    let jobs = 64;
    let engine = Engine::builder()
        .max_concurrent(jobs)
        .job_threads(jobs)
        .flush_interval(Duration::from_millis(30))
        .sink(sink.clone())
        .kind(kind)
        .build()
        .unwrap();
    let ids = engine.submit_many(&JobSpec::new("burst").params(json!({"n": 5_000})), jobs).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == jobs));

    let batches = sink.batches();
    let mut crowded = 0;
    for b in &batches {
        let points: usize = b.data.iter().map(|c| c.x.len()).sum();
        let share = (BATCH_POINTS_BUDGET / b.data.len().max(1)).max(BATCH_DATA_MIN_SHARE);
        assert!(points <= BATCH_POINTS_BUDGET.max(b.data.len() * share), "{points} points in one batch");
        if b.data.len() > BATCH_POINTS_BUDGET / BATCH_DATA_BUDGET {
            crowded += 1;
            assert!(b.data.iter().all(|c| c.x.len() <= share), "a chunk over its share of {share}");
        }
    }
    assert!(crowded > 0, "no batch had more than 16 jobs' data; the test proves nothing");
    for id in &ids {
        let ys: Vec<f64> =
            batches.iter().flat_map(|b| &b.data).filter(|c| c.id == *id).flat_map(|c| c.y.clone()).collect();
        assert!(ys.contains(&-1e6), "the dip of job {id} survived decimation");
        // The store is not affected by what one batch could carry.
        assert_eq!(engine.series(*id).unwrap().x.len(), 5_000);
    }
}

#[test]
fn lifecycle_events_past_the_budget_are_carried_in_order() {
    let _alone = crate::util::exclusive();
    let sink = Collector::default();
    let engine =
        Engine::builder().flush_interval(Duration::from_millis(2)).sink(sink.clone()).build().unwrap();
    let n = 2 * BATCH_LIFECYCLE_BUDGET + 100;
    let ids = engine.submit_many(&JobSpec::new("noop"), n).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == n));
    let batches = sink.batches();
    assert!(batches.iter().all(|b| b.lifecycle.len() <= BATCH_LIFECYCLE_BUDGET));
    assert!(batches.len() >= 3 * n / BATCH_LIFECYCLE_BUDGET, "3 events per job, split over batches");
    let queued: Vec<_> = sink
        .lifecycle()
        .into_iter()
        .filter_map(|e| match e {
            LifecycleEvent::Queued { job } => Some(job.id),
            _ => None,
        })
        .collect();
    assert_eq!(queued, ids, "every Queued, in submission order");
    let mut per_job: HashMap<_, Vec<_>> = HashMap::new();
    for e in sink.lifecycle() {
        per_job.entry(event_id(&e).unwrap()).or_default().push(event_name(&e));
    }
    assert!(per_job.values().all(|v| v == &["queued", "started", "finished"]));
    // Progress and data never arrive for a job the sink has not been told about.
    let mut known = std::collections::HashSet::new();
    for b in &batches {
        for e in &b.lifecycle {
            if let LifecycleEvent::Queued { job } = e {
                known.insert(job.id);
            }
        }
        assert!(b.progress.iter().all(|p| known.contains(&p.id)));
    }
}

#[test]
fn nothing_changes_no_batches() {
    let sink = Collector::default();
    let engine =
        Engine::builder().flush_interval(Duration::from_millis(1)).sink(sink.clone()).build().unwrap();
    engine.submit(JobSpec::new("noop")).unwrap();
    assert!(engine.wait_idle(LONG));
    assert!(wait_for(LONG, || sink.outcomes().len() == 1));
    std::thread::sleep(Duration::from_millis(20));
    let settled = sink.batches().len();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(sink.batches().len(), settled, "an idle engine sends nothing");
    engine.set_max_concurrent(1).unwrap();
    assert!(
        wait_for(LONG, || sink.batches().last().unwrap().pool.max_concurrent == 1),
        "a pool change is sent"
    );
}
