//! A running job's series in the writer: bounded, min/max-decimated, written whole.
//!
//! The same algorithm as the engine's series store (`jobdeck-engine`'s `MinMaxSeries`,
//! which is private to it), so a stored plot looks like the live one: points are grouped in
//! buckets of `width` points (1 until the cap is first reached); a full bucket keeps its
//! first lowest and last highest point in arrival order; at the cap, every 4 stored points
//! merge into 2 and `width` doubles. Every bucket covers the same number of points, so the
//! start of a long run is as detailed as its end, and peaks survive.
//!
//! The writer feeds it the points of the engine's batches, which the engine may already
//! have decimated (a chunk's `decimated`); each such point counts as one here.

/// The lowest or highest point of a bucket being filled, with its arrival index.
#[derive(Clone, Copy)]
struct Pt {
    x: f64,
    y: f64,
    at: u64,
}

#[derive(Clone, Copy)]
struct Partial {
    count: u64,
    min: Pt,
    max: Pt,
}

/// At most `cap` points (rounded up to a multiple of 4), plus the extremes of one partial bucket.
pub(crate) struct BoundedSeries {
    cap: usize,
    x: Vec<f64>,
    y: Vec<f64>,
    width: u64,
    partial: Option<Partial>,
    pushed: u64,
    /// True when some point arrived already decimated by the engine.
    arrived_decimated: bool,
}

impl BoundedSeries {
    pub(crate) fn new(cap: usize) -> Self {
        let cap = cap.max(4).div_ceil(4) * 4;
        BoundedSeries {
            cap,
            x: Vec::new(),
            y: Vec::new(),
            width: 1,
            partial: None,
            pushed: 0,
            arrived_decimated: false,
        }
    }

    /// Appends one batch's points for this series.
    pub(crate) fn extend(&mut self, x: &[f64], y: &[f64], decimated: bool) {
        self.arrived_decimated |= decimated;
        for (&x, &y) in x.iter().zip(y) {
            self.push(x, y);
        }
    }

    fn push(&mut self, x: f64, y: f64) {
        let at = self.pushed;
        self.pushed += 1;
        if self.width == 1 {
            self.x.push(x);
            self.y.push(y);
        } else {
            let p = Pt { x, y, at };
            let b = match &mut self.partial {
                Some(b) => {
                    b.count += 1;
                    if y < b.min.y {
                        b.min = p;
                    }
                    // `>=` keeps the last highest, so a flat bucket still yields two points.
                    if y >= b.max.y {
                        b.max = p;
                    }
                    b
                }
                None => self.partial.insert(Partial { count: 1, min: p, max: p }),
            };
            if b.count < self.width {
                return;
            }
            let b = self.partial.take().expect("just filled");
            push_extremes(&mut self.x, &mut self.y, b);
        }
        if self.x.len() >= self.cap {
            self.merge();
        }
    }

    /// Every 4 stored points become their min and max: half the points, twice the width.
    fn merge(&mut self) {
        let n = self.x.len() / 4 * 4;
        let mut w = 0;
        for g in (0..n).step_by(4) {
            let (lo, hi) = extremes(&self.y[g..g + 4]);
            let (a, b) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            let (xa, ya, xb, yb) = (self.x[g + a], self.y[g + a], self.x[g + b], self.y[g + b]);
            self.x[w] = xa;
            self.y[w] = ya;
            self.x[w + 1] = xb;
            self.y[w + 1] = yb;
            w += 2;
        }
        for i in n..self.x.len() {
            self.x[w] = self.x[i];
            self.y[w] = self.y[i];
            w += 1;
        }
        self.x.truncate(w);
        self.y.truncate(w);
        self.width = if self.width == 1 { 4 } else { self.width * 2 };
    }

    /// The stored points plus the partial bucket's extremes, and whether they are decimated.
    pub(crate) fn to_columns(&self) -> (Vec<f64>, Vec<f64>, bool) {
        let (mut x, mut y) = (Vec::with_capacity(self.x.len() + 2), Vec::with_capacity(self.y.len() + 2));
        x.extend_from_slice(&self.x);
        y.extend_from_slice(&self.y);
        if let Some(b) = self.partial {
            push_extremes(&mut x, &mut y, b);
        }
        (x, y, self.width > 1 || self.arrived_decimated)
    }
}

fn push_extremes(x: &mut Vec<f64>, y: &mut Vec<f64>, b: Partial) {
    let (first, second) = if b.min.at <= b.max.at { (b.min, b.max) } else { (b.max, b.min) };
    x.push(first.x);
    y.push(first.y);
    if second.at != first.at {
        x.push(second.x);
        y.push(second.y);
    }
}

/// Index of the first lowest and the last highest value.
fn extremes(y: &[f64]) -> (usize, usize) {
    let (mut lo, mut hi) = (0, 0);
    for (i, &v) in y.iter().enumerate() {
        if v < y[lo] {
            lo = i;
        }
        if v >= y[hi] {
            hi = i;
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_point_under_the_cap() {
        let mut s = BoundedSeries::new(100);
        let x: Vec<f64> = (0..99).map(f64::from).collect();
        s.extend(&x, &x, false);
        let (sx, sy, decimated) = s.to_columns();
        assert_eq!((sx, sy.len(), decimated), (x, 99, false));
    }

    #[test]
    fn stays_bounded_keeps_peaks_order_and_a_uniform_start() {
        let mut s = BoundedSeries::new(1000);
        let n = 1_000_000u32;
        for chunk in (0..n).collect::<Vec<_>>().chunks(512) {
            let x: Vec<f64> = chunk.iter().map(|&i| f64::from(i)).collect();
            let y: Vec<f64> = chunk
                .iter()
                .map(|&i| match i {
                    123_457 => 1e9,
                    777_777 => -1e9,
                    _ => f64::from(i % 17),
                })
                .collect();
            s.extend(&x, &y, false);
            assert!(s.x.len() <= 1000);
        }
        let (x, y, decimated) = s.to_columns();
        assert!(decimated && x.len() > 400 && x.len() <= 1002, "{}", x.len());
        assert!(y.contains(&1e9) && y.contains(&-1e9), "peaks survive");
        assert!(x.windows(2).all(|w| w[0] < w[1]), "arrival order is kept");
        // Equal-width buckets: the first tenth of the run keeps about a tenth of the points.
        let early = x.iter().filter(|&&v| v < f64::from(n / 10)).count();
        assert!((early as f64 / x.len() as f64 - 0.1).abs() < 0.02, "{early} of {}", x.len());
    }

    #[test]
    fn points_the_engine_decimated_mark_the_series_decimated() {
        let mut s = BoundedSeries::new(100);
        s.extend(&[1.0, 2.0], &[3.0, 4.0], true);
        assert!(s.to_columns().2);
    }
}
