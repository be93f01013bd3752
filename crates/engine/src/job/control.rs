//! The control word a running job shares with the engine: cancel and pause requests, and
//! wake-ups for a job parked on something outside the engine.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::sync::{lock, wait, wait_until};

const CANCEL: u8 = 1;
const PAUSE: u8 = 2;
/// A [`JobWaker`](crate::JobWaker) woke the job: consumed by the next [`Control::park`]. Not a
/// request, so [`Control::any`] ignores it and `checkpoint` stays fast.
const WAKE: u8 = 4;
/// The bits that are requests a checkpoint acts on.
const REQUESTS: u8 = CANCEL | PAUSE;

/// Cancel and pause requests for one job, with a way for the job to sleep or wait on them,
/// and a wake-up bit for [`park`](Self::park).
///
/// Invariants: `flags` is written only while `lock` is held (by the scheduler's cancel,
/// pause and resume requests in `sched/lifecycle.rs`, and by
/// [`CancelToken::cancel`](crate::CancelToken::cancel)), and every write is followed by
/// `notify_all` on `cv`; it is read without the lock on the job's hot path. A waiter checks
/// `flags` with `lock` held before it waits, so no request can slip between its check and its
/// wait: a sleeping or paused job wakes as soon as a request is made, never at the end of a
/// poll interval. `CANCEL`, once set, is never cleared; `WAKE` is cleared only by `park`.
pub(crate) struct Control {
    flags: AtomicU8,
    lock: Mutex<()>,
    cv: Condvar,
}

/// How a [`Control::sleep`] ended.
pub(crate) enum SleepEnd {
    /// The whole duration passed.
    Slept,
    /// A request arrived; this much of the sleep was left.
    Interrupted(Duration),
}

impl Control {
    pub(crate) fn new() -> Self {
        Control { flags: AtomicU8::new(0), lock: Mutex::new(()), cv: Condvar::new() }
    }

    /// True when any request (cancel or pause) is pending: the hot path's only check. A
    /// pending wake-up is not a request.
    #[inline]
    pub(crate) fn any(&self) -> bool {
        self.flags.load(Ordering::Acquire) & REQUESTS != 0
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.flags.load(Ordering::Acquire) & CANCEL != 0
    }

    pub(crate) fn is_pause_requested(&self) -> bool {
        self.flags.load(Ordering::Acquire) & PAUSE != 0
    }

    pub(crate) fn cancel(&self) {
        self.update(|f| f | CANCEL);
    }

    /// Asks for a pause; false when one was already requested.
    pub(crate) fn request_pause(&self) -> bool {
        self.update(|f| f | PAUSE) & PAUSE == 0
    }

    /// Withdraws a pause request; false when there was none.
    pub(crate) fn clear_pause(&self) -> bool {
        self.update(|f| f & !PAUSE) & PAUSE != 0
    }

    /// Wakes the job's current or next [`park`](Self::park).
    pub(crate) fn wake(&self) {
        self.update(|f| f | WAKE);
    }

    /// Applies `change` to the flags under the lock and wakes every waiter; returns the old flags.
    fn update(&self, change: impl Fn(u8) -> u8) -> u8 {
        let _guard = lock(&self.lock);
        let old = self.flags.load(Ordering::Acquire);
        let new = change(old);
        if new != old {
            self.flags.store(new, Ordering::Release);
            self.cv.notify_all();
        }
        old
    }

    /// Blocks while a pause is requested; returns true if it ended because of a cancel.
    pub(crate) fn wait_while_paused(&self) -> bool {
        let mut guard = lock(&self.lock);
        loop {
            let flags = self.flags.load(Ordering::Acquire);
            if flags & CANCEL != 0 {
                return true;
            }
            if flags & PAUSE == 0 {
                return false;
            }
            guard = wait(&self.cv, guard);
        }
    }

    /// Sleeps for `duration` unless a request arrives first. With `pause_wakes` false only a
    /// cancel interrupts (used off the job's own thread, where a pause is not honoured).
    pub(crate) fn sleep(&self, duration: Duration, pause_wakes: bool) -> SleepEnd {
        let mask = if pause_wakes { CANCEL | PAUSE } else { CANCEL };
        let deadline = crate::sync::deadline(duration);
        let mut guard = lock(&self.lock);
        loop {
            if self.flags.load(Ordering::Acquire) & mask != 0 {
                return SleepEnd::Interrupted(deadline.saturating_duration_since(Instant::now()));
            }
            let (g, timed_out) = wait_until(&self.cv, guard, deadline);
            guard = g;
            if timed_out && self.flags.load(Ordering::Acquire) & mask == 0 {
                return SleepEnd::Slept;
            }
        }
    }

    /// Waits until woken, `timeout`, a cancel, or (with `pause_wakes`) a pause request; a
    /// wake-up is consumed. Returns true if it ended because of a cancel.
    pub(crate) fn park(&self, timeout: Duration, pause_wakes: bool) -> bool {
        let mask = if pause_wakes { REQUESTS } else { CANCEL };
        let deadline = crate::sync::deadline(timeout);
        let mut guard = lock(&self.lock);
        loop {
            let flags = self.flags.load(Ordering::Acquire);
            if flags & CANCEL != 0 {
                return true;
            }
            if flags & WAKE != 0 {
                // Under the lock, like every write of the flags.
                self.flags.store(flags & !WAKE, Ordering::Release);
                return false;
            }
            if flags & mask != 0 {
                return false;
            }
            let (g, timed_out) = wait_until(&self.cv, guard, deadline);
            guard = g;
            if timed_out {
                return self.flags.load(Ordering::Acquire) & CANCEL != 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn cancel_wins_over_pause_and_wakes_a_paused_waiter() {
        let control = Arc::new(Control::new());
        assert!(control.request_pause());
        assert!(!control.request_pause(), "a second pause request changes nothing");
        let c = control.clone();
        let waiter = std::thread::spawn(move || c.wait_while_paused());
        std::thread::sleep(Duration::from_millis(20));
        control.cancel();
        assert!(waiter.join().unwrap(), "the wait ends because of the cancel");
        assert!(control.is_cancelled() && control.any());
    }

    #[test]
    fn a_wake_is_no_request_and_is_consumed_by_one_park() {
        let control = Control::new();
        control.wake();
        assert!(!control.any(), "checkpoint's check ignores a wake-up");
        assert!(!control.park(Duration::from_secs(30), true), "returns at once, not cancelled");
        let start = Instant::now();
        assert!(!control.park(Duration::from_millis(20), true), "consumed: this one times out");
        assert!(start.elapsed() >= Duration::from_millis(20));
        control.wake();
        assert!(matches!(control.sleep(Duration::from_millis(5), true), SleepEnd::Slept), "sleep ignores it");
        control.request_pause();
        assert!(!control.park(Duration::from_secs(30), true));
        control.cancel();
        assert!(control.park(Duration::from_secs(30), false), "cancel wins");
    }

    #[test]
    fn sleep_is_interrupted_at_once_and_reports_what_was_left() {
        let control = Arc::new(Control::new());
        let c = control.clone();
        let sleeper = std::thread::spawn(move || {
            let start = Instant::now();
            let end = c.sleep(Duration::from_secs(30), true);
            (start.elapsed(), end)
        });
        std::thread::sleep(Duration::from_millis(20));
        control.request_pause();
        let (took, end) = sleeper.join().unwrap();
        assert!(took < Duration::from_secs(5), "woke after {took:?}");
        match end {
            SleepEnd::Interrupted(left) => assert!(left > Duration::from_secs(20)),
            SleepEnd::Slept => panic!("a pause request must interrupt the sleep"),
        }
        // Off the job's thread a pause does not interrupt; the sleep runs out.
        assert!(matches!(control.sleep(Duration::from_millis(5), false), SleepEnd::Slept));
        assert!(control.clear_pause() && !control.clear_pause());
    }
}
