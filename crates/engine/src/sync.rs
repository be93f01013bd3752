//! Lock helpers shared by the engine's modules.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Locks `mutex`, ignoring poisoning.
///
/// No engine lock is ever held while user code (a job body, a kind's `prepare`, the sink)
/// runs, and every critical section leaves its data consistent before it can panic, so a
/// poisoned lock carries no broken invariant: going on is correct, and it keeps one bad job
/// from taking the whole engine down with it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `cv` (see [`lock`] for why poisoning is ignored).
pub(crate) fn wait<'a, T>(cv: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(guard).unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `cv` until `deadline` at the latest; returns the guard and whether the deadline
/// has passed.
pub(crate) fn wait_until<'a, T>(
    cv: &Condvar,
    guard: MutexGuard<'a, T>,
    deadline: Instant,
) -> (MutexGuard<'a, T>, bool) {
    let now = Instant::now();
    if now >= deadline {
        return (guard, true);
    }
    let (guard, _) = cv.wait_timeout(guard, deadline - now).unwrap_or_else(PoisonError::into_inner);
    (guard, Instant::now() >= deadline)
}

/// `now + timeout`, saturating far in the future instead of overflowing.
pub(crate) fn deadline(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout).unwrap_or_else(|| now + Duration::from_secs(60 * 60 * 24 * 365))
}

/// Milliseconds since the Unix epoch, for event timestamps.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
