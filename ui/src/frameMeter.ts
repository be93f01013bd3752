// Frame-time statistics from requestAnimationFrame timestamps: what `window.__jobdeck`
// reports to the end-to-end tests and the benchmark, and what the pool bar's fps shows.
// Pure: it is fed timestamps, it never asks the clock.

/** Frame-time statistics since the last reset, in milliseconds. */
export interface FrameStats {
  /** Frame intervals recorded. */
  frames: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Records frame intervals in a fixed histogram (0.1 ms bins up to 1 s, exact maximum), so
 * memory stays constant however long it runs: a 30-minute soak must not grow the heap.
 */
export class FrameMeter {
  static readonly BIN_MS = 0.1;
  static readonly BINS = 10_000;
  private readonly bins = new Uint32Array(FrameMeter.BINS + 1);
  private count = 0;
  private maxMs = 0;
  private last: number | null = null;
  // Timestamps of the last second's frames, for the live fps; a ring buffer.
  private readonly recent = new Float64Array(512);
  private recentStart = 0;
  private recentLen = 0;

  /** Records a frame at `now` (a requestAnimationFrame timestamp in ms). */
  frame(now: number): void {
    if (this.last !== null) {
      const dt = now - this.last;
      if (dt >= 0) this.record(dt);
    }
    this.last = now;
    this.pushRecent(now);
  }

  /** Records one frame interval directly. */
  record(dt: number): void {
    const bin = Math.min(FrameMeter.BINS, Math.floor(dt / FrameMeter.BIN_MS));
    this.bins[bin] = (this.bins[bin] as number) + 1;
    this.count++;
    if (dt > this.maxMs) this.maxMs = dt;
  }

  /** Forgets every interval (the next frame starts a new one). */
  reset(): void {
    this.bins.fill(0);
    this.count = 0;
    this.maxMs = 0;
    this.last = null;
  }

  /** p50, p95 and max of the intervals since the last reset (zeros when there are none). */
  stats(): FrameStats {
    return {
      frames: this.count,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      max: Math.round(this.maxMs * 100) / 100,
    };
  }

  /** The interval below which `q` of the recorded intervals fall (nearest rank, bin centre). */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i <= FrameMeter.BINS; i++) {
      seen += this.bins[i] as number;
      if (seen >= rank) {
        if (i === FrameMeter.BINS) return Math.round(this.maxMs * 100) / 100;
        // The bin's centre, but never above the true maximum.
        const centre = (i + 0.5) * FrameMeter.BIN_MS;
        return Math.round(Math.min(centre, this.maxMs) * 100) / 100;
      }
    }
    return Math.round(this.maxMs * 100) / 100;
  }

  /** Frames per second over the second before `now`. */
  fps(now: number): number {
    // Drop timestamps older than one second.
    while (this.recentLen > 0 && now - (this.recent[this.recentStart] as number) > 1000) {
      this.recentStart = (this.recentStart + 1) % this.recent.length;
      this.recentLen--;
    }
    return this.recentLen;
  }

  private pushRecent(now: number): void {
    const cap = this.recent.length;
    if (this.recentLen === cap) {
      this.recentStart = (this.recentStart + 1) % cap;
      this.recentLen--;
    }
    this.recent[(this.recentStart + this.recentLen) % cap] = now;
    this.recentLen++;
    this.fps(now);
  }
}
