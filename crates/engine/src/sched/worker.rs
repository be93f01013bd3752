//! The job pool's worker loop: take the next job when a slot is free, run it, record how it
//! ended.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use rayon::ThreadPool;

use super::{Queued, Shared};
use crate::job::Job;
use crate::kind::JobFn;
use crate::sync::{lock, wait};
use crate::{JobContext, JobError, Outcome};

/// Runs on every thread of the job pool, once, for the engine's whole life.
///
/// Each thread of the job pool runs exactly one of these loops (a rayon broadcast), so
/// rayon's own queues for that pool stay empty. That matters: a thread that waits inside
/// `compute().install(..)` keeps stealing work from *its own* pool while it waits, and
/// if job bodies were rayon tasks it could pick up and run another whole job on its stack,
/// leaving its own job stalled behind it. With one long-lived loop per thread there is
/// nothing to steal.
pub(crate) fn worker_loop(shared: &Shared) {
    let Some(compute) = lock(&shared.compute).clone() else { return };
    let thread = std::thread::current().id();
    let mut s = shared.sched();
    let mut just_ran = false;
    loop {
        if let Some(Queued { job, body }) = s.start_next() {
            drop(s);
            shared.signal.wake();
            let outcome = run(shared, &job, &compute, thread, body);
            let retry = shared.prepare_retry(&job, &outcome);
            s = shared.sched();
            if let Some(refused) = shared.finish(&mut s, &job, outcome, retry) {
                drop(s);
                drop(refused); // a caller's closure: dropped with no lock held
                s = shared.sched();
            }
            just_ran = true;
            continue;
        }
        if just_ran {
            shared.signal.wake(); // for the Finished event just recorded
        }
        if s.shutting_down {
            return;
        }
        if just_ran && s.spinning < s.limit.min(shared.max_spinners) {
            // A thread that just finished a job is likely to be needed again at once (jobs
            // submitted one by one, in a stream): stay awake a moment instead of paying a
            // futex sleep and wake-up per job. Submitters skip the wake-up for spinners;
            // every decision about who takes what is still made under the lock. At most
            // cores - 1 threads spin, so a submitting thread always keeps a core.
            just_ran = false;
            s.spinning += 1;
            let epoch = shared.work_epoch.load(Ordering::Acquire);
            drop(s);
            spin_until(|| shared.work_epoch.load(Ordering::Acquire) != epoch);
            s = shared.sched();
            s.spinning -= 1;
            continue;
        }
        just_ran = false;
        s.sleeping_workers += 1;
        s = wait(&shared.work, s);
        s.sleeping_workers -= 1;
    }
}

/// How long a worker that just finished a job keeps looking for the next one before it
/// sleeps. About the cost of one futex sleep and wake-up pair plus a context switch.
const SPIN_FOR: Duration = Duration::from_micros(50);

/// Spins (yielding the CPU, which matters when there are fewer cores than busy threads)
/// until `done` or [`SPIN_FOR`] has passed.
fn spin_until(done: impl Fn() -> bool) {
    let start = Instant::now();
    for round in 0u32.. {
        if done() {
            return;
        }
        // The clock is read every 8th round: it costs as much as the check itself.
        if round % 8 == 7 && start.elapsed() > SPIN_FOR {
            return;
        }
        std::thread::yield_now();
    }
}

/// Runs one job body inside `catch_unwind`: whatever it does, the job gets an outcome and
/// the thread survives.
fn run(shared: &Shared, job: &Arc<Job>, compute: &ThreadPool, thread: ThreadId, body: JobFn) -> Outcome {
    let ctx = JobContext::new(job, shared, compute, thread);
    let ended = catch_unwind(AssertUnwindSafe(|| body(&ctx)));
    // Before the job is reported finished, so that its log file is complete by then.
    if let Some(warning) = job.close_log() {
        shared.warn(&warning);
    }
    match ended {
        Ok(Ok(result)) => Outcome::Succeeded { result },
        Ok(Err(JobError::Cancelled)) => Outcome::Cancelled,
        Ok(Err(JobError::Failed(message))) => Outcome::Failed { message, panicked: false },
        Err(payload) => {
            let message = panic_message(&*payload);
            // Dropping a payload can itself panic; that must not take the worker down either.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            Outcome::Failed { message, panicked: true }
        }
    }
}

/// The text of a panic: its message when it is a string, a placeholder otherwise.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "the job panicked with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn panic_messages_are_read_from_str_and_string_payloads() {
        let p = std::panic::catch_unwind(|| {
            std::panic::resume_unwind(Box::new("plain"));
        })
        .unwrap_err();
        assert_eq!(super::panic_message(&*p), "plain");
        let p = std::panic::catch_unwind(|| std::panic::resume_unwind(Box::new(format!("n = {}", 3))))
            .unwrap_err();
        assert_eq!(super::panic_message(&*p), "n = 3");
        let p = std::panic::catch_unwind(|| std::panic::resume_unwind(Box::new(42u8))).unwrap_err();
        assert!(super::panic_message(&*p).contains("non-text"));
    }
}
