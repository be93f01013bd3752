// Decimation of plot series for display: a line never needs more points than the plot has
// pixel columns, and keeping each bucket's minimum and maximum keeps its peaks visible.
// Pure code over typed arrays; the plot view decides when to use which.

/** First index `i` in `xs[0..len)` (sorted ascending) with `xs[i] >= v`; `len` when none. */
export function lowerBound(xs: ArrayLike<number>, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index `i` in `xs[0..len)` (sorted ascending) with `xs[i] > v`; `len` when none. */
export function upperBound(xs: ArrayLike<number>, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Min/max decimation of `xs/ys[from..to)` into at most `2 * buckets` points, written to
 * `outX/outY` (which must hold that many) in their original order. Returns the count.
 * Ranges no longer than `2 * buckets` are copied as they are.
 */
export function minMaxDecimate(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  from: number,
  to: number,
  buckets: number,
  outX: Float64Array,
  outY: Float64Array,
): number {
  const n = to - from;
  if (n <= 0) return 0;
  if (n <= buckets * 2) {
    for (let i = 0; i < n; i++) {
      outX[i] = xs[from + i] as number;
      outY[i] = ys[from + i] as number;
    }
    return n;
  }
  let out = 0;
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = from + Math.floor(b * size);
    const end = b === buckets - 1 ? to : from + Math.floor((b + 1) * size);
    let minI = start;
    let maxI = start;
    let minV = ys[start] as number;
    let maxV = minV;
    for (let i = start + 1; i < end; i++) {
      const v = ys[i] as number;
      if (v < minV) {
        minV = v;
        minI = i;
      } else if (v > maxV) {
        maxV = v;
        maxI = i;
      }
    }
    const first = minI < maxI ? minI : maxI;
    const second = minI < maxI ? maxI : minI;
    outX[out] = xs[first] as number;
    outY[out++] = ys[first] as number;
    if (second !== first) {
      outX[out] = xs[second] as number;
      outY[out++] = ys[second] as number;
    }
  }
  return out;
}

/**
 * An incrementally maintained min/max level of detail of a growing series.
 *
 * Points are pushed in order and grouped into buckets of `bucketSize` consecutive points;
 * each finished bucket keeps its minimum and maximum (one point when they coincide). When
 * `maxBuckets` buckets exist, neighbours merge pairwise and `bucketSize` doubles.
 * Pushing is O(1) amortised, so a streaming plot pays for new points only, and the output
 * never exceeds about `2 * maxBuckets + 3` points, whatever the series' length.
 */
export class MinMaxLod {
  readonly maxBuckets: number;
  /** Points per finished bucket (a power of two). */
  bucketSize = 1;
  // Finished buckets: their points (1 or 2 each) in `px/py[0..plen)`, and per bucket
  // how many points it has in `counts[0..nBuckets)`. Written only by `push`/`merge`.
  private px: Float64Array;
  private py: Float64Array;
  private counts: Uint8Array;
  private plen = 0;
  private nBuckets = 0;
  // The open bucket: points pushed since the last finished bucket.
  private openCount = 0;
  private minX = 0;
  private minY = 0;
  private minAt = 0;
  private maxX = 0;
  private maxY = 0;
  private maxAt = 0;
  private lastX = 0;
  private lastY = 0;

  constructor(maxBuckets = 512, initialCapacity = 64) {
    if (maxBuckets < 2 || maxBuckets % 2 !== 0) {
      throw new RangeError('maxBuckets must be an even number of at least 2');
    }
    this.maxBuckets = maxBuckets;
    const cap = Math.max(2, Math.min(initialCapacity, maxBuckets));
    this.px = new Float64Array(cap * 2 + 3);
    this.py = new Float64Array(cap * 2 + 3);
    this.counts = new Uint8Array(cap);
  }

  /** Points of the series pushed so far. */
  get pushed(): number {
    return this.nBuckets * this.bucketSize + this.openCount;
  }

  push(x: number, y: number): void {
    const k = this.openCount;
    if (k === 0 || y < this.minY) {
      this.minX = x;
      this.minY = y;
      this.minAt = k;
    }
    if (k === 0 || y > this.maxY) {
      this.maxX = x;
      this.maxY = y;
      this.maxAt = k;
    }
    this.lastX = x;
    this.lastY = y;
    this.openCount = k + 1;
    if (this.openCount === this.bucketSize) this.closeBucket();
  }

  /** Forgets every point. */
  clear(): void {
    this.bucketSize = 1;
    this.plen = 0;
    this.nBuckets = 0;
    this.openCount = 0;
  }

  /**
   * The display points: finished buckets then the open one (its min, max and latest point,
   * so the line always reaches the newest value). The views share this object's buffers:
   * they are valid until the next `push`.
   */
  output(): { x: Float64Array; y: Float64Array } {
    let n = this.plen;
    if (this.openCount > 0) {
      this.ensurePointCapacity(n + 3);
      const minFirst = this.minAt <= this.maxAt;
      this.px[n] = minFirst ? this.minX : this.maxX;
      this.py[n++] = minFirst ? this.minY : this.maxY;
      if (this.minAt !== this.maxAt) {
        this.px[n] = minFirst ? this.maxX : this.minX;
        this.py[n++] = minFirst ? this.maxY : this.minY;
      }
      const lastAt = Math.max(this.minAt, this.maxAt);
      if (lastAt !== this.openCount - 1) {
        this.px[n] = this.lastX;
        this.py[n++] = this.lastY;
      }
    }
    return { x: this.px.subarray(0, n), y: this.py.subarray(0, n) };
  }

  private closeBucket(): void {
    if (this.nBuckets >= this.counts.length) this.growBuckets();
    this.ensurePointCapacity(this.plen + 2 + 3);
    const first = this.minAt <= this.maxAt;
    this.px[this.plen] = first ? this.minX : this.maxX;
    this.py[this.plen++] = first ? this.minY : this.maxY;
    let count = 1;
    if (this.minAt !== this.maxAt) {
      this.px[this.plen] = first ? this.maxX : this.minX;
      this.py[this.plen++] = first ? this.maxY : this.minY;
      count = 2;
    }
    this.counts[this.nBuckets++] = count;
    this.openCount = 0;
    if (this.nBuckets >= this.maxBuckets) this.merge();
  }

  /** Merges neighbouring buckets pairwise, in place; the bucket size doubles. */
  private merge(): void {
    let read = 0;
    let write = 0;
    let outBuckets = 0;
    const { px, py, counts } = this;
    // Called with exactly `maxBuckets` (even) buckets, so every bucket has a partner and
    // every merged bucket holds exactly twice the old bucket size.
    for (let b = 0; b < this.nBuckets; b += 2) {
      const n1 = counts[b] as number;
      const n2 = counts[b + 1] as number;
      const total = n1 + n2;
      let minI = read;
      let maxI = read;
      for (let i = read + 1; i < read + total; i++) {
        if ((py[i] as number) < (py[minI] as number)) minI = i;
        if ((py[i] as number) > (py[maxI] as number)) maxI = i;
      }
      const a = minI <= maxI ? minI : maxI;
      const c = minI <= maxI ? maxI : minI;
      const ax = px[a] as number;
      const ay = py[a] as number;
      const cx = px[c] as number;
      const cy = py[c] as number;
      px[write] = ax;
      py[write++] = ay;
      let count = 1;
      if (c !== a) {
        px[write] = cx;
        py[write++] = cy;
        count = 2;
      }
      counts[outBuckets++] = count;
      read += total;
    }
    this.plen = write;
    this.nBuckets = outBuckets;
    this.bucketSize *= 2;
  }

  private growBuckets(): void {
    const next = new Uint8Array(Math.min(this.counts.length * 2, this.maxBuckets));
    next.set(this.counts);
    this.counts = next;
  }

  private ensurePointCapacity(n: number): void {
    if (n <= this.px.length) return;
    const size = Math.max(n, this.px.length * 2);
    const nx = new Float64Array(size);
    const ny = new Float64Array(size);
    nx.set(this.px.subarray(0, this.plen));
    ny.set(this.py.subarray(0, this.plen));
    this.px = nx;
    this.py = ny;
  }
}
