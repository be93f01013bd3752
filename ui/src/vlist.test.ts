import { describe, expect, it } from 'vitest';
import { rowWindow, scrollIntoView } from './vlist';

describe('rowWindow', () => {
  it('renders every row of a short list', () => {
    expect(rowWindow(0, 400, 36, 10)).toEqual({ start: 0, end: 10, offset: 0, total: 360 });
  });
  it('renders only the visible rows plus overscan of a long list', () => {
    const w = rowWindow(36 * 1000, 360, 36, 5000, 4);
    expect(w.start).toBe(996);
    expect(w.end).toBe(1014);
    expect(w.offset).toBe(996 * 36);
    expect(w.total).toBe(5000 * 36);
  });
  it('handles a partly visible first row', () => {
    const w = rowWindow(50, 100, 36, 100, 0);
    expect(w.start).toBe(1);
    expect(w.end).toBe(5);
  });
  it('clamps a scroll position left past the end after rows went', () => {
    const w = rowWindow(36 * 1000, 360, 36, 20, 2);
    expect(w.end).toBe(20);
    expect(w.start).toBeGreaterThanOrEqual(0);
    expect(w.start).toBeLessThan(20);
  });
  it('is empty for no rows, and rejects a zero row height', () => {
    expect(rowWindow(0, 300, 36, 0)).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
    expect(() => rowWindow(0, 300, 0, 5)).toThrow(RangeError);
  });
});

describe('scrollIntoView', () => {
  it('moves as little as possible', () => {
    expect(scrollIntoView(0, 360, 36, 3)).toBe(0);
    expect(scrollIntoView(0, 360, 36, 20)).toBe(21 * 36 - 360);
    expect(scrollIntoView(1000, 360, 36, 2)).toBe(72);
  });
});
