import { describe, expect, it } from 'vitest';
import type { LogLine } from '../generated/LogLine';
import { isAtEnd, linesText, logName, planAppend, tailNote } from './logPanel';

describe('log panel: pure parts', () => {
  it('names the panel and its button after the job’s short id', () => {
    expect(logName('3f2a1b2c-0000-4000-8000-000000000000')).toBe('Log of job 3f2a1b2c');
  });

  it('follows the end only when scrolled to (within a few px of) it', () => {
    expect(isAtEnd(600, 200, 800)).toBe(true);
    expect(isAtEnd(595, 200, 800)).toBe(true);
    expect(isAtEnd(500, 200, 800)).toBe(false);
    // Content shorter than the panel: always at the end.
    expect(isAtEnd(0, 200, 150)).toBe(true);
  });

  it('keeps at most `cap` lines: drops the oldest shown, skips incoming beyond the cap', () => {
    expect(planAppend(0, 10, 100)).toEqual({ drop: 0, skip: 0 });
    expect(planAppend(95, 10, 100)).toEqual({ drop: 5, skip: 0 });
    expect(planAppend(100, 250, 100)).toEqual({ drop: 100, skip: 150 });
    expect(planAppend(40, 100, 100)).toEqual({ drop: 40, skip: 0 });
  });

  it('copies stderr lines marked as the log file marks them', () => {
    const lines: LogLine[] = [
      { seq: 1, stream: 'stdout', text: 'epoch 1' },
      { seq: 2, stream: 'stderr', text: 'warning: slow' },
    ];
    expect(linesText(lines)).toBe('epoch 1\n[stderr] warning: slow');
  });

  it('says what the panel does not show', () => {
    expect(tailNote(null, false)).toBe('');
    expect(tailNote(1, false)).toBe('');
    expect(tailNote(2, false)).toBe('1 earlier line in the full log');
    expect(tailNote(12_001, true)).toBe('12,000 earlier lines in the full log · the log file reached its size cap');
  });
});
