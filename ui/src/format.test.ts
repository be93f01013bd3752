import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatCompact,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  formatResult,
  formatTick,
  formatValue,
  shortId,
} from './format';

describe('shortId', () => {
  it('takes the first 8 hex characters of a uuid', () => {
    expect(shortId('3f2a1b2c-1111-4222-8333-444455556666')).toBe('3f2a1b2c');
    expect(shortId('3f2a-1b2c-1111')).toBe('3f2a1b2c');
  });
});

describe('formatDuration', () => {
  it('shows tenths below ten seconds, whole seconds below a minute', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(9_999)).toBe('9.9 s');
    expect(formatDuration(42_500)).toBe('42 s');
  });
  it('shows minutes, hours and days', () => {
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000)).toBe('2h 07m');
    expect(formatDuration(130 * 3_600_000)).toBe('5d 10h');
  });
  it('says unknown for missing or nonsense values', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatEta', () => {
  it('rounds up to whole seconds and says "< 1 s" at the end', () => {
    expect(formatEta(400)).toBe('< 1 s');
    expect(formatEta(1_200)).toBe('2.0 s');
    expect(formatEta(61_000)).toBe('1m 01s');
    expect(formatEta(null)).toBe('—');
    expect(formatEta(Infinity)).toBe('—');
  });
});

describe('formatClock', () => {
  it('pads hours, minutes and seconds', () => {
    expect(formatClock(new Date(2024, 0, 1, 3, 4, 5))).toBe('03:04:05');
    expect(formatClock(new Date(2024, 0, 1, 23, 59, 59))).toBe('23:59:59');
  });
});

describe('formatCompact and formatRate', () => {
  it('keeps at most three significant digits with SI suffixes', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(1_234)).toBe('1.2k');
    expect(formatCompact(34_000)).toBe('34k');
    expect(formatCompact(999_999)).toBe('1M');
    expect(formatCompact(5_600_000)).toBe('5.6M');
    expect(formatCompact(2.345)).toBe('2.35');
    expect(formatCompact(12.34)).toBe('12.3');
  });
  it('formats rates of counts and of bytes', () => {
    expect(formatRate(12)).toBe('12/s');
    expect(formatRate(1_500)).toBe('1.5k/s');
    expect(formatRate(34_000_000, 'bytes')).toBe('34 MB/s');
    expect(formatRate(0)).toBe('—');
    expect(formatRate(null)).toBe('—');
  });
  it('formats bytes in decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500)).toBe('1.5 KB');
    expect(formatBytes(3_400_000_000)).toBe('3.4 GB');
  });
});

describe('formatPercent', () => {
  it('never shows 100% before a job is done, nor 0% once it moved', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.4)).toBe('0.4%');
    expect(formatPercent(42.7)).toBe('42%');
    expect(formatPercent(99.97)).toBe('99.9%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(140)).toBe('100%');
  });
});

describe('formatValue and formatTick', () => {
  it('shows integers fully and others with six significant digits', () => {
    expect(formatValue(42)).toBe('42');
    expect(formatValue(3.14159265)).toBe('3.14159');
    expect(formatValue(0.00001234)).toBe('1.234e-5');
    expect(formatValue(-2)).toBe('-2');
  });
  it('labels axis ticks compactly', () => {
    expect(formatTick(1_000_000_000)).toBe('1G');
    expect(formatTick(25_000)).toBe('25k');
    expect(formatTick(0)).toBe('0');
    expect(formatTick(0.125)).toBe('0.125');
    expect(formatTick(1234.5678)).toBe('1235');
  });
});

describe('formatResult', () => {
  it('lists primitive fields and summarises nested ones', () => {
    expect(formatResult({ number: 20, value: 0.2 })).toBe('number: 20, value: 0.2');
    expect(formatResult({ pi: 3.14159265, absError: 0.0000123 })).toBe('pi: 3.14159, absError: 1.23e-5');
    expect(formatResult({ files: 3, bytes: 1_500_000, manifest: { a: 'x', b: 'y' }, unreadable: [] })).toBe(
      'files: 3, bytes: 1.5 MB, manifest: {2 entries}, unreadable: [0 items]',
    );
    expect(formatResult(null)).toBe('done');
    expect(formatResult(7)).toBe('7');
  });
  it('cuts long results with an ellipsis', () => {
    const long = formatResult({ text: 'x'.repeat(500) }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('formatResult of a command job', () => {
  it('reads exit code, time and last line', () => {
    expect(formatResult({ exitCode: 0, lastLines: ['epoch 40', 'done'], seconds: 1.234 })).toBe(
      'exit 0 · 1.2 s · done',
    );
    expect(formatResult({ exitCode: 0, lastLines: [], seconds: 75 })).toBe('exit 0 · 1m 15s');
    // Anything else stays generic.
    expect(formatResult({ exitCode: 0 })).toBe('exitCode: 0');
  });
});
