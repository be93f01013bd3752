import { describe, expect, it } from 'vitest';
import { exactRange, paddedRange, panRange, zoomRange } from './plotmath';

describe('paddedRange', () => {
  it('pads the data range by 5 % either side', () => {
    expect(paddedRange(0, 100)).toEqual({ min: -5, max: 105 });
  });
  it('gives a flat series room around its value', () => {
    expect(paddedRange(10, 10)).toEqual({ min: 9, max: 11 });
    expect(paddedRange(0, 0)).toEqual({ min: -1, max: 1 });
  });
  it('falls back to 0..1 without data', () => {
    expect(paddedRange(null, null)).toEqual({ min: 0, max: 1 });
    expect(exactRange(null, 3)).toEqual({ min: 0, max: 1 });
  });
});

describe('exactRange', () => {
  it('keeps the x range tight', () => {
    expect(exactRange(2, 9)).toEqual({ min: 2, max: 9 });
    expect(exactRange(4, 4)).toEqual({ min: 3.5, max: 4.5 });
  });
});

describe('zoomRange', () => {
  it('zooms around the anchor, keeping the value under it in place', () => {
    expect(zoomRange({ min: 0, max: 100 }, 0.5, 0.5)).toEqual({ min: 25, max: 75 });
    expect(zoomRange({ min: 0, max: 100 }, 0.5, 0)).toEqual({ min: 0, max: 50 });
    const r = zoomRange({ min: 0, max: 100 }, 2, 0.25);
    expect(r.min).toBe(-25);
    expect(r.max).toBe(175);
  });
  it('never collapses the range', () => {
    let r = { min: 1, max: 2 };
    for (let i = 0; i < 200; i++) r = zoomRange(r, 0.1);
    expect(r.max).toBeGreaterThan(r.min);
  });
});

describe('panRange', () => {
  it('moves by the span times the pixel fraction', () => {
    expect(panRange({ min: 0, max: 100 }, 50, 200)).toEqual({ min: 25, max: 125 });
    expect(panRange({ min: 0, max: 100 }, -20, 100)).toEqual({ min: -20, max: 80 });
    expect(panRange({ min: 0, max: 100 }, 5, 0)).toEqual({ min: 0, max: 100 });
  });
});
