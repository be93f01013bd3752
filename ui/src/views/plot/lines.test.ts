import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../generated/JobInfo';
import { Series } from '../../series';
import { Store } from '../../store';
import { lineData, lineSeries, newLine, wantedLines, type DataWindow } from './lines';

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
const line = () => newLine({ id: id(1), ordinal: 1, kind: 'random-walk' });
const FOLLOW: DataWindow = { zoomed: null, buckets: 100, perLine: 1_000 };

/** A sorted series y = x for x in 0..n. */
function ramp(n: number, cap?: number): Series {
  const s = new Series(256, cap, 512);
  const xs = Array.from({ length: n }, (_, i) => i);
  s.append(xs, xs);
  return s;
}

function job(n: number, kind: string): JobInfo {
  return {
    id: id(n),
    ordinal: n,
    kind,
    params: {},
    priority: 'normal',
    state: 'running',
    done: 0,
    total: 0,
    status: null,
    submittedAt: 0,
    startedAt: 0,
    finishedAt: null,
    outcome: null,
    series: [],
    logLines: 0,
    attempt: 1,
    maxAttempts: 1,
    retryOf: null,
    backoffS: 1,
    runnableAt: null,
  };
}

describe('wantedLines', () => {
  it('asks for one line per job with data, in ordinal order', () => {
    const store = new Store();
    const pool = { maxConcurrent: 2, defaultMaxConcurrent: 2, jobThreads: 2, computeThreads: 2 };
    const counts = { queued: 0, running: 3, paused: 0, succeeded: 0, failed: 0, cancelled: 0 };
    const aggregate = { jobs: 3, completed: 0, fraction: 0 };
    store.applySnapshot({
      seq: 0,
      jobs: [job(1, 'ratio'), job(2, 'progress'), job(3, 'random-walk')],
      pool,
      counts,
      aggregate,
    });
    const chunk = (n: number, series = 'value') => ({ id: id(n), series, x: [0], y: [1], decimated: false });
    store.applyBatch({ seq: 1, lifecycle: [], progress: [], data: [chunk(3), chunk(1)], pool, counts, aggregate });
    expect(wantedLines(store)).toEqual([
      { id: id(1), ordinal: 1, kind: 'ratio' },
      { id: id(3), ordinal: 3, kind: 'random-walk' },
    ]);
    const l = newLine({ id: id(3), ordinal: 3, kind: 'random-walk' });
    expect(l.label).toBe('random-walk 00000003');
    expect(lineSeries(store, l)?.length).toBe(1);

    // Another series chosen: only the jobs that have it get a line, each drawing that series.
    store.applyBatch({
      seq: 2,
      lifecycle: [],
      progress: [],
      data: [chunk(2, 'loss'), chunk(2, 'loss')],
      pool,
      counts,
      aggregate,
    });
    store.chooseSeries('loss');
    expect(wantedLines(store)).toEqual([{ id: id(2), ordinal: 2, kind: 'progress' }]);
    expect(lineSeries(store, newLine({ id: id(2), ordinal: 2, kind: 'progress' }))?.length).toBe(2);
    expect(lineSeries(store, l)).toBeUndefined();
  });
});

describe('lineData while following', () => {
  it('hands a short series over as it is, without copying', () => {
    const s = ramp(300);
    const [x, y] = lineData(line(), s, FOLLOW);
    expect(x.length).toBe(300);
    expect(x.buffer).toBe(s.x.buffer);
    expect(y[299]).toBe(299);
  });

  it('gives nothing for a missing or empty series', () => {
    expect(lineData(line(), undefined, FOLLOW)[0].length).toBe(0);
    expect(lineData(line(), new Series(), FOLLOW)[1].length).toBe(0);
  });

  it('thins the level of detail to the per-line budget, keeping the ends', () => {
    const s = ramp(5_000);
    expect(s.display().x.length).toBeGreaterThan(256);
    const [x, y] = lineData(line(), s, { ...FOLLOW, perLine: 256 });
    expect(x.length).toBeLessThanOrEqual(256);
    expect(x.length).toBeGreaterThan(200);
    expect(x[0]).toBe(0);
    expect(y[y.length - 1]).toBe(4_999);
  });
});

describe('lineData while zoomed', () => {
  it('shows few visible points as a view, one beyond each edge', () => {
    const s = ramp(1_000);
    const [x] = lineData(line(), s, { ...FOLLOW, zoomed: { min: 10.5, max: 20.5 } });
    expect(Array.from(x)).toEqual(Array.from({ length: 12 }, (_, i) => 10 + i));
    expect(x.buffer).toBe(s.x.buffer);
  });

  it('decimates many visible points exactly, and reuses the result until something changes', () => {
    const s = ramp(100_000);
    const l = line();
    const w: DataWindow = { ...FOLLOW, zoomed: { min: 1_000, max: 90_000 }, buckets: 100 };
    const [x1, y1] = lineData(l, s, w);
    expect(x1.length).toBeLessThanOrEqual(200);
    expect(x1[0]).toBe(999);
    expect(y1[y1.length - 1]).toBe(90_001);
    // Same series, same range: the cached arrays.
    expect(lineData(l, s, w)[0]).toStrictEqual(x1);
    expect(lineData(l, s, w)[0].buffer).toBe(x1.buffer);
    const before = Array.from(x1);
    // New points past the range change the series' version: decimated again, same result.
    s.append([100_000], [0]);
    expect(Array.from(lineData(l, s, w)[0])).toEqual(before);
    // A wider range: a different decimation.
    expect(lineData(l, s, { ...w, zoomed: { min: 0, max: 99_000 } })[0][0]).toBe(0);
  });

  it('does not take a new series with the same version for the cached one', () => {
    const l = line();
    const w: DataWindow = { ...FOLLOW, zoomed: { min: 0, max: 10_000 }, buckets: 50 };
    const a = ramp(10_000);
    const b = new Series(256, undefined, 512);
    const xs = Array.from({ length: 10_000 }, (_, i) => i);
    const ys = xs.map((v) => -1 - v);
    b.append(xs, ys);
    expect(b.version).toBe(a.version);
    lineData(l, a, w);
    const [, y] = lineData(l, b, w);
    expect(Math.max(...y)).toBe(-1);
    expect(Math.min(...y)).toBe(-10_000);
  });

  it('draws an unsorted series from its level of detail, as when following', () => {
    const s = new Series();
    s.append([5, 1, 3], [1, 2, 3]);
    const [x] = lineData(line(), s, { ...FOLLOW, zoomed: { min: 2, max: 4 } });
    expect(Array.from(x)).toEqual([5, 1, 3]);
  });
});
