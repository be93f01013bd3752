import { describe, expect, it } from 'vitest';
import { FrameMeter } from './frameMeter';

describe('FrameMeter', () => {
  it('reports zeros before any interval', () => {
    const m = new FrameMeter();
    expect(m.stats()).toEqual({ frames: 0, p50: 0, p95: 0, max: 0 });
    m.frame(100);
    expect(m.stats().frames).toBe(0);
  });
  it('computes p50, p95 and max of frame intervals', () => {
    const m = new FrameMeter();
    let t = 0;
    m.frame(t);
    // 95 frames of 16 ms, 4 of 33 ms, 1 of 120 ms.
    for (let i = 0; i < 95; i++) m.frame((t += 16));
    for (let i = 0; i < 4; i++) m.frame((t += 33));
    m.frame((t += 120));
    const s = m.stats();
    expect(s.frames).toBe(100);
    expect(s.p50).toBeCloseTo(16, 0);
    expect(s.p95).toBeCloseTo(16, 0);
    expect(s.max).toBe(120);
    expect(m.percentile(0.99)).toBeCloseTo(33, 0);
    expect(m.percentile(1)).toBe(120);
  });
  it('keeps intervals longer than its histogram exactly as the max', () => {
    const m = new FrameMeter();
    m.record(5_000);
    m.record(10);
    expect(m.stats().max).toBe(5_000);
    expect(m.percentile(1)).toBe(5_000);
  });
  it('starts over on reset', () => {
    const m = new FrameMeter();
    m.frame(0);
    m.frame(50);
    m.reset();
    expect(m.stats().frames).toBe(0);
    m.frame(1_000); // no interval across the reset
    m.frame(1_016);
    expect(m.stats()).toMatchObject({ frames: 1, max: 16 });
  });
  it('counts the frames of the last second for the fps read-out', () => {
    const m = new FrameMeter();
    for (let t = 0; t <= 2_000; t += 1000 / 60) m.frame(t);
    expect(m.fps(2_000)).toBeGreaterThanOrEqual(59);
    expect(m.fps(2_000)).toBeLessThanOrEqual(61);
    expect(m.fps(3_500)).toBe(0);
  });
  it('uses constant memory however long it runs', () => {
    const m = new FrameMeter();
    let t = 0;
    for (let i = 0; i < 200_000; i++) m.frame((t += 16.7));
    expect(m.stats().frames).toBe(199_999);
    expect(m.stats().p50).toBeCloseTo(16.7, 0);
  });
});
