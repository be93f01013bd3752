// The plot's arithmetic: autoscale ranges, wheel and key zoom, panning, the point budget of
// a line and the hover's nearest point. Pure: the view in views/plot/ hands in numbers and
// pixel projections, and applies what comes back.

import { lowerBound } from './decimate';

/** A closed interval of a scale. */
export interface Range {
  min: number;
  max: number;
}

/** The two scales of the plot. */
export interface Scales {
  x: Range;
  y: Range;
}

/** The zoom factor of one wheel notch or one `+`/`-` key (its inverse zooms in). */
export const ZOOM_STEP = 1.2;

/** The share of the plot one arrow key pans by. */
const KEY_PAN_STEP = 0.1;

/** Points handed to uPlot for all lines together while following the data. */
export const TOTAL_POINTS = 16_384;

/** The fewest points a line gets however many share `TOTAL_POINTS`. */
export const MIN_POINTS_PER_LINE = 128;

/** Points either side of the cursor's x that the hover looks at on a line with ascending x. */
const HOVER_WINDOW = 4;

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

/**
 * The scales after pressing `key` with the plot focused: arrows pan by a tenth of the view,
 * `+`/`=` zoom in and `-`/`_` out around the middle. `null` for any other key.
 */
export function keyScales(key: string, cur: Scales): Scales | null {
  const step = KEY_PAN_STEP * 100;
  switch (key) {
    case 'ArrowLeft':
      return { x: panRange(cur.x, -step, 100), y: cur.y };
    case 'ArrowRight':
      return { x: panRange(cur.x, step, 100), y: cur.y };
    case 'ArrowUp':
      return { x: cur.x, y: panRange(cur.y, step, 100) };
    case 'ArrowDown':
      return { x: cur.x, y: panRange(cur.y, -step, 100) };
    case '+':
    case '=':
      return { x: zoomRange(cur.x, 1 / ZOOM_STEP), y: zoomRange(cur.y, 1 / ZOOM_STEP) };
    case '-':
    case '_':
      return { x: zoomRange(cur.x, ZOOM_STEP), y: zoomRange(cur.y, ZOOM_STEP) };
    default:
      return null;
  }
}

/**
 * How many points each of `lines` lines may hand uPlot while the view follows the data.
 * Canvas stroking is the plot's real cost (software rasterisers in WebKitGTK under Xvfb), so
 * all lines together get `TOTAL_POINTS`, never fewer than `MIN_POINTS_PER_LINE` each. Even,
 * because min/max thinning writes two points per bucket.
 */
export function linePointBudget(lines: number): number {
  return Math.max(MIN_POINTS_PER_LINE, Math.floor(TOTAL_POINTS / Math.max(1, lines)) & ~1);
}

/** One line's drawn points, as the hover searches them. */
export interface HoverLine {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** True when `x` ascends: only the points near the cursor's x are looked at. */
  sorted: boolean;
}

/** Between values and pixels of the plotting area (uPlot's `valToPos`/`posToVal`). */
export interface Projection {
  xToPx(x: number): number;
  yToPx(y: number): number;
  pxToX(px: number): number;
}

/** The point the hover read-out shows: its line's index, its values and its pixels. */
export interface NearestPoint {
  line: number;
  x: number;
  y: number;
  px: number;
  py: number;
}

/**
 * The drawn point nearest the cursor (in pixels, closer than `radius`), over every line that
 * is not `null` (hidden or empty); the first one found wins a tie. A line with ascending x is
 * searched only `HOVER_WINDOW` points either side of the cursor's x, so hovering costs the
 * same however long the lines are; the drawn data is about one point per pixel column.
 */
export function nearestPoint(
  lines: readonly (HoverLine | null)[],
  proj: Projection,
  cursor: { left: number; top: number },
  radius: number,
): NearestPoint | null {
  let best: NearestPoint | null = null;
  let bestD = radius;
  const xAtCursor = proj.pxToX(cursor.left);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const { x: xs, y: ys } = line;
    const n = xs.length;
    if (n === 0) continue;
    let from = 0;
    let to = n;
    if (line.sorted) {
      const j = lowerBound(xs, n, xAtCursor);
      from = Math.max(0, j - HOVER_WINDOW);
      to = Math.min(n, j + HOVER_WINDOW);
    }
    for (let k = from; k < to; k++) {
      const x = xs[k] as number;
      const y = ys[k] as number;
      const px = proj.xToPx(x);
      const py = proj.yToPx(y);
      const d = Math.hypot(px - cursor.left, py - cursor.top);
      if (d < bestD) {
        bestD = d;
        best = { line: i, x, y, px, py };
      }
    }
  }
  return best;
}
