import { describe, expect, it } from 'vitest';
import { lowerBound, minMaxDecimate, MinMaxLod, upperBound } from './decimate';

describe('lowerBound / upperBound', () => {
  const xs = [1, 2, 2, 2, 5, 9];
  it('find the first index at or above / above a value', () => {
    expect(lowerBound(xs, xs.length, 2)).toBe(1);
    expect(upperBound(xs, xs.length, 2)).toBe(4);
    expect(lowerBound(xs, xs.length, 0)).toBe(0);
    expect(lowerBound(xs, xs.length, 10)).toBe(6);
    expect(upperBound(xs, xs.length, 9)).toBe(6);
    expect(lowerBound(xs, 3, 5)).toBe(3);
  });
});

describe('minMaxDecimate', () => {
  it('copies short ranges unchanged', () => {
    const ox = new Float64Array(8);
    const oy = new Float64Array(8);
    const n = minMaxDecimate([0, 1, 2], [5, 6, 7], 0, 3, 4, ox, oy);
    expect(n).toBe(3);
    expect([...ox.subarray(0, n)]).toEqual([0, 1, 2]);
  });
  it('keeps each bucket’s min and max in order, so peaks survive', () => {
    const N = 10_000;
    const xs = Float64Array.from({ length: N }, (_, i) => i);
    const ys = Float64Array.from({ length: N }, (_, i) => Math.sin(i / 50));
    ys[4321] = 100; // a spike
    ys[8765] = -100; // a dip
    const ox = new Float64Array(200);
    const oy = new Float64Array(200);
    const n = minMaxDecimate(xs, ys, 0, N, 100, ox, oy);
    expect(n).toBeLessThanOrEqual(200);
    expect(n).toBeGreaterThan(100);
    expect(Math.max(...oy.subarray(0, n))).toBe(100);
    expect(Math.min(...oy.subarray(0, n))).toBe(-100);
    for (let i = 1; i < n; i++) expect(ox[i]!).toBeGreaterThan(ox[i - 1]!);
    expect(ox[0]).toBe(0);
  });
  it('decimates a sub-range only', () => {
    const xs = Float64Array.from({ length: 100 }, (_, i) => i);
    const ox = new Float64Array(10);
    const oy = new Float64Array(10);
    const n = minMaxDecimate(xs, xs, 40, 60, 5, ox, oy);
    expect(ox[0]).toBe(40);
    expect(ox[n - 1]).toBe(59);
  });
});

describe('MinMaxLod', () => {
  it('is exact while there are fewer points than buckets', () => {
    const lod = new MinMaxLod(8);
    for (let i = 0; i < 5; i++) lod.push(i, i * i);
    const out = lod.output();
    expect([...out.x]).toEqual([0, 1, 2, 3, 4]);
    expect([...out.y]).toEqual([0, 1, 4, 9, 16]);
  });
  it('stays bounded however many points arrive, and keeps extremes and the latest point', () => {
    const lod = new MinMaxLod(64);
    const N = 100_000;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < N; i++) {
      const y = Math.sin(i / 300) * 10 + (i === 77_777 ? 1_000 : 0);
      min = Math.min(min, y);
      max = Math.max(max, y);
      lod.push(i, y);
    }
    const out = lod.output();
    expect(out.x.length).toBeLessThanOrEqual(2 * 64 + 3);
    expect(out.x.length).toBeGreaterThan(64);
    expect(Math.max(...out.y)).toBe(max);
    expect(Math.min(...out.y)).toBe(min);
    expect(out.x[out.x.length - 1]).toBe(N - 1);
    for (let i = 1; i < out.x.length; i++) expect(out.x[i]!).toBeGreaterThan(out.x[i - 1]!);
    expect(lod.pushed).toBe(N);
    expect(lod.bucketSize & (lod.bucketSize - 1)).toBe(0);
  });
  it('agrees with a one-shot decimation about the extremes at every step', () => {
    const lod = new MinMaxLod(16);
    const ys: number[] = [];
    let seed = 7;
    for (let i = 0; i < 3_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const y = seed / 2 ** 31 - 0.5;
      ys.push(y);
      lod.push(i, y);
      if (i % 97 === 0) {
        const out = lod.output();
        expect(Math.max(...out.y)).toBe(Math.max(...ys));
        expect(Math.min(...out.y)).toBe(Math.min(...ys));
      }
    }
  });
  it('forgets everything on clear', () => {
    const lod = new MinMaxLod(4);
    for (let i = 0; i < 50; i++) lod.push(i, i);
    lod.clear();
    expect(lod.output().x.length).toBe(0);
    lod.push(1, 2);
    expect([...lod.output().y]).toEqual([2]);
  });
  it('rejects an odd bucket count', () => {
    expect(() => new MinMaxLod(7)).toThrow(RangeError);
  });
});
