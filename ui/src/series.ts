// One job's data series as the UI holds it: column-oriented typed arrays that grow by
// doubling up to a cap, plus an incremental min/max level of detail for drawing.
// Pure code; the store owns one per job, the plot view reads them.

import { MinMaxLod } from './decimate';

/**
 * Points kept per job before the UI halves its copy (min/max of pairs of pairs). The
 * engine keeps the full series (to its own cap); this one only needs to be drawable.
 */
export const SERIES_CAP = 1 << 18;

/** Buckets of the display level of detail: about one point per pixel column of the plot. */
export const LOD_BUCKETS = 512;

export class Series {
  /** X values; valid in `[0, length)`. Reallocated on growth: do not keep references. */
  x: Float64Array;
  /** Y values, one per x. */
  y: Float64Array;
  length = 0;
  /** True while every x is ≥ the one before (the plot can binary-search it). */
  sorted = true;
  minX = Infinity;
  maxX = -Infinity;
  minY = Infinity;
  maxY = -Infinity;
  /** +1 on every change; views compare it to what they last drew. */
  version = 0;
  /** How many times the cap halved the series (its points are min/max of 4^n raw points). */
  compactions = 0;
  readonly cap: number;
  private readonly lodBuckets: number;
  // The level of detail exists only once the series outgrows it (a short series is drawn
  // as it is), so thousands of short series do not hold a second copy of their points.
  private lod: MinMaxLod | null = null;

  constructor(initialCapacity = 256, cap = SERIES_CAP, lodBuckets = LOD_BUCKETS) {
    if (cap < 8) throw new RangeError('cap must be at least 8');
    this.cap = cap;
    this.lodBuckets = lodBuckets;
    const size = Math.min(Math.max(8, initialCapacity), cap);
    this.x = new Float64Array(size);
    this.y = new Float64Array(size);
  }

  /**
   * The points to draw when the whole series is in view: all of them while there are at
   * most `2 * lodBuckets`, else the min/max level of detail (about that many, however long
   * the series). Views of internal buffers, valid until the next change.
   */
  display(): { x: Float64Array; y: Float64Array } {
    if (this.lod) return this.lod.output();
    return { x: this.x.subarray(0, this.length), y: this.y.subarray(0, this.length) };
  }

  /** True once the series is drawn from its level of detail. */
  get decimatedForDisplay(): boolean {
    return this.lod !== null;
  }

  /**
   * Appends points in order. Pairs with a missing or non-finite value (JSON has no NaN;
   * serde sends `null`) are skipped: a line cannot be drawn through them.
   */
  append(xs: ArrayLike<number | null>, ys: ArrayLike<number | null>): number {
    const n = Math.min(xs.length, ys.length);
    let added = 0;
    for (let i = 0; i < n; i++) {
      const xv = xs[i];
      const yv = ys[i];
      if (typeof xv !== 'number' || typeof yv !== 'number' || !Number.isFinite(xv) || !Number.isFinite(yv)) {
        continue;
      }
      if (this.length === this.x.length) this.grow();
      if (this.length > 0 && xv < (this.x[this.length - 1] as number)) this.sorted = false;
      this.x[this.length] = xv;
      this.y[this.length] = yv;
      this.length++;
      if (xv < this.minX) this.minX = xv;
      if (xv > this.maxX) this.maxX = xv;
      if (yv < this.minY) this.minY = yv;
      if (yv > this.maxY) this.maxY = yv;
      if (this.lod) this.lod.push(xv, yv);
      else if (this.length > 2 * this.lodBuckets) this.startLod();
      added++;
    }
    if (added > 0) this.version++;
    return added;
  }

  /** Replaces every point (e.g. with the engine's stored series after a reload). */
  reset(): void {
    this.length = 0;
    this.sorted = true;
    this.minX = this.minY = Infinity;
    this.maxX = this.maxY = -Infinity;
    this.compactions = 0;
    this.lod = null;
    this.version++;
  }

  private startLod(): void {
    const lod = new MinMaxLod(this.lodBuckets);
    for (let i = 0; i < this.length; i++) lod.push(this.x[i] as number, this.y[i] as number);
    this.lod = lod;
  }

  /** The x value of the last point, or `-Infinity` when empty. */
  lastX(): number {
    return this.length > 0 ? (this.x[this.length - 1] as number) : -Infinity;
  }

  private grow(): void {
    if (this.x.length >= this.cap) {
      this.compact();
      return;
    }
    const size = Math.min(this.x.length * 2, this.cap);
    const nx = new Float64Array(size);
    const ny = new Float64Array(size);
    nx.set(this.x.subarray(0, this.length));
    ny.set(this.y.subarray(0, this.length));
    this.x = nx;
    this.y = ny;
  }

  /** Halves the points in place: each group of four becomes its min and max, in order. */
  private compact(): void {
    const { x, y } = this;
    let w = 0;
    for (let r = 0; r < this.length; r += 4) {
      const end = Math.min(r + 4, this.length);
      let minI = r;
      let maxI = r;
      for (let i = r + 1; i < end; i++) {
        if ((y[i] as number) < (y[minI] as number)) minI = i;
        if ((y[i] as number) > (y[maxI] as number)) maxI = i;
      }
      const a = Math.min(minI, maxI);
      const b = Math.max(minI, maxI);
      const ax = x[a] as number;
      const ay = y[a] as number;
      const bx = x[b] as number;
      const by = y[b] as number;
      x[w] = ax;
      y[w++] = ay;
      // Two points per group even when they coincide, so the count halves exactly and
      // the line keeps the group's span.
      x[w] = a === b ? (x[end - 1] as number) : bx;
      y[w++] = a === b ? (y[end - 1] as number) : by;
    }
    this.length = w;
    this.compactions++;
  }
}
