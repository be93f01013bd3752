//! The time retries are held by: the system's, or a test's hand-driven clock.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::Shared;
use crate::sync::{lock, now_ms};

/// The clock the engine holds retries by, in milliseconds since the Unix epoch (the unit of
/// every timestamp in [`JobInfo`](crate::JobInfo)).
#[derive(Clone)]
pub(crate) enum Clock {
    /// The wall time when the engine started plus the monotonic time since: it reads like
    /// the other timestamps, yet a wall-clock step (NTP, a suspended laptop's resync) neither
    /// fires nor stalls a held retry.
    System { epoch_ms: u64, start: Instant },
    /// A test's clock, which only moves when told to.
    Manual(Arc<ManualClock>),
}

impl Clock {
    pub(crate) fn system() -> Self {
        Clock::System { epoch_ms: now_ms(), start: Instant::now() }
    }

    pub(crate) fn now_ms(&self) -> u64 {
        match self {
            Clock::System { epoch_ms, start } => epoch_ms + start.elapsed().as_millis() as u64,
            Clock::Manual(clock) => clock.now_ms(),
        }
    }

    /// How long to wait in real time for the clock to reach `at`, from `now`; `None` for a
    /// manual clock, which wakes the timer itself when it is advanced.
    pub(crate) fn real_wait(&self, at: u64, now: u64) -> Option<Duration> {
        match self {
            Clock::System { .. } => Some(Duration::from_millis(at.saturating_sub(now))),
            Clock::Manual(_) => None,
        }
    }

    /// Lets the clock wake `shared`'s timer when it moves.
    pub(crate) fn attach(&self, shared: &Arc<Shared>) {
        if let Clock::Manual(clock) = self {
            lock(&clock.engines).push(Arc::downgrade(shared));
        }
    }
}

/// A clock for tests of retry backoff: it starts at the current wall time and moves only by
/// [`advance`](Self::advance), so a test checks delays without sleeping through them. Give
/// it to an engine with [`EngineBuilder::manual_clock`](crate::EngineBuilder::manual_clock).
/// Only the holding of retries follows it; events keep real timestamps.
#[doc(hidden)]
pub struct ManualClock {
    now: Mutex<u64>,
    /// The engines to wake when it moves.
    engines: Mutex<Vec<Weak<Shared>>>,
}

impl std::fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualClock").field("now_ms", &self.now_ms()).finish_non_exhaustive()
    }
}

impl ManualClock {
    /// A clock reading the current wall time, in milliseconds since the Unix epoch.
    pub fn new() -> Arc<Self> {
        Arc::new(ManualClock { now: Mutex::new(now_ms()), engines: Mutex::new(Vec::new()) })
    }

    /// What it reads, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> u64 {
        *lock(&self.now)
    }

    /// Moves it forward by `by` (whole milliseconds) and lets its engines release the
    /// retries that are now due.
    pub fn advance(&self, by: Duration) {
        *lock(&self.now) += by.as_millis() as u64;
        let engines: Vec<_> = lock(&self.engines).iter().filter_map(Weak::upgrade).collect();
        for shared in engines {
            shared.wake_timer();
        }
    }
}
