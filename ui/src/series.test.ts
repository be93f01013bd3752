import { describe, expect, it } from 'vitest';
import { Series } from './series';

describe('Series', () => {
  it('appends column-oriented points, growing its typed arrays', () => {
    const s = new Series(8);
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const ys = xs.map((x) => x * 2);
    expect(s.append(xs, ys)).toBe(100);
    expect(s.length).toBe(100);
    expect(s.x).toBeInstanceOf(Float64Array);
    expect(s.x.length).toBeGreaterThanOrEqual(100);
    expect(s.y[99]).toBe(198);
    expect([s.minX, s.maxX, s.minY, s.maxY]).toEqual([0, 99, 0, 198]);
    expect(s.sorted).toBe(true);
    expect(s.lastX()).toBe(99);
  });
  it('bumps its version only when points were added', () => {
    const s = new Series();
    const v = s.version;
    s.append([], []);
    expect(s.version).toBe(v);
    s.append([1], [1]);
    expect(s.version).toBe(v + 1);
  });
  it('skips null and non-finite values (serde sends NaN as null)', () => {
    const s = new Series();
    expect(s.append([0, 1, null, 3, 4], [1, null, 2, Number.NaN, 5])).toBe(2);
    expect([...s.x.subarray(0, s.length)]).toEqual([0, 4]);
  });
  it('notices when x goes backwards', () => {
    const s = new Series();
    s.append([1, 2, 3], [0, 0, 0]);
    expect(s.sorted).toBe(true);
    s.append([2], [0]);
    expect(s.sorted).toBe(false);
  });
  it('halves itself at the cap, keeping min and max', () => {
    const s = new Series(8, 64);
    const xs = Array.from({ length: 200 }, (_, i) => i);
    const ys = xs.map((x) => (x === 150 ? 1_000 : x === 20 ? -1_000 : Math.sin(x)));
    s.append(xs, ys);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.compactions).toBeGreaterThan(0);
    const y = [...s.y.subarray(0, s.length)];
    expect(Math.max(...y)).toBe(1_000);
    expect(Math.min(...y)).toBe(-1_000);
    expect(s.x[s.length - 1]).toBeGreaterThanOrEqual(190);
    const x = [...s.x.subarray(0, s.length)];
    for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThanOrEqual(x[i - 1]!);
  });
  it('displays a short series as it is, a long one through its level of detail', () => {
    const s = new Series(8, 1 << 16, 16);
    s.append(
      Array.from({ length: 32 }, (_, i) => i),
      Array.from({ length: 32 }, (_, i) => i % 7),
    );
    expect(s.decimatedForDisplay).toBe(false);
    expect(s.display().x.length).toBe(32);
    s.append(
      Array.from({ length: 968 }, (_, i) => 32 + i),
      Array.from({ length: 968 }, (_, i) => (i === 500 ? 99 : i % 7)),
    );
    expect(s.decimatedForDisplay).toBe(true);
    const d = s.display();
    expect(d.x.length).toBeLessThanOrEqual(35);
    expect(Math.max(...d.y)).toBe(99);
    expect(d.x[0]).toBe(0);
    expect(d.x[d.x.length - 1]).toBe(999);
  });
  it('resets to empty', () => {
    const s = new Series();
    s.append([3, 1], [1, 1]);
    s.reset();
    expect(s.length).toBe(0);
    expect(s.sorted).toBe(true);
    expect(s.lastX()).toBe(-Infinity);
    expect(s.display().x.length).toBe(0);
    expect(s.decimatedForDisplay).toBe(false);
  });
});
