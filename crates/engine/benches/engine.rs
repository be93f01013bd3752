//! The engine's benchmark: dispatch throughput against raw rayon, cancel latency, and a
//! flood of reports, and command jobs (spawn throughput against GNU parallel and pueue, `yes`
//! output ingest). Prints a table.
//!
//! ```text
//! cargo bench -p jobdeck-engine --bench engine            # full run
//! JOBDECK_BENCH_QUICK=1 cargo bench -p jobdeck-engine --bench engine   # < 20 s, for CI
//! JOBDECK_BENCH_ONLY=dispatch cargo bench -p jobdeck-engine --bench engine  # one part
//! ```

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use jobdeck_engine::{
    Engine, EventBatch, JobContext, JobError, JobFn, JobKind, JobSpec, KindInfo, ParamSpec, Params,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

struct Config {
    quick: bool,
    dispatch_jobs: usize,
    dispatch_reps: usize,
    cancels: usize,
}

fn main() {
    let quick = std::env::var_os("JOBDECK_BENCH_QUICK").is_some_and(|v| v != "0")
        || std::env::args().any(|a| a == "--quick");
    let config = if quick {
        Config { quick, dispatch_jobs: 100_000, dispatch_reps: 2, cancels: 200 }
    } else {
        Config { quick, dispatch_jobs: 100_000, dispatch_reps: 5, cancels: 1_000 }
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "Jobdeck engine benchmark ({} profile, {cores} cores, {} mode)\n",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        if config.quick { "quick" } else { "full" }
    );
    // JOBDECK_BENCH_ONLY=flood|dispatch|cancel|series|log|retry|command runs one part (for profiling).
    let only = std::env::var("JOBDECK_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only == part;
    let mut rows = Vec::new();
    if run("flood") {
        flood(&mut rows); // first, so that the peak memory figure is the flood's own
    }
    if run("dispatch") {
        dispatch(&config, &mut rows);
    }
    if only == "submit-each" {
        // For profiling the one-submit-per-job path alone.
        let engine = Engine::builder().build().unwrap();
        for _ in 0..5 {
            let specs = vec![JobSpec::new("noop"); 100_000];
            let t = Instant::now();
            for spec in specs {
                engine.submit(spec).unwrap();
            }
            assert!(engine.wait_idle(Duration::from_secs(60)));
            println!("100,000 × submit: {}", ms(t.elapsed()));
            engine.clear_finished();
        }
    }
    if run("cancel") {
        cancel_latency(&config, &mut rows);
    }
    if run("series") {
        named_series(&mut rows);
    }
    if run("log") {
        log_ingest(&mut rows);
    }
    if run("retry") {
        retry_turnaround(&config, &mut rows);
    }
    #[cfg(unix)]
    if run("command") {
        command::spawn_throughput(&config, &mut rows);
        command::yes_ingest(&config, &mut rows);
    }
    print_table(&rows);
}

/// One row of the table.
struct Row {
    bench: &'static str,
    figure: String,
    value: String,
    goal: String,
}

fn row(
    rows: &mut Vec<Row>,
    bench: &'static str,
    figure: impl Into<String>,
    value: impl Into<String>,
    goal: impl Into<String>,
) {
    rows.push(Row { bench, figure: figure.into(), value: value.into(), goal: goal.into() });
}

fn print_table(rows: &[Row]) {
    let w = |f: fn(&Row) -> &str, title: &str| {
        rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0).max(title.len())
    };
    let (a, b, c, d) = (
        w(|r| r.bench, "benchmark"),
        w(|r| &r.figure, "figure"),
        w(|r| &r.value, "value"),
        w(|r| &r.goal, "goal"),
    );
    println!("| {:a$} | {:b$} | {:>c$} | {:d$} |", "benchmark", "figure", "value", "goal");
    println!("|{}|{}|{}|{}|", "-".repeat(a + 2), "-".repeat(b + 2), "-".repeat(c + 2), "-".repeat(d + 2));
    for r in rows {
        println!("| {:a$} | {:b$} | {:>c$} | {:d$} |", r.bench, r.figure, r.value, r.goal);
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1]
}

// ---------------------------------------------------------------------------------------
// Dispatch

fn dispatch(config: &Config, rows: &mut Vec<Row>) {
    let n = config.dispatch_jobs;
    let engine = Engine::builder().build().unwrap();
    let threads = engine.pool_status().max_concurrent as usize;
    let raw_pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let noop = JobSpec::new("noop");
    let (mut raw, mut many, mut single) = (Vec::new(), Vec::new(), Vec::new());
    // The first round warms up both sides (thread pools, allocator arenas, table capacity)
    // and is not counted.
    for rep in 0..=config.dispatch_reps {
        if rep == 1 {
            raw.clear();
            many.clear();
            single.clear();
        }
        // Raw rayon: spawn_fifo n closures that each send to a channel; wait for all.
        let t = Instant::now();
        let (tx, rx) = mpsc::channel();
        for i in 0..n {
            let tx = tx.clone();
            raw_pool.spawn_fifo(move || tx.send(black_box(i)).unwrap());
        }
        drop(tx);
        assert_eq!(rx.iter().count(), n);
        raw.push(t.elapsed());

        // The engine, one call for all jobs.
        let t = Instant::now();
        engine.submit_many(&noop, n).unwrap();
        assert!(engine.wait_idle(Duration::from_secs(120)));
        many.push(t.elapsed());
        engine.clear_finished();

        // The engine, one submit per job (specs built beforehand: the caller owns them).
        let specs = vec![noop.clone(); n];
        let t = Instant::now();
        for spec in specs {
            engine.submit(spec).unwrap();
        }
        assert!(engine.wait_idle(Duration::from_secs(120)));
        single.push(t.elapsed());
        engine.clear_finished();
        std::thread::sleep(Duration::from_millis(50)); // let the flusher catch up between runs
    }
    let (raw, many, single) = (median(raw), median(many), median(single));
    let rate = |d: Duration| format!("{:.2} M jobs/s", n as f64 / d.as_secs_f64() / 1e6);
    let title = "Dispatch";
    row(
        rows,
        title,
        format!("raw rayon spawn_fifo + channel, {n} jobs, {threads} threads"),
        format!("{} ({})", ms(raw), rate(raw)),
        "",
    );
    row(
        rows,
        title,
        format!("engine submit_many({n}) → all finished"),
        format!("{} ({})", ms(many), rate(many)),
        "",
    );
    row(
        rows,
        title,
        format!("engine {n} × submit → all finished"),
        format!("{} ({})", ms(single), rate(single)),
        "",
    );
    let ratio = many.as_secs_f64() / raw.as_secs_f64();
    row(
        rows,
        title,
        "ratio engine (submit_many) / raw",
        format!("{ratio:.2}"),
        format!("≤ 2.0 {}", if ratio <= 2.0 { "✓" } else { "✗" }),
    );
    let ratio = single.as_secs_f64() / raw.as_secs_f64();
    row(
        rows,
        title,
        "ratio engine (submit each) / raw",
        format!("{ratio:.2}"),
        format!("≤ 2.0 {}", if ratio <= 2.0 { "✓" } else { "✗" }),
    );
    drop(engine);
}

// ---------------------------------------------------------------------------------------
// Cancel latency

/// A job that tells the bench it started, then steps forever: busy for `busy_us` per step
/// (then a checkpoint), or asleep in `ctx.sleep` for `sleep_ms` per step.
struct Stepper(Arc<Mutex<mpsc::Sender<()>>>);

impl JobKind for Stepper {
    fn info(&self) -> KindInfo {
        KindInfo::new("stepper", "Stepper", "bench")
            .param(ParamSpec::number("busy_us", "Busy", "µs of work per step").default(0))
            .param(ParamSpec::number("sleep_ms", "Sleep", "ms of sleep per step").default(0))
    }
    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        let busy = Duration::from_secs_f64(params.f64("busy_us")? / 1e6);
        let sleep = Duration::from_secs_f64(params.f64("sleep_ms")? / 1e3);
        let started = self.0.lock().unwrap().clone();
        Ok(Box::new(move |ctx: &JobContext| {
            started.send(()).unwrap();
            let mut step = 0u64;
            loop {
                if !busy.is_zero() {
                    let t = Instant::now();
                    while t.elapsed() < busy {
                        black_box(step);
                    }
                    ctx.checkpoint()?;
                } else {
                    ctx.sleep(sleep)?;
                }
                step += 1;
                ctx.progress(step, 0);
            }
        }))
    }
}

fn cancel_latency(config: &Config, rows: &mut Vec<Row>) {
    let (tx, rx) = mpsc::channel();
    let engine = Engine::builder().kind(Stepper(Arc::new(Mutex::new(tx)))).build().unwrap();
    let mut rng = SmallRng::seed_from_u64(1);
    for (what, params) in [
        ("stepping every 100 µs (busy + checkpoint)", json!({"busy_us": 100})),
        ("sleeping 100 ms per step (ctx.sleep)", json!({"sleep_ms": 100})),
    ] {
        let mut took = Vec::with_capacity(config.cancels);
        for _ in 0..config.cancels {
            let id = engine.submit(JobSpec::new("stepper").params(params.clone())).unwrap();
            rx.recv_timeout(Duration::from_secs(10)).unwrap();
            std::thread::sleep(Duration::from_micros(rng.random_range(200..1500)));
            let t = Instant::now();
            engine.cancel(id).unwrap();
            assert!(engine.wait_idle(Duration::from_secs(10)));
            took.push(t.elapsed());
        }
        engine.clear_finished();
        let (p50, p99) = (percentile(&mut took, 0.50), percentile(&mut took, 0.99));
        let max = *took.last().unwrap();
        row(
            rows,
            "Cancel latency",
            format!("{what}: p50 / p99 / max over {}", took.len()),
            format!("{} / {} / {}", us(p50), us(p99), us(max)),
            format!("p99 ≤ 1 ms {}", if p99 <= Duration::from_millis(1) { "✓" } else { "✗" }),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Retry

/// Fails every time, sending when its body began and ended.
struct AlwaysFails(Arc<Mutex<mpsc::Sender<(Instant, Instant)>>>);

impl JobKind for AlwaysFails {
    fn info(&self) -> KindInfo {
        KindInfo::new("always-fails", "Always fails", "bench")
    }

    fn prepare(&self, _: &Params) -> jobdeck_engine::Result<JobFn> {
        let tx = self.0.lock().unwrap().clone();
        Ok(Box::new(move |_: &JobContext| {
            let began = Instant::now();
            let _ = tx.send((began, Instant::now()));
            Err(JobError::msg("planned"))
        }))
    }
}

/// The engine's own cost of a retry: with no backoff, from a failed attempt's body
/// returning to its retry's body starting (prepare, hold, the timer's release, a worker's
/// wake-up), one chain at a time.
fn retry_turnaround(config: &Config, rows: &mut Vec<Row>) {
    let (tx, rx) = mpsc::channel();
    let engine = Engine::builder().kind(AlwaysFails(Arc::new(Mutex::new(tx)))).build().unwrap();
    let chains = if config.quick { 50 } else { 200 };
    let mut took = Vec::with_capacity(chains * 10);
    for _ in 0..chains {
        engine.submit(JobSpec::new("always-fails").retries(10).backoff_s(0.0)).unwrap();
        let mut last_end = None;
        for _ in 0..11 {
            let (began, ended) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            if let Some(end) = last_end {
                took.push(began.duration_since(end));
            }
            last_end = Some(ended);
        }
        assert!(engine.wait_idle(Duration::from_secs(10)));
        engine.clear_finished();
    }
    let (p50, p99) = (percentile(&mut took, 0.50), percentile(&mut took, 0.99));
    row(
        rows,
        "Retry",
        format!("failed body → its retry's body, backoff 0: p50 / p99 over {}", took.len()),
        format!("{} / {}", us(p50), us(p99)),
        "",
    );
}

// ---------------------------------------------------------------------------------------
// Flood

/// The random walk's arithmetic and checkpoints without any reporting: the baseline.
struct SilentWalk;

impl JobKind for SilentWalk {
    fn info(&self) -> KindInfo {
        KindInfo::new("silent-walk", "Silent walk", "bench")
            .param(ParamSpec::integer("steps", "Steps", "").default(10_000))
    }
    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        let steps = params.u64("steps")?;
        let mut rng = SmallRng::from_rng(&mut rand::rng());
        Ok(Box::new(move |ctx: &JobContext| {
            let drift: i64 = rng.random_range(0..=10);
            let mut value = 0.0;
            for i in 0..steps {
                ctx.checkpoint()?;
                let noise: i64 = rng.random_range(0..=10);
                value += i as f64 * (drift - noise) as f64;
                black_box((i as f64, value));
            }
            Ok::<_, JobError>(json!({ "steps": steps, "last": value }))
        }))
    }
}

/// Reports `points` data points with no pause: to the default series (`series` = 0), or
/// round-robin to `series` named ones.
struct PointFlood;

impl JobKind for PointFlood {
    fn info(&self) -> KindInfo {
        KindInfo::new("point-flood", "Point flood", "bench")
            .param(ParamSpec::integer("points", "Points", "").default(10_000))
            .param(ParamSpec::integer("series", "Series", "").default(0).range(0.0, 16.0))
    }
    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        let points = params.u64("points")?;
        let names: Vec<String> = (0..params.u64("series")?).map(|i| format!("s{i}")).collect();
        Ok(Box::new(move |ctx: &JobContext| {
            for i in 0..points {
                let (x, y) = (i as f64, (i % 97) as f64);
                if names.is_empty() {
                    ctx.data(x, y);
                } else {
                    ctx.data_in(&names[i as usize % names.len()], x, y);
                }
            }
            Ok::<_, JobError>(json!(null))
        }))
    }
}

/// Logs `lines` lines of `text` with no pause, as a reader of `yes` would.
struct LineFlood;

impl JobKind for LineFlood {
    fn info(&self) -> KindInfo {
        KindInfo::new("line-flood", "Line flood", "bench")
            .param(ParamSpec::integer("lines", "Lines", "").default(1_000_000))
            .param(ParamSpec::string("text", "Text", "").default("y"))
    }
    fn prepare(&self, params: &Params) -> jobdeck_engine::Result<JobFn> {
        let lines = params.u64("lines")?;
        let text = params.str("text")?.to_owned();
        Ok(Box::new(move |ctx: &JobContext| {
            for _ in 0..lines {
                ctx.log_line(jobdeck_engine::LogStream::Stdout, &text);
            }
            Ok::<_, JobError>(json!(null))
        }))
    }
}

/// The cost of a data point to the default series and to named ones (the same flood as
/// `flood`'s, without the walk): 64 jobs at once, each reporting 10,000 points.
fn named_series(rows: &mut Vec<Row>) {
    const JOBS: usize = 64;
    const POINTS: u64 = 10_000;
    let title = "Series";
    let run = |series: u64| {
        let mut times = Vec::new();
        for _ in 0..5 {
            let meter = Arc::new(Meter::default());
            let engine =
                Engine::builder().max_concurrent(JOBS).kind(PointFlood).sink(meter.clone()).build().unwrap();
            let t = Instant::now();
            let spec = JobSpec::new("point-flood").params(json!({"points": POINTS, "series": series}));
            engine.submit_many(&spec, JOBS).unwrap();
            assert!(engine.wait_idle(Duration::from_secs(120)));
            times.push(t.elapsed());
            engine.shutdown(Duration::from_secs(10)).unwrap();
        }
        median(times)
    };
    let points = JOBS as u64 * POINTS;
    let per_point = |d: Duration| format!("{:.0} ns", d.as_secs_f64() * 1e9 / points as f64);
    row(rows, title, format!("{JOBS} jobs × {POINTS} points, no pause, limit {JOBS} (median of 5)"), "", "");
    let default = run(0);
    row(
        rows,
        title,
        "default series (data): wall time / per point",
        format!("{} / {}", ms(default), per_point(default)),
        "",
    );
    let named = run(4);
    row(
        rows,
        title,
        "4 named series round-robin (data_in): wall time / per point",
        format!("{} / {}", ms(named), per_point(named)),
        "close to the default",
    );
}

/// Log ingest: one job logging a million short lines as fast as it can, to the tail only and
/// to the tail and a log file.
fn log_ingest(rows: &mut Vec<Row>) {
    const LINES: u64 = 1_000_000;
    let title = "Log";
    let dir = std::env::temp_dir().join(format!("jobdeck-bench-logs-{}", std::process::id()));
    let run = |with_file: bool, text: &str| {
        let mut times = Vec::new();
        for _ in 0..3 {
            let mut builder = Engine::builder().kind(LineFlood);
            if with_file {
                builder = builder.log_dir(&dir);
            }
            let engine = builder.build().unwrap();
            let t = Instant::now();
            let id = engine
                .submit(JobSpec::new("line-flood").params(json!({"lines": LINES, "text": text})))
                .unwrap();
            assert!(engine.wait_idle(Duration::from_secs(120)));
            times.push(t.elapsed());
            let chunk = engine.log(id, 0).unwrap();
            assert_eq!(chunk.next, LINES);
            engine.shutdown(Duration::from_secs(10)).unwrap();
        }
        median(times)
    };
    let rate = |d: Duration, text: &str| {
        let s = d.as_secs_f64();
        format!(
            "{:.1} M lines/s, {:.0} MB/s",
            LINES as f64 / s / 1e6,
            LINES as f64 * (text.len() + 1) as f64 / s / 1e6
        )
    };
    row(rows, title, format!("1 job × {LINES} log_line calls, no pause (median of 3)"), "", "");
    for (text, label) in [("y", "`yes` lines (2 bytes)"), (&*"x".repeat(79), "80-byte lines")] {
        let tail = run(false, text);
        row(rows, title, format!("{label}, tail only"), rate(tail, text), "");
        let file = run(true, text);
        row(rows, title, format!("{label}, tail + file"), rate(file, text), "");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A sink that serializes every batch, as a UI bridge would, and keeps figures.
#[derive(Default)]
struct Meter {
    batches: AtomicUsize,
    largest: AtomicUsize,
    bytes: AtomicU64,
    points: AtomicU64,
    first: Mutex<Option<Instant>>,
    last: Mutex<Option<Instant>>,
    min_gap: Mutex<Option<Duration>>,
}

impl jobdeck_engine::EventSink for Meter {
    fn on_batch(&self, batch: &EventBatch) {
        let now = Instant::now();
        let json = serde_json::to_string(batch).unwrap();
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.largest.fetch_max(json.len(), Ordering::Relaxed);
        self.bytes.fetch_add(json.len() as u64, Ordering::Relaxed);
        self.points.fetch_add(batch.data.iter().map(|c| c.x.len() as u64).sum(), Ordering::Relaxed);
        self.first.lock().unwrap().get_or_insert(now);
        if let Some(prev) = self.last.lock().unwrap().replace(now) {
            let mut gap = self.min_gap.lock().unwrap();
            *gap = Some(gap.map_or(now - prev, |g| g.min(now - prev)));
        }
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn flood(rows: &mut Vec<Row>) {
    const JOBS: usize = 64;
    const STEPS: u64 = 10_000;
    let title = "Flood";
    let interval = jobdeck_engine::DEFAULT_FLUSH_INTERVAL;

    // Baseline first: the same walks without reporting.
    // All 64 at once: the most data per batch.
    let engine = Engine::builder().max_concurrent(JOBS).kind(SilentWalk).build().unwrap();
    let limit = engine.pool_status().max_concurrent;
    let mut silent = Vec::new();
    let mut loud = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        engine.submit_many(&JobSpec::new("silent-walk").params(json!({"steps": STEPS})), JOBS).unwrap();
        assert!(engine.wait_idle(Duration::from_secs(120)));
        silent.push(t.elapsed());
    }
    drop(engine);

    // Reset the peak-RSS mark (Linux), so VmHWM is this run's peak.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = rss_kib();
    let mut meter_last = None;
    for _ in 0..3 {
        let meter = Arc::new(Meter::default());
        let engine = Engine::builder().max_concurrent(JOBS).sink(meter.clone()).build().unwrap();
        let t = Instant::now();
        let spec = JobSpec::new("random-walk").params(json!({"steps": STEPS, "step_ms": 0}));
        engine.submit_many(&spec, JOBS).unwrap();
        assert!(engine.wait_idle(Duration::from_secs(120)));
        loud.push(t.elapsed());
        // Let the last regular batch out: the one shutdown publishes may come sooner.
        std::thread::sleep(interval * 4);
        engine.shutdown(Duration::from_secs(10)).unwrap();
        meter_last = Some((meter, t));
    }
    let peak = peak_rss_kib();
    let (meter, started) = meter_last.unwrap();
    let (silent, loud) = (median(silent), median(loud));
    let batches = meter.batches.load(Ordering::Relaxed);
    // The rate between the first and the last batch (the first comes as soon as work starts).
    let span = meter.last.lock().unwrap().unwrap() - meter.first.lock().unwrap().unwrap();
    let per_sec = (batches.saturating_sub(1)) as f64 / span.as_secs_f64().max(1e-9);
    let _ = started;
    let min_gap = meter.min_gap.lock().unwrap().unwrap_or_default();
    row(
        rows,
        title,
        format!("{JOBS} random-walk × {STEPS} progress+data reports, no sleep, limit {limit}"),
        format!("{} reports", JOBS as u64 * STEPS * 2),
        "",
    );
    row(
        rows,
        title,
        "batches the sink got / per second",
        format!("{batches} / {per_sec:.0} per s"),
        format!(
            "≤ {:.1} per s (1 per {} ms) {}",
            1.0 / interval.as_secs_f64(),
            interval.as_millis(),
            if per_sec <= 1.0 / interval.as_secs_f64() * 1.05 { "✓" } else { "✗" }
        ),
    );
    row(
        rows,
        title,
        "shortest gap between two batches",
        ms(min_gap),
        format!(
            "≥ {} ms {}",
            interval.as_millis(),
            if min_gap >= interval - Duration::from_micros(500) { "✓" } else { "✗" }
        ),
    );
    row(
        rows,
        title,
        "largest batch, serialized JSON",
        format!("{:.1} KiB", meter.largest.load(Ordering::Relaxed) as f64 / 1024.0),
        "bounded",
    );
    row(
        rows,
        title,
        "points delivered / reported",
        format!("{} / {}", meter.points.load(Ordering::Relaxed), JOBS as u64 * STEPS),
        "decimated past budget",
    );
    if let (Some(peak), Some(before)) = (peak, rss_before) {
        row(
            rows,
            title,
            "peak memory VmHWM (RSS before)",
            format!("{:.1} MiB ({:.1} MiB)", peak as f64 / 1024.0, before as f64 / 1024.0),
            "",
        );
    }
    row(rows, title, "wall time, reporting disabled (same walks)", ms(silent), "");
    row(rows, title, "wall time, reporting on", ms(loud), "");
    row(rows, title, "overhead ratio", format!("{:.2}", loud.as_secs_f64() / silent.as_secs_f64()), "");
    let reports = (JOBS as u64 * STEPS * 2) as f64;
    let per_report = loud.saturating_sub(silent).as_secs_f64() / reports;
    row(rows, title, "added wall time per report (all cores)", format!("{:.0} ns", per_report * 1e9), "");
}

// ---------------------------------------------------------------------------------------
// Command jobs

#[cfg(unix)]
mod command {
    use super::*;

    /// Commands per spawn-throughput run (quick mode: 200, GNU parallel alone takes ~7 s for
    /// 1,000 here), and the concurrency limit.
    const SPAWNS: usize = 1_000;
    const QUICK_SPAWNS: usize = 200;
    const LIMIT: usize = 2;

    fn on_path(program: &str) -> bool {
        std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
    }

    /// 1,000 `true` commands at limit 2: the engine, GNU parallel, and pueue when installed.
    pub(super) fn spawn_throughput(config: &Config, rows: &mut Vec<Row>) {
        let title = "Command spawn";
        let spawns = if config.quick { QUICK_SPAWNS } else { SPAWNS };
        let rate = |d: Duration| format!("{} ({:.0} commands/s)", ms(d), spawns as f64 / d.as_secs_f64());

        let engine = Engine::builder().max_concurrent(LIMIT).build().unwrap();
        let spec = JobSpec::new("command").params(json!({"command": "true"}));
        let t = Instant::now();
        engine.submit_many(&spec, spawns).unwrap();
        assert!(engine.wait_idle(Duration::from_secs(300)));
        let ours = t.elapsed();
        let failed = engine.snapshot().counts.failed;
        drop(engine);
        row(rows, title, format!("engine: {spawns} × `true`, limit {LIMIT}"), rate(ours), "faster than both");
        assert_eq!(failed, 0, "every `true` succeeded");

        if on_path("parallel") {
            let t = Instant::now();
            let status = std::process::Command::new("parallel")
                .args(["-j", &LIMIT.to_string(), "true", ":::"])
                .args((1..=spawns).map(|i| i.to_string()))
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap();
            let theirs = t.elapsed();
            assert!(status.success());
            let verdict = if ours < theirs { "✓" } else { "✗" };
            row(rows, title, format!("GNU parallel -j{LIMIT} true ::: 1..{spawns}"), rate(theirs), "");
            row(
                rows,
                title,
                "ratio engine / parallel",
                format!("{:.2}", ours.as_secs_f64() / theirs.as_secs_f64()),
                format!("< 1 {verdict}"),
            );
        } else {
            row(rows, title, "GNU parallel", "parallel: not installed", "");
        }
        if config.quick {
            row(rows, title, "pueue", "full bench only", "");
        } else if on_path("pueue") {
            pueue(rows, title, spawns, ours);
        } else {
            println!("pueue: not installed");
            row(rows, title, "pueue", "pueue: not installed", "");
        }
    }

    /// pueue needs its daemon: started in a scratch config folder, fed the commands, waited
    /// for, then shut down.
    fn pueue(rows: &mut Vec<Row>, title: &'static str, spawns: usize, ours: Duration) {
        let dir = std::env::temp_dir().join(format!("jobdeck-bench-pueue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("pueue.yml");
        std::fs::write(&config, format!("shared:\n  pueue_directory: {}\n", dir.display())).unwrap();
        let pueue = |args: &[&str]| {
            std::process::Command::new("pueue")
                .arg("--config")
                .arg(&config)
                .args(args)
                .stdout(std::process::Stdio::null())
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
        };
        let daemon = std::process::Command::new("pueued")
            .arg("--config")
            .arg(&config)
            .arg("--daemonize")
            .stderr(std::process::Stdio::null())
            .status();
        if !daemon.is_ok_and(|s| s.success()) || !pueue(&["parallel", &LIMIT.to_string()]) {
            row(rows, title, "pueue", "could not start pueued", "");
            return;
        }
        // One `pueue add` per command (how a user or a script queues them), then `pueue wait`.
        let t = Instant::now();
        for _ in 0..spawns {
            pueue(&["add", "--", "true"]);
        }
        let added = t.elapsed();
        pueue(&["wait"]);
        let theirs = t.elapsed();
        pueue(&["shutdown"]);
        let _ = std::fs::remove_dir_all(&dir);
        row(rows, title, format!("pueue: {spawns} × add, then wait, parallel {LIMIT}"), ms(theirs), "");
        row(rows, title, "  of which the adds", ms(added), "");
        let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
        let verdict = if ratio < 1.0 { "✓" } else { "✗" };
        row(rows, title, "ratio engine / pueue", format!("{ratio:.3}"), format!("< 1 {verdict}"));
    }

    /// Records the largest gap between two batches.
    #[derive(Default)]
    struct Gaps {
        last: Mutex<Option<Instant>>,
        max: Mutex<Duration>,
    }

    impl jobdeck_engine::EventSink for Gaps {
        fn on_batch(&self, _batch: &EventBatch) {
            let now = Instant::now();
            if let Some(prev) = self.last.lock().unwrap().replace(now) {
                let mut max = self.max.lock().unwrap();
                *max = (*max).max(now - prev);
            }
        }
    }

    /// `yes` for a few seconds: what the engine consumes, its peak memory, and whether a
    /// job beside it still gets its events on time.
    pub(super) fn yes_ingest(config: &Config, rows: &mut Vec<Row>) {
        let title = "Command output";
        let seconds = if config.quick { 2.0 } else { 5.0 };
        // Reset the peak-RSS mark (Linux: "5" in clear_refs), so VmHWM is this part's own.
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let before = rss_kib();
        let gaps = Arc::new(Gaps::default());
        let engine = Engine::builder().max_concurrent(2).sink(Arc::clone(&gaps)).build().unwrap();
        let flood = engine
            .submit(JobSpec::new("command").params(json!({"command": "yes", "timeout_s": seconds})))
            .unwrap();
        // Beside it: a job reporting every millisecond for the whole flood.
        let steps = (seconds * 1000.0) as u64;
        engine.submit(JobSpec::new("progress").params(json!({"steps": steps, "step_ms": 1}))).unwrap();
        let t = Instant::now();
        assert!(engine.wait_idle(Duration::from_secs(120)));
        let wall = t.elapsed();
        std::thread::sleep(Duration::from_millis(50));
        let job = engine.snapshot().jobs.into_iter().find(|j| j.id == flood).unwrap();
        let tail = engine.log(flood, 0).unwrap();
        let peak = peak_rss_kib();
        drop(engine);
        let lines = job.log_lines;
        let mb = lines as f64 * 2.0 / 1e6; // `yes` writes "y\n"
        row(
            rows,
            title,
            format!("`yes` for {seconds} s (timeout_s), beside a progress job"),
            format!("{lines} lines"),
            "",
        );
        row(
            rows,
            title,
            "consumed",
            format!("{:.1} MB/s ({:.1} M lines/s)", mb / seconds, lines as f64 / seconds / 1e6),
            "",
        );
        row(
            rows,
            title,
            "log tail kept (lines / dropped)",
            format!("{} / {}", tail.lines.len(), tail.dropped),
            "bounded",
        );
        if let (Some(peak), Some(before)) = (peak, before) {
            row(
                rows,
                title,
                if reset {
                    "peak memory VmHWM (RSS before)"
                } else {
                    "peak memory VmHWM, whole run (RSS before)"
                },
                format!("{:.1} MiB ({:.1} MiB)", peak as f64 / 1024.0, before as f64 / 1024.0),
                "bounded",
            );
        }
        let gap = *gaps.max.lock().unwrap();
        row(rows, title, "largest gap between batches during the flood", ms(gap), "≈ flush interval");
        row(rows, title, "wall time (flood + stop)", ms(wall), "");
    }
}
