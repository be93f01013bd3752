//! How much one batch and one job's store may hold: every size bound of the publishing side
//! in one place, so their relations (a share never above the per-job budget, the pending
//! buffer a multiple of it) can be read together.

/// Most points the engine stores per series of a job (see [`Engine::series`](crate::Engine::series)).
///
/// Past this, the store halves its resolution: every two stored buckets merge into one that
/// keeps only its lowest and highest point, and later points are bucketed at the new width.
/// So the store never holds more than this many points, every point ever reported has been
/// seen by a bucket, and each bucket's extremes (peaks, dips) survive.
pub const SERIES_CAP: usize = 20_000;

/// The series a job reports to when it names none ([`JobContext::data`](crate::JobContext::data)).
pub const DEFAULT_SERIES: &str = "value";

/// Most named series per job. Points for further names are dropped (counted, and reported
/// once per job through [`on_warning`](crate::EngineBuilder::on_warning)), so a job that
/// makes up names cannot grow its store without bound.
pub const SERIES_PER_JOB_CAP: usize = 16;

/// Longest series name, in characters (a name must have at least one). Points for a longer
/// name are dropped like those over [`SERIES_PER_JOB_CAP`].
pub const SERIES_NAME_MAX: usize = 64;

/// Most data points of one job's series in one [`EventBatch`](crate::EventBatch); more are decimated
/// to each bucket's min and max (the chunk's `decimated` is then true).
pub const BATCH_DATA_BUDGET: usize = 512;

/// Most data points of all jobs together in one [`EventBatch`](crate::EventBatch). When more
/// series report at once than fit, each series' chunk is min/max-decimated to an even share of
/// it (never below [`BATCH_DATA_MIN_SHARE`]), so a burst of many jobs cannot make a message
/// larger than a plot can show: 64 jobs streaming at once get 128 points each per batch
/// instead of up to 512 (32,768 in all). The store behind
/// [`Engine::series`](crate::Engine::series) keeps its full resolution either way.
pub const BATCH_POINTS_BUDGET: usize = 8_192;

/// The fewest points a job's chunk is cut to by [`BATCH_POINTS_BUDGET`]: 16 min/max pairs,
/// so a line keeps its shape however many jobs report in the same batch.
pub const BATCH_DATA_MIN_SHARE: usize = 32;

/// Most not-yet-published points kept per series of a job between two batches (a stalled sink cannot
/// make them grow without bound); past it they are min/max-decimated like the store.
pub(crate) const PENDING_CAP: usize = 8 * BATCH_DATA_BUDGET;

/// Most lifecycle events in one batch (about 2–4 MB of JSON at most). More are carried, in
/// order, to the next batches (never dropped), so submitting 100,000 jobs at once cannot
/// produce one enormous batch; the sink then catches up at up to a million events a second.
/// Without a sink there is nothing to bound and every flush takes everything.
pub const BATCH_LIFECYCLE_BUDGET: usize = 16_384;

/// The points each of `jobs` chunks may keep when one batch's chunks exceed
/// [`BATCH_POINTS_BUDGET`] together.
pub(crate) fn batch_share(jobs: usize) -> usize {
    (BATCH_POINTS_BUDGET / jobs.max(1)).max(BATCH_DATA_MIN_SHARE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_even_share_never_falls_below_the_minimum() {
        assert_eq!(batch_share(0), BATCH_POINTS_BUDGET);
        assert_eq!(batch_share(64), 128);
        assert_eq!(batch_share(10_000), BATCH_DATA_MIN_SHARE);
        assert!(batch_share(BATCH_POINTS_BUDGET / BATCH_DATA_BUDGET) <= BATCH_DATA_BUDGET);
    }
}
