//! Shared helpers for the engine's behaviour tests.

use std::sync::{Arc, Mutex, MutexGuard, Once, PoisonError};
use std::time::{Duration, Instant};

use jobdeck_engine::{
    Engine, EngineBuilder, EventBatch, JobContext, JobError, JobFn, JobId, JobKind, JobState, KindInfo,
    LifecycleEvent, Outcome, ParamSpec, Params, Snapshot,
};
use serde_json::Value;

/// Held for the whole of every timing-sensitive and every heavy test (see `main.rs`), so that
/// none of them runs beside another. A test that failed while holding it does not poison it
/// for the others.
pub fn exclusive() -> MutexGuard<'static, ()> {
    static EXCLUSIVE: Mutex<()> = Mutex::new(());
    EXCLUSIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Generous bound for anything that should take milliseconds (CI machines are slow).
pub const LONG: Duration = Duration::from_secs(30);

/// A sink that keeps every batch.
#[derive(Clone, Default)]
pub struct Collector(Arc<Mutex<Vec<(Instant, EventBatch)>>>);

impl Collector {
    pub fn batches(&self) -> Vec<EventBatch> {
        self.0.lock().unwrap().iter().map(|(_, b)| b.clone()).collect()
    }

    pub fn times(&self) -> Vec<Instant> {
        self.0.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }

    /// Every lifecycle event so far, in order.
    pub fn lifecycle(&self) -> Vec<LifecycleEvent> {
        self.0.lock().unwrap().iter().flat_map(|(_, b)| b.lifecycle.clone()).collect()
    }

    /// The lifecycle events of one job, in order.
    pub fn events_of(&self, id: JobId) -> Vec<LifecycleEvent> {
        self.lifecycle().into_iter().filter(|e| event_id(e) == Some(id)).collect()
    }

    /// The outcome of every finished job.
    pub fn outcomes(&self) -> Vec<(JobId, Outcome)> {
        self.lifecycle()
            .into_iter()
            .filter_map(|e| match e {
                LifecycleEvent::Finished { id, outcome, .. } => Some((id, outcome)),
                _ => None,
            })
            .collect()
    }

    pub fn outcome_of(&self, id: JobId) -> Option<Outcome> {
        self.outcomes().into_iter().find(|(i, _)| *i == id).map(|(_, o)| o)
    }

    /// Waits until `id` has a Finished event; returns its outcome.
    pub fn wait_outcome(&self, id: JobId) -> Outcome {
        assert!(wait_for(LONG, || self.outcome_of(id).is_some()), "job {id} never finished");
        self.outcome_of(id).unwrap()
    }
}

impl jobdeck_engine::EventSink for Collector {
    fn on_batch(&self, batch: &EventBatch) {
        self.0.lock().unwrap().push((Instant::now(), batch.clone()));
    }
}

pub fn event_id(e: &LifecycleEvent) -> Option<JobId> {
    match e {
        LifecycleEvent::Queued { job } => Some(job.id),
        LifecycleEvent::Started { id, .. }
        | LifecycleEvent::Paused { id, .. }
        | LifecycleEvent::Resumed { id, .. }
        | LifecycleEvent::Finished { id, .. } => Some(*id),
        LifecycleEvent::Removed { .. } => None,
    }
}

/// A short name for an event's variant.
pub fn event_name(e: &LifecycleEvent) -> &'static str {
    match e {
        LifecycleEvent::Queued { .. } => "queued",
        LifecycleEvent::Started { .. } => "started",
        LifecycleEvent::Paused { .. } => "paused",
        LifecycleEvent::Resumed { .. } => "resumed",
        LifecycleEvent::Finished { .. } => "finished",
        LifecycleEvent::Removed { .. } => "removed",
    }
}

/// An engine with a collecting sink and a short flush interval.
pub fn engine_with(builder: EngineBuilder) -> (Engine, Collector) {
    let sink = Collector::default();
    let engine = builder.flush_interval(Duration::from_millis(5)).sink(sink.clone()).build().unwrap();
    (engine, sink)
}

/// Polls `cond` every millisecond until it holds or `timeout` passes.
pub fn wait_for(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Marker that intentionally panicking test jobs put in their message.
pub const QUIET: &str = "(intentional test panic)";

/// Keeps panics whose message contains [`QUIET`] out of the test output; every other panic
/// is printed as usual.
pub fn silence_intentional_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let quiet = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.contains(QUIET))
                .or_else(|| info.payload().downcast_ref::<String>().map(|s| s.contains(QUIET)))
                .unwrap_or(false);
            if !quiet {
                default(info);
            }
        }));
    });
}

type Body = dyn Fn(&JobContext, &Params) -> Result<Value, JobError> + Send + Sync;

/// A job kind for tests whose body is a closure. It takes two optional parameters,
/// `n` (integer) and `ms` (number), for the body to read.
#[derive(Clone)]
pub struct FnKind {
    name: String,
    body: Arc<Body>,
}

impl FnKind {
    pub fn new(
        name: &str,
        body: impl Fn(&JobContext, &Params) -> Result<Value, JobError> + Send + Sync + 'static,
    ) -> Self {
        FnKind { name: name.into(), body: Arc::new(body) }
    }
}

impl JobKind for FnKind {
    fn info(&self) -> KindInfo {
        KindInfo::new(self.name.clone(), "Test", "A test kind.")
            .param(ParamSpec::integer("n", "N", "Any integer.").range(-1e12, 1e12))
            .param(ParamSpec::number("ms", "Ms", "Any number.").range(0.0, 1e9))
    }

    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        let body = self.body.clone();
        let params = params.clone();
        Ok(Box::new(move |ctx: &JobContext| body(ctx, &params)))
    }
}

/// A gate test jobs can block on: they wait (cancellably) until it is opened.
#[derive(Clone, Default)]
pub struct Gate(Arc<std::sync::atomic::AtomicBool>);

impl Gate {
    pub fn open(&self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn is_open(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    /// Blocks the job until the gate opens, in 1 ms cancellable sleeps.
    pub fn wait(&self, ctx: &JobContext) -> Result<(), JobError> {
        while !self.is_open() {
            ctx.sleep(Duration::from_millis(1))?;
        }
        Ok(())
    }
}

/// Applies `batch` to `snap` the way a UI would.
pub fn apply(snap: &mut Snapshot, batch: &EventBatch) {
    assert_eq!(batch.seq, snap.seq + 1, "batches arrive in order, without gaps");
    snap.seq = batch.seq;
    for e in &batch.lifecycle {
        match e {
            LifecycleEvent::Queued { job } => snap.jobs.push(job.clone()),
            LifecycleEvent::Removed { ids } => snap.jobs.retain(|j| !ids.contains(&j.id)),
            other => {
                let id = event_id(other).unwrap();
                let at_index = snap.jobs.iter().position(|j| j.id == id).expect("event for a known job");
                let job = &mut snap.jobs[at_index];
                match other {
                    LifecycleEvent::Started { at, .. } => {
                        job.state = JobState::Running;
                        job.started_at.get_or_insert(*at);
                    }
                    LifecycleEvent::Paused { .. } => job.state = JobState::Paused,
                    LifecycleEvent::Resumed { .. } => job.state = JobState::Running,
                    LifecycleEvent::Finished { at, outcome, .. } => {
                        job.state = outcome.state();
                        job.finished_at = Some(*at);
                        job.outcome = Some(outcome.clone());
                    }
                    _ => unreachable!(),
                }
            }
        }
    }
    for p in &batch.progress {
        let job = snap.jobs.iter_mut().find(|j| j.id == p.id).expect("progress for a known job");
        job.done = p.done;
        job.total = p.total;
        job.status = p.status.clone();
    }
    for d in &batch.data {
        let job = snap.jobs.iter_mut().find(|j| j.id == d.id).expect("data for a known job");
        if !d.x.is_empty() && !job.series.contains(&d.series) {
            job.series.push(d.series.clone());
        }
    }
    snap.pool = batch.pool;
    snap.counts = batch.counts;
    snap.aggregate = batch.aggregate;
}

/// A fresh, empty temporary folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "jobdeck-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
