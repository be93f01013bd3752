import { describe, expect, it } from 'vitest';
import { Costs } from './costs';

const names = ['pool', 'table', 'plot', 'batch'] as const;

describe('Costs', () => {
  it('accumulates calls, total and max per name and chains laps', () => {
    const costs = new Costs(names);
    let t = 100;
    t = costs.lap('pool', t, 103);
    t = costs.lap('table', t, 110);
    expect(t).toBe(110);
    costs.lap('pool', 200, 201);
    const s = costs.stats();
    expect(s.pool).toEqual({ calls: 2, totalMs: 4, maxMs: 3 });
    expect(s.table).toEqual({ calls: 1, totalMs: 7, maxMs: 7 });
    expect(s.plot).toEqual({ calls: 0, totalMs: 0, maxMs: 0 });
  });

  it('hands out copies and resets to zero', () => {
    const costs = new Costs(names);
    costs.lap('batch', 0, 5);
    const before = costs.stats();
    costs.reset();
    expect(before.batch.totalMs).toBe(5);
    expect(costs.stats().batch).toEqual({ calls: 0, totalMs: 0, maxMs: 0 });
  });
});
