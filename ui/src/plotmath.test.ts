import { describe, expect, it } from 'vitest';
import {
  exactRange,
  keyScales,
  linePointBudget,
  MIN_POINTS_PER_LINE,
  nearestPoint,
  paddedRange,
  panRange,
  TOTAL_POINTS,
  zoomRange,
  type HoverLine,
  type Projection,
} from './plotmath';

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

describe('keyScales', () => {
  const cur = { x: { min: 0, max: 100 }, y: { min: -10, max: 10 } };
  it('pans one axis by a tenth of the view with the arrows', () => {
    expect(keyScales('ArrowLeft', cur)).toEqual({ x: { min: -10, max: 90 }, y: cur.y });
    expect(keyScales('ArrowRight', cur)).toEqual({ x: { min: 10, max: 110 }, y: cur.y });
    expect(keyScales('ArrowUp', cur)).toEqual({ x: cur.x, y: { min: -8, max: 12 } });
    expect(keyScales('ArrowDown', cur)).toEqual({ x: cur.x, y: { min: -12, max: 8 } });
  });
  it('zooms both axes around the middle with + and -, and back', () => {
    const zin = keyScales('+', cur)!;
    expect(keyScales('=', cur)).toEqual(zin);
    expect(zin.x.max - zin.x.min).toBeCloseTo(100 / 1.2);
    expect((zin.x.min + zin.x.max) / 2).toBeCloseTo(50);
    expect((zin.y.min + zin.y.max) / 2).toBeCloseTo(0);
    const back = keyScales('-', zin)!;
    expect(keyScales('_', zin)).toEqual(back);
    expect(back.x.min).toBeCloseTo(0);
    expect(back.x.max).toBeCloseTo(100);
    expect(back.y.max).toBeCloseTo(10);
  });
  it('leaves other keys alone (the reset keys are the view’s business)', () => {
    for (const key of ['a', 'Enter', '0', 'Home', 'Escape', ' ']) expect(keyScales(key, cur)).toBeNull();
  });
});

describe('linePointBudget', () => {
  it('shares the total among the lines, in even numbers', () => {
    expect(linePointBudget(1)).toBe(TOTAL_POINTS);
    expect(linePointBudget(16)).toBe(TOTAL_POINTS / 16);
    expect(linePointBudget(3)).toBe(5460);
    for (let n = 1; n < 200; n++) expect(linePointBudget(n) % 2).toBe(0);
  });
  it('never goes below the floor, nor above the total without lines', () => {
    expect(linePointBudget(64)).toBe(256);
    expect(linePointBudget(1000)).toBe(MIN_POINTS_PER_LINE);
    expect(linePointBudget(0)).toBe(TOTAL_POINTS);
  });
});

describe('nearestPoint', () => {
  // 10 px per unit either way; pixel y grows downwards as on a canvas (y 0 at 500 px).
  const proj: Projection = { xToPx: (x) => x * 10, yToPx: (y) => 500 - y * 10, pxToX: (px) => px / 10 };
  const line = (x: number[], y: number[], sorted = true): HoverLine => ({ x, y, sorted });

  it('finds the closest point over all lines, with its line and pixels', () => {
    const lines = [line([0, 1, 2, 3], [0, 0, 0, 0]), line([0, 1, 2, 3], [1, 2, 3, 4])];
    // The cursor sits at x 2, y 2.8: line 1's (2, 3) is 2 px away, line 0's (2, 0) 28 px.
    expect(nearestPoint(lines, proj, { left: 20, top: 472 }, 24)).toEqual({ line: 1, x: 2, y: 3, px: 20, py: 470 });
    // At y 0.5 line 0 is nearer.
    expect(nearestPoint(lines, proj, { left: 20, top: 495 }, 24)?.line).toBe(0);
  });
  it('finds nothing beyond the radius, and skips hidden or empty lines', () => {
    const lines = [line([0, 1], [0, 0]), null, line([], [])];
    expect(nearestPoint(lines, proj, { left: 5, top: 400 }, 24)).toBeNull();
    expect(nearestPoint([null, line([5], [5])], proj, { left: 50, top: 450 }, 24)).toMatchObject({
      line: 1,
      x: 5,
      y: 5,
    });
  });
  it('keeps the first of two points at the same distance', () => {
    const lines = [line([1], [1]), line([1], [1])];
    expect(nearestPoint(lines, proj, { left: 10, top: 490 }, 24)?.line).toBe(0);
  });
  it('searches an unsorted line whole, and a sorted one near the cursor’s x only', () => {
    // The point under the cursor is index 0, far in index from where x = 50 would sort.
    const xs = [50, ...Array.from({ length: 100 }, (_, i) => i)];
    const ys = [7, ...Array.from({ length: 100 }, () => -100)];
    expect(nearestPoint([line(xs, ys, false)], proj, { left: 500, top: 430 }, 24)).toMatchObject({ x: 50, y: 7 });
    // A long sorted line (a point every 10 px): the point under the cursor, found by binary search.
    const n = 100_000;
    const sx = Array.from({ length: n }, (_, i) => i);
    const sy = sx.map((i) => i % 7);
    expect(nearestPoint([line(sx, sy)], proj, { left: 700_001, top: 500 - (70_000 % 7) * 10 }, 24)).toEqual({
      line: 0,
      x: 70_000,
      y: 70_000 % 7,
      px: 700_000,
      py: 500 - (70_000 % 7) * 10,
    });
  });
});
