//! Bounded data series that keep peaks: min/max decimation.

/// One raw point waiting in a partial bucket, with its arrival index to keep order.
#[derive(Clone, Copy)]
struct Pt {
    x: f64,
    y: f64,
    at: u64,
}

/// The lowest and highest point of a bucket still being filled.
#[derive(Clone, Copy)]
struct Partial {
    count: u64,
    min: Pt,
    max: Pt,
}

/// A series of `(x, y)` points holding at most `cap` points, min/max-decimated past it.
///
/// Points are grouped into buckets of `width` raw points (1 while nothing was decimated);
/// each full bucket of width ≥ 2 is stored as its first lowest and last highest point, in
/// arrival order. When `cap` is reached, adjacent buckets merge and `width` doubles.
pub(crate) struct MinMaxSeries {
    cap: usize,
    x: Vec<f64>,
    y: Vec<f64>,
    /// Raw points per stored bucket; 1 = no decimation.
    width: u64,
    partial: Option<Partial>,
    /// Raw points pushed in all.
    pushed: u64,
}

impl MinMaxSeries {
    /// An empty series; `cap` is rounded up to a multiple of 4 (merging works on 4 points).
    pub(crate) fn new(cap: usize) -> Self {
        let cap = cap.max(4).div_ceil(4) * 4;
        MinMaxSeries { cap, x: Vec::new(), y: Vec::new(), width: 1, partial: None, pushed: 0 }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pushed == 0
    }

    /// True once points have been merged (the series no longer holds every raw point).
    pub(crate) fn is_decimated(&self) -> bool {
        self.width > 1
    }

    pub(crate) fn push(&mut self, x: f64, y: f64) {
        let at = self.pushed;
        self.pushed += 1;
        if self.width == 1 {
            self.x.push(x);
            self.y.push(y);
        } else {
            let p = Pt { x, y, at };
            let partial = match &mut self.partial {
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
            if partial.count < self.width {
                return;
            }
            let b = self.partial.take().expect("just filled");
            self.push_extremes(b);
        }
        if self.x.len() >= self.cap {
            self.merge();
        }
    }

    fn push_extremes(&mut self, b: Partial) {
        let (first, second) = if b.min.at <= b.max.at { (b.min, b.max) } else { (b.max, b.min) };
        self.x.push(first.x);
        self.y.push(first.y);
        if second.at != first.at {
            self.x.push(second.x);
            self.y.push(second.y);
        }
    }

    /// Merges every 4 stored points into their min and max: half the points, twice the width.
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
        // A leftover (fewer than 4) keeps its points as they are.
        for i in n..self.x.len() {
            self.x[w] = self.x[i];
            self.y[w] = self.y[i];
            w += 1;
        }
        self.x.truncate(w);
        self.y.truncate(w);
        self.width = if self.width == 1 { 4 } else { self.width * 2 };
    }

    /// Copies the stored points, including the extremes of the bucket being filled.
    pub(crate) fn to_columns(&self) -> (Vec<f64>, Vec<f64>) {
        let mut copy = MinMaxSeries {
            cap: usize::MAX,
            x: Vec::with_capacity(self.x.len() + 2),
            y: Vec::with_capacity(self.y.len() + 2),
            width: self.width,
            partial: None,
            pushed: self.pushed,
        };
        copy.x.extend_from_slice(&self.x);
        copy.y.extend_from_slice(&self.y);
        if let Some(b) = self.partial {
            copy.push_extremes(b);
        }
        (copy.x, copy.y)
    }

    /// Takes every point out (partial bucket included), leaving the series empty and
    /// undecimated; returns them with whether they were decimated.
    pub(crate) fn take(&mut self) -> (Vec<f64>, Vec<f64>, bool) {
        if let Some(b) = self.partial.take() {
            self.push_extremes(b);
        }
        let decimated = self.is_decimated();
        let x = std::mem::take(&mut self.x);
        let y = std::mem::take(&mut self.y);
        self.width = 1;
        self.pushed = 0;
        (x, y, decimated)
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

/// Reduces `x`/`y` to at most `budget` points (≥ 2): `budget / 2` equal buckets, each kept as
/// its lowest and highest point in their original order. Returns true if it dropped any.
pub(crate) fn decimate(x: &mut Vec<f64>, y: &mut Vec<f64>, budget: usize) -> bool {
    let n = x.len();
    if n <= budget {
        return false;
    }
    let buckets = (budget / 2).max(1);
    let mut w = 0;
    for b in 0..buckets {
        let (start, end) = (b * n / buckets, (b + 1) * n / buckets);
        if start == end {
            continue;
        }
        let (lo, hi) = extremes(&y[start..end]);
        let (a, c) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        for i in [start + a, start + c].into_iter().take(if a == c { 1 } else { 2 }) {
            x[w] = x[i];
            y[w] = y[i];
            w += 1;
        }
    }
    x.truncate(w);
    y.truncate(w);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_raw_under_the_cap() {
        let mut s = MinMaxSeries::new(100);
        for i in 0..100 - 1 {
            s.push(i as f64, (i * i) as f64);
        }
        let (x, y) = s.to_columns();
        assert_eq!(x.len(), 99);
        assert!(!s.is_decimated());
        assert_eq!(y[98], 98.0 * 98.0);
    }

    #[test]
    fn never_exceeds_the_cap_and_keeps_peaks() {
        let mut s = MinMaxSeries::new(1000);
        let n = 1_000_000;
        for i in 0..n {
            let y = match i {
                123_457 => 1e9,
                777_777 => -1e9,
                _ => (i % 17) as f64,
            };
            s.push(i as f64, y);
            assert!(s.x.len() <= 1000);
        }
        let (x, y) = s.to_columns();
        assert!(s.is_decimated());
        assert!(x.len() <= 1002 && x.len() > 400, "{}", x.len());
        assert!(y.contains(&1e9) && y.contains(&-1e9), "peaks survive");
        assert!(x.windows(2).all(|w| w[0] < w[1]), "arrival order is kept");
        assert_eq!(x[0], 0.0);
    }

    #[test]
    fn decimate_keeps_min_and_max_of_each_bucket() {
        let mut x: Vec<f64> = (0..10_000).map(f64::from).collect();
        let mut y: Vec<f64> = (0..10_000).map(|i| if i == 5_001 { 99.0 } else { 0.5 }).collect();
        assert!(decimate(&mut x, &mut y, 100));
        assert!(x.len() <= 100);
        assert!(y.contains(&99.0));
        assert!(x.windows(2).all(|w| w[0] < w[1]));
        let mut small = vec![1.0, 2.0];
        assert!(!decimate(&mut small.clone(), &mut small, 2));
    }

    #[test]
    fn take_empties_and_reports_decimation() {
        let mut s = MinMaxSeries::new(8);
        for i in 0..50 {
            s.push(i as f64, i as f64);
        }
        let (x, _, decimated) = s.take();
        assert!(decimated && x.len() <= 10 && x.last() == Some(&49.0));
        assert!(s.is_empty() && !s.is_decimated());
    }
}
