// The live plot: uPlot in mode 2 (each series has its own x), one line per job with data,
// in the job's colour; our own legend, hover read-out, wheel zoom, pan and keyboard.
//
// Cost model. uPlot rebuilds every series' path on each `setData`, so what it is handed
// must stay small whatever the series' length: while the view follows the data it gets
// each series' incremental min/max level of detail (about 1,000 points, updated in O(new
// points)); when zoomed, an exact min/max decimation of the visible range at about one
// point per pixel column (a zero-copy view when few enough points are visible), cached
// until the series or the range changes. Series are added and removed one by one
// (`addSeries`/`delSeries`), not by rebuilding the chart. Everything happens in `draw`,
// called once per animation frame, inside one `batch` so uPlot commits once; new lines and
// points wait one frame when the views before have spent the frame's budget (`FrameBudget`).

import uPlot from 'uplot';
import { Costs, type Cost } from '../probe/costs';
import { minMaxDecimate, lowerBound, upperBound } from '../decimate';
import { byId, h, setAttr, setHidden, setStyle, setText } from '../dom';
import type { JobId } from '../generated/JobId';
import { formatTick, formatValue, shortId } from '../format';
import type { FrameBudget } from '../frameBudget';
import { jobColor, type Theme } from '../palette';
import { exactRange, paddedRange, panRange, zoomRange, type Range } from '../plotmath';
import { Dirty, type Store } from '../store';
import { cssVar } from '../theme';

interface Line {
  id: JobId;
  ordinal: number;
  label: string;
  // Exact decimation of the zoomed range, and what it was computed for.
  zx: Float64Array | null;
  zy: Float64Array | null;
  zLen: number;
  zKey: string;
  // Scratch for thinning the level of detail when many lines share the budget.
  tx: Float64Array | null;
  ty: Float64Array | null;
  /** Unticked in the legend: not drawn, not autoscaled. */
  hidden: boolean;
  legend: HTMLElement | null;
}

/** The parts of `draw` whose cost `stats()` reports. */
const PLOT_PARTS = ['sync', 'data', 'commit', 'legend', 'hover'] as const;
type PlotPart = (typeof PLOT_PARTS)[number];

/** What `window.__jobdeck.plotStats()` reports. */
export interface PlotStats {
  lines: number;
  /** Points held in the store for all lines (not what is drawn, which is decimated). */
  points: number;
  /** The fewest and most points one line holds. */
  pointsPerLine: [number, number];
  /** sync: series added/removed; data: building what uPlot gets; commit: uPlot's redraw. */
  costs: Record<PlotPart, Cost>;
}

interface Hover {
  left: number;
  top: number;
}

const WHEEL_STEP = 1.2;
/** Points handed to uPlot for all lines together while following the data. */
const TOTAL_POINTS = 16_384;
/** A frame interval above this means the window is falling behind. */
const SLOW_FRAME_MS = 25;
/** The longest wait for streamed points under load (the plot still moves 5 times a second). */
const MAX_STREAM_INTERVAL_MS = 200;
const HOVER_RADIUS_PX = 24;
/**
 * Past this many lines they are drawn 1 px wide instead of 1.5: WebKit's 2D canvas (Skia)
 * draws 1 px lines as hairlines, without its path stroker, which took the flood's 64 lines
 * from ~13 to ~4 ms a redraw here; that many lines are a thicket at any width.
 */
const THIN_LINES_PAST = 16;
const LINE_WIDTH = 1.5;
const THIN_LINE_WIDTH = 1;
const SELECTED_LINE_WIDTH = 3;

/** Most legend entries created in one frame (64 jobs appearing at once take 4 frames). */
const LEGEND_ENTRIES_PER_FRAME = 16;
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';

export class PlotView {
  readonly costs = new Costs(PLOT_PARTS);
  private readonly host = byId('plot');
  private readonly legendEl = byId('legend');
  private readonly legendCount = byId('legend-count');
  private readonly readout = byId('plot-readout');
  private readonly resetBtn = byId<HTMLButtonElement>('plot-reset');
  private readonly emptyEl = byId('plot-empty');
  private readonly u: uPlot;
  private readonly marker: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private lines: Line[] = [];
  /** True while the scales follow the data (autoscale); false once the user zoomed or panned. */
  private following = true;
  // Non-zero while `draw` runs, so the setScale hook can tell our changes from uPlot's.
  private inDraw = 0;
  private size: { width: number; height: number } | null = null;
  private dataDirty = true;
  // New points wait to be drawn; drawn when `streamInterval` ms passed since the last time.
  private streamDirty = false;
  private streamInterval = 0;
  private lastStreamDraw = 0;
  private legendDirty = true;
  // New series and points wait a frame when the frame's budget is spent (never two frames).
  private setPending = false;
  private deferred = false;
  private focusDirty = true;
  private showDirty = false;
  private themeDirty = false;
  private hover: Hover | null = null;
  private hoverDirty = false;
  // A pan or wheel zoom waiting for the next frame: the scales to set.
  private pendingScales: { x: Range; y: Range } | null = null;
  private panStart: { x: number; y: number; sx: Range; sy: Range } | null = null;
  private colors = { axis: '#555', grid: 'rgba(0,0,0,0.08)', text: '#222' };

  constructor(
    private readonly store: Store,
    private theme: Theme,
  ) {
    this.readColors();
    const { width, height } = this.measure();
    const opts: uPlot.Options = {
      mode: 2,
      width,
      height,
      ms: 1,
      legend: { show: false },
      padding: [12, 16, 0, 0],
      focus: { alpha: 0.35 },
      cursor: {
        // Our hover read-out finds the nearest point itself; uPlot's per-series search
        // (which in mode 2 needs a custom dataIdx anyway) is switched off.
        dataIdx: () => null as unknown as number,
        // uPlot's delSeries expects each series to own a cursor-point element; give it
        // an invisible one (display: none in the stylesheet).
        points: { show: () => h('div', { class: 'jd-cursor-pt' }) },
        drag: { x: true, y: true, uni: 24, dist: 6, setScale: true },
        focus: { prox: -1 },
        bind: {
          // Left button without Shift: uPlot's drag-to-zoom. Shift or middle: our pan.
          mousedown: (_u, _t, handler) => (e: MouseEvent) => {
            if (e.button === 0 && !e.shiftKey) handler(e);
            return null;
          },
          dblclick: () => () => {
            this.resetZoom();
            return null;
          },
        },
      },
      scales: {
        x: { time: false, auto: () => this.following, range: (_u, min, max) => toTuple(exactRange(min, max)) },
        y: { auto: () => this.following, range: (_u, min, max) => toTuple(paddedRange(min, max)) },
      },
      axes: [
        this.axisOpts(false),
        this.axisOpts(true),
      ],
      // Mode 2 reads its x scale's key from series 1 when it starts: give it a placeholder,
      // removed right after (the chart then holds exactly one series per line).
      series: [{}, { label: '', facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series],
      hooks: {
        // Only a user's drag selects (we never call setSelect): it is followed by uPlot's
        // zoom, so the view stops following the data.
        setSelect: [
          () => {
            this.following = false;
            this.updateResetButton();
          },
        ],
        setScale: [
          () => {
            // A zoom outside our frame (uPlot's drag): decimate for the new range next frame.
            if (this.inDraw === 0 && !this.following) this.dataDirty = true;
          },
        ],
        setCursor: [
          (u) => {
            const { left, top } = u.cursor;
            this.hover = left != null && left >= 0 && top != null ? { left, top } : null;
            this.hoverDirty = true;
          },
        ],
      },
    };
    this.u = new uPlot(opts, [null, [[], []]] as unknown as uPlot.AlignedData, this.host);
    this.u.delSeries(1);
    this.u.setData([null] as unknown as uPlot.AlignedData);
    this.marker = h('div', { class: 'hover-marker', 'aria-hidden': 'true' });
    this.marker.hidden = true;
    this.u.over.append(this.marker);
    this.resizeObserver = new ResizeObserver(() => {
      this.size = this.measure();
    });
    this.resizeObserver.observe(this.host);
    this.host.addEventListener('wheel', this.onWheel, { passive: false });
    this.host.addEventListener('mousedown', this.onPanStart, true);
    this.host.addEventListener('keydown', this.onKey);
    this.host.addEventListener('mouseleave', this.onLeave);
    this.legendEl.addEventListener('click', this.onLegendClick);
    this.legendEl.addEventListener('change', this.onLegendShow);
    this.resetBtn.addEventListener('click', this.onReset);
    this.updateResetButton();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.readColors();
    this.themeDirty = true;
    this.legendDirty = true;
  }

  /** Back to following the data: autoscale on every frame. */
  resetZoom(): void {
    this.following = true;
    this.pendingScales = null;
    this.dataDirty = true;
    this.updateResetButton();
  }

  /** Draws what changed since the last frame; at most one uPlot commit. */
  draw(dirty: number, now = 0, frameMs = 0, budget?: FrameBudget): void {
    const costs = this.costs;
    const setChanged = (dirty & Dirty.SERIES_SET) !== 0 || this.setPending;
    if (dirty & Dirty.SERIES_DATA) this.streamDirty = true;
    // New lines and points can wait one frame when this one is spent (say, 64 table rows
    // were just created): what the user does (zoom, pan, resize, select) never waits.
    const userChange = this.size || this.pendingScales || (dirty & Dirty.SELECTION) || this.showDirty || this.themeDirty;
    if ((setChanged || this.streamDirty) && !userChange && !this.deferred && budget && !budget.left()) {
      this.setPending = setChanged;
      this.deferred = true;
      return;
    }
    this.deferred = false;
    this.setPending = false;
    if (setChanged) {
      const t = performance.now();
      this.syncLines();
      costs.lap('sync', t);
    }
    // Under load (frames slower than ~40 fps) new points are drawn less often, so the rest
    // of the window (clock, table, input) keeps its frame rate; zoom, pan, resize and
    // selection are never delayed. The interval relaxes back to every frame.
    this.streamInterval =
      frameMs > SLOW_FRAME_MS
        ? Math.min(MAX_STREAM_INTERVAL_MS, this.streamInterval + 16)
        : Math.max(0, this.streamInterval - 2);
    if (this.streamDirty && now - this.lastStreamDraw >= this.streamInterval) this.dataDirty = true;
    if (dirty & Dirty.SELECTION) {
      this.focusDirty = true;
      this.legendDirty = true;
    }
    const size = this.size;
    const scales = this.pendingScales;
    const work = setChanged || this.dataDirty || this.focusDirty || this.themeDirty || this.showDirty || size || scales;
    if (work) {
      this.inDraw++;
      const t = performance.now();
      let dataMs = 0;
      try {
        this.u.batch(() => {
          if (size) {
            this.size = null;
            if (size.width !== this.u.width || size.height !== this.u.height) {
              this.u.setSize(size);
              this.dataDirty = true;
            }
          }
          if (scales) {
            this.pendingScales = null;
            this.u.setScale('x', scales.x);
            this.u.setScale('y', scales.y);
            this.dataDirty = true;
          }
          if (this.dataDirty || setChanged) {
            this.dataDirty = false;
            this.streamDirty = false;
            this.lastStreamDraw = now;
            const d = performance.now();
            const data = this.buildData();
            dataMs = costs.lap('data', d) - d;
            this.u.setData(data);
          } else if (this.themeDirty) {
            this.u.redraw(false, true);
          }
          if (this.showDirty || setChanged) {
            this.showDirty = false;
            this.applyVisibility();
          }
          if (this.focusDirty || setChanged) {
            this.focusDirty = false;
            this.applyFocus();
          }
          this.themeDirty = false;
        });
      } finally {
        this.inDraw--;
      }
      // uPlot commits (paths, axes, canvas) when the batch ends.
      costs.lap('commit', t + dataMs);
      this.hoverDirty = true;
    }
    if (this.legendDirty) {
      this.legendDirty = false;
      const t = performance.now();
      this.drawLegend();
      costs.lap('legend', t);
    }
    if (this.hoverDirty) {
      this.hoverDirty = false;
      const t = performance.now();
      this.drawHover();
      costs.lap('hover', t);
    }
  }

  /** Lines, points held and the cost of each part of `draw`, for the benchmark. */
  stats(): PlotStats {
    let points = 0;
    let fewest = Infinity;
    let most = 0;
    for (const s of this.store.series.values()) {
      points += s.length;
      fewest = Math.min(fewest, s.length);
      most = Math.max(most, s.length);
    }
    const pointsPerLine: [number, number] = [most === 0 ? 0 : fewest, most];
    return { lines: this.lines.length, points, pointsPerLine, costs: this.costs.stats() };
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.host.removeEventListener('wheel', this.onWheel);
    this.host.removeEventListener('mousedown', this.onPanStart, true);
    this.host.removeEventListener('keydown', this.onKey);
    this.host.removeEventListener('mouseleave', this.onLeave);
    this.legendEl.removeEventListener('click', this.onLegendClick);
    this.legendEl.removeEventListener('change', this.onLegendShow);
    this.resetBtn.removeEventListener('click', this.onReset);
    document.removeEventListener('mousemove', this.onPanMove);
    document.removeEventListener('mouseup', this.onPanEnd);
    this.u.destroy();
    this.legendEl.replaceChildren();
    this.lines = [];
  }

  // ---- series bookkeeping ----

  /** Brings uPlot's series in line with the store's: removals and appends one by one. */
  private syncLines(): void {
    const store = this.store;
    const wanted: { id: JobId; ordinal: number; kind: string }[] = [];
    for (const id of store.series.keys()) {
      const job = store.jobs.get(id);
      if (job) wanted.push({ id, ordinal: job.ordinal, kind: job.kind });
    }
    wanted.sort((a, b) => a.ordinal - b.ordinal);
    const keep = new Set(wanted.map((w) => w.id));
    // Remove from the end so indices stay valid (uPlot series i + 1 is lines[i]).
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i] as Line;
      if (!keep.has(line.id)) {
        this.u.delSeries(i + 1);
        line.legend?.remove();
        this.lines.splice(i, 1);
      }
    }
    const have = new Set(this.lines.map((l) => l.id));
    for (const w of wanted) {
      if (have.has(w.id)) continue;
      // New jobs have the highest ordinals, so this is an append except after a resync.
      let at = this.lines.length;
      while (at > 0 && (this.lines[at - 1] as Line).ordinal > w.ordinal) at--;
      const line: Line = { id: w.id, ordinal: w.ordinal, label: `${w.kind} ${shortId(w.id)}`, zx: null, zy: null, zLen: 0, zKey: '', tx: null, ty: null, hidden: false, legend: null };
      this.lines.splice(at, 0, line);
      this.u.addSeries(
        {
          label: line.label,
          stroke: () => jobColor(line.ordinal, this.theme),
          width: LINE_WIDTH,
          points: { show: false },
          facets: [
            { scale: 'x', auto: true, sorted: 1 },
            { scale: 'y', auto: true },
          ],
        } as uPlot.Series,
        at + 1,
      );
    }
    setHidden(this.emptyEl, this.lines.length > 0);
    this.legendDirty = true;
    this.dataDirty = true;
  }

  /** The arrays handed to uPlot: `[null, [x, y], …]`, one pair per line. */
  private buildData(): uPlot.AlignedData {
    const data: unknown[] = [null];
    const u = this.u;
    const sx = u.scales.x;
    const zoomed = !this.following && sx?.min != null && sx.max != null;
    const xMin = sx?.min ?? 0;
    const xMax = sx?.max ?? 0;
    const buckets = Math.max(64, Math.round(u.bbox.width / uPlot.pxRatio));
    // Canvas stroking is the plot's real cost (software rasterisers in WebKitGTK under
    // Xvfb): cap the points of all lines together, never below 128 per line.
    const perLine = Math.max(128, Math.floor(TOTAL_POINTS / Math.max(1, this.lines.length)) & ~1);
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i] as Line;
      const s = this.store.series.get(line.id);
      const facet = (u.series[i + 1] as uPlot.Series).facets?.[0];
      if (facet) facet.sorted = s?.sorted === false ? 0 : 1;
      if (!s || s.length === 0) {
        data.push([new Float64Array(0), new Float64Array(0)]);
        continue;
      }
      if (zoomed && s.sorted) {
        // One point beyond each edge, so lines run off the plot instead of stopping short.
        const i0 = Math.max(0, lowerBound(s.x, s.length, xMin) - 1);
        const i1 = Math.min(s.length, upperBound(s.x, s.length, xMax) + 1);
        if (i1 - i0 <= buckets * 2) {
          data.push([s.x.subarray(i0, i1), s.y.subarray(i0, i1)]);
          continue;
        }
        const key = `${s.version}:${i0}:${i1}:${buckets}`;
        if (line.zKey !== key || !line.zx || !line.zy) {
          if (!line.zx || line.zx.length < buckets * 2) {
            line.zx = new Float64Array(buckets * 2);
            line.zy = new Float64Array(buckets * 2);
          }
          line.zLen = minMaxDecimate(s.x, s.y, i0, i1, buckets, line.zx, line.zy as Float64Array);
          line.zKey = key;
        }
        data.push([line.zx.subarray(0, line.zLen), (line.zy as Float64Array).subarray(0, line.zLen)]);
        continue;
      }
      line.zKey = '';
      const lod = s.display();
      if (lod.x.length <= perLine) {
        data.push([lod.x, lod.y]);
        continue;
      }
      // Many lines at once: thin each further so the canvas strokes a bounded total.
      if (!line.tx || line.tx.length < perLine) {
        line.tx = new Float64Array(perLine);
        line.ty = new Float64Array(perLine);
      }
      const n = minMaxDecimate(lod.x, lod.y, 0, lod.x.length, perLine >> 1, line.tx, line.ty as Float64Array);
      data.push([line.tx.subarray(0, n), (line.ty as Float64Array).subarray(0, n)]);
    }
    return data as uPlot.AlignedData;
  }

  /** Shows and hides lines as ticked in the legend, keeping a zoomed view where it is. */
  private applyVisibility(): void {
    const keep = this.following ? null : this.currentScales();
    for (let i = 0; i < this.lines.length; i++) {
      const show = !(this.lines[i] as Line).hidden;
      if ((this.u.series[i + 1] as uPlot.Series).show !== show) this.u.setSeries(i + 1, { show }, false);
    }
    if (keep) {
      this.u.setScale('x', keep.x);
      this.u.setScale('y', keep.y);
    }
  }

  /** Highlights the selected job's line: the others fade, it gets thicker. */
  private applyFocus(): void {
    const sel = this.store.selected;
    const idx = this.lines.findIndex((l) => l.id === sel);
    this.u.setSeries(null, { focus: true }, false);
    const width = this.lines.length > THIN_LINES_PAST ? THIN_LINE_WIDTH : LINE_WIDTH;
    for (let i = 0; i < this.lines.length; i++) {
      const s = this.u.series[i + 1] as uPlot.Series;
      s.width = i === idx ? SELECTED_LINE_WIDTH : width;
    }
    if (idx >= 0) this.u.setSeries(idx + 1, { focus: true }, false);
    else this.u.redraw(false);
  }

  // ---- legend ----

  private drawLegend(): void {
    const sel = this.store.selected;
    const nodes: HTMLElement[] = [];
    let created = 0;
    for (const line of this.lines) {
      if (!line.legend) {
        // The rest next frame: a legend that fills in over a few frames beats one long frame.
        if (created === LEGEND_ENTRIES_PER_FRAME) {
          this.legendDirty = true;
          continue;
        }
        created++;
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        const btn = h(
          'button',
          { type: 'button', class: 'legend-item', 'data-legend-job': line.id, 'aria-pressed': 'false', title: line.label },
          swatch,
          h('span', { class: 'legend-label' }, line.label),
        );
        // A line far off the others' scale (π's x runs to 10⁸ samples, a walk's to 500)
        // would squash them: unticking it hides it and takes it out of the autoscale.
        const show = h('input', { type: 'checkbox', class: 'legend-show', 'data-show-job': line.id, 'aria-label': `Show ${line.label}` });
        show.checked = true;
        line.legend = h('li', { class: 'legend-entry' }, show, btn);
      }
      const show = line.legend.firstElementChild as HTMLInputElement;
      if (show.checked === line.hidden) show.checked = !line.hidden;
      const btn = line.legend.lastElementChild as HTMLElement;
      setStyle(btn.firstElementChild as HTMLElement, 'background-color', jobColor(line.ordinal, this.theme));
      setAttr(btn, 'aria-pressed', line.id === sel ? 'true' : 'false');
      nodes.push(line.legend);
    }
    // Re-append only when membership or order changed.
    const current = this.legendEl.children;
    let same = current.length === nodes.length;
    for (let i = 0; same && i < nodes.length; i++) same = current[i] === nodes[i];
    if (!same) this.legendEl.replaceChildren(...nodes);
    setText(this.legendCount, this.lines.length ? `${this.lines.length} ${this.lines.length === 1 ? 'line' : 'lines'}` : '');
  }

  // ---- hover read-out ----

  private drawHover(): void {
    const u = this.u;
    const hov = this.hover;
    let best: { line: Line; x: number; y: number; px: number; py: number } | null = null;
    if (hov && this.lines.length > 0) {
      let bestD = HOVER_RADIUS_PX;
      const data = u.data as unknown as (null | [ArrayLike<number>, ArrayLike<number>])[];
      const xAtCursor = u.posToVal(hov.left, 'x');
      for (let i = 0; i < this.lines.length; i++) {
        const pair = data[i + 1];
        if (!pair || (this.lines[i] as Line).hidden) continue;
        const [xs, ys] = pair;
        const n = xs.length;
        if (n === 0) continue;
        const sorted = (u.series[i + 1] as uPlot.Series).facets?.[0]?.sorted === 1;
        let from = 0;
        let to = n;
        if (sorted) {
          const j = lowerBound(xs, n, xAtCursor);
          from = Math.max(0, j - 4);
          to = Math.min(n, j + 4);
        }
        for (let k = from; k < to; k++) {
          const px = u.valToPos(xs[k] as number, 'x');
          const py = u.valToPos(ys[k] as number, 'y');
          const d = Math.hypot(px - hov.left, py - hov.top);
          if (d < bestD) {
            bestD = d;
            best = { line: this.lines[i] as Line, x: xs[k] as number, y: ys[k] as number, px, py };
          }
        }
      }
    }
    if (!best) {
      this.marker.hidden = true;
      setText(this.readout, '');
      return;
    }
    const color = jobColor(best.line.ordinal, this.theme);
    this.marker.hidden = false;
    setStyle(this.marker, 'transform', `translate(${best.px}px, ${best.py}px)`);
    setStyle(this.marker, 'border-color', color);
    setText(this.readout, `${best.line.label} · x ${formatValue(best.x)} · y ${formatValue(best.y)}`);
    setStyle(this.readout, 'border-left-color', color);
  }

  // ---- interaction ----

  private readonly onLeave = () => {
    this.hover = null;
    this.hoverDirty = true;
  };

  private readonly onReset = () => this.resetZoom();

  private readonly onLegendShow = (e: Event) => {
    const box = e.target as HTMLInputElement;
    const line = this.lines.find((l) => l.id === box.dataset.showJob);
    if (!line) return;
    line.hidden = !box.checked;
    this.showDirty = true;
  };

  private readonly onLegendClick = (e: MouseEvent) => {
    const btn = (e.target as Element).closest<HTMLElement>('[data-legend-job]');
    const id = btn?.dataset.legendJob;
    if (!id) return;
    this.store.select(this.store.selected === id ? null : id);
  };

  private currentScales(): { x: Range; y: Range } | null {
    const { x, y } = this.u.scales;
    if (x?.min == null || x.max == null || y?.min == null || y.max == null) return null;
    return this.pendingScales ?? { x: { min: x.min, max: x.max }, y: { min: y.min, max: y.max } };
  }

  /** Queues a user's change of the scales for the next frame. */
  private userScales(next: { x: Range; y: Range }): void {
    this.following = false;
    this.pendingScales = next;
    this.updateResetButton();
  }

  private readonly onWheel = (e: WheelEvent) => {
    const cur = this.currentScales();
    if (!cur || this.lines.length === 0) return;
    e.preventDefault();
    const rect = this.u.over.getBoundingClientRect();
    const ax = rect.width > 0 ? (e.clientX - rect.left) / rect.width : 0.5;
    const ay = rect.height > 0 ? 1 - (e.clientY - rect.top) / rect.height : 0.5;
    const factor = e.deltaY > 0 ? WHEEL_STEP : 1 / WHEEL_STEP;
    // Ctrl or Alt: zoom x only (a common habit from other plotting tools).
    const yToo = !(e.ctrlKey || e.altKey);
    this.userScales({ x: zoomRange(cur.x, factor, ax), y: yToo ? zoomRange(cur.y, factor, ay) : cur.y });
  };

  private readonly onPanStart = (e: MouseEvent) => {
    if (!(e.button === 1 || (e.button === 0 && e.shiftKey))) return;
    if (!this.u.over.contains(e.target as Node)) return;
    const cur = this.currentScales();
    if (!cur) return;
    e.preventDefault();
    e.stopPropagation();
    this.panStart = { x: e.clientX, y: e.clientY, sx: cur.x, sy: cur.y };
    document.addEventListener('mousemove', this.onPanMove);
    document.addEventListener('mouseup', this.onPanEnd);
  };

  private readonly onPanMove = (e: MouseEvent) => {
    const p = this.panStart;
    if (!p) return;
    const rect = this.u.over.getBoundingClientRect();
    this.userScales({
      x: panRange(p.sx, -(e.clientX - p.x), rect.width),
      y: panRange(p.sy, e.clientY - p.y, rect.height),
    });
  };

  private readonly onPanEnd = () => {
    this.panStart = null;
    document.removeEventListener('mousemove', this.onPanMove);
    document.removeEventListener('mouseup', this.onPanEnd);
  };

  private readonly onKey = (e: KeyboardEvent) => {
    const cur = this.currentScales();
    if (e.key === '0' || e.key === 'Home' || e.key === 'Escape') {
      if (!this.following) {
        this.resetZoom();
        e.preventDefault();
      }
      return;
    }
    if (!cur) return;
    const step = 0.1;
    let next: { x: Range; y: Range } | null = null;
    switch (e.key) {
      case 'ArrowLeft':
        next = { x: panRange(cur.x, -step * 100, 100), y: cur.y };
        break;
      case 'ArrowRight':
        next = { x: panRange(cur.x, step * 100, 100), y: cur.y };
        break;
      case 'ArrowUp':
        next = { x: cur.x, y: panRange(cur.y, step * 100, 100) };
        break;
      case 'ArrowDown':
        next = { x: cur.x, y: panRange(cur.y, -step * 100, 100) };
        break;
      case '+':
      case '=':
        next = { x: zoomRange(cur.x, 1 / WHEEL_STEP), y: zoomRange(cur.y, 1 / WHEEL_STEP) };
        break;
      case '-':
      case '_':
        next = { x: zoomRange(cur.x, WHEEL_STEP), y: zoomRange(cur.y, WHEEL_STEP) };
        break;
    }
    if (next) {
      e.preventDefault();
      this.userScales(next);
    }
  };

  private updateResetButton(): void {
    setAttr(this.resetBtn, 'aria-disabled', this.following ? 'true' : null);
    this.resetBtn.classList.toggle('idle', this.following);
  }

  // ---- layout and looks ----

  private measure(): { width: number; height: number } {
    const r = this.host.getBoundingClientRect();
    return { width: Math.max(120, Math.floor(r.width)), height: Math.max(100, Math.floor(r.height)) };
  }

  private readColors(): void {
    this.colors = {
      axis: cssVar('--plot-axis', this.theme === 'dark' ? '#9aa3b2' : '#5b6270'),
      grid: cssVar('--plot-grid', this.theme === 'dark' ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.08)'),
      text: cssVar('--fg-muted', this.theme === 'dark' ? '#b8c0cc' : '#4a5160'),
    };
  }

  private axisOpts(vertical: boolean): uPlot.Axis {
    return {
      stroke: () => this.colors.text,
      font: AXIS_FONT,
      grid: { stroke: () => this.colors.grid, width: 1 },
      ticks: { stroke: () => this.colors.axis, width: 1, size: 5 },
      border: { show: true, stroke: () => this.colors.axis, width: 1 },
      values: (_u, splits) => splits.map((v) => (v == null ? '' : formatTick(v))),
      size: vertical
        ? (_u, values) => {
            const longest = values ? values.reduce((m, v) => Math.max(m, v ? String(v).length : 0), 0) : 4;
            return Math.max(36, Math.ceil(longest * 7.2) + 16);
          }
        : 36,
      space: vertical ? 36 : 64,
    };
  }
}

function toTuple(r: Range): uPlot.Range.MinMax {
  return [r.min, r.max];
}
