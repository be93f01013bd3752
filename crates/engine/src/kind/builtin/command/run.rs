//! One command job from spawn to outcome, on the job thread.
//!
//! Three helper threads, scoped so they may borrow the context: a **waiter** blocked until the
//! leader exits (`process::wait_exit`), and a **reader** per stream (`output`). Each tells the
//! job thread through a channel and wakes it with the job's waker; the job thread **parks**
//! (no polling) and, between parks, passes `checkpoint_with` with SIGSTOP / SIGCONT of the
//! group as its pause hooks. It wakes on its own only for a timeout or a held-back status.
//!
//! Ends:
//! - the leader exits: whatever is left of its group is killed (a background child or a
//!   grandchild that kept the pipe open cannot hold the job), the readers drain the pipes
//!   (a process that left the group and keeps one open gets [`READERS_GRACE`], then the
//!   readers stop), the leader is reaped, its status becomes the outcome;
//! - cancel (Stop, or the engine shutting down) or timeout: SIGCONT, then SIGTERM to the
//!   group; when the leader has exited and both pipes are closed, or after
//!   [`KILL_GRACE`](super::KILL_GRACE), SIGKILL to the group.

use std::cell::Cell;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use serde_json::{json, Value};

use super::output::{Output, Recent};
use super::process::{describe_signal, wait_exit, Tree, KILL_GRACE};
use super::reader::StopSignal;
use super::spec::Invocation;
use super::status::STATUS_EVERY;
use crate::{JobContext, JobError, LogStream};

/// What the helper threads tell the job thread.
enum Note {
    /// The leader exited (it is a zombie until reaped).
    Exited,
    /// A reader reached the end of its pipe.
    ReaderDone,
}

/// Why the job thread stopped waiting.
#[derive(Debug, PartialEq, Eq)]
enum End {
    Exited,
    Cancelled,
    TimedOut,
}

/// How long the job thread parks when nothing else bounds it (a wake ends it earlier).
const IDLE_PARK: Duration = Duration::from_secs(3600);

/// How long the output pipes may stay open once the group is dead (held by a process that
/// left the group): then the readers are stopped and the job ends.
const READERS_GRACE: Duration = Duration::from_secs(1);

/// Runs `inv` to its outcome.
pub(super) fn run(ctx: &JobContext<'_>, inv: &Invocation) -> Result<Value, JobError> {
    let started = Instant::now();
    let (mut tree, stdout, stderr) = Tree::spawn(inv)
        .map_err(|e| JobError::Failed(format!("could not start {}: {e}", inv.program.display())))?;
    let output = Output::new(ctx, inv.format, started);
    let stop = StopSignal::new().map_err(|e| JobError::Failed(format!("could not make a pipe: {e}")))?;
    let (tx, rx) = channel();
    let waker = &ctx.waker();
    let (end, out_recent, err_recent) = std::thread::scope(|scope| {
        let pid = tree.pid();
        let notify = |tx: std::sync::mpsc::Sender<Note>, note: Note| {
            let _ = tx.send(note);
            waker.wake();
        };
        let t = tx.clone();
        scope.spawn(move || {
            wait_exit(pid);
            notify(t, Note::Exited);
        });
        let (output, stop, t) = (&output, &stop, tx.clone());
        let out = scope.spawn(move || {
            let recent = output.read(stdout, LogStream::Stdout, stop, waker);
            notify(t, Note::ReaderDone);
            recent
        });
        let t = tx;
        let err = scope.spawn(move || {
            let recent = output.read(stderr, LogStream::Stderr, stop, waker);
            notify(t, Note::ReaderDone);
            recent
        });
        // Whatever happens below (a panic included), the group is killed and the readers
        // are stopped before the scope joins the threads, so none of them can block on it.
        let cleanup = Cleanup { tree: &tree, stop };
        let mut progress = Progress::default();
        let end = supervise(ctx, &tree, &rx, inv, output, &mut progress);
        if end != End::Exited {
            terminate(&tree, &rx, &mut progress);
        }
        // Whatever is left of the group goes; the pipes close as it dies (only a process that
        // left the group can keep one open).
        tree.signal(Signal::SIGKILL);
        let until = Instant::now() + READERS_GRACE;
        while progress.readers_done < 2 {
            match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(note) => progress.note(note),
                Err(_) => break,
            }
        }
        drop(cleanup); // stops the readers that still wait
        let recent = |h: std::thread::ScopedJoinHandle<'_, Recent>| h.join().unwrap_or_default();
        (end, recent(out), recent(err))
    });
    output.status.flush(ctx, true);
    let status = tree.reap().map_err(|e| JobError::Failed(format!("could not wait for the program: {e}")))?;
    let seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let last_stderr = err_recent.last().map(str::to_owned);
    match end {
        End::Cancelled => Err(JobError::Cancelled),
        End::TimedOut => Err(JobError::Failed(format!("timed out after {} s", inv.timeout_s.unwrap_or(0.0)))),
        End::Exited => outcome(status, seconds, last_stderr, Recent::merge(out_recent, err_recent)),
    }
}

/// What the job thread has heard so far.
#[derive(Debug, Default)]
struct Progress {
    exited: bool,
    readers_done: u8,
}

impl Progress {
    fn note(&mut self, note: Note) {
        match note {
            Note::Exited => self.exited = true,
            Note::ReaderDone => self.readers_done += 1,
        }
    }

    /// The leader exited and both pipes are closed: nothing of the group is left that we
    /// could see.
    fn all_done(&self) -> bool {
        self.exited && self.readers_done >= 2
    }
}

/// Waits for the leader to exit, a cancel, or the timeout; pauses the group on request.
fn supervise(
    ctx: &JobContext<'_>,
    tree: &Tree,
    rx: &Receiver<Note>,
    inv: &Invocation,
    output: &Output<'_, '_>,
    progress: &mut Progress,
) -> End {
    // Paused time does not count towards the timeout.
    let paused = Cell::new(Duration::ZERO);
    let paused_at = Cell::new(None::<Instant>);
    let started = Instant::now();
    loop {
        while let Ok(note) = rx.try_recv() {
            progress.note(note);
        }
        if progress.exited {
            return End::Exited;
        }
        output.status.flush(ctx, false);
        let hooks = ctx.checkpoint_with(
            || {
                tree.signal(Signal::SIGSTOP);
                paused_at.set(Some(Instant::now()));
            },
            || {
                tree.signal(Signal::SIGCONT);
                if let Some(at) = paused_at.take() {
                    paused.set(paused.get() + at.elapsed());
                }
            },
        );
        if hooks.is_err() {
            return End::Cancelled;
        }
        let mut wait = IDLE_PARK;
        if let Some(timeout) = inv.timeout {
            let ran = started.elapsed().saturating_sub(paused.get());
            if ran >= timeout {
                return End::TimedOut;
            }
            wait = wait.min(timeout - ran);
        }
        if output.status.is_pending() {
            wait = wait.min(STATUS_EVERY);
        }
        if ctx.park(wait).is_err() {
            return End::Cancelled;
        }
    }
}

/// SIGTERM to the group; SIGKILL once it is done or after the grace; returns when the leader
/// has exited.
fn terminate(tree: &Tree, rx: &Receiver<Note>, progress: &mut Progress) {
    tree.signal(Signal::SIGCONT); // a stopped process cannot act on SIGTERM
    tree.signal(Signal::SIGTERM);
    let until = Instant::now() + KILL_GRACE;
    while !progress.all_done() {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(note) => progress.note(note),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
    tree.signal(Signal::SIGKILL);
    while !progress.exited {
        match rx.recv() {
            Ok(note) => progress.note(note),
            Err(_) => return,
        }
    }
}

/// Kills the group and stops the readers when dropped.
struct Cleanup<'t> {
    tree: &'t Tree,
    stop: &'t StopSignal,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        self.tree.signal(Signal::SIGKILL);
        self.stop.stop();
    }
}

/// The job's outcome from the leader's exit status.
fn outcome(
    status: std::process::ExitStatus,
    seconds: f64,
    last_stderr: Option<String>,
    last_lines: Vec<String>,
) -> Result<Value, JobError> {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(0), _) => Ok(json!({ "exitCode": 0, "seconds": seconds, "lastLines": last_lines })),
        (Some(code), _) => Err(JobError::Failed(match last_stderr {
            Some(line) => format!("exited with status {code}: {line}"),
            None => format!("exited with status {code}"),
        })),
        (None, Some(signal)) => Err(JobError::Failed(describe_signal(signal))),
        (None, None) => Err(JobError::Failed(format!("ended with {status}"))),
    }
}
