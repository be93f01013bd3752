//! The timer thread: releases held retries into the queue when their time comes.

use super::Shared;
use crate::sync::{deadline, wait, wait_until};

/// Runs on the `jobdeck-timer` thread for the engine's whole life.
///
/// It sleeps on `Shared::timer` until the earliest held job's `runnable_at` (never polling:
/// a new held job, a manual clock's advance or shutdown wakes it early), moves every due job
/// into the queue, and wakes workers for those that can start, so a retry whose time comes
/// while a slot is free starts at once.
pub(crate) fn timer_loop(shared: &Shared) {
    let mut s = shared.sched();
    loop {
        if s.shutting_down {
            return;
        }
        let now = shared.clock.now_ms();
        let runnable = s.release_due(now);
        if runnable > 0 {
            let wake = shared.work_added(&s, runnable);
            drop(s);
            shared.wake_workers(wake);
            s = shared.sched();
            continue;
        }
        s = match s.next_due().and_then(|at| shared.clock.real_wait(at, now)) {
            Some(wait_for) => wait_until(&shared.timer, s, deadline(wait_for)).0,
            // Nothing held, or a manual clock (its advance wakes us).
            None => wait(&shared.timer, s),
        };
    }
}
