//! How producers tell the flusher there is something to publish, without a lock on their
//! hot path.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use crate::sync::{lock, wait, wait_until};

/// The flusher's doorbell.
///
/// Invariant: a producer first records its change under a lock the flusher also takes to
/// collect (the scheduler lock for lifecycle events, the dirty-list lock for reports), then
/// calls [`wake`](Self::wake). The flusher clears `hint` *before* it collects. So either the
/// flusher's collection sees the change, or the producer's `wake` sees `hint == false` and
/// rings: no change is ever left unpublished, and while the flusher is busy anyway (hint
/// already true) a producer pays one relaxed atomic load.
pub(crate) struct FlushSignal {
    hint: AtomicBool,
    state: Mutex<State>,
    cv: Condvar,
}

struct State {
    pending: bool,
    stop: bool,
}

/// What the flusher should do next.
pub(crate) enum Next {
    Flush,
    Stop,
}

impl FlushSignal {
    pub(crate) fn new() -> Self {
        FlushSignal {
            hint: AtomicBool::new(false),
            state: Mutex::new(State { pending: false, stop: false }),
            cv: Condvar::new(),
        }
    }

    /// Tells the flusher that something changed.
    #[inline]
    pub(crate) fn wake(&self) {
        if !self.hint.load(Ordering::Relaxed) && !self.hint.swap(true, Ordering::AcqRel) {
            self.ring();
        }
    }

    /// Asks for another flush regardless of the hint (the flusher has carry-over).
    pub(crate) fn ring(&self) {
        lock(&self.state).pending = true;
        self.cv.notify_one();
    }

    /// Called by the flusher right before it collects.
    pub(crate) fn clear_hint(&self) {
        self.hint.store(false, Ordering::SeqCst);
    }

    /// Asks the flusher to publish what is left and exit.
    pub(crate) fn stop(&self) {
        lock(&self.state).stop = true;
        self.cv.notify_one();
    }

    /// Blocks until there is something to flush and `not_before` has passed, or until stop.
    pub(crate) fn wait(&self, not_before: Instant) -> Next {
        let mut state = lock(&self.state);
        loop {
            if state.stop {
                return Next::Stop;
            }
            if state.pending {
                if Instant::now() >= not_before {
                    state.pending = false;
                    return Next::Flush;
                }
                state = wait_until(&self.cv, state, not_before).0;
            } else {
                state = wait(&self.cv, state);
            }
        }
    }
}
