// The pure parts of the view modules (importing them needs no DOM until a view is built).
import { describe, expect, it } from 'vitest';
import { DEMOS } from './jobForm';
import { hasLog, messageOf } from './jobTable';

describe('DEMOS', () => {
  it('are the seed’s demos, one click each, with the issue’s counts', () => {
    expect(Object.fromEntries(Object.entries(DEMOS).map(([k, d]) => [k, [d.spec.kind, d.count]]))).toEqual({
      progress: ['progress', 5],
      ratio: ['ratio', 4],
      'random-walk': ['random-walk', 4],
      'monte-carlo-pi': ['monte-carlo-pi', 1],
      flood: ['random-walk', 64],
    });
    expect(DEMOS.flood!.spec.params).toEqual({ steps: 10000, step_ms: 0 });
  });
});

describe('messageOf', () => {
  const base = { status: null, priority: 'normal' as const, outcome: null };
  it('shows the result of a succeeded job and the error of a failed one', () => {
    expect(
      messageOf({ ...base, state: 'succeeded', outcome: { type: 'succeeded', result: { number: 20, value: 0.2 } } }),
    ).toBe('number: 20, value: 0.2');
    expect(
      messageOf({
        ...base,
        state: 'failed',
        outcome: { type: 'failed', message: 'division by zero at n = 30', panicked: false },
      }),
    ).toBe('division by zero at n = 30');
    expect(messageOf({ ...base, state: 'failed', outcome: { type: 'failed', message: 'boom', panicked: true } })).toBe(
      'Panicked: boom',
    );
  });
  it('says what a queued, running or cancelled job is doing', () => {
    expect(messageOf({ ...base, state: 'queued' })).toBe('Waiting for a slot');
    expect(messageOf({ ...base, state: 'queued', priority: 'high' })).toBe('Waiting for a slot (high priority)');
    expect(messageOf({ ...base, state: 'running', status: 'hashing a.txt' })).toBe('hashing a.txt');
    expect(messageOf({ ...base, state: 'running' })).toBe('');
    expect(messageOf({ ...base, state: 'cancelled', outcome: { type: 'cancelled' } })).toBe('Cancelled');
  });
});

describe('messageOf with retries', () => {
  const base = { status: null, priority: 'normal' as const, outcome: null };
  it('says which attempt a job with retries is, and when a held retry runs', () => {
    const failed = { type: 'failed' as const, message: 'division by zero at n = 30', panicked: false };
    expect(messageOf({ ...base, state: 'failed', outcome: failed, attempt: 2, maxAttempts: 4 })).toBe(
      'attempt 2 of 4 · division by zero at n = 30',
    );
    const at = new Date(2026, 11, 3, 6, 30, 5).getTime();
    expect(messageOf({ ...base, state: 'queued', attempt: 3, maxAttempts: 4, runnableAt: at })).toBe(
      'attempt 3 of 4 · Retrying at 06:30:05',
    );
    expect(messageOf({ ...base, state: 'running', attempt: 1, maxAttempts: 1 })).toBe('');
  });
});

describe('hasLog', () => {
  it('offers the log of command jobs and of any job that wrote lines', () => {
    expect(hasLog({ kind: 'command', logLines: 0 })).toBe(true);
    expect(hasLog({ kind: 'progress', logLines: 3 })).toBe(true);
    expect(hasLog({ kind: 'progress', logLines: 0 })).toBe(false);
  });
});
