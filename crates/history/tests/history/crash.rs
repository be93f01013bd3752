//! The child is this same test binary, re-run with `JOBDECK_HISTORY_CRASH_CHILD` set to a
//! folder: its `child_process` test then runs the real engine with the history's sink,
//! submitting jobs without end, and prints what it knows is committed. The parent kills it
//! with SIGKILL at a random moment, reopens the folder and checks.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jobdeck_engine::{Engine, EventBatch, EventSink, JobId, JobSpec, LifecycleEvent, Outcome};
use jobdeck_history::{History, HistoryState};
use serde_json::json;

use crate::util::{assert_intact, raw, TempDir};

const CHILD_ENV: &str = "JOBDECK_HISTORY_CRASH_CHILD";

/// What the child prints, one per line, once it is committed:
/// `Q <id>` queued, `S <id>` started, `F <id> <outcome JSON>` finished.
#[test]
fn child_process() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return; // run as a normal test: nothing to do (this is the crash test's child)
    };
    let (history, _) = History::builder(&dir).background_check(None).open().unwrap();
    // What passed through the sink, recorded *after* the history's sink took it, so that a
    // sync() that starts after we read it covers it.
    let seen: Arc<Mutex<Vec<LifecycleEvent>>> = Arc::default();
    let sink = history.sink();
    let log = seen.clone();
    let engine = Engine::builder()
        .max_concurrent(8)
        .sink(move |batch: &EventBatch| {
            sink.on_batch(batch);
            log.lock().unwrap().extend(batch.lifecycle.iter().cloned());
        })
        .build()
        .unwrap();
    let mut out = std::io::stdout().lock();
    let mut paused = None;
    for round in 0u64.. {
        // A mix: quick successes, failures (ratio fails at n = 30), series, slow ones that
        // are running at the kill, one paused now and then (a paused job keeps its slot, so
        // it is resumed soon), and more submitted than run, so the queue never drains.
        for i in 0..6 {
            let spec = match (round + i) % 6 {
                0 | 4 => JobSpec::new("progress").params(json!({"steps": 20, "step_ms": 1})),
                1 => JobSpec::new("ratio").params(json!({"iterations": 25 + (round + i) % 10, "step_ms": 0})),
                2 | 5 => JobSpec::new("random-walk").params(json!({"steps": 200, "step_ms": 0})),
                _ => JobSpec::new("progress").params(json!({"steps": 100, "step_ms": 5})),
            };
            engine.submit(spec).unwrap();
        }
        match (round % 8, paused.take()) {
            (3, None) => {
                let snapshot = engine.snapshot();
                paused =
                    snapshot.jobs.iter().find(|j| j.state == jobdeck_engine::JobState::Running).map(|j| j.id);
                if let Some(id) = paused {
                    let _ = engine.pause(id);
                }
            }
            (7, Some(id)) => {
                let _ = engine.resume(id);
            }
            (_, p) => paused = p,
        }
        std::thread::sleep(Duration::from_millis(10));
        let events = std::mem::take(&mut *seen.lock().unwrap());
        history.sync().unwrap();
        for e in events {
            match e {
                LifecycleEvent::Queued { job } => writeln!(out, "Q {}", job.id),
                LifecycleEvent::Started { id, .. } => writeln!(out, "S {id}"),
                LifecycleEvent::Finished { id, outcome, .. } => {
                    writeln!(out, "F {id} {}", serde_json::to_string(&outcome).unwrap())
                }
                _ => Ok(()),
            }
            .unwrap();
        }
        out.flush().unwrap();
    }
}

/// What the child said was committed.
#[derive(Default)]
struct Confirmed {
    queued: HashSet<JobId>,
    started: HashSet<JobId>,
    finished: HashMap<JobId, Outcome>,
}

/// Runs the child on `dir`, kills it once it has confirmed `min_finished` finished jobs
/// plus a random delay, and returns what it confirmed.
fn run_and_kill(dir: &TempDir, min_finished: usize, extra_delay: Duration) -> Confirmed {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash::child_process", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let confirmed = Arc::new(Mutex::new(Confirmed::default()));
    let reader = {
        let confirmed = confirmed.clone();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let mut parts = line.splitn(3, ' ');
                let (Some(tag), Some(id)) = (parts.next(), parts.next()) else { continue };
                let Ok(id) = id.parse::<JobId>() else { continue }; // libtest's own lines
                let mut c = confirmed.lock().unwrap();
                match tag {
                    "Q" => {
                        c.queued.insert(id);
                    }
                    "S" => {
                        c.started.insert(id);
                    }
                    "F" => {
                        c.finished.insert(id, serde_json::from_str(parts.next().unwrap()).unwrap());
                    }
                    _ => {}
                }
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while confirmed.lock().unwrap().finished.len() < min_finished {
        assert!(Instant::now() < deadline, "the child confirmed too little");
        assert!(child.try_wait().unwrap().is_none(), "the child exited early");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(extra_delay);
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no last commit
    child.wait().unwrap();
    reader.join().unwrap();
    Arc::try_unwrap(confirmed).ok().unwrap().into_inner().unwrap()
}

#[test]
fn kill_9_mid_write_loses_nothing_committed_and_interrupts_the_rest() {
    // A cheap random source for the kill moments (printed, to replay a failure).
    let mut seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    eprintln!("crash test seed {seed}");
    for run in 0..5 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_millis((seed >> 33) % 60);
        let dir = TempDir::new("crash");
        let confirmed = run_and_kill(&dir, 20 + run * 10, delay);

        let (history, report) = History::builder(dir.path()).background_check(None).open().unwrap();
        assert!(report.moved_aside.is_none(), "run {run}: a killed writer never damages the file");
        assert_intact(&dir);

        // Every job the child saw committed as finished is there, with its outcome.
        for (id, outcome) in &confirmed.finished {
            let job =
                history.job(*id).unwrap().unwrap_or_else(|| panic!("run {run}: finished job {id} lost"));
            assert_eq!(job.state, HistoryState::from(outcome.state()), "run {run}: {id}");
            assert_eq!(job.outcome.as_ref(), Some(outcome), "run {run}: {id}");
            // A finished walk's whole series was committed with its end.
            if job.kind == "random-walk" {
                let series = history.series(*id).unwrap();
                assert_eq!(series[0].x.len(), 200, "run {run}: {id}");
                if let Outcome::Succeeded { result } = outcome {
                    assert_eq!(result["last"].as_f64(), series[0].y.last().copied());
                }
            }
        }
        // Every job confirmed queued is there; nothing is left unfinished; nothing twice.
        for id in &confirmed.queued {
            assert!(history.job(*id).unwrap().is_some(), "run {run}: queued job {id} lost");
        }
        let conn = raw(&dir);
        let unfinished: i64 = conn
            .query_row("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running', 'paused')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(unfinished, 0);
        let (rows, ids): (i64, i64) = conn
            .query_row("SELECT count(*), count(DISTINCT id) FROM jobs", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(rows, ids);
        assert!(rows as usize >= confirmed.queued.len());
        let dup_series: i64 = conn
            .query_row(
                "SELECT count(*) FROM (SELECT job, name FROM series GROUP BY job, name HAVING count(*) > 1)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(dup_series, 0);

        // The interrupted: never a job confirmed finished; the queued ones offered back
        // had not started.
        let interrupted: i64 = conn
            .query_row("SELECT count(*) FROM jobs WHERE state = 'interrupted'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(report.interrupted, interrupted as u64);
        assert!(interrupted > 0, "run {run}: the child always has jobs running and queued");
        let mut stmt = conn.prepare("SELECT id FROM jobs WHERE state = 'interrupted'").unwrap();
        for id in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            let id: JobId = id.unwrap().parse().unwrap();
            assert!(!confirmed.finished.contains_key(&id), "run {run}: {id} finished, yet interrupted");
        }
        assert!(!report.queued_at_exit.is_empty(), "run {run}: the queue never drains");
        for q in &report.queued_at_exit {
            assert!(!confirmed.started.contains(&q.id) && !confirmed.finished.contains_key(&q.id));
            assert_eq!(history.job(q.id).unwrap().unwrap().interrupted_from, Some(HistoryState::Queued));
        }
        eprintln!(
            "run {run}: killed after {} ms extra with {} finished confirmed; {rows} rows, {interrupted} interrupted, {} offered back",
            delay.as_millis(),
            confirmed.finished.len(),
            report.queued_at_exit.len()
        );
        history.close();
    }
}
