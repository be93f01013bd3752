// Where the page's time goes: named laps (a view's draw, applying a batch, a part of the
// plot's draw) accumulated across frames for the benchmark (`window.__jobdeck.viewStats()`,
// `plotStats()`). Costs two `performance.now()` reads per lap and allocates nothing while
// recording.

export interface Cost {
  calls: number;
  totalMs: number;
  maxMs: number;
}

export class Costs<Name extends string> {
  private readonly costs: Map<Name, Cost>;

  constructor(names: readonly Name[]) {
    this.costs = new Map(names.map((n) => [n, { calls: 0, totalMs: 0, maxMs: 0 }]));
  }

  /**
   * Records that `name` ran from `since` until now; returns now, so laps chain:
   * `t = costs.lap('pool', t)`.
   */
  lap(name: Name, since: number, now = performance.now()): number {
    const c = this.costs.get(name)!;
    const ms = now - since;
    c.calls++;
    c.totalMs += ms;
    if (ms > c.maxMs) c.maxMs = ms;
    return now;
  }

  /** A copy of every lap's figures so far. */
  stats(): Record<Name, Cost> {
    const out = {} as Record<Name, Cost>;
    for (const [name, c] of this.costs) out[name] = { ...c };
    return out;
  }

  reset(): void {
    for (const c of this.costs.values()) {
      c.calls = 0;
      c.totalMs = 0;
      c.maxMs = 0;
    }
  }
}
