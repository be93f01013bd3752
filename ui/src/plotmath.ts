// Scale arithmetic of the plot: autoscale ranges, wheel zoom and panning. Pure.

/** A closed interval of a scale. */
export interface Range {
  min: number;
  max: number;
}

/**
 * The y range that shows `[min, max]` with a margin of `pad` of its span either side; a flat
 * series gets a unit-sized range around its value so it is drawn mid-plot, not on an edge.
 */
export function paddedRange(min: number | null, max: number | null, pad = 0.05): Range {
  if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (min === max) {
    const d = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return { min: min - d, max: max + d };
  }
  const span = max - min;
  return { min: min - span * pad, max: max + span * pad };
}

/** The x range that shows `[min, max]` exactly (a single x gets a unit-sized range). */
export function exactRange(min: number | null, max: number | null): Range {
  if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (min === max) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/**
 * Zooms `r` by `factor` (< 1 zooms in) keeping the value at `anchor` (0..1 along the range)
 * where it is, as a wheel zoom around the pointer does.
 */
export function zoomRange(r: Range, factor: number, anchor = 0.5): Range {
  const a = Math.min(1, Math.max(0, anchor));
  const span = r.max - r.min;
  const at = r.min + span * a;
  const next = span * factor;
  // Never zoom into a span too small for float64 to tell the ends apart.
  const minSpan = Math.max(Math.abs(at) * 1e-12, 1e-12);
  const s = Math.max(next, minSpan);
  return { min: at - s * a, max: at + s * (1 - a) };
}

/** Moves `r` by `deltaPx` of a `sizePx`-long axis (positive: towards larger values). */
export function panRange(r: Range, deltaPx: number, sizePx: number): Range {
  if (sizePx <= 0) return { ...r };
  const d = ((r.max - r.min) * deltaPx) / sizePx;
  return { min: r.min + d, max: r.max + d };
}
