// The plot's lines: which lines there are (one per job with data, in submission order), and
// what each hands uPlot when the data is rebuilt. Following the data, a line gets its
// series' level of detail, thinned further when many lines share the point budget; zoomed,
// an exact min/max decimation of the visible range at about one point per pixel column (a
// zero-copy view when few enough points are visible), cached until the series or the range
// changes. No DOM and no uPlot here, so it is tested in Node.
//
// A line is keyed by its job: it draws that job's points in the series the plot shows
// (`Store.plotted`, picked in the selector); `wantedLines` and `lineSeries` read the name.

import { minMaxDecimate, lowerBound, upperBound } from '../../decimate';
import { shortId } from '../../format';
import type { JobId } from '../../generated/JobId';
import type { Range } from '../../plotmath';
import type { Series } from '../../series';
import type { Store } from '../../store';

/** One line of the plot: uPlot's series `i + 1` is the view's `lines[i]`. */
export interface Line {
  /** The job whose series the line draws. */
  readonly id: JobId;
  /** The job's ordinal: the lines' order and the line's colour. */
  readonly ordinal: number;
  /** Kind and short id, as the legend and the hover read-out show it. */
  readonly label: string;
  /** Unticked in the legend: not drawn, not autoscaled. */
  hidden: boolean;
  /** The line's legend entry once the legend created it. */
  legend: HTMLElement | null;
  /** What `lineData` keeps between rebuilds; nothing else reads it. */
  readonly cache: LineCache;
}

interface LineCache {
  /** The exact decimation of the zoomed range, its length, and what it was computed from. */
  zoom: { x: Float64Array; y: Float64Array } | null;
  zoomLen: number;
  zoomOf: Series | null;
  zoomKey: string;
  /** Scratch for thinning the level of detail when many lines share the budget. */
  thin: { x: Float64Array; y: Float64Array } | null;
}

/** A line the store's data asks for. */
export interface WantedLine {
  id: JobId;
  ordinal: number;
  kind: string;
}

/** The lines the store's data asks for: one per job with the plotted series, in ordinal order. */
export function wantedLines(store: Store): WantedLine[] {
  const wanted: WantedLine[] = [];
  const name = store.plotted;
  if (name == null) return wanted;
  for (const [id, named] of store.series) {
    const job = store.jobs.get(id);
    if (job && named.has(name)) wanted.push({ id, ordinal: job.ordinal, kind: job.kind });
  }
  return wanted.sort((a, b) => a.ordinal - b.ordinal);
}

/** A new line for `w`, shown, without a legend entry yet. */
export function newLine(w: WantedLine): Line {
  return {
    id: w.id,
    ordinal: w.ordinal,
    label: `${w.kind} ${shortId(w.id)}`,
    hidden: false,
    legend: null,
    cache: { zoom: null, zoomLen: 0, zoomOf: null, zoomKey: '', thin: null },
  };
}

/** The series a line draws: its job's points in the plotted series (none while it has none). */
export function lineSeries(store: Store, line: Line): Series | undefined {
  const name = store.plotted;
  return name == null ? undefined : store.series.get(line.id)?.get(name);
}

/** What one rebuild of the data needs to know about the view. */
export interface DataWindow {
  /** The visible x range when the user zoomed or panned; `null` while following the data. */
  zoomed: Range | null;
  /** Buckets of the zoomed decimation: about the plot's width in CSS pixels. */
  buckets: number;
  /** Points each line may hand uPlot while following (`linePointBudget`). */
  perLine: number;
}

/**
 * The `[x, y]` arrays `line` hands uPlot for series `s` in view `w`. Views of `s`'s buffers
 * or of the line's cache: valid until the next change of either, which is all uPlot needs
 * (it gets new arrays on every `setData`).
 */
export function lineData(line: Line, s: Series | undefined, w: DataWindow): [Float64Array, Float64Array] {
  const c = line.cache;
  if (!s || s.length === 0) return [new Float64Array(0), new Float64Array(0)];
  const { zoomed, buckets } = w;
  if (zoomed && s.sorted) {
    // One point beyond each edge, so lines run off the plot instead of stopping short.
    const i0 = Math.max(0, lowerBound(s.x, s.length, zoomed.min) - 1);
    const i1 = Math.min(s.length, upperBound(s.x, s.length, zoomed.max) + 1);
    if (i1 - i0 <= buckets * 2) return [s.x.subarray(i0, i1), s.y.subarray(i0, i1)];
    const key = `${s.version}:${i0}:${i1}:${buckets}`;
    if (c.zoomOf !== s || c.zoomKey !== key || !c.zoom) {
      if (!c.zoom || c.zoom.x.length < buckets * 2) {
        c.zoom = { x: new Float64Array(buckets * 2), y: new Float64Array(buckets * 2) };
      }
      c.zoomLen = minMaxDecimate(s.x, s.y, i0, i1, buckets, c.zoom.x, c.zoom.y);
      c.zoomOf = s;
      c.zoomKey = key;
    }
    return [c.zoom.x.subarray(0, c.zoomLen), c.zoom.y.subarray(0, c.zoomLen)];
  }
  c.zoomOf = null;
  c.zoomKey = '';
  const lod = s.display();
  const perLine = w.perLine;
  if (lod.x.length <= perLine) return [lod.x, lod.y];
  // Many lines at once: thin each further so the canvas strokes a bounded total.
  if (!c.thin || c.thin.x.length < perLine) c.thin = { x: new Float64Array(perLine), y: new Float64Array(perLine) };
  const n = minMaxDecimate(lod.x, lod.y, 0, lod.x.length, perLine >> 1, c.thin.x, c.thin.y);
  return [c.thin.x.subarray(0, n), c.thin.y.subarray(0, n)];
}
