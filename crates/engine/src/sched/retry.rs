//! Automatic retry: what follows a failed attempt, and when.
//!
//! An attempt that ends `Failed` (an error or a panic; never a cancel, nor a job whose
//! cancel was requested, nor during shutdown) with attempts left is followed by a new job:
//! same kind, parameters and priority, the next attempt number, `retry_of` the failed job,
//! held until its delay has passed (see [`retry_delay`]). Its body is prepared on the failed
//! attempt's thread right after that body returned, with no engine lock held (a kind's
//! `prepare` is user code); then, in one critical section, the retry is queued (held) and
//! the failed attempt finished, so no batch shows the chain broken, and the engine never
//! looks idle between the two. A held job is `Queued`; the timer thread (`timer.rs`) moves
//! it into the queue when its time comes.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use super::worker::panic_message;
use super::{Queued, Shared};
use crate::job::Job;
use crate::sync::now_ms;
use crate::Outcome;
use crate::MAX_BACKOFF_S;

/// The delay before the attempt after failed attempt `failed` (1-based):
/// `min(backoff_s × 2^(failed−1) × jitter, 3600 s)`, `jitter` in `[0.5, 1.5)`.
pub(crate) fn retry_delay(backoff_s: f64, failed: u32, jitter: f64) -> Duration {
    let exponent = failed.saturating_sub(1).min(63) as i32;
    let seconds = (backoff_s * 2f64.powi(exponent) * jitter).min(MAX_BACKOFF_S);
    Duration::from_secs_f64(seconds.max(0.0))
}

/// A jitter factor drawn uniformly from `[0.5, 1.5)`.
fn jitter() -> f64 {
    0.5 + rand::random::<f64>()
}

impl Shared {
    /// The retry that follows `job` ending with `outcome`, if one does: a new job and its
    /// body, held until its delay has passed. Runs the kind's `prepare`, so call it with no
    /// engine lock held. A retry that cannot be prepared (the kind refuses its parameters
    /// now, or panics) is not made; the engine warns.
    pub(super) fn prepare_retry(&self, job: &Arc<Job>, outcome: &Outcome) -> Option<Queued> {
        if !matches!(outcome, Outcome::Failed { .. })
            || !job.attempt.has_next()
            || job.control.is_cancelled()
            || self.is_shutting_down()
        {
            return None;
        }
        let prepared = catch_unwind(AssertUnwindSafe(|| {
            let entry = self.kinds.get(&job.kind)?;
            let (params, _) = entry.params(&job.params)?;
            entry.kind.prepare(&params)
        }));
        let body = match prepared {
            Ok(Ok(body)) => body,
            Ok(Err(e)) => {
                self.warn(&format!("job {} failed and cannot be retried: {e}", job.id));
                return None;
            }
            Err(payload) => {
                let message = panic_message(&*payload);
                let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
                self.warn(&format!(
                    "job {} failed and cannot be retried: prepare panicked: {message}",
                    job.id
                ));
                return None;
            }
        };
        let delay = retry_delay(job.attempt.backoff_s, job.attempt.number, jitter());
        let runnable_at = self.clock.now_ms() + delay.as_millis() as u64;
        let next = Job::new(
            Arc::clone(&job.kind),
            Arc::clone(&job.params),
            job.priority,
            now_ms(),
            job.attempt.next(job.id, runnable_at),
        );
        Some(Queued { job: Arc::new(next), body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_per_attempt_within_the_jitter_and_is_capped_at_an_hour() {
        assert_eq!(retry_delay(1.0, 1, 1.0), Duration::from_secs(1));
        assert_eq!(retry_delay(1.0, 2, 1.0), Duration::from_secs(2));
        assert_eq!(retry_delay(1.0, 4, 1.0), Duration::from_secs(8));
        assert_eq!(retry_delay(2.0, 3, 0.5), Duration::from_secs(4));
        assert_eq!(retry_delay(2.0, 3, 1.5), Duration::from_secs(12));
        assert_eq!(retry_delay(3600.0, 10, 1.4), Duration::from_secs(3600));
        assert_eq!(retry_delay(0.0, 10, 1.4), Duration::ZERO);
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.5..1.5).contains(&j), "{j}");
        }
    }
}
