import { describe, expect, it } from 'vitest';
import type { EventBatch } from './generated/EventBatch';
import type { JobInfo } from './generated/JobInfo';
import type { LifecycleEvent } from './generated/LifecycleEvent';
import type { Snapshot } from './generated/Snapshot';
import { Dirty, sameFields, Store } from './store';

const POOL = { maxConcurrent: 2, defaultMaxConcurrent: 2, jobThreads: 64, computeThreads: 2 };
const COUNTS = { queued: 0, running: 0, paused: 0, succeeded: 0, failed: 0, cancelled: 0 };
const AGG = { jobs: 0, completed: 0, fraction: 0 };

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

function info(n: number, over: Partial<JobInfo> = {}): JobInfo {
  return {
    id: id(n),
    ordinal: n,
    kind: 'random-walk',
    params: {},
    priority: 'normal',
    state: 'queued',
    done: 0,
    total: 0,
    status: null,
    submittedAt: 1_000,
    startedAt: null,
    finishedAt: null,
    outcome: null,
    series: [],
    logLines: 0,
    attempt: 1,
    maxAttempts: 1,
    retryOf: null,
    backoffS: 1,
    runnableAt: null,
    ...over,
  };
}

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return { seq: 0, jobs: [], pool: POOL, counts: COUNTS, aggregate: AGG, ...over };
}

function batch(seq: number, over: Partial<EventBatch> = {}): EventBatch {
  return { seq, lifecycle: [], progress: [], data: [], pool: POOL, counts: COUNTS, aggregate: AGG, ...over };
}

const queued = (n: number): LifecycleEvent => ({ type: 'queued', job: info(n) });

describe('Store: snapshot and batches', () => {
  it('buffers batches until the snapshot, then applies only newer ones', () => {
    const s = new Store();
    expect(s.applyBatch(batch(5, { lifecycle: [queued(1)] }))).toBe('buffered');
    expect(s.applyBatch(batch(6, { lifecycle: [queued(2)] }))).toBe('buffered');
    // The snapshot already includes batch 5 (job 1).
    s.applySnapshot(snapshot({ seq: 5, jobs: [info(1)] }));
    expect(s.order.map((j) => j.ordinal)).toEqual([1, 2]);
    expect(s.seq).toBe(6);
    expect(s.applyBatch(batch(6))).toBe('stale');
    expect(s.applyBatch(batch(7))).toBe('applied');
  });

  it('reports a gap and waits for a fresh snapshot', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ seq: 3 }));
    expect(s.applyBatch(batch(5, { lifecycle: [queued(9)] }))).toBe('gap');
    expect(s.synced).toBe(false);
    expect(s.applyBatch(batch(6))).toBe('buffered');
    s.applySnapshot(snapshot({ seq: 5, jobs: [info(9)] }));
    expect(s.seq).toBe(6);
    expect(s.jobs.size).toBe(1);
  });

  it('applies lifecycle events in order: queued, started, paused, resumed, finished', () => {
    const s = new Store();
    s.applySnapshot(snapshot());
    s.applyBatch(
      batch(1, {
        lifecycle: [
          queued(1),
          { type: 'started', id: id(1), at: 2_000 },
          { type: 'paused', id: id(1), at: 3_000 },
          { type: 'resumed', id: id(1), at: 3_500 },
          {
            type: 'finished',
            id: id(1),
            at: 5_000,
            outcome: { type: 'failed', message: 'division by zero at n = 30', panicked: false },
          },
        ],
      }),
    );
    const j = s.jobs.get(id(1))!;
    expect(j.state).toBe('failed');
    expect(j.startedAt).toBe(2_000);
    expect(j.finishedAt).toBe(5_000);
    expect(j.pausedMs).toBe(500);
    expect(j.pausedAt).toBeNull();
    expect(j.outcome).toEqual({ type: 'failed', message: 'division by zero at n = 30', panicked: false });
  });

  it('ends an open pause when a paused job finishes', () => {
    const s = new Store();
    s.applySnapshot(snapshot());
    s.applyBatch(
      batch(1, {
        lifecycle: [queued(1), { type: 'started', id: id(1), at: 0 }, { type: 'paused', id: id(1), at: 100 }],
      }),
    );
    s.applyBatch(batch(2, { lifecycle: [{ type: 'finished', id: id(1), at: 400, outcome: { type: 'cancelled' } }] }));
    const j = s.jobs.get(id(1))!;
    expect(j.state).toBe('cancelled');
    expect(j.pausedMs).toBe(300);
  });

  it('keeps the latest progress, and ignores events of unknown jobs', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1, { state: 'running' })] }));
    s.takeDirty();
    s.applyBatch(
      batch(1, {
        progress: [
          { id: id(1), done: 5, total: 10, status: 'step 5' },
          { id: id(99), done: 1, total: 1, status: null },
        ],
        lifecycle: [{ type: 'started', id: id(42), at: 1 }],
      }),
    );
    const j = s.jobs.get(id(1))!;
    expect([j.done, j.total, j.status]).toEqual([5, 10, 'step 5']);
    expect(s.takeDirty() & Dirty.ROW_DATA).toBeTruthy();
    expect(s.jobs.size).toBe(1);
  });

  it('appends data chunks to per-job typed-array series', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1, { state: 'running' })] }));
    s.takeDirty();
    s.applyBatch(batch(1, { data: [{ id: id(1), series: 'value', x: [0, 1], y: [5, 6], decimated: false }] }));
    expect(s.takeDirty() & (Dirty.SERIES_SET | Dirty.SERIES_DATA | Dirty.SERIES_NAMES)).toBe(
      Dirty.SERIES_SET | Dirty.SERIES_DATA | Dirty.SERIES_NAMES,
    );
    s.applyBatch(batch(2, { data: [{ id: id(1), series: 'value', x: [2], y: [7], decimated: false }] }));
    const ser = s.series.get(id(1))!.get('value')!;
    expect(ser.length).toBe(3);
    expect([...ser.y.subarray(0, 3)]).toEqual([5, 6, 7]);
    expect(s.jobs.get(id(1))!.series).toEqual(['value']);
    expect(s.takeDirty()).toBe(Dirty.SERIES_DATA);
  });

  it('replaces pool, counts and aggregate, flagging only what changed', () => {
    const s = new Store();
    s.applySnapshot(snapshot());
    s.takeDirty();
    s.applyBatch(batch(1));
    expect(s.takeDirty()).toBe(0);
    s.applyBatch(
      batch(2, {
        pool: { ...POOL, maxConcurrent: 4 },
        counts: { ...COUNTS, running: 1 },
        aggregate: { jobs: 5, completed: 2, fraction: 0.5 },
      }),
    );
    expect(s.takeDirty()).toBe(Dirty.POOL | Dirty.COUNTS | Dirty.AGGREGATE);
    expect(s.pool?.maxConcurrent).toBe(4);
    expect(s.aggregate.fraction).toBe(0.5);
  });

  it('flags a change in a field the UI does not know of yet', () => {
    const s = new Store();
    s.applySnapshot(snapshot());
    s.takeDirty();
    // As if the engine had grown a field the generated types do not have yet.
    const pool = { ...POOL, queueLimit: 10 } as typeof POOL;
    s.applyBatch(batch(1, { pool }));
    expect(s.takeDirty()).toBe(Dirty.POOL);
    s.applyBatch(batch(2, { pool: { ...pool, queueLimit: 20 } as typeof POOL }));
    expect(s.takeDirty()).toBe(Dirty.POOL);
    s.applyBatch(batch(3, { pool: { ...pool, queueLimit: 20 } as typeof POOL }));
    expect(s.takeDirty()).toBe(0);
  });
});

describe('sameFields', () => {
  it('compares every own field, whatever the order of the keys', () => {
    expect(sameFields({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameFields({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(false);
    expect(sameFields({}, {})).toBe(true);
  });
  it('tells records with different fields apart', () => {
    expect(sameFields<object>({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameFields<object>({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    // Same count of keys, all values undefined, but not the same keys.
    expect(sameFields<object>({ a: undefined }, { b: undefined })).toBe(false);
  });
});

describe('Store: removal and selection', () => {
  it('removes rows and their series on `removed`, idempotently', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1), info(2), info(3)] }));
    s.applyBatch(batch(1, { data: [{ id: id(2), series: 'value', x: [1], y: [1], decimated: false }] }));
    s.select(id(2));
    s.takeDirty();
    s.removeJobs([id(2)]);
    s.applyBatch(batch(2, { lifecycle: [{ type: 'removed', ids: [id(2), id(3)] }] }));
    expect(s.order.map((j) => j.ordinal)).toEqual([1]);
    expect(s.series.size).toBe(0);
    expect(s.selected).toBeNull();
    const d = s.takeDirty();
    expect(d & Dirty.ROWS).toBeTruthy();
    expect(d & Dirty.SERIES_SET).toBeTruthy();
    expect(d & Dirty.SELECTION).toBeTruthy();
  });

  it('selects only known jobs', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1)] }));
    s.select(id(1));
    expect(s.selected).toBe(id(1));
    s.select(id(7));
    expect(s.selected).toBeNull();
  });

  it('keeps submission order even if a job arrives out of order', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1), info(5)] }));
    s.applyBatch(batch(1, { lifecycle: [queued(3)] }));
    expect(s.order.map((j) => j.ordinal)).toEqual([1, 3, 5]);
  });
});

describe('Store: series loaded after a snapshot', () => {
  it('marks jobs with data as loading and merges chunks that arrive meanwhile', () => {
    const s = new Store();
    const toFetch = s.applySnapshot(
      snapshot({ seq: 1, jobs: [info(1, { series: ['value'], state: 'running' }), info(2)] }),
    );
    expect(toFetch).toEqual([{ id: id(1), series: 'value' }]);
    // A batch arrives before the fetch returns: its points overlap what the fetch holds.
    s.applyBatch(batch(2, { data: [{ id: id(1), series: 'value', x: [3, 4, 5], y: [30, 40, 50], decimated: false }] }));
    expect(s.series.get(id(1))).toBeUndefined();
    s.loadSeries({ id: id(1), series: 'value', x: [0, 1, 2, 3, 4], y: [0, 10, 20, 30, 40], decimated: false });
    const ser = s.series.get(id(1))!.get('value')!;
    expect([...ser.x.subarray(0, ser.length)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...ser.y.subarray(0, ser.length)]).toEqual([0, 10, 20, 30, 40, 50]);
    // Later chunks go straight in.
    s.applyBatch(batch(3, { data: [{ id: id(1), series: 'value', x: [6], y: [60], decimated: false }] }));
    expect(ser.length).toBe(7);
  });

  it('keeps buffered chunks when the fetch fails', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1, { series: ['value'] })] }));
    s.applyBatch(batch(1, { data: [{ id: id(1), series: 'value', x: [9], y: [1], decimated: false }] }));
    s.seriesLoadFailed({ id: id(1), series: 'value' });
    expect(s.series.get(id(1))!.get('value')!.length).toBe(1);
  });

  it('counts a paused job of a snapshot as paused from the snapshot on', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1, { state: 'paused', startedAt: 0 })] }), 5_000);
    expect(s.jobs.get(id(1))!.pausedAt).toBe(5_000);
  });
});

describe('Store: named series', () => {
  const chunk = (n: number, series: string, x: number[]) => ({ id: id(n), series, x, y: x, decimated: false });

  it('keeps each job’s series by name and lists the names seen in first-seen order', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1, { kind: 'command' }), info(2)] }));
    s.applyBatch(batch(1, { data: [chunk(1, 'loss', [0, 1]), chunk(1, 'rate', [0]), chunk(2, 'value', [5])] }));
    expect(s.seriesNames).toEqual(['loss', 'rate', 'value']);
    expect([...s.series.get(id(1))!.keys()]).toEqual(['loss', 'rate']);
    expect(s.series.get(id(1))!.get('loss')!.length).toBe(2);
    expect(s.jobs.get(id(1))!.series).toEqual(['loss', 'rate']);
  });

  it('plots "value" when some job has it, else the first name seen, else the user’s pick', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1), info(2)] }));
    expect(s.plotted).toBeNull();
    s.applyBatch(batch(1, { data: [chunk(1, 'loss', [0])] }));
    expect(s.plotted).toBe('loss');
    s.takeDirty();
    s.applyBatch(batch(2, { data: [chunk(2, 'value', [0])] }));
    expect(s.plotted).toBe('value');
    expect(s.takeDirty() & (Dirty.SERIES_NAMES | Dirty.SERIES_SET)).toBe(Dirty.SERIES_NAMES | Dirty.SERIES_SET);
    s.chooseSeries('loss');
    expect(s.plotted).toBe('loss');
    expect(s.takeDirty() & Dirty.SERIES_SET).toBeTruthy();
    // Points of a series the plot does not show do not make it redraw.
    s.applyBatch(batch(3, { data: [chunk(2, 'value', [1])] }));
    expect(s.takeDirty() & Dirty.SERIES_DATA).toBe(0);
    s.applyBatch(batch(4, { data: [chunk(1, 'loss', [1])] }));
    expect(s.takeDirty() & Dirty.SERIES_DATA).toBeTruthy();
  });

  it('forgets the names of removed jobs, and the pick falls back while no job has it', () => {
    const s = new Store();
    s.applySnapshot(snapshot({ jobs: [info(1), info(2)] }));
    s.applyBatch(batch(1, { data: [chunk(1, 'loss', [0]), chunk(2, 'accuracy', [0])] }));
    s.chooseSeries('loss');
    s.removeJobs([id(1)]);
    expect(s.seriesNames).toEqual(['accuracy']);
    expect(s.plotted).toBe('accuracy');
  });

  it('fetches every named series of a snapshot’s jobs and buffers each one’s chunks', () => {
    const s = new Store();
    const keys = s.applySnapshot(snapshot({ seq: 1, jobs: [info(1, { series: ['loss', 'rate'] })] }));
    expect(keys).toEqual([
      { id: id(1), series: 'loss' },
      { id: id(1), series: 'rate' },
    ]);
    expect(s.seriesNames).toEqual(['loss', 'rate']);
    s.applyBatch(batch(2, { data: [chunk(1, 'rate', [5]), chunk(1, 'loss', [3])] }));
    s.loadSeries(chunk(1, 'loss', [0, 1, 2, 3]));
    expect(s.series.get(id(1))!.get('loss')!.length).toBe(4);
    expect(s.series.get(id(1))!.get('rate')).toBeUndefined();
    s.seriesLoadFailed({ id: id(1), series: 'rate' });
    expect(s.series.get(id(1))!.get('rate')!.length).toBe(1);
  });
});
