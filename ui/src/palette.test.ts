import { describe, expect, it } from 'vitest';
import { BACKGROUND, contrast, deltaE, jobColor, palette, PALETTE_SIZE, type Theme } from './palette';

const themes: Theme[] = ['light', 'dark'];

describe('jobColor', () => {
  it('derives a stable colour from the ordinal, cycling through the palette', () => {
    for (const t of themes) {
      expect(jobColor(0, t)).toBe(palette(t)[0]);
      expect(jobColor(3, t)).toBe(jobColor(3, t));
      expect(jobColor(PALETTE_SIZE + 3, t)).toBe(jobColor(3, t));
      expect(jobColor(-1, t)).toBe(palette(t)[PALETTE_SIZE - 1]);
      expect(jobColor(2.7, t)).toBe(jobColor(2, t));
    }
  });
  it('has the same number of hues in both themes', () => {
    expect(palette('light')).toHaveLength(PALETTE_SIZE);
    expect(palette('dark')).toHaveLength(PALETTE_SIZE);
    expect(PALETTE_SIZE).toBeGreaterThanOrEqual(20);
  });
});

describe('palette quality', () => {
  it('stands out from its background (3:1, the WCAG figure for graphics)', () => {
    for (const t of themes) {
      for (const c of palette(t)) {
        expect(contrast(c, BACKGROUND[t]), `${c} on ${t}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
  it('tells every colour apart from every other (ΔE ≥ 12), neighbours clearly (ΔE ≥ 25)', () => {
    for (const t of themes) {
      const p = palette(t);
      for (let i = 0; i < p.length; i++) {
        for (let j = i + 1; j < p.length; j++) {
          expect(deltaE(p[i]!, p[j]!), `${t} ${p[i]} vs ${p[j]}`).toBeGreaterThanOrEqual(12);
        }
        const next = p[(i + 1) % p.length]!;
        expect(deltaE(p[i]!, next), `${t} neighbours ${p[i]} ${next}`).toBeGreaterThanOrEqual(25);
      }
    }
  });
});

describe('colour maths', () => {
  it('computes WCAG contrast', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBeCloseTo(1, 5);
  });
  it('computes ΔE', () => {
    expect(deltaE('#ff0000', '#ff0000')).toBe(0);
    expect(deltaE('#000000', '#ffffff')).toBeCloseTo(100, 0);
  });
});
