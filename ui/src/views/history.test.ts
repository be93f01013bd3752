// The pure parts of the history views: the banner's sentences and the submission time.
import { describe, expect, it } from 'vitest';
import type { HistoryNotice } from '../historyTypes';
import { noticeLines, statusLine } from './historyBanner';
import { formatWhen } from './historyPanel';
import { alignSeries } from './historyPlot';

const quiet: HistoryNotice = {
  path: '/d/history.sqlite3',
  error: null,
  movedAside: null,
  interrupted: 0,
  queuedAtExit: 0,
  status: { state: 'ok' },
};

describe('the history banner', () => {
  it('says nothing when there is nothing to tell', () => {
    expect(noticeLines(quiet)).toEqual([]);
  });

  it('tells of a file moved aside, interrupted jobs, a newer history and saving that fails', () => {
    const lines = noticeLines({
      ...quiet,
      movedAside: { to: '/d/history.damaged-2026.sqlite3', reason: 'file is not a database' },
      interrupted: 3,
    });
    expect(lines).toEqual([
      'The history file was damaged (file is not a database); it was moved aside to /d/history.damaged-2026.sqlite3 and a new one started.',
      '3 jobs were interrupted when Jobdeck last stopped (see History).',
    ]);
    const newer = noticeLines({
      ...quiet,
      path: null,
      status: null,
      error: { code: 'newer_schema', message: 'schema 9 > 2' },
    });
    expect(newer[0]).toMatch(/newer Jobdeck .* left untouched; jobs run but are not recorded\. schema 9 > 2/);
    const full = statusLine({
      state: 'failing',
      error: { code: 'disk_full', message: 'the disk is full' },
      since: 1,
      unsavedJobs: 4,
    });
    expect(full).toBe(
      'Jobs are not being saved to the history: the disk is full (4 unsaved; retrying, no job is stopped).',
    );
    expect(statusLine({ state: 'ok' })).toBeNull();
  });
});

describe('formatWhen', () => {
  it('shows the time for today and the date before', () => {
    const now = new Date(2026, 11, 3, 12, 0, 0);
    expect(formatWhen(new Date(2026, 11, 3, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(formatWhen(new Date(2026, 10, 30, 23, 59, 1).getTime(), now)).toBe('2026-11-30 23:59:01');
  });
});

describe('alignSeries', () => {
  it('puts every series on the union of their x, with gaps where one has no point', () => {
    const aligned = alignSeries([
      { name: 'value', x: [0, 1, 2], y: [10, 11, 12], decimated: false },
      { name: 'loss', x: [1, 3], y: [0.5, 0.25], decimated: false },
    ]);
    expect(aligned).toEqual([
      [0, 1, 2, 3],
      [10, 11, 12, null],
      [null, 0.5, null, 0.25],
    ]);
    expect(alignSeries([])).toEqual([[]]);
  });
});
