//! `monte-carlo-pi`: real CPU work, in parallel on the compute pool.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use serde_json::json;

use crate::{CancelToken, JobContext, JobError, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// Samples between two cancellation checks inside a chunk: about 0.2 ms of work.
const CHECK_EVERY: u64 = 1 << 16;

/// Estimates π from random points in the unit square, chunks in parallel.
pub(crate) struct MonteCarloPi;

impl JobKind for MonteCarloPi {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "monte-carlo-pi",
            "Monte Carlo π",
            "Estimates π from random points, chunks in parallel on the compute pool, streaming (samples so far, estimate). Result: {pi, absError}.",
        )
        .param(
            ParamSpec::integer("samples", "Samples", "Random points in all (default 50,000,000).")
                .default(50_000_000)
                .range(1.0, 1e12),
        )
        .param(
            ParamSpec::integer("chunk", "Chunk", "Points per parallel chunk (default 1,000,000).")
                .default(1_000_000)
                .range(1_000.0, 1e9),
        )
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let samples = params.u64("samples")?;
        let chunk = params.u64("chunk")?;
        let seed: u64 = rand::rng().random();
        Ok(Box::new(move |ctx: &JobContext| run(ctx, samples, chunk, seed)))
    }
}

fn run(ctx: &JobContext, samples: u64, chunk: u64, seed: u64) -> Result<serde_json::Value, JobError> {
    let pool = ctx.compute();
    let token = ctx.cancel_token();
    let chunks = samples.div_ceil(chunk);
    // One chunk per compute thread per round: rounds are where the job reports, pauses and
    // stops; chunks also stop early on cancel.
    let per_round = pool.current_num_threads() as u64;
    let (mut next, mut done, mut inside) = (0u64, 0u64, 0u64);
    ctx.progress(0, samples);
    while next < chunks {
        ctx.checkpoint()?;
        let end = (next + per_round).min(chunks);
        let (hits, n) = pool.install(|| {
            (next..end)
                .into_par_iter()
                .map(|c| {
                    let size = chunk.min(samples - c * chunk);
                    (count_inside(seed, c, size, &token), size)
                })
                .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        ctx.checkpoint()?;
        inside += hits;
        done += n;
        next = end;
        let estimate = 4.0 * inside as f64 / done as f64;
        ctx.data(done as f64, estimate);
        ctx.progress(done, samples);
    }
    let pi = 4.0 * inside as f64 / done as f64;
    Ok(json!({ "pi": pi, "absError": (pi - std::f64::consts::PI).abs() }))
}

/// Points of chunk `c` inside the quarter circle; stops early (the result is then
/// discarded) once the job is cancelled.
fn count_inside(seed: u64, c: u64, size: u64, token: &CancelToken) -> u64 {
    let mut rng = SmallRng::seed_from_u64(seed ^ c.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut inside = 0;
    let mut left = size;
    while left > 0 {
        if token.is_cancelled() {
            return inside;
        }
        let n = left.min(CHECK_EVERY);
        for _ in 0..n {
            let (x, y): (f64, f64) = (rng.random(), rng.random());
            inside += u64::from(x * x + y * y <= 1.0);
        }
        left -= n;
    }
    inside
}
