import { describe, expect, it } from 'vitest';
import { activeMs, etaMs, isTerminal, percentDone, ratePerSecond, type JobTiming } from './metrics';

const job = (over: Partial<JobTiming>): JobTiming => ({
  state: 'running',
  done: 0,
  total: 100,
  startedAt: 1_000,
  finishedAt: null,
  pausedMs: 0,
  pausedAt: null,
  ...over,
});

describe('percentDone', () => {
  it('is done/total, 100 for succeeded, 0 while the total is unknown', () => {
    expect(percentDone(job({ done: 25 }))).toBe(25);
    expect(percentDone(job({ done: 3, total: 0 }))).toBe(0);
    expect(percentDone(job({ state: 'succeeded', done: 10 }))).toBe(100);
    expect(percentDone(job({ state: 'cancelled', done: 10 }))).toBe(10);
    expect(percentDone(job({ done: 150 }))).toBe(100);
  });
});

describe('activeMs', () => {
  it('runs from start to now, or to the end', () => {
    expect(activeMs(job({}), 4_000)).toBe(3_000);
    expect(activeMs(job({ finishedAt: 2_500, state: 'succeeded' }), 9_000)).toBe(1_500);
    expect(activeMs(job({ startedAt: null, state: 'queued' }), 9_000)).toBeNull();
  });
  it('leaves out finished pauses and the current one', () => {
    expect(activeMs(job({ pausedMs: 500 }), 4_000)).toBe(2_500);
    expect(activeMs(job({ state: 'paused', pausedAt: 3_000 }), 10_000)).toBe(2_000);
  });
});

describe('ratePerSecond and etaMs', () => {
  it('divides work done by active time, and projects the rest', () => {
    const j = job({ done: 40 });
    expect(ratePerSecond(j, 3_000)).toBe(20);
    expect(etaMs(j, 3_000)).toBe(3_000);
  });
  it('waits until the figures mean something', () => {
    expect(ratePerSecond(job({ done: 1 }), 1_100)).toBeNull();
    expect(ratePerSecond(job({ done: 0 }), 9_000)).toBeNull();
    expect(etaMs(job({ done: 50, total: 0 }), 9_000)).toBeNull();
    expect(etaMs(job({ done: 50, state: 'paused', pausedAt: 5_000 }), 9_000)).toBeNull();
  });
});

describe('isTerminal', () => {
  it('knows the three final states', () => {
    expect(
      ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'].map((s) =>
        isTerminal(s as JobTiming['state']),
      ),
    ).toEqual([false, false, false, true, true, true]);
  });
});
