import { describe, expect, it } from 'vitest';
import { attemptText, dayRange, HISTORY_PAGE, HistoryList, isFinished, normalise, recordMessage } from './historyList';
import type { JobRecord, Page } from './historyTypes';

function rec(n: number, over: Partial<JobRecord> = {}): JobRecord {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: 'ratio',
    params: {},
    priority: 'normal',
    state: 'succeeded',
    interruptedFrom: null,
    submittedAt: 1000 + n,
    startedAt: null,
    finishedAt: null,
    outcome: { type: 'succeeded', result: n },
    attempt: 1,
    retryOf: null,
    maxAttempts: 1,
    backoffS: 1,
    done: 0,
    total: 0,
    status: null,
    hasSeries: false,
    hasLog: false,
    ...over,
  };
}

const page = (from: number, to: number, next: string | null): Page => ({
  jobs: Array.from({ length: from - to + 1 }, (_, i) => rec(from - i)),
  next,
});

describe('HistoryList', () => {
  it('loads page after page and stops at the last', () => {
    const list = new HistoryList();
    const first = list.setFilter({ search: ' division ' });
    expect(first).toMatchObject({ after: null, limit: HISTORY_PAGE, filter: { search: 'division' } });
    expect(list.more()).toBeNull(); // one request at a time
    expect(list.apply(first, page(100, 51, '51'))).toBe(true);
    const second = list.more();
    expect(second).toMatchObject({ after: '51' });
    list.apply(second!, page(50, 1, null));
    expect(list.rows.map((r) => r.submittedAt)).toEqual(Array.from({ length: 100 }, (_, i) => 1100 - i));
    expect(list.more()).toBeNull();
  });

  it('ignores an answer to a request a new filter superseded', () => {
    const list = new HistoryList();
    const old = list.setFilter({});
    const current = list.setFilter({ states: ['failed'] });
    expect(list.apply(old, page(3, 1, null))).toBe(false);
    expect(list.rows).toEqual([]);
    expect(list.apply(current, page(2, 2, null))).toBe(true);
    expect(list.rows.length).toBe(1);
  });

  it('refreshes what is loaded in one request and keeps the selection of rows still there', () => {
    const list = new HistoryList();
    list.apply(list.setFilter({}), page(120, 71, '71'));
    list.apply(list.more()!, page(70, 21, '21'));
    list.toggle(rec(100).id);
    list.toggle(rec(30).id);
    const req = list.refresh();
    expect(req).toMatchObject({ after: null, limit: 100 });
    list.apply(req, page(120, 31, '31')); // job 30 was deleted meanwhile
    expect([...list.selected]).toEqual([rec(100).id]);
  });

  it('re-runs only finished selected jobs, and forgets deleted ones', () => {
    const list = new HistoryList();
    const req = list.setFilter({});
    list.apply(req, {
      jobs: [rec(3, { state: 'running', outcome: null }), rec(2, { state: 'interrupted' }), rec(1)],
      next: null,
    });
    for (const r of list.rows) list.toggle(r.id);
    expect(list.rerunnable()).toEqual([rec(2).id, rec(1).id]);
    list.remove([rec(1).id]);
    expect(list.rows.length).toBe(2);
    expect(list.selected.has(rec(1).id)).toBe(false);
  });
});

describe('history text', () => {
  it('says how a stored job ended', () => {
    expect(
      recordMessage({
        state: 'failed',
        outcome: { type: 'failed', message: 'division by zero', panicked: false },
        status: null,
        interruptedFrom: null,
      }),
    ).toBe('division by zero');
    expect(recordMessage({ state: 'interrupted', outcome: null, status: null, interruptedFrom: 'queued' })).toBe(
      'Stopped while queued',
    );
    expect(recordMessage({ state: 'interrupted', outcome: null, status: null, interruptedFrom: 'running' })).toBe(
      'Stopped while running',
    );
    expect(attemptText({ attempt: 1, maxAttempts: 1, retryOf: null })).toBe('');
    expect(attemptText({ attempt: 2, maxAttempts: 4, retryOf: rec(1).id })).toBe('attempt 2 of 4');
    expect(attemptText({ attempt: 1, maxAttempts: 1, retryOf: rec(1).id })).toBe('re-run of 00000000');
    expect(isFinished('interrupted') && !isFinished('paused')).toBe(true);
  });

  it('normalises filters and turns day inputs into a range', () => {
    expect(normalise({ search: '  ', states: [], kinds: ['ratio'] })).toEqual({ kinds: ['ratio'] });
    const r = dayRange('2026-12-01', '2026-12-02');
    expect(r.submittedFrom).toBe(new Date(2026, 11, 1).getTime());
    expect(r.submittedBefore).toBe(new Date(2026, 11, 3).getTime());
    expect(dayRange('', '')).toEqual({ submittedFrom: null, submittedBefore: null });
  });
});
