//! The history's benchmark: what the sink costs the engine, writer throughput, dispatch
//! with and without history, open and query times with 100,000 stored jobs, FTS5 against
//! LIKE, and memory. Prints a table; asserts nothing.
//!
//! ```text
//! cargo bench -p jobdeck-history --bench history                          # full run
//! JOBDECK_BENCH_QUICK=1 cargo bench -p jobdeck-history --bench history    # fewer repetitions
//! JOBDECK_BENCH_ONLY=stored cargo bench -p jobdeck-history --bench history # one part
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jobdeck_engine::{
    Aggregate, Counts, Engine, EventBatch, EventSink, JobId, JobInfo, JobSpec, JobState, LifecycleEvent,
    Outcome, PoolStatus, Priority, ProgressUpdate, SeriesChunk, DEFAULT_SERIES,
};
use jobdeck_history::{History, HistoryState, JobFilter, Selection};
use serde_json::{json, Value};

/// Jobs stored for the open and query figures (the issue's size).
const STORED: u64 = 100_000;

struct Config {
    quick: bool,
    /// Repetitions of each timed query (the median is printed).
    reps: usize,
    dispatch_reps: usize,
}

fn main() {
    let quick = std::env::var_os("JOBDECK_BENCH_QUICK").is_some_and(|v| v != "0")
        || std::env::args().any(|a| a == "--quick");
    let config = if quick {
        Config { quick, reps: 5, dispatch_reps: 1 }
    } else {
        Config { quick, reps: 25, dispatch_reps: 3 }
    };
    println!(
        "Jobdeck history benchmark ({} profile, {} cores, {} mode)\n",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if config.quick { "quick" } else { "full" }
    );
    let root = std::env::temp_dir().join(format!("jobdeck-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let mut rows = Vec::new();
    // JOBDECK_BENCH_ONLY=sink,dispatch,stored runs some parts (`stored`: writing 100,000
    // jobs, then open, queries and deletion on them).
    let only = std::env::var("JOBDECK_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p == part);
    if run("sink") {
        sink_cost(&root, &mut rows);
    }
    if run("dispatch") {
        dispatch(&root, &config, &mut rows);
    }
    if run("stored") {
        let dir = populate(&root, &mut rows);
        open_time(&root, &dir, &config, &mut rows);
        queries(&dir, &config, &mut rows);
        deletion(&dir, &mut rows);
    }
    row(&mut rows, "Memory", "peak RSS of the whole bench (VmHWM)", kib(peak_rss_kib()), "");
    print_table(&rows);
    std::fs::remove_dir_all(&root).ok();
}

// ---------------------------------------------------------------------------------------
// Table and helpers

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
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn kib(k: Option<u64>) -> String {
    k.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median of `reps` runs of `f` (after one untimed warm-up run).
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    median(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn goal(d: Duration, limit_ms: f64) -> String {
    format!("≤ {limit_ms} ms {}", if d.as_secs_f64() * 1e3 <= limit_ms { "✓" } else { "✗" })
}

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

fn rss_kib() -> Option<u64> {
    status_kib("VmRSS:")
}

fn open_quietly(dir: &Path) -> History {
    History::builder(dir).background_check(None).open().unwrap().0
}

// ---------------------------------------------------------------------------------------
// Synthetic jobs, as the engine reports them

fn batch(
    seq: u64,
    lifecycle: Vec<LifecycleEvent>,
    progress: Vec<ProgressUpdate>,
    data: Vec<SeriesChunk>,
) -> EventBatch {
    EventBatch {
        seq,
        lifecycle,
        progress,
        data,
        pool: PoolStatus {
            max_concurrent: 2,
            default_max_concurrent: 2,
            job_threads: 64,
            compute_threads: 2,
        },
        counts: Counts::default(),
        aggregate: Aggregate::default(),
    }
}

fn info(kind: &str, params: Value, submitted_at: u64) -> JobInfo {
    JobInfo {
        id: JobId::new(),
        ordinal: 0,
        kind: kind.into(),
        params,
        priority: Priority::Normal,
        state: JobState::Queued,
        done: 0,
        total: 0,
        status: None,
        submitted_at,
        started_at: None,
        finished_at: None,
        outcome: None,
        series: Vec::new(),
        log_lines: 0,
        attempt: 1,
        max_attempts: 1,
        retry_of: None,
        backoff_s: jobdeck_engine::DEFAULT_BACKOFF_S,
        runnable_at: None,
    }
}

/// A series' x and y.
type Points = (Vec<f64>, Vec<f64>);

/// Job `i` of a realistic mix: the built-in kinds with their parameters, results and
/// failures (one in twelve fails with "division by zero"), every sixth with a 500-point series.
fn realistic(i: u64, at: u64) -> (JobInfo, Outcome, Option<Points>) {
    let r = i.wrapping_mul(2654435761) % 1000;
    match i % 6 {
        0 => (
            info("progress", json!({"steps": 1 + r * 5, "step_ms": 10}), at),
            Outcome::Succeeded { result: json!({"steps": 1 + r * 5}) },
            None,
        ),
        1 if (i / 6).is_multiple_of(2) => (
            info("ratio", json!({"iterations": 30 + r % 20, "step_ms": 50}), at),
            Outcome::Failed { message: "division by zero at n = 30".into(), panicked: false },
            None,
        ),
        1 => (
            info("ratio", json!({"iterations": 10 + r % 20, "step_ms": 50}), at),
            Outcome::Succeeded { result: json!({"number": r % 20, "value": 2.0 / (30.0 - (r % 20) as f64)}) },
            None,
        ),
        2 => {
            let x: Vec<f64> = (0..500).map(f64::from).collect();
            let y: Vec<f64> = x.iter().map(|x| (x * 0.05 + r as f64).sin() * 40.0).collect();
            let last = *y.last().unwrap();
            (
                info("random-walk", json!({"steps": 500, "step_ms": 5 + r % 45}), at),
                Outcome::Succeeded { result: json!({"steps": 500, "last": last}) },
                Some((x, y)),
            )
        }
        3 => (
            info("monte-carlo-pi", json!({"samples": 50_000_000, "chunk": 1_000_000}), at),
            Outcome::Succeeded {
                result: json!({"pi": std::f64::consts::PI + r as f64 * 1e-6, "absError": r as f64 * 1e-6}),
            },
            None,
        ),
        4 => (
            info("hash-files", json!({"folder": format!("/home/user/data/set-{}", r % 300)}), at),
            Outcome::Succeeded {
                result: json!({"files": r, "bytes": r * 104_729, "manifest": format!("/tmp/manifest-{i}.json"), "unreadable": 0}),
            },
            None,
        ),
        _ => (info("noop", json!({}), at), Outcome::Succeeded { result: Value::Null }, None),
    }
}

// ---------------------------------------------------------------------------------------
// What the sink costs the engine's flusher

fn sink_cost(root: &Path, rows: &mut Vec<Row>) {
    let title = "Sink (engine's flusher thread)";
    let dir = root.join("sink");
    let history = open_quietly(&dir);
    let sink = history.sink();
    // The largest batch the engine makes: 16,384 lifecycle events (BATCH_LIFECYCLE_BUDGET).
    let big: Vec<EventBatch> = (0..10)
        .map(|k| {
            let events = (0..jobdeck_engine::BATCH_LIFECYCLE_BUDGET as u64)
                .map(|i| LifecycleEvent::Queued {
                    job: info("progress", json!({"steps": i, "step_ms": 10}), k * 100_000 + i),
                })
                .collect();
            batch(k + 1, events, Vec::new(), Vec::new())
        })
        .collect();
    let clone = median(
        big.iter()
            .map(|b| {
                let t = Instant::now();
                black_box(b.clone());
                t.elapsed()
            })
            .collect(),
    );
    let on_batch = median(
        big.iter()
            .map(|b| {
                let t = Instant::now();
                sink.on_batch(b);
                t.elapsed()
            })
            .collect(),
    );
    row(rows, title, "on_batch, 16,384 queued jobs (largest batch)", us(on_batch), "");
    row(rows, title, "  for reference: EventBatch::clone of it", us(clone), "");
    // A typical batch while 64 jobs stream: 64 progress updates and 64 chunks of 128 points.
    let ids: Vec<JobId> = (0..64).map(|_| JobId::new()).collect();
    let typical: Vec<EventBatch> = (0..50)
        .map(|k| {
            let progress =
                ids.iter().map(|&id| ProgressUpdate { id, done: k, total: 1000, status: None }).collect();
            let data = ids
                .iter()
                .map(|&id| SeriesChunk {
                    id,
                    series: DEFAULT_SERIES.into(),
                    x: vec![k as f64; 128],
                    y: vec![1.0; 128],
                    decimated: true,
                })
                .collect();
            batch(100 + k, Vec::new(), progress, data)
        })
        .collect();
    let on_typical = median(
        typical
            .iter()
            .map(|b| {
                let t = Instant::now();
                sink.on_batch(b);
                t.elapsed()
            })
            .collect(),
    );
    row(rows, title, "on_batch, 64 streaming jobs (64 × 128 points)", us(on_typical), "");
    history.sync().unwrap();
    history.close();
}

// ---------------------------------------------------------------------------------------
// Dispatch with and without history

fn dispatch(root: &Path, config: &Config, rows: &mut Vec<Row>) {
    let title = "Dispatch (engine bench's figure)";
    let n = 100_000;
    let plain = Engine::builder().build().unwrap();
    let threads = plain.pool_status().max_concurrent as usize;
    let raw_pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let dir = root.join("dispatch");
    let history = open_quietly(&dir);
    // Every job of every round is kept (the default retention would trim to 100,000).
    history.set_retention(jobdeck_history::Retention { max_jobs: None, max_age_days: None }).unwrap();
    let recorded = Engine::builder().sink(history.sink()).build().unwrap();
    let noop = JobSpec::new("noop");
    let (mut raw, mut without, mut with, mut catch_up) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for rep in 0..=config.dispatch_reps {
        let t = Instant::now();
        let (tx, rx) = mpsc::channel();
        for i in 0..n {
            let tx = tx.clone();
            raw_pool.spawn_fifo(move || tx.send(black_box(i)).unwrap());
        }
        drop(tx);
        assert_eq!(rx.iter().count(), n);
        let raw_t = t.elapsed();

        let t = Instant::now();
        plain.submit_many(&noop, n).unwrap();
        assert!(plain.wait_idle(Duration::from_secs(120)));
        let without_t = t.elapsed();
        plain.clear_finished();

        let t = Instant::now();
        recorded.submit_many(&noop, n).unwrap();
        assert!(recorded.wait_idle(Duration::from_secs(120)));
        let with_t = t.elapsed();
        recorded.clear_finished();
        // The history is behind by then (the engine's flusher still carries events, the
        // writer has batches queued): how long until every job is on disk.
        let t = Instant::now();
        let expected = (rep as u64 + 1) * n as u64;
        while history.count(&JobFilter::new()).unwrap() < expected {
            std::thread::sleep(Duration::from_millis(5));
            history.sync().unwrap();
        }
        let catch_up_t = t.elapsed();
        if rep > 0 {
            raw.push(raw_t);
            without.push(without_t);
            with.push(with_t);
            catch_up.push(catch_up_t);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (raw, without, with) = (median(raw), median(without), median(with));
    let rate = |d: Duration| format!("{} ({:.2} M jobs/s)", ms(d), n as f64 / d.as_secs_f64() / 1e6);
    row(rows, title, format!("raw rayon spawn_fifo + channel, {n} jobs"), rate(raw), "");
    row(rows, title, format!("engine submit_many({n}), no history"), rate(without), "");
    row(rows, title, format!("engine submit_many({n}), history sink"), rate(with), "");
    for (label, d) in [("ratio without history / raw", without), ("ratio with history / raw", with)] {
        let ratio = d.as_secs_f64() / raw.as_secs_f64();
        row(
            rows,
            title,
            label,
            format!("{ratio:.2}"),
            format!("≤ 2.0 {}", if ratio <= 2.0 { "✓" } else { "✗" }),
        );
    }
    row(rows, title, "  then, until the history has every job on disk", ms(median(catch_up)), "");
    let stored = history.count(&JobFilter::new()).unwrap();
    row(
        rows,
        title,
        "jobs recorded",
        stored.to_string(),
        format!("= {}", n as u64 * (config.dispatch_reps as u64 + 1)),
    );
    history.close();
    std::fs::remove_dir_all(&dir).ok();
}

// ---------------------------------------------------------------------------------------
// Writing 100,000 realistic jobs through the writer

fn populate(root: &Path, rows: &mut Vec<Row>) -> PathBuf {
    let title = "Writer";
    let dir = root.join("stored");
    let history = open_quietly(&dir);
    let sink = history.sink();
    let t0 = 1_700_000_000_000u64;
    let rss_before = rss_kib();
    // As the engine reports a steady stream: each batch queues 500 jobs, starts the previous
    // 500 and finishes the 500 before (with their series): three commits per job.
    const B: u64 = 500;
    let mut pending: Vec<Vec<(JobInfo, Outcome, Option<Points>)>> = Vec::new();
    let start = Instant::now();
    let mut seq = 0;
    let mut i = 0;
    while i < STORED || !pending.is_empty() {
        let mut lifecycle = Vec::new();
        let mut data = Vec::new();
        if i < STORED {
            let jobs: Vec<_> = (i..(i + B).min(STORED)).map(|k| realistic(k, t0 + k * 1000)).collect();
            lifecycle.extend(jobs.iter().map(|(j, _, _)| LifecycleEvent::Queued { job: j.clone() }));
            pending.push(jobs);
            i += B;
        }
        if pending.len() >= 2 || (i >= STORED && !pending.is_empty()) {
            let n = pending.len();
            for (j, _, _) in &pending[n - 2.min(n)] {
                lifecycle.push(LifecycleEvent::Started { id: j.id, at: j.submitted_at + 10 });
            }
        }
        if pending.len() >= 3 || (i >= STORED && !pending.is_empty()) {
            let done = pending.remove(0);
            for (j, outcome, series) in done {
                if let Some((x, y)) = series {
                    data.push(SeriesChunk {
                        id: j.id,
                        series: DEFAULT_SERIES.into(),
                        x,
                        y,
                        decimated: false,
                    });
                }
                lifecycle.push(LifecycleEvent::Finished { id: j.id, at: j.submitted_at + 500, outcome });
            }
        }
        seq += 1;
        sink.on_batch(&batch(seq, lifecycle, Vec::new(), data));
    }
    let handed = start.elapsed();
    history.sync().unwrap();
    let total = start.elapsed();
    let rss_after = rss_kib();
    row(rows, title, format!("{STORED} realistic jobs, 3 commits each, through the sink"), ms(total), "");
    row(
        rows,
        title,
        "  throughput (queued → finished, with series)",
        format!("{:.0} jobs/s", STORED as f64 / total.as_secs_f64()),
        "",
    );
    row(rows, title, "  of which handing batches to the sink", ms(handed), "");
    row(
        rows,
        title,
        "  RSS growth while writing them",
        kib(rss_after.zip(rss_before).map(|(a, b)| a.saturating_sub(b))),
        "",
    );
    // The same jobs folded into one commit each (queued, started and finished in one batch,
    // as fast jobs are).
    let folded_dir = root.join("folded");
    let folded = open_quietly(&folded_dir);
    let sink = folded.sink();
    let n = STORED / 4;
    let start = Instant::now();
    for (k, chunk) in (0..n).collect::<Vec<_>>().chunks(5000).enumerate() {
        let mut lifecycle = Vec::new();
        for &i in chunk {
            let (j, outcome, _) = realistic(i, t0 + i);
            let id = j.id;
            lifecycle.push(LifecycleEvent::Queued { job: j });
            lifecycle.push(LifecycleEvent::Started { id, at: t0 + i });
            lifecycle.push(LifecycleEvent::Finished { id, at: t0 + i + 1, outcome });
        }
        sink.on_batch(&batch(k as u64 + 1, lifecycle, Vec::new(), Vec::new()));
    }
    folded.sync().unwrap();
    let d = start.elapsed();
    row(
        rows,
        title,
        format!("{n} quick jobs, one commit each (folded)"),
        format!("{:.0} jobs/s", n as f64 / d.as_secs_f64()),
        "",
    );
    folded.close();
    std::fs::remove_dir_all(&folded_dir).ok();
    // The same without the search index's triggers: what FTS5 costs the writer.
    let bare = open_quietly(&folded_dir);
    rusqlite::Connection::open(folded_dir.join(jobdeck_history::DB_FILE_NAME))
        .unwrap()
        .execute_batch("DROP TRIGGER jobs_search_insert; DROP TRIGGER jobs_search_update; DROP TRIGGER jobs_search_delete;")
        .unwrap();
    let sink = bare.sink();
    let start = Instant::now();
    for (k, chunk) in (0..n).collect::<Vec<_>>().chunks(5000).enumerate() {
        let mut lifecycle = Vec::new();
        for &i in chunk {
            let (j, outcome, _) = realistic(i, t0 + i);
            let id = j.id;
            lifecycle.push(LifecycleEvent::Queued { job: j });
            lifecycle.push(LifecycleEvent::Started { id, at: t0 + i });
            lifecycle.push(LifecycleEvent::Finished { id, at: t0 + i + 1, outcome });
        }
        sink.on_batch(&batch(k as u64 + 1, lifecycle, Vec::new(), Vec::new()));
    }
    bare.sync().unwrap();
    let d = start.elapsed();
    row(
        rows,
        title,
        "  the same without the search index (what FTS5 costs)",
        format!("{:.0} jobs/s", n as f64 / d.as_secs_f64()),
        "",
    );
    bare.close();
    std::fs::remove_dir_all(&folded_dir).ok();

    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len()) as f64 / 1e6;
    let wal = size("history.sqlite3-wal");
    history.close();
    let db = size("history.sqlite3");
    row(
        rows,
        title,
        format!("file size, {STORED} jobs (1 in 6 with a 500-point series)"),
        format!("{db:.1} MB"),
        "",
    );
    row(rows, title, "  WAL file while open (cut to 32 MiB at checkpoints)", format!("{wal:.1} MB"), "");
    let conn = rusqlite::Connection::open(dir.join(jobdeck_history::DB_FILE_NAME)).unwrap();
    let mb = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as f64 / 1e6;
    let series =
        mb("SELECT sum(pgsize) FROM dbstat WHERE name = 'series' OR name LIKE 'sqlite_autoindex_series%'");
    let search = mb("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'jobs_search%'");
    row(rows, title, "  of which series / search index", format!("{series:.1} / {search:.1} MB"), "");
    dir
}

// ---------------------------------------------------------------------------------------
// Open

fn open_time(root: &Path, dir: &Path, config: &Config, rows: &mut Vec<Row>) {
    let title = "Open";
    let empty_dir = root.join("empty");
    open_quietly(&empty_dir).close();
    let reps = config.reps.min(10);
    let empty = time(reps, || open_quietly(&empty_dir).close());
    let full = time(reps, || open_quietly(dir).close());
    // Open plus what the window does first: the first page and the count.
    let first_frame = time(reps, || {
        let h = open_quietly(dir);
        black_box(h.page(&JobFilter::new(), None, 50).unwrap());
        black_box(h.count(&JobFilter::new()).unwrap());
        h.close();
    });
    row(rows, title, "open + close, empty history", ms(empty), "");
    row(rows, title, format!("open + close, {STORED} jobs"), ms(full), "");
    let growth = full.saturating_sub(empty);
    row(rows, title, "  growth over empty", ms(growth), goal(growth, 100.0));
    row(rows, title, format!("open + first page + count + close, {STORED} jobs"), ms(first_frame), "");
    let conn = rusqlite::Connection::open(dir.join(jobdeck_history::DB_FILE_NAME)).unwrap();
    let check = time(3, || conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)).unwrap());
    row(rows, title, "PRAGMA quick_check (why it runs in the background)", ms(check), "");
    std::fs::remove_dir_all(&empty_dir).ok();
}

// ---------------------------------------------------------------------------------------
// Queries, FTS5 against LIKE

fn queries(dir: &Path, config: &Config, rows: &mut Vec<Row>) {
    let title = "Query (100,000 jobs)";
    let rss_before = rss_kib();
    let history = open_quietly(dir);
    let reps = config.reps;
    let all = JobFilter::new();
    let page = |f: &JobFilter| time(reps, || history.page(f, None, 50).unwrap());
    let count = |f: &JobFilter| time(reps, || history.count(f).unwrap());

    let first = page(&all);
    row(rows, title, "first page (50, newest first)", ms(first), goal(first, 50.0));
    // Deep: walk to about 90,000 jobs down, then time that page.
    let mut cursor = None;
    for _ in 0..(STORED * 9 / 10 / 1000) {
        cursor = history.page(&all, cursor.as_ref(), 1000).unwrap().next;
    }
    let deep = time(reps, || history.page(&all, cursor.as_ref(), 50).unwrap());
    row(rows, title, "deep page (50, ~90,000 down, by cursor)", ms(deep), goal(deep, 50.0));
    let hit = JobFilter::new().search("division");
    let hits = history.count(&hit).unwrap();
    let d = page(&hit);
    row(rows, title, format!("search hit \"division\" ({hits} jobs), first page"), ms(d), goal(d, 50.0));
    let d = count(&hit);
    row(rows, title, "search hit \"division\", count", ms(d), goal(d, 50.0));
    let common = JobFilter::new().search("steps");
    let commons = history.count(&common).unwrap();
    let d = page(&common);
    row(
        rows,
        title,
        format!("search common word \"steps\" ({commons} jobs), first page"),
        ms(d),
        goal(d, 50.0),
    );
    let d = count(&common);
    row(rows, title, "search common word \"steps\", count", ms(d), goal(d, 50.0));
    let miss = JobFilter::new().search("zzqxv");
    let d = page(&miss);
    row(rows, title, "search miss \"zzqxv\"", ms(d), goal(d, 50.0));
    let failed = JobFilter::new().state(HistoryState::Failed);
    let d = page(&failed);
    row(rows, title, "filter state = failed, first page", ms(d), goal(d, 50.0));
    let d = count(&failed);
    row(rows, title, "filter state = failed, count", ms(d), goal(d, 50.0));
    let mixed = JobFilter::new()
        .state(HistoryState::Succeeded)
        .state(HistoryState::Failed)
        .kind("random-walk")
        .kind("progress")
        .submitted_between(1_700_000_000_000 + 20_000_000, 1_700_000_000_000 + 60_000_000);
    let d = page(&mixed);
    row(rows, title, "filter 2 states × 2 kinds × date range, first page", ms(d), goal(d, 50.0));
    let d = page(&JobFilter::new().search("fail ratio").kind("ratio"));
    row(rows, title, "search \"fail ratio\" + kind, first page", ms(d), goal(d, 50.0));
    let d = count(&all);
    row(rows, title, "count all", ms(d), goal(d, 50.0));
    let some = history.page(&all, None, 1).unwrap().jobs[0].id;
    let d = time(reps, || history.series(some).unwrap());
    row(rows, title, "one job's series", ms(d), "");
    let rss_after = rss_kib();
    row(
        rows,
        "Memory",
        "RSS growth: open the 100,000-job history and run all queries",
        kib(rss_after.zip(rss_before).map(|(a, b)| a.saturating_sub(b))),
        "flat",
    );
    history.close();

    // LIKE, the alternative: the same text as the index, scanned row by row.
    let conn = rusqlite::Connection::open(dir.join(jobdeck_history::DB_FILE_NAME)).unwrap();
    let text = "(kind || ' ' || params || ' ' || coalesce(message, '') || ' ' || coalesce(result, ''))";
    let like_page = |word: &str| {
        let sql = format!("SELECT id, kind, params, result, message FROM jobs WHERE {text} LIKE ?1 ORDER BY submitted_at DESC, seq DESC LIMIT 51");
        let pattern = format!("%{word}%");
        time(reps, || {
            let mut stmt = conn.prepare_cached(&sql).unwrap();
            stmt.query_map([&pattern], |r| r.get::<_, String>(0)).unwrap().count()
        })
    };
    let like_count = |word: &str| {
        let sql = format!("SELECT count(*) FROM jobs WHERE {text} LIKE ?1");
        let pattern = format!("%{word}%");
        time(reps, || conn.query_row(&sql, [&pattern], |r| r.get::<_, i64>(0)).unwrap())
    };
    let title = "FTS5 vs LIKE (100,000 jobs)";
    let fts = [page(&hit), count(&hit), page(&common), count(&common), page(&miss)];
    let like = [
        like_page("division"),
        like_count("division"),
        like_page("steps"),
        like_count("steps"),
        like_page("zzqxv"),
    ];
    for (k, label) in
        ["hit, first page", "hit, count", "common word, first page", "common word, count", "miss"]
            .iter()
            .enumerate()
    {
        row(
            rows,
            title,
            format!("{label}: FTS5 / LIKE"),
            format!("{} / {}", ms(fts[k]), ms(like[k])),
            format!("≤ 50 ms: {} / {}", ok(fts[k]), ok(like[k])),
        );
    }
}

fn ok(d: Duration) -> &'static str {
    if d <= Duration::from_millis(50) {
        "✓"
    } else {
        "✗"
    }
}

// ---------------------------------------------------------------------------------------
// Deleting

fn deletion(dir: &Path, rows: &mut Vec<Row>) {
    let history = open_quietly(dir);
    let t = Instant::now();
    let n = history.delete_older_than(1_700_000_000_000 + 10_000 * 1000).unwrap();
    row(rows, "Delete", format!("delete the oldest {n} jobs (series, search index)"), ms(t.elapsed()), "");
    let t = Instant::now();
    let n = history.delete(&Selection::Matching { filter: JobFilter::new().search("division") }).unwrap();
    row(rows, "Delete", format!("delete a search's {n} jobs"), ms(t.elapsed()), "");
    history.close();
}
